"""JUnit XML: a test suite per file, a failing test case per finding, and one
passing case for a file with no findings (CI dashboards count files checked).
Characters XML 1.0 forbids (most control characters) are written as escapes
(see :mod:`ketalint.printable`), so the report is always well-formed."""
from __future__ import annotations

from collections import defaultdict
from xml.sax import saxutils

from ..printable import printable


def escape(text: str) -> str:
    return saxutils.escape(printable(text, keep="\t\n\r"))


def quoteattr(text: str) -> str:
    return saxutils.quoteattr(printable(text, keep="\t\n\r"))


def render(report) -> str:
    by_file = defaultdict(list)
    for f in report.findings:
        by_file[f.path].append(f)
    paths = sorted(set(report.sources) | set(by_file))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="ketalint" tests="{sum(max(1, len(by_file[p])) for p in paths)}" '
           f'failures="{len(report.findings)}">']
    for path in paths:
        items = by_file[path]
        out.append(f'  <testsuite name={quoteattr(path)} tests="{max(1, len(items))}" failures="{len(items)}">')
        if not items:
            out.append(f'    <testcase classname={quoteattr(path)} name="ketalint"/>')
        for f in items:
            name = quoteattr(f"{f.rule} {f.name} at {f.line}:{f.column}")
            out.append(f'    <testcase classname={quoteattr(path)} name={name}>')
            out.append(f'      <failure type={quoteattr(f.severity)} message={quoteattr(f.message)}>'
                       f'{escape(f"{f.path}:{f.line}:{f.column}: {f.text}")}</failure>')
            out.append('    </testcase>')
        out.append('  </testsuite>')
    for path, message in report.errors:
        out.append(f'  <testsuite name={quoteattr(path)} tests="1" errors="1">'
                   f'<testcase classname={quoteattr(path)} name="read">'
                   f'<error message={quoteattr(message)}/></testcase></testsuite>')
    out.append('</testsuites>')
    return "\n".join(out) + "\n"
