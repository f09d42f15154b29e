from pathlib import Path

import pandas as pd
import pytest

import corpus

from corpus import io, loader, parse, schema


def test_parse_file_row(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("Titolo\n\n01 Marzo 2021 10:00 di Anna Rossi per Il Giornale\n\nCorpo.\n", encoding="utf-8")
    file_row, blocks, teasers = loader.parse_file(str(page), "a.txt", 10, 20)
    row = dict(zip(schema.FILES, file_row))
    assert (row["path"], row["size"], row["mtime_ns"]) == ("a.txt", 10, 20)
    assert (row["title"], row["published"], row["published_source"], row["author"], row["outlet"]) == (
        "Titolo", pd.Timestamp("2021-03-01 10:00").to_pydatetime(), "dateline", "Anna Rossi", "Il Giornale",
    )
    assert [b[2] for b in blocks] == ["title", "dateline", "body"]
    assert teasers == []


def _plan(tmp_path, pages):
    for name, content in pages.items():
        path = tmp_path / "pages" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return loader.plan(io.find_sources(tmp_path / "pages"), cache_dir=tmp_path / "cache")


def test_build_keeps_every_file_and_joins_body_paragraphs(tmp_path):
    plan = _plan(tmp_path, {"x/a.txt": "T\n\n01 Marzo 2021 di A B per C\n\nUno.\n\nDue.\n", "x/b.txt": ""})
    rows = loader.build(plan)
    assert rows == {"documents": 2, "blocks": 4, "related": 0, "keys": 2, "skipped": 0}
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
    inner = loader.plan(io.find_sources(tmp_path / "pages" / "sub"), cache_dir=tmp_path / "cache")
    loader.build(inner)
    assert parsed == []
    # Read back under the other root, the file keeps the path of this corpus.
    assert loader.read_tables(inner)["documents"]["doc_id"].tolist() == ["a"]


LAYOUTS = Path(__file__).parent / "data" / "layouts"
HTML = Path(__file__).parent / "data" / "html"


def _folder(tmp_path, files: dict[str, str | bytes | Path]) -> Path:
    folder = tmp_path / "corpus"
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            path.write_bytes(content.read_bytes())
        else:
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def test_a_folder_of_text_and_html_pages_and_what_it_skips(tmp_path):
    folder = _folder(tmp_path, {
        "ansa/faletti.txt": LAYOUTS / "agency_footer" / "ansa.txt",
        "web/wordpress.html": HTML / "wordpress.html",
        "web/scan.pdf": b"%PDF-1.4 binary",
        "web/photo.jpg": b"\xff\xd8\xff",
        "export.csv": "id,text\n1,Testo\n",
        ".DS_Store": b"\x00",
        "notes": "no extension",
    })
    c = corpus.load(folder, cache=False)
    documents = c.documents.set_index("doc_id")
    assert documents.index.tolist() == ["ansa/faletti", "web/wordpress.html"]
    assert documents.loc["ansa/faletti", "outlet"] == "ANSA"
    assert documents.loc["ansa/faletti", "text"] == (LAYOUTS / "agency_footer" / "ansa.body").read_text(encoding="utf-8").strip()
    assert documents.loc["web/wordpress.html", "text"] == (HTML / "wordpress.body").read_text(encoding="utf-8").strip()
    assert documents.loc["web/wordpress.html", "published_source"] == "metadata"
    assert c.skipped.to_dict("list") == {
        "path": [".DS_Store", "export.csv", "notes", "web/photo.jpg", "web/scan.pdf"],
        "n_bytes": [1, 16, 12, 3, 15],
        "reason": [
            "hidden file: not read", "a table: load it on its own, corpus.load(path, text=COLUMN)",
            "no file extension: not read", "image: no text to read",
            "PDF: not read (convert it to text first, e.g. with pdftotext)",
        ],
    }


def test_a_folder_with_only_unreadable_files_says_what_it_holds(tmp_path):
    folder = _folder(tmp_path, {"a.pdf": b"%PDF", "b.pdf": b"%PDF"})
    with pytest.raises(ValueError, match=r"no .txt or .html pages found under .*; 2 other files \(PDF: not read"):
        corpus.load(folder, cache=False)


def test_sidecar_metadata_wins_and_says_which_fields_it_gave(tmp_path):
    folder = _folder(tmp_path, {
        "a.txt": LAYOUTS / "body_only" / "paragraphs.txt",
        "sub/b.txt": LAYOUTS / "seed" / "antidiplomatico.txt",
        "metadata.csv": "file,title,published,outlet,url\n"
                        "a.txt,Un titolo dato,2021-07-14T10:30:00+02:00,Il Resto del Carlino,https://x.it/a\n"
                        "b,,,La Nuova,\n"
                        "missing.txt,Nessuno,,,\n",
    })
    c = corpus.load(folder, cache=False)
    documents = c.documents.set_index("doc_id")
    a, b = documents.loc["a"], documents.loc["sub/b"]
    assert (a["title"], str(a["published"]), a["published_source"], a["outlet"], a["url"]) == (
        "Un titolo dato", "2021-07-14 10:30:00+02:00", "metadata", "Il Resto del Carlino", "https://x.it/a",
    )
    assert a["metadata_fields"] == "title; published; outlet; url"
    assert "title:" not in a["problems"] and "published:" not in a["problems"]
    assert (b["outlet"], b["metadata_fields"], b["published_source"]) == ("La Nuova", "outlet", "dateline")
    assert c.skipped["reason"].tolist() == ["metadata for a file that is not in the corpus: 'missing.txt'"]


def test_outlet_given_for_every_page_or_per_folder(tmp_path):
    folder = _folder(tmp_path, {
        "ansa/a.txt": LAYOUTS / "body_only" / "paragraphs.txt",
        "rep/b.txt": LAYOUTS / "body_only" / "one_paragraph.txt",
    })
    every = corpus.load(folder, cache=False, outlet="ANSA").documents
    assert every["outlet"].tolist() == ["ANSA", "ANSA"] and every["metadata_fields"].tolist() == ["outlet"] * 2
    per_folder = corpus.load(folder, cache=False, outlet={"ansa": "ANSA", "rep": "la Repubblica"}).documents
    assert per_folder["outlet"].tolist() == ["ANSA", "la Repubblica"]
    assert not per_folder["problems"].str.contains("outlet").any()


ARTICLES = [
    {"id": "n1", "headline": "Il caldo arriva", "body": "Primo paragrafo del testo.\n\nSecondo paragrafo.\n\n"
     "Riproduzione riservata © Copyright ANSA", "date": "16/07/2017 10:05", "site": "ANSA"},
    {"id": "n2", "headline": "Piove a Roma", "body": "Un solo paragrafo.", "date": "2017-07-17", "site": None},
]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_table_of_articles_is_one_document_per_row(tmp_path, suffix):
    frame = pd.DataFrame(ARTICLES)
    path = tmp_path / f"articles{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        frame.to_parquet(path)
    c = corpus.load(path, cache=False, text="body", title="headline", outlet="site")
    documents = c.documents
    assert documents["doc_id"].tolist() == ["articles/n1", "articles/n2"]
    assert documents["title"].tolist() == ["Il caldo arriva", "Piove a Roma"]
    assert documents["text"].tolist() == ["Primo paragrafo del testo.\n\nSecondo paragrafo.", "Un solo paragrafo."]
    assert [str(p) for p in documents["published"]] == ["2017-07-16 10:05:00+02:00", "2017-07-17 00:00:00+02:00"]
    assert documents["published_source"].tolist() == ["metadata", "metadata"]
    assert documents["outlet"].iloc[0] == "ANSA"
    assert c.blocks["kind"].astype(str).tolist() == ["body", "body", "footer", "body"]
    # The second row names no outlet: the other rows of its table all say ANSA, as pages of a folder would.
    assert documents["outlet"].iloc[1] == "ANSA"
    assert documents["problems"].tolist() == [
        "author: none in the table", "author: none in the table; outlet: inferred from the other pages of its folder",
    ]


def test_a_table_whose_text_column_cannot_be_guessed_asks_for_it(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"a": ["x"], "b": ["y"]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"t.csv: which column holds the article text\? pass text=COLUMN"):
        corpus.load(path, cache=False)
    with pytest.raises(ValueError, match="has no column 'corpo' for text"):
        corpus.load(path, cache=False, text="corpo")


def test_column_names_are_refused_for_pages(tmp_path):
    folder = _folder(tmp_path, {"a.txt": LAYOUTS / "body_only" / "paragraphs.txt"})
    with pytest.raises(ValueError, match="apply to a table of articles"):
        corpus.load(folder, cache=False, text="body")
