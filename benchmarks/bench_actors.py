"""Words per second of actor extraction: text layer + NER + resolution, roles, quotes, sources.

Runs the whole chain on the Wikinews pages corpus with one worker (the
baseline) and with more workers, side by side in the same run. Workers split
the documents into chunks for the per-document stages (text layer and NER, the
bulk of the time); resolution needs the whole corpus at once (a surname is
resolved corpus-wide) and runs in the parent, followed by roles, quotes and
sources. The model is loaded before timing and inherited by forked workers, so
the figures compare the same warm work.

    .venv/bin/python benchmarks/bench_actors.py [--workers 1,2] [--limit N]
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # one core per worker, as the figures claim

import argparse
import multiprocessing
import time

import numpy as np
import pandas as pd

import corpus
from corpus import actors, config, ner, quotes, roles
from corpus.text import text_layer


def annotate(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The per-document stages of one chunk: ``(sentences, entities)``."""
    sentences, tokens = text_layer(documents)
    return sentences, ner.recognize_entities(tokens)


def chunks(documents: pd.DataFrame, count: int) -> list[pd.DataFrame]:
    """``count`` chunks of documents with about the same number of words each."""
    order = np.cumsum(documents["n_words"].to_numpy()) * count // max(int(documents["n_words"].sum()), 1)
    return [chunk for _, chunk in documents.groupby(np.minimum(order, count - 1), sort=True)]


def extract(documents: pd.DataFrame, workers: int) -> dict[str, float]:
    """Seconds spent per stage with ``workers`` processes for the per-document stages."""
    started = time.perf_counter()
    if workers == 1:
        parts = [annotate(documents)]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(annotate, chunks(documents, 4 * workers))
    sentences = pd.concat([part[0] for part in parts], ignore_index=True)
    entities = pd.concat([part[1] for part in parts], ignore_index=True)
    annotated = time.perf_counter()
    mentions = actors.mentions(entities, documents, sentences)
    quotes.quotes(documents, mentions, roles.roles(mentions, documents))
    quotes.sources(documents, mentions)
    actors.actors(mentions, documents)
    finished = time.perf_counter()
    return {
        "text layer + NER": annotated - started,
        "mentions, actors, roles, quotes, sources": finished - annotated,
        "full actor extraction": finished - started,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts; the first is the baseline")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    args = parser.parse_args(argv)
    documents = corpus.load(config.WIKINEWS_PAGES_DIR).documents
    if args.limit:
        documents = documents.head(args.limit)
    words = int(documents["n_words"].sum())
    loading = time.perf_counter()
    extract(documents.head(3), 1)  # loads the model, compiles the cue patterns, fills the caches
    loading = time.perf_counter() - loading
    counts = [int(count) for count in args.workers.split(",")]
    results = {count: extract(documents, count) for count in counts}
    print(f"actor extraction, {len(documents)} documents, {words:,} words")
    print(f"(NER model and lexicons loaded once in {loading:.1f} s, before timing)")
    header = "".join(f"{f'{count} worker' + ('s' if count > 1 else ''):>24}" for count in counts)
    print(f"{'stage':<42}{header}")
    for stage in results[counts[0]]:
        cells = []
        for count in counts:
            seconds = results[count][stage]
            speedup = results[counts[0]][stage] / seconds
            cells.append(f"{words / seconds:>10,.0f} w/s {seconds:5.1f} s x{speedup:.2f}")
        print(f"{stage:<42}" + "".join(f"{cell:>24}" for cell in cells))


if __name__ == "__main__":
    main()
