"""A scan from inputs to tables: pages are read in this process, those whose
content was already seen are dropped before any worker reads them, the rest
are linted by an engine (worker processes of this machine or a Dask cluster,
see :mod:`.engines`) a bounded number at a time, so memory does not grow with
the crawl, and their rows written in the order of the inputs, whatever the
engine and the number of workers.
"""
from __future__ import annotations

import collections
import os
from typing import Callable, Iterator

from ..checker import Checker
from ..runner import collector_tuned_for_run
from .engines import make_engine, require_dask
from .inputs import Page, ScanInputError, check_input, content_hash, read_pages
from .ledger import Ledger
from .pages import PageLinter
from .tables import TableWriter

def _writer(fmt: str):
    if fmt == "parquet":
        from . import parquet
        parquet.require()
        return parquet.ParquetWriter
    return TableWriter


def scan(inputs: list[str], outdir: str, make_checker: Callable[[], Checker], jobs: int,
         max_bytes: int, settings: str, fmt: str = "jsonl",
         dask: str | None = None) -> tuple[collections.Counter, list[str]]:
    """Scan ``inputs`` into the tables of ``outdir`` (``fmt`` ``jsonl`` or
    ``parquet``), skipping inputs finished by an earlier scan into the same
    folder. ``dask`` is None to lint on ``jobs`` local worker processes, else
    ``local`` or the address of a Dask scheduler. Return the counts of pages
    over all finished inputs (``linted``, ``duplicate``, ``redirect``...) and
    one line per input that could not be read. ``make_checker`` is called
    only if some input is left to scan. ``settings`` is a key of what the
    findings depend on (rules, config, version). ScanInputError when an input
    does not exist or is of no kind read here, when the output folder cannot
    be made, when it holds a scan made with other settings or in the other
    format, or when pyarrow or Dask is asked for and not installed."""
    for path in inputs:
        check_input(path)
    writer = _writer(fmt)
    if dask:
        require_dask()
    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as exc:
        raise ScanInputError(f"{outdir}: cannot make the output folder ({exc.strerror})") from None
    ledger = Ledger(outdir)
    if fmt != "jsonl":  # JSON Lines folders made before there was a choice keep their key
        settings = f"{settings}:{fmt}"
    if ledger.settings() not in (None, settings):
        raise ScanInputError(f"{outdir}: holds a scan made with other rules, settings, table format or "
                             "ketalint version; scan into another folder")
    todo = [path for path in dict.fromkeys(inputs) if not ledger.is_finished(path)]
    errors: list[str] = []
    with writer(outdir, ledger.table_sizes()) as tables:
        if todo:
            engine = make_engine(jobs, dask)
            try:
                linter = PageLinter(make_checker())
                seen_content, seen_copy = tables.seen()
                with collector_tuned_for_run():
                    for path in todo:
                        counts: collections.Counter = collections.Counter()
                        try:
                            _scan_input(path, engine, linter, max_bytes, tables, seen_content, seen_copy, counts)
                        except ScanInputError as exc:
                            errors.append(str(exc))
                            continue
                        ledger.record(path, tables.sizes(), counts, settings)
            finally:
                engine.close()
        tables.write_domains()
    return ledger.counts(), errors


def _scan_input(path: str, engine, linter: PageLinter, max_bytes: int, tables, seen_content: set[str],
                seen_copy: set[str], counts: collections.Counter) -> None:
    """Lint the pages of the input ``path`` not seen before into ``tables``."""
    for checked in engine.map(linter, _unseen(read_pages(path, max_bytes, counts), seen_content, counts)):
        if checked.skipped:
            counts[checked.skipped] += 1
        elif checked.copy_hash in seen_copy:  # the same copy in other markup
            counts["duplicate"] += 1
        else:
            seen_copy.add(checked.copy_hash)
            tables.write(checked, path)
            counts["linted"] += 1
            counts["findings"] += len(checked.result.findings)


def _unseen(pages: Iterator[Page], seen: set[str], counts: collections.Counter) -> Iterator[Page]:
    """The pages whose content (see :func:`~.inputs.content_hash`) was not seen
    before, each with its hash; the others are counted as ``duplicate`` and
    never read nor linted."""
    for page in pages:
        page.content_hash = content_hash(page)
        if page.content_hash in seen:
            counts["duplicate"] += 1
            continue
        seen.add(page.content_hash)
        yield page


def summary(counts: collections.Counter) -> str:
    """One line for the user: pages linted, findings, pages skipped by reason."""
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(counts.items()) if why not in ("linted", "findings"))
    return (f"{counts['linted']} pages linted, {counts['findings']} findings"
            f"{f' (skipped: {skipped})' if skipped else ''}")
