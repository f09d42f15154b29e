"""What a corpus holds: counts, coverage, furniture set aside and problems found. Pure functions.

Each takes a table or a corpus, pandas or Dask: the additive part runs per
partition (:mod:`corpus.tally`), so only small tallies leave a Dask worker.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from corpus.schema import COUNTS_BY, FIELD_SOURCES, FURNITURE, PROBLEMS, STRING, conform
from corpus.tally import Partial, tally


def _documents(data):
    return getattr(data, "documents", data)


# --------------------------------------------------------------------------
# summary


def document_totals(documents: pd.DataFrame, _=None) -> pd.DataFrame:
    """The additive part of :func:`summary`: counts, words, first and last publication of a chunk."""
    published = documents["published"]
    return pd.DataFrame(
        {
            "documents": [len(documents)],
            "with_problems": [int(documents["problems"].fillna("").ne("").sum())],
            "duplicates": [int(documents["duplicate_of"].notna().sum())],
            "undated": [int(published.isna().sum())],
            "words": [int(documents["n_words"].astype("int64").sum())],
            "first": pd.Series([published.min()], dtype=published.dtype),
            "last": pd.Series([published.max()], dtype=published.dtype),
        }
    )


def value_counts(documents: pd.DataFrame, _=None, *, column: str) -> pd.DataFrame:
    """Documents per value of ``column`` in a chunk (missing values as <NA>): value, documents."""
    values = documents[column].astype(STRING) if column != "n_words" else documents[column].astype("int64")
    counts = values.value_counts(dropna=False)
    return pd.DataFrame({"value": counts.index.to_numpy(), "documents": counts.to_numpy(dtype=np.int64)}).astype(
        {"value": values.dtype}
    )


SUMMARY_TALLIES = {
    "totals": Partial(document_totals, {
        "documents": "sum", "with_problems": "sum", "duplicates": "sum", "undated": "sum", "words": "sum",
        "first": "min", "last": "max",
    }),
    "outlets": Partial(functools.partial(value_counts, column="outlet"), {"documents": "sum"}),
    "authors": Partial(functools.partial(value_counts, column="author"), {"documents": "sum"}),
    "lengths": Partial(functools.partial(value_counts, column="n_words"), {"documents": "sum"}),
}


def _median(lengths: pd.DataFrame) -> float:
    """The median of values given with their counts (``value``, ``documents``)."""
    if lengths.empty:
        return 0.0
    ordered = lengths.sort_values("value")
    values, counts = ordered["value"].to_numpy(dtype=np.float64), ordered["documents"].to_numpy(dtype=np.int64)
    total = counts.sum()
    cumulative = np.cumsum(counts)
    low = values[np.searchsorted(cumulative, (total - 1) // 2 + 1)]
    high = values[np.searchsorted(cumulative, total // 2 + 1)]
    return float((low + high) / 2)


def summary(documents) -> dict[str, object]:
    """Headline figures of a corpus, in display order."""
    documents = _documents(documents)
    found = tally(documents[["published", "problems", "duplicate_of", "outlet", "author", "n_words"]], SUMMARY_TALLIES)
    totals = found["totals"].iloc[0]
    return {
        "documents": int(totals["documents"]),
        "documents with problems": int(totals["with_problems"]),
        "byte-identical duplicates": int(totals["duplicates"]),
        "outlets": int(found["outlets"]["value"].notna().sum()),
        "authors": int(found["authors"]["value"].notna().sum()),
        "first published": totals["first"],
        "last published": totals["last"],
        "undated documents": int(totals["undated"]),
        "body words": int(totals["words"]),
        "median body words": _median(found["lengths"]),
    }


# --------------------------------------------------------------------------
# problems, furniture, counts by a column


def problem_tallies(documents: pd.DataFrame, _=None) -> pd.DataFrame:
    """The additive part of :func:`problem_counts`: problem, documents."""
    problems = documents["problems"].fillna("").str.split("; ").explode()
    problems = problems[problems.ne("")].str.replace(r" to \S+$", "", regex=True)
    counts = problems.value_counts()
    return pd.DataFrame({"problem": counts.index.astype(object), "documents": counts.to_numpy(dtype=np.int64)}).astype(
        {"problem": STRING}
    )


def problem_counts(documents) -> pd.DataFrame:
    """How many documents carry each kind of problem (details such as the duplicate's id left out)."""
    documents = _documents(documents)
    counts = tally(documents[["problems"]], {"counts": Partial(problem_tallies, {"documents": "sum"})})["counts"]
    return conform(counts.sort_values(["documents", "problem"], ascending=[False, True]), PROBLEMS)


def kind_tallies(blocks: pd.DataFrame, _=None) -> pd.DataFrame:
    """The additive part of :func:`furniture_share`: kind, blocks, characters."""
    lengths = blocks["end"].astype("int64") - blocks["start"].astype("int64")
    frame = (
        pd.DataFrame({"kind": blocks["kind"].astype(str), "characters": lengths})
        .groupby("kind")
        .agg(blocks=("characters", "size"), characters=("characters", "sum"))
        .reset_index()
    )
    return frame.astype({"kind": STRING, "blocks": "int64", "characters": "int64"})


def furniture_share(blocks) -> pd.DataFrame:
    """Blocks and characters per block kind: how much of the pages was article and how much furniture."""
    blocks = getattr(blocks, "blocks", blocks)
    partial = {"kinds": Partial(kind_tallies, {"blocks": "sum", "characters": "sum"})}
    frame = tally(blocks[["kind", "start", "end"]], partial)["kinds"]
    total = frame["characters"].sum()
    frame["share_of_characters"] = frame["characters"] / total if total else 0.0
    return conform(frame.sort_values(["characters", "kind"], ascending=[False, True]), FURNITURE)


def column_tallies(documents: pd.DataFrame, _=None, *, column: str) -> pd.DataFrame:
    """The additive part of :func:`counts_by`: value, documents, words."""
    values = documents[column].astype(STRING).fillna("(unknown)")
    frame = (
        pd.DataFrame({"value": values, "words": documents["n_words"].astype("int64")})
        .groupby("value")
        .agg(documents=("words", "size"), words=("words", "sum"))
        .reset_index()
    )
    return frame.astype({"value": STRING, "documents": "int64", "words": "int64"})


def counts_by(documents, column: str) -> pd.DataFrame:
    """Documents and body words per value of a documents column (missing values shown as "(unknown)")."""
    documents = _documents(documents)
    partial = {"values": Partial(column_tallies, {"documents": "sum", "words": "sum"})}
    frame = tally(documents[[column, "n_words"]], partial, column=column)["values"]
    return conform(frame.sort_values(["documents", "value"], ascending=[False, True]), COUNTS_BY)


# --------------------------------------------------------------------------
# where each field came from

FIELD_SOURCE_FIELDS = ("title", "published", "author", "outlet", "url", "section")


def source_tallies(documents: pd.DataFrame, _=None) -> pd.DataFrame:
    """The additive part of :func:`field_sources`: field, source, documents."""
    given = documents["metadata_fields"].fillna("").str.split("; ")
    inferred = documents["problems"].fillna("").str.contains("outlet: inferred", regex=False)
    rows = []
    for field in FIELD_SOURCE_FIELDS:
        present = documents[field].notna().to_numpy()
        from_metadata = given.map(lambda names, field=field: field in names).to_numpy(dtype=bool)
        if field == "published":
            read = documents["published_source"].astype(STRING).fillna("page").to_numpy(dtype=object)
        else:
            read = np.full(len(documents), "page", dtype=object)
        if field == "outlet":
            read = np.where(inferred.to_numpy(), "inferred from its folder", read)
        source = np.where(from_metadata, "metadata", np.where(present, read, "missing"))
        values, counts = np.unique(source.astype(str), return_counts=True)
        rows += [(field, value, int(count)) for value, count in zip(values, counts)]
    return pd.DataFrame(rows, columns=["field", "source", "documents"]).astype(
        {"field": STRING, "source": STRING, "documents": "int64"}
    )


def field_sources(documents) -> pd.DataFrame:
    """Where each field of the documents came from, and how many documents lack it.

    One row per field (title, published, author, outlet, url, section) and
    source: ``page`` (read from the page itself), for ``published`` where on
    the page (``dateline``, ``url``, ``footer``; ``metadata`` for the markup of
    an HTML page), ``metadata`` (a sidecar table, a table's column or the load's
    arguments), ``inferred from its folder`` (an outlet), ``missing``.
    """
    documents = _documents(documents)
    columns = [*FIELD_SOURCE_FIELDS, "published_source", "metadata_fields", "problems"]
    frame = tally(documents[columns], {"sources": Partial(source_tallies, {"documents": "sum"})})["sources"]
    order = {field: position for position, field in enumerate(FIELD_SOURCE_FIELDS)}
    frame = frame.assign(_field=frame["field"].map(order)).sort_values(
        ["_field", "documents", "source"], ascending=[True, False, True]
    )
    return conform(frame, FIELD_SOURCES)
