"""The per-document cache: cold vs warm report, every layer computed vs reloaded, one article added.

    python benchmarks/bench_cache.py [--n 20000] [--workers 2] [--workdir /tmp/corpus-cache-bench] [--skip-report]

1. ``corpus report`` on ``../shared/data/wikinews-pages`` (554 real articles): with an empty
   cache (cold), again (warm: every page reused), again with ``--execute-all`` (every notebook
   executed on cached layers), and on the same pages plus one new article. Target: warm
   at least 3x faster than cold.
2. ``n`` seed-like articles (``synthetic.generate``), every layer (sentences, tokens, dates,
   entities, mentions, roles, quotes, sources): computed from an empty cache vs reloaded in
   a new process vs the same corpus plus one article. Targets: reloading at least 20x faster
   than computing; one article added costs under 5% of the full annotation.

Every measurement runs in a fresh process; times include loading the corpus and reading
every layer table, so the ratios compare what a user waits for.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

TABLES = ("sentences", "tokens", "dates", "entities", "mentions", "roles", "quotes", "sources", "actors")


def measure(folder: str, cache_dir: str, workers: int) -> dict:
    import corpus

    start = time.perf_counter()
    c = corpus.load(folder, cache_dir=cache_dir, workers=workers, progress=False)
    c.annotate()
    rows = {name: len(getattr(c, name)) for name in TABLES}
    return {"seconds": time.perf_counter() - start, "documents": len(c), "rows": rows}


def child(*args: str) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(source: Path, reports: Path, cache_dir: Path, *options: str) -> float:
    env = {**os.environ, "CORPUS_CACHE_DIR": str(cache_dir)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "corpus.cli", "report", "--source", str(source), "--reports-dir", str(reports),
                    *options], check=True, capture_output=True, env=env)
    return time.perf_counter() - start


NEW_ARTICLE = """Un articolo aggiunto dopo

06 Gennaio 2022 10:00 di Anna Rossi per La Voce di Roma

Il consiglio comunale di Roma ha approvato ieri il nuovo piano per il traffico, dopo una discussione durata tre giorni.

"Era necessario", ha detto il sindaco Roberto Gualtieri, secondo quanto riporta l'ANSA.
"""


def add_article(folder: Path) -> Path:
    path = folder / "zz-new-article.txt"
    path.write_text(NEW_ARTICLE, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corpus-cache-bench")
    parser.add_argument("--skip-report", action="store_true")
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        folder, cache_dir, workers = args.child
        print(json.dumps(measure(folder, cache_dir, int(workers))))
        return
    from corpus import config
    from synthetic import generate

    args.workdir.mkdir(parents=True, exist_ok=True)
    if not args.skip_report:
        source = args.workdir / "wikinews-pages"
        shutil.rmtree(source, ignore_errors=True)
        shutil.copytree(config.WIKINEWS_PAGES_DIR, source)
        cache = args.workdir / "report-cache"
        shutil.rmtree(cache, ignore_errors=True)
        cold = report(source, args.workdir / "reports-cold", cache)
        warm = report(source, args.workdir / "reports-warm", cache)
        executed = report(source, args.workdir / "reports-executed", cache, "--execute-all")
        add_article(source)
        added = report(source, args.workdir / "reports-added", cache)
        print(f"corpus report on {source.name} (554 articles): cold {cold:.1f} s, warm {warm:.1f} s "
              f"(cold/warm {cold / warm:.1f}x, target >= 3x); warm with every notebook executed on cached layers "
              f"{executed:.1f} s ({cold / executed:.1f}x); one article added {added:.1f} s", flush=True)

    folder = args.workdir / f"pages-{args.n}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, args.n, seed=args.n)
        (folder / ".complete").touch()
    cache = args.workdir / f"cache-{args.n}"
    shutil.rmtree(cache, ignore_errors=True)
    computed = child(str(folder), str(cache), str(args.workers))
    reloaded = child(str(folder), str(cache), str(args.workers))
    new = add_article(folder)
    try:
        added = child(str(folder), str(cache), str(args.workers))
    finally:
        new.unlink()
    print(f"{args.n} articles, every layer ({', '.join(TABLES)}; rows {computed['rows']}):")
    print(f"  computed from an empty cache {computed['seconds']:8.1f} s ({args.workers} workers)")
    print(f"  reloaded in a new process    {reloaded['seconds']:8.1f} s  -> {computed['seconds'] / reloaded['seconds']:.1f}x "
          f"faster (target >= 20x)")
    print(f"  one article added            {added['seconds']:8.1f} s  -> {added['seconds'] / computed['seconds']:.1%} "
          f"of the full annotation (target < 5%)")
    print(f"  load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
