"""Per-document layers: what each step computes, from what, and the cache that makes it once.

A *step* computes one or more tables for a set of documents from some of their
columns and from the tables of the steps it needs, never looking at other
documents. Its result for a document is cached under the document's *key* (a
hash of the columns the step reads, directly or through the steps it needs) in
a store named by the step's *fingerprint* (a hash of the code, resources and
model files that produce it, and of its upstream fingerprints). So:

- a document is computed once per version of the code, whatever corpus it is
  loaded with and whichever engine loads it (the pandas ``Corpus``, the worker
  processes of ``corpus annotate``, a Dask cluster all read and write the same
  cache folder, :func:`corpus.config.cache_dir`);
- a new or changed article is computed alone;
- a retrained NER model recomputes entities and what is built on them, and
  nothing else.

Steps, in dependency order (``STEPS``): ``text`` (sentences, tokens), ``tags``
(each token's part of speech, features and lemma: :mod:`corpus.tagger`), ``dates``,
``entities``, ``mentions`` (each document's mention keys and the names it
links: acronyms, nicknames; resolved across the corpus by :mod:`corpus.actors`) and
``attributions`` (roles, quotes and sources with the document's own actor ids,
which the corpus-wide resolution maps to actor ids).

This module decides what to compute; :mod:`corpus.io` stores it, and a runner
(:mod:`corpus.engine.stream`) decides where jobs run.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from corpus import io, schema
from corpus.config import MODELS_DIR, RESOURCES_DIR

CHUNK_SIZE = 1000


@dataclass(frozen=True)
class Step:
    """One per-document computation: its output tables, inputs, key columns and the files that produce it."""

    name: str
    tables: tuple[str, ...]
    needs: tuple[str, ...]
    columns: tuple[str, ...]
    sources: tuple[str | Path, ...]
    compute: Callable[[pd.DataFrame, dict[str, pd.DataFrame]], dict[str, pd.DataFrame]]
    library: str = ""  # a package whose version is part of the fingerprint


def _text(documents: pd.DataFrame, inputs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    from corpus import text

    sentences, tokens = text.text_layer(documents, lang=documents["lang"])
    return {"sentences": sentences, "tokens": tokens}


def _tags(documents: pd.DataFrame, inputs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    from corpus import tagger

    return {"token_tags": tagger.tag_tokens(inputs["tokens"], documents=documents[["doc_id", "lang"]])}


def _dates(documents: pd.DataFrame, inputs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    from corpus import temporal

    return {"dates": temporal.date_mentions(documents, inputs["tokens"])}


def _entities(documents: pd.DataFrame, inputs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    from corpus import ner

    return {"entities": ner.recognize_entities(inputs["tokens"])}


def _mentions(documents: pd.DataFrame, inputs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    from corpus import actors

    keys, links = actors.mention_keys(inputs["entities"], documents, inputs["sentences"])
    return {"mention_keys": keys, "name_links": links}


def _attributions(documents: pd.DataFrame, inputs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    from corpus import actors, quotes, roles

    local = actors.local_mentions(inputs["mention_keys"])
    found = roles.roles(local, documents)
    return {
        "local_roles": found,
        "local_quotes": quotes.quotes(documents, local, found),
        "local_sources": quotes.sources(documents, local),
    }


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("text", ("sentences", "tokens"), (), ("text", "lang"),
             ("corpus.text", "corpus.artefacts", "corpus.lang", RESOURCES_DIR / "punkt_it.json",
              RESOURCES_DIR / "stopwords_it.txt"),
             _text, library="simplemma"),
        Step("tags", ("token_tags",), ("text",), ("text", "lang"),
             ("corpus.tagger", "corpus.lexicon", MODELS_DIR / "tagger_it"), _tags, library="spacy"),
        Step("dates", ("dates",), ("text",), ("text", "lang", "published"), ("corpus.temporal",), _dates),
        Step("entities", ("entities",), ("text",), ("text", "lang"),
             ("corpus.ner", "corpus.name_features", MODELS_DIR / "ner_it"), _entities, library="spacy"),
        Step("mentions", ("mention_keys", "name_links"), ("text", "entities"), ("text", "lang"),
             ("corpus.actors", "corpus.cues", "corpus.lexicon", "corpus.places", RESOURCES_DIR / "places_it.txt",
              RESOURCES_DIR / "roles_it.txt"), _mentions, library="babel"),
        Step("attributions", ("local_roles", "local_quotes", "local_sources"), ("mentions",), ("text", "lang"),
             ("corpus.actors", "corpus.roles", "corpus.quotes", "corpus.cues", "corpus.lexicon", "corpus.text",
              RESOURCES_DIR / "roles_it.txt"), _attributions),
    )
}
STEP_OF_TABLE = {table: step.name for step in STEPS.values() for table in step.tables}
DTYPES = {
    "sentences": schema.SENTENCES, "tokens": schema.TOKENS, "token_tags": schema.TOKEN_TAGS, "dates": schema.DATES,
    "entities": schema.ENTITIES,
    "mention_keys": schema.MENTION_KEYS, "name_links": schema.NAME_LINKS, "local_roles": schema.ROLES,
    "local_quotes": schema.QUOTES, "local_sources": schema.SOURCES,
}


def upstream(names: Sequence[str]) -> list[str]:
    """The steps ``names`` need, themselves included, in dependency order."""
    ordered: list[str] = []

    def visit(name: str) -> None:
        for need in STEPS[name].needs:
            visit(need)
        if name not in ordered:
            ordered.append(name)

    for name in names:
        visit(name)
    return ordered


@functools.cache
def fingerprint(name: str) -> str:
    """The digest of the code, resources and models that produce step ``name``, and of the steps it needs."""
    step = STEPS[name]
    version = ""
    if step.library:
        from importlib.metadata import version as installed

        version = f"{step.library}=={installed(step.library)}"
    parents = "|".join(fingerprint(need) for need in step.needs)
    return io.fingerprint(*step.sources, salt=f"{name}|{version}|{parents}")


def store(cache_dir: Path, name: str) -> Path:
    """The folder where step ``name`` keeps its per-document results for the current code."""
    return cache_dir / "layers" / name / fingerprint(name)[:16]


# --------------------------------------------------------------------------
# document keys


def _key_columns(name: str) -> tuple[str, ...]:
    """Every document column step ``name`` depends on, through the steps it needs."""
    columns = dict.fromkeys(STEPS[name].columns)
    for need in STEPS[name].needs:
        columns.update(dict.fromkeys(_key_columns(need)))
    return tuple(columns)


def keys_fingerprint() -> str:
    """Changes when what a document key hashes changes (a step added, a column added)."""
    spec = "|".join(f"{name}:{','.join(_key_columns(name))}" for name in STEPS)
    return hashlib.sha1(spec.encode()).hexdigest()


def _as_text(column: pd.Series) -> list[str]:
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        return ["" if pd.isna(value) else value.isoformat() for value in column]
    return ["" if value is None or value is pd.NA or value != value else str(value) for value in column.tolist()]


def document_keys(documents: pd.DataFrame) -> pd.DataFrame:
    """doc_id and, per step, each document's key: a hash of the columns the step depends on."""
    values = {name: _as_text(documents[name]) for name in {c for step in STEPS for c in _key_columns(step)}}
    frame = {"doc_id": documents["doc_id"].to_numpy(dtype=object)}
    for name in STEPS:
        columns = [values[column] for column in _key_columns(name)]
        frame[name] = [
            hashlib.blake2b("\x1f".join(row).encode(), digest_size=12).hexdigest() for row in zip(*columns)
        ]
    return pd.DataFrame(frame).astype({"doc_id": schema.DOC_ID})


# --------------------------------------------------------------------------
# where each document's rows are, and computing the missing ones


def locate(keys: pd.DataFrame, name: str, cache_dir: Path) -> pd.DataFrame:
    """Per document (rows of ``keys``, in order): the segment and row ranges of step ``name`` (NaN: not cached)."""
    index = io.segment_index(store(cache_dir, name))
    wanted = pd.DataFrame({"key": keys[name].to_numpy(dtype=object)})
    if index.empty:
        return wanted.assign(segment=None)
    return wanted.merge(index, on="key", how="left")


@dataclass(frozen=True)
class Job:
    """Documents to compute steps for: those missing from each step's store, with where their inputs are."""

    documents: pd.DataFrame | str  # the documents of this job, or the path of the part holding them
    keys: pd.DataFrame
    locations: dict[str, pd.DataFrame]  # step -> the rows of :func:`locate` for these documents
    steps: tuple[str, ...]
    cache_dir: str


def compute_job(job: Job) -> dict[str, int]:
    """Compute and cache every step of ``job.steps`` for the documents missing from it; return how many."""
    cache_dir = Path(job.cache_dir)
    if isinstance(job.documents, str):
        job = replace(job, documents=pd.read_parquet(job.documents))
    fresh: dict[str, pd.DataFrame] = {}  # this job's results, by table, for documents computed here
    computed: dict[str, int] = {}
    for name in job.steps:
        step = STEPS[name]
        located = job.locations[name]
        # A text that several documents share (a page scraped twice) is computed once, under its key.
        missing = located["segment"].isna().to_numpy() & ~job.keys[name].duplicated().to_numpy()
        computed[name] = int(missing.sum())
        if not missing.any():
            continue
        documents = job.documents[missing].reset_index(drop=True)
        inputs = {
            table: _rows_for(documents, job, table, cache_dir, fresh)
            for need in step.needs for table in STEPS[need].tables
        }
        outputs = step.compute(documents, inputs)
        keys = job.keys.loc[missing, name].tolist()
        tables, rows = {}, {}
        for table in step.tables:
            frame = schema.conform(outputs[table], DTYPES[table])
            frame = _grouped(frame, documents["doc_id"])
            rows[table] = frame["doc_id"].value_counts().reindex(documents["doc_id"], fill_value=0).to_numpy()
            tables[table] = frame.drop(columns="doc_id")
            fresh[table] = pd.concat([fresh[table], frame], ignore_index=True) if table in fresh else frame
        io.write_segment(store(cache_dir, name), keys, tables, rows)
    return computed


def _grouped(frame: pd.DataFrame, doc_ids: pd.Series) -> pd.DataFrame:
    """``frame``'s rows grouped by document in the order of ``doc_ids``, each document's rows in their order."""
    position = pd.Series(np.arange(len(doc_ids)), index=doc_ids.to_numpy(dtype=object))
    order = np.argsort(position.reindex(frame["doc_id"].to_numpy(dtype=object)).to_numpy(), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def _rows_for(documents: pd.DataFrame, job: Job, table: str, cache_dir: Path, fresh: dict) -> pd.DataFrame:
    """Table ``table`` for ``documents``: from this job's fresh results, else from the cache."""
    wanted = set(documents["doc_id"].tolist())
    if table in fresh and wanted <= set(fresh[table]["doc_id"].tolist()):
        frame = fresh[table]
        return frame[frame["doc_id"].isin(wanted)].reset_index(drop=True)
    name = STEP_OF_TABLE[table]
    chosen = job.documents["doc_id"].isin(wanted).to_numpy()
    located = job.locations[name][chosen].reset_index(drop=True)
    if located["segment"].isna().any():
        located = locate(job.keys[chosen].reset_index(drop=True), name, cache_dir)
    return read(located, job.documents.loc[chosen, "doc_id"], table, cache_dir)


def read(located: pd.DataFrame, doc_ids: Sequence[str] | pd.Series, table: str, cache_dir: Path) -> pd.DataFrame:
    """Table ``table`` for the documents whose locations (:func:`locate`) are ``located``, with their doc_ids."""
    dtypes = DTYPES[table]
    if located["segment"].isna().any():
        raise LookupError(f"{int(located['segment'].isna().sum())} documents have no {table} in the cache")
    rows, owner = io.read_rows(store(cache_dir, STEP_OF_TABLE[table]), located, table)
    if rows is None or rows.num_rows == 0:
        return schema.empty(dtypes)
    ids = pa.array(np.asarray(doc_ids, dtype=object), type=pa.string())
    rows = rows.append_column("doc_id", ids.take(pa.array(owner)))
    return schema.conform(rows.to_pandas(), dtypes)


# --------------------------------------------------------------------------
# the whole of it, for any set of documents


def jobs(
    keys: pd.DataFrame, chunks: Sequence[tuple[slice, pd.DataFrame | str]], names: Sequence[str], cache_dir: Path
) -> Iterator[Job]:
    """The jobs that compute steps ``names`` (and what they need) for the documents of ``keys`` missing them.

    ``keys`` are every document's keys (:func:`document_keys`), in corpus order;
    ``chunks`` cut them into runs, each with its documents: a frame whose rows
    align with that run of ``keys``, or the path of a Parquet part holding them
    (read by the job, wherever it runs). One job per run that misses anything.
    """
    steps = tuple(upstream(names))
    located = {name: locate(keys, name, cache_dir) for name in steps}
    for span, documents in chunks:
        share = {name: frame.iloc[span].reset_index(drop=True) for name, frame in located.items()}
        if not any(frame["segment"].isna().any() for frame in share.values()):
            continue
        if isinstance(documents, pd.DataFrame):
            documents = documents.reset_index(drop=True)
        yield Job(documents, keys.iloc[span].reset_index(drop=True), share, steps, str(cache_dir))


def chunks_of(documents: pd.DataFrame, chunk_size: int = CHUNK_SIZE) -> list[tuple[slice, pd.DataFrame]]:
    """An in-memory documents table cut into runs of ``chunk_size`` for :func:`jobs`."""
    return [
        (slice(first, first + chunk_size), documents.iloc[first : first + chunk_size])
        for first in range(0, len(documents), chunk_size)
    ]
