import pandas as pd

from corpus.furniture import repeated_body_blocks


def _tables(lines_per_doc, outlets, duplicate_of=None):
    blocks = pd.DataFrame(
        [(doc, i, "body", line) for doc, lines in lines_per_doc.items() for i, line in enumerate(lines)],
        columns=["doc_id", "block", "kind", "text"],
    )
    documents = pd.DataFrame(
        {"doc_id": list(lines_per_doc), "outlet": outlets, "duplicate_of": duplicate_of or [None] * len(outlets)}
    )
    return blocks, documents


def test_line_on_five_pages_of_one_outlet_is_furniture():
    lines = {f"d{i}": [f"Articolo {i}.", "Iscriviti al canale Telegram"] for i in range(5)}
    blocks, documents = _tables(lines, ["A"] * 5)
    mask = repeated_body_blocks(blocks, documents)
    assert blocks.loc[mask, "text"].unique().tolist() == ["Iscriviti al canale Telegram"]
    assert mask.sum() == 5


def test_same_line_spread_over_outlets_or_duplicates_is_not():
    lines = {f"d{i}": ["Iscriviti al canale Telegram"] for i in range(5)}
    blocks, documents = _tables(lines, ["A", "A", "A", "B", "B"])
    assert not repeated_body_blocks(blocks, documents).any()
    blocks, documents = _tables(lines, ["A"] * 5, duplicate_of=[None, "d0", "d0", "d0", "d0"])
    assert not repeated_body_blocks(blocks, documents).any()


def test_share_threshold_grows_with_the_outlet():
    lines = {f"d{i}": [f"Articolo {i}."] + (["Riga comune"] if i < 5 else []) for i in range(200)}
    blocks, documents = _tables(lines, ["A"] * 200)
    # 5 of 200 pages is 2.5%, under the 5% share: a shared paragraph, not furniture.
    assert not repeated_body_blocks(blocks, documents).any()
