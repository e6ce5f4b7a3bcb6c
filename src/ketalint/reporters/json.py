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


def render(report) -> str:
    data = {
        "version": __version__,
        "findings": [f.to_dict() for f in report.findings],
        "errors": [{"path": p, "message": m} for p, m in report.errors],
    }
    if report.show_suppressed:
        data["suppressed"] = [{**f.to_dict(), "reason": d.reason, "directive_line": d.line}
                              for f, d in report.suppressed]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
