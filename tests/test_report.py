"""The report command executes every notebook on the seed; the suite thereby runs the notebooks."""

import json

import pytest

from corpus import config, report


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    pages = report.run_report(source=config.SEEDS_DIR, reports_dir=out)
    return out, pages


def test_every_notebook_renders(reports):
    out, pages = reports
    assert [p.stem for p in pages] == [p.stem for p in report.notebooks()]
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in pages:
        assert f'href="html/{page.name}"' in index


def test_overview_outputs(reports):
    out, _ = reports
    assert (out / "figures" / "publications_per_month.png").exists()
    assert (out / "figures" / "publications_per_month.svg").exists()
    kinds = (out / "tables" / "block_kinds.csv").read_text().splitlines()
    assert kinds[1].startswith("body,9,1800,")


def test_report_is_reproducible(reports, tmp_path):
    out, _ = reports
    again = tmp_path / "again"
    report.run_report(source=config.SEEDS_DIR, reports_dir=again)
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        assert (again / path.relative_to(out)).read_bytes() == path.read_bytes(), path


def test_notebooks_are_stored_without_outputs():
    for path in report.notebooks():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert all(not cell.get("outputs") and cell.get("execution_count") is None for cell in cells if cell["cell_type"] == "code"), path


@pytest.mark.parametrize(
    "table", ["overview_summary", "documents_per_outlet", "top_lemmas", "actors"]
)
def test_the_dask_notebook_reproduces_the_pandas_tables(reports, table):
    out, _ = reports
    pandas_table = (out / "tables" / f"{table}.csv").read_text(encoding="utf-8")
    assert (out / "tables" / f"dask_{table}.csv").read_text(encoding="utf-8") == pandas_table
    assert len(pandas_table.splitlines()) > 1


def test_the_dask_notebook_lists_the_dataset_tables(reports):
    out, _ = reports
    rows = (out / "tables" / "dask_tables.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[:3] for row in rows[1:]] == [
        ["documents", "1", "1"], ["blocks", "23", "1"], ["related", "4", "1"], ["sentences", "9", "1"],
        ["tokens", "299", "1"], ["dates", "0", "1"], ["entities", "30", "1"], ["mentions", "29", "1"],
    ]
