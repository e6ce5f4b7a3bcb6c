"""A scan from inputs to tables: pages are read in this process, handed to
worker processes in chunks (so memory does not grow with the crawl), and
their rows written in the order of the inputs, whatever the number of workers.
"""
from __future__ import annotations

import collections
import itertools
import os
from typing import Callable

from ..checker import Checker
from ..runner import collector_tuned_for_run, in_workers
from .inputs import ScanInputError, check_input, read_pages
from .ledger import Ledger
from .pages import PageLinter, not_checked
from .tables import TableWriter, write_domains

#: Pages handed to the workers at a time.
CHUNK = 1024


def scan(inputs: list[str], outdir: str, make_checker: Callable[[], Checker], jobs: int,
         max_bytes: int, settings: str) -> tuple[collections.Counter, list[str]]:
    """Scan ``inputs`` into the tables of ``outdir``, skipping inputs finished
    by an earlier scan into the same folder. Return the counts of pages over
    all finished inputs (``linted``, ``duplicate``, ``redirect``...) and one
    line per input that could not be read. ``make_checker`` is called only
    if some input is left to scan. ``settings`` is a key of what the
    findings depend on (rules, config, version). ScanInputError when an input
    does not exist or is of no kind read here, when the output folder cannot
    be made, or when it holds a scan made with other settings."""
    for path in inputs:
        check_input(path)
    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as exc:
        raise ScanInputError(f"{outdir}: cannot make the output folder ({exc.strerror})") from None
    ledger = Ledger(outdir)
    if ledger.settings() not in (None, settings):
        raise ScanInputError(f"{outdir}: holds a scan made with other rules, settings or ketalint "
                             "version; scan into another folder")
    todo = [path for path in dict.fromkeys(inputs) if not ledger.is_finished(path)]
    errors: list[str] = []
    with TableWriter(outdir, ledger.table_sizes()) as tables:
        if todo:
            linter = PageLinter(make_checker())
            seen = tables.seen_copy()
            with collector_tuned_for_run():
                for path in todo:
                    counts: collections.Counter = collections.Counter()
                    try:
                        _scan_input(path, linter, jobs, max_bytes, tables, seen, counts)
                    except ScanInputError as exc:
                        errors.append(str(exc))
                        continue
                    ledger.record(path, tables.sizes(), counts, settings)
    write_domains(outdir)
    return ledger.counts(), errors


def _scan_input(path: str, linter: PageLinter, jobs: int, max_bytes: int, tables: TableWriter,
                seen: set[str], counts: collections.Counter) -> None:
    pages = iter(read_pages(path, max_bytes, counts))
    while chunk := list(itertools.islice(pages, CHUNK)):
        for checked in in_workers(linter, chunk, jobs, not_checked):
            if checked.skipped:
                counts[checked.skipped] += 1
            elif checked.copy_hash in seen:
                counts["duplicate"] += 1
            elif checked.result is not None:  # (a page not skipped is linted)
                seen.add(checked.copy_hash)
                tables.write(checked, path)
                counts["linted"] += 1
                counts["findings"] += len(checked.result.findings)


def summary(counts: collections.Counter) -> str:
    """One line for the user: pages linted, findings, pages skipped by reason."""
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(counts.items()) if why not in ("linted", "findings"))
    return (f"{counts['linted']} pages linted, {counts['findings']} findings"
            f"{f' (skipped: {skipped})' if skipped else ''}")
