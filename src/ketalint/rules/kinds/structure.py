"""``kind: structure``: ``check``, ``unresolved-marker`` (citation markers
whose keys no reference-list entry has) or ``reference-without-locator``
(reference-list entries with no link, DOI, PMID, or journal and year)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ...findings import Finding
from .base import RuleKind, register


def _unresolved_markers(rule, run) -> Iterator[Finding]:
    doc = run.doc
    keys = {r.key for r in doc.references}
    for marker in doc.markers:
        missing = [k for k in marker.keys if k not in keys]
        if missing:
            yield run.finding(rule, marker.start, marker.end, match=doc.prose[marker.start:marker.end],
                              detail=", ".join(missing))


def _references_without_locator(rule, run) -> Iterator[Finding]:
    # Imported here: loading a pack (``rules``, ``explain``) needs no regex engine.
    from ...readers.citations import has_locator
    for ref in run.doc.references:
        if not has_locator(ref.text):
            yield run.finding(rule, ref.start, ref.end, match=ref.text)


#: The checks, by the name a rule gives in ``check``.
CHECKS = {"unresolved-marker": _unresolved_markers,
          "reference-without-locator": _references_without_locator}


@register
@dataclass
class StructureKind(RuleKind, name="structure", keys={"check"}):
    #: The function of the check the rule names.
    check: Callable[[Any, Any], Iterator[Finding]]

    @classmethod
    def from_yaml(cls, data, reader) -> StructureKind:
        name = data.get("check")
        if name not in tuple(CHECKS):
            reader.fail("check", f"must be one of {', '.join(CHECKS)}")
        return cls(CHECKS[name])

    def evaluate(self, rule, run) -> Iterator[Finding]:
        return self.check(rule, run)
