"""Reporters: one module per output format, each a function of a Report."""
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


def streamer(fmt: str):
    """(head, body, tail) functions of a streamed format."""
    import importlib
    module = importlib.import_module(f".{fmt}", __name__)
    return module.head, module.body, module.tail


def reporters():
    """The render function of each format built at the end (not STREAMED)."""
    from . import gitlab, html, junit, sarif
    return {"sarif": sarif.render, "gitlab": gitlab.render, "junit": junit.render, "html": html.render}


FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "junit", "html")
