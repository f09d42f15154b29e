"""Declared dtypes of every table, applied by one function.

Each module that produces a table declares its columns once as a mapping
``column -> dtype`` and passes its frames through :func:`conform`, so the
dtypes users see are the same whatever path produced the frame (fresh parse,
Parquet cache, Dask partitions).

:func:`is_dask` and :func:`columns` let the analysis functions take Dask
tables too (see :mod:`corpus.dask_engine`).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

import pandas as pd

STRING = pd.StringDtype()
ROME = "Europe/Rome"
TIMESTAMP = pd.DatetimeTZDtype(unit="ns", tz=ROME)


def empty(dtypes: Mapping[str, object]) -> pd.DataFrame:
    """An empty frame with the declared columns and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def conform(frame: pd.DataFrame, dtypes: Mapping[str, object]) -> pd.DataFrame:
    """Return ``frame`` with exactly the declared columns, in order, with their dtypes.

    Raises ``KeyError`` naming any declared column that is missing, so a producer
    that forgets a column fails loudly instead of yielding a ragged table.
    """
    missing = [name for name in dtypes if name not in frame.columns]
    if missing:
        raise KeyError(f"table is missing declared columns: {missing}")
    if frame.empty:
        return empty(dtypes)
    out = frame.loc[:, list(dtypes)].copy()
    for name, dtype in dtypes.items():
        if out[name].dtype != dtype:
            out[name] = out[name].astype(dtype)
    return out.reset_index(drop=True)


def is_dask(data) -> bool:
    """Whether ``data`` is a Dask DataFrame, or a corpus whose tables are (``DaskCorpus``).

    Never imports Dask: if ``dask.dataframe`` was not imported, nothing can be a Dask frame.
    """
    dataframe = sys.modules.get("dask.dataframe")
    if dataframe is None:
        return False
    return isinstance(data, dataframe.DataFrame) or isinstance(getattr(data, "documents", None), dataframe.DataFrame)


def columns(frame, names: Sequence[str]) -> pd.DataFrame:
    """``frame[names]`` as a pandas frame: a Dask table computes just those columns.

    For the per-document analyses (counts, summaries, calendars), whose inputs
    are a few numbers per article: a million articles give a frame of tens of MB.
    """
    selected = frame[list(names)]
    return selected.compute() if is_dask(selected) else selected
