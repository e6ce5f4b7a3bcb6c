"""Text output for people.

    path:line:col: severity RULE message
        the source line
        ^^^^^^^^^^^ (the flagged span)
        suggestion: a replacement wording

followed by a one-line summary. Document-level findings point at line 1.
Colour is used on a terminal unless ``NO_COLOR`` is set.
"""
from __future__ import annotations

from collections import Counter

import click

from ..document import LineIndex

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _excerpt(source: str, lines: LineIndex, f) -> list[str]:
    start, end = lines.line_span(f.line)
    text = source[start:end].rstrip("\r\n")
    if f.scope == "document":
        return [f"    {text[:160]}"] if text.strip() else []
    # Keep long lines readable: show a window around the span.
    first = f.column - 1
    last = (f.end_column - 1) if f.end_line == f.line else len(text)
    lo = max(0, first - 60)
    hi = min(len(text), max(last, first + 1) + 60)
    shown = text[lo:hi].replace("\t", " ")
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    marks = " " * (len(prefix) + first - lo) + "^" * max(1, min(last, hi) - first)
    return [f"    {prefix}{shown}{suffix}", f"    {marks}"]


def summary(findings) -> str:
    counts = Counter(f.severity for f in findings)
    files = len({f.path for f in findings})
    if not findings:
        return "No findings."
    parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
                      for s in ("error", "warning", "info") if counts[s])
    return (f"{len(findings)} finding{'s' if len(findings) != 1 else ''} ({parts}) "
            f"in {files} file{'s' if files != 1 else ''}")


def render(report) -> str:
    out = []
    indexes: dict[str, LineIndex] = {}
    paint = (lambda text, **kw: click.style(text, **kw)) if report.color else (lambda text, **kw: text)
    sources = report.sources
    for f in report.findings:
        out.append(f"{paint(f'{f.path}:{f.line}:{f.column}:', bold=True)} "
                   f"{paint(f.severity, fg=_COLOURS.get(f.severity))} {paint(f.rule, bold=True)} {f.message}")
        source = sources.get(f.path)
        if source is not None:
            index = indexes.setdefault(f.path, LineIndex(source))
            out.extend(_excerpt(source, index, f))
        if f.suggestion:
            out.append(f"    suggestion: {f.suggestion}")
    if report.show_suppressed and report.suppressed:
        out.append("Suppressed:")
        for f, d in report.suppressed:
            out.append(f"  {f.path}:{f.line}:{f.column}: {f.rule} {f.text!r} "
                       f"(line {d.line}: {d.reason or 'no reason given'})")
    out.append(summary(report.findings))
    return "\n".join(out) + "\n"
