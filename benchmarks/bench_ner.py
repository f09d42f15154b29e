"""NER throughput: the shipped model against spaCy's default efficiency NER, same run.

Usage: python benchmarks/bench_ner.py [GOLD.tsv] [--sentences N] [--model DIR]

Tags the sentences of GOLD.tsv (default: KIND's WN_dev.tsv, else the tiny
test file) and prints words per second for
- the baseline: spaCy's default ``--optimize efficiency`` NER architecture
  (hash rows [5000, 1000, 2500, 2500]), initialised, untrained: its speed is
  the architecture's, whatever its weights;
- the shipped model alone (``nlp.pipe`` on pre-tokenised Docs), and a
  candidate pipeline (``--model DIR``) the same way, to compare them in one run;
- ``tag_sentences`` (model + gazetteer), the path ``recognize_entities`` takes;
- the shipped model with two processes (``nlp.pipe(n_process=2)``), by
  wall-clock time (it includes starting the workers and loading the model).
The one-core lines are timed in CPU seconds of this process (BLAS limited to
one thread), so a busy machine distorts them less.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.training import Example  # noqa: E402

from corpus.config import KIND_DIR, PROJ_ROOT  # noqa: E402
from corpus.ner import MODEL_DIR, load_model, load_pipeline, read_conll, tag_sentences  # noqa: E402

def baseline_pipeline(sentences: list[list[str]]):
    """spaCy's default efficiency NER, initialised on a few sentences (labels only)."""
    from spacy.cli.init_config import init_config

    config = init_config(lang="it", pipeline=["ner"], optimize="efficiency")
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    examples = []
    for words in sentences[:50]:
        doc = Doc(nlp.vocab, words=words)
        entities = ["O"] * len(words)
        entities[0] = "U-PER"
        examples.append(Example.from_dict(doc, {"entities": entities}))
    nlp.initialize(lambda: examples)
    return nlp


def words_per_second(run, n_words: int, *, clock=time.process_time, repeat: int = 2) -> float:
    """Best of ``repeat`` timings of ``run()``, as words per second.

    One-core figures use this process's CPU time, so that other jobs on a
    shared machine slow them less than wall-clock time would.
    """
    best = float("inf")
    for _ in range(repeat):
        began = clock()
        run()
        best = min(best, clock() - began)
    return n_words / best


def pipe(nlp, sentences, **options):
    """Run ``nlp`` over pre-tokenised sentences, consuming the results."""
    for _ in nlp.pipe((Doc(nlp.vocab, words=words) for words in sentences), batch_size=256, **options):
        pass


def directory_megabytes(path: Path) -> float:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = KIND_DIR / "WN_dev.tsv"
    if not default.is_file():
        default = PROJ_ROOT / "tests" / "data" / "ner_small.tsv"
    parser.add_argument("gold", nargs="?", type=Path, default=default)
    parser.add_argument("--sentences", type=int, default=0, help="use only the first N sentences")
    parser.add_argument("--model", type=Path, default=None, help="a candidate pipeline to time beside the shipped one")
    args = parser.parse_args()
    sentences = [[token for token, _ in sentence] for sentence in read_conll(args.gold)]
    if args.sentences:
        sentences = sentences[: args.sentences]
    n_words = sum(map(len, sentences))
    print(f"{args.gold.name}: {len(sentences)} sentences, {n_words} words")

    shipped = load_model()
    baseline = baseline_pipeline(sentences)
    pipe(shipped, sentences[:200])
    rows = [
        ("baseline: default efficiency NER, 1 core", words_per_second(lambda: pipe(baseline, sentences), n_words)),
        ("shipped model, nlp.pipe, 1 core", words_per_second(lambda: pipe(shipped, sentences), n_words)),
        ("tag_sentences (model + gazetteer), 1 core", words_per_second(lambda: tag_sentences(sentences), n_words)),
        (
            "shipped model, nlp.pipe(n_process=2), wall clock",
            words_per_second(
                lambda: pipe(shipped, sentences, n_process=2), n_words, clock=time.perf_counter, repeat=1
            ),
        ),
    ]
    if args.model:
        candidate = load_pipeline(args.model)
        pipe(candidate, sentences[:200])
        speed = words_per_second(lambda: pipe(candidate, sentences), n_words)
        rows.append((f"candidate {args.model.name}, nlp.pipe, 1 core", speed))
    for label, speed in rows:
        print(f"{label:<52}{speed:>10,.0f} words/s")
    print(f"{'shipped model size':<52}{directory_megabytes(MODEL_DIR):>10.1f} MB")
    if args.model:
        print(f"{'candidate model size':<52}{directory_megabytes(args.model):>10.1f} MB")


if __name__ == "__main__":
    main()
