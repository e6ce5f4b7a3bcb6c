"""What the structured readers (Markdown, HTML) share: a prose view being
built over the source, and the Document made from it."""
from __future__ import annotations

import re

from ..document import Block, Document, LineIndex, Link, Marker, join_soft_breaks
from ..typography import plain_view
from .citations import add_reference, attach_citations


_LINE_BREAK = re.compile(r"[\r\n]")

#: Inline elements that only style their text: a tag of one inside a word
#: ("cu<b>res</b>") leaves the word whole on the page. Not ``sup``/``sub``
#: (footnote letters), ``q`` (adds quotes), ``br``, ``img`` or block elements.
WORD_JOINING_ELEMENTS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "font", "i", "ins",
    "mark", "s", "small", "span", "strike", "strong", "time", "u", "var", "wbr",
})


class ProseBuilder:
    """Starts with every character blanked (line breaks kept); a reader copies
    the source's prose back in and records blocks, links, markers, reference
    entries and code spans as it goes."""

    def __init__(self, source: str):
        self.source = source
        self.line_index = LineIndex(source)
        self.chars = [" "] * len(source)
        for m in _LINE_BREAK.finditer(source):
            self.chars[m.start()] = m.group()
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.markers: list[Marker] = []
        self.references: list[tuple[str, int, int]] = []  # (key, start, end)
        self.code_spans: list[tuple[int, int]] = []
        #: Blanked inline markup that renders nothing (see ``inline_markup``).
        self.markup: list[tuple[int, int]] = []

    def inline_markup(self, start: int, end: int) -> None:
        """Record blanked markup that renders nothing (an inline tag, a comment,
        an emphasis marker): where it sits inside a word, the prose view joins
        the word's letters around it."""
        self.markup.append((start, end))

    def document(self, path: str, fmt: str) -> Document:
        """The Document: entities decoded, typography plain and words split by
        markup joined, offsets kept."""
        prose, offsets = plain_view("".join(self.chars), decode_entities=True, markup=self.markup)
        prose = join_soft_breaks(prose, self.blocks)
        doc = Document(path=path, format=fmt, source=self.source, prose=prose, blocks=self.blocks,
                       links=self.links, markers=self.markers, offsets=offsets,
                       code_spans=self.code_spans, line_index=self.line_index)
        for key, start, end in self.references:
            add_reference(doc, key, start, end)
        attach_citations(doc)
        return doc
