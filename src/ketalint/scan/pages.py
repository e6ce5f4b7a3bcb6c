"""Reading and linting one page, in a worker process.

:class:`PageLinter` reads a :class:`~.inputs.Page` with the reader ``ketalint
check`` uses for the same content (so nav, footer and other boilerplate are
skipped the same way), decides whether the page is about ketamine, hashes its
copy and lints it with the Checker: the findings are those ``check`` gives for
the same HTML saved as a file, reported under the page's URL.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..checker import Checker, FileResult
from ..readers import InputError, read_document, read_text
from .inputs import Page

#: Copy that names one of these is about ketamine or esketamine.
ABOUT_KETAMINE = re.compile(r"\b(?:es)?ketamine\b|\bspravato\b", re.IGNORECASE)


@dataclass
class CheckedPage:
    """What a worker sends back about a page: ``skipped`` says why it was not
    linted (``unreadable``, ``not about ketamine``, ``not checked`` when its
    worker process died), else ``result`` holds its findings. ``copy_hash``
    identifies its copy, whitespace aside."""

    page: Page
    skipped: str | None = None
    copy_hash: str = ""
    words: int = 0
    result: FileResult | None = None


def copy_hash(prose: str) -> str:
    """A hash of the copy (the reader's prose view, runs of white space made one)."""
    return hashlib.sha256(" ".join(prose.split()).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class PageLinter:
    """Read and lint pages with ``checker``; one per scan, inherited by the workers."""

    checker: Checker

    def __call__(self, page: Page) -> CheckedPage:
        html_skip = self.checker.config.html_skip
        try:
            if isinstance(page.content, bytes):
                doc = read_document(page.content, page.url, page.fmt, html_skip=html_skip)
            else:
                doc = read_text(page.content, page.url, page.fmt, html_skip=html_skip)
        except InputError:
            return CheckedPage(_without_content(page), "unreadable")
        page = _without_content(page)
        if not ABOUT_KETAMINE.search(doc.prose):
            return CheckedPage(page, "not about ketamine")
        # spaCy keeps every word it meets (its strings, lexemes and tokenizer
        # cache) for the life of the pipeline, so a worker grew with the
        # crawl's vocabulary; what a page adds is dropped once it is linted
        # (the result holds no spaCy object).
        with self.checker.linter.nlp.memory_zone():
            result = self.checker.check(doc)
        return CheckedPage(page, None, copy_hash(doc.prose), len(doc.prose.split()), result)


def not_checked(page: Page, _reason: str) -> CheckedPage:
    """The outcome of a page whose worker process died reading it (counted, not kept)."""
    return CheckedPage(_without_content(page), "not checked")


def _without_content(page: Page) -> Page:
    """The page without its content, which need not travel back from the worker."""
    return Page(page.url, b"", page.fmt, page.fetched_at, page.content_hash)
