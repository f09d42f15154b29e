"""Scale: time and peak memory per corpus size, pandas in one process vs all cores vs Dask.

    python benchmarks/bench_scale.py [--sizes 10000,50000,200000] [--workers 2] [--workdir /tmp/corpus-scale-bench]

For each size (seed-like pages from ``synthetic.generate``, written once and reused)
every path runs in a fresh process, so its peak RSS is its own, and does the same work:
parse and assemble documents/blocks/related, the text layer (sentences, tokens), then
term frequencies by lemma.

- ``pandas``: ``corpus.load(workers=1)`` + ``terms.term_frequencies``, one process (the baseline);
- ``all cores``: ``corpus.load(engine="dask", workers=N)``: parsing and the text layer in N
  worker processes, chunk by chunk into the cache, then the term frequencies with Dask's
  synchronous scheduler (one partition at a time);
- ``dask local``: a ``LocalCluster`` of N single-threaded worker processes runs the same
  jobs and the term frequencies.

Every path starts from an empty cache.

Peak memory is the coordinating process's ``ru_maxrss`` and, separately, the largest
worker's; CPU seconds add up the coordinator and every worker (they depend far less on
what else the machine is running than wall time does). The pandas path is skipped at a
size where its peak, projected from the previous size, would exceed ``--max-pandas-gb``
(default 8): that is the point of streaming. Per-article cost should stay flat as size
grows (linear time), and the streaming paths' worker and coordinator peaks should stay
flat too. The last lines fit time = a + b * articles per path and extrapolate to 1M
articles and, from CPU seconds per article, to a 10-worker cluster.
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

LAYERS = ("documents", "blocks", "related", "sentences", "tokens")
PATHS = ("pandas", "all cores", "dask local")


def _peak_mb(who: int) -> float:
    import resource

    return resource.getrusage(who).ru_maxrss / 1024


def _cpu_seconds(who: int) -> float:
    import resource

    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _worker_usage() -> tuple[float, float]:
    """A Dask worker's own (peak MB, CPU seconds)."""
    import resource

    return _peak_mb(resource.RUSAGE_SELF), _cpu_seconds(resource.RUSAGE_SELF)


def measure(path: str, folder: str, cache_dir: str, workers: int) -> dict:
    import resource

    import corpus
    from corpus import terms

    start = time.perf_counter()
    if path == "pandas":
        c = corpus.load(folder, cache_dir=cache_dir, workers=1, progress=False)
        frequencies = terms.term_frequencies(c, by="lemma")
        workers_mb, workers_cpu = 0.0, 0.0
    elif path == "all cores":
        import dask

        c = corpus.load(folder, engine="dask", cache_dir=cache_dir, workers=workers, layers=["tokens"], progress=False)
        with dask.config.set(scheduler="synchronous"):
            frequencies = terms.term_frequencies(c, by="lemma")
        workers_mb, workers_cpu = _peak_mb(resource.RUSAGE_CHILDREN), _cpu_seconds(resource.RUSAGE_CHILDREN)
    else:
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
                Client(cluster) as client:
            c = corpus.load(folder, engine="dask", cache_dir=cache_dir, layers=["tokens"], progress=False)
            frequencies = terms.term_frequencies(c, by="lemma")
            usage = client.run(_worker_usage).values()
            workers_mb, workers_cpu = max(mb for mb, _ in usage), sum(cpu for _, cpu in usage)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds, "terms": len(frequencies), "top": frequencies["term"].iloc[0],
        "peak_mb": _peak_mb(resource.RUSAGE_SELF), "workers_mb": workers_mb,
        "cpu": _cpu_seconds(resource.RUSAGE_SELF) + workers_cpu,
    }


def run(path: str, folder: Path, dataset: Path, workers: int) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, __file__, "--child", path, str(folder), str(dataset), str(workers)],
        check=True, capture_output=True, text=True, env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fit(sizes: list[int], seconds: list[float]) -> tuple[float, float]:
    """Least-squares a, b of seconds = a + b * articles."""
    import numpy as np

    if len(sizes) == 1:
        return 0.0, seconds[0] / sizes[0]
    b, a = np.polyfit(np.asarray(sizes, float), np.asarray(seconds, float), 1)
    return float(a), float(b)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,50000,200000", help="comma-separated corpus sizes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corpus-scale-bench")
    parser.add_argument("--max-pandas-gb", type=float, default=8.0,
                        help="skip the in-memory path where its peak, projected from the previous size, exceeds this")
    parser.add_argument("--child", nargs=4)
    args = parser.parse_args()
    if args.child:
        path, folder, dataset, workers = args.child
        print(json.dumps(measure(path, folder, dataset, int(workers))))
        return

    from synthetic import generate

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"cores: {os.cpu_count()}, workers: {args.workers}; layers: {', '.join(LAYERS)} + term frequencies by lemma")
    print(f"{'articles':>8} {'path':<11} {'seconds':>8} {'ms/article':>10} {'CPU s':>7} {'CPU ms/art':>10} "
          f"{'peak MB':>8} {'workers MB':>10} {'terms':>7}")
    results: dict[str, list[tuple[int, dict]]] = {path: [] for path in PATHS}
    for n in sizes:
        folder = args.workdir / f"pages-{n}"
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            generate(folder, n, seed=n)
            (folder / ".complete").touch()
        for path in PATHS:
            if path == "pandas" and results[path]:
                seen, last = results[path][-1]
                projected = last["peak_mb"] / seen * n / 1024
                if projected > args.max_pandas_gb:
                    print(f"{n:>8} {path:<11} skipped: projected peak {projected:.0f} GB > --max-pandas-gb "
                          f"{args.max_pandas_gb:g} on this shared machine", flush=True)
                    continue
            dataset = args.workdir / f"cache-{n}"
            shutil.rmtree(dataset, ignore_errors=True)
            result = run(path, folder, dataset, args.workers)
            shutil.rmtree(dataset, ignore_errors=True)
            results[path].append((n, result))
            print(
                f"{n:>8} {path:<11} {result['seconds']:>8.1f} {result['seconds'] * 1000 / n:>10.2f} "
                f"{result['cpu']:>7.0f} {result['cpu'] * 1000 / n:>10.2f} "
                f"{result['peak_mb']:>8.0f} {result['workers_mb']:>10.0f} {result['terms']:>7}",
                flush=True,
            )

    print("\nlinear fit seconds = a + b * articles, extrapolated to 1,000,000 articles:")
    for path in PATHS:
        sizes_seen = [n for n, _ in results[path]]
        a, b = _fit(sizes_seen, [r["seconds"] for _, r in results[path]])
        base_mb, mb_per_article = _fit(sizes_seen, [r["peak_mb"] for _, r in results[path]])
        memory = f", peak ~{(base_mb + mb_per_article * 1e6) / 1024:.0f} GB" if path == "pandas" else ""
        minutes = (a + b * 1e6) / 60
        print(f"  {path:<11} a = {a:7.1f} s, b = {b * 1000:6.3f} ms/article -> 1M: {minutes:6.1f} min{memory}")
    # CPU seconds, unlike wall time, hardly depend on what else the machine runs.
    _, cpu = _fit([n for n, _ in results["dask local"]], [r["cpu"] for _, r in results["dask local"]])
    print(
        f"  10-worker cluster: dask local spends {cpu * 1000:.2f} CPU-ms per article (workers and client); "
        f"1M articles over 10 busy workers take about {cpu * 1e6 / 10 / 60:.0f} min, if storage keeps up"
    )
    print(f"  load average at the end (cores shared with other jobs): {os.getloadavg()}")


if __name__ == "__main__":
    main()
