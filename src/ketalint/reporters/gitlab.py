"""GitLab Code Quality: the JSON array that a merge request's Code Quality
widget reads (``artifacts: reports: codequality``).

Each finding is an issue with its message (``description``), rule id
(``check_name``), the stable fingerprint baselines use, a severity (error:
major, warning: minor, info: info) and its path, relative to the project root,
with its first line. A path that could not be read or checked fully is a
``blocker`` issue named ``ketalint-error``, so the widget never shows a clean
run that was not one. With ``--show-suppressed`` a suppressed finding is an
``info`` issue whose description gives the directive's line and reason (Code
Quality has no suppressed state).
"""
from __future__ import annotations

import hashlib
import json

from ..baseline import fingerprints
from ..project import relative

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(report) -> str:
    shown = report.suppressed if report.show_suppressed else []
    findings = list(report.findings) + [f for f, _ in shown]
    notes = [None] * len(report.findings) + [
        f"Suppressed at line {d.line}: {d.reason or 'no reason given'}." for _, d in shown]
    issues = [{"description": f"{f.rule} {f.message}" + (f" ({note})" if note else ""),
               "check_name": f.rule, "fingerprint": fp,
               "severity": "info" if note else SEVERITIES[f.severity],
               "location": {"path": relative(f.path, report.root), "lines": {"begin": f.line}}}
              for f, fp, note in zip(findings, fingerprints(findings, report.root), notes)]
    for path, message in report.errors:
        where = relative(path, report.root)
        issues.append({"description": message, "check_name": "ketalint-error",
                       "fingerprint": hashlib.sha256(f"{where}\x1f{message}".encode()).hexdigest()[:32],
                       "severity": "blocker", "location": {"path": where, "lines": {"begin": 1}}})
    return json.dumps(issues, indent=1, ensure_ascii=False) + "\n"
