"""Files -> parsed pages -> the tidy ``documents``, ``blocks`` and ``related`` tables.

The flow is: find files (``io``) -> decode and parse each one (``parse``),
cached per file by size and modification time -> corpus-level steps that need
every page at once (duplicates, repeated furniture, outlet inference, teaser
links) -> tables with declared dtypes.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from corpus import furniture, io, parse, text
from corpus.schema import ROME, STRING, TIMESTAMP, conform, empty

DOCUMENTS = {
    "doc_id": STRING, "path": STRING, "title": STRING, "published": TIMESTAMP, "author": STRING,
    "outlet": STRING, "source": STRING, "translator": STRING, "text": STRING, "n_words": "int32",
    "n_blocks": "int32", "lang": STRING, "encoding": STRING, "n_bytes": "int64", "sha1": STRING,
    "duplicate_of": STRING, "problems": STRING,
}
BLOCKS = {
    "doc_id": STRING, "block": "int32", "kind": "category", "text": STRING, "start": "int32", "end": "int32",
}
RELATED = {
    "doc_id": STRING, "block": "int32", "title": STRING, "author": STRING, "outlet": STRING,
    "source": STRING, "snippet": STRING, "linked_doc_id": STRING,
}
BLOCK_KINDS = ["url", "section", "title", "subtitle", "header", "dateline", "byline", "body", "boilerplate", "related_heading", "related", "tags", "footer"]

# Per-file parse results, the unit the cache keeps and refreshes.
_FILES = {
    "path": STRING, "size": "int64", "mtime_ns": "int64", "sha1": STRING, "encoding": STRING,
    "title": STRING, "published": "datetime64[ns]", "author": STRING, "outlet": STRING, "source": STRING,
    "translator": STRING, "problems": STRING, "lang": STRING, "title_key": STRING,
}
_RAW_BLOCKS = {
    "path": STRING, "block": "int32", "kind": STRING, "text": STRING, "start": "int32", "end": "int32",
    "n_words": "int32",
}
_RAW_TEASERS = {
    "path": STRING, "block": "int32", "title": STRING, "author": STRING, "outlet": STRING,
    "source": STRING, "snippet": STRING, "title_key": STRING,
}
_PER_FILE_TABLES = ("files", "raw_blocks", "raw_teasers")
_FINAL_TABLES = ("documents", "blocks", "related")
# Below this many files a progress bar would only flicker.
PROGRESS_MIN_FILES = 200
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 2000


def _code_version() -> str:
    """Changes whenever the parsing code changes, so stale caches are never read."""
    digest = hashlib.sha1()
    for module in (parse, furniture, text, sys.modules[__name__]):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def parse_file(path: str, relative: str, size: int, mtime_ns: int) -> tuple[tuple, list[tuple], list[tuple]]:
    """Read, decode and parse one file into a file row, its block rows and its teaser rows."""
    data = io.read_bytes(path)
    decoded = io.decode(data)
    page = parse.parse_page(decoded.text) if decoded.text else parse.Page()
    problems = decoded.problems + ([] if decoded.problems and not decoded.text else page.problems)
    # The body before corpus-level furniture is known: the same text for nearly every page,
    # so its language is found here, in parallel; assemble() redoes the few pages it changes.
    body = "\n\n".join(b.text for b in page.blocks if b.kind == "body")
    file_row = (
        relative, size, mtime_ns, io.sha1(data), decoded.encoding, page.title, page.published,
        page.author, page.outlet, page.source, page.translator, "; ".join(problems), text.language_of(body),
        title_key(page.title) if page.title else "",
    )
    # Words per block: a body's word count is their sum, since a block never splits a word.
    block_rows = [(relative, i, b.kind, b.text, b.start, b.end, len(b.text.split())) for i, b in enumerate(page.blocks)]
    teaser_rows = [
        (relative, t.block, t.title, t.author, t.outlet, t.source, t.snippet, title_key(t.title)) for t in page.teasers
    ]
    return file_row, block_rows, teaser_rows


def _parse_chunk(args: tuple[list[str], list[str], list[tuple[int, int]]]) -> dict[str, pd.DataFrame]:
    """The per-file tables of a run of files, built where they were parsed (cheap to send back)."""
    paths, relatives, fingerprints = args
    files, blocks, teasers = [], [], []
    for path, relative, (size, mtime_ns) in zip(paths, relatives, fingerprints):
        file_row, block_rows, teaser_rows = parse_file(path, relative, size, mtime_ns)
        files.append(file_row)
        blocks.extend(block_rows)
        teasers.extend(teaser_rows)
    return {
        "files": _frame(files, _FILES),
        "raw_blocks": _frame(blocks, _RAW_BLOCKS),
        "raw_teasers": _frame(teasers, _RAW_TEASERS),
    }


def _frame(rows: list[tuple], dtypes: dict) -> pd.DataFrame:
    """Rows of tuples as a frame with the declared dtypes, built column by column."""
    columns = list(zip(*rows)) if rows else [() for _ in dtypes]
    return conform(pd.DataFrame(dict(zip(dtypes, map(list, columns))), columns=list(dtypes)), dtypes)


def _show_progress(progress: bool | None, total: int) -> bool:
    if progress is not None:
        return progress
    quiet = os.environ.get("CI") or "PYTEST_CURRENT_TEST" in os.environ
    return not quiet and total >= PROGRESS_MIN_FILES and sys.stderr.isatty()


def parse_files(
    paths: Sequence[str],
    relatives: Sequence[str],
    fingerprints: Sequence[tuple[int, int]],
    *,
    workers: int = 1,
    progress: bool | None = None,
) -> dict[str, pd.DataFrame]:
    """Parse files into the per-file tables (``files``, ``raw_blocks``, ``raw_teasers``)."""
    chunk = 256
    jobs = [
        (list(paths[i : i + chunk]), list(relatives[i : i + chunk]), list(fingerprints[i : i + chunk]))
        for i in range(0, len(paths), chunk)
    ]
    parts: list[dict[str, pd.DataFrame]] = []
    bar = None
    if _show_progress(progress, len(paths)):
        from tqdm.auto import tqdm

        bar = tqdm(total=len(paths), unit="file", desc="parsing")
    if workers > 1 and len(jobs) > 1:
        executor = ProcessPoolExecutor(max_workers=workers)
        results: Iterable = executor.map(_parse_chunk, jobs)
    else:
        executor = None
        results = map(_parse_chunk, jobs)
    try:
        for tables, job in zip(results, jobs):
            parts.append(tables)
            if bar is not None:
                bar.update(len(job[0]))
    finally:
        if executor is not None:
            executor.shutdown()
        if bar is not None:
            bar.close()
    declared = {"files": _FILES, "raw_blocks": _RAW_BLOCKS, "raw_teasers": _RAW_TEASERS}
    return {
        name: conform(pd.concat([part[name] for part in parts], ignore_index=True), dtypes)
        if parts else empty(dtypes)
        for name, dtypes in declared.items()
    }


def _doc_ids(paths: pd.Series) -> pd.Series:
    return paths.str.replace(r"\.txt$", "", regex=True, case=False)


# Punctuation that does not tell two titles apart: "Kazakistan, il presidente…" = "Kazakistan il presidente…".
_TITLE_PUNCTUATION = re.compile(r"[\"“”«»‘’'`.,:;!?()\[\]–—-]")


def title_key(title: str) -> str:
    """A title casefolded, without punctuation, single-spaced: what teaser links match on."""
    return " ".join(_TITLE_PUNCTUATION.sub(" ", title.casefold()).split())


def _normalised_title(titles: pd.Series) -> pd.Series:
    keys = [title_key(t) if isinstance(t, str) else None for t in titles.to_numpy(dtype=object)]
    return pd.Series(pd.array(keys, dtype=STRING), index=titles.index)


def _join_problems(*columns: Sequence) -> list[str]:
    return ["; ".join(p for p in row if isinstance(p, str) and p) for row in zip(*columns)]


def assemble(files: pd.DataFrame, raw_blocks: pd.DataFrame, raw_teasers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Corpus-level steps over per-file results: the final ``documents``, ``blocks`` and ``related``.

    A document whose body lost blocks to furniture (``boilerplate``, here or
    marked by the caller) gets its language found again on the final body;
    the others keep the language :func:`parse_file` found.
    """
    files = files.sort_values("path", kind="stable").reset_index(drop=True)
    doc_ids = _doc_ids(files["path"])
    doc_of_path = pd.Series(doc_ids.to_numpy(), index=files["path"].to_numpy())

    first_with_hash = doc_ids.groupby(files["sha1"].to_numpy()).transform("first")
    duplicate_of = first_with_hash.where(first_with_hash != doc_ids).astype(STRING)

    outlet = files["outlet"].copy()
    inferred = _outlet_from_folder(files["path"], outlet)
    extra_problems = pd.Series("", index=files.index, dtype=STRING)
    filled = outlet.isna() & inferred.notna() & files["title"].notna()
    outlet = outlet.where(~filled, inferred)
    extra_problems = extra_problems.where(~filled, "outlet: inferred from the other pages of its folder")
    file_problems = files["problems"].fillna("")
    file_problems = file_problems.where(
        ~filled, file_problems.str.replace("outlet: not found", "", regex=False).str.strip("; ")
    )

    blocks = raw_blocks.assign(doc_id=doc_of_path.reindex(raw_blocks["path"].to_numpy()).to_numpy())
    provisional = pd.DataFrame({"doc_id": doc_ids, "outlet": outlet, "duplicate_of": duplicate_of})
    kind = blocks["kind"].where(~furniture.repeated_body_blocks(blocks, provisional), "boilerplate")
    blocks = blocks.assign(kind=pd.Categorical(kind, categories=BLOCK_KINDS))

    body_text = pd.Series(_body_texts(blocks, doc_ids.to_numpy(dtype=object)), index=doc_ids.to_numpy())
    n_blocks = blocks.groupby("doc_id", sort=False).size().reindex(doc_ids).fillna(0)
    published = files["published"].dt.tz_localize(ROME, ambiguous="NaT", nonexistent="shift_forward")
    languages = files["lang"].to_numpy(dtype=object).copy()
    trimmed = np.flatnonzero(doc_ids.isin(set(blocks.loc[blocks["kind"] == "boilerplate", "doc_id"])).to_numpy())
    languages[trimmed] = [text.language_of(body) for body in body_text.to_numpy()[trimmed]]

    documents = pd.DataFrame(
        {
            "doc_id": doc_ids,
            "path": files["path"],
            "title": files["title"],
            "published": published,
            "author": files["author"],
            "outlet": outlet,
            "source": files["source"],
            "translator": files["translator"],
            "text": body_text.to_numpy(),
            "n_words": _body_words(blocks, doc_ids),
            "n_blocks": n_blocks.to_numpy(),
            "lang": np.asarray(languages, dtype=object),
            "encoding": files["encoding"],
            "n_bytes": files["size"],
            "sha1": files["sha1"],
            "duplicate_of": duplicate_of,
            "problems": _join_problems(
                file_problems.tolist(),
                extra_problems.tolist(),
                [f"duplicate: byte-identical to {d}" if isinstance(d, str) else "" for d in duplicate_of.tolist()],
            ),
        }
    )

    related = raw_teasers.assign(doc_id=doc_of_path.reindex(raw_teasers["path"].to_numpy()).to_numpy())
    # Title keys were made where each page was parsed (title_key).
    doc_by_title = pd.Series(documents["doc_id"].to_numpy(), index=files["title_key"].fillna("").to_numpy())
    doc_by_title = doc_by_title[~doc_by_title.index.duplicated() & (doc_by_title.index != "")]
    linked = doc_by_title.reindex(related["title_key"].to_numpy()).to_numpy()
    related = related.assign(linked_doc_id=linked)
    return {
        "documents": conform(documents, DOCUMENTS),
        "blocks": conform(blocks.sort_values(["doc_id", "block"], kind="stable"), BLOCKS),
        "related": conform(related.sort_values(["doc_id", "block"], kind="stable"), RELATED),
    }


def _body_texts(blocks: pd.DataFrame, doc_ids) -> list[str]:
    """Each document's body blocks joined by a blank line, in block order ("" when it has none)."""
    body = (blocks["kind"] == "body").to_numpy(dtype=bool)
    paragraphs: dict[str, list[str]] = {}
    # Rows come file by file, each file's blocks in order.
    doc_of_block = blocks["doc_id"].to_numpy(dtype=object)[body]
    for doc_id, paragraph in zip(doc_of_block, blocks["text"].to_numpy(dtype=object)[body]):
        paragraphs.setdefault(doc_id, []).append(paragraph)
    return ["\n\n".join(paragraphs.get(doc_id, ())) for doc_id in doc_ids]


def _body_words(blocks: pd.DataFrame, doc_ids: pd.Series) -> np.ndarray:
    """Words in each document's body: the sum over its body blocks."""
    body = blocks.loc[(blocks["kind"] == "body").to_numpy(dtype=bool), ["doc_id", "n_words"]]
    return body.groupby("doc_id")["n_words"].sum().reindex(doc_ids.to_numpy(), fill_value=0).to_numpy(dtype=np.int64)


def _outlet_from_folder(paths: pd.Series, outlet: pd.Series) -> pd.Series:
    """For pages that name no outlet: the one outlet every other page of the same folder names, if unique."""
    folders = paths.str.rpartition("/")[0]
    known = pd.DataFrame({"folder": folders, "outlet": outlet}).dropna()
    named = known.groupby("folder")["outlet"].agg(["first", "nunique"])
    unique = named["first"].where(named["nunique"] == 1)
    return folders.map(unique).astype(STRING)


def read_tables(
    root: Path,
    paths: Sequence[Path],
    *,
    cache: bool = True,
    cache_dir: Path | None = None,
    workers: int | None = None,
    progress: bool | None = None,
) -> dict[str, pd.DataFrame]:
    """The final tables for ``paths``, from the cache where files are unchanged, parsing the rest."""
    names = [str(p) for p in paths]
    prefix = len(str(root)) + 1
    relatives = [name[prefix:].replace(os.sep, "/") for name in names]
    fingerprints = io.file_fingerprints(names)
    version = _code_version()
    digest = hashlib.sha1(version.encode())
    for relative, (size, mtime) in zip(relatives, fingerprints):
        digest.update(f"{relative}\0{size}\0{mtime}\n".encode())
    snapshot = digest.hexdigest()

    location = io.cache_location(root, cache_dir)
    manifest = location / "manifest.json"
    meta = io.read_json(manifest) if cache and manifest.exists() else {}
    if meta.get("snapshot") == snapshot:
        final = io.read_cache(location, _FINAL_TABLES)
        if final is not None:
            return final
    cached = io.read_cache(location, _PER_FILE_TABLES) if meta.get("version") == version else None

    wanted = pd.DataFrame({"path": relatives, "size": [f[0] for f in fingerprints], "mtime_ns": [f[1] for f in fingerprints]})
    if cached is not None:
        previous = cached["files"][["path", "size", "mtime_ns"]]
        unchanged = wanted.merge(previous, on=["path", "size", "mtime_ns"], how="inner")["path"]
    else:
        unchanged = pd.Series([], dtype=STRING)
    to_parse = ~wanted["path"].isin(unchanged)
    chosen = np.flatnonzero(to_parse)
    if workers is None:
        workers = (os.cpu_count() or 1) if len(chosen) >= PARALLEL_MIN_FILES else 1
    fresh = parse_files(
        [names[i] for i in chosen],
        [relatives[i] for i in chosen],
        [fingerprints[i] for i in chosen],
        workers=workers,
        progress=progress,
    )
    if cached is not None and len(unchanged):
        keep = set(unchanged)
        raw = {
            name: pd.concat([cached[name][cached[name]["path"].isin(keep)], fresh[name]], ignore_index=True)
            for name in _PER_FILE_TABLES
        }
    else:
        raw = fresh
    tables = assemble(raw["files"], raw["raw_blocks"], raw["raw_teasers"])
    if cache:
        io.write_cache(location, {**raw, **tables})
        io.write_json(manifest, {"snapshot": snapshot, "version": version})
    return tables
