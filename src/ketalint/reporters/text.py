"""Text output for people.

    path:line:col: severity RULE message
        the source line
        ^^^^^^^^^^^ (the flagged span)
        suggestion: a replacement wording

followed by a one-line summary. Document-level findings point at line 1.
Colour follows ``--color`` (by default on a terminal unless ``NO_COLOR`` is
set; ``FORCE_COLOR`` turns it on anywhere). Control characters
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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def summary(totals, errors=()) -> str:
    """The closing line: findings by severity and, when some paths could not
    be read or checked fully (``errors``), how many; "No findings." only for
    a run in which every file was checked."""
    counts = totals.severities
    total = sum(counts.values())
    failed = len({path for path, _ in errors})
    if not total:
        return f"{_count(failed, 'file')} with errors; no findings in the others." if failed \
            else "No findings."
    parts = ", ".join(_count(counts[s], s) for s in ("error", "warning", "info") if counts.get(s))
    line = f"{_count(total, 'finding')} ({parts}) in {_count(len(totals.files), 'file')}"
    return f"{line}; {_count(failed, 'file')} with errors" if failed else line


def per_rule(totals) -> str:
    """``--statistics``: a line per rule with findings, most frequent first."""
    rows = sorted(totals.rules.items(), key=lambda item: (-item[1], item[0]))
    return "".join(f"{count:>6}  {rule:<7} {severity:<7} {name}\n"
                   for (rule, name, severity), count in rows)


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


def suppressed_list(report) -> list[str]:
    """``--show-suppressed``: a heading and a line per suppressed finding with
    the directive's line and reason (nothing without the option)."""
    if not (report.show_suppressed and report.suppressed):
        return []
    return ["Suppressed:"] + [f"  {printable(f.path)}:{f.line}:{f.column}: {f.rule} '{printable(f.text)}' "
                              f"(line {d.line}: {printable(d.reason or 'no reason given')})"
                              for f, d in report.suppressed]


def tail(report, totals) -> str:
    return "\n".join(suppressed_list(report) + [summary(totals, report.errors)]) + "\n"
