"""The tables of an annotated dataset as Dask DataFrames, and the analyses that run on them.

:func:`load_dask` opens a dataset written by :func:`corpus.scale.annotate` (or
writes one first) as a :class:`DaskCorpus`: the same tables, columns and dtypes
as :class:`corpus.Corpus`, as Dask DataFrames with one partition per part file.
Categorical columns (``tokens.text``...) have unknown categories: each part has
its own.

The analyses give the same frames as their pandas counterparts, because they
run the pandas code on each partition and only add up what is additive: a
document's rows all live in one partition, so counts and document frequencies
per partition sum to the corpus's; ranks, shares and orders are computed once
on the (small) summed result, the way the pandas function computes them.

Computation goes to the current Dask client (``distributed.Client(...)`` makes
itself the default), else to Dask's local threads.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from corpus import actors as actor_table
from corpus import io, scale, schema, terms, timeline
from corpus.schema import STRING, TIMESTAMP, conform


class DaskCorpus:
    """The tables of a dataset as Dask DataFrames, attributes named as on :class:`corpus.Corpus`.

    ``actors`` (when the dataset has ``mentions``) is the small per-actor
    table, computed on first use as a pandas frame, as on :class:`corpus.Corpus`.
    """

    def __init__(self, dataset_dir: str, tables: dict, rows: dict[str, int] | None = None):
        self.dataset_dir = dataset_dir
        self.tables = tables
        self.rows = rows or {}
        for name, frame in tables.items():
            setattr(self, name, frame)

    def table_sizes(self) -> pd.DataFrame:
        """One row per table: ``table``, ``rows`` (from the dataset manifest), ``partitions``, ``columns``."""
        frame = pd.DataFrame(
            {
                "table": list(self.tables),
                "rows": [self.rows.get(name, -1) for name in self.tables],
                "partitions": [frame.npartitions for frame in self.tables.values()],
                "columns": [", ".join(frame.columns) for frame in self.tables.values()],
            }
        )
        return conform(frame, {"table": STRING, "rows": "int64", "partitions": "int64", "columns": STRING})

    @functools.cached_property
    def actors(self) -> pd.DataFrame:
        if "mentions" not in self.tables:
            raise AttributeError(
                "this dataset has no mentions: annotate it with layers including 'entities' and 'mentions'"
            )
        return actors(self.mentions, self.documents)

    def __repr__(self) -> str:
        # No path: reports that show a corpus stay the same on every machine.
        documents = self.rows.get("documents", "?")
        return f"<DaskCorpus {documents} documents; tables {', '.join(self.tables)}>"


def _manifest(dataset_dir: str) -> dict | None:
    """The dataset manifest, read through fsspec so a shared or object-store URL works too."""
    import json

    import fsspec

    fs, path = fsspec.core.url_to_fs(dataset_dir)
    location = f"{path.rstrip('/')}/{scale.MANIFEST}"
    if not fs.exists(location):
        return None
    with fs.open(location, "r", encoding="utf-8") as handle:
        return json.load(handle)


def open_dataset(dataset_dir: str | os.PathLike, *, tables: Sequence[str] | None = None) -> DaskCorpus:
    """A dataset written by :func:`corpus.scale.annotate` as Dask DataFrames (nothing is read yet).

    ``dataset_dir`` is a local path, or a URL (``s3://...``) for which the matching
    fsspec filesystem is installed; either way every Dask worker must reach it.
    """
    import dask.dataframe as dd

    location = str(dataset_dir)
    manifest = _manifest(location)
    if manifest is None or manifest.get("format") != scale.FORMAT:
        raise ValueError(f"{location} is not a complete corpus dataset (no {scale.MANIFEST}); run `corpus annotate`")
    names = [name for name in scale.LAYERS if name in manifest["rows"] and (tables is None or name in tables)]
    # One partition per part file, never split: a document's rows stay together.
    frames = {
        name: dd.read_parquet(f"{location.rstrip('/')}/{name}", split_row_groups=False) for name in names
    }
    return DaskCorpus(location, frames, {name: manifest["rows"][name] for name in names})


def _running_client():
    """The Dask client this process is connected to, if any."""
    try:
        from distributed import default_client

        return default_client()
    except (ImportError, ValueError):
        return None


def load_dask(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    *,
    cache: bool = True,
    cache_dir: str | os.PathLike | None = None,
    dataset_dir: str | os.PathLike | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    client=None,
    layers: Sequence[str] = scale.DEFAULT_LAYERS,
) -> DaskCorpus:
    """A corpus as Dask DataFrames: ``source`` is a dataset folder, or pages to annotate into one.

    Given pages (a folder, a file or a list of files), they are annotated with
    :func:`corpus.scale.annotate` into ``dataset_dir`` (default: ``dataset/`` in
    the corpus's cache folder, see :func:`corpus.config.cache_dir`), unless
    ``cache`` is true and a dataset there already holds exactly these files,
    unchanged, made by this code, with every one of ``layers`` (add
    ``"entities"`` and ``"mentions"`` for actors: NER is the costly part).
    The annotation runs on ``client``'s cluster, else on the cluster this
    process is connected to, else in ``workers`` local processes.
    ``corpus.load(source, engine="dask")`` calls this.
    """
    if isinstance(source, (str, os.PathLike)) and _manifest(str(source)) is not None:
        return open_dataset(source)
    root, files = io.find_files(source)
    target = Path(dataset_dir) if dataset_dir else io.cache_location(root, cache_dir and Path(cache_dir)) / "dataset"
    existing = _manifest(str(target)) if cache else None
    current = (
        existing is not None
        and existing.get("snapshot") == scale.snapshot(root, files)
        and all(name in existing["rows"] for name in layers)
    )
    if not current:
        client = client or _running_client()
        scale.annotate(source, target, workers=workers, progress=progress, client=client, layers=layers)
    return open_dataset(target)


def connect(address: str | None = None, *, workers: int | None = None):
    """A ``distributed.Client``: to the scheduler at ``address`` (or ``$CORPUS_SCHEDULER``), else a local cluster.

    The local cluster has ``workers`` single-threaded worker processes (default:
    all cores). The client becomes the default, so every later Dask computation
    and :func:`load_dask`'s annotation run on it. Close it (``client.close()``,
    or use it as a context manager) when done.
    """
    from distributed import Client

    address = address or os.environ.get("CORPUS_SCHEDULER") or None
    if address:
        return Client(address)
    # Without an address the client starts a LocalCluster it owns: closing the client stops it.
    return Client(
        n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=None
    )


# --------------------------------------------------------------------------
# term frequencies


def _document_keys(documents, groups: list[str]) -> pd.DataFrame:
    """doc_id and what ``group_by`` needs from documents, as one small pandas frame."""
    columns = [name for name in groups if name in documents.columns]
    if any(name not in documents.columns for name in groups):
        columns.append("published")
    return documents[["doc_id", *dict.fromkeys(columns)]].compute()


def _partial_frequencies(tokens: pd.DataFrame, keys: pd.DataFrame | None, groups: list[str], options: dict):
    counts = terms.term_frequencies(tokens, documents=keys, group_by=groups or None, min_count=1, **options)
    return counts[[*groups, "term", "count", "doc_freq"]]


def _partial_words(tokens: pd.DataFrame, keys: pd.DataFrame | None, groups: list[str]) -> pd.DataFrame:
    """Non-punctuation tokens per group: the denominator of ``per_10k``."""
    words = tokens.loc[~tokens["is_punct"].to_numpy(dtype=bool), ["doc_id"]]
    if not groups:
        return pd.DataFrame({"words": [len(words)]})
    doc_ids = words["doc_id"].to_numpy()
    group_of_doc, values = terms._group_keys(keys, groups, np.unique(doc_ids).astype(object))
    per_doc = pd.Series(group_of_doc, index=np.unique(doc_ids))
    tally = np.bincount(per_doc.reindex(doc_ids).to_numpy(), minlength=len(values))
    return values.assign(words=tally)


def term_frequencies(
    tokens,
    *,
    by: str = "lower",
    n: int = 1,
    documents=None,
    group_by: str | Sequence[str] | None = None,
    drop_stop: bool = True,
    drop_punct: bool = True,
    min_count: int = 1,
) -> pd.DataFrame:
    """:func:`corpus.terms.term_frequencies` over Dask tables: the same frame, computed per partition.

    ``tokens`` is a Dask tokens table or a :class:`DaskCorpus`; ``documents`` (a
    Dask documents table) is needed for ``group_by``. Returns a pandas frame.
    """
    import dask

    if isinstance(tokens, DaskCorpus):
        tokens, documents = tokens.tokens, tokens.documents if documents is None else documents
    groups = [group_by] if isinstance(group_by, str) else list(group_by or [])
    if groups and documents is None:
        raise ValueError("group_by needs the documents table (documents=...)")
    keys = _document_keys(documents, groups) if groups else None
    options = {"by": by, "n": n, "drop_stop": drop_stop, "drop_punct": drop_punct}

    meta_counts = _partial_frequencies(tokens._meta, keys, groups, options)
    partial = tokens.map_partitions(_partial_frequencies, keys, groups, options, meta=meta_counts)
    words = tokens[["doc_id", "is_punct"]].map_partitions(
        _partial_words, keys, groups, meta=_partial_words(tokens._meta, keys, groups)
    )
    # A tree reduction, not a shuffle: the summed vocabulary comes back to this process anyway.
    totals = partial.groupby([*groups, "term"], dropna=False).agg({"count": "sum", "doc_freq": "sum"}, split_out=1)
    totals, words = dask.compute(totals, words)
    totals = totals.reset_index()
    words = words.groupby(groups, dropna=False)["words"].sum().reset_index() if groups else words.sum().to_frame().T

    totals = totals[totals["count"] >= min_count]
    if groups:
        group = totals.groupby(groups, dropna=False, sort=True).ngroup().to_numpy()
        totals = totals.merge(words, on=groups, how="left")
    else:
        group = np.zeros(len(totals), dtype=np.int64)
        totals = totals.assign(words=int(words["words"].iloc[0]))
    counts = totals["count"].to_numpy(dtype=np.int64)
    order = np.lexsort((terms._alphabetical(totals["term"].to_numpy(dtype=object)), -counts, group))
    frame = totals.iloc[order].reset_index(drop=True)
    counts, group, group_words = counts[order], group[order], frame["words"].to_numpy(dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["per_10k"] = np.where(group_words > 0, counts / group_words * 10_000, np.nan)
    frame["n"] = n
    frame["rank"] = terms._min_rank(group, counts)
    dtypes = {name: meta_counts[name].dtype for name in groups} | schema.FREQUENCIES
    return conform(frame, dtypes)


# --------------------------------------------------------------------------
# publication timeline


def _partial_timeline(documents: pd.DataFrame, freq: str, by: str | None) -> pd.DataFrame:
    dated = documents[documents["published"].notna()]
    keys = [timeline._period_start(dated["published"], freq).rename("period")]
    if by:
        keys.append(dated[by].astype(STRING).fillna("(unknown)").rename(by))
    counts = dated["n_words"].astype("int64").groupby(keys).agg(articles="size", words="sum")
    return counts.reset_index()


def publication_timeline(documents, *, freq: str = "day", by: str | None = None) -> pd.DataFrame:
    """:func:`corpus.timeline.publication_timeline` over a Dask documents table (or a :class:`DaskCorpus`)."""
    documents = getattr(documents, "documents", documents)
    if freq not in timeline.FREQUENCIES:
        raise ValueError(f"freq must be one of {sorted(timeline.FREQUENCIES)}, not {freq!r}")
    dtypes = {"period": TIMESTAMP, **({by: STRING} if by else {}), "articles": "int64", "words": "int64"}
    columns = ["published", "n_words", *([by] if by else [])]
    meta = _partial_timeline(documents._meta[columns], freq, by)
    partial = documents[columns].map_partitions(_partial_timeline, freq, by, meta=meta)
    keys = ["period", *([by] if by else [])]
    counts = partial.groupby(keys).agg({"articles": "sum", "words": "sum"}, split_out=1).compute()
    if counts.empty:
        return conform(pd.DataFrame(columns=list(dtypes)), dtypes)
    periods = counts.index.get_level_values("period")
    calendar = timeline._calendar(periods.min(), periods.max(), freq)
    if by:
        groups = sorted(counts.index.get_level_values(by).unique())
        full = pd.MultiIndex.from_product([calendar, groups], names=keys)
    else:
        full = pd.Index(calendar, name="period")
    return conform(counts.reindex(full, fill_value=0).reset_index(), dtypes)


# --------------------------------------------------------------------------
# actors


def actors(mentions, documents=None) -> pd.DataFrame:
    """:func:`corpus.actors.actors` over Dask ``mentions`` and ``documents`` (or a :class:`DaskCorpus`).

    Tallies each partition with the pandas code, adds them up (a document's
    mentions all live in one partition, so distinct documents add up too) and
    names the actors once on the summed tallies. Returns a pandas frame.
    """
    import dask

    if documents is None:
        mentions, documents = mentions.mentions, mentions.documents
    mentions = mentions[["doc_id", "actor_id", "text"]]
    # The (doc_id, published) pairs of the whole corpus: a few numbers per article.
    published = documents[["doc_id", "published"]].compute()
    counts = mentions.map_partitions(
        actor_table.actor_counts, published, meta=actor_table.actor_counts(mentions._meta, published.iloc[:0])
    )
    surfaces = mentions.map_partitions(actor_table.surface_counts, meta=actor_table.surface_counts(mentions._meta))
    counts = counts.groupby("actor_id").agg(
        {"mentions": "sum", "documents": "sum", "first": "min", "last": "max"}, split_out=1
    )
    surfaces = surfaces.groupby(["actor_id", "text"]).agg({"count": "sum"}, split_out=1)
    counts, surfaces = dask.compute(counts, surfaces)
    return actor_table.actors_from_tallies(counts.reset_index(), surfaces.reset_index())
