"""Readers turn a file's bytes into a :class:`~ketalint.document.Document`.

Decoding order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. known binary signatures (PDF, ZIP/Office, PNG, JPEG, GIF, gzip) are refused;
3. UTF-16 without a BOM is recognised by its pattern of NUL bytes;
4. other bytes with NULs are binary and refused;
5. UTF-8;
6. Windows-1252 (what Word and older CMS exports produce), reported to the user.

A UTF-8 BOM stays in the text as U+FEFF so offsets count it, as Python's
``open(..., encoding="utf-8")`` does.
"""
from __future__ import annotations

import codecs
import importlib
import os

from ..document import Document

#: Format -> (module, function) of its reader. Modules load on first use: a run
#: answered from the results cache reads no document's structure.
READERS = {"markdown": ("markdown", "read_markdown"), "text": ("plaintext", "read_plaintext"),
           "html": ("html", "read_html"), "mdx": ("mdx", "read_mdx")}


def reader(fmt: str):
    """The function that reads format ``fmt`` (``source, path`` -> Document)."""
    module, name = READERS[fmt]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)

#: File extensions each format is read from when walking directories.
EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html", ".mdx": "mdx",
    ".docx": "docx",
}


class InputError(Exception):
    """A file that cannot be read as text; the message is one line for the user."""


def format_for(path: str, default: str = "text") -> str:
    ext = os.path.splitext(path)[1].lower()
    return EXTENSIONS.get(ext, default)


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


_SIGNATURES = [
    (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or Office file)"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip data"), (b"\x7fELF", "an executable"),
]


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


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
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"binary file ({what})")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
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


def read_text(source: str, path: str = "<stdin>", fmt: str | None = None, html_skip=None) -> Document:
    """Build the Document for ``source`` in format ``fmt`` (by extension if None).
    ``html_skip``: HTML elements that are not copy (default nav, aside, footer)."""
    fmt = fmt or format_for(path)
    if fmt == "html" and html_skip is not None:
        return reader("html")(source, path, html_skip)
    return reader(fmt)(source, path)


#: Files larger than this are refused with a clear message (``--max-file-size``).
DEFAULT_MAX_BYTES = 4 * 1024 * 1024


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, refusing files over ``max_bytes`` before reading them;
    raise InputError with a one-line reason."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise InputError(f"file too large ({size / 1048576:.1f} MB; the limit is "
                                 f"{max_bytes / 1048576:.0f} MB, see --max-file-size)")
            return read_stream(fh, max_bytes, size)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None


def read_stream(stream, max_bytes: int = DEFAULT_MAX_BYTES, size: int = 0) -> bytes:
    """The bytes of a binary stream (a file of ``size`` bytes when known, or a
    pipe such as standard input), reading no more than ``max_bytes`` + 1 of
    them; InputError if there are more."""
    # Sized by fstat: read(max_bytes + 1) allocated the whole limit for
    # every file. A file that grew since (or a pipe, size 0) is read on.
    data = stream.read(size + 1)
    if len(data) > size:
        data += stream.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise InputError(f"file too large (over {max_bytes / 1048576:.0f} MB, see --max-file-size)")
    return data


def read_document(data: bytes, path: str, fmt: str | None = None, html_skip=None) -> Document:
    """Decode ``data`` and build its Document; ``doc.encoding`` says how it was read."""
    fmt = fmt or format_for(path)
    if fmt == "docx":
        from .docx import DocxError, read_docx
        try:
            return read_docx(data, path)
        except DocxError as exc:
            raise InputError(str(exc)) from None
    text, encoding = decode(data)
    doc = read_text(text, path, fmt, html_skip)
    doc.encoding = encoding
    return doc


def read_file(path: str, fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and decode a file into a Document; raise InputError with a one-line
    reason when it cannot be read as text."""
    return read_document(read_bytes(path, max_bytes), path, fmt)
