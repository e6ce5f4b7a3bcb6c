"""Offsets into a text as Language Server Protocol positions, and back.

A position is a 0-based line and a column counted in the code units the client
and server agreed on: UTF-16 by default (an astral character such as an emoji
counts two, "é" one), UTF-8 or UTF-32 when negotiated. Lines end at LF, CRLF or
a lone CR, as the protocol says (not at the other breaks ``str.splitlines``
knows, such as U+2028).
"""
from __future__ import annotations

from .document import LineIndex

UNIT_BYTES = {"utf-8": 1, "utf-16": 2, "utf-32": 4}


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-32":
        return len(text)
    return len(text.encode(encoding if encoding == "utf-8" else "utf-16-le")) // UNIT_BYTES[encoding]


class PositionMap:
    """Converts offsets of ``text`` to (line, column) in ``encoding`` units and back."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text, self.encoding = text, encoding
        self.lines = LineIndex(text)

    def position(self, offset: int) -> tuple[int, int]:
        line, column = self.lines.position(offset)
        start = self.lines.starts[line - 1]
        return line - 1, _units(self.text[start:start + column - 1], self.encoding)

    def offset(self, line: int, column: int) -> int:
        """The offset at ``line`` (0-based) and ``column`` units; a column past
        the line's end, or inside a character, gives the next character boundary."""
        if line >= len(self.lines.starts):
            return len(self.text)
        start, end = self.lines.line_span(line + 1)
        units = 0
        for index in range(start, end):
            if units >= column:
                return index
            units += _units(self.text[index], self.encoding)
        return end
