"""GitHub Actions workflow commands: one annotation per finding, then a summary.

``::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=ketalint RULE::MESSAGE``
(``::warning`` and ``::notice`` for the other severities). Escaping follows
@actions/core: in the message ``%``, CR and LF become ``%25``, ``%0D``, ``%0A``;
property values also escape ``:`` and ``,`` (``%3A``, ``%2C``). GitHub shows only
the first 10 annotations of each level per step, so the summary line counts all.
A path that could not be read or checked fully is an ``::error`` annotation on
the file, and the summary counts such files. With ``--show-suppressed`` each
suppressed finding is a ``::notice`` with the directive's line and reason.
"""
from __future__ import annotations

from ..printable import printable
from .text import summary

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escaped for a workflow command; other control characters (the log is
    shown by a terminal emulator) become escapes, see :mod:`ketalint.printable`."""
    return printable(text, keep="\t\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def unescape(text: str) -> str:
    """Inverse of the escaping (for tests and tools reading our output)."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def head(report) -> str:
    return ""


def _properties(pairs) -> str:
    return ",".join(f"{k}={escape_property(str(v))}" for k, v in pairs)


def body(report) -> str:
    lines = []
    for f in report.findings:
        props = _properties((("file", f.path), ("line", f.line), ("col", f.column), ("endLine", f.end_line),
                             ("endColumn", f.end_column), ("title", f"ketalint {f.rule}")))
        lines.append(f"::{LEVELS[f.severity]} {props}::{escape_data(f.message)}\n")
    return "".join(lines)


def _suppressed_notice(f, d) -> str:
    props = _properties((("file", f.path), ("line", f.line), ("col", f.column),
                         ("title", f"ketalint {f.rule} (suppressed)")))
    reason = d.reason or "no reason given"
    return f"::notice {props}::{escape_data(f'{f.message} Suppressed at line {d.line}: {reason}')}\n"


def tail(report, totals) -> str:
    """With ``--show-suppressed`` a notice per suppressed finding; an error
    annotation per path that could not be read or checked fully; the summary."""
    shown = report.suppressed if report.show_suppressed else []
    notices = "".join(_suppressed_notice(f, d) for f, d in shown)
    errors = "".join(f"::error {_properties([('file', path), ('title', 'ketalint')])}::"
                     f"{escape_data(message)}\n" for path, message in report.errors)
    return f"{notices}{errors}ketalint: {summary(totals, report.errors)}\n"
