"""Inline suppressions: explicit, scoped, justified, audited.

Directives are HTML comments (in Markdown, HTML and plain text alike; in MDX
the same text goes in an expression comment, ``{/* ketalint-disable ... */}``)::

    <!-- ketalint-disable-next-line FDA101,CLM201 -- quoting the label verbatim -->
    <!-- ketalint-disable CIT401 -- figures from our own audit, linked below -->
    ...
    <!-- ketalint-enable CIT401 -->
    <!-- ketalint-disable-file RSK301 -- risk information is on the linked page -->

Rule ids (or id prefixes, names or categories) are required: there is no
blanket disable. ``disable-next-line`` covers findings that start on the next
non-blank line; ``disable``/``enable`` cover the range between them;
``disable-file`` covers the whole file. The text after `` -- `` is the reason.

Directives produce findings of their own (category ``suppression``):
KTL001 a directive that suppressed nothing, KTL002 a ``disable`` with no
``enable``, KTL003 a directive without a reason (only with ``--require-reason``),
KTL004 a directive that names no rule or an unknown rule. KTL101 (category
``claims-library``), a sentence reworded from an approved claim, is built in
too and listed here with them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .config import matches
from .document import Document
from .findings import Finding

# The HTML comment form, or MDX's ``{/* ... */}`` (HTML comments are not valid MDX).
# A directive ends before the next comment opens, so that an unclosed one is
# given up at the next (linear time), not searched to the end of the file.
DIRECTIVE = re.compile(
    r"(?:<!--|\{/\*)\s*ketalint-(disable-next-line|disable-file|disable|enable)\b"
    r"(?P<selectors>(?:(?!\s--\s|-->|\*/\}|<!--|\{/\*).)*)"
    r"(?:\s--\s(?P<reason>(?:(?!-->|\*/\}|<!--|\{/\*).)*))?(?:-->|\*/\})",
    re.S)


@dataclass(frozen=True)
class MetaRule:
    """A rule built into the engine (not in a pack): directive findings and
    approved-claim drift."""

    id: str
    name: str
    severity: str
    message: str
    rationale: str
    category: str = "suppression"
    suggestion: str | None = None
    references: tuple = ("ketalint README: inline suppression",)

    def doc(self) -> dict:
        return {"id": self.id, "name": self.name, "category": self.category,
                "severity": self.severity, "kind": "directive", "message": self.message,
                "rationale": self.rationale, "references": list(self.references),
                "suggestion": self.suggestion, "examples": {"flag": [], "pass": []},
                "source": "ketalint.suppress"}


META_RULES = {
    "KTL001": MetaRule("KTL001", "unused-suppression", "warning",
                       "This suppression matched no finding; remove it.",
                       "Stale suppressions hide future problems and mislead auditors."),
    "KTL002": MetaRule("KTL002", "unclosed-suppression", "warning",
                       "ketalint-disable has no matching ketalint-enable; it runs to the end of the file.",
                       "An open range silently switches rules off for the rest of the copy."),
    "KTL003": MetaRule("KTL003", "suppression-without-reason", "warning",
                       "Add a reason after ' -- ' so reviewers know why the rule is off.",
                       "Compliance teams keep suppressions as an audit trail; each needs a reason."),
    "KTL004": MetaRule("KTL004", "suppression-without-rule", "error",
                       "A suppression must name known rule ids (e.g. FDA101), prefixes, names or categories.",
                       "Blanket or mistyped suppressions switch off checks nobody meant to."),
    # Reported by the approved-claims library (ketalint.claims.library).
    "KTL101": MetaRule("KTL101", "approved-claim-drift", "warning",
                       "This sentence is close to an approved claim but not worded as approved.",
                       "A claim substantiated by medical-legal review is approved word for word; a "
                       "reworded claim has not been reviewed and may no longer match its references.",
                       category="claims-library",
                       suggestion="Restore the approved wording, or have the new wording approved.",
                       references=("ketalint README: approved claims",)),
}


@dataclass
class Directive:
    kind: str
    selectors: list[str]
    reason: str | None
    start: int
    end: int
    line: int
    range_end: int | None = None
    used: bool = False
    closed: bool = True


@dataclass
class SuppressionResult:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[tuple[Finding, Directive]] = field(default_factory=list)


def parse_directives(doc: Document) -> list[Directive]:
    directives = []
    for m in DIRECTIVE.finditer(doc.source):
        if any(s <= m.start() < e for s, e in doc.code_spans):
            continue
        selectors = [s for s in re.split(r"[\s,]+", m.group("selectors").strip()) if s]
        reason = (m.group("reason") or "").strip() or None
        line, _ = doc.lines.position(m.start())
        directives.append(Directive(m.group(1), selectors, reason, m.start(), m.end(), line))
    return directives


def _next_content_line(doc: Document, offset: int) -> int:
    end_line, _ = doc.lines.position(offset)
    line = end_line + 1
    while line <= len(doc.lines.starts):
        s, e = doc.lines.line_span(line)
        if doc.source[s:e].strip():
            return line
        line += 1
    return line


class _Covering:
    """Which directive of ``active`` (in document order) suppresses a finding:
    the first that names its rule and covers it. Directives are indexed once
    per rule (next-line ones by the line they cover, ranges by where they
    start and, for bisection, the furthest end so far), so a page with
    thousands of directives and findings costs no directive-times-finding scan."""

    def __init__(self, doc: Document, active: list[Directive], rules):
        self.doc, self.active, self.rules = doc, active, rules
        self._by_rule: dict[str, tuple] = {}
        self._next_lines: dict[int, int] = {}

    def _target(self, d: Directive) -> int:
        if id(d) not in self._next_lines:
            self._next_lines[id(d)] = _next_content_line(self.doc, d.end)
        return self._next_lines[id(d)]

    def _index(self, rule_id: str) -> tuple:
        ruled = [r for r in self.rules if r.id == rule_id]
        named = [d for d in self.active if any(matches(s, r) for s in d.selectors for r in ruled)]
        whole_file = next((d for d in named if d.kind == "disable-file"), None)
        next_line: dict[int, Directive] = {}
        for d in named:
            if d.kind == "disable-next-line":
                next_line.setdefault(self._target(d), d)
        ranges = [d for d in named if d.kind == "disable"]
        furthest, ends = 0, []
        for d in ranges:
            furthest = max(furthest, d.range_end if d.range_end is not None else len(self.doc.source))
            ends.append(furthest)
        return whole_file, next_line, ranges, ends

    def first(self, f: Finding) -> Directive | None:
        if f.rule not in self._by_rule:
            self._by_rule[f.rule] = self._index(f.rule)
        whole_file, next_line, ranges, ends = self._by_rule[f.rule]
        found = [d for d in (whole_file, next_line.get(f.line)) if d is not None]
        # The first range whose end is past the finding (furthest-so-far ends
        # are sorted); it covers the finding if it also starts before it.
        k = bisect.bisect_right(ends, f.start)
        if k < len(ranges) and ranges[k].end <= f.start:
            found.append(ranges[k])
        return min(found, key=lambda d: d.start, default=None)


def _meta(doc: Document, rule_id: str, d: Directive, detail: str = "") -> Finding:
    from .findings import make_finding
    rule = META_RULES[rule_id]
    message = rule.message + (f" ({detail})" if detail else "")
    return make_finding(doc, rule, d.start, d.end, message)


def apply(doc: Document, findings: list[Finding], rules, require_reason: bool = False) -> SuppressionResult:
    """Filter ``findings`` by the directives in ``doc``; report directive problems."""
    directives = parse_directives(doc)
    result = SuppressionResult()
    if not directives:
        result.findings = findings
        return result
    meta: list[Finding] = []
    active: list[Directive] = []
    open_ranges: list[Directive] = []
    for d in directives:
        known = [s for s in d.selectors if any(matches(s, r) for r in rules)]
        unknown = [s for s in d.selectors if s not in known]
        if d.kind != "enable" and (not d.selectors or unknown):
            meta.append(_meta(doc, "KTL004", d, ", ".join(unknown) or "no rule named"))
        if d.kind != "enable" and require_reason and not d.reason:
            meta.append(_meta(doc, "KTL003", d))
        if d.kind == "disable":
            d.closed = False
            open_ranges.append(d)
            active.append(d)
        elif d.kind == "enable":
            for opened in reversed(open_ranges):
                if set(opened.selectors) & set(d.selectors) or not d.selectors:
                    opened.range_end, opened.closed = d.start, True
                    open_ranges.remove(opened)
                    break
        else:
            active.append(d)
    for d in open_ranges:
        meta.append(_meta(doc, "KTL002", d))

    covering = _Covering(doc, active, rules)
    for f in findings:
        directive = covering.first(f)
        if directive is None:
            result.findings.append(f)
        else:
            directive.used = True
            result.suppressed.append((f, directive))
    for d in active:
        if not d.used and d.selectors:
            meta.append(_meta(doc, "KTL001", d))
    result.findings.extend(meta)
    result.findings.sort(key=lambda f: f.sort_key)
    return result
