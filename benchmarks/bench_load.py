"""Loader speed and memory: floor (read + decode), cold parse, cached reload, peak memory.

    python benchmarks/bench_load.py [--n 20000] [--workdir /tmp/corpus-bench]

Each measurement runs in a fresh process so its peak RSS is its own. The floor reads
and decodes the same files and does nothing else. Targets (issue 2): cold parse within
3x of the floor, cached reload at least 10x faster than cold parse, memory linear in
corpus size (peak RSS per document roughly constant across sizes).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))


def measure(kind: str, folder: str, cache_dir: str, workers: int) -> dict:
    import resource

    import corpus
    from corpus import io

    # Imports are outside the timings: both sides pay them alike, and they are not parsing.
    start = time.perf_counter()
    if kind == "floor":
        files = io.find_sources(folder).pages
        for path in files:
            io.decode(io.read_bytes(path))
        count = len(files)
    else:
        c = corpus.load(folder, cache_dir=cache_dir, workers=workers, progress=False)
        count = len(c.documents)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "documents": count, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run(kind: str, folder: Path, cache_dir: Path, workers: int = 1) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(folder), str(cache_dir), str(workers)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corpus-bench")
    parser.add_argument("--child", nargs=4)
    args = parser.parse_args()
    if args.child:
        kind, folder, cache_dir, workers = args.child
        print(json.dumps(measure(kind, folder, cache_dir, int(workers))))
        return

    from synthetic import generate

    print(f"{'documents':>9} {'floor s':>8} {'cold s':>8} {'cold/floor':>10} {'2 workers s':>11} {'cached s':>9} "
          f"{'cold/cached':>11} {'peak MB':>8} {'KB/doc':>7}")
    for n in (args.n // 4, args.n // 2, args.n):
        folder = args.workdir / f"pages-{n}"
        if not folder.exists():
            generate(folder, n, seed=n)
        cache = args.workdir / f"cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        run("floor", folder, cache)  # warm the page cache so floor and parse read from memory alike
        floor = run("floor", folder, cache)
        cold = run("cold", folder, cache)
        cached = run("cached", folder, cache)
        shutil.rmtree(cache, ignore_errors=True)
        parallel = run("cold", folder, cache, workers=2)
        shutil.rmtree(cache, ignore_errors=True)
        print(
            f"{n:>9} {floor['seconds']:>8.2f} {cold['seconds']:>8.2f} {cold['seconds'] / floor['seconds']:>10.2f} "
            f"{parallel['seconds']:>11.2f} {cached['seconds']:>9.2f} {cold['seconds'] / cached['seconds']:>11.1f} "
            f"{cold['peak_mb']:>8.0f} {cold['peak_mb'] * 1024 / n:>7.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
