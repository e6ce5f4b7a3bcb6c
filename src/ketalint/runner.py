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
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterator

from .cache import Cache, file_key
from .findings import SEVERITY_RANK, Finding
from .patterns import watched
from .printable import shown_name
from .readers import InputError, format_for, read_bytes, read_document, read_stream
from .shape import build, conforms
from .suppress import Directive
from .workers import run_in_workers

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


#: The keys of a cache entry (:meth:`FileResult.to_entry`).
_ENTRY_KEYS = {"path", "findings", "suppressed", "lines", "errors", "encoding"}


@dataclass
class FileResult:
    """One file's outcome: findings kept after suppressions, the suppressed
    ones with their directives, the text of the lines that carry findings (all
    reporters need of the source), messages about the file, and how it was decoded."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[tuple[Finding, Directive]] = field(default_factory=list)
    lines: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    encoding: str | None = None
    #: Claims register rows, when asked for (never cached).
    claims: list[dict] = field(default_factory=list)
    #: The decoded text, when the report shows whole documents (never cached).
    source: str | None = None

    def to_entry(self) -> dict:
        return {"path": self.path, "findings": [f.to_dict() for f in self.findings],
                "suppressed": [[f.to_dict(), asdict(d)] for f, d in self.suppressed],
                "lines": {str(k): v for k, v in self.lines.items()},
                "errors": self.errors, "encoding": self.encoding}

    def show_name(self) -> None:
        """Report under :func:`~ketalint.printable.shown_name` of the path (a
        name that is not UTF-8 gets escapes)."""
        name = shown_name(self.path)
        if name != self.path:
            self.path = name
            for f in self.findings + [f for f, _ in self.suppressed]:
                f.path = name
            for row in self.claims:
                row["path"] = name

    @classmethod
    def from_entry(cls, entry: dict, path: str) -> "FileResult":
        """The cached result, reported under ``path`` (the same file may be
        named differently, e.g. ``./a.md`` and ``a.md``). ValueError when the
        entry does not have the shape of a result (a damaged entry is a miss)."""
        def finding(data) -> Finding:
            f = build(Finding, data, path=path)
            if f.severity not in SEVERITY_RANK or f.scope not in ("span", "document"):
                raise ValueError("Finding: unknown severity or scope")
            return f

        if not isinstance(entry, dict) or entry.keys() != _ENTRY_KEYS \
                or not conforms(entry["findings"], list) or not conforms(entry["suppressed"], list[list]) \
                or not isinstance(entry["lines"], dict) or not conforms(entry["errors"], list[str]) \
                or not conforms(entry["encoding"], str | None):
            raise ValueError("not a result")
        if not all(len(pair) == 2 for pair in entry["suppressed"]):
            raise ValueError("suppressed: not (finding, directive) pairs")
        if not all(k.isdigit() and isinstance(v, str) for k, v in entry["lines"].items()):
            raise ValueError("lines: not line numbers and text")
        return cls(path, [finding(f) for f in entry["findings"]],
                   [(finding(f), build(Directive, d)) for f, d in entry["suppressed"]],
                   {int(k): v for k, v in entry["lines"].items()}, entry["errors"], entry["encoding"])


@dataclass
class Job:
    """What checking one file needs; built once per run (and inherited by workers)."""

    linter: object
    active: list
    config: object
    max_bytes: int
    debug: bool = False
    keep_source: bool = False
    #: Add claims register rows to each result (such runs bypass the cache).
    with_claims: bool = False

    def check_document(self, doc) -> FileResult:
        from . import suppress
        from .config import ignored_for_path, matches
        from .suppress import META_RULES
        ignored = ignored_for_path(self.config, doc.path)
        rules = [r for r in self.active if not any(matches(s, r) for s in ignored)]
        result = FileResult(doc.path, encoding=doc.encoding, source=doc.source if self.keep_source else None)
        try:
            with watched():
                sentences, linted = self.linter.analyse_and_lint(doc, rules)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            if self.debug:
                raise
            result.errors.append(f"internal error: {type(exc).__name__}: {exc}")
            return result
        result.errors.extend(doc.errors)
        known = list(self.linter.ruleset.rules) + list(META_RULES.values())
        outcome = suppress.apply(doc, linted, known, self.config.require_reason)
        result.findings, result.suppressed = outcome.findings, outcome.suppressed
        if self.with_claims:
            from .claims.register import claim_rows
            result.claims = claim_rows(doc, sentences, result.findings)
        # Only the lines reporters show are kept, not the whole source.
        for f in result.findings + [f for f, _ in result.suppressed]:
            start, end = doc.lines.line_span(f.line)
            result.lines[f.line] = doc.source[start:end]
        return result

    def check_path(self, path: str) -> tuple[str | None, FileResult]:
        """(cache key or None when the result must not be cached, result)."""
        try:
            data = read_bytes(path, self.max_bytes)
            doc = read_document(data, path, html_skip=self.config.html_skip)
        except InputError as exc:
            return None, FileResult(path, errors=[f"cannot read: {exc}"])
        result = self.check_document(doc)
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
            self._job.keep_source = self.keep_source
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
                    key, result = next(checked) if i not in cached else self.job.check_path(path)
                    if key and self.cache.enabled:  # (--no-cache: no entry to build)
                        self.cache.put(key, result.to_entry())
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
        job = self.job
        workers = min(self.jobs, len(paths) // MIN_FILES_PER_WORKER)
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return (job.check_path(path) for path in paths)
        return self._in_workers(job, paths, workers)

    @staticmethod
    def _in_workers(job: Job, paths: list[str], workers: int):
        # Small batches keep workers evenly busy.
        batch = max(1, min(MAX_BATCH, len(paths) // (workers * MIN_BATCHES_PER_WORKER)))
        return run_in_workers(job.check_path, paths, workers, batch, _not_checked)

    def _source(self, path: str) -> str | None:
        try:
            return read_document(read_bytes(path, self.max_bytes), path,
                                 html_skip=self.html_skip).source
        except InputError:  # changed since it was cached; the findings still stand
            return None

    def _check_stdin(self) -> FileResult:
        name = self.stdin_filename
        fmt = format_for(name, "text") if name else "markdown"
        try:
            doc = read_document(read_stream(sys.stdin.buffer, self.max_bytes), name or "<stdin>", fmt,
                                html_skip=self.html_skip)
        except InputError as exc:
            return FileResult(name or "<stdin>", errors=[f"cannot read: {exc}"])
        return self.job.check_document(doc)
