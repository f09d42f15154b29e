"""What the cache holds, and freeing it (``corpus cache info|clear``).

The cache folder (:func:`corpus.config.cache_dir`) has four parts: ``parse/``
(each file's parse, :mod:`corpus.loader`), ``layers/<step>/`` (each document's
layers, :mod:`corpus.layers`), ``corpora/`` (each corpus's assembled tables)
and ``pages/`` (executed report notebooks with their figures and tables,
:mod:`corpus.report`).
Each store is named by the fingerprint of the code that made it, so a store of
an older version is *stale*: nothing reads it any more.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from corpus import io, layers, loader, report, schema


def cached(cache_dir: Path) -> pd.DataFrame:
    """What the cache holds, one row per store: parsed files, each step's layers (per version), assembled corpora.

    ``current`` is false for a store made by another version of the code,
    resources or models: nothing reads it any more (``corpus cache clear --stale``).
    """
    rows = []
    parse_current = loader.parse_fingerprint()[:16]
    for store_ in sorted((cache_dir / "parse").glob("*")):
        rows.append(("parse", "files", store_.name, store_.name == parse_current, *io.store_summary(store_).values()))
    for name in layers.STEPS:
        for store_ in sorted((cache_dir / "layers" / name).glob("*")):
            current = store_.name == layers.fingerprint(name)[:16]
            rows.append(("layer", name, store_.name, current, *io.store_summary(store_).values()))
    for folder in sorted((cache_dir / "corpora").glob("*")):
        manifest = folder / loader.MANIFEST
        meta = io.read_json(manifest) if manifest.exists() else {}
        current = meta.get("snapshot", "").startswith(loader.parse_fingerprint())
        documents = meta.get("rows", {}).get("documents", 0)
        rows.append(("corpus", meta.get("root", folder.name), folder.name, current, documents, meta.get("chunks", 0),
                     io.folder_size(folder)))
    package = report.package_fingerprint()
    for store_ in sorted((cache_dir / report.PAGES).glob("*")):
        meta = io.read_json(store_ / report.PAGE_META) if (store_ / report.PAGE_META).exists() else {}
        files = sum(1 for path in store_.rglob("*") if path.is_file())
        rows.append(("page", meta.get("notebook", "?"), store_.name, meta.get("package") == package, 1, files,
                     io.folder_size(store_)))
    return schema.conform(pd.DataFrame(rows, columns=list(schema.CACHE_INFO)), schema.CACHE_INFO)


def clear(cache_dir: Path, *, stale_only: bool = False) -> int:
    """Delete what the cache holds (only what no current code reads, with ``stale_only``); return the bytes freed."""
    freed = 0
    for row in cached(cache_dir).itertuples(index=False):
        if stale_only and row.current:
            continue
        folder = {"parse": cache_dir / "parse", "layer": cache_dir / "layers" / row.name,
                  "corpus": cache_dir / "corpora", "page": cache_dir / report.PAGES}[row.kind] / row.version
        freed += row.bytes
        io.remove(folder)
    return freed
