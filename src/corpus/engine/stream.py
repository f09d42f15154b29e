"""Running the pipeline's jobs: in this process, in worker processes, or on a Dask cluster.

A *runner* maps a function over jobs and yields the results in order, with at
most two jobs per worker in flight, so memory is set by the chunk size, not the
corpus size. The loader (:mod:`corpus.loader`) and the layers
(:mod:`corpus.layers`) take a runner, so the one-process load and a million
pages on a cluster run the same functions.

:func:`annotate` computes every layer of a corpus of any size into the cache
and, with ``out``, exports its tables as a partitioned Parquet dataset.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from corpus import config, io, layers, loader

FORMAT = "corpus-dataset"
DATASET_MANIFEST = "dataset.json"
# A line of progress at most this often when not in a terminal.
PROGRESS_LINE_SECONDS = 10.0


def show_progress(progress: bool | None, total: int) -> bool:
    """Whether to show progress: as asked, else for a long job anywhere but under pytest."""
    if progress is not None:
        return progress
    return total >= config.PROGRESS_MIN_ITEMS and "PYTEST_CURRENT_TEST" not in os.environ


class Progress:
    """A bar in a terminal; elsewhere (a log, a notebook run headless) a line now and then."""

    def __init__(self, label: str, total: int, unit: str, show: bool):
        self.label, self.total, self.unit, self.done = label, total, unit, 0
        self.started = self.printed = time.monotonic()
        self.bar = None
        if show and sys.stderr.isatty():
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, unit=unit, desc=label)
        self.lines = show and self.bar is None

    def update(self, count: int) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
        elif self.lines and (time.monotonic() - self.printed >= PROGRESS_LINE_SECONDS or self.done >= self.total):
            self.printed = time.monotonic()
            share = self.done / self.total if self.total else 1.0
            print(f"{self.label}: {self.done:,}/{self.total:,} {self.unit}s ({share:.0%}), "
                  f"{self.printed - self.started:.0f} s", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _ordered(executor: Executor | None, function: Callable, jobs: Iterable, in_flight: int) -> Iterator:
    """``map(function, jobs)`` in order, with at most ``in_flight`` jobs submitted and not yet collected."""
    if executor is None:
        yield from map(function, jobs)
        return
    pending: deque = deque()
    for job in jobs:
        pending.append(executor.submit(function, job))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@contextmanager
def runner(workers: int | None = None, *, client=None, items: int = 0, progress: bool | None = None):
    """A runner for ``items`` files or documents: on ``client``'s cluster, in ``workers`` processes, or here.

    ``workers`` is the number of worker processes, everywhere in the package;
    by default all cores when the work spans at least two chunks
    (:func:`corpus.config.default_workers`), else this process alone.
    """
    executor: Executor | None = None
    slots = 1
    if client is not None:
        executor, slots = client.get_executor(), max(1, sum(client.nthreads().values()))
    else:
        workers = config.default_workers(items) if workers is None else workers
        if workers > 1:
            executor, slots = ProcessPoolExecutor(max_workers=workers), workers
    show = show_progress(progress, items)

    def run(function: Callable, jobs: Iterable, label: str, sizes: Sequence[int]) -> Iterator:
        """``function`` over ``jobs`` (an iterable, consumed as slots free up), in order; ``sizes``: items per job."""
        bar = Progress(label, sum(sizes), "item", show and bool(sizes))
        try:
            for size, result in zip(sizes, _ordered(executor if len(sizes) > 1 else None, function, jobs, 2 * slots)):
                bar.update(size)
                yield result
        finally:
            bar.close()

    try:
        yield run
    finally:
        if isinstance(executor, ProcessPoolExecutor):
            executor.shutdown(cancel_futures=True)


# --------------------------------------------------------------------------
# the whole corpus, any size


def annotate(
    source,
    *,
    steps: Sequence[str] = ("text", "dates"),
    cache_dir: str | os.PathLike | None = None,
    workers: int | None = None,
    client=None,
    progress: bool | None = None,
    chunk_size: int = loader.CHUNK_SIZE,
    metadata: str | os.PathLike | None = None,
    outlet: str | dict[str, str] | None = None,
    **columns: str,
) -> loader.Plan:
    """Load a corpus of any size and compute ``steps`` (and what they need) for every document, in the cache.

    Chunks run in ``workers`` processes or on ``client``'s cluster; nothing of
    the corpus is held in this process but per-document keys. Documents the
    cache already holds are not computed again. Returns the corpus's plan
    (where its parts and cache are). ``metadata``, ``outlet`` and ``columns``
    are those of :func:`corpus.load`.
    """
    sources = io.find_sources(source)
    plan = loader.plan(sources, cache_dir=io.cache_root(cache_dir), chunk_size=chunk_size, metadata=metadata,
                       outlet=outlet, **columns)
    with runner(workers, client=client, items=len(plan.relatives), progress=progress) as run:
        loader.build(plan, run=run)
        keys = read_keys(plan)
        compute(plan, keys, steps, run)
    return plan


def read_keys(plan: loader.Plan) -> pd.DataFrame:
    """Every document's layer keys, in corpus order (small: a few dozen bytes per document)."""
    keys = io.read_parts(plan.folder / "keys")
    return keys if keys is not None else layers.document_keys(pd.DataFrame(columns=["doc_id", "text", "lang", "published"]))


def part_chunks(plan: loader.Plan, keys: pd.DataFrame) -> list[tuple[slice, str]]:
    """The corpus's documents parts as runs of ``keys`` (parts and keys are written chunk by chunk)."""
    parts = sorted((plan.folder / "documents").glob("part-*.parquet"))
    sizes = [len(pd.read_parquet(plan.folder / "keys" / part.name, columns=["doc_id"])) for part in parts]
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    return [(slice(start, start + size), str(part)) for start, size, part in zip(starts, sizes, parts)]


def compute(plan: loader.Plan, keys: pd.DataFrame, steps: Sequence[str], run) -> dict[str, int]:
    """Compute the missing per-document layers of the corpus, chunk by chunk, through ``run``."""
    computed = dict.fromkeys(layers.upstream(steps), 0)
    jobs = list(layers.jobs(keys, part_chunks(plan, keys), steps, plan.cache_dir))
    for counts in run(layers.compute_job, jobs, "annotating", [len(job.keys) for job in jobs]):
        for name, count in counts.items():
            computed[name] += count
    return computed
