"""Cold scans of large trees on several cores: forked workers read and detect, the parent decides.

Reading, prefiltering and parsing are CPU-bound Python, so threads would not help; forked
processes share the parent's imported modules and start in a few milliseconds. The parent
stats every file and answers what the cache knows; only the rest is split into chunks for
the workers, whose results come back in file order. The parent alone writes the cache.

Used only where it is safe and worth it: on Linux (fork), with no other thread running in
the process (forking a threaded process can deadlock the child), and for at least
`MIN_FILES` files. Everything else scans serially.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mlgate.scan.base import Detector, ScanOptions

if TYPE_CHECKING:
    from mlgate.scan.cache import ScanCache
    from mlgate.scan.files import FileResult, Stat

MIN_FILES = 400
MAX_WORKERS = 8
_CHUNK_FILES = 48

# What the forked workers need, set by the parent just before forking (inherited, not pickled).
_job: tuple[Path, ScanOptions, ScanCache | None, list[Detector]] | None = None


def worker_count(listing: Iterable[str], configured: int | None) -> int:
    """How many processes to scan with: 1 unless the tree is large and forking is safe."""
    if not isinstance(listing, Sequence):
        return 1
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    if configured is not None:  # `1` turns parallel scanning off; more forces it, whatever the size
        return max(1, min(configured, MAX_WORKERS))
    if len(listing) < MIN_FILES:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def scan_files(root: Path, listing: Sequence[str], choose: Callable[[str], list[Detector]], options: ScanOptions,
               cache: ScanCache | None, workers: int) -> Iterator[tuple[str, FileResult]]:
    """(path, result) for every file of `listing`, in order; misses are read by `workers` processes."""
    import multiprocessing  # here, not at import: `mlgate check` on a few files never needs it
    from concurrent.futures import ProcessPoolExecutor

    from mlgate.scan.files import FileResult, Stat, stat_file

    global _job
    detectors: list[Detector] = []
    index_of: dict[int, int] = {}
    results: list[FileResult | None] = []
    pending: list[tuple[int, str, Stat, tuple[int, ...]]] = []
    for position in range(len(listing)):  # indexing does not advance a progress display
        rel = listing[position]
        wanted = choose(rel)
        if not wanted:
            results.append(FileResult([], [], scanned=False))
            continue
        ready = stat_file(root, rel, cache)
        if isinstance(ready, Stat):
            keys = tuple(index_of.setdefault(id(d), _append(detectors, d)) for d in wanted)
            pending.append((position, rel, ready, keys))
            results.append(None)
        else:
            results.append(ready)
    chunks = [pending[i:i + _CHUNK_FILES] for i in range(0, len(pending), _CHUNK_FILES)]
    progress = iter(listing)  # advanced as work completes, so a progress display follows along
    _job = (root, options, cache, detectors)
    try:
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=min(workers, max(1, len(chunks))), mp_context=context)
        try:
            # Largest chunks first (by bytes), so that no worker starts a big one when the others
            # are done; results are still taken, stored and counted in file order.
            futures = {index: pool.submit(_read_chunk, chunks[index]) for index in sorted(
                range(len(chunks)), key=lambda index: -sum(ready.size for _, _, ready, _ in chunks[index]))}
            for index, chunk in enumerate(chunks):
                read = futures.pop(index).result()
                for (position, rel, ready, _), fresh in zip(chunk, read, strict=True):
                    results[position] = fresh
                    if cache is not None:
                        cache.store(rel, ready.signature, fresh.digest, fresh.references, fresh.skipped, fresh.pending)
                _advance(progress, len(chunk))
        finally:  # after a failure, chunks not started yet are dropped, not run
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        _job = None
    for _ in progress:
        pass
    for rel, outcome in zip(listing, results, strict=True):
        assert outcome is not None
        yield rel, outcome


def _append(detectors: list[Detector], detector: Detector) -> int:
    detectors.append(detector)
    return len(detectors) - 1


def _advance(iterator: Iterator[str], steps: int) -> None:
    for _ in range(steps):
        if next(iterator, None) is None:
            return


def _read_chunk(chunk: list[tuple[int, str, Stat, tuple[int, ...]]]) -> list[FileResult]:
    """In a worker: read and detect each file of the chunk."""
    from mlgate.scan.base import paused_gc
    from mlgate.scan.files import read_file

    assert _job is not None, "scan workers are forked from a parent that set the job"
    root, options, cache, detectors = _job
    with paused_gc():
        return [read_file(root, rel, ready, [detectors[k] for k in keys], options, cache)
                for _, rel, ready, keys in chunk]
