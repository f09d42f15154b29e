"""Draw every report figure for a corpus of any size, without a Jupyter kernel.

A full report on 20,000 articles runs NER three times over (notebooks 03, 04 and 05);
this script computes each annotation layer once, keeps it as Parquet in ``OUT/layers``
(reused by later runs on the same corpus), then runs the notebooks' own code cells on
it, so every figure and table lands in ``OUT/figures`` and ``OUT/tables`` exactly as the
notebooks make them. It is how the figures are checked at 1, ~500 and 20,000 articles
(``benchmarks/synthetic.py`` makes the last).

    python benchmarks/report_figures.py SOURCE OUT_DIR
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pandas as pd

import corpus

LAYERS = ("sentences", "tokens", "dates", "entities", "mentions", "actors", "roles", "quotes", "sources")


def load_with_layers(source: Path, out: Path) -> corpus.Corpus:
    """The corpus with every layer the figures need, read from ``out/layers`` or computed and kept there."""
    c = corpus.load(source)
    folder = out / "layers"
    folder.mkdir(parents=True, exist_ok=True)
    for name in LAYERS:
        path = folder / f"{name}.parquet"
        if path.exists():
            c.__dict__[name] = pd.read_parquet(path)
            continue
        started = time.monotonic()
        getattr(c, name).to_parquet(path, index=False)
        print(f"{name}: {time.monotonic() - started:.0f} s", flush=True)
    return c


def run_notebooks(c: corpus.Corpus, out: Path) -> None:
    """Run the code cells of every notebook that draws figures, in this process, on ``c``.

    ``corpus.load`` is replaced by one returning ``c``, so the cells run
    exactly as written; figures and tables go to ``out`` as a report would.
    """
    import nbformat

    from corpus import report

    os.environ["CORPUS_REPORTS_DIR"] = str(out)
    corpus.load = lambda *args, **kwargs: c
    for path in report.notebooks():
        cells = nbformat.read(path, as_version=4).cells
        if any('engine="dask"' in cell.source for cell in cells):
            continue  # the Dask notebook writes tables only, and annotates the corpus again
        started = time.monotonic()
        namespace: dict = {}
        for cell in cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, f"{path.name}", "exec"), namespace)
        print(f"{path.stem}: {time.monotonic() - started:.0f} s", flush=True)


def main(argv: list[str]) -> int:
    source, out = Path(argv[0]), Path(argv[1])
    c = load_with_layers(source, out)
    run_notebooks(c, out)
    print(f"{len(c.documents)} documents: figures in {out / 'figures'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
