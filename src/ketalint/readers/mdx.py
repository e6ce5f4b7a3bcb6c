"""MDX reader (.mdx): Markdown plus ESM, JSX and expressions.

``import``/``export`` statements, JSX tags (with their attributes) and ``{...}``
expressions are not prose and are blanked, with the same length, before the
Markdown reader runs; the text children of JSX components stay prose, also on
the tag's own line (``<Callout>Text</Callout>``) or indented inside it, as MDX
has no indented code blocks. Offsets
are unchanged, so findings point into the original source. Suppressions use
MDX comments: ``{/* ketalint-disable-next-line FDA101 -- reason */}``.
"""
from __future__ import annotations

import regex

from ..document import Document, Reference
from .markdown import read_markdown

_ESM = regex.compile(r"^(?:import|export)\b.*?(?=\n[ \t]*(?:\r?\n|$)|\Z)", regex.M | regex.S)
_JSX_TAG = regex.compile(r"</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>|<>|</>", regex.S)
_FENCE = regex.compile(r"^[ \t]{0,3}(`{3,}|~{3,}).*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", regex.M | regex.S)
_CODE_SPAN = regex.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", regex.S)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


def _expressions(text: str, protected) -> list[tuple[int, int]]:
    """Spans of balanced ``{...}`` expressions outside code (strings inside
    them may hold braces)."""
    spans, depth, start, quote = [], 0, 0, None
    i = 0
    while i < len(text):
        if depth == 0 and i in protected:
            i = protected[i]
            continue
        c = text[i]
        if depth and quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif depth and c in "\"'`":
            quote = c
        elif c == "{":
            if depth == 0:
                start = i
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
        i += 1
    return spans


def read_mdx(source: str, path: str) -> Document:
    code = {m.start(): m.end() for m in _FENCE.finditer(source)}
    code.update({m.start(): m.end() for m in _CODE_SPAN.finditer(source)
                 if not any(s <= m.start() < e for s, e in code.items())})
    chars = list(source)
    for m in _ESM.finditer(source):
        _blank(chars, m.start(), m.end())
    for start, end in _expressions("".join(chars), code):
        _blank(chars, start, end)
    masked = "".join(chars)
    for m in _JSX_TAG.finditer(masked):
        if not any(s <= m.start() < e for s, e in code.items()):
            _blank(chars, m.start(), m.end())
    # Blanked tags leave text indented (``<Callout>Text``); MDX has no indented code.
    doc = read_markdown("".join(chars), path, indented_code=False)
    doc.source, doc.format = source, "mdx"
    doc.references = [Reference(r.key, r.start, r.end, source[r.start:r.end]) for r in doc.references]
    return doc
