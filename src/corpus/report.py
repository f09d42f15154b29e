"""A corpus's reports: execute every notebook headless, in order, render each to HTML, write the index.

Notebooks write their own figures and tables through :func:`save_figure` and
:func:`save_table`; this module runs them with ``CORPUS_SOURCE`` and
``CORPUS_REPORTS_DIR`` set, so the same notebook serves the seed, a user's
corpus and the test suite. :func:`save_figure` returns a :class:`SavedFigure`,
which a notebook displays as the PNG file it just wrote: JupyterLab, nbconvert
and the HTML pages all show the exported file itself.

An executed notebook is kept in the cache folder (``pages/``) with the
figures and tables it wrote, keyed by :func:`page_key`: the notebook, every
file of the package (code, resources, models), the libraries that draw and
render, the ``CORPUS_*`` settings and the corpus's documents. A report whose
notebook, code and corpus are unchanged reuses the page instead of executing
it again (the same bytes: the notebooks are deterministic); any change to any
of them executes it. ``corpus cache clear`` frees them.
"""

from __future__ import annotations

import csv
import hashlib
import html
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from corpus import config, io

KERNEL_TIMEOUT_SECONDS = 3600
# A busy machine can take more than nbclient's default minute to start a kernel.
KERNEL_STARTUP_SECONDS = 300
# Heat maps and trend lines stay readable up to this many periods (columns or points).
TREND_MAX_PERIODS = 24
# Where a figure's name and caption travel in a notebook's display output (read back by the index).
FIGURE_METADATA = "corpus_figure"


@dataclass(frozen=True)
class SavedFigure:
    """A figure as :func:`save_figure` wrote it; displayed, it is the exported PNG itself."""

    name: str
    paths: tuple[Path, ...]
    caption: str = ""

    @property
    def png(self) -> Path:
        return self.paths[0]

    def _repr_png_(self) -> tuple[bytes, dict]:
        return self.png.read_bytes(), {FIGURE_METADATA: {"name": self.name, "caption": self.caption}}

    def __repr__(self) -> str:
        return f"<figure {self.name}: {', '.join(path.name for path in self.paths)}>"


def save_figure(figure, name: str, *, caption: str = "") -> SavedFigure:
    """Write ``figure`` to ``figures/NAME.png`` and ``.svg`` in the reports folder (the report's one way out).

    ``caption`` says in one line what the figure shows and how to read it; the
    index prints it under the thumbnail. The result displays as the PNG written.
    """
    return SavedFigure(name, tuple(io.write_figure(figure, name, reports_dir=config.reports_dir())), caption)


def save_table(frame, name: str) -> Path:
    """Write ``frame`` to ``tables/NAME.csv`` in the reports folder."""
    return io.write_table(frame, name, reports_dir=config.reports_dir())


def notebooks(folder: Path | None = None) -> list[Path]:
    """The report's notebooks, in the order their numeric prefixes give."""
    return sorted((folder or config.NOTEBOOKS_DIR).glob("[0-9][0-9]_*.ipynb"))


def parameters(c) -> dict[str, str]:
    """The settings the notebooks derive from the corpus, in one place: the notebooks read them from here
    and the index records them. Takes a ``Corpus``, a ``DaskCorpus`` or a documents table."""
    from corpus import timeline

    return {
        "freq": timeline.suggest_freq(c),
        "trend_freq": timeline.suggest_freq(c, max_periods=TREND_MAX_PERIODS),
    }


PARAMETER_LABELS = {
    "freq": "period of the publication timelines",
    "trend_freq": f"period of heat maps and trends (finest with at most {TREND_MAX_PERIODS})",
}


def corpus_fingerprint(documents) -> str:
    """A digest of the input files' contents (their SHA-1s, sorted): the same files give the same fingerprint."""
    digest = hashlib.sha256("\n".join(sorted(documents["sha1"].dropna().astype(str))).encode())
    return digest.hexdigest()[:16]


def model_versions() -> dict[str, str]:
    """Name and version of every model shipped in the package, from each model folder's ``meta.json``."""
    versions = {}
    for meta in sorted(config.MODELS_DIR.glob("*/meta.json")):
        facts = io.read_json(meta)
        versions[facts.get("name", meta.parent.name)] = str(facts.get("version", "unknown"))
    return versions


def provenance(c, *, source: Path) -> dict[str, dict[str, str]]:
    """What a report was made from: the corpus, the software and models, the parameters.

    One dict of sections, each a dict of label -> text, rendered as they come
    by the index: a new field is one more entry here.
    """
    from importlib.metadata import version

    from corpus import __version__

    documents = c.documents
    software = {
        "corpus package": __version__,
        **{f"model {name}": value for name, value in model_versions().items()},
        "Python": platform.python_version(),
        **{package: version(package) for package in ("pandas", "matplotlib", "spacy")},
    }
    return {
        "corpus": {
            "name": source.stem if source.is_file() else source.name,
            "source": _display_path(source),
            "input files": str(len(documents)),
            "fingerprint": corpus_fingerprint(documents),
        },
        "software": software,
        "parameters": {PARAMETER_LABELS.get(key, key): value for key, value in parameters(c).items()},
    }


def _display_path(path: Path) -> str:
    """The source relative to the project when it lives in or beside it (so the seed's reports read the
    same on every machine), else its absolute path."""
    try:
        relative = os.path.relpath(path, config.PROJ_ROOT)
    except ValueError:
        return str(path)
    return relative if not relative.startswith(os.path.join("..", "..")) else str(path)


@dataclass(frozen=True)
class Page:
    """One notebook of a report: its HTML page, the executed notebook (with outputs) and how long it ran."""

    html: Path
    notebook: object
    seconds: float

    @property
    def stem(self) -> str:
        return self.html.stem


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


# Libraries whose version can change what an executed page shows.
PAGE_LIBRARIES = ("pandas", "numpy", "matplotlib", "spacy", "dask", "distributed", "nbclient", "nbconvert", "ipykernel")
# Settings that say where outputs go, not what they are.
_OUTPUT_SETTINGS = frozenset({"CORPUS_REPORTS_DIR", "CORPUS_CACHE_DIR"})
PAGES = "pages"
PAGE_META = "page.json"


def page_key(notebook_path: Path, documents) -> str:
    """What an executed notebook depends on, as one digest (see the module docstring).

    ``documents`` is the corpus's documents table: its every value counts, so
    a new, changed or differently parsed article, new sidecar metadata or
    another ``outlet=`` gives another key.
    """
    import pandas as pd
    from importlib.metadata import version

    settings = sorted((key, value) for key, value in os.environ.items() if key.startswith("CORPUS_") and key not in _OUTPUT_SETTINGS)
    corpus_digest = hashlib.sha256(pd.util.hash_pandas_object(documents.astype(str), index=False).to_numpy().tobytes())
    salt = repr((platform.python_version(), [(name, version(name)) for name in PAGE_LIBRARIES], settings, corpus_digest.hexdigest()))
    return io.fingerprint(notebook_path, salt=salt + package_fingerprint())


def _outputs(reports_dir: Path) -> dict[Path, tuple[int, int]]:
    return {
        path: (stat.st_size, stat.st_mtime_ns)
        for folder in ("figures", "tables") for path in (reports_dir / folder).glob("*") if (stat := path.stat())
    }  # fmt: skip


def package_fingerprint() -> str:
    """The digest of every file of the package (code, resources, models): part of every page key."""
    return io.fingerprint(config.PACKAGE_DIR)


def _keep_page(store: Path, notebook, notebook_name: str, reports_dir: Path, written: list[Path]) -> None:
    """Keep an executed notebook and the files it wrote in ``store`` (a folder named by its :func:`page_key`)."""
    import nbformat

    partial = store.with_name(store.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    for path in written:
        target = partial / path.relative_to(reports_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    partial.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, partial / "notebook.ipynb")
    io.write_json(partial / PAGE_META, {"notebook": notebook_name, "package": package_fingerprint()})
    shutil.rmtree(store, ignore_errors=True)
    partial.rename(store)


def _reuse_page(store: Path, reports_dir: Path):
    """The executed notebook kept in ``store``, its figures and tables copied back into ``reports_dir``."""
    import nbformat

    for path in sorted(store.rglob("*")):
        if path.is_file() and path.name not in ("notebook.ipynb", PAGE_META):
            target = reports_dir / path.relative_to(store)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return nbformat.read(store / "notebook.ipynb", as_version=4)


def generation_time() -> datetime:
    """Now, or ``$SOURCE_DATE_EPOCH`` when set (as ``make report`` does, so its output is byte-identical)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)


def _kernel_config(folder: Path):
    """Kernels on IPC sockets in ``folder`` (POSIX): no TCP port is opened, so the kernel has no
    reason to warn about unencrypted TCP. The path is absolute: the kernel runs in the notebook's folder."""
    from traitlets.config import Config

    config = Config()
    if os.name != "nt":
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(folder / "kernel")
    return config


def run_report(
    *,
    source: Path | None = None,
    reports_dir: Path | None = None,
    notebook_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    generated: datetime | None = None,
    reuse: bool = True,
) -> list[Page]:
    """Execute every notebook and write figures, tables, HTML pages and ``index.html``.

    The reports go to ``reports_dir``, else :func:`corpus.config.reports_dir`
    of the source (``reports/`` for the seed only). ``progress`` receives one
    line per notebook, with the time it took ("reused" when its notebook, the
    package and the corpus are those of a page kept in the cache; ``reuse=False``
    executes every notebook regardless). Returns the pages written.
    A notebook that fails raises ``nbclient.exceptions.CellExecutionError``
    naming the cell, and the report stops there rather than publishing a partial set.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    source = Path(source or config.corpus_source()).resolve()
    with _environment(CORPUS_SOURCE=str(source)):
        reports_dir = Path(reports_dir or config.reports_dir()).resolve()
    html_dir = reports_dir / "html"
    from corpus import load

    c = load(source)
    pages_cache = config.cache_dir() / PAGES
    _clear_outputs(reports_dir)
    html_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    pages = []
    # A fixed hash seed in the kernels: ties broken by set or dict order draw the same way every run.
    with _environment(
        CORPUS_SOURCE=str(source), CORPUS_REPORTS_DIR=str(reports_dir), MPLBACKEND="Agg", PYTHONHASHSEED="0"
    ):
        for path in notebooks(notebook_dir):
            started = time.monotonic()
            store = pages_cache / page_key(path, c.documents)[:24]
            reused = reuse and (store / "notebook.ipynb").exists()
            if reused:
                notebook = _reuse_page(store, reports_dir)
            else:
                before = _outputs(reports_dir)
                notebook = nbformat.read(path, as_version=4)
                with tempfile.TemporaryDirectory(prefix="corpus-kernel-") as sockets:
                    client = NotebookClient(
                        notebook, kernel_name="python3", config=_kernel_config(Path(sockets)),
                        timeout=KERNEL_TIMEOUT_SECONDS, startup_timeout=KERNEL_STARTUP_SECONDS,
                        resources={"metadata": {"path": str(path.parent)}}, record_timing=False,
                    )  # fmt: skip
                    client.execute()
                written = sorted(path for path, stamp in _outputs(reports_dir).items() if before.get(path) != stamp)
                _keep_page(store, notebook, path.stem, reports_dir, written)
            body = _with_alt_text(exporter.from_notebook_node(notebook)[0], figures_shown(notebook))
            page = Page(html_dir / f"{path.stem}.html", notebook, time.monotonic() - started)
            page.html.write_text(body, encoding="utf-8")
            pages.append(page)
            if progress:
                progress(f"{path.stem:<16} {page.seconds:7.1f} s" + (" (reused)" if reused else ""))
    index = write_index(
        reports_dir, c, pages=pages, provenance=provenance(c, source=source), generated=generated or generation_time()
    )
    if progress:
        progress(f"index            {index}")
    return pages


_NO_ALT = 'alt="No description has been provided for this image"'


def _with_alt_text(page: str, figures: list[dict[str, str]]) -> str:
    """Each figure's caption as its image's alternative text, in place of nbconvert's placeholder."""
    for figure in figures:
        page = page.replace(_NO_ALT, f'alt="{html.escape(figure["caption"] or figure["name"])}"', 1)
    return page


# What a report writes, and so removes before writing again: a figure or table a notebook no longer
# makes must not linger in the folder and the index.
OUTPUTS = {"figures": ("*.png", "*.svg"), "tables": ("*.csv",), "html": ("*.html",)}


def _clear_outputs(reports_dir: Path) -> None:
    for folder, patterns in OUTPUTS.items():
        for pattern in patterns:
            for path in (reports_dir / folder).glob(pattern):
                path.unlink()


def figures_shown(notebook) -> list[dict[str, str]]:
    """The figures an executed notebook displayed through :func:`save_figure`: name and caption, in order."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            figure = output.get("metadata", {}).get("image/png", {}).get(FIGURE_METADATA)
            if figure:
                found.append(dict(figure))
    return found


def _notebook_title(notebook) -> tuple[str, str]:
    """The first heading of a notebook and the paragraph after it."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.strip().splitlines()
            title = lines[0].lstrip("# ").strip()
            text = " ".join(line.strip() for line in lines[1:]).split(". ")[0].replace("`", "").strip()
            return title, text.rstrip(".") + "." if text else ""
    return "", ""


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:72rem;padding:1.5rem;color:#222;line-height:1.45}
h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.facts{display:flex;flex-wrap:wrap;gap:.6rem 2rem;margin:1rem 0;padding:0;list-style:none}
.facts li{display:flex;flex-direction:column}.facts b{font-size:1.4rem}.facts span{color:#666;font-size:.85rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1.2rem}
figure{margin:0;border:1px solid #e3e3e3;border-radius:6px;padding:.6rem;background:#fff}
figure img{width:100%;height:11rem;object-fit:contain;display:block}
figcaption{font-size:.85rem;margin-top:.4rem}figcaption b{display:block;font-size:.9rem}
table{border-collapse:collapse;font-size:.85rem}td,th{padding:.15rem .8rem .15rem 0;text-align:left;vertical-align:top}
th{color:#555;font-weight:normal}code{font-size:.85rem}.muted{color:#666;font-size:.85rem}
"""


def write_index(reports_dir: Path, c, *, pages: list[Page], provenance: dict, generated: datetime) -> Path:
    """``index.html``: where a reader starts. The corpus in figures, every figure as a captioned thumbnail
    with a link to its notebook page, the tables, and what the report was made from."""
    import pandas as pd

    from corpus import overview

    facts = overview.summary(c.documents)
    name = html.escape(provenance["corpus"]["name"])
    first, last = facts["first published"], facts["last published"]
    if pd.isna(first):
        span = "no dated article"
    else:
        span = f"{first:%-d %b %Y}" if first.date() == last.date() else f"{first:%-d %b %Y} – {last:%-d %b %Y}"
    fact_items = [
        (f"{facts['documents']:,}", "documents"), (f"{facts['outlets']:,}", "outlets"),
        (f"{facts['authors']:,}", "authors"), (span, "published"), (f"{facts['body words']:,}", "body words"),
    ]  # fmt: skip
    parts = [
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>Report: {name}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Corpus report: <code>{name}</code></h1>",
        f"<p class='muted'>Generated {generated:%Y-%m-%d %H:%M} UTC by <code>corpus report</code>.</p>",
        "<ul class='facts'>" + "".join(f"<li><b>{html.escape(v)}</b><span>{k}</span></li>" for v, k in fact_items) + "</ul>",
    ]
    if facts["undated documents"] or facts["documents with problems"]:
        parts.append(
            f"<p class='muted'>{facts['undated documents']} undated documents, {facts['documents with problems']} "
            "with a problem recorded (see the overview).</p>"
        )
    parts.append("<h2>Notebooks</h2><ul>")
    for page in pages:
        title, text = _notebook_title(page.notebook)
        parts.append(f"<li><a href='html/{page.html.name}'>{html.escape(title or page.stem)}</a> {html.escape(text)}</li>")
    parts.append("</ul>")
    for page in pages:
        shown = figures_shown(page.notebook)
        if not shown:
            continue
        title, _ = _notebook_title(page.notebook)
        parts.append(f"<h2>Figures of <a href='html/{page.html.name}'>{html.escape(title or page.stem)}</a></h2><div class='grid'>")
        for figure in shown:
            png = f"figures/{figure['name']}.png"
            caption = html.escape(figure.get("caption", ""))
            parts.append(
                f"<figure><a href='{png}'><img src='{png}' alt='{caption}'></a><figcaption><b>{html.escape(figure['name'])}</b>"
                f"{caption} <a href='figures/{figure['name']}.svg'>SVG</a></figcaption></figure>"
            )
        parts.append("</div>")
    parts.append("<h2>Tables</h2><p class='muted'>CSV, one row per record, UTF-8.</p><table><tr><th>table</th><th>rows</th></tr>")
    for table in sorted((reports_dir / "tables").glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as handle:
            rows = max(0, sum(1 for _ in csv.reader(handle)) - 1)
        parts.append(f"<tr><td><a href='tables/{table.name}'>{html.escape(table.stem)}</a></td><td>{rows:,}</td></tr>")
    parts.append("</table><h2>Provenance</h2>")
    for section, values in provenance.items():
        rows = "".join(f"<tr><th>{html.escape(k)}</th><td><code>{html.escape(str(v))}</code></td></tr>" for k, v in values.items())
        parts.append(f"<h3>{html.escape(section)}</h3><table>{rows}</table>")
    parts.append("</body></html>\n")
    index = reports_dir / "index.html"
    index.write_text("\n".join(parts), encoding="utf-8")
    return index
