"""Regenerate ``reports/``: execute every notebook headless, in order, and render each to HTML.

Notebooks write their own figures and tables through :func:`save_figure` and
:func:`save_table`; this module runs them with ``CORPUS_SOURCE`` and
``CORPUS_REPORTS_DIR`` set, so the same notebook serves the seed, a user's
corpus and the test suite.
"""

from __future__ import annotations

import html
import os
from contextlib import contextmanager
from pathlib import Path

from corpus import config, io

KERNEL_TIMEOUT_SECONDS = 3600


def save_figure(figure, name: str) -> list[Path]:
    """Write ``figure`` to ``reports/figures/NAME.png`` and ``.svg`` (the report's one way out)."""
    return io.write_figure(figure, name, reports_dir=config.reports_dir())


def save_table(frame, name: str) -> Path:
    """Write ``frame`` to ``reports/tables/NAME.csv``."""
    return io.write_table(frame, name, reports_dir=config.reports_dir())


def notebooks(folder: Path | None = None) -> list[Path]:
    """The report's notebooks, in the order their numeric prefixes give."""
    return sorted((folder or config.NOTEBOOKS_DIR).glob("[0-9][0-9]_*.ipynb"))


@contextmanager
def _environment(**values: str):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_report(
    *, source: Path | None = None, reports_dir: Path | None = None, notebook_dir: Path | None = None
) -> list[Path]:
    """Execute every notebook and write figures, tables, HTML pages and ``index.html``.

    Returns the HTML pages written. A notebook that fails raises
    ``nbclient.exceptions.CellExecutionError`` naming the cell, and the report
    stops there rather than publishing a partial set.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    source = Path(source or config.corpus_source()).resolve()
    reports_dir = Path(reports_dir or config.reports_dir()).resolve()
    html_dir = reports_dir / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    pages = []
    # A fixed hash seed in the kernels: ties broken by set or dict order draw the same way every run.
    with _environment(
        CORPUS_SOURCE=str(source), CORPUS_REPORTS_DIR=str(reports_dir), MPLBACKEND="Agg", PYTHONHASHSEED="0"
    ):
        for path in notebooks(notebook_dir):
            notebook = nbformat.read(path, as_version=4)
            client = NotebookClient(
                notebook, timeout=KERNEL_TIMEOUT_SECONDS, kernel_name="python3",
                resources={"metadata": {"path": str(path.parent)}}, record_timing=False,
            )
            client.execute()
            body, _ = exporter.from_notebook_node(notebook)
            page = html_dir / f"{path.stem}.html"
            page.write_text(body, encoding="utf-8")
            pages.append(page)
    _write_index(reports_dir, pages, source)
    return pages


def _write_index(reports_dir: Path, pages: list[Path], source: Path) -> Path:
    figures = sorted((reports_dir / "figures").glob("*.png"))
    tables = sorted((reports_dir / "tables").glob("*.csv"))
    items = "\n".join(f'<li><a href="html/{p.name}">{html.escape(p.stem)}</a></li>' for p in pages)
    figure_items = "\n".join(f'<li><a href="figures/{p.name}">{html.escape(p.stem)}</a></li>' for p in figures)
    table_items = "\n".join(f'<li><a href="tables/{p.name}">{html.escape(p.stem)}</a></li>' for p in tables)
    index = reports_dir / "index.html"
    index.write_text(
        "<!doctype html>\n<html><head><meta charset='utf-8'><title>corpus reports</title></head><body>\n"
        f"<h1>corpus reports</h1>\n<p>Corpus: <code>{html.escape(source.name)}</code></p>\n"
        f"<h2>Notebooks</h2>\n<ul>\n{items}\n</ul>\n<h2>Figures</h2>\n<ul>\n{figure_items}\n</ul>\n"
        f"<h2>Tables</h2>\n<ul>\n{table_items}\n</ul>\n</body></html>\n",
        encoding="utf-8",
    )
    return index
