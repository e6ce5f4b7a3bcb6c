"""Checking one document, the same way everywhere.

:class:`Checker` turns a Document into its :class:`FileResult`: it drops the
rules that ``per-path-ignores`` switch off for the document's path, runs the
analysis (with the config's ``vocabulary`` names hidden, see
:mod:`ketalint.vocabulary`) and the rules in force, applies the approved-claims library (see
:mod:`ketalint.claims.library`) and suppression comments (and reports the
KTL findings about them), and keeps the source lines that reporters quote.
``ketalint check`` calls it for every file (through the runner, which only
reads files, schedules them on workers and caches results), and
:func:`ketalint.api.lint_text` calls it for a string, so both give the same
findings for the same text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .claims.library import apply_library
from .config import Config, ignored_for_path, matches
from .findings import SEVERITY_RANK, Finding
from typing import TYPE_CHECKING, Callable

from .watchdog import BudgetExceeded, watched
from .printable import shown_name
from .shape import build, conforms
from .suppress import META_RULES, Directive, apply
from .vocabulary import mask_names

if TYPE_CHECKING:  # the linter builds checkers: a run-time import would be circular
    from .api import Linter

#: The keys of a cache entry (:meth:`FileResult.to_entry`).
_ENTRY_KEYS = {"path", "findings", "suppressed", "lines", "errors", "encoding", "approved"}


@dataclass
class FileResult:
    """One file's outcome: findings kept after suppressions, the suppressed
    ones with their directives, the text of the lines that carry findings (all
    reporters need of the source), messages about the file, and how it was decoded."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[tuple[Finding, Directive]] = field(default_factory=list)
    lines: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    encoding: str | None = None
    #: Sentences that are approved claims: ``[start, end, id]`` (source offsets).
    approved: list[list] = field(default_factory=list)
    #: Claims register rows, when asked for (never cached).
    claims: list[dict] = field(default_factory=list)
    #: The decoded text, when the report shows whole documents (never cached).
    source: str | None = None

    def to_entry(self) -> dict:
        return {"path": self.path, "findings": [f.to_dict() for f in self.findings],
                "suppressed": [[f.to_dict(), asdict(d)] for f, d in self.suppressed],
                "lines": {str(k): v for k, v in self.lines.items()},
                "errors": self.errors, "encoding": self.encoding, "approved": self.approved}

    def show_name(self) -> None:
        """Report under :func:`~ketalint.printable.shown_name` of the path (a
        name that is not UTF-8 gets escapes)."""
        name = shown_name(self.path)
        if name != self.path:
            self.path = name
            for f in self.findings + [f for f, _ in self.suppressed]:
                f.path = name
            for row in self.claims:
                row["path"] = name

    @classmethod
    def from_entry(cls, entry: dict, path: str) -> "FileResult":
        """The cached result, reported under ``path`` (the same file may be
        named differently, e.g. ``./a.md`` and ``a.md``). ValueError when the
        entry does not have the shape of a result (a damaged entry is a miss)."""
        def finding(data) -> Finding:
            f = build(Finding, data, path=path)
            if f.severity not in SEVERITY_RANK or f.scope not in ("span", "document"):
                raise ValueError("Finding: unknown severity or scope")
            return f

        if not isinstance(entry, dict) or entry.keys() != _ENTRY_KEYS \
                or not conforms(entry["findings"], list) or not conforms(entry["suppressed"], list[list]) \
                or not isinstance(entry["lines"], dict) or not conforms(entry["errors"], list[str]) \
                or not conforms(entry["encoding"], str | None) or not conforms(entry["approved"], list[list]):
            raise ValueError("not a result")
        if not all(len(a) == 3 and conforms(a[:2], list[int]) and isinstance(a[2], str)
                   for a in entry["approved"]):
            raise ValueError("approved: not (start, end, id) triples")
        if not all(len(pair) == 2 for pair in entry["suppressed"]):
            raise ValueError("suppressed: not (finding, directive) pairs")
        if not all(k.isdigit() and isinstance(v, str) for k, v in entry["lines"].items()):
            raise ValueError("lines: not line numbers and text")
        return cls(path, [finding(f) for f in entry["findings"]],
                   [(finding(f), build(Directive, d)) for f, d in entry["suppressed"]],
                   {int(k): v for k, v in entry["lines"].items()}, entry["errors"], entry["encoding"],
                   entry["approved"])


@dataclass
class Checker:
    """A linter (:class:`ketalint.api.Linter`), the rules in force and the
    config; build once, check many documents. With ``debug`` an internal error
    is raised; without it, it becomes one of the result's errors so that one
    bad document does not stop a run."""

    linter: Linter
    rules: list
    config: Config = field(default_factory=Config)
    debug: bool = False
    keep_source: bool = False
    #: Add claims register rows to each result.
    with_claims: bool = False

    def check(self, doc) -> FileResult:
        """The result of ``doc``, within the config's ``file-timeout``."""
        return self.read_and_check(doc.path, lambda: doc)

    def read_and_check(self, path: str, read: Callable[[], object]) -> FileResult:
        """The result of the document ``read()`` gives (reading counts
        against the budget, its errors are raised). A document whose reading
        and analysis take longer than the config's ``file-timeout`` is not
        checked: its result has that one error."""
        budget = self.config.file_timeout
        try:
            with watched(budget):
                return self._check(read())
        except BudgetExceeded as exc:
            return FileResult(path, errors=[f"not checked: {exc}"])

    def _check(self, doc) -> FileResult:
        ignored = ignored_for_path(self.config, doc.path)
        rules = [r for r in self.rules if not any(matches(s, r) for s in ignored)]
        result = FileResult(doc.path, encoding=doc.encoding, source=doc.source if self.keep_source else None)
        prose = doc.prose
        if self.config.vocabulary:
            doc.prose = mask_names(prose, self.config.vocabulary)
        try:
            sentences, linted = self.linter.analyse_and_lint(doc, rules)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            if self.debug:
                raise
            result.errors.append(f"internal error: {type(exc).__name__}: {exc}")
            return result
        finally:
            # Names are hidden from the analysis only: approved claims are
            # matched, and annotations placed, on the copy as written.
            doc.prose = prose
        result.errors.extend(doc.errors)
        known = list(self.linter.ruleset.rules) + list(META_RULES.values())
        if self.config.library is not None:
            linted, result.approved = apply_library(self.config.library, doc, sentences, linted)
        outcome = apply(doc, linted, known, self.config.require_reason)
        result.findings, result.suppressed = outcome.findings, outcome.suppressed
        if self.with_claims:
            from .claims.register import claim_rows
            result.claims = claim_rows(doc, sentences, result.findings, result.approved)
        # Only the lines reporters show are kept, not the whole source.
        for f in result.findings + [f for f, _ in result.suppressed]:
            start, end = doc.lines.line_span(f.line)
            result.lines[f.line] = doc.source[start:end]
        return result
