"""Reporters: one module per output format, each a function of a Report
(``head``/``body``/``tail`` for a streamed format, ``render`` for the others),
driven through a run by a :class:`Reporter` (see :func:`make_reporter`)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import FileError


@dataclass
class Report:
    findings: list
    sources: dict = field(default_factory=dict)     # path -> {line number: line text}
    errors: list[FileError] = field(default_factory=list)  # files not checked (fully)
    rules: list = field(default_factory=list)       # the rules in force
    suppressed: list = field(default_factory=list)  # (finding, directive)
    show_suppressed: bool = False
    color: bool = False
    first: bool = True  # streamed JSON: is this the first chunk with findings?
    documents: dict = field(default_factory=dict)   # path -> full source (HTML report)
    approved: dict = field(default_factory=dict)    # path -> [start, end, approved claim id]
    meta: dict = field(default_factory=dict)        # run settings shown by the HTML report
    root: str = "."  # the project root that reported paths are relative to (SARIF, baselines)


@dataclass
class Totals:
    """What a summary needs, kept while findings are streamed out."""

    severities: dict = field(default_factory=dict)
    files: set = field(default_factory=set)
    #: (rule id, rule name, severity) -> number of findings
    rules: dict = field(default_factory=dict)

    def add(self, findings) -> None:
        for f in findings:
            self.severities[f.severity] = self.severities.get(f.severity, 0) + 1
            self.files.add(f.path)
            key = (f.rule, f.name, f.severity)
            self.rules[key] = self.rules.get(key, 0) + 1


#: Formats written file by file (head, a body per file, tail), so a run over a
#: whole site keeps no more than one file's findings in memory. SARIF, GitLab, JUnit and
#: the HTML report describe the run as a whole and are built at the end.
STREAMED = ("text", "concise", "json", "github")
FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "junit", "html")


@dataclass
class RunInfo:
    """What a reporter knows of the run before its first file."""

    rules: list  # the rules in force
    color: bool = False
    show_suppressed: bool = False
    #: Text and concise: the number of findings per rule instead of each finding.
    statistics: bool = False
    meta: dict = field(default_factory=dict)  # run settings shown by the HTML report
    root: str = "."  # the project root that reported paths are relative to


class Reporter:
    """One output format through a run, in flake8's formatter lifecycle:
    :meth:`start` before the first file, :meth:`file` with each file's result
    in order, :meth:`finish` with the files not checked (fully) after the
    last; each returns the text to write next. Every format keeps the totals
    and the suppressed findings its end reports."""

    def __init__(self, run: RunInfo):
        self.run = run
        self.totals = Totals()
        self.suppressed: list = []

    def start(self) -> str:
        return ""

    def file(self, result) -> str:
        self.totals.add(result.findings)
        self.suppressed.extend(result.suppressed)
        return ""

    def finish(self, errors: list[FileError]) -> str:
        return ""


class StreamedReporter(Reporter):
    """A STREAMED format: its module's ``head``, ``body`` of each file's
    findings, and ``tail``."""

    def __init__(self, run: RunInfo, module):
        super().__init__(run)
        self.module = module
        #: Whether no file so far had findings (JSON puts no comma before the first).
        self.first = True

    def start(self) -> str:
        return self.module.head(Report([], rules=self.run.rules, color=self.run.color))

    def file(self, result) -> str:
        super().file(result)
        text = "" if self.run.statistics else self.module.body(Report(
            result.findings, {result.path: result.lines}, rules=self.run.rules, color=self.run.color,
            first=self.first))
        self.first = self.first and not result.findings
        return text

    def finish(self, errors: list[FileError]) -> str:
        from .text import per_rule
        final = Report([], errors=errors, rules=self.run.rules, suppressed=self.suppressed,
                       show_suppressed=self.run.show_suppressed, color=self.run.color)
        return (per_rule(self.totals) if self.run.statistics else "") + self.module.tail(final, self.totals)


class WholeRunReporter(Reporter):
    """A format that describes the run as a whole: every file's findings (and,
    for the HTML report, sources) are kept, and its module's ``render`` writes
    them at the end."""

    def __init__(self, run: RunInfo, module):
        super().__init__(run)
        self.render = module.render
        self.findings: list = []
        self.sources: dict = {}
        self.documents: dict = {}
        self.approved: dict = {}

    def file(self, result) -> str:
        super().file(result)
        self.findings.extend(result.findings)
        self.sources[result.path] = result.lines
        self.approved[result.path] = result.approved
        if result.source is not None:
            self.documents[result.path] = result.source
        return ""

    def finish(self, errors: list[FileError]) -> str:
        run = self.run
        return self.render(Report(self.findings, self.sources, errors, run.rules, self.suppressed,
                                  run.show_suppressed, run.color, documents=self.documents,
                                  approved=self.approved, meta=run.meta, root=run.root))


def make_reporter(fmt: str, run: RunInfo) -> Reporter:
    """The reporter of the format ``fmt`` (one of FORMATS)."""
    import importlib
    module = importlib.import_module(f".{fmt}", __name__)
    return (StreamedReporter if fmt in STREAMED else WholeRunReporter)(run, module)
