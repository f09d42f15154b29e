import pandas as pd

from corpus import loader


def test_progress_is_quiet_under_pytest_and_ci(monkeypatch):
    assert loader._show_progress(None, 100_000) is False
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    monkeypatch.setenv("CI", "true")
    assert loader._show_progress(None, 100_000) is False
    assert loader._show_progress(True, 1) is True


def test_parse_file_row(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("Titolo\n\n01 Marzo 2021 10:00 di Anna Rossi per Il Giornale\n\nCorpo.\n", encoding="utf-8")
    file_row, blocks, teasers = loader.parse_file(str(page), "a.txt", 10, 20)
    assert file_row[:3] == ("a.txt", 10, 20)
    assert file_row[5:10] == ("Titolo", pd.Timestamp("2021-03-01 10:00").to_pydatetime(), "Anna Rossi", "Il Giornale", None)
    assert [b[2] for b in blocks] == ["title", "dateline", "body"]
    assert teasers == []


def test_assemble_keeps_every_file_and_joins_body_paragraphs(tmp_path):
    pages = {"x/a.txt": "T\n\n01 Marzo 2021 di A B per C\n\nUno.\n\nDue.\n", "x/b.txt": ""}
    paths, relatives, fingerprints = [], [], []
    for name, content in pages.items():
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(content, encoding="utf-8")
        paths.append(str(path))
        relatives.append(name)
        fingerprints.append((path.stat().st_size, 0))
    raw = loader.parse_files(paths, relatives, fingerprints)
    tables = loader.assemble(raw["files"], raw["raw_blocks"], raw["raw_teasers"])
    documents = tables["documents"].set_index("doc_id")
    assert documents.loc["x/a", "text"] == "Uno.\n\nDue."
    assert documents.loc["x/b", "problems"] == "empty file"
    assert tables["blocks"]["kind"].astype(str).tolist() == ["title", "dateline", "body", "body"]
