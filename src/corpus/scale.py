"""Corpora larger than memory: stream the tables to a partitioned Parquet dataset.

:func:`annotate` turns a folder of pages into ``OUT/<table>/part-NNNNN.parquet``
(one folder per table, one file per chunk of input files, a chunk's documents
and all their rows in the same part number), working on chunks in worker
processes -- or on a Dask cluster -- with a bounded number of chunks in flight,
so the memory of every process is set by the chunk size, not the corpus size.

The corpus-level steps of :func:`corpus.loader.assemble` need every page; they
are kept exact by two passes over the files:

1. *scan*: each chunk is parsed (the parse staged on disk) and returns only
   what the corpus-level steps read: per file its sha1, outlet and a hash of
   its normalised title; the hashes of its body lines and of its teaser titles
   are staged too.
2. the coordinator derives from those the corpus context: the original of
   every byte-identical duplicate, the outlet inferred for pages naming none,
   the body lines repeated across enough pages of one outlet to be furniture,
   and the document each teaser title links to;
3. *annotate*: each chunk's parse is read back, assembled with that context and run
   through the text layer (and any other layer asked for); its tables are
   written as one part per table;
4. *resolve* (only for ``mentions``): actor names are merged across documents
   like :func:`corpus.actors.mentions` does -- a bare surname goes to the one
   full name of the corpus ending with it, an organisation to the acronym some
   document defines for it -- from the names every chunk reported in pass 3.

Duplicates, outlet inference, furniture and actor resolution are exact (the
same 64-bit line hash as the loader). Teaser links match titles by a 64-bit
hash of the normalised title, exact barring a hash collision (odds about 1e-7
at a million pages). The coordinator keeps the file list and per-file facts (a
few hundred bytes per document), 16 bytes per distinct (outlet, body line) and
the corpus's person names; everything with text in it stays in the workers, one
chunk at a time.

Every input file gets a row in ``documents``: a file that cannot be read gets
its problem recorded instead of stopping the run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from corpus import actors, furniture, io, loader
from corpus.schema import STRING, conform

FORMAT = "corpus-dataset"
MANIFEST = "dataset.json"
BASE_TABLES = ("documents", "blocks", "related")
# Layers computed per chunk from its base tables, in dependency order. Named
# entities cost far more than all the rest (a neural tagger): ask for them.
DERIVED_LAYERS = ("sentences", "tokens", "dates", "entities", "mentions")
LAYERS = BASE_TABLES + DERIVED_LAYERS
DEFAULT_LAYERS = BASE_TABLES + ("sentences", "tokens", "dates")
CHUNK_SIZE = 1000
_STAGING = "_staging"
_NO_TITLE = np.uint64(0)


@dataclass(frozen=True)
class Chunk:
    """A run of input files, in path order, starting at file number ``first``."""

    number: int
    first: int
    paths: list[str]
    relatives: list[str]
    fingerprints: list[tuple[int, int]]


@dataclass(frozen=True)
class ChunkContext:
    """What a chunk needs to know about the rest of the corpus (see the module docstring)."""

    outlet: list[str | None]
    outlet_inferred: list[bool]
    duplicate_of: list[str | None]
    furniture: frozenset[tuple[str, int]]
    linked_doc_id: dict[int, str]


# --------------------------------------------------------------------------
# work done in the worker processes


def _unreadable_row(relative: str, fingerprint: tuple[int, int], error: Exception) -> pd.DataFrame:
    row = {name: [None] for name in loader._FILES}
    row.update(path=[relative], size=[fingerprint[0]], mtime_ns=[fingerprint[1]], problems=[f"unreadable: {error}"])
    return pd.DataFrame(row)


def parse_chunk(chunk: Chunk) -> dict[str, pd.DataFrame]:
    """The loader's per-file tables for one chunk; a file that raises becomes a row with its problem."""
    try:
        return loader.parse_files(chunk.paths, chunk.relatives, chunk.fingerprints, progress=False)
    except OSError:
        parts = []
        for path, relative, fingerprint in zip(chunk.paths, chunk.relatives, chunk.fingerprints):
            try:
                parts.append(loader.parse_files([path], [relative], [fingerprint], progress=False))
            except OSError as error:
                parts.append({"files": _unreadable_row(relative, fingerprint, error)})
        dtypes = {"files": loader._FILES, "raw_blocks": loader._RAW_BLOCKS, "raw_teasers": loader._RAW_TEASERS}
        return {
            name: conform(pd.concat([p[name] for p in parts if name in p], ignore_index=True), declared)
            for name, declared in dtypes.items()
        }


def _key_hashes(keys: pd.Series) -> np.ndarray:
    """64-bit hash of each title key (:func:`corpus.loader.title_key`); 0 for an empty key."""
    keys = keys.astype(STRING).fillna("").to_numpy(dtype=object)
    return np.where(keys == "", _NO_TITLE, pd.util.hash_array(keys))


def _title_hashes(titles: pd.Series) -> np.ndarray:
    """:func:`_key_hashes` of titles that were not keyed when parsed."""
    return _key_hashes(loader._normalised_title(titles.astype(STRING).fillna("")))


def _line_hashes(texts: pd.Series) -> np.ndarray:
    """The hash :func:`corpus.furniture.repeated_body_blocks` groups lines by."""
    return pd.util.hash_array(texts.to_numpy(dtype=object))


def scan_chunk(job: tuple[Chunk, str]) -> pd.DataFrame:
    """Pass 1: per-file facts for the corpus context; stage body-line and teaser-title hashes."""
    chunk, staging = job
    raw = parse_chunk(chunk)
    files = raw["files"]
    index = pd.Series(np.arange(chunk.first, chunk.first + len(chunk.relatives)), index=chunk.relatives)
    body = raw["raw_blocks"][raw["raw_blocks"]["kind"] == "body"]
    lines = pd.DataFrame(
        {"file": index.reindex(body["path"].to_numpy()).to_numpy(), "key": _line_hashes(body["text"])}
    ).drop_duplicates()
    teasers = pd.DataFrame({"key": np.unique(_key_hashes(raw["raw_teasers"]["title_key"]))})
    lines.to_parquet(Path(staging) / f"lines-{chunk.number:05d}.parquet", index=False)
    teasers.to_parquet(Path(staging) / f"teasers-{chunk.number:05d}.parquet", index=False)
    # Reading the parse back costs a fraction of parsing again in pass 3.
    for name, frame in raw.items():
        frame.to_parquet(Path(staging) / f"{name}-{chunk.number:05d}.parquet", index=False)
    files = files.set_index("path").reindex(chunk.relatives)
    return pd.DataFrame(
        {
            "file": index.to_numpy(),
            "sha1": files["sha1"].to_numpy(),
            "outlet": files["outlet"].to_numpy(),
            "has_title": files["title"].notna().to_numpy(),
            "title_key": _key_hashes(files["title_key"]),
        }
    )


def assemble_chunk(raw: dict[str, pd.DataFrame], context: ChunkContext) -> dict[str, pd.DataFrame]:
    """:func:`corpus.loader.assemble` for one chunk, its corpus-level columns taken from ``context``.

    Lines that are furniture in the whole corpus are marked before the chunk's
    own assembly, so its body texts, word counts and languages come out right,
    except in the rare document where the chunk alone would take a line for
    furniture that the corpus does not: those documents are redone. Outlet,
    duplicates, problems and teaser links are then set from the context.
    """
    from corpus.text import detect_language

    files = raw["files"].sort_values("path", kind="stable").reset_index(drop=True)
    outlet = pd.Series(context.outlet, dtype=STRING)
    inferred = pd.Series(context.outlet_inferred, dtype=bool)
    duplicate_of = pd.Series(context.duplicate_of, dtype=STRING)

    lines = raw["raw_blocks"]
    outlet_of = pd.Series(outlet.fillna("").to_numpy(), index=files["path"].to_numpy())
    original = pd.Series(duplicate_of.isna().to_numpy(), index=files["path"].to_numpy())
    paths = lines["path"].to_numpy()
    body = (lines["kind"] == "body").to_numpy(dtype=bool)
    candidates = np.flatnonzero(body & original.reindex(paths).to_numpy(dtype=bool))
    pairs = zip(outlet_of.reindex(paths[candidates]).tolist(), _line_hashes(lines["text"].iloc[candidates]).tolist())
    is_furniture = np.zeros(len(lines), dtype=bool)
    is_furniture[candidates] = np.fromiter((p in context.furniture for p in pairs), dtype=bool, count=len(candidates))
    lines = lines.assign(kind=lines["kind"].where(~is_furniture, "boilerplate"))

    tables = loader.assemble(files, lines, raw["raw_teasers"])
    documents, blocks, related = tables["documents"], tables["blocks"], tables["related"]
    # The loader orders blocks this way: the kinds it should have kept, row for row.
    wanted = lines.assign(doc_id=loader._doc_ids(lines["path"])).sort_values(["doc_id", "block"], kind="stable")
    wanted = wanted["kind"].to_numpy(dtype=object)
    changed = blocks["kind"].to_numpy(dtype=object) != wanted
    if changed.any():
        blocks = blocks.assign(kind=pd.Categorical(wanted, categories=loader.BLOCK_KINDS))
        redo = documents["doc_id"].isin(set(blocks.loc[changed, "doc_id"])).to_numpy()
        body = blocks[(blocks["kind"] == "body") & blocks["doc_id"].isin(documents.loc[redo, "doc_id"])]
        text = body.groupby("doc_id", sort=False)["text"].agg("\n\n".join)
        text = text.reindex(documents.loc[redo, "doc_id"]).fillna("").reset_index(drop=True)
        documents.loc[redo, "text"] = text.to_numpy()
        documents.loc[redo, "n_words"] = np.array([len(t.split()) for t in text], dtype=np.int32)
        documents.loc[redo, "lang"] = pd.array(np.asarray(detect_language(text), dtype=object), dtype=STRING)

    file_problems = files["problems"].fillna("")
    file_problems = file_problems.where(
        ~inferred, file_problems.str.replace("outlet: not found", "", regex=False).str.strip("; ")
    )
    problems = loader._join_problems(
        file_problems.tolist(),
        ["outlet: inferred from the other pages of its folder" if flag else "" for flag in inferred],
        [f"duplicate: byte-identical to {d}" if isinstance(d, str) else "" for d in duplicate_of.tolist()],
    )
    documents = documents.assign(outlet=outlet.to_numpy(), duplicate_of=duplicate_of.to_numpy(), problems=problems)
    titles = _title_hashes(related["title"]).tolist()
    related = related.assign(linked_doc_id=[context.linked_doc_id.get(key) for key in titles])
    return {
        "documents": conform(documents, loader.DOCUMENTS),
        "blocks": conform(blocks, loader.BLOCKS),
        "related": conform(related, loader.RELATED),
    }


def derived_layers(documents: pd.DataFrame, layers: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The per-document layers asked for, computed exactly as :class:`corpus.Corpus` computes them.

    ``mentions`` needs the whole corpus: here it is ``mention_keys``, the
    chunk's share of it (see :func:`corpus.actors.mention_keys`).
    """
    from corpus import ner, temporal, text

    wanted = set(layers)
    out: dict[str, pd.DataFrame] = {}
    if not wanted & set(DERIVED_LAYERS):
        return out
    out["sentences"], out["tokens"] = text.text_layer(documents, lang=documents["lang"])
    if "dates" in wanted:
        out["dates"] = temporal.date_mentions(documents, out["tokens"])
    if wanted & {"entities", "mentions"}:
        out["entities"] = ner.recognize_entities(out["tokens"])
    if "mentions" in wanted:
        out["mention_keys"] = actors.mention_keys(out["entities"], documents, out["sentences"])
    return out


@dataclass(frozen=True)
class ChunkNames:
    """What a chunk's mentions tell the rest of the corpus, and what they need from it."""

    links: dict[str, str]  # acronym key -> the organisation's full key, as defined in the chunk
    surnames: dict[str, list[str]]  # surname -> full person names (keys) of the chunk
    bare: list[str]  # one-word person keys that no full name in their document claims
    organisations: list[str]


def annotate_chunk(job: tuple[Chunk, ChunkContext, str, tuple[str, ...]]) -> tuple[dict[str, int], ChunkNames | None]:
    """Pass 3: assemble one chunk with its context, derive its layers, write one part per table.

    Mentions are staged with their per-document keys for pass 4; the names
    returned are what the coordinator merges across chunks.
    """
    chunk, context, out_dir, layers = job
    staging = Path(out_dir) / _STAGING
    raw = {name: pd.read_parquet(staging / f"{name}-{chunk.number:05d}.parquet") for name in loader._PER_FILE_TABLES}
    tables = assemble_chunk(raw, context)
    tables.update(derived_layers(tables["documents"], layers))
    names = None
    if "mentions" in layers:
        keys, links = tables.pop("mention_keys")
        keys.to_parquet(staging / f"mention-keys-{chunk.number:05d}.parquet", index=False)
        names = ChunkNames(links, corpus_surnames(keys), sorted(set(keys.loc[keys["bare"], "key"])),
                           sorted(set(keys.loc[keys["kind"] == "ORG", "key"])))
    rows = {name: _write_part(tables[name], out_dir, name, chunk.number) for name in layers if name != "mentions"}
    return rows, names


def _write_part(frame: pd.DataFrame, out_dir: str, name: str, number: int) -> int:
    folder = Path(out_dir) / name
    folder.mkdir(parents=True, exist_ok=True)
    # One row group per part: a document's rows always land in one Dask partition.
    frame.to_parquet(folder / f"part-{number:05d}.parquet", index=False, row_group_size=len(frame) + 1)
    return len(frame)


def resolve_chunk(job: tuple[int, str, dict[str, str], dict[str, str]]) -> int:
    """Pass 4: the chunk's staged mention keys resolved with the corpus's names, written as its part."""
    number, out_dir, surnames, links = job
    keys = pd.read_parquet(Path(out_dir) / _STAGING / f"mention-keys-{number:05d}.parquet")
    return _write_part(actors.resolve_mentions(keys, surnames, links), out_dir, "mentions", number)


# --------------------------------------------------------------------------
# actor mentions across chunks: :func:`corpus.actors.mentions` in two steps


class CorpusNames:
    """The names of every chunk merged: full names per surname, acronym links, what each chunk needs.

    Chunks are added in order, which is document order, so a later acronym
    definition wins as in :func:`corpus.actors.mentions`.
    """

    def __init__(self) -> None:
        self.links: dict[str, str] = {}
        self.surnames: dict[str, set[str]] = {}
        self.wanted: list[ChunkNames] = []

    def add(self, names: ChunkNames) -> None:
        self.links.update(names.links)
        for surname, full_names in names.surnames.items():
            self.surnames.setdefault(surname, set()).update(full_names)
        self.wanted.append(ChunkNames({}, {}, names.bare, names.organisations))

    def for_chunk(self, number: int) -> tuple[dict[str, str], dict[str, str]]:
        """The ``surnames`` and ``links`` arguments of :func:`corpus.actors.resolve_mentions` for chunk ``number``."""
        wanted = self.wanted[number]
        surnames = {key: next(iter(self.surnames[key])) for key in wanted.bare if len(self.surnames.get(key, ())) == 1}
        links = {key: self.links[key] for key in wanted.organisations if key in self.links}
        return surnames, links


def corpus_surnames(keys: pd.DataFrame) -> dict[str, list[str]]:
    """Surname -> the full person names that end with it, among ``keys``' mentions (sorted, picklable)."""
    return {surname: sorted(names) for surname, names in actors.full_names_by_surname(keys).items()}


# --------------------------------------------------------------------------
# the coordinator


def _chunks(root: Path, files: Sequence[Path], chunk_size: int) -> list[Chunk]:
    prefix = len(str(root)) + 1
    # Path order, as the loader sorts its documents, so chunk and corpus orders agree.
    pairs = sorted((str(p)[prefix:].replace(os.sep, "/"), str(p)) for p in files)
    relatives, names = [r for r, _ in pairs], [n for _, n in pairs]
    fingerprints = io.file_fingerprints(names)
    return [
        Chunk(number, first, names[first : first + chunk_size], relatives[first : first + chunk_size],
              fingerprints[first : first + chunk_size])
        for number, first in enumerate(range(0, len(names), chunk_size))
    ]


def _code_version() -> str:
    """Changes whenever the code behind any table changes, so a stale dataset is never reused."""
    from corpus import actors, ner, temporal, text

    digest = hashlib.sha1(loader._code_version().encode())
    for module in (text, temporal, ner, actors, sys.modules[__name__]):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def snapshot(root: Path, files: Sequence[Path]) -> str:
    """A digest of the code and of every file's path, size and modification time."""
    digest = hashlib.sha1(_code_version().encode())
    prefix = len(str(root)) + 1
    names = [str(p) for p in files]
    for name, (size, mtime) in zip(names, io.file_fingerprints(names)):
        digest.update(f"{name[prefix:]}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def _ordered_results(executor: Executor | None, function: Callable, jobs: Iterable, in_flight: int) -> Iterator:
    """``map(function, jobs)`` in order, with at most ``in_flight`` jobs submitted and not yet collected."""
    if executor is None:
        yield from map(function, jobs)
        return
    pending: deque = deque()
    for job in jobs:
        pending.append(executor.submit(function, job))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _furniture(
    staging: Path, n_chunks: int, outlet_code: np.ndarray, original: np.ndarray, outlets: list[str]
) -> frozenset[tuple[str, int]]:
    """(outlet, line hash) pairs on enough original pages of the outlet to be furniture."""
    sizes = np.bincount(outlet_code[original], minlength=len(outlets))
    threshold = np.maximum(furniture.MIN_DOCUMENTS, np.ceil(sizes * furniture.MIN_SHARE))
    folded: list[pd.Series] = []
    for number in range(n_chunks):
        lines = pd.read_parquet(staging / f"lines-{number:05d}.parquet")
        lines = lines[original[lines["file"].to_numpy()]]
        pairs = pd.MultiIndex.from_arrays([outlet_code[lines["file"].to_numpy()], lines["key"].to_numpy()])
        folded.append(pd.Series(1, index=pairs).groupby(level=[0, 1]).sum())
        # Fold the partial counts together now and then so they never pile up.
        if len(folded) >= 32:
            folded = [pd.concat(folded).groupby(level=[0, 1]).sum()]
    counts = pd.concat(folded).groupby(level=[0, 1]).sum() if folded else pd.Series(dtype="int64")
    if counts.empty:
        return frozenset()
    codes = counts.index.get_level_values(0).to_numpy()
    keys = counts.index.get_level_values(1).to_numpy()
    chosen = counts.to_numpy() >= threshold[codes]
    return frozenset((outlets[c], int(k)) for c, k in zip(codes[chosen], keys[chosen]))


@dataclass(frozen=True)
class CorpusContext:
    """The corpus-level facts, per file in path order, that every chunk takes its share of."""

    doc_ids: pd.Series
    outlet: pd.Series
    outlet_inferred: np.ndarray
    duplicate_of: pd.Series
    furniture: frozenset[tuple[str, int]]
    title_index: pd.Series  # title hash -> number of the first file with that title

    def for_chunk(self, chunk: Chunk, staging: Path) -> ChunkContext:
        span = slice(chunk.first, chunk.first + len(chunk.relatives))
        teaser_keys = pd.read_parquet(staging / f"teasers-{chunk.number:05d}.parquet")["key"].to_numpy()
        found = self.title_index.reindex(teaser_keys).dropna().astype("int64")
        return ChunkContext(
            outlet=self.outlet.iloc[span].tolist(),
            outlet_inferred=self.outlet_inferred[span].tolist(),
            duplicate_of=self.duplicate_of.iloc[span].tolist(),
            furniture=self.furniture,
            linked_doc_id={int(key): self.doc_ids.iat[file] for key, file in found.items()},
        )


def corpus_context(facts: pd.DataFrame, relatives: Sequence[str], staging: Path, n_chunks: int) -> CorpusContext:
    """Originals of duplicates, inferred outlets, furniture lines and the title index of the whole corpus."""
    paths = pd.Series(relatives, dtype=STRING)
    doc_ids = loader._doc_ids(paths)
    first_with_hash = doc_ids.groupby(facts["sha1"].to_numpy()).transform("first")
    duplicate_of = first_with_hash.where(first_with_hash != doc_ids).astype(STRING)

    outlet = facts["outlet"].astype(STRING)
    inferred = loader._outlet_from_folder(paths, outlet)
    filled = (outlet.isna() & inferred.notna() & facts["has_title"]).to_numpy(dtype=bool)
    outlet = outlet.where(~filled, inferred)

    codes, uniques = pd.factorize(outlet.fillna(""))
    original = duplicate_of.isna().to_numpy(dtype=bool)
    furniture_pairs = _furniture(staging, n_chunks, codes, original, list(uniques))

    titled = facts["title_key"].to_numpy() != _NO_TITLE
    # The first document (in path order) with a title wins, as in the loader.
    title_index = pd.Series(np.flatnonzero(titled), index=facts["title_key"].to_numpy()[titled])
    title_index = title_index[~title_index.index.duplicated()]
    return CorpusContext(doc_ids, outlet, filled, duplicate_of, furniture_pairs, title_index)


def _prepare(out_dir: Path) -> None:
    """Empty ``out_dir`` for a new dataset, refusing to delete anything that is not one."""
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).exists() \
            and not (out_dir / _STAGING).exists():
        raise ValueError(f"{out_dir} is not empty and is not a corpus dataset; choose another --out")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / _STAGING).mkdir(parents=True)


def annotate(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    workers: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    layers: Sequence[str] = DEFAULT_LAYERS,
    progress: bool | None = None,
    client=None,
) -> Path:
    """Annotate a corpus of any size into a partitioned Parquet dataset at ``out_dir``.

    Writes ``out_dir/<layer>/part-NNNNN.parquet`` for each of ``layers``
    (``documents``, ``blocks``, ``related`` always; ``sentences``, ``tokens``,
    ``dates`` by default; ``entities`` and ``mentions`` -- actor mentions
    resolved across the whole corpus -- on request), one part per ``chunk_size`` input files, and
    ``out_dir/dataset.json`` last, so a dataset without it is incomplete. The
    tables are the ones :func:`corpus.load` gives, row for row (part files
    concatenated in order; categorical columns have each part's own categories).

    Chunks run in ``workers`` processes (default: all cores), or on a Dask
    cluster when ``client`` (a ``dask.distributed.Client``) is given; then the
    input files and ``out_dir`` must be on storage every worker can reach.
    At most two chunks per worker are in flight, so memory does not grow with
    the corpus. ``progress`` shows a bar per pass (default: in a terminal only).
    Replaces an existing dataset at ``out_dir``; refuses a non-empty folder
    that is not one. Returns ``out_dir``.
    """
    unknown = [name for name in layers if name not in LAYERS]
    if unknown:
        raise ValueError(f"unknown layers {unknown}; choose from {list(LAYERS)}")
    layers = tuple(dict.fromkeys([*BASE_TABLES, *(n for n in LAYERS if n in layers)]))
    root, files = io.find_files(source)
    out_dir = Path(out_dir).resolve()
    _prepare(out_dir)
    staging = out_dir / _STAGING
    chunks = _chunks(root, files, chunk_size)
    relatives = [r for chunk in chunks for r in chunk.relatives]
    fingerprint = snapshot(root, files)
    del files

    workers = workers or os.cpu_count() or 1
    executor: Executor | None = None
    if client is not None:
        executor, workers = client.get_executor(), max(1, sum(client.nthreads().values()))
    elif workers > 1 and len(chunks) > 1:
        executor = ProcessPoolExecutor(max_workers=workers)
    show = loader._show_progress(progress, len(relatives))
    try:
        scans = _ordered_results(executor, scan_chunk, ((c, str(staging)) for c in chunks), 2 * workers)
        facts = pd.concat(list(_with_progress(scans, chunks, show, "scanning")), ignore_index=True)
        context = corpus_context(facts, relatives, staging, len(chunks))
        del facts
        jobs = ((c, context.for_chunk(c, staging), str(out_dir), layers) for c in chunks)
        results = _ordered_results(executor, annotate_chunk, jobs, 2 * workers)
        rows = dict.fromkeys(layers, 0)
        names = CorpusNames()
        for counts, chunk_names in _with_progress(results, chunks, show, "annotating"):
            for name, count in counts.items():
                rows[name] += count
            if chunk_names is not None:
                names.add(chunk_names)
        if "mentions" in layers:
            jobs = ((c.number, str(out_dir), *names.for_chunk(c.number)) for c in chunks)
            resolved = _ordered_results(executor, resolve_chunk, jobs, 2 * workers)
            rows["mentions"] = sum(_with_progress(resolved, chunks, show, "resolving actors"))
    finally:
        if isinstance(executor, ProcessPoolExecutor):
            executor.shutdown(cancel_futures=True)
    shutil.rmtree(staging)
    if rows["documents"] != len(relatives):
        raise AssertionError(f"{len(relatives)} files in, {rows['documents']} documents out")
    manifest = {
        "format": FORMAT, "version": 1, "source": str(root), "files": len(relatives), "chunks": len(chunks),
        "chunk_size": chunk_size, "rows": rows, "snapshot": fingerprint,
    }
    io.write_json(out_dir / MANIFEST, manifest)
    return out_dir


def _with_progress(results: Iterable, chunks: Sequence[Chunk], show: bool, label: str) -> Iterator:
    if not show:
        yield from results
        return
    from tqdm.auto import tqdm

    with tqdm(total=sum(len(c.relatives) for c in chunks), unit="file", desc=label) as bar:
        for result, chunk in zip(results, chunks):
            bar.update(len(chunk.relatives))
            yield result


def read_manifest(dataset_dir: str | os.PathLike) -> dict:
    """The manifest of a dataset written by :func:`annotate`; ``ValueError`` if there is none."""
    path = Path(dataset_dir) / MANIFEST
    if not path.exists():
        raise ValueError(f"{dataset_dir} is not a complete corpus dataset (no {MANIFEST}); run `corpus annotate`")
    manifest = io.read_json(path)
    if manifest.get("format") != FORMAT:
        raise ValueError(f"{path} is not a corpus dataset manifest")
    return manifest


def table_parts(dataset_dir: str | os.PathLike, name: str) -> list[Path]:
    """The part files of one table of a dataset written by :func:`annotate`, in order."""
    read_manifest(dataset_dir)
    return sorted((Path(dataset_dir) / name).glob("part-*.parquet"))


def read_table(dataset_dir: str | os.PathLike, name: str) -> pd.DataFrame:
    """One table of a dataset as a single pandas frame, categorical columns kept categorical.

    For datasets that fit in memory (tests, samples); :func:`corpus.dask_engine.load_dask`
    reads any size.
    """
    parts = [pd.read_parquet(path) for path in table_parts(dataset_dir, name)]
    categorical = [c for c in parts[0].columns if isinstance(parts[0][c].dtype, pd.CategoricalDtype)]
    frame = pd.concat([p.drop(columns=categorical) for p in parts], ignore_index=True)
    for column in categorical:
        frame[column] = union_categoricals([p[column] for p in parts])
    return frame[parts[0].columns]

