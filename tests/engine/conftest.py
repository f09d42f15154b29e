"""A corpus of several chunks, built inside the repository, whose corpus-level relations cross chunk boundaries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus import config

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
SEED = config.SEEDS_DIR / "000_3a0c8e003257abe6.txt"
REPEATED_LINE = "Seguici anche sul nostro canale Telegram per restare aggiornato su tutte le notizie."
# Eleven files per chunk, four chunks: every corpus-level relation below crosses a chunk boundary.
CHUNK_SIZE = 11


def _title(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


@pytest.fixture(scope="session")
def pages(tmp_path_factory) -> Path:
    """The seed, the 40 pages of tests/data/pages from 4 outlets, and edits that need the whole corpus to resolve.

    - ``scraped-again/seed`` and ``scraped-again/cronache-0003`` are byte-identical to files in other chunks;
    - one body line recurs on 6 of the 10 ``cronache`` pages: furniture (threshold 5 pages);
    - ``voce/0000006`` names no outlet (byline without it, no furniture): inferred from its folder;
    - ``quotidiano/0000001`` has a teaser titled like ``voce/0000038``.
    """
    root = tmp_path_factory.mktemp("pages")
    shutil.copytree(PAGES, root, dirs_exist_ok=True)
    (root / "README.md").unlink()
    shutil.copy(SEED, root / SEED.name)
    (root / "scraped-again").mkdir()
    shutil.copy(SEED, root / "scraped-again" / "seed.txt")
    cronache = sorted((root / "cronache").glob("*.txt"))
    for path in cronache[:6]:
        lines = path.read_text(encoding="utf-8").split("\n\n")
        lines.insert(3, REPEATED_LINE)
        path.write_text("\n\n".join(lines), encoding="utf-8")
    shutil.copy(root / "cronache" / "0000003.txt", root / "scraped-again" / "cronache-0003.txt")
    anonymous = (root / "voce" / "0000006.txt").read_text(encoding="utf-8").replace(" per La Voce di Roma", "")
    parts = anonymous.split("\n\n")
    without_furniture = "\n\n".join(parts[: parts.index("Articoli correlati")])
    (root / "voce" / "0000006.txt").write_text(without_furniture, encoding="utf-8")
    teaser = (root / "quotidiano" / "0000001.txt").read_text(encoding="utf-8").split("\n\n")
    heading = teaser.index("Leggi anche")
    teaser[heading + 1] = _title(root / "voce" / "0000038.txt")
    (root / "quotidiano" / "0000001.txt").write_text("\n\n".join(teaser), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def reference(pages, tmp_path_factory):
    """The pandas engine in one process: one chunk, every layer computed here."""
    import corpus

    c = corpus.load(pages, cache_dir=tmp_path_factory.mktemp("reference-cache"), workers=1)
    c.annotate()
    return c


@pytest.fixture(scope="session")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster, distributed.Client(cluster) as client:
        yield client
