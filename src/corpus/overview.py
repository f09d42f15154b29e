"""What a corpus holds: counts, coverage, furniture set aside and problems found. Pure functions.

Each takes pandas or Dask tables: from a Dask table only the few columns
needed are computed (see :func:`corpus.schema.columns`).
"""

from __future__ import annotations

import pandas as pd

from corpus.schema import COUNTS_BY, FURNITURE, PROBLEMS, STRING, columns, conform

PROBLEMS = {"problem": STRING, "documents": "int64"}
FURNITURE = {"kind": STRING, "blocks": "int64", "characters": "int64", "share_of_characters": "float64"}
COUNTS_BY = {"value": STRING, "documents": "int64", "words": "int64"}


def summary(documents: pd.DataFrame) -> dict[str, object]:
    """Headline figures of a corpus, in display order."""
    documents = columns(documents, ["published", "problems", "duplicate_of", "outlet", "author", "n_words"])
    published = documents["published"].dropna()
    has_problem = documents["problems"].fillna("").ne("")
    return {
        "documents": len(documents),
        "documents with problems": int(has_problem.sum()),
        "byte-identical duplicates": int(documents["duplicate_of"].notna().sum()),
        "outlets": int(documents["outlet"].nunique()),
        "authors": int(documents["author"].nunique()),
        "first published": published.min() if len(published) else pd.NaT,
        "last published": published.max() if len(published) else pd.NaT,
        "undated documents": int(documents["published"].isna().sum()),
        "body words": int(documents["n_words"].sum()),
        "median body words": float(documents["n_words"].median()) if len(documents) else 0.0,
    }


def problem_counts(documents: pd.DataFrame) -> pd.DataFrame:
    """How many documents carry each kind of problem (details such as the duplicate's id left out)."""
    documents = columns(documents, ["problems"])
    problems = documents["problems"].fillna("").str.split("; ").explode()
    problems = problems[problems.ne("")].str.replace(r" to \S+$", "", regex=True)
    counts = problems.value_counts().rename_axis("problem").reset_index(name="documents")
    return conform(counts.sort_values(["documents", "problem"], ascending=[False, True]), PROBLEMS)


def furniture_share(blocks: pd.DataFrame) -> pd.DataFrame:
    """Blocks and characters per block kind: how much of the pages was article and how much furniture."""
    blocks = columns(blocks, ["kind", "start", "end"])
    lengths = blocks["end"].astype("int64") - blocks["start"].astype("int64")
    frame = (
        pd.DataFrame({"kind": blocks["kind"].astype(str), "characters": lengths})
        .groupby("kind")
        .agg(blocks=("characters", "size"), characters=("characters", "sum"))
        .reset_index()
    )
    total = frame["characters"].sum()
    frame["share_of_characters"] = frame["characters"] / total if total else 0.0
    return conform(frame.sort_values("characters", ascending=False), FURNITURE)


def counts_by(documents: pd.DataFrame, column: str) -> pd.DataFrame:
    """Documents and body words per value of a documents column (missing values shown as "(unknown)")."""
    documents = columns(documents, [column, "n_words"])
    values = documents[column].astype(STRING).fillna("(unknown)")
    frame = (
        pd.DataFrame({"value": values, "words": documents["n_words"].astype("int64")})
        .groupby("value")
        .agg(documents=("words", "size"), words=("words", "sum"))
        .reset_index()
    )
    return conform(frame.sort_values(["documents", "value"], ascending=[False, True]), COUNTS_BY)
