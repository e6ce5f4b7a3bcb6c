"""Pages of a crawl: WARC and WARC.gz files, JSON Lines files, folders of HTML.

:func:`read_pages` yields a :class:`Page` for each record that may be copy and
counts, in a ``skipped`` Counter, the records it leaves out and why:

- WARC: ``response`` records only (requests, metadata and the like are not
  pages); HTTP status 200 only (``redirect`` for 3xx, ``status NNN`` for the
  rest); Content-Type ``text/html`` only (``not text/html``); bodies larger
  than the size limit (``too large``). Transfer and content encodings are
  undone by warcio.
- JSON Lines: one object a line with ``url`` and ``html`` or ``text``, and
  optionally ``fetched_at``; other lines are ``bad record``.
- A folder: its ``.html``, ``.htm`` and ``.xhtml`` files, in name order, each
  page's URL being its path.
"""
from __future__ import annotations

import collections
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Iterator

from ..readers import EXTENSIONS, InputError, read_bytes


class ScanInputError(Exception):
    """An input that cannot be read at all; the message is one line for the user."""


@dataclass
class Page:
    """One page to read: its URL, its content (bytes as fetched, or text from
    JSON Lines), ``html`` or ``text``, when it was fetched, if known, and the
    hash of its content (see :func:`content_hash`) once the scan has made it."""

    url: str
    content: bytes | str
    fmt: str = "html"
    fetched_at: str | None = None
    content_hash: str = ""


def content_hash(page: Page) -> str:
    """A hash of the page as given (its format and content, before any reading):
    the same body served under two URLs has one hash."""
    content = page.content if isinstance(page.content, bytes) else page.content.encode("utf-8", "surrogatepass")
    return hashlib.sha256(page.fmt.encode() + b"\0" + content).hexdigest()


def is_warc(path: str) -> bool:
    return path.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def check_input(path: str) -> None:
    """ScanInputError unless ``path`` is a folder, or a file of a kind read here."""
    if not os.path.exists(path):
        raise ScanInputError(f"{path}: no such file or folder")
    if not (os.path.isdir(path) or is_warc(path) or path.lower().endswith((".jsonl", ".ndjson"))):
        raise ScanInputError(f"{path}: not a WARC (.warc, .warc.gz), JSON Lines (.jsonl) file or a folder")


def read_pages(path: str, max_bytes: int, skipped: collections.Counter) -> Iterator[Page]:
    """The pages of the input ``path`` (see the module's documentation), which
    :func:`check_input` accepts."""
    if os.path.isdir(path):
        return _folder_pages(path, max_bytes, skipped)
    if is_warc(path):
        return _warc_pages(path, max_bytes, skipped)
    return _jsonl_pages(path, max_bytes, skipped)


def _warc_pages(path: str, max_bytes: int, skipped: collections.Counter) -> Iterator[Page]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise ScanInputError("reading WARC files needs warcio: pip install 'ketalint[scan]'") from None
    with open(path, "rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                content_type = record.http_headers.get_header("Content-Type") or ""
                if status != "200":
                    skipped["redirect" if status.startswith("3") else f"status {status}"] += 1
                elif content_type.split(";")[0].strip().lower() != "text/html":
                    skipped["not text/html"] += 1
                else:
                    body = record.content_stream().read(max_bytes + 1)
                    if len(body) > max_bytes:
                        skipped["too large"] += 1
                        continue
                    yield Page(record.rec_headers.get_header("WARC-Target-URI"), body, "html",
                               record.rec_headers.get_header("WARC-Date"))
        except ArchiveLoadFailed as exc:
            raise ScanInputError(f"{path}: not a readable WARC file ({exc})") from None


def _jsonl_pages(path: str, max_bytes: int, skipped: collections.Counter) -> Iterator[Page]:
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                record = None
            if not isinstance(record, dict) or not isinstance(record.get("url"), str):
                skipped["bad record"] += 1
                continue
            fmt = "html" if isinstance(record.get("html"), str) else "text"
            content = record.get(fmt)
            if not isinstance(content, str):
                skipped["bad record"] += 1
            elif len(content) > max_bytes:
                skipped["too large"] += 1
            else:
                fetched_at = record.get("fetched_at")
                yield Page(record["url"], content, fmt, fetched_at if isinstance(fetched_at, str) else None)


def _folder_pages(path: str, max_bytes: int, skipped: collections.Counter) -> Iterator[Page]:
    for folder, subfolders, names in os.walk(path):
        subfolders.sort()
        for name in sorted(names):
            if EXTENSIONS.get(os.path.splitext(name)[1].lower()) != "html":
                continue
            file = os.path.join(folder, name)
            try:
                yield Page(file, read_bytes(file, max_bytes), "html")
            except InputError:
                skipped["too large or unreadable"] += 1
