"""Text output for people.

    path:line:col: severity RULE message
        the source line
        ^^^^^^^^^^^ (the flagged span)
        suggestion: a replacement wording

followed by a one-line summary. Document-level findings point at line 1.
Colour is used on a terminal unless ``NO_COLOR`` is set. Control characters
in copy and file names are shown as escapes (see :mod:`ketalint.printable`).
"""
from __future__ import annotations

import click

from ..printable import printable


_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _excerpt(text: str, f) -> list[str]:
    text = text.rstrip("\r\n")
    if f.scope == "document":
        return [f"    {printable(text[:160])}"] if text.strip() else []
    # Keep long lines readable: show a window around the span.
    first = f.column - 1
    last = (f.end_column - 1) if f.end_line == f.line else len(text)
    lo = max(0, first - 60)
    hi = min(len(text), max(last, first + 1) + 60)
    # Tabs as spaces, other control characters as escapes: the marks follow.
    before, span, after = (printable(text[a:b].replace("\t", " "))
                           for a, b in ((lo, first), (first, min(last, hi)), (min(last, hi), hi)))
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    marks = " " * (len(prefix) + len(before)) + "^" * max(1, len(span))
    return [f"    {prefix}{before}{span}{after}{suffix}", f"    {marks}"]


def summary(totals) -> str:
    counts = totals.severities
    total = sum(counts.values())
    files = len(totals.files)
    if not total:
        return "No findings."
    parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
                      for s in ("error", "warning", "info") if counts.get(s))
    return (f"{total} finding{'s' if total != 1 else ''} ({parts}) "
            f"in {files} file{'s' if files != 1 else ''}")


def head(report) -> str:
    return ""


def body(report) -> str:
    out = []
    paint = (lambda text, **kw: click.style(text, **kw)) if report.color else (lambda text, **kw: text)
    sources = report.sources
    for f in report.findings:
        out.append(f"{paint(f'{printable(f.path)}:{f.line}:{f.column}:', bold=True)} "
                   f"{paint(f.severity, fg=_COLOURS.get(f.severity))} {paint(f.rule, bold=True)} "
                   f"{printable(f.message)}")
        line = sources.get(f.path, {}).get(f.line)
        if line is not None:
            out.extend(_excerpt(line, f))
        if f.suggestion:
            out.append(f"    suggestion: {printable(f.suggestion)}")
    return "".join(line + "\n" for line in out)


def tail(report, totals) -> str:
    out = []
    if report.show_suppressed and report.suppressed:
        out.append("Suppressed:")
        for f, d in report.suppressed:
            out.append(f"  {printable(f.path)}:{f.line}:{f.column}: {f.rule} '{printable(f.text)}' "
                       f"(line {d.line}: {printable(d.reason or 'no reason given')})")
    out.append(summary(totals))
    return "\n".join(out) + "\n"


def render(report) -> str:
    from . import Totals
    return head(report) + body(report) + tail(report, Totals.of(report.findings))
