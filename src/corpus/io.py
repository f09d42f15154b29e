"""Everything that touches disk: finding and decoding input files, the parse cache, report outputs."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

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


def find_files(source: str | os.PathLike | Sequence[str | os.PathLike]) -> tuple[Path, list[Path]]:
    """Resolve a folder (recursive ``*.txt``), a file, or a list of files into ``(root, files)``.

    ``root`` is the folder that ``path`` values are relative to. Raises
    ``FileNotFoundError`` naming the first path that does not exist and
    ``ValueError`` when a folder holds no ``.txt`` file.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"corpus path does not exist: {path}")
        if path.is_dir():
            root = path.resolve()
            files = [root / relative for relative in _walk_txt(root)]
            if not files:
                raise ValueError(f"no .txt files found under {path}")
            return root, files
        return path.resolve().parent, [path.resolve()]
    paths = [Path(p) for p in source]
    if not paths:
        raise ValueError("no files given")
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"corpus file does not exist: {path}")
    resolved = [p.resolve() for p in paths]
    root = Path(os.path.commonpath([p.parent for p in resolved]))
    return root, sorted(dict.fromkeys(resolved))


def _walk_txt(root: Path) -> list[str]:
    """Relative paths of the ``.txt`` files under ``root``, sorted; one ``scandir`` per folder."""
    found = []
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(root / folder if folder else root) as entries:
            for entry in entries:
                relative = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir():
                    pending.append(relative)
                elif entry.name.lower().endswith(".txt") and entry.is_file():
                    found.append(relative)
    return sorted(found)


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
    """(size, mtime_ns) of each file: what the cache compares to notice a change."""
    out = []
    for path in files:
        stat = os.stat(path)
        out.append((stat.st_size, stat.st_mtime_ns))
    return out


def cache_location(root: Path, cache_dir: Path | None = None) -> Path:
    """The cache folder for one corpus root."""
    key = hashlib.sha1(str(root).encode()).hexdigest()[:16]
    return (cache_dir or config.cache_dir()) / key


def read_cache(location: Path, names: Sequence[str]) -> dict[str, pd.DataFrame] | None:
    """The cached tables, or ``None`` when any is missing or unreadable."""
    try:
        return {name: pd.read_parquet(location / f"{name}.parquet") for name in names}
    except (OSError, ValueError):
        return None


def write_cache(location: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write tables atomically enough that a crash never leaves a half-written file in use."""
    location.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        temporary = location / f".{name}.parquet.tmp"
        frame.to_parquet(temporary, index=False)
        temporary.replace(location / f"{name}.parquet")


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
