import pandas as pd

import corpus


def test_summary_on_seed(seed_corpus):
    summary = corpus.summary(seed_corpus.documents)
    assert summary["documents"] == 1
    assert summary["documents with problems"] == 0
    assert summary["first published"] == pd.Timestamp("2022-01-05 21:16", tz="Europe/Rome")
    assert summary["body words"] == 251


def test_furniture_share_on_seed(seed_corpus):
    share = corpus.furniture_share(seed_corpus.blocks).set_index("kind")
    assert share.loc["body", "blocks"] == 9
    assert share.loc["related", "blocks"] == 8
    assert share.loc["footer", "blocks"] == 2
    assert share["characters"].sum() == sum(len(t) for t in seed_corpus.blocks["text"])


def test_problem_counts_strip_details():
    documents = pd.DataFrame({"problems": ["", "empty file", "duplicate: byte-identical to a; empty file", "duplicate: byte-identical to b"]})
    counts = corpus.problem_counts(documents)
    assert counts.values.tolist() == [["duplicate: byte-identical", 2], ["empty file", 2]]


def test_counts_by_marks_unknown():
    documents = pd.DataFrame({"outlet": ["A", None, "A"], "n_words": [10, 5, 1]})
    assert corpus.counts_by(documents, "outlet").values.tolist() == [["A", 2, 11], ["(unknown)", 1, 5]]


def test_field_sources_say_where_each_field_came_from(tmp_path):
    import corpus

    folder = tmp_path / "pages"
    (folder / "f").mkdir(parents=True)
    (folder / "f" / "a.txt").write_text("Titolo A\n\n05 Gennaio 2022 21:16 di Anna Rossi per La Voce\n\nCorpo.\n", encoding="utf-8")
    (folder / "f" / "b.txt").write_text("https://x.it/2021/03/02/notizia\n\nTitolo B\n\nCorpo senza firma.\n", encoding="utf-8")
    (folder / "f" / "c.txt").write_text("Un solo paragrafo di testo, senza titolo, lungo abbastanza da non esserlo mai davvero.\n",
                                        encoding="utf-8")
    (folder / "metadata.csv").write_text("file,author\nf/c.txt,Luca Bianchi\n", encoding="utf-8")
    sources = corpus.field_sources(corpus.load(folder, cache=False))
    got = {(row.field, row.source): row.documents for row in sources.itertuples()}
    assert got == {
        ("title", "page"): 2, ("title", "missing"): 1,
        ("published", "dateline"): 1, ("published", "url"): 1, ("published", "missing"): 1,
        ("author", "page"): 1, ("author", "metadata"): 1, ("author", "missing"): 1,
        # A page without a title (c) is not given its folder's outlet: it may be no article at all.
        ("outlet", "page"): 1, ("outlet", "inferred from its folder"): 1, ("outlet", "missing"): 1,
        ("url", "page"): 1, ("url", "missing"): 2,
        ("section", "missing"): 3,
    }
    assert sources["field"].tolist()[:2] == ["title", "title"]
