"""JSON output: ``{"version", "findings": [...], "errors": [...]}``.

Each finding has path, start, end (0-based character offsets into the decoded
file text, end exclusive), line, column, end_line, end_column (1-based, end
exclusive), rule, name, category, severity, scope (span|document), message,
suggestion (or null) and text (the flagged source text). ``errors`` lists the
files that could not be read, as ``{"path", "message"}``. With
``--show-suppressed`` a ``suppressed`` list gives each suppressed finding with
the directive's ``reason`` and ``directive_line``.
"""
from __future__ import annotations

import json

from .. import __version__


def head(report) -> str:
    return '{"version": %s, "findings": [' % json.dumps(__version__)


def body(report) -> str:
    # Each file's findings follow the previous file's with a comma; the
    # first chunk of the run has no leading comma (see ``report.first``).
    items = [json.dumps(f.to_dict(), ensure_ascii=False) for f in report.findings]
    if not items:
        return ""
    lead = "\n" if getattr(report, "first", True) else ",\n"
    return lead + ",\n".join(items)


def tail(report, totals) -> str:
    errors = json.dumps([{"path": p, "message": m} for p, m in report.errors], ensure_ascii=False)
    out = f'\n], "errors": {errors}'
    if report.show_suppressed:
        suppressed = [{**f.to_dict(), "reason": d.reason, "directive_line": d.line}
                      for f, d in report.suppressed]
        out += f', "suppressed": {json.dumps(suppressed, ensure_ascii=False)}'
    return out + "}\n"
