"""Who lints the pages: worker processes of this machine.

An engine's :meth:`map` takes the :class:`~.pages.PageLinter` and an iterator
of pages and yields a :class:`~.pages.CheckedPage` for each, in the order of
the pages, holding only a bounded number of pages at a time. The scan reads
the inputs, de-duplicates and writes the tables in this process whatever the
engine, so the tables do not depend on it.

- :class:`LocalEngine`: ``--jobs`` forked worker processes, chunks of
  :data:`CHUNK` pages at a time.
"""
from __future__ import annotations

import itertools
from typing import Iterator

from ..runner import in_workers
from .inputs import Page
from .pages import CheckedPage, PageLinter, not_checked

#: Pages handed to the local workers at a time.
CHUNK = 1024


class LocalEngine:
    def __init__(self, jobs: int):
        self.jobs = jobs

    def map(self, linter: PageLinter, pages: Iterator[Page]) -> Iterator[CheckedPage]:
        while chunk := list(itertools.islice(pages, CHUNK)):
            yield from in_workers(linter, chunk, self.jobs, not_checked)

    def close(self) -> None:
        pass
