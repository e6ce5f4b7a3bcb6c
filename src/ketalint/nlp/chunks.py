"""Which text each spaCy Doc holds: runs of prose blocks, not single blocks.

A Doc costs the same fixed work however short it is, and copy is mostly short
blocks (headings, list items, table cells), so one Doc per block spent more on
Doc overhead than on text. A :class:`Chunk` holds consecutive prose blocks of a
document, up to ``max_chars`` characters; its text is the prose view with
everything between its blocks blanked (a line break, then spaces), so a phrase
cannot run from one block into the next and offsets stay those of the
document. ``Doc._.block_bounds`` tells the sentence splitter where blocks
start and end: every block boundary is a sentence boundary, and
``Doc._.prose`` keeps the text (spaCy rebuilds ``Doc.text`` from its tokens on
every access).

A run of punctuation longer than MAX_PUNCTUATION_RUN characters (20 KB of
"!") is broken by a space every MAX_PUNCTUATION_RUN characters before it is
tokenised: spaCy strips a token's prefixes and suffixes one at a time, each
search scanning the rest of the token, so one long run cost time quadratic in
its length. Offsets stay those of the document (one character for one).

A block longer than ``max_chars`` (a 5 MB line with no break) is cut into pieces
after a sentence end or, failing that, at a space; spaCy refuses Docs over a
million characters, and shorter pieces keep memory flat.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex
from spacy.tokens import Doc

from ..document import PROSE_KINDS, Block, Document

if not Doc.has_extension("block_bounds"):
    Doc.set_extension("block_bounds", default=None)
if not Doc.has_extension("prose"):
    Doc.set_extension("prose", default=None)

_SENTENCE_END = regex.compile(r"[.!?]\s+")
_SPACE = regex.compile(r"\s+")
#: Characters of punctuation spaCy gets without a space between them, at most.
MAX_PUNCTUATION_RUN = 64
_PUNCTUATION_RUN = regex.compile(r"[^\w\s]{%d,}" % (MAX_PUNCTUATION_RUN + 1))


def _break_punctuation_runs(text: str) -> str:
    """``text`` with a space for every MAX_PUNCTUATION_RUN-th character of
    a longer run of punctuation (see the module's doc)."""
    def broken(m) -> str:
        return "".join(" " if k and k % MAX_PUNCTUATION_RUN == 0 else c
                       for k, c in enumerate(m.group()))
    return _PUNCTUATION_RUN.sub(broken, text)


@dataclass
class Chunk:
    """Consecutive prose blocks of a document, analysed as one Doc."""

    start: int  # document offset of the Doc's first character
    end: int
    #: ``(index in Document.blocks, block)``; a piece of a long block keeps
    #: the index of the block it was cut from.
    blocks: list[tuple[int, Block]] = field(default_factory=list)

    def text(self, doc: Document) -> str:
        parts, pos = [], self.start
        for _, block in self.blocks:
            gap = block.start - pos
            if gap:
                parts.append("\n" + " " * (gap - 1))
            parts.append(doc.prose[block.start:block.end])
            pos = block.end
        return "".join(parts)

    def bounds(self) -> list[tuple[int, int]]:
        """Block spans relative to the chunk."""
        return [(b.start - self.start, b.end - self.start) for _, b in self.blocks]


def _pieces(doc: Document, block: Block, max_chars: int):
    if block.end - block.start <= max_chars:
        yield block
        return
    start = block.start
    while block.end - start > max_chars:
        lo = start + max_chars // 2
        window = doc.prose[lo:start + max_chars]
        cuts = [m.end() for m in _SENTENCE_END.finditer(window)] or \
            [m.end() for m in _SPACE.finditer(window)]
        end = lo + (cuts[-1] if cuts else len(window))
        yield Block(block.kind, start, end, block.lead_in, block.list_id, block.section)
        start = end
    yield Block(block.kind, start, block.end, block.lead_in, block.list_id, block.section)


def chunks(doc: Document, max_chars: int) -> list[Chunk]:
    """The prose blocks of ``doc`` in chunks of at most ``max_chars`` characters."""
    result: list[Chunk] = []
    current: Chunk | None = None
    for index, block in enumerate(doc.blocks):
        if block.kind not in PROSE_KINDS:
            continue
        for piece in _pieces(doc, block, max_chars):
            if current is None or piece.end - current.start > max_chars or piece.start < current.end:
                current = Chunk(piece.start, piece.end)
                result.append(current)
            current.blocks.append((index, piece))
            current.end = piece.end
    return result


def make_docs(nlp, doc: Document, parts: list[Chunk]):
    """Unprocessed spaCy Docs of ``parts``, made one at a time."""
    for chunk in parts:
        text = _break_punctuation_runs(chunk.text(doc))
        sdoc = nlp.make_doc(text)
        sdoc._.block_bounds = chunk.bounds()
        sdoc._.prose = text
        yield sdoc
