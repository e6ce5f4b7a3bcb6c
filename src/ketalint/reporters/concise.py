"""Concise output: one line per finding, ``path:line:col: severity RULE message``."""
from __future__ import annotations

from .text import summary


def render(report) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"
             for f in report.findings]
    return "\n".join(lines + [summary(report.findings)]) + "\n"
