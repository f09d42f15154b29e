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

import functools
import hashlib
import os
from importlib.metadata import version as _version
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from corpus import artefacts, assemble, io, lang, layers, pages_html, parse
from corpus.schema import FILES, RAW_BLOCKS, RAW_TEASERS, SKIPPED, conform, empty

CHUNK_SIZE = 1000
BASE_TABLES = ("documents", "blocks", "related")
PER_FILE_TABLES = ("files", "raw_blocks", "raw_teasers")
PER_FILE_DTYPES = {"files": FILES, "raw_blocks": RAW_BLOCKS, "raw_teasers": RAW_TEASERS}
MANIFEST = "manifest.json"
_STAGING = "_staging"

# A runner maps a function over jobs, in order, counting progress in items (see corpus.engine.stream).
Runner = Callable[..., Iterator]


@functools.cache
def parse_fingerprint() -> str:
    """What the per-file parse depends on: the page parser, decoding, language identification, the per-file rows."""
    return io.fingerprint(
        "corpus.parse", "corpus.pages_html", "corpus.lang", "corpus.artefacts", io.read_bytes, io.decode,
        io.read_table_file, parse_file, _table_row, published_value, parse_files, assemble.title_key,
        salt=f"trafilatura {_version('trafilatura')}",
    )


@dataclass(frozen=True)
class Chunk:
    """A run of input items in corpus order, starting at item number ``first``.

    An item is a page file, or a row of a table of articles (``rows``).
    """

    number: int
    first: int
    paths: list[str]
    relatives: list[str]
    fingerprints: list[tuple[int, int]]
    rows: list[int] | None = None


# The fields of a document that a table's columns, a sidecar table or the load's arguments may give.
FIELDS = ("title", "published", "author", "outlet", "url", "section")
# Column names a table of articles commonly uses for each field, tried in order.
COLUMN_NAMES = {
    "text": ("text", "body", "content", "article", "testo", "corpo"),
    "title": ("title", "headline", "titolo"),
    "published": ("published", "date", "pubdate", "published_at", "datetime", "data", "timestamp"),
    "author": ("author", "authors", "byline", "autore"),
    "outlet": ("outlet", "source", "publisher", "site", "newspaper", "testata"),
    "url": ("url", "link", "address"),
    "section": ("section", "category", "sezione", "rubrica"),
    "id": ("id", "doc_id", "article_id", "uid"),
}


@dataclass(frozen=True)
class TableSpec:
    """How a table of articles maps onto documents: field -> column, and fields given as a value for every row."""

    columns: dict[str, str]
    values: dict[str, str]


def table_spec(frame: pd.DataFrame, path: Path, **given: str | None) -> TableSpec:
    """Which columns of ``frame`` hold each field: as given, else a common name for it; ``text`` is required.

    ``outlet`` may also be the outlet of every row, when the table has no such column.
    """
    columns, values = {}, {}
    for name, candidates in COLUMN_NAMES.items():
        chosen = given.get(name)
        if chosen is not None:
            if chosen in frame.columns:
                columns[name] = chosen
            elif name == "outlet":
                values[name] = chosen
            else:
                raise ValueError(f"{path.name} has no column {chosen!r} for {name}; its columns: {list(frame.columns)}")
            continue
        found = next((c for c in candidates if c in frame.columns), None)
        if found is not None:
            columns[name] = found
    if "text" not in columns:
        raise ValueError(f"{path.name}: which column holds the article text? pass text=COLUMN; its columns: {list(frame.columns)}")
    return TableSpec(columns, values)


@dataclass(frozen=True)
class Plan:
    """What a corpus is made of, how it is chunked, and where its cache lives."""

    root: Path
    chunks: list[Chunk]
    cache_dir: Path
    snapshot: str
    table: TableSpec | None = None
    metadata: Path | None = None
    outlet: str | dict[str, str] | None = None
    skipped: tuple[tuple[str, int, str], ...] = ()

    @property
    def folder(self) -> Path:
        """This corpus's folder in the cache: its assembled parts and manifest."""
        key = f"{self.root}\0{self.chunks[0].paths[0] if self.table else ''}"
        return self.cache_dir / "corpora" / hashlib.sha1(key.encode()).hexdigest()[:16]

    @property
    def parse_store(self) -> Path:
        return self.cache_dir / "parse" / self.snapshot.split(":")[0][:16]

    @property
    def relatives(self) -> list[str]:
        return [relative for chunk in self.chunks for relative in chunk.relatives]


def plan(
    sources: io.Sources, *, cache_dir: Path, chunk_size: int = CHUNK_SIZE, metadata: str | os.PathLike | None = None,
    outlet: str | dict[str, str] | None = None, **columns: str | None,
) -> Plan:
    """Chunk the items of ``sources`` (pages in path order, or a table's rows) and fingerprint them.

    ``metadata`` is a sidecar table (default: the one found beside the pages);
    ``outlet`` the outlet of every page, or of the pages under each folder
    (``{"ansa": "ANSA", "repubblica/2023": "la Repubblica"}``); ``columns``
    name a table's columns (``text=``, ``title=``, ``published=`` …).
    """
    root = sources.root
    spec = None
    if sources.table is not None:
        if isinstance(outlet, str):
            # For a table, ``outlet`` names its column, or is the outlet of every row.
            columns, outlet = {**columns, "outlet": outlet}, None
        frame = io.read_table_file(sources.table)
        spec = table_spec(frame, sources.table, **columns)
        ids = frame[spec.columns["id"]].astype(str).tolist() if "id" in spec.columns else [f"{i:06d}" for i in range(len(frame))]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{sources.table.name}: the id column {spec.columns.get('id')!r} repeats values")
        stem = sources.table.stem
        relatives = [f"{stem}/{identifier}" for identifier in ids]
        names = [str(sources.table)] * len(ids)
        rows = list(range(len(ids)))
        fingerprints = io.file_fingerprints([sources.table]) * len(ids)
    else:
        if any(value for value in columns.values()):
            raise ValueError(f"column names ({', '.join(k for k, v in columns.items() if v)}) apply to a table of articles, not to pages")
        prefix = len(str(root)) + 1
        pairs = sorted((str(p)[prefix:].replace(os.sep, "/"), str(p)) for p in sources.pages)
        relatives, names = [r for r, _ in pairs], [n for _, n in pairs]
        rows = None
        fingerprints = io.file_fingerprints(names)
    chunks = [
        Chunk(number, first, names[first : first + chunk_size], relatives[first : first + chunk_size],
              fingerprints[first : first + chunk_size], rows[first : first + chunk_size] if rows is not None else None)
        for number, first in enumerate(range(0, len(names), chunk_size))
    ]
    sidecar = Path(metadata) if metadata is not None else sources.metadata
    code = parse_fingerprint()
    settings = repr((spec, outlet, str(sidecar), io.file_fingerprints([sidecar]) if sidecar else None))
    digest = hashlib.sha1(f"{code}\0{layers.keys_fingerprint()}\0{chunk_size}\0{settings}".encode())
    for relative, (size, mtime) in zip(relatives, fingerprints):
        digest.update(f"{relative}\0{size}\0{mtime}\n".encode())
    return Plan(root, chunks, cache_dir, f"{code}:{digest.hexdigest()}", spec, sidecar, outlet, tuple(sources.skipped))


# --------------------------------------------------------------------------
# one item


def _file_row(relative: str, size: int, mtime_ns: int, sha1: str | None, encoding: str | None, page: parse.Page,
              problems: list[str], body: str) -> tuple:
    return (
        relative, size, mtime_ns, sha1, encoding, page.title, page.subtitle, page.published, page.published_source,
        page.updated, page.author, page.outlet, page.source, page.translator, page.url, page.section,
        "; ".join(page.tags), "; ".join(problems), lang.language_of(body),
        assemble.title_key(page.title) if page.title else "",
    )


def parse_file(
    path: str, relative: str, size: int, mtime_ns: int, row: int | None = None, table: TableSpec | None = None
) -> tuple[tuple, list[tuple], list[tuple]]:
    """Read and parse one item -- a page file, or row ``row`` of a table -- into a file row, block rows, teaser rows."""
    if row is not None:
        page, text, sha1 = _table_row(path, size, mtime_ns, row, table)
        encoding, problems = None, page.problems
    else:
        data = io.read_bytes(path)
        decoded = io.decode(data)
        sha1, encoding = io.sha1(data), decoded.encoding
        if not decoded.text:
            page = parse.Page()
        elif Path(path).suffix.lower() in (".html", ".htm"):
            page = pages_html.read_html(decoded.text)[1]
        else:
            page = parse.parse_page(decoded.text)
        problems = decoded.problems + ([] if decoded.problems and not decoded.text else page.problems)
    # The body before corpus-level furniture is known: the same text for nearly every page,
    # so its language is found here, where the page is parsed; assembly redoes the few it changes.
    body = "\n\n".join(b.text for b in page.blocks if b.kind == "body")
    if artefacts.has_artefacts(body):
        problems = [*problems, artefacts.PROBLEM]
    file_row = _file_row(relative, size, mtime_ns, sha1, encoding, page, problems, body)
    # Words per block: a body's word count is their sum, since a block never splits a word.
    block_rows = [(relative, i, b.kind, b.text, b.start, b.end, len(b.text.split())) for i, b in enumerate(page.blocks)]
    teaser_rows = [
        (relative, t.block, t.title, t.author, t.outlet, t.source, t.snippet, assemble.title_key(t.title))
        for t in page.teasers
    ]
    return file_row, block_rows, teaser_rows


@functools.lru_cache(maxsize=2)
def _table(path: str, size: int, mtime_ns: int) -> pd.DataFrame:
    return io.read_table_file(path)


def _table_row(path: str, size: int, mtime_ns: int, row: int, spec: TableSpec) -> tuple[parse.Page, str, str]:
    """Row ``row`` of a table of articles as a page: its text column as the body, its other columns as fields."""
    record = _table(path, size, mtime_ns).iloc[row]

    def value(field: str) -> str | None:
        if field in spec.values:
            return spec.values[field]
        column = spec.columns.get(field)
        if column is None:
            return None
        item = record[column]
        return None if item is None or (not isinstance(item, str) and pd.isna(item)) else str(item).strip() or None

    text = value("text") or ""
    page = parse.parse_body(text)
    page.title, page.author, page.url, page.section = value("title"), value("author"), value("url"), value("section")
    page.outlet = value("outlet") or page.outlet
    page.published = published_value(value("published"))
    if page.published is not None:
        page.published_source = "metadata"
    elif value("published"):
        page.problems.append(f"published: {value('published')!r} is not a date")
    if page.title is None:
        page.problems.append("title: none in the table")
    if page.published is None and not value("published"):
        page.problems.append("published: none in the table")
    if page.author is None:
        page.problems.append("author: none in the table")
    if page.outlet is None:
        page.problems.append("outlet: not found")
    return page, text, io.sha1(text.encode("utf-8"))


def published_value(value) -> datetime | None:
    """A publication time given as data (a table cell, a sidecar): Italian or ISO forms, in Rome's local time."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if not isinstance(value, str):
        stamp = pd.Timestamp(value)
        return (stamp.tz_convert(parse.ROME).tz_localize(None) if stamp.tzinfo else stamp).to_pydatetime()
    found = parse.find_date(value)
    if found is not None:
        return found[1]
    stamp = pd.to_datetime(value, errors="coerce", dayfirst=True)
    if pd.isna(stamp):
        return None
    return (stamp.tz_convert(parse.ROME).tz_localize(None) if stamp.tzinfo else stamp).to_pydatetime()


def _unreadable_row(relative: str, size: int, mtime_ns: int, error: OSError) -> tuple:
    row = dict.fromkeys(FILES)
    row.update(path=relative, size=size, mtime_ns=mtime_ns, problems=f"unreadable: {error}")
    return tuple(row.values())


def parse_files(
    paths: Sequence[str], relatives: Sequence[str], fingerprints: Sequence[tuple[int, int]],
    rows: Sequence[int | None] | None = None, table: TableSpec | None = None,
) -> dict[str, pd.DataFrame]:
    """The per-file tables (``files``, ``raw_blocks``, ``raw_teasers``) of these items, in this order.

    A file that cannot be read becomes a row with its problem recorded.
    """
    files, blocks, teasers = [], [], []
    rows = rows if rows is not None else [None] * len(paths)
    for path, relative, (size, mtime_ns), row in zip(paths, relatives, fingerprints, rows):
        try:
            file_row, block_rows, teaser_rows = parse_file(path, relative, size, mtime_ns, row, table)
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


def _item_keys(chunk: Chunk, table: TableSpec | None) -> list[str]:
    rows = chunk.rows if chunk.rows is not None else [None] * len(chunk.paths)
    return [
        hashlib.blake2b(f"{path}\0{size}\0{mtime}\0{row}\0{table!r}".encode(), digest_size=12).hexdigest()
        for path, (size, mtime), row in zip(chunk.paths, chunk.fingerprints, rows)
    ]


def parsed_chunk(chunk: Chunk, store: Path, table: TableSpec | None = None) -> dict[str, pd.DataFrame]:
    """The chunk's per-item tables, from the parse cache where its items are unchanged, parsing the rest."""
    keys = _item_keys(chunk, table)
    index = io.segment_index(store)
    index = index.set_index("key").reindex(keys) if len(index) else pd.DataFrame(index=keys, columns=["segment"])
    missing = np.flatnonzero(index["segment"].isna().to_numpy())
    if len(missing):
        fresh = parse_files([chunk.paths[i] for i in missing], [chunk.relatives[i] for i in missing],
                            [chunk.fingerprints[i] for i in missing],
                            [chunk.rows[i] for i in missing] if chunk.rows is not None else None, table)
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


def scan_chunk(job: tuple[Chunk, str, str, TableSpec | None]) -> pd.DataFrame:
    """Scan one chunk: its per-file facts; its body-line keys are staged for the context."""
    chunk, store, staging, table = job
    raw = parsed_chunk(chunk, Path(store), table)
    files = _in_order(raw["files"], chunk.relatives)
    lines = assemble.body_line_keys(files, raw["raw_blocks"], chunk.first)
    lines.to_parquet(Path(staging) / f"lines-{chunk.number:05d}.parquet", index=False)
    assemble.teaser_hashes(raw["raw_teasers"]).to_parquet(Path(staging) / f"teasers-{chunk.number:05d}.parquet")
    return assemble.file_facts(files)


def _in_order(files: pd.DataFrame, relatives: Sequence[str]) -> pd.DataFrame:
    return files.set_index("path", drop=False).loc[list(relatives)].reset_index(drop=True)


def assemble_job(job: tuple[Chunk, assemble.Context, str, str, TableSpec | None]) -> dict[str, int]:
    """Assemble one chunk with its share of the context; write one part per table and its layer keys."""
    chunk, context, store, folder, table = job
    raw = parsed_chunk(chunk, Path(store), table)
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
    scans = run(scan_chunk, [(c, str(store), str(staging), corpus_plan.table) for c in chunks], "parsing", sizes)
    facts = pd.concat(list(scans), ignore_index=True)
    given, unmatched = overrides(corpus_plan)
    lines = (pd.read_parquet(staging / f"lines-{c.number:05d}.parquet") for c in chunks)
    context = assemble.corpus_context(assemble.with_overrides(facts, given), lines, given)
    del facts
    jobs = (
        (c, context.for_files(c.first, len(c.relatives), _staged_teasers(staging, c)), str(store), str(folder),
         corpus_plan.table)
        for c in chunks
    )
    rows = dict.fromkeys((*BASE_TABLES, "keys"), 0)
    for counts in run(assemble_job, jobs, "assembling", sizes):
        for name, count in counts.items():
            rows[name] += count
    io.remove(staging)
    skipped = pd.DataFrame([*corpus_plan.skipped, *unmatched], columns=list(SKIPPED))
    io.write_part(folder / "skipped", 0, conform(skipped, SKIPPED) if len(skipped) else empty(SKIPPED))
    rows["skipped"] = len(skipped)
    if rows["documents"] != len(corpus_plan.relatives):
        raise AssertionError(f"{len(corpus_plan.relatives)} files in, {rows['documents']} documents out")
    io.write_json(manifest, {"snapshot": corpus_plan.snapshot, "chunks": len(chunks), "rows": rows,
                             "root": str(corpus_plan.root)})
    return rows


def _staged_teasers(staging: Path, chunk: Chunk) -> np.ndarray:
    return pd.read_parquet(staging / f"teasers-{chunk.number:05d}.parquet")["key"].to_numpy()


def overrides(corpus_plan: Plan) -> tuple[pd.DataFrame, list[tuple[str, int, str]]]:
    """What the sidecar table and the ``outlet`` argument say of each item (in corpus order), and unmatched sidecar rows.

    Columns: the :data:`FIELDS` (missing where nothing is given; ``published``
    as naive Rome time) and ``fields``, the names given, "; "-joined. A sidecar
    row is matched to an item by its file name (relative path, with or without
    extension, or a unique base name); a row that names no item is returned
    for the ``skipped`` table.
    """
    relatives = corpus_plan.relatives
    given = pd.DataFrame({name: pd.Series([None] * len(relatives), dtype=object) for name in FIELDS})
    unmatched: list[tuple[str, int, str]] = []
    if corpus_plan.outlet is not None:
        given["outlet"] = [_outlet_for(relative, corpus_plan.outlet) for relative in relatives]
    if corpus_plan.metadata is not None:
        sidecar = io.read_table_file(corpus_plan.metadata)
        key = next((c for c in ("file", "path", "filename", "file_name", "name", "doc_id") if c in sidecar.columns), None)
        if key is None:
            raise ValueError(f"{corpus_plan.metadata.name}: which column names the files? call it 'file'; its columns: "
                             f"{list(sidecar.columns)}")
        position = _positions(relatives)
        columns = {name: next((c for c in COLUMN_NAMES[name] if c in sidecar.columns), None) for name in FIELDS}
        for index, record in enumerate(sidecar.to_dict("records")):
            found = position.get(str(record[key]).strip().replace(os.sep, "/"))
            if found is None:
                unmatched.append((f"{corpus_plan.metadata.name} row {index + 1}", 0,
                                  f"metadata for a file that is not in the corpus: {record[key]!r}"))
                continue
            for name, column in columns.items():
                value = record[column] if column else None
                if value is not None and not (not isinstance(value, str) and pd.isna(value)) and str(value).strip():
                    given.at[found, name] = published_value(value) if name == "published" else str(value).strip()
    present = given.notna().to_numpy()
    given["fields"] = ["; ".join(name for name, set_ in zip(FIELDS, row) if set_) for row in present]
    return given, unmatched


def _positions(relatives: Sequence[str]) -> dict[str, int]:
    """Every name a sidecar may use for an item: its relative path, without extension, its unique base name."""
    names: dict[str, int] = {}
    bases: dict[str, list[int]] = {}
    for index, relative in enumerate(relatives):
        stem = relative.rsplit(".", 1)[0] if "." in relative.rsplit("/", 1)[-1] else relative
        names[relative] = names[stem] = index
        for base in {relative.rsplit("/", 1)[-1], stem.rsplit("/", 1)[-1]}:
            bases.setdefault(base, []).append(index)
    for base, found in bases.items():
        if len(found) == 1:
            names.setdefault(base, found[0])
    return names


def _outlet_for(relative: str, outlet: str | dict[str, str]) -> str | None:
    """The outlet the load's ``outlet`` argument gives an item: one for all, or the longest matching folder's."""
    if isinstance(outlet, str):
        return outlet
    folders = [folder for folder in outlet if relative.startswith(folder.strip("/") + "/") or folder.strip("/") == ""]
    return outlet[max(folders, key=len)] if folders else None


def read_tables(corpus_plan: Plan) -> dict[str, pd.DataFrame]:
    """The base tables of a built corpus, every part concatenated (the pandas engine)."""
    from corpus.schema import BLOCKS, DOCUMENTS, RELATED

    dtypes = {"documents": DOCUMENTS, "blocks": BLOCKS, "related": RELATED, "skipped": SKIPPED}
    tables = {}
    for name, declared in dtypes.items():
        frame = io.read_parts(corpus_plan.folder / name)
        tables[name] = conform(frame, declared) if frame is not None else empty(declared)
    return tables
