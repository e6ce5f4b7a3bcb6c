"""The Document every reader produces and every later stage reads.

A Document holds the decoded source text and a *prose view* of exactly the same
length, in which everything that is not prose (code, markup, link destinations,
front-matter keys, reference-definition URLs) is blanked to spaces and
typographic characters take their plain forms. Rules search the prose view, so an
offset found there is already an offset into the source; only the rare rewritten
runs recorded in ``offsets`` (character references, soft hyphens, words split by
inline markup such as ``cu<b>res</b>``) are mapped back.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .typography import OffsetMap

#: Block kinds whose text is copy that rules read. Reference entries and
#: footnote definitions are sources, not claims.
PROSE_KINDS = frozenset({"heading", "paragraph", "list-item", "table-cell",
                         "blockquote", "front-matter"})

_SOFT_BREAKS = {ord("\n"): " ", ord("\r"): " "}


def join_soft_breaks(prose: str, blocks: list[Block]) -> str:
    """``prose`` with the line breaks inside its prose blocks read as spaces.

    A paragraph wrapped over several lines runs on, as Markdown and HTML render
    it: "side\\neffects" is "side effects" to the entity matcher and to every
    pattern. One character for one, so offsets stay; the breaks between blocks
    stay too.
    """
    chars = None
    for block in blocks:
        if block.kind not in PROSE_KINDS:
            continue
        text = prose[block.start:block.end]
        if "\n" in text or "\r" in text:
            if chars is None:
                chars = list(prose)
            chars[block.start:block.end] = text.translate(_SOFT_BREAKS)
    return prose if chars is None else "".join(chars)


@dataclass
class Block:
    """A unit of copy: a heading, paragraph, list item, table cell, quote...

    ``start``/``end`` are source offsets of its text. A list item's ``lead_in`` is
    the index (in ``Document.blocks``) of the block that introduces its list.
    """

    #: heading, paragraph, list-item, table-cell, blockquote, footnote,
    #: reference or front-matter
    kind: str
    start: int
    end: int
    lead_in: int | None = None
    list_id: int | None = None
    section: int = 0  # index of the heading that opens this block's section


@dataclass
class Link:
    """A hyperlink: the span of its visible text and its destination."""

    start: int
    end: int
    url: str


@dataclass
class Marker:
    """A citation marker such as ``[2,3]``, ``(7)``, ``¹``, ``[^1]`` or an
    author-year citation. ``keys`` are the reference keys it points to (empty for
    author-year citations, which name their source themselves)."""

    start: int
    end: int
    keys: tuple[str, ...]
    kind: str  # numeric | footnote | superscript | author-year


@dataclass
class Reference:
    """An entry of the document's reference list or a footnote definition."""

    key: str
    start: int
    end: int
    text: str


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Converts offsets to 1-based line and column numbers (columns count
    characters). Lines end at LF, CRLF or a lone CR, as editors count them."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self.length = len(text)
        self._text = text

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Start and end offset (without the line break) of a 1-based line."""
        start = self.starts[line - 1]
        if line >= len(self.starts):
            return start, self.length
        end = self.starts[line]
        while end > start and self._text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def content_spans(self) -> list[tuple[int, int]]:
        """``line_span`` of every line; a line break at the very end of the
        text opens no further line."""
        count = len(self.starts)
        if count > 1 and self.starts[-1] == self.length:
            count -= 1
        return [self.line_span(line) for line in range(1, count + 1)]


@dataclass
class Document:
    path: str
    format: str
    source: str
    prose: str
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    offsets: OffsetMap = field(default_factory=OffsetMap)
    #: Source spans of code (fences, indented code, code spans): never prose,
    #: and comments inside them are not suppression directives.
    code_spans: list[tuple[int, int]] = field(default_factory=list)
    encoding: str = "utf-8"
    #: Problems met while linting (a rule skipped for a slow pattern); the CLI
    #: reports them and exits 2.
    errors: list[str] = field(default_factory=list)
    #: The source's lines (built on first use unless a reader passes its own).
    line_index: LineIndex | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if len(self.prose) != len(self.source):
            raise ValueError("prose view must have the length of the source")

    @property
    def lines(self) -> LineIndex:
        if self.line_index is None:
            self.line_index = LineIndex(self.source)
        return self.line_index

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of a prose-view span."""
        return (self.offsets.to_source(start),
                self.offsets.to_source(end, is_end=True))

    def prose_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind in PROSE_KINDS]
