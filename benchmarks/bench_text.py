"""Speed and memory of corpus.text.text_layer, side by side with a plain NLTK baseline.

Corpus: the bodies of the Italian Wikinews pages in ../shared/data/wikinews-pages
(body = the paragraphs after the dateline, up to the line "Le più recenti da..."),
copied with their paragraphs rotated until it holds at least --words words, so
the copies are different documents with the same vocabulary.  Runs on one core.

    OMP_NUM_THREADS=1 python benchmarks/bench_text.py [--words 1000000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import pandas as pd
from nltk import FreqDist
from nltk.tokenize import WordPunctTokenizer
from nltk.tokenize.punkt import PunktSentenceTokenizer

from corpus.config import WIKINEWS_PAGES_DIR
from corpus.text import punkt_parameters, text_layer, tokenize

PAGES = WIKINEWS_PAGES_DIR


def article_body(page: str) -> list[str]:
    """Body paragraphs of one page: after the dateline, before the teasers."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    body = []
    for line in lines[2:]:
        if line.startswith("Le più recenti da"):
            break
        body.append(line)
    return body


def benchmark_documents(min_words: int) -> pd.DataFrame:
    bodies = [article_body(p.read_text(encoding="utf-8")) for p in sorted(PAGES.glob("*.txt"))]
    rows, words, copy = [], 0, 0
    while words < min_words:
        for number, paragraphs in enumerate(bodies):
            shift = copy % max(len(paragraphs), 1)
            text = "\n\n".join(paragraphs[shift:] + paragraphs[:shift])
            rows.append({"doc_id": f"{copy:03d}_{number:04d}", "text": text})
            words += len(text.split())
        copy += 1
    return pd.DataFrame(rows)


WALL: dict[str, float] = {}


def seconds(function, *args) -> tuple[float, object]:
    """CPU seconds of one call (wall-clock seconds go to WALL).

    Words per second are computed from CPU time: on a machine shared with other
    jobs, wall-clock time mostly measures the neighbours.
    """
    cpu, wall = time.process_time(), time.perf_counter()
    result = function(*args)
    WALL[function.__name__] = time.perf_counter() - wall
    return time.process_time() - cpu, result


def nltk_baseline(texts: list[str]) -> FreqDist:
    tokenizer = WordPunctTokenizer()
    counts = FreqDist()
    for text in texts:
        counts.update(tokenizer.tokenize(text))
    return counts


def nltk_punkt_sentence_starts(texts: list[str]) -> list[set[int]]:
    """Sentence start offsets from NLTK's own Punkt with the shipped parameters."""
    punkt = PunktSentenceTokenizer(punkt_parameters())
    found = []
    for text in texts:
        starts, offset = set(), 0
        for paragraph in text.split("\n\n"):
            starts.update(offset + start for start, _ in punkt.span_tokenize(paragraph))
            offset += len(paragraph) + 2
        found.append(starts)
    return found


def tokenize_each(texts: list[str]) -> int:
    return sum(len(tokenize(text)) for text in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    args = parser.parse_args()
    if not PAGES.is_dir():
        sys.exit(f"{PAGES} not found: nothing to benchmark")
    if os.environ.get("OMP_NUM_THREADS") != "1":
        print("note: run with OMP_NUM_THREADS=1 to keep to one core")

    documents = benchmark_documents(args.words)
    texts = documents["text"].tolist()
    n_words = sum(len(text.split()) for text in texts)
    n_chars = sum(map(len, texts))
    print(f"corpus: {len(documents):,} documents, {n_words:,} words, {n_chars / 1e6:.1f} M characters")

    warm_up, _ = seconds(text_layer, documents.iloc[:1])
    baseline_time, counts = seconds(nltk_baseline, texts)
    tokenize_time, _ = seconds(tokenize_each, texts)
    layer_time, (sentences, tokens) = seconds(text_layer, documents)
    punkt_time, punkt_starts = seconds(nltk_punkt_sentence_starts, texts)
    ours = sentences.groupby("doc_id", observed=True)["start"].agg(set).reindex(documents["doc_id"])
    agreeing = sum(
        (mine if isinstance(mine, set) else set()) == theirs
        for mine, theirs in zip(ours, punkt_starts, strict=True)
    )

    bytes_per_token = tokens.memory_usage(deep=True).sum() / len(tokens)
    print(f"first call (loads simplemma's Italian dictionary): {warm_up:.2f} s, not counted below")
    print()
    rows = [
        ("NLTK WordPunctTokenizer + FreqDist", nltk_baseline, baseline_time, counts.N()),
        ("NLTK PunktSentenceTokenizer (same params)", nltk_punkt_sentence_starts, punkt_time, None),
        ("corpus.text.tokenize, document by document", tokenize_each, tokenize_time, None),
        ("corpus.text.text_layer (full tables)", text_layer, layer_time, len(tokens)),
    ]
    print(f"{'':44}{'CPU s':>7}{'wall s':>8}{'words/s':>12}{'tokens':>12}")
    for label, function, cpu, n_tokens in rows:
        shown_tokens = "" if n_tokens is None else f"{n_tokens:,}"
        print(f"{label:44}{cpu:7.2f}{WALL[function.__name__]:8.2f}{n_words / cpu:12,.0f}{shown_tokens:>12}")
    print()
    print(f"sentences: {len(sentences):,}; documents whose sentence starts equal NLTK Punkt's: "
          f"{agreeing:,} of {len(documents):,}")
    print(f"tokens table: {tokens.memory_usage(deep=True).sum() / 1e6:.1f} MB, {bytes_per_token:.1f} bytes/token")
    print(f"distinct forms: {tokens['text'].cat.categories.size:,} surface, "
          f"{tokens['lemma'].cat.categories.size:,} lemmas")
    print(f"target: >= 500,000 words/s and <= 40 bytes/token -> "
          f"{'met' if n_words / layer_time >= 500_000 and bytes_per_token <= 40 else 'NOT met'}")


if __name__ == "__main__":
    main()
