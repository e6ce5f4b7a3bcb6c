"""Readers turn a file's bytes into a :class:`~ketalint.document.Document`.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; otherwise the
bytes must be UTF-8, and failing that they are read as Windows-1252 (what Word
and older CMS exports produce), which the result reports. A UTF-8 BOM stays in
the text as U+FEFF so offsets count it, as Python's ``open(..., encoding="utf-8")``
does. Files with NUL bytes in a UTF-8 reading are binary and refused.
"""
from __future__ import annotations

import codecs
import os

from ..document import Document
from .markdown import read_markdown
from .plaintext import read_plaintext

READERS = {"markdown": read_markdown, "text": read_plaintext}

#: File extensions each format is read from when walking directories.
EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".txt": "text", ".text": "text",
}


class InputError(Exception):
    """A file that cannot be read as text; the message is one line for the user."""


def format_for(path: str, default: str = "text") -> str:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), default)


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes; return the text and the encoding used."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {encoding} text ({exc.reason} at byte {exc.start})") from None
            # utf-16/32 codecs drop their BOM; keep one character for it so
            # offsets agree with editors that show it.
            if encoding != "utf-8":
                text = "\ufeff" + text
            return text, encoding
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 or Windows-1252 text (byte {exc.start})") from None


def read_text(source: str, path: str = "<stdin>", fmt: str | None = None) -> Document:
    """Build the Document for ``source`` in format ``fmt`` (by extension if None)."""
    fmt = fmt or format_for(path)
    return READERS[fmt](source, path)
