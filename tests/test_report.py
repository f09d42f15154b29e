"""The report command executes every notebook on the seed; the suite thereby runs the notebooks.

It checks what a reader sees: every figure a notebook makes is displayed (as the
very PNG exported), the HTML pages embed those images, the index says what the
corpus is and links everything, and a real browser loads every image.
"""

import base64
import datetime as dt
import html
import json
import re
import shutil
import subprocess
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from corpus import __version__, config, report

GENERATED = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
EMBEDDED_PNG = re.compile(r'<img alt="([^"]*)" class="[^"]*" src="data:image/png;base64,([^"]+)"')


def _report_cache(tmp_path_factory):
    """The cache folder of this module's reports (their layers and kept pages), apart from the user's."""
    return tmp_path_factory.getbasetemp() / "report-cache"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    lines = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CORPUS_CACHE_DIR", str(_report_cache(tmp_path_factory)))
        pages = report.run_report(source=config.SEEDS_DIR, reports_dir=out, generated=GENERATED, progress=lines.append)
    return out, pages, lines


def _files(folder):
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_second_report_reuses_every_page_and_writes_the_same_files(reports, tmp_path_factory, monkeypatch):
    out, _, lines = reports
    assert not any("reused" in line for line in lines)
    monkeypatch.setenv("CORPUS_CACHE_DIR", str(_report_cache(tmp_path_factory)))
    again, second = tmp_path_factory.mktemp("again"), []
    report.run_report(source=config.SEEDS_DIR, reports_dir=again, generated=GENERATED, progress=second.append)
    assert [line.split()[0] for line in second[:-1]] == [path.stem for path in report.notebooks()]
    assert all(line.endswith("s (reused)") for line in second[:-1])
    assert _files(again) == _files(out)


def test_a_changed_notebook_is_executed_again_and_the_others_reused(reports, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("CORPUS_CACHE_DIR", str(_report_cache(tmp_path_factory)))
    notebooks = tmp_path_factory.mktemp("notebooks")
    for path in report.notebooks():
        shutil.copy2(path, notebooks / path.name)
    changed = notebooks / "01_overview.ipynb"
    notebook = json.loads(changed.read_text(encoding="utf-8"))
    notebook["cells"][1]["source"] = "".join(notebook["cells"][1]["source"]) + "\n# changed"
    changed.write_text(json.dumps(notebook), encoding="utf-8")
    lines = []
    report.run_report(
        source=config.SEEDS_DIR, reports_dir=tmp_path_factory.mktemp("changed"), notebook_dir=notebooks,
        generated=GENERATED, progress=lines.append,
    )
    assert [line.endswith("(reused)") for line in lines[:-1]] == [False, True, True, True, True]


def test_every_notebook_renders(reports):
    out, pages, _ = reports
    assert [p.stem for p in pages] == [p.stem for p in report.notebooks()]
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in pages:
        assert f"href='html/{page.html.name}'" in index


def test_progress_is_one_line_per_notebook_with_its_time(reports):
    out, pages, lines = reports
    assert len(lines) == len(pages) + 1
    for page, line in zip(pages, lines, strict=False):
        assert re.fullmatch(rf"{page.stem} +\d+\.\d s", line), line
    assert lines[-1] == f"index            {out / 'index.html'}"


def _figure_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code" and "corpus.save_figure(" in cell.source]


def test_every_figure_cell_displays_the_exported_png(reports):
    out, pages, _ = reports
    drawn = 0
    for page in pages:
        for cell in _figure_cells(page.notebook):
            images = [output for output in cell.outputs if "image/png" in output.get("data", {})]
            assert len(images) == 1, (page.stem, cell.source)
            name = images[0]["metadata"]["image/png"][report.FIGURE_METADATA]["name"]
            shown = base64.b64decode(images[0]["data"]["image/png"])
            assert shown == (out / "figures" / f"{name}.png").read_bytes(), name
            assert not any("Figure size" in str(output) for output in cell.outputs)
            drawn += 1
    assert drawn == len(list((out / "figures").glob("*.png"))) == 21


def test_html_pages_embed_each_exported_png(reports):
    out, pages, _ = reports
    for page in pages:
        text = page.html.read_text(encoding="utf-8")
        assert "Figure size" not in text
        embedded = [(html.unescape(alt), base64.b64decode(data)) for alt, data in EMBEDDED_PNG.findall(text)]
        expected = [
            (figure["caption"], (out / "figures" / f"{figure['name']}.png").read_bytes())
            for figure in report.figures_shown(page.notebook)
        ]
        assert embedded == expected and len(embedded) == len(_figure_cells(page.notebook)), page.stem


def test_every_figure_has_a_caption(reports):
    _, pages, _ = reports
    for page in pages:
        for figure in report.figures_shown(page.notebook):
            assert 40 <= len(figure["caption"]) <= 260, figure


def test_index_is_where_a_reader_starts(reports):
    out, pages, _ = reports
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Report: seeds</title>" in index
    assert "<b>1</b><span>documents</span>" in index and "<b>1</b><span>outlets</span>" in index
    assert "<b>5 Jan 2022</b><span>published</span>" in index
    assert "(trained on KIND, see src/corpus/models/ner_it/MODEL_CARD.md)" in index
    assert "Generated 2024-05-01 12:00 UTC" in index
    for page in pages:
        for figure in report.figures_shown(page.notebook):
            assert f"<img src='figures/{figure['name']}.png' alt='{html.escape(figure['caption'])}'>" in index
    assert "log ratio" in index and "G2" in index
    for table in (out / "tables").glob("*.csv"):
        assert f"href='tables/{table.name}'" in index
    assert "<tr><th>fingerprint</th><td><code>" + report.corpus_fingerprint(_seed().documents) in index
    assert f"<tr><th>corpus package</th><td><code>{__version__}</code>" in index
    assert "<tr><th>model ner_it</th><td><code>2.0.0</code>" in index
    assert "<tr><th>period of the publication timelines</th><td><code>day</code>" in index


def _seed():
    import corpus

    return corpus.load(config.SEEDS_DIR)


def test_parameters_and_provenance_of_the_seed():
    seed = _seed()
    assert report.parameters(seed) == {"freq": "day", "trend_freq": "day"}
    facts = report.provenance(seed, source=config.SEEDS_DIR)
    assert facts["corpus"] == {
        "name": "seeds", "source": "seeds", "input files": "1", "fingerprint": report.corpus_fingerprint(seed.documents)
    }
    assert facts["software"]["model ner_it"] == "2.0.0"
    assert list(facts) == ["corpus", "software", "parameters"]


def test_fingerprint_follows_content_not_order():
    import pandas as pd

    one = pd.DataFrame({"sha1": ["b", "a"]})
    assert report.corpus_fingerprint(one) == report.corpus_fingerprint(one.iloc[::-1])
    assert report.corpus_fingerprint(one) != report.corpus_fingerprint(pd.DataFrame({"sha1": ["a", "c"]}))


def test_overview_outputs(reports):
    out, _, _ = reports
    assert (out / "figures" / "article_length.png").exists()
    assert (out / "figures" / "article_length.svg").exists()
    kinds = (out / "tables" / "block_kinds.csv").read_text().splitlines()
    assert kinds[1].startswith("body,9,1800,")


def test_report_is_reproducible(reports, tmp_path):
    out, _, _ = reports
    again = tmp_path / "again"
    report.run_report(source=config.SEEDS_DIR, reports_dir=again, generated=GENERATED)
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        assert (again / path.relative_to(out)).read_bytes() == path.read_bytes(), path


def test_generation_time_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714564800")
    assert report.generation_time() == GENERATED


def test_kernels_run_quietly_and_are_shut_down(tmp_path, capfd):
    import psutil

    notebook = tmp_path / "notebooks" / "01_tiny.ipynb"
    notebook.parent.mkdir()
    notebook.write_text(
        json.dumps({"cells": [{"cell_type": "code", "id": "a", "metadata": {}, "source": "1 + 1", "outputs": [],
                               "execution_count": None}],
                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        encoding="utf-8",
    )  # fmt: skip
    lines = []
    report.run_report(
        source=config.SEEDS_DIR, reports_dir=tmp_path / "out", notebook_dir=notebook.parent, progress=lines.append
    )
    err = capfd.readouterr().err
    assert "without encryption" not in err and "WARNING" not in err, err
    assert not [p for p in psutil.Process().children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
    assert re.fullmatch(r"01_tiny +\d+\.\d s", lines[0])


def test_notebooks_are_stored_without_outputs():
    for path in report.notebooks():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert all(not cell.get("outputs") and cell.get("execution_count") is None for cell in cells if cell["cell_type"] == "code"), path


def test_notebooks_define_nothing():
    for path in report.notebooks():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            assert not re.search(r"^\s*(def|class) ", source, re.M), (path, source)


@pytest.mark.parametrize(
    "table", ["overview_summary", "documents_per_outlet", "top_lemmas", "actors"]
)
def test_the_dask_notebook_reproduces_the_pandas_tables(reports, table):
    out, _, _ = reports
    pandas_table = (out / "tables" / f"{table}.csv").read_text(encoding="utf-8")
    assert (out / "tables" / f"dask_{table}.csv").read_text(encoding="utf-8") == pandas_table
    assert len(pandas_table.splitlines()) > 1


def test_the_dask_notebook_lists_the_dataset_tables(reports):
    out, _, _ = reports
    rows = (out / "tables" / "dask_tables.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[:3] for row in rows[1:]] == [
        ["documents", "1", "1"], ["blocks", "23", "1"], ["related", "4", "1"], ["sentences", "9", "1"],
        ["tokens", "299", "1"], ["dates", "0", "1"], ["entities", "31", "1"], ["mentions", "30", "1"],
    ]


# --------------------------------------------------------------------------
# the HTML report in a real browser

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Loads each page in a same-origin frame and reports, per page, the images and those that did not load.
CHECK_PAGE = """<!doctype html><html><body><pre id="result">pending</pre><script>
const pages = %s;
async function check(url) {
  const frame = document.createElement("iframe");
  frame.style.width = "1200px"; frame.style.height = "900px";
  document.body.appendChild(frame);
  await new Promise(resolve => { frame.onload = resolve; frame.src = url; });
  const images = Array.from(frame.contentDocument.images);
  await Promise.all(images.map(img => img.complete ? null : new Promise(r => { img.onload = img.onerror = r; })));
  const broken = images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src.slice(0, 80));
  frame.remove();
  return {url, images: images.length, broken};
}
(async () => {
  const results = [];
  for (const url of pages) results.push(await check(url));
  document.getElementById("result").textContent = JSON.stringify(results);
})();
</script></body></html>"""


def _browser():
    found = next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)
    if found is None:
        pytest.skip(
            "no Chromium on this machine, so the HTML report was not opened in a browser: `make test` installs "
            "Debian's chromium package when it can (apt-get, as root or with sudo); install it to run this test"
        )
    return found


def _serve(folder, pages):
    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/__check__.html":
                body = (CHECK_PAGE % json.dumps(pages)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                super().do_GET()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_browser_loads_every_image_of_the_report(reports, tmp_path):
    out, pages, _ = reports
    browser = _browser()
    urls = ["/index.html", *[f"/html/{page.html.name}" for page in pages]]
    server = _serve(out, urls)
    try:
        done = subprocess.run(
            [
                browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=60000", "--dump-dom",
                f"http://127.0.0.1:{server.server_address[1]}/__check__.html",
            ],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        server.shutdown()
    found = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert found and found.group(1) != "pending", done.stderr[-2000:]
    results = {row["url"]: row for row in json.loads(html.unescape(found.group(1)))}
    figures = len(list((out / "figures").glob("*.png")))
    assert results["/index.html"] == {"url": "/index.html", "images": figures, "broken": []}
    for page in pages:
        row = results[f"/html/{page.html.name}"]
        assert row["broken"] == [] and row["images"] == len(_figure_cells(page.notebook)), row


def test_a_new_report_removes_what_the_notebooks_no_longer_make(tmp_path):
    stale = tmp_path / "figures" / "publications_per_month.png"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    report._clear_outputs(tmp_path)
    assert not stale.exists() and notes.exists()


def test_every_notebook_cell_has_a_stable_id():
    # nbformat invents a random id for a cell without one, and the HTML pages would differ run to run.
    for path in report.notebooks():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert all(cell.get("id") for cell in cells), path.name
        assert len({cell["id"] for cell in cells}) == len(cells), path.name
