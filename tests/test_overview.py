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
