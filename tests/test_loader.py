import pandas as pd

from corpus import io, loader, parse


def test_parse_file_row(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("Titolo\n\n01 Marzo 2021 10:00 di Anna Rossi per Il Giornale\n\nCorpo.\n", encoding="utf-8")
    file_row, blocks, teasers = loader.parse_file(str(page), "a.txt", 10, 20)
    assert file_row[:3] == ("a.txt", 10, 20)
    assert file_row[5:10] == ("Titolo", pd.Timestamp("2021-03-01 10:00").to_pydatetime(), "Anna Rossi", "Il Giornale", None)
    assert [b[2] for b in blocks] == ["title", "dateline", "body"]
    assert teasers == []


def _plan(tmp_path, pages):
    for name, content in pages.items():
        path = tmp_path / "pages" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    root, files = io.find_files(tmp_path / "pages")
    return loader.plan(root, files, cache_dir=tmp_path / "cache")


def test_build_keeps_every_file_and_joins_body_paragraphs(tmp_path):
    plan = _plan(tmp_path, {"x/a.txt": "T\n\n01 Marzo 2021 di A B per C\n\nUno.\n\nDue.\n", "x/b.txt": ""})
    rows = loader.build(plan)
    assert rows == {"documents": 2, "blocks": 4, "related": 0, "keys": 2}
    tables = loader.read_tables(plan)
    documents = tables["documents"].set_index("doc_id")
    assert documents.loc["x/a", "text"] == "Uno.\n\nDue."
    assert documents.loc["x/b", "problems"] == "empty file"
    assert tables["blocks"]["kind"].astype(str).tolist() == ["title", "dateline", "body", "body"]


def test_a_built_corpus_is_read_back_without_parsing(tmp_path, monkeypatch):
    plan = _plan(tmp_path, {"a.txt": "T\n\n01 Marzo 2021 di A B per C\n\nUno.\n"})
    loader.build(plan)
    monkeypatch.setattr(loader, "scan_chunk", lambda job: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert loader.build(plan)["documents"] == 1


def test_the_parse_cache_is_shared_by_corpora_holding_the_same_file(tmp_path, monkeypatch):
    plan = _plan(tmp_path, {"sub/a.txt": "T\n\n01 Marzo 2021 di A B per C\n\nUno.\n"})
    loader.build(plan)
    parsed = []
    parse_page = parse.parse_page
    monkeypatch.setattr(parse, "parse_page", lambda text: parsed.append(text) or parse_page(text))
    root, files = io.find_files(tmp_path / "pages" / "sub")
    inner = loader.plan(root, files, cache_dir=tmp_path / "cache")
    loader.build(inner)
    assert parsed == []
    # Read back under the other root, the file keeps the path of this corpus.
    assert loader.read_tables(inner)["documents"]["doc_id"].tolist() == ["a"]
