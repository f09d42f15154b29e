"""Everything that touches disk: finding and decoding input files, fingerprints, the cache, report outputs."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import inspect
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from corpus import config

_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x0b\x7f"
# Windows-1252 read as UTF-8 then saved again: "Ã¨" for "è", "â€™" for "’".
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf™œ\u009d\u201a-\u201e\u2018-\u2019]")


@dataclass(frozen=True)
class Decoded:
    """A file's text as decoded, with the encoding used and anything worth recording."""

    text: str
    encoding: str | None
    problems: list[str] = field(default_factory=list)


# What the loader reads: pages (text and HTML), and tables of articles when loaded on their own.
PAGE_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
# A table of metadata beside the pages, keyed by file name (see corpus.loader).
SIDECAR_NAMES = tuple(f"metadata{suffix}" for suffix in (".csv", ".tsv", ".jsonl", ".parquet"))
_SKIP_REASONS = {
    ".pdf": "PDF: not read (convert it to text first, e.g. with pdftotext)",
    ".doc": "word-processor document: not read (save it as text)",
    ".docx": "word-processor document: not read (save it as text)",
    ".odt": "word-processor document: not read (save it as text)",
    ".rtf": "word-processor document: not read (save it as text)",
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff"), "image: no text to read"),
    **dict.fromkeys((".zip", ".gz", ".bz2", ".xz", ".7z", ".rar", ".tar"), "archive: not read (extract it first)"),
    **dict.fromkeys(TABLE_SUFFIXES, "a table: load it on its own, corpus.load(path, text=COLUMN)"),
    ".json": "JSON: not read (a table of articles loads as .jsonl, one article per line)",
}


@dataclass(frozen=True)
class Sources:
    """What a path given to the loader holds: pages to parse, or a table of articles, and what was left aside."""

    root: Path  # the folder that relative paths (and doc_ids) are relative to
    pages: list[Path]
    table: Path | None = None  # a table of articles, loaded one row per document
    metadata: Path | None = None  # a sidecar table of metadata beside the pages
    skipped: list[tuple[str, int, str]] = field(default_factory=list)  # (relative path, bytes, reason)


def skip_reason(name: str) -> str:
    """Why a file in a corpus folder is not read, in a sentence a user can act on."""
    if name.endswith("/"):
        return "hidden folder: not read"
    if name.startswith("."):
        return "hidden file: not read"
    suffix = Path(name).suffix.lower()
    return _SKIP_REASONS.get(suffix, f"unknown file type {suffix!r}: not read" if suffix else "no file extension: not read")


def find_sources(source: str | os.PathLike | Sequence[str | os.PathLike]) -> Sources:
    """Resolve a folder (recursive), one file or a list of files into the pages to read and what is left aside.

    A folder yields its ``.txt``/``.html`` pages, its sidecar metadata table
    (``metadata.csv``/``.tsv``/``.jsonl``/``.parquet`` at its top) and every other
    file as skipped, with the reason. One table file (``.csv``, ``.tsv``,
    ``.jsonl``, ``.parquet``) is a corpus of its own, one article per row.
    Raises ``FileNotFoundError`` naming the first path that does not exist and
    ``ValueError`` when nothing readable is found.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"corpus path does not exist: {path}")
        if path.is_dir():
            root = path.resolve()
            pages, metadata, skipped = [], None, []
            for relative, size in _walk(root):
                suffix = Path(relative).suffix.lower()
                if "/" not in relative and relative.lower() in SIDECAR_NAMES and metadata is None:
                    metadata = root / relative
                elif suffix in PAGE_SUFFIXES and not Path(relative).name.startswith("."):
                    pages.append(root / relative)
                else:
                    skipped.append((relative, size, skip_reason(relative if relative.endswith("/") else Path(relative).name)))
            if not pages:
                listed = f"; {len(skipped)} other files ({skipped[0][2]}, …)" if skipped else ""
                raise ValueError(f"no .txt or .html pages found under {path}{listed}")
            return Sources(root, pages, None, metadata, skipped)
        if path.suffix.lower() in TABLE_SUFFIXES:
            return Sources(path.resolve().parent, [], path.resolve())
        if path.suffix.lower() not in PAGE_SUFFIXES:
            raise ValueError(f"{path}: {skip_reason(path.name)}")
        return Sources(path.resolve().parent, [path.resolve()])
    paths = [Path(p) for p in source]
    if not paths:
        raise ValueError("no files given")
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"corpus file does not exist: {path}")
    resolved = [p.resolve() for p in paths]
    root = Path(os.path.commonpath([p.parent for p in resolved]))
    pages = [p for p in resolved if p.suffix.lower() in PAGE_SUFFIXES]
    skipped = [(str(p.relative_to(root)), p.stat().st_size, skip_reason(p.name)) for p in resolved if p not in pages]
    if not pages:
        raise ValueError(f"none of the {len(paths)} files given is a .txt or .html page")
    return Sources(root, sorted(dict.fromkeys(pages)), None, None, skipped)


def _walk(root: Path) -> list[tuple[str, int]]:
    """(relative path, size) of every file under ``root``, sorted; one ``scandir`` per folder."""
    found = []
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(root / folder if folder else root) as entries:
            for entry in entries:
                relative = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir():
                    if entry.name.startswith("."):
                        found.append((relative + "/", 0))  # listed as skipped, not read
                    else:
                        pending.append(relative)
                elif entry.is_file():
                    found.append((relative, entry.stat().st_size))
    return sorted(found)


def read_table_file(path: str | Path) -> pd.DataFrame:
    """A table of articles or of metadata: CSV, TSV, JSON lines or Parquet, every column as it is stored."""
    suffix = Path(path).suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix in (".jsonl", ".ndjson"):
        return pd.read_json(path, lines=True, dtype=False)
    return pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",", dtype=str, keep_default_na=False)


def read_bytes(path: str | Path) -> bytes:
    """The raw bytes of one input file."""
    with open(path, "rb") as handle:
        return handle.read()


def decode(data: bytes) -> Decoded:
    """Decode strict UTF-8 first, then Windows-1252, then Latin-1; record what happened.

    Empty and binary files decode to ``""`` with their problem recorded, so the
    caller can still give them a row.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return Decoded("", None, ["binary: undecodable UTF-16"])
    if not data.strip():
        return Decoded("", None, ["empty file"])
    head = data[:8192]
    if b"\x00" in head or len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) * 0.05:
        return Decoded("", None, ["binary file: not text"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            text = data[: error.start].decode("utf-8-sig")
            return Decoded(text, "utf-8", ["truncated: incomplete UTF-8 character at end of file"])
        for encoding in ("cp1252", "latin-1"):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                continue
        raise AssertionError("latin-1 decodes any byte string") from error
    suspicious = ("Ã" in text or "â€" in text or "Â" in text) and _MOJIBAKE.search(text)
    problems = ["encoding: looks double-encoded (mojibake)"] if suspicious else []
    return Decoded(text, "utf-8", problems)


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def file_fingerprints(files: Iterable[str | Path]) -> list[tuple[int, int]]:
    """(size, mtime_ns) of each file: what the caches compare to notice a change."""
    out = []
    for path in files:
        stat = os.stat(path)
        out.append((stat.st_size, stat.st_mtime_ns))
    return out


# --------------------------------------------------------------------------
# fingerprints of what produces a table


@functools.cache
def _file_digest(path: str, size: int, mtime_ns: int) -> bytes:
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


def fingerprint(*parts, salt: str = "") -> str:
    """A digest of what produces something: code modules, functions, resources, model folders.

    ``parts`` are module names (``"corpus.text"``: the module's source file),
    functions (their source), files, or folders (every file below them, in
    name order). Any change to any byte of them gives another digest, so a
    cache keyed by it is never read stale; a change elsewhere leaves it alone.
    ``salt`` adds settings (a model tier, a parameter).
    """
    digest = hashlib.sha1(salt.encode())
    for part in parts:
        if callable(part):
            digest.update(f"{part.__module__}.{part.__qualname__}".encode())
            digest.update(inspect.getsource(part).encode())
            continue
        if isinstance(part, str) and _MODULE_NAME.fullmatch(part):
            spec = importlib.util.find_spec(part)
            if spec is None or spec.origin is None:
                raise ModuleNotFoundError(f"cannot fingerprint module {part!r}")
            part = spec.origin
        path = Path(part)
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for file in files:
            stat = file.stat()
            digest.update(file.relative_to(path).as_posix().encode() if path.is_dir() else file.name.encode())
            digest.update(_file_digest(str(file), stat.st_size, stat.st_mtime_ns))
    return digest.hexdigest()


_MODULE_NAME = re.compile(r"corpus(?:\.\w+)+")


# --------------------------------------------------------------------------
# the cache: per-file parses, per-document layers, assembled corpora
#
# A *store* is a folder of segments. A segment (``seg-*/``) holds the rows of
# several keys (files or documents) for one or more tables, each key's rows
# contiguous, and ``keys.parquet``: per key, where its rows start and how many
# there are in each table. A segment is written under a temporary name and
# renamed when complete, so readers only ever see whole segments and any
# number of processes can add to a store at once.

KEYS_FILE = "keys.parquet"
SEGMENT_PREFIX = "seg-"


def cache_root(cache_dir: str | os.PathLike | None = None) -> Path:
    return Path(cache_dir) if cache_dir else config.cache_dir()


def segment_index(store: Path) -> pd.DataFrame:
    """Every key of a store with its segment and, per table, ``<table>_start`` and ``<table>_rows``.

    A key written twice (two processes computing the same document) is taken
    from the first segment in name order.
    """
    frames = []
    if store.is_dir():
        for segment in sorted(store.glob(f"{SEGMENT_PREFIX}*")):
            try:
                keys = pd.read_parquet(segment / KEYS_FILE)
            except (OSError, ValueError):
                continue
            frames.append(keys.assign(segment=segment.name))
    if not frames:
        return pd.DataFrame({"key": pd.Series(dtype=object), "segment": pd.Series(dtype=object)})
    index = pd.concat(frames, ignore_index=True)
    return index.drop_duplicates("key").reset_index(drop=True)


def write_segment(store: Path, keys: Sequence[str], tables: dict[str, pd.DataFrame], rows: dict[str, np.ndarray]) -> str:
    """Add a segment: ``tables[name]`` holds the rows of ``keys`` in order, ``rows[name][i]`` of key ``i``."""
    store.mkdir(parents=True, exist_ok=True)
    name = f"{SEGMENT_PREFIX}{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    temporary = store / f".tmp-{name}"
    temporary.mkdir()
    index = {"key": pd.array(list(keys), dtype=object)}
    for table, frame in tables.items():
        counts = np.asarray(rows[table], dtype=np.int64)
        index[f"{table}_start"] = np.cumsum(counts) - counts
        index[f"{table}_rows"] = counts
        frame.to_parquet(temporary / f"{table}.parquet", index=False)
    pd.DataFrame(index).to_parquet(temporary / KEYS_FILE, index=False)
    temporary.rename(store / name)
    return name


def read_rows(store: Path, index: pd.DataFrame, table: str, *, columns: Sequence[str] | None = None) -> tuple[pa.Table, np.ndarray]:
    """The rows of ``table`` for the keys of ``index`` (rows of :func:`segment_index`), in that order.

    Returns the rows and, per row, the position in ``index`` of the key it belongs to.
    """
    pieces, owners = [], []
    starts = index[f"{table}_start"].to_numpy(dtype=np.int64)
    counts = index[f"{table}_rows"].to_numpy(dtype=np.int64)
    segments = index["segment"].to_numpy(dtype=object)
    for segment in pd.unique(segments):
        chosen = np.flatnonzero(segments == segment)
        data = pq.read_table(store / segment / f"{table}.parquet", columns=list(columns) if columns else None)
        wanted_counts = counts[chosen]
        positions = _ranges(starts[chosen], wanted_counts)
        if len(positions) == data.num_rows and (positions == np.arange(data.num_rows)).all():
            pieces.append(data)
        else:
            pieces.append(data.take(pa.array(positions)))
        owners.append(np.repeat(chosen, wanted_counts))
    if not pieces:
        return None, np.empty(0, dtype=np.int64)
    owner = np.concatenate(owners)
    rows = pa.concat_tables(pieces, promote_options="permissive").unify_dictionaries() if len(pieces) > 1 else pieces[0]
    if len(owner) and (owner[1:] < owner[:-1]).any():
        order = np.argsort(owner, kind="stable")
        rows, owner = rows.take(pa.array(order)), owner[order]
    return rows, owner


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The concatenation of ``range(start, start + count)`` for each pair, vectorised."""
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    return np.arange(total, dtype=np.int64) + offsets


def store_summary(store: Path) -> dict[str, int]:
    """How many keys, segments and bytes a store holds."""
    return {
        "entries": len(segment_index(store)),
        "segments": len(list(store.glob(f"{SEGMENT_PREFIX}*"))) if store.is_dir() else 0,
        "bytes": folder_size(store),
    }


def remove(path: Path) -> None:
    """Delete a cache file or folder, if it is there."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def read_parts(folder: Path) -> pd.DataFrame | None:
    """The part files of one table (``part-NNNNN.parquet``) concatenated in order; ``None`` if any is unreadable."""
    parts = sorted(folder.glob("part-*.parquet"))
    try:
        tables = [pq.read_table(part) for part in parts]
    except (OSError, ValueError):
        return None
    if not tables:
        return None
    return pa.concat_tables(tables, promote_options="permissive").unify_dictionaries().to_pandas()


def write_part(folder: Path, number: int, frame: pd.DataFrame) -> Path:
    """Write one part of a table; one row group, so a part is one Dask partition."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"part-{number:05d}.parquet"
    temporary = folder / f".part-{number:05d}.parquet.tmp"
    frame.to_parquet(temporary, index=False, row_group_size=len(frame) + 1)
    temporary.replace(path)
    return path


def read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def write_table(frame: pd.DataFrame, name: str, *, reports_dir: Path | None = None) -> Path:
    """Write a report table to ``reports/tables/NAME.csv`` and return its path."""
    folder = (reports_dir or config.reports_dir()) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def write_figure(figure, name: str, *, reports_dir: Path | None = None) -> list[Path]:
    """Write a matplotlib figure as ``reports/figures/NAME.png`` and ``.svg``, byte-stable across runs."""
    folder = (reports_dir or config.reports_dir()) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    import matplotlib

    # A fixed salt makes the SVG's element ids, and so the file, identical on every run.
    with matplotlib.rc_context({"svg.hashsalt": "corpus"}):
        figure.savefig(paths[0], dpi=120, bbox_inches="tight", metadata={"Software": None})
        figure.savefig(paths[1], bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return paths


def write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=2, sort_keys=True)
