"""The Modifier record the context component produces (no spaCy import, so the
rule schema and the CLI's documentation commands stay light)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)  # not frozen: a frozen dataclass takes four times as long to make
class Modifier:
    """A context cue and the character span its scope covers."""

    kind: str
    cue_start: int
    cue_end: int
    scope_start: int
    scope_end: int

    def covers(self, start: int, end: int, overlap_ok: bool = False) -> bool:
        """True when the span starts in this modifier's scope and the cue is not
        part of the span itself ("not addictive" is a claim, not a negation),
        unless ``overlap_ok`` ("approved as" restricts "FDA-approved")."""
        if self.cue_start < end and self.cue_end > start:
            return overlap_ok
        return self.scope_start <= start < self.scope_end

    def shifted(self, offset: int) -> "Modifier":
        return Modifier(self.kind, self.cue_start + offset, self.cue_end + offset,
                        self.scope_start + offset, self.scope_end + offset)
