"""Plain-text reader: structure recovered from layout.

* Paragraphs are separated by blank lines.
* A line starting with a bullet (``•``, ``-``, ``*``, ``·``, ``▪``, ``◦``) or a
  number (``1.``, ``2)``, ``(3)``) is a list item; an indented or lower-case line
  right after it continues it. The block before the list is its lead-in.
* A single short line with no closing punctuation (or ending in ``?``) is a heading.
* A line such as ``References:`` opens the reference list; its items or lines are
  reference entries until the next heading. A block starting with ``[n]`` is a
  reference entry wherever it stands.
* Bare URLs are links, not prose.
"""
from __future__ import annotations

import regex

from ..document import Block, Document, join_soft_breaks
from ..typography import plain_view
from .citations import (add_reference, attach_citations, find_urls, is_reference_entry, reference_key,
                        reference_section)

_BULLET = regex.compile(r"^([ \t]*)([•\-*·▪◦‣●○■□➢✓✔]|\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)])[ \t\u00a0]+(?=\S)")
# "[3] Author, Title...": a reference entry wherever it stands.
_BRACKETED_ENTRY = regex.compile(r"^\s*\[\d{1,3}\]\s+\S")
_CLOSING_PUNCT = regex.compile(r"[.,;:!)\]\"'”’]\s*$")
_SENTENCE_END = regex.compile(r"[.!?:;]\s*$")
_COMMENT_LINE = regex.compile(r"^[ \t]*<!--[^\n]*?-->[ \t]*$", regex.M)


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 90 or len(stripped.split()) > 14:
        return False
    if reference_section(stripped):
        return True
    return not _CLOSING_PUNCT.search(stripped) or stripped.endswith("?")


def read_plaintext(source: str, path: str) -> Document:
    chars = list(source)
    links = find_urls(source)
    for link in links:
        chars[link.start:link.end] = " " * (link.end - link.start)
    # A line that is only an HTML comment (a ketalint directive) is not prose.
    for m in _COMMENT_LINE.finditer(source):
        for i in range(m.start(), m.end()):
            if chars[i] not in "\r\n":
                chars[i] = " "
    prose, offsets = plain_view("".join(chars))
    doc = Document(path=path, format="text", source=source, prose=prose,
                   links=links, offsets=offsets)

    # Group lines into runs separated by blank lines.
    runs: list[list[tuple[int, int]]] = [[]]
    for start, end in doc.lines.content_spans():
        if prose[start:end].strip():
            runs[-1].append((start, end))
        elif runs[-1]:
            runs.append([])
    runs = [r for r in runs if r]

    blocks: list[Block] = []
    section = 0
    in_references: str | None = None  # see citations.reference_section
    list_id = 0
    prose_chars = list(prose)

    def content_span(start: int, end: int) -> tuple[int, int]:
        text = prose[start:end]
        lead = len(text) - len(text.lstrip())
        return start + lead, start + len(text.rstrip())

    for run in runs:
        first_text = prose[run[0][0]:run[0][1]]
        if len(run) == 1 and _is_heading(first_text) and not _BULLET.match(first_text):
            s, e = content_span(*run[0])
            in_references = reference_section(first_text)
            blocks.append(Block("heading", s, e))
            section = len(blocks) - 1
            blocks[-1].section = section
            continue

        # Split the run into items: bullet lines open items, others continue
        # the open item or form a paragraph.
        items: list[list] = []  # [kind, start, end, marker_end]
        short_lines = len(run) > 1 and all(
            len(prose[s:e].strip()) <= 60 and not _SENTENCE_END.search(prose[s:e])
            and not _BULLET.match(prose[s:e]) for s, e in run)
        for start, end in run:
            text = prose[start:end]
            bullet = _BULLET.match(text)
            if reference_section(text):
                items.append(["references-heading", start, end, start])
            elif bullet:
                items.append(["list-item", start, end, start + bullet.end()])
            elif _BRACKETED_ENTRY.match(text):
                items.append(["paragraph", start, end, start])
            elif items and items[-1][0] == "list-item" and (
                    text[:1] in " \t" or text.lstrip()[:1].islower()):
                items[-1][2] = end
            elif items and items[-1][0] == "paragraph" and not short_lines:
                items[-1][2] = end
            else:
                items.append(["paragraph", start, end, start])

        for kind, start, end, body_start in items:
            text = prose[start:end]
            if kind == "references-heading":
                s, e = content_span(start, end)
                blocks.append(Block("heading", s, e))
                section = len(blocks) - 1
                blocks[-1].section = section
                in_references = reference_section(text)
                continue
            if kind == "list-item":
                for i in range(start, body_start):
                    prose_chars[i] = " "
            s, e = content_span(body_start, end)
            if is_reference_entry(in_references, text) or _BRACKETED_ENTRY.match(text):
                key, skip = reference_key(source[body_start if kind == "list-item" else s:e],
                                          len(doc.references) + 1)
                if kind == "list-item":
                    number = regex.match(r"\s*\(?(\d{1,3})[.)]", text)
                    key = number.group(1) if number else key
                add_reference(doc, key, s + skip if kind != "list-item" else s, e)
                blocks.append(Block("reference", s, e, section=section))
                continue
            if kind == "list-item":
                prev = blocks[-1] if blocks else None
                if prev is not None and prev.kind == "list-item":
                    item_list, lead_in = prev.list_id, prev.lead_in
                else:
                    list_id += 1
                    item_list = list_id
                    lead_in = len(blocks) - 1 if prev is not None and prev.kind in (
                        "paragraph", "heading") else None
                blocks.append(Block("list-item", s, e, lead_in=lead_in, list_id=item_list,
                                    section=section))
            else:
                blocks.append(Block("paragraph", s, e, section=section))

    doc.prose = join_soft_breaks("".join(prose_chars), blocks)
    doc.blocks = blocks
    attach_citations(doc)
    return doc
