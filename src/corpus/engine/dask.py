"""A corpus of any size as Dask DataFrames, read partition by partition from the same cache as ``Corpus``.

:func:`load` runs the pipeline's jobs on a Dask cluster (or in local worker
processes): parsing and assembly (:mod:`corpus.loader`), then the per-document
layers asked for (:mod:`corpus.layers`), each document computed once and
cached. The result is a :class:`DaskCorpus`: the tables of :class:`corpus.Corpus`,
same columns and dtypes, one partition per chunk of documents (a document's
rows never straddle two), each partition reading its rows from the cache.

The package's analyses take a ``DaskCorpus`` as they take a ``Corpus``: they
tally each partition on the workers and sum (:mod:`corpus.tally`), so only
small tallies come back. Computation goes to the current Dask client
(``distributed.Client(...)`` makes itself the default), else to Dask's local
threads.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from corpus import actors as actor_table
from corpus import quotes as quote_table
from corpus import io, layers, loader, schema
from corpus.engine import stream
from corpus.tally import Partial, tally

DEFAULT_LAYERS = ("sentences", "tokens", "dates")
BASE_DTYPES = {"documents": schema.DOCUMENTS, "blocks": schema.BLOCKS, "related": schema.RELATED}
PUBLIC_DTYPES = {**BASE_DTYPES, "sentences": schema.SENTENCES, "tokens": schema.TAGGED_TOKENS, "dates": schema.DATES,
                 "entities": schema.ENTITIES,
                 "mentions": schema.MENTIONS, "roles": schema.ROLES, "quotes": schema.QUOTES, "sources": schema.SOURCES}
# The public tables and the step that makes each (mentions, roles, quotes, sources are resolved across the corpus).
TABLE_STEPS = {"sentences": "text", "tokens": "tags", "dates": "dates", "entities": "entities",
               "mentions": "mentions", "roles": "attributions", "quotes": "attributions", "sources": "attributions"}


def _read_part(path: str, dtypes: dict) -> pd.DataFrame:
    return schema.conform(pd.read_parquet(path), dtypes)


def _read_layer(job: tuple[pd.DataFrame, list[str], str, str]) -> pd.DataFrame:
    located, doc_ids, table, cache_dir = job
    if not len(located):
        return schema.empty(layers.DTYPES[table])
    return layers.read(located, doc_ids, table, Path(cache_dir))


def _read_tokens(job: tuple[pd.DataFrame, pd.DataFrame, list[str], str]) -> pd.DataFrame:
    """The tokens of a partition with their tags (``Corpus.tokens``)."""
    from corpus import tagger

    text_located, tags_located, doc_ids, cache_dir = job
    if not len(text_located):
        return schema.empty(schema.TAGGED_TOKENS)
    tokens = layers.read(text_located, doc_ids, "tokens", Path(cache_dir))
    return tagger.with_tags(tokens, layers.read(tags_located, doc_ids, "token_tags", Path(cache_dir)))


def _resolved_mentions(keys: pd.DataFrame, names: actor_table.Names) -> pd.DataFrame:
    return actor_table.resolve_mentions(keys, names)


def _with_actor_ids(frame: pd.DataFrame, keys: pd.DataFrame, column: str, names: actor_table.Names) -> pd.DataFrame:
    mapping = actor_table.actor_id_map(keys, names)
    if column == "speaker":
        return quote_table.with_speakers(frame, mapping)
    return actor_table.with_actor_ids(frame, column, mapping)


def surname_pairs(keys: pd.DataFrame, _=None) -> pd.DataFrame:
    """The additive part of the corpus's surnames: (surname, full name) pairs of a chunk, each counted once."""
    pairs = [(surname, name) for surname, names in actor_table.full_names_by_surname(keys).items() for name in names]
    return pd.DataFrame(pairs, columns=["surname", "name"]).astype({"surname": schema.STRING, "name": schema.STRING}).assign(
        chunks=1
    )


class DaskCorpus:
    """The tables of a corpus as Dask DataFrames, named as on :class:`corpus.Corpus` (``skipped`` stays pandas).

    ``actors`` (when ``mentions`` were computed) is the small per-actor table,
    a pandas frame computed on first use, as on :class:`corpus.Corpus`.
    """

    def __init__(
        self, tables: dict, rows: dict[str, int] | None = None, *, name: str | None = None,
        skipped: pd.DataFrame | None = None,
    ):
        self.tables = tables
        self.rows = rows or {}
        self.name = name
        self.skipped = skipped if skipped is not None else schema.empty(schema.SKIPPED)
        for table, frame in tables.items():
            setattr(self, table, frame)

    def table_sizes(self) -> pd.DataFrame:
        """One row per table: ``table``, ``rows``, ``partitions``, ``columns``."""
        frame = pd.DataFrame(
            {
                "table": list(self.tables),
                "rows": [self.rows.get(name, -1) for name in self.tables],
                "partitions": [frame.npartitions for frame in self.tables.values()],
                "columns": [", ".join(frame.columns) for frame in self.tables.values()],
            }
        )
        return schema.conform(frame, schema.TABLE_SIZES)

    @functools.cached_property
    def actors(self) -> pd.DataFrame:
        if "mentions" not in self.tables:
            raise AttributeError("this corpus has no mentions: load it with layers including 'entities' and 'mentions'")
        return actor_table.actors(self)

    def __repr__(self) -> str:
        # No path: reports that show a corpus stay the same on every machine.
        documents = self.rows.get("documents", "?")
        return f"<DaskCorpus {documents} documents; tables {', '.join(self.tables)}>"


def _running_client():
    """The Dask client this process is connected to, if any."""
    try:
        from distributed import default_client

        return default_client()
    except (ImportError, ValueError):
        return None


def load(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    *,
    cache: bool = True,
    cache_dir: str | os.PathLike | None = None,
    workers: int | None = None,
    client=None,
    progress: bool | None = None,
    layers: Sequence[str] | None = None,
    metadata: str | os.PathLike | None = None,
    outlet: str | dict[str, str] | None = None,
    **columns: str,
) -> DaskCorpus:
    """A corpus as Dask DataFrames: ``source`` is pages (a folder, a file, a list) or a dataset ``corpus annotate`` exported.

    Pages are parsed and the layers of ``layers`` (table names; default
    sentences, tokens, dates; add ``"entities"`` and ``"mentions"`` for actors,
    ``"quotes"`` for quotes: NER is the costly part) computed where the cache
    lacks them, on ``client``'s cluster, else the cluster this process is
    connected to, else in ``workers`` local processes. ``corpus.load(source,
    engine="dask")`` calls this. With a remote cluster, the pages and the cache
    folder must be on storage every worker reaches at the same path.
    """
    if isinstance(source, (str, os.PathLike)) and (Path(source) / stream.DATASET_MANIFEST).exists():
        return open_dataset(source)
    wanted = list(DEFAULT_LAYERS if layers is None else layers)
    unknown = [name for name in wanted if name not in TABLE_STEPS and name not in BASE_DTYPES]
    if unknown:
        raise ValueError(f"unknown layers {unknown}; choose from {list(TABLE_STEPS)}")
    steps = list(dict.fromkeys(TABLE_STEPS[name] for name in wanted if name in TABLE_STEPS))
    temporary = None if cache else tempfile.mkdtemp(prefix="corpus-")
    plan = stream.annotate(source, steps=steps, cache_dir=temporary or cache_dir, workers=workers,
                           client=client or _running_client(), progress=progress, metadata=metadata, outlet=outlet,
                           **columns)
    return corpus_tables(plan, [name for name in wanted if name in TABLE_STEPS])


def corpus_tables(plan: loader.Plan, wanted: Sequence[str]) -> DaskCorpus:
    """The base tables of a built corpus and the layer tables ``wanted``, as Dask DataFrames."""
    import dask.dataframe as dd

    manifest = io.read_json(plan.folder / loader.MANIFEST)
    tables = {
        name: dd.from_map(functools.partial(_read_part, dtypes=dtypes),
                          [str(p) for p in sorted((plan.folder / name).glob("part-*.parquet"))],
                          meta=schema.empty(dtypes), enforce_metadata=False)
        for name, dtypes in BASE_DTYPES.items()
    }
    rows = {name: manifest["rows"][name] for name in BASE_DTYPES}
    keys = stream.read_keys(plan)
    chunks = stream.part_chunks(plan, keys)
    steps = {TABLE_STEPS[name] for name in wanted} | ({"mentions"} if {"roles", "quotes", "sources"} & set(wanted) else set())
    steps |= {"text"} if "tokens" in wanted else set()
    located = {step: layers.locate(keys, step, plan.cache_dir) for step in steps}
    doc_ids = keys["doc_id"].to_numpy(dtype=object)

    def layer(table: str, public: str | None = None):
        step = layers.STEP_OF_TABLE[table]
        if public:
            rows[public] = int(located[step][f"{table}_rows"].sum())
        jobs = [(located[step].iloc[span].reset_index(drop=True), doc_ids[span].tolist(), table, str(plan.cache_dir))
                for span, _ in chunks]
        return dd.from_map(_read_layer, jobs, meta=schema.empty(layers.DTYPES[table]), enforce_metadata=False)

    def tagged_tokens():
        rows["tokens"] = int(located["text"]["tokens_rows"].sum())
        jobs = [(located["text"].iloc[span].reset_index(drop=True), located["tags"].iloc[span].reset_index(drop=True),
                 doc_ids[span].tolist(), str(plan.cache_dir)) for span, _ in chunks]
        return dd.from_map(_read_tokens, jobs, meta=schema.empty(schema.TAGGED_TOKENS), enforce_metadata=False)

    for name in ("sentences", "tokens", "dates", "entities"):
        if name in wanted:
            tables[name] = tagged_tokens() if name == "tokens" else layer(name, name)
    if steps & {"mentions", "attributions"}:
        keys_table = layer("mention_keys", "mentions" if "mentions" in wanted else None)
        pairs = tally(keys_table, {"pairs": Partial(surname_pairs, {"chunks": "sum"})})["pairs"]
        surnames = pairs.groupby("surname")["name"].agg(set).to_dict()
        links = layer("name_links").compute()
        places = tally(keys_table, {"places": Partial(actor_table.place_votes, {"lone": "sum", "documents": "sum", "people": "sum"})})
        names = actor_table.corpus_names(surnames, links, places["places"])
        votes = tally(keys_table, {"votes": Partial(actor_table.type_votes, {"count": "sum"})}, names=names)["votes"]
        names = actor_table.corpus_names(surnames, links, places["places"], votes)
        if "mentions" in wanted:
            tables["mentions"] = keys_table.map_partitions(_resolved_mentions, names, meta=schema.empty(schema.MENTIONS))
        for table, column in (("roles", "actor_id"), ("quotes", "speaker"), ("sources", "source")):
            if table in wanted:
                local = layer(f"local_{table}", table)
                tables[table] = local.map_partitions(_with_actor_ids, keys_table, column, names,
                                                     meta=schema.empty(layers.DTYPES[f"local_{table}"]),
                                                     align_dataframes=False)
    skipped = io.read_parts(plan.folder / "skipped")
    return DaskCorpus(tables, rows, name=plan.root.name,
                      skipped=schema.conform(skipped, schema.SKIPPED) if skipped is not None else None)


def export(corpus: DaskCorpus, out_dir: str | os.PathLike, *, source: str = "") -> Path:
    """Write every table of ``corpus`` as ``out_dir/<table>/part-NNNNN.parquet`` (one part per partition).

    ``out_dir/dataset.json`` is written last, so a dataset without it is
    incomplete; :func:`open_dataset` (or ``corpus.load(out_dir, engine="dask")``)
    reads it back. Replaces a dataset already there; refuses a non-empty folder
    that is not one.
    """
    import dask

    out = Path(out_dir)
    if out.exists() and any(out.iterdir()) and not (out / stream.DATASET_MANIFEST).exists():
        raise ValueError(f"{out} is not empty and is not a corpus dataset; choose another --out")
    io.remove(out)
    rows = {}
    for name, frame in corpus.tables.items():
        writes = [dask.delayed(io.write_part)(out / name, number, part) for number, part in enumerate(frame.to_delayed())]
        dask.compute(*writes)
        rows[name] = int(sum(len(pd.read_parquet(path, columns=[])) for path in sorted((out / name).glob("part-*.parquet"))))
    io.write_json(out / stream.DATASET_MANIFEST, {
        "format": stream.FORMAT, "version": 2, "source": source or (corpus.name or ""),
        "partitions": next(iter(corpus.tables.values())).npartitions, "rows": rows,
    })
    return out


def open_dataset(dataset_dir: str | os.PathLike) -> DaskCorpus:
    """A dataset exported by ``corpus annotate --out`` as Dask DataFrames (one partition per part file)."""
    import dask.dataframe as dd

    manifest = io.read_json(Path(dataset_dir) / stream.DATASET_MANIFEST)
    if manifest.get("format") != stream.FORMAT:
        raise ValueError(f"{dataset_dir} is not a corpus dataset")
    tables = {
        name: dd.from_map(functools.partial(_read_part, dtypes=PUBLIC_DTYPES[name]),
                          [str(p) for p in sorted((Path(dataset_dir) / name).glob("part-*.parquet"))],
                          meta=schema.empty(PUBLIC_DTYPES[name]), enforce_metadata=False)
        for name in PUBLIC_DTYPES if name in manifest["rows"]
    }
    return DaskCorpus(tables, manifest["rows"], name=Path(manifest["source"]).name)


def connect(address: str | None = None, *, workers: int | None = None):
    """A ``distributed.Client``: to the scheduler at ``address`` (or ``$CORPUS_SCHEDULER``), else a local cluster.

    The local cluster has ``workers`` single-threaded worker processes (default:
    all cores). The client becomes the default, so every later Dask computation
    and :func:`load`'s jobs run on it. Close it (``client.close()``, or use it
    as a context manager) when done.
    """
    from distributed import Client

    address = address or os.environ.get("CORPUS_SCHEDULER") or None
    if address:
        return Client(address)
    # Without an address the client starts a LocalCluster it owns: closing the client stops it. Its
    # dashboard takes a free port: several clusters on one machine (tests, notebooks) never clash.
    return Client(
        n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
