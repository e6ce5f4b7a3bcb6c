"""JSON output: ``{"version", "findings": [...], "errors": [...]}``.

Each finding has path, start, end (0-based character offsets into the decoded
file text, end exclusive), line, column, end_line, end_column (1-based, end
exclusive), rule, name, category, severity, scope (span|document), message,
suggestion (or null) and text (the flagged source text). ``errors`` lists the
files that could not be read, as ``{"path", "message"}``.
"""
from __future__ import annotations

import json

from .. import __version__


def render_json(findings, sources, errors) -> str:
    return json.dumps({
        "version": __version__,
        "findings": [f.to_dict() for f in findings],
        "errors": [{"path": p, "message": m} for p, m in errors],
    }, indent=2, ensure_ascii=False) + "\n"
