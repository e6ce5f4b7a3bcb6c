"""Concise output: one line per finding, ``path:line:col: severity RULE message``."""
from __future__ import annotations

from ..printable import printable
from .text import summary, suppressed_list


def head(report) -> str:
    return ""


def body(report) -> str:
    return "".join(f"{printable(f.path)}:{f.line}:{f.column}: {f.severity} {f.rule} {printable(f.message)}\n"
                   for f in report.findings)


def tail(report, totals) -> str:
    return "\n".join(suppressed_list(report) + [summary(totals, report.errors)]) + "\n"
