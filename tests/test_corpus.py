import os

import pandas as pd
import pytest

import corpus
from corpus import loader, schema
from tests.conftest import SEED, write_pages

PAGE = "Titolo {n}\n\n0{d} Marzo 2021 10:0{d} di Anna Rossi per Il Giornale\n\nTesto dell'articolo numero {n}.\n"


def test_seed_documents(seed_corpus):
    doc = seed_corpus.documents.iloc[0]
    assert doc["doc_id"] == "000_3a0c8e003257abe6"
    assert doc["path"] == "000_3a0c8e003257abe6.txt"
    assert doc["title"] == "Kazakistan, il presidente Tokayev ha chiesto sostegno alla CSTO"
    assert doc["published"] == pd.Timestamp("2022-01-05 21:16", tz="Europe/Rome")
    assert (doc["author"], doc["outlet"]) == ("La Redazione", "L'AntiDiplomatico")
    paragraphs = doc["text"].split("\n\n")
    assert len(paragraphs) == 9
    assert paragraphs[0].startswith("Il presidente del Kazakistan, Kassym-Jomart Tokayev, ha affermato")
    assert paragraphs[-1].endswith("leader dei paesi membri dell'organizzazione.")
    assert "Copyright" not in doc["text"] and "Mondaini" not in doc["text"]
    assert doc["encoding"] == "utf-8" and doc["problems"] == "" and pd.isna(doc["duplicate_of"])
    assert doc["n_bytes"] == SEED.stat().st_size


def test_seed_related(seed_corpus):
    related = seed_corpus.related
    assert related["author"].tolist() == ["Marinella Mondaini", "Marinella Mondaini", "Pepe Escobar", "Giuseppe Masala"]
    assert related["source"].fillna("").tolist() == ["", "", "Strategic Culture", ""]
    assert related["linked_doc_id"].isna().all()


def test_declared_dtypes(seed_corpus):
    assert dict(seed_corpus.documents.dtypes) == {k: pd.Series(dtype=v).dtype for k, v in schema.DOCUMENTS.items()}
    assert list(seed_corpus.blocks.columns) == list(schema.BLOCKS)
    assert list(seed_corpus.related.columns) == list(schema.RELATED)


def test_blocks_cover_every_character(seed_corpus, seed_text):
    text = seed_text
    covered = set()
    for block in seed_corpus.blocks.itertuples():
        assert text[block.start : block.end] == block.text
        covered.update(range(block.start, block.end))
    assert all(i in covered or ch.isspace() for i, ch in enumerate(text))


def test_bad_files_become_rows(tmp_path):
    folder = write_pages(
        tmp_path / "pages",
        {
            "good.txt": PAGE.format(n=1, d=1),
            "empty.txt": b"",
            "binary.txt": b"\x00\x01\x02PK\x03\x04" * 20,
            "latin.txt": PAGE.format(n=2, d=2).replace("Testo", "Perché").encode("cp1252"),
            "cut.txt": PAGE.format(n=3, d=3).encode("utf-8") + "è".encode("utf-8")[:1],
            "good_copy.txt": PAGE.format(n=1, d=1),
        },
    )
    documents = corpus.load(folder).documents.set_index("doc_id")
    assert sorted(documents.index) == ["binary", "cut", "empty", "good", "good_copy", "latin"]
    assert documents.loc["empty", "problems"] == "empty file"
    assert documents.loc["binary", "problems"] == "binary file: not text"
    assert documents.loc["latin", "encoding"] == "cp1252"
    assert documents.loc["latin", "text"] == "Perché dell'articolo numero 2."
    assert documents.loc["cut", "problems"] == "truncated: incomplete UTF-8 character at end of file"
    assert pd.isna(documents.loc["good", "duplicate_of"])
    assert documents.loc["good_copy", "duplicate_of"] == "good"
    assert documents.loc["good_copy", "problems"] == "duplicate: byte-identical to good"
    assert documents.loc["empty", "text"] == "" and pd.isna(documents.loc["empty", "published"])


def test_missing_path_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing-folder"):
        corpus.load(tmp_path / "missing-folder")


def test_cache_is_used_and_invalidated(tmp_path, monkeypatch):
    folder = write_pages(tmp_path / "pages", {f"p{n}.txt": PAGE.format(n=n, d=n) for n in range(1, 4)})
    first = corpus.load(folder)
    calls = []
    original = loader.parse_file
    monkeypatch.setattr(loader, "parse_file", lambda *args: calls.append(args[1]) or original(*args))
    again = corpus.load(folder)
    assert calls == []
    pd.testing.assert_frame_equal(first.documents, again.documents)
    page = folder / "p2.txt"
    page.write_text(PAGE.format(n=22, d=2), encoding="utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    changed = corpus.load(folder)
    assert calls == ["p2.txt"]
    assert changed.documents.set_index("doc_id").loc["p2", "title"] == "Titolo 22"
    assert changed.documents.set_index("doc_id").loc["p1", "title"] == "Titolo 1"


def test_load_without_cache_and_with_workers(tmp_path):
    folder = write_pages(tmp_path / "pages", {f"p{n:03d}.txt": PAGE.format(n=n, d=n % 9 + 1) for n in range(600)})
    serial = corpus.load(folder, cache=False)
    parallel = corpus.load(folder, cache=False, workers=2)
    pd.testing.assert_frame_equal(serial.documents, parallel.documents)
    assert len(serial.documents) == 600


def test_repeated_lines_become_boilerplate(tmp_path):
    appeal = "Sostieni il nostro giornale con una donazione."
    pages = {f"p{n}.txt": PAGE.format(n=n, d=n).replace("\n\nTesto", f"\n\n{appeal}\n\nTesto") for n in range(1, 7)}
    documents = corpus.load(write_pages(tmp_path / "pages", pages))
    assert (documents.blocks.loc[documents.blocks["text"] == appeal, "kind"] == "boilerplate").all()
    assert appeal not in documents.documents["text"].str.cat()


def test_teasers_link_to_corpus_documents(tmp_path):
    linked = "Titolo A\n\n01 Marzo 2021 10:00 di Anna Rossi per Il Giornale\n\nCorpo A.\n"
    teasing = (
        "Titolo B\n\n02 Marzo 2021 10:00 di Anna Rossi per Il Giornale\n\nCorpo B.\n\n"
        "Le più recenti da ITALIA\n\n“Titolo A”\n\ndi Anna Rossi per Il GiornaleCorpo A...\n"
    )
    c = corpus.load(write_pages(tmp_path / "pages", {"a.txt": linked, "b.txt": teasing}))
    assert c.related[["doc_id", "title", "linked_doc_id"]].values.tolist() == [["b", "“Titolo A”", "a"]]


def test_outlet_inferred_from_folder(tmp_path):
    no_outlet = "Titolo C\n\n03 Marzo 2021 10:00 di Anna Rossi – Reuters\n\nCorpo C.\n"
    c = corpus.load(write_pages(tmp_path / "pages", {"a.txt": PAGE.format(n=1, d=1), "c.txt": no_outlet}))
    row = c.documents.set_index("doc_id").loc["c"]
    assert (row["outlet"], row["source"]) == ("Il Giornale", "Reuters")
    assert row["problems"] == "outlet: inferred from the other pages of its folder"


def test_select(tmp_path):
    c = corpus.load(write_pages(tmp_path / "pages", {f"p{n}.txt": PAGE.format(n=n, d=n) for n in range(1, 4)}))
    assert c.select(["p1", "p3"]).documents["doc_id"].tolist() == ["p1", "p3"]
    assert c.select("title == 'Titolo 2'").blocks["doc_id"].unique().tolist() == ["p2"]


def test_language_is_detected_and_the_italian_layer_leaves_others_alone(tmp_path):
    english = (
        "Storm hits the coast\n\n04 Marzo 2021 10:00 di Anna Rossi per Il Giornale\n\n"
        "The storm reached the northern coast on Thursday night, and thousands of homes were left without power "
        "while emergency crews worked through the weekend to clear the roads.\n"
    )
    c = corpus.load(write_pages(tmp_path / "pages", {"en.txt": english, "seed.txt": SEED.read_bytes()}))
    assert c.documents.set_index("doc_id")["lang"].to_dict() == {"en": "en", "seed": "it"}
    english_tokens = c.tokens[c.tokens["doc_id"] == "en"]
    assert english_tokens.loc[english_tokens["text"] == "homes", "lemma"].tolist() == ["homes"]
    assert not english_tokens["is_stop"].any()
    assert c.tokens.loc[(c.tokens["doc_id"] == "seed") & (c.tokens["text"] == "affermato"), "lemma"].unique().tolist() == ["affermare"]
