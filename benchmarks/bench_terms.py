"""Counting speed of corpus.terms.term_frequencies against pandas and NLTK.

Builds a tokens table of at least 1,000,000 tokens from the Italian Wikinews
pages (their bodies through corpus.text.text_layer, repeated under new doc ids
until large enough), then times, on one core and in the same run:

- term_frequencies(tokens, by="lemma") (unigrams of content words: stop words,
  noise and auxiliary lemmas dropped; counts, document frequencies, rates and ranks);
- pandas value_counts on the same filtered lemma column (counts only);
- nltk.FreqDist on the same filtered lemmas as a Python list (counts only);

and, for scale, bigrams, noun phrases, keyness against the rest and tf-idf.

Run: OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_terms.py [pages folder]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from nltk import FreqDist

import corpus
from corpus import terms
from corpus.text import text_layer

PAGES = corpus.config.WIKINEWS_PAGES_DIR
TARGET_TOKENS = 1_000_000
REPEATS = 5


def best_of(function, repeats: int = REPEATS) -> float:
    """Fastest wall time of ``repeats`` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def enlarged(tokens: pd.DataFrame, copies: int) -> pd.DataFrame:
    """``copies`` repetitions of ``tokens``, each under its own doc ids."""
    doc_codes, doc_ids = pd.factorize(tokens["doc_id"])
    n_docs = len(doc_ids)
    repeated = pd.concat([tokens] * copies, ignore_index=True)
    codes = np.concatenate([doc_codes + copy * n_docs for copy in range(copies)])
    categories = [f"{copy}/{doc_id}" for copy in range(copies) for doc_id in doc_ids]
    repeated["doc_id"] = pd.array(np.asarray(categories, dtype=object)[codes], dtype="string")
    return repeated


def main(pages: Path) -> None:
    started = time.perf_counter()
    documents = corpus.load(pages, cache=False).documents
    _, tokens = text_layer(documents)
    layer_seconds = time.perf_counter() - started
    copies = -(-TARGET_TOKENS // len(tokens))
    tokens = enlarged(tokens, copies)
    n = len(tokens)
    print(f"{len(documents)} pages -> text layer in {layer_seconds:.1f} s; x{copies} = {n:,} tokens")

    words = terms.counted_mask(tokens)
    lemma_column = tokens["lemma"][words]
    lemma_list = lemma_column.astype(str).tolist()

    ours = terms.term_frequencies(tokens, by="lemma")
    counts = lemma_column.value_counts()
    expected = {str(term): int(count) for term, count in counts[counts > 0].items()}
    assert dict(zip(ours["term"], ours["count"])) == expected, "term_frequencies and value_counts disagree"

    rows = [
        ("term_frequencies(by='lemma')", best_of(lambda: terms.term_frequencies(tokens, by="lemma"))),
        ("pandas value_counts (filtered lemma)", best_of(lambda: tokens["lemma"][words].value_counts())),
        ("nltk FreqDist (list of lemmas)", best_of(lambda: FreqDist(lemma_list), repeats=2)),
        ("term_frequencies(n=2, by='lower')", best_of(lambda: terms.term_frequencies(tokens, n=2), repeats=2)),
        ("term_frequencies(by='phrase')", best_of(lambda: terms.term_frequencies(tokens, by="phrase"), repeats=2)),
        (
            "keyness(target=first 100 docs)",
            best_of(lambda: terms.keyness(tokens, target=tokens["doc_id"].unique()[:100].tolist()), repeats=2),
        ),
        ("tfidf(by='lemma')", best_of(lambda: terms.tfidf(tokens), repeats=2)),
    ]
    print(f"{'operation':40s} {'seconds':>9s} {'tokens/s':>14s}")
    for name, seconds in rows:
        print(f"{name:40s} {seconds:9.3f} {n / seconds:14,.0f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PAGES)
