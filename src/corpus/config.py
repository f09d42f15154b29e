"""Where things live. Every path the package uses comes from here."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Only meaningful in a source checkout (notebooks/, seeds/, reports/ beside src/).
PROJ_ROOT = PACKAGE_DIR.parents[1]
SEEDS_DIR = PROJ_ROOT / "seeds"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
RESOURCES_DIR = PACKAGE_DIR / "resources"
MODELS_DIR = PACKAGE_DIR / "models"
SHARED_DIR = PROJ_ROOT.parent / "shared"
WIKINEWS_PAGES_DIR = SHARED_DIR / "data" / "wikinews-pages"
KIND_DIR = SHARED_DIR / "data" / "kind"


def cache_dir() -> Path:
    """The parse cache: ``$CORPUS_CACHE_DIR``, else ``$XDG_CACHE_HOME/corpus``, else ``~/.cache/corpus``.

    Never inside the corpus folder: raw data is read-only input.
    """
    if "CORPUS_CACHE_DIR" in os.environ:
        return Path(os.environ["CORPUS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "corpus"


def corpus_source() -> Path:
    """The corpus the notebooks analyse: ``$CORPUS_SOURCE``, else the project's ``seeds/``."""
    return Path(os.environ.get("CORPUS_SOURCE", SEEDS_DIR))


def reports_dir() -> Path:
    """Where reports go: ``$CORPUS_REPORTS_DIR``, else the project's ``reports/``."""
    return Path(os.environ.get("CORPUS_REPORTS_DIR", PROJ_ROOT / "reports"))


# Below this many files or documents, progress would only flicker.
PROGRESS_MIN_ITEMS = 200
# Work is cut into chunks of this many files or documents; parallel workers pay off from two chunks.
CHUNK_ITEMS = 1000


def default_workers(items: int) -> int:
    """Worker processes when none are asked for: all cores for work of two chunks or more, else none (this process)."""
    return (os.cpu_count() or 1) if items >= 2 * CHUNK_ITEMS else 1
