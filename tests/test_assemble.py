import numpy as np
import pandas as pd

from corpus import assemble


def _context(lines_per_doc, outlets, duplicate_of=None):
    """The context of a corpus whose files hold these body lines."""
    paths = [f"{doc}.txt" for doc in lines_per_doc]
    facts = pd.DataFrame(
        {
            "path": paths,
            "sha1": [f"sha-{i}" if not (duplicate_of and duplicate_of[i]) else "sha-0" for i in range(len(paths))],
            "outlet": outlets,
            "has_title": True,
            "title_key": np.zeros(len(paths), dtype=np.uint64),
        }
    )
    lines = pd.DataFrame(
        [(i, key) for i, lines in enumerate(lines_per_doc.values()) for key in assemble.line_keys(pd.Series(lines))],
        columns=["file", "key"],
    ).drop_duplicates()
    return assemble.corpus_context(facts, [lines])


def test_line_on_five_pages_of_one_outlet_is_furniture():
    lines = {f"d{i}": [f"Articolo {i}.", "Iscriviti al canale Telegram"] for i in range(5)}
    context = _context(lines, ["A"] * 5)
    key = int(assemble.line_keys(pd.Series(["Iscriviti al canale Telegram"]))[0])
    assert context.furniture == frozenset({("A", key)})


def test_same_line_spread_over_outlets_or_duplicates_is_not():
    lines = {f"d{i}": ["Iscriviti al canale Telegram"] for i in range(5)}
    assert _context(lines, ["A", "A", "A", "B", "B"]).furniture == frozenset()
    assert _context(lines, ["A"] * 5, duplicate_of=[False, True, True, True, True]).furniture == frozenset()


def test_share_threshold_grows_with_the_outlet():
    lines = {f"d{i}": [f"Articolo {i}."] + (["Riga comune"] if i < 5 else []) for i in range(200)}
    # 5 of 200 pages is 2.5%, under the 5% share: a shared paragraph, not furniture.
    assert _context(lines, ["A"] * 200).furniture == frozenset()


def test_duplicates_point_to_the_first_file_in_path_order():
    context = _context({"a": ["x"], "b": ["y"], "c": ["z"]}, ["A"] * 3, duplicate_of=[False, True, True])
    assert context.duplicate_of.isna().tolist() == [True, False, False]
    assert context.duplicate_of.iloc[1:].tolist() == ["a", "a"]


def test_outlet_inferred_from_the_folder_only_when_unambiguous():
    facts = pd.DataFrame(
        {
            "path": ["f/a.txt", "f/b.txt", "f/c.txt", "g/a.txt", "g/b.txt", "g/c.txt"],
            "sha1": list("abcdef"),
            "outlet": ["X", "X", None, "X", "Y", None],
            "has_title": True,
            "title_key": np.zeros(6, dtype=np.uint64),
        }
    )
    context = assemble.corpus_context(facts, [])
    assert context.outlet.tolist()[2] == "X" and context.outlet_inferred.tolist() == [False, False, True, False, False, False]
    assert pd.isna(context.outlet.iloc[5])


def test_title_key_ignores_case_and_punctuation():
    assert assemble.title_key("Kazakistan, il presidente «Tokayev»!") == assemble.title_key("kazakistan il presidente tokayev")
