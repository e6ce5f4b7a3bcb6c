"""JUnit XML: a test suite per file, listed once, with a failing test case per
finding, an erroring one per message about the file (unreadable, missing,
a rule skipped), with ``--show-suppressed`` a skipped case per suppressed
finding (the directive's reason as its message), and one passing case for a
file with none of these (CI dashboards count files checked).

A finding's test case is named by its rule and flagged text (``CLM201
cure-claim: "cures depression"``, with ``#2``... for repeats), never its line,
so it keeps its name when text moves. The ``failure`` element carries the
message in its ``message`` attribute and, for tools that show only the
element's text (GitLab), the location, message, source line and suggestion
in its text. Characters XML 1.0 forbids (most control characters) are written
as escapes (see :mod:`ketalint.printable`), so the report is always well-formed.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from xml.sax import saxutils

from ..printable import printable


def escape(text: str) -> str:
    return saxutils.escape(printable(text, keep="\t\n\r"))


def quoteattr(text: str) -> str:
    return saxutils.quoteattr(printable(text, keep="\t\n\r"))


def _case_name(f, seen: Counter) -> str:
    text = " ".join(f.text.split())
    name = f"{f.rule} {f.name}" if f.scope == "document" else f'{f.rule} {f.name}: "{text[:80]}"'
    seen[name] += 1
    return name if seen[name] == 1 else f"{name} #{seen[name]}"


def _failure_text(f, source_line: str | None) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"]
    if source_line is not None and f.scope != "document":
        lines.append(f"    {source_line.strip()}")
    if f.suggestion:
        lines.append(f"suggestion: {f.suggestion}")
    return "\n".join(lines)


def render(report) -> str:
    findings, errors, skipped = defaultdict(list), defaultdict(list), defaultdict(list)
    for f in report.findings:
        findings[f.path].append(f)
    for path, message in report.errors:
        errors[path].append(message)
    for f, directive in report.suppressed if report.show_suppressed else ():
        skipped[f.path].append((f, directive))
    paths = sorted(set(report.sources) | set(findings) | set(errors) | set(skipped))
    tests = {p: max(1, len(findings[p]) + len(errors[p]) + len(skipped[p])) for p in paths}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="ketalint" tests="{sum(tests.values())}" '
           f'failures="{len(report.findings)}" errors="{len(report.errors)}" '
           f'skipped="{sum(len(s) for s in skipped.values())}">']
    for path in paths:
        out.append(f'  <testsuite name={quoteattr(path)} tests="{tests[path]}" '
                   f'failures="{len(findings[path])}" errors="{len(errors[path])}" '
                   f'skipped="{len(skipped[path])}">')
        seen: Counter = Counter()
        for f in findings[path]:
            text = _failure_text(f, report.sources.get(path, {}).get(f.line))
            out.append(f'    <testcase classname={quoteattr(path)} name={quoteattr(_case_name(f, seen))}>')
            out.append(f'      <failure type={quoteattr(f.severity)} message={quoteattr(f.message)}>'
                       f'{escape(text)}</failure>')
            out.append('    </testcase>')
        for f, directive in skipped[path]:
            reason = f"suppressed at line {directive.line}: {directive.reason or 'no reason given'}"
            out.append(f'    <testcase classname={quoteattr(path)} name={quoteattr(_case_name(f, seen))}>'
                       f'<skipped message={quoteattr(reason)}/></testcase>')
        for message in errors[path]:
            out.append(f'    <testcase classname={quoteattr(path)} name="ketalint"><error '
                       f'message={quoteattr(message)}>{escape(f"{path}: {message}")}</error></testcase>')
        if not (findings[path] or errors[path] or skipped[path]):
            out.append(f'    <testcase classname={quoteattr(path)} name="ketalint"/>')
        out.append('  </testsuite>')
    out.append('</testsuites>')
    return "\n".join(out) + "\n"
