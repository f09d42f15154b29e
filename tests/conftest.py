import os
from pathlib import Path

import pytest
from hypothesis import settings

# Tests never assert on time: a loaded machine must not fail a property test.
# Under CI the examples are derandomised so a run is reproducible.
settings.register_profile("corpus", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("corpus")

from corpus import config

SEED = config.SEEDS_DIR / "000_3a0c8e003257abe6.txt"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Tests never read or write the user's cache."""
    monkeypatch.setenv("CORPUS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_corpus():
    import corpus

    return corpus.load(config.SEEDS_DIR)


def write_pages(folder: Path, pages: dict[str, bytes | str]) -> Path:
    """Write literal pages (str as UTF-8, bytes as they are) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder
