"""Files -> parsed pages -> the ``documents``, ``blocks`` and ``related`` tables, for a corpus of any size.

One flow for every size and engine:

1. the files (:func:`corpus.io.find_files`) are cut into chunks of
   :data:`CHUNK_SIZE`, in path order;
2. *scan* (:func:`scan_chunk`, one job per chunk): each file is read, decoded and
   parsed (:func:`parse_file`) -- or taken from the parse cache, keyed by the
   file's path, size and modification time and by the fingerprint of the parsing
   code -- and the chunk reports the small facts the corpus context needs;
3. *context*: :func:`corpus.assemble.corpus_context` reduces the facts of every
   file (duplicates, outlets, furniture lines, teaser titles);
4. *assemble* (:func:`assemble_job`, one job per chunk): the chunk's parse rows
   and its share of the context give its part of the final tables, written into
   the corpus's cache folder as ``<table>/part-NNNNN.parquet``, with each
   document's layer keys (:func:`corpus.layers.document_keys`).

Jobs run through a runner (:mod:`corpus.engine.stream`): in this process for a
small corpus, in worker processes or on a Dask cluster for a large one. A corpus
whose files and code are unchanged since the last load is read back from its
parts without parsing anything.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from corpus import assemble, io, lang, layers, parse
from corpus.schema import FILES, RAW_BLOCKS, RAW_TEASERS, conform, empty

CHUNK_SIZE = 1000
BASE_TABLES = ("documents", "blocks", "related")
PER_FILE_TABLES = ("files", "raw_blocks", "raw_teasers")
PER_FILE_DTYPES = {"files": FILES, "raw_blocks": RAW_BLOCKS, "raw_teasers": RAW_TEASERS}
MANIFEST = "manifest.json"
_STAGING = "_staging"

# A runner maps a function over jobs, in order, counting progress in items (see corpus.engine.stream).
Runner = Callable[..., Iterator]


def parse_fingerprint() -> str:
    """What the per-file parse depends on: the page parser, decoding, language identification, the per-file rows."""
    return io.fingerprint(
        "corpus.parse", "corpus.lang", io.read_bytes, io.decode, parse_file, parse_files, assemble.title_key,
    )


@dataclass(frozen=True)
class Chunk:
    """A run of input files, in path order, starting at file number ``first``."""

    number: int
    first: int
    paths: list[str]
    relatives: list[str]
    fingerprints: list[tuple[int, int]]


@dataclass(frozen=True)
class Plan:
    """Where a corpus's cache lives and how its files are chunked."""

    root: Path
    chunks: list[Chunk]
    cache_dir: Path
    snapshot: str

    @property
    def folder(self) -> Path:
        """This corpus's folder in the cache: its assembled parts and manifest."""
        return self.cache_dir / "corpora" / hashlib.sha1(str(self.root).encode()).hexdigest()[:16]

    @property
    def parse_store(self) -> Path:
        return self.cache_dir / "parse" / self.snapshot.split(":")[0][:16]

    @property
    def relatives(self) -> list[str]:
        return [relative for chunk in self.chunks for relative in chunk.relatives]


def plan(root: Path, files: Sequence[Path], *, cache_dir: Path, chunk_size: int = CHUNK_SIZE) -> Plan:
    """Chunk ``files`` (path order) and fingerprint them with the code that reads them."""
    prefix = len(str(root)) + 1
    pairs = sorted((str(p)[prefix:].replace(os.sep, "/"), str(p)) for p in files)
    relatives, names = [r for r, _ in pairs], [n for _, n in pairs]
    fingerprints = io.file_fingerprints(names)
    chunks = [
        Chunk(number, first, names[first : first + chunk_size], relatives[first : first + chunk_size],
              fingerprints[first : first + chunk_size])
        for number, first in enumerate(range(0, len(names), chunk_size))
    ]
    code = parse_fingerprint()
    digest = hashlib.sha1(f"{code}\0{layers.keys_fingerprint()}\0{chunk_size}".encode())
    for relative, (size, mtime) in zip(relatives, fingerprints):
        digest.update(f"{relative}\0{size}\0{mtime}\n".encode())
    return Plan(root, chunks, cache_dir, f"{code}:{digest.hexdigest()}")


# --------------------------------------------------------------------------
# one file


def parse_file(path: str, relative: str, size: int, mtime_ns: int) -> tuple[tuple, list[tuple], list[tuple]]:
    """Read, decode and parse one file into a file row, its block rows and its teaser rows."""
    data = io.read_bytes(path)
    decoded = io.decode(data)
    page = parse.parse_page(decoded.text) if decoded.text else parse.Page()
    problems = decoded.problems + ([] if decoded.problems and not decoded.text else page.problems)
    # The body before corpus-level furniture is known: the same text for nearly every page,
    # so its language is found here, where the page is parsed; assembly redoes the few it changes.
    body = "\n\n".join(b.text for b in page.blocks if b.kind == "body")
    file_row = (
        relative, size, mtime_ns, io.sha1(data), decoded.encoding, page.title, page.published,
        page.author, page.outlet, page.source, page.translator, "; ".join(problems), lang.language_of(body),
        assemble.title_key(page.title) if page.title else "",
    )
    # Words per block: a body's word count is their sum, since a block never splits a word.
    block_rows = [(relative, i, b.kind, b.text, b.start, b.end, len(b.text.split())) for i, b in enumerate(page.blocks)]
    teaser_rows = [
        (relative, t.block, t.title, t.author, t.outlet, t.source, t.snippet, assemble.title_key(t.title))
        for t in page.teasers
    ]
    return file_row, block_rows, teaser_rows


def _unreadable_row(relative: str, size: int, mtime_ns: int, error: OSError) -> tuple:
    row = dict.fromkeys(FILES)
    row.update(path=relative, size=size, mtime_ns=mtime_ns, problems=f"unreadable: {error}")
    return tuple(row.values())


def parse_files(
    paths: Sequence[str], relatives: Sequence[str], fingerprints: Sequence[tuple[int, int]]
) -> dict[str, pd.DataFrame]:
    """The per-file tables (``files``, ``raw_blocks``, ``raw_teasers``) of these files, in this order.

    A file that cannot be read becomes a row with its problem recorded.
    """
    files, blocks, teasers = [], [], []
    for path, relative, (size, mtime_ns) in zip(paths, relatives, fingerprints):
        try:
            file_row, block_rows, teaser_rows = parse_file(path, relative, size, mtime_ns)
        except OSError as error:
            file_row, block_rows, teaser_rows = _unreadable_row(relative, size, mtime_ns, error), [], []
        files.append(file_row)
        blocks.extend(block_rows)
        teasers.extend(teaser_rows)
    return {
        "files": _frame(files, FILES),
        "raw_blocks": _frame(blocks, RAW_BLOCKS),
        "raw_teasers": _frame(teasers, RAW_TEASERS),
    }


def _frame(rows: list[tuple], dtypes: dict) -> pd.DataFrame:
    """Rows of tuples as a frame with the declared dtypes, built column by column."""
    if not rows:
        return empty(dtypes)
    columns = list(zip(*rows))
    return conform(pd.DataFrame(dict(zip(dtypes, map(list, columns))), columns=list(dtypes)), dtypes)


# --------------------------------------------------------------------------
# the parse cache: per file, keyed by its path, size and modification time


def _file_keys(paths: Sequence[str], fingerprints: Sequence[tuple[int, int]]) -> list[str]:
    return [
        hashlib.blake2b(f"{path}\0{size}\0{mtime}".encode(), digest_size=12).hexdigest()
        for path, (size, mtime) in zip(paths, fingerprints)
    ]


def parsed_chunk(chunk: Chunk, store: Path) -> dict[str, pd.DataFrame]:
    """The chunk's per-file tables, from the parse cache where its files are unchanged, parsing the rest."""
    keys = _file_keys(chunk.paths, chunk.fingerprints)
    index = io.segment_index(store)
    index = index.set_index("key").reindex(keys) if len(index) else pd.DataFrame(index=keys, columns=["segment"])
    missing = np.flatnonzero(index["segment"].isna().to_numpy())
    if len(missing):
        fresh = parse_files([chunk.paths[i] for i in missing], [chunk.relatives[i] for i in missing],
                            [chunk.fingerprints[i] for i in missing])
        rows = {name: _rows_per_file(fresh[name], [chunk.relatives[i] for i in missing]) for name in PER_FILE_TABLES}
        io.write_segment(store, [keys[i] for i in missing], fresh, rows)
        if len(missing) == len(keys):
            return fresh
        index = io.segment_index(store).set_index("key").reindex(keys)
    located = index.reset_index().rename(columns={"index": "key"})
    relatives = np.asarray(chunk.relatives, dtype=object)
    tables = {}
    for name, dtypes in PER_FILE_DTYPES.items():
        rows, owner = io.read_rows(store, located, name)
        if rows is None:
            tables[name] = empty(dtypes)
            continue
        # The same file may have been parsed under another root: paths are this corpus's.
        tables[name] = conform(rows.to_pandas().assign(path=relatives[owner]), dtypes)
    return tables


def _rows_per_file(frame: pd.DataFrame, relatives: Sequence[str]) -> np.ndarray:
    counts = frame["path"].value_counts()
    return counts.reindex(list(relatives), fill_value=0).to_numpy(dtype=np.int64)


# --------------------------------------------------------------------------
# the jobs


def scan_chunk(job: tuple[Chunk, str, str]) -> pd.DataFrame:
    """Scan one chunk: its per-file facts; its body-line keys are staged for the context."""
    chunk, store, staging = job
    raw = parsed_chunk(chunk, Path(store))
    files = _in_order(raw["files"], chunk.relatives)
    lines = assemble.body_line_keys(files, raw["raw_blocks"], chunk.first)
    lines.to_parquet(Path(staging) / f"lines-{chunk.number:05d}.parquet", index=False)
    assemble.teaser_hashes(raw["raw_teasers"]).to_parquet(Path(staging) / f"teasers-{chunk.number:05d}.parquet")
    return assemble.file_facts(files)


def _in_order(files: pd.DataFrame, relatives: Sequence[str]) -> pd.DataFrame:
    return files.set_index("path", drop=False).loc[list(relatives)].reset_index(drop=True)


def assemble_job(job: tuple[Chunk, assemble.Context, str, str]) -> dict[str, int]:
    """Assemble one chunk with its share of the context; write one part per table and its layer keys."""
    chunk, context, store, folder = job
    raw = parsed_chunk(chunk, Path(store))
    files = _in_order(raw["files"], chunk.relatives)
    tables = assemble.assemble_chunk(files, raw["raw_blocks"], raw["raw_teasers"], context)
    tables["keys"] = layers.document_keys(tables["documents"])
    for name, frame in tables.items():
        io.write_part(Path(folder) / name, chunk.number, frame)
    return {name: len(frame) for name, frame in tables.items()}


def _inline(function: Callable, jobs: Iterable, label: str, sizes: Sequence[int]) -> Iterator:
    return map(function, jobs)


def build(corpus_plan: Plan, *, run: Runner = _inline) -> dict[str, int]:
    """Scan, reduce the context and assemble every chunk into the corpus's folder; return the row counts.

    Skips everything when the folder already holds this snapshot.
    """
    folder = corpus_plan.folder
    manifest = folder / MANIFEST
    if manifest.exists():
        meta = io.read_json(manifest)
        if meta.get("snapshot") == corpus_plan.snapshot:
            return meta["rows"]
    io.remove(folder)
    staging = folder / _STAGING
    staging.mkdir(parents=True)
    store = corpus_plan.parse_store
    chunks = corpus_plan.chunks
    sizes = [len(c.relatives) for c in chunks]
    facts = pd.concat(
        list(run(scan_chunk, [(c, str(store), str(staging)) for c in chunks], "parsing", sizes)),
        ignore_index=True,
    )
    lines = (pd.read_parquet(staging / f"lines-{c.number:05d}.parquet") for c in chunks)
    context = assemble.corpus_context(facts, lines)
    del facts
    jobs = (
        (c, context.for_files(c.first, len(c.relatives), _staged_teasers(staging, c)), str(store), str(folder))
        for c in chunks
    )
    rows = dict.fromkeys((*BASE_TABLES, "keys"), 0)
    for counts in run(assemble_job, jobs, "assembling", sizes):
        for name, count in counts.items():
            rows[name] += count
    io.remove(staging)
    if rows["documents"] != len(corpus_plan.relatives):
        raise AssertionError(f"{len(corpus_plan.relatives)} files in, {rows['documents']} documents out")
    io.write_json(manifest, {"snapshot": corpus_plan.snapshot, "chunks": len(chunks), "rows": rows,
                             "root": str(corpus_plan.root)})
    return rows


def _staged_teasers(staging: Path, chunk: Chunk) -> np.ndarray:
    return pd.read_parquet(staging / f"teasers-{chunk.number:05d}.parquet")["key"].to_numpy()


def read_tables(corpus_plan: Plan) -> dict[str, pd.DataFrame]:
    """The base tables of a built corpus, every part concatenated (the pandas engine)."""
    from corpus.schema import BLOCKS, DOCUMENTS, RELATED

    dtypes = {"documents": DOCUMENTS, "blocks": BLOCKS, "related": RELATED}
    tables = {}
    for name, declared in dtypes.items():
        frame = io.read_parts(corpus_plan.folder / name)
        tables[name] = conform(frame, declared) if frame is not None else empty(declared)
    return tables
