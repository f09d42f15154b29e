"""Tagger throughput on one core: the shipped tagger beside the lemmas it replaces, same run.

Usage: python benchmarks/bench_tagger.py [PAGES] [--repeat N]

Tokenises PAGES (default: the Wikinews pages in ../shared/data/wikinews-pages,
else seeds/) with the project's text layer, repeated N times (default 3) so
the timing is over enough words, and prints words per second for
- baseline 1: the old lemma column, simplemma once per distinct surface
  form, as ``corpus.text.text_layer`` computes it (no part of speech);
- baseline 2 (when ../shared/data/ud is there): NLTK's averaged perceptron
  tagger trained here on the same UD files as the shipped model (5
  iterations), tagging the same sentences, with its UPOS accuracy on ISDT dev;
- the tagger model alone (``nlp.pipe`` on pre-tokenised Docs, tags read back);
- ``tag_tokens``, the whole ``tags`` step: model, features, lemmas, the table.
Timed in CPU seconds of this process with BLAS limited to one thread, best of
two runs, so a busy machine distorts them less.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402

import corpus  # noqa: E402
from corpus import tagger, text  # noqa: E402
from corpus.config import SEEDS_DIR, UD_DIR, WIKINEWS_PAGES_DIR  # noqa: E402

DEV_FILE = "it_isdt-ud-dev.conllu"


def words_per_second(run, n_words: int, *, repeat: int = 2) -> float:
    """Best of ``repeat`` CPU timings of ``run()``, as words per second."""
    best = float("inf")
    for _ in range(repeat):
        began = time.process_time()
        run()
        best = min(best, time.process_time() - began)
    return n_words / best


def old_lemmas(tokens: pd.DataFrame) -> list[str]:
    """The lemma column before the tagger: simplemma once per distinct surface form."""
    forms = tokens["text"].astype(object)
    distinct = pd.unique(forms)
    lemmas = dict(zip(distinct, map(text._lemma, distinct)))
    return [lemmas[form] for form in forms]


def sentences_of(tokens: pd.DataFrame) -> list[list[str]]:
    """The tokens' forms, one list per sentence (as ``tag_tokens`` cuts them)."""
    words = tokens["text"].astype(object).tolist()
    bounds = [0, *tagger._sentence_starts(tokens).tolist(), len(words)]
    return [words[first:last] for first, last in zip(bounds[:-1], bounds[1:])]


def model_only(sentences: list[list[str]]) -> None:
    """The spaCy model over pre-cut sentences, tags read back as arrays."""
    for doc in tagger._tagged_docs(tagger.load_model(), sentences, 1000):
        doc.to_array(["POS", "MORPH"])


def nltk_perceptron():
    """NLTK's averaged perceptron trained on the tagger's training files, and its UPOS accuracy on ISDT dev."""
    from nltk.tag.perceptron import PerceptronTagger

    def tagged(path):
        return [[(word.form, word.upos) for word in sentence] for sentence in tagger.read_conllu(path)]

    training = [sentence for path in sorted(UD_DIR.glob("*.conllu")) if path.name != DEV_FILE for sentence in tagged(path)]
    perceptron = PerceptronTagger(load=False)
    perceptron.train(training, nr_iter=5)
    gold = tagged(UD_DIR / DEV_FILE)
    predicted = perceptron.tag_sents([[form for form, _ in sentence] for sentence in gold])
    pairs = [(g, p) for gs, ps in zip(gold, predicted) for (_, g), (_, p) in zip(gs, ps)]
    return perceptron, sum(g == p for g, p in pairs) / len(pairs)


def directory_megabytes(path: Path) -> float:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="?", type=Path,
                        default=WIKINEWS_PAGES_DIR if WIKINEWS_PAGES_DIR.is_dir() else SEEDS_DIR)
    parser.add_argument("--repeat", type=int, default=3, help="tokenise the pages this many times over")
    args = parser.parse_args()
    documents = corpus.load(args.pages, cache=False, progress=False).documents
    documents = pd.concat(
        [documents.assign(doc_id=documents["doc_id"] + f"#{copy}") for copy in range(args.repeat)], ignore_index=True
    )
    _, tokens = text.text_layer(documents)
    n_words = len(tokens)
    print(f"{args.pages.name}: {len(documents)} documents ({args.repeat} copies), {n_words} tokens")
    sentences = sentences_of(tokens)
    tagger.tag_tokens(tokens.head(2000))  # load the model and the lemma table outside the timing
    rows = [("baseline 1: simplemma lemmas per distinct form", words_per_second(lambda: old_lemmas(tokens), n_words))]
    if (UD_DIR / DEV_FILE).is_file():
        perceptron, accuracy = nltk_perceptron()
        print(f"NLTK perceptron trained on the same UD files: UPOS {accuracy:.4f} on ISDT dev")
        rows.append(("baseline 2: NLTK perceptron tagger (UPOS only)",
                     words_per_second(lambda: perceptron.tag_sents(sentences), n_words, repeat=1)))
    rows += [
        ("tagger model alone (nlp.pipe)", words_per_second(lambda: model_only(sentences), n_words)),
        ("tag_tokens (model + features + lemmas + table)", words_per_second(lambda: tagger.tag_tokens(tokens), n_words)),
    ]
    for label, speed in rows:
        print(f"{label:<52}{speed:>10,.0f} words/s (1 core, CPU time)")
    print(f"{'shipped model size':<52}{directory_megabytes(tagger.MODEL_DIR):>10.1f} MB")


if __name__ == "__main__":
    main()
