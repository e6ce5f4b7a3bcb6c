"""Findings: what a rule reports, located exactly in the source.

Offsets are 0-based character offsets into the decoded file text (end
exclusive); lines and columns are 1-based and count characters, with
``end_column`` one past the last character. ``text`` is always
``source[start:end]``. Document-level findings have scope ``document`` and
point at the document's first line.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class Finding:
    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    category: str
    severity: str
    scope: str
    message: str
    suggestion: str | None
    text: str

    def to_dict(self) -> dict:
        # Every field is a plain value: a shallow copy is what dataclasses.asdict's
        # deep copy gave, at a tenth of the cost (reports hold many findings).
        return dict(vars(self))

    @property
    def sort_key(self):
        return (self.path, self.start, self.end, self.rule)


def make_finding(doc: Document, rule, start: int, end: int, message: str,
                 scope: str = "span") -> Finding:
    """A finding for a prose-view span [start, end) of ``doc``."""
    if scope == "document":
        start, end = 0, doc.lines.line_span(1)[1]
    else:
        start, end = doc.source_span(start, end)
    line, column = doc.lines.position(start)
    end_line, end_column = doc.lines.position(end)
    return Finding(
        path=doc.path, start=start, end=end, line=line, column=column,
        end_line=end_line, end_column=end_column, rule=rule.id, name=rule.name,
        category=rule.category, severity=rule.severity, scope=scope, message=message,
        suggestion=rule.suggestion, text=doc.source[start:end])
