"""Declared dtypes of every table, applied by one function.

Each module that produces a table declares its columns once as a mapping
``column -> dtype`` and passes its frames through :func:`conform`, so the
dtypes users see are the same whatever path produced the frame (fresh parse,
Parquet cache, Dask partitions).
"""

from __future__ import annotations

from collections.abc import Mapping

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
