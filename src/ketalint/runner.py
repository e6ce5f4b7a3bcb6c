"""Checking many files: the cache first, then the pipeline, in worker processes.

Results come back in the order the files were given, whatever the number of
workers. Files already in the cache are answered without loading spaCy; the
pipeline is built only when some file needs it, once in this process, and
worker processes are forked from it so that each starts with it loaded.
Parallel runs need the ``fork`` start method (Linux, macOS); elsewhere files
are checked one after another. A file whose worker process dies while checking
it (see :mod:`ketalint.workers`) is reported as not checked, and the run goes on.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
from dataclasses import dataclass
from typing import Callable, Iterator

from .cache import Cache, file_key
from .checker import Checker, FileResult
from .readers import InputError, format_for, read_bytes, read_document, read_stream
from .workers import Item, Result, run_in_workers

#: With fewer files than this per worker, starting workers costs more than it saves.
MIN_FILES_PER_WORKER = 2
#: Files handed to a worker at a time, at most. Each hand-over costs the parent
#: process about 0.8 ms of CPU (pickling, pipes, the pool's threads), a
#: twentieth of checking a page, taken from the cores the workers run on;
#: bigger batches leave one worker idle longer at the end of a run.
MAX_BATCH = 4
#: Batches are made smaller than MAX_BATCH so that each worker gets at least
#: this many: a run of a few dozen files stays balanced file by file.
MIN_BATCHES_PER_WORKER = 32
#: Allocations between collections of young objects during a run (Python's default: 700).
YOUNG_COLLECTION_THRESHOLD = 10_000


@contextlib.contextmanager
def collector_tuned_for_run() -> Iterator[None]:
    """The garbage collector on and set for checking many documents, then
    restored (the console entry point keeps it off while starting up).

    Once the pipeline and rule pack are built they are some 100,000 objects
    that live as long as the process; frozen, full collections stop scanning
    them (they took 0.1-0.2 s per 100,000 words) and forked workers keep
    sharing their memory pages. Analysis makes and drops many small objects
    (sets, tuples, matches): collected every YOUNG_COLLECTION_THRESHOLD
    allocations instead of 700, most are freed before a collection ever looks
    at them. Peak memory stayed the same (measured on the benchmark corpus)."""
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *thresholds[1:])
    gc.enable()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        if not enabled:
            gc.disable()


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def in_workers(function: Callable[[Item], Result], items: list[Item], jobs: int,
               on_death: Callable[[Item, str], Result]) -> Iterator[Result]:
    """``function(item)`` for each item, yielded in the order of ``items``: in
    up to ``jobs`` forked worker processes (see :mod:`ketalint.workers`), or
    one after another in this process when there are too few items to share
    or no ``fork`` start method. ``on_death(item, reason)`` is the result of
    an item whose worker process died holding it."""
    workers = min(jobs, len(items) // MIN_FILES_PER_WORKER)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return (function(item) for item in items)
    # Small batches keep workers evenly busy.
    batch = max(1, min(MAX_BATCH, len(items) // (workers * MIN_BATCHES_PER_WORKER)))
    return run_in_workers(function, items, workers, batch, on_death)


@dataclass
class Job:
    """What checking one file needs: reading it (at most ``max_bytes``) and the
    Checker; built once per run and inherited by the workers."""

    checker: Checker
    max_bytes: int

    def check_path(self, path: str) -> tuple[str | None, FileResult]:
        """(cache key or None when the result must not be cached, result)."""
        try:
            data = read_bytes(path, self.max_bytes)
            result = self.checker.read_and_check(
                path, lambda: read_document(data, path, html_skip=self.checker.config.html_skip))
        except InputError as exc:
            return None, FileResult(path, errors=[f"cannot read: {exc}"])
        # Timeouts depend on the machine's load; such results are not kept.
        return (file_key(path, data) if not result.errors else None), result


def _not_checked(path: str, reason: str) -> tuple[None, FileResult]:
    """The outcome of a file whose worker process died checking it."""
    return None, FileResult(path, errors=[f"not checked: {reason}"])


class Runner:
    """Check files with a cache and ``jobs`` worker processes.

    ``make_job`` builds the Job (rule set with compiled patterns and the spaCy
    pipeline); it is called only when some file is not in the cache."""

    def __init__(self, make_job: Callable[[], Job], cache: Cache, jobs: int, max_bytes: int,
                 stdin_filename: str | None = None,
                 on_result: Callable[[FileResult], None] | None = None, keep_source: bool = False,
                 html_skip=None):
        self.make_job, self.cache, self.jobs = make_job, cache, max(1, jobs)
        self.keep_source, self.html_skip = keep_source, html_skip
        self.max_bytes, self.stdin_filename = max_bytes, stdin_filename
        self.on_result = on_result or (lambda result: None)
        self._job: Job | None = None

    @property
    def job(self) -> Job:
        if self._job is None:
            self._job = self.make_job()
            self._job.checker.keep_source = self.keep_source
        return self._job

    def results(self, files: list[str]) -> Iterator[FileResult]:
        # First pass: which files the cache answers. Entries are loaded only
        # when their turn comes, so memory does not grow with the number of files.
        cached: dict[int, str] = {}
        unreadable: dict[int, FileResult] = {}
        misses: list[str] = []
        for i, path in enumerate(files):
            if path == "-":
                continue
            try:
                key = file_key(path, read_bytes(path, self.max_bytes))
            except InputError as exc:
                unreadable[i] = FileResult(path, errors=[f"cannot read: {exc}"])
                continue
            if self.cache.has(key):
                cached[i] = key
            else:
                misses.append(path)
        checked = self._check_all(misses)  # builds the pipeline if a file needs it
        with collector_tuned_for_run():
            for i, path in enumerate(files):
                result = self._cached(cached[i], path) if i in cached else None
                if path == "-":
                    result = self._check_stdin()
                elif i in unreadable:
                    result = unreadable.pop(i)
                elif result is not None:
                    if self.keep_source:
                        result.source = self._source(path)
                else:
                    # Not cached, or its entry vanished or was damaged since the first pass.
                    entry_key, result = next(checked) if i not in cached else self.job.check_path(path)
                    if entry_key and self.cache.enabled:  # (--no-cache: no entry to build)
                        self.cache.put(entry_key, result.to_entry())
                result.show_name()
                self.on_result(result)
                yield result
        self.cache.prune()

    def _cached(self, key: str, path: str) -> FileResult | None:
        """The result the cache holds for ``key``, or None (no entry, or one
        that is not signed by this user or not shaped like a result)."""
        entry = self.cache.get(key)
        try:
            return FileResult.from_entry(entry, path) if entry is not None else None
        except ValueError:
            return None

    def _check_all(self, paths: list[str]) -> Iterator[tuple[str | None, FileResult]]:
        if not paths:
            return iter(())
        return in_workers(self.job.check_path, paths, self.jobs, _not_checked)

    def _source(self, path: str) -> str | None:
        try:
            return read_document(read_bytes(path, self.max_bytes), path,
                                 html_skip=self.html_skip).source
        except InputError:  # changed since it was cached; the findings still stand
            return None

    def _check_stdin(self) -> FileResult:
        name = self.stdin_filename
        fmt = format_for(name, "text") if name else "markdown"
        path = name or "<stdin>"
        try:
            data = read_stream(sys.stdin.buffer, self.max_bytes)
            return self.job.checker.read_and_check(
                path, lambda: read_document(data, path, fmt, html_skip=self.html_skip))
        except InputError as exc:
            return FileResult(path, errors=[f"cannot read: {exc}"])
