"""Who lints the pages: worker processes of this machine, or a Dask cluster.

An engine's :meth:`map` takes the :class:`~.pages.PageLinter` and an iterator
of pages and yields a :class:`~.pages.CheckedPage` for each, in the order of
the pages, holding only a bounded number of pages at a time. The scan reads
the inputs, de-duplicates and writes the tables in this process whatever the
engine, so the tables do not depend on it.

- :class:`LocalEngine`: ``--jobs`` forked worker processes, chunks of
  :data:`CHUNK` pages at a time.
- :class:`~.dask_engine.DaskEngine`: ``dask.distributed`` (``--dask local``,
  ``--dask-scheduler ADDRESS``), in its own module so that scans without Dask
  do not import it.
"""
from __future__ import annotations

import itertools
from typing import Iterator, Protocol

from ..runner import in_workers
from .inputs import Page, ScanInputError
from .pages import CheckedPage, PageLinter, not_checked

#: Pages handed to the local workers at a time.
CHUNK = 1024


class Engine(Protocol):
    """What the scan needs of an engine."""

    def map(self, linter: PageLinter, pages: Iterator[Page]) -> Iterator[CheckedPage]: ...

    def close(self) -> None: ...


class LocalEngine:
    def __init__(self, jobs: int):
        self.jobs = jobs

    def map(self, linter: PageLinter, pages: Iterator[Page]) -> Iterator[CheckedPage]:
        while chunk := list(itertools.islice(pages, CHUNK)):
            yield from in_workers(linter, chunk, self.jobs, not_checked)

    def close(self) -> None:
        pass


def require_dask() -> None:
    """ScanInputError, one line for the user, when dask.distributed is not installed."""
    try:
        import distributed  # noqa: F401 - only whether it imports
    except ImportError:
        raise ScanInputError("--dask needs dask.distributed: pip install 'ketalint[dask]'") from None


def make_engine(jobs: int, dask: str | None) -> Engine:
    """The engine for ``--jobs`` and ``--dask``/``--dask-scheduler`` (None: local workers)."""
    if not dask:
        return LocalEngine(jobs)
    require_dask()
    from .dask_engine import DaskEngine
    return DaskEngine(dask, jobs)
