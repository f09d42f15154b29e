"""Additive partials, summed: how an analysis runs on one table or on many partitions unchanged.

An analysis that the engines share is written in two parts: *partials* that
tally one chunk of documents (counts, sums, minima and maxima: numbers that
add up across disjoint chunks, because a document's rows are never split), and
one *finishing* step that turns the summed tallies into the result (ranks,
shares, orders, a complete calendar). :func:`tally` runs the partials: once
over a pandas table, or partition by partition over a Dask table, combining
what comes back; the analysis then finishes. The Dask workers send back only
the tallies, never the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

import pandas as pd

from corpus.schema import is_dask


class Partial(NamedTuple):
    """A tally of one chunk: ``function(table, documents, **options)`` -> frame of key columns and values.

    ``combine`` says how each value column adds up across chunks ("sum",
    "min" or "max"); every other column is a key.
    """

    function: Callable[..., pd.DataFrame]
    combine: Mapping[str, str]


def tally(
    table,
    partials: Mapping[str, Partial],
    *,
    documents=None,
    document_columns: Sequence[str] = (),
    **options,
) -> dict[str, pd.DataFrame]:
    """The tallies of ``table`` (pandas or Dask), each partial summed over the whole table.

    ``documents`` (with ``document_columns``) is what a partial needs to know
    of each document (its outlet, its date): for a Dask table just those
    columns are computed, once, and handed to every partition.
    """
    keys = None
    if documents is not None:
        keys = documents[["doc_id", *dict.fromkeys(document_columns)]] if document_columns else documents
        if is_dask(keys):
            keys = keys.compute()
    if not is_dask(table):
        return {name: partial.function(table, keys, **options) for name, partial in partials.items()}
    import dask

    lazy = {}
    for name, partial in partials.items():
        meta = partial.function(table._meta, keys.iloc[:0] if keys is not None else None, **options)
        parts = table.map_partitions(partial.function, keys, **options, meta=meta)
        groups = [column for column in meta.columns if column not in partial.combine]
        # A tree reduction, not a shuffle: the summed tally comes back to this process anyway.
        lazy[name] = (parts.groupby(groups, dropna=False).agg(dict(partial.combine), split_out=1) if groups else parts, meta)
    computed = dask.compute(*(frame for frame, _ in lazy.values()))
    results = {}
    for (name, (_, meta)), frame in zip(lazy.items(), computed):
        groups = [column for column in meta.columns if column not in partials[name].combine]
        frame = frame.reset_index() if groups else combine([frame], partials[name].combine)
        results[name] = frame[list(meta.columns)].astype(meta.dtypes.to_dict())
    return results


def combine(frames: Sequence[pd.DataFrame], how: Mapping[str, str]) -> pd.DataFrame:
    """Tallies of several chunks as one: value columns combined by ``how``, grouped by every other column."""
    frame = pd.concat(frames, ignore_index=True)
    groups = [column for column in frame.columns if column not in how]
    if groups:
        return frame.groupby(groups, dropna=False, sort=False).agg(dict(how)).reset_index()
    return pd.DataFrame({column: [getattr(frame[column], method)()] for column, method in how.items()})
