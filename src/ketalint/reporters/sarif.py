"""SARIF 2.1.0 for GitHub code scanning.

Every rule in force is listed in ``tool.driver.rules`` with its descriptions
and help from the rule's own documentation (message, rationale, suggestion,
sources); severities map to SARIF levels (error, warning, note); every result
carries a stable ``partialFingerprints`` entry (see :mod:`ketalint.baseline`),
so code scanning tracks a finding across runs as lines move.

File URIs are relative to the project root (see :mod:`ketalint.project`),
named by ``originalUriBaseIds`` as ``PROJECTROOT``; a file outside it gets an
absolute ``file:`` URI. The run's ``invocations`` entry says whether it
succeeded: files that could not be read (and rules that had to be skipped)
are ``toolExecutionNotifications`` at level error, and then
``executionSuccessful`` is false. With ``--show-suppressed``, suppressed
findings are results too, each with an ``inSource`` suppression whose
``justification`` is the directive's reason (code scanning shows them closed).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..baseline import fingerprints
from ..project import relative
from ..rule_help import rule_help

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
ROOT_ID = "PROJECTROOT"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    cut = text.find(". ")
    return (text[:cut + 1] if 0 < cut < 200 else text[:200]).strip()


def _descriptor(rule) -> dict:
    about = rule_help(rule)
    help_lines = [about.message, "", about.rationale]
    if about.suggestion:
        help_lines += ["", f"Write instead: {about.suggestion}"]
    if about.references:
        help_lines += ["", "Sources:"] + [f"- {r}" for r in about.references]
    help_text = "\n".join(" ".join(line.split()) if line else "" for line in help_lines)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _first_sentence(about.message)},
        "fullDescription": {"text": about.rationale},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.category], "problem.severity": rule.severity},
    }


def _artifact(path: str, root: str) -> dict:
    rel = relative(path, root)
    if rel.startswith("/"):
        return {"uri": Path(rel).as_uri()}
    return {"uri": quote(rel, safe="/._-~"), "uriBaseId": ROOT_ID}


def _invocation(report) -> dict:
    notes = [{"level": "error", "message": {"text": message},
              "locations": [{"physicalLocation": {"artifactLocation": _artifact(path, report.root)}}]}
             for path, message in report.errors]
    return {"executionSuccessful": not notes, "toolExecutionNotifications": notes}


def _suppression(directive) -> dict:
    suppression = {"kind": "inSource", "status": "accepted",
                   "properties": {"directiveLine": directive.line}}
    if directive.reason:
        suppression["justification"] = directive.reason
    return suppression


def render(report) -> str:
    rules = list(report.rules)
    index = {r.id: i for i, r in enumerate(rules)}
    shown = report.suppressed if report.show_suppressed else []
    findings = list(report.findings) + [f for f, _ in shown]
    directives = [None] * len(report.findings) + [d for _, d in shown]
    results = []
    for f, fp, directive in zip(findings, fingerprints(findings, report.root), directives):
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
                  "endColumn": f.end_column, "charOffset": f.start,
                  "charLength": f.end - f.start, "snippet": {"text": f.text}}
        result = {
            "ruleId": f.rule,
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(f.path, report.root),
                                                "region": region}}],
            "partialFingerprints": {"ketalintFingerprint/v1": fp},
            "properties": {"category": f.category, "scope": f.scope},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if directive is not None:
            result["suppressions"] = [_suppression(directive)]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "ketalint", "version": __version__,
                                "semanticVersion": __version__, "rules": [_descriptor(r) for r in rules]}},
            "originalUriBaseIds": {ROOT_ID: {"uri": Path(os.path.abspath(report.root)).as_uri() + "/"}},
            "invocations": [_invocation(report)],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
