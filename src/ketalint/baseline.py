"""Baselines: accept the findings a legacy site has today, report only new ones.

``ketalint baseline write FILE PATHS...`` records a fingerprint per finding;
``ketalint check --baseline FILE`` then drops findings whose fingerprint is in
the file. A fingerprint hashes the rule, the file's path, the flagged text
(whitespace collapsed, case folded) and its occurrence number among identical
findings in the file, so it survives edits elsewhere in the file (lines moving)
and changes when the flagged text changes.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter

from .findings import Finding
from .project import relative

VERSION = 1


def fingerprints(findings: list[Finding], root: str) -> list[str]:
    """One stable fingerprint per finding, in the findings' order; paths count
    relative to the project ``root`` (see :mod:`ketalint.project`)."""
    seen: Counter = Counter()
    prints = []
    for f in findings:
        text = "document" if f.scope == "document" else " ".join(f.text.split()).casefold()
        key = (f.rule, relative(f.path, root), text)
        seen[key] += 1
        raw = "\x1f".join([*key, str(seen[key])])
        prints.append(hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32])
    return prints


def dumps(findings: list[Finding], root: str) -> str:
    """The text of a baseline file recording ``findings``."""
    data = {"version": VERSION, "tool": "ketalint", "fingerprints": sorted(fingerprints(findings, root))}
    return json.dumps(data, indent=2) + "\n"


#: A baseline is an object holding a list: anything nested deeper is not one
#: (and Python's JSON parser would recurse on it until it fails).
MAX_DEPTH = 2
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}\n]')


def _too_deep(text: str) -> int | None:
    """The line where ``text`` nests deeper than MAX_DEPTH, if it does."""
    depth, line = 0, 1
    for token in _JSON_TOKENS.finditer(text):
        char = token.group()
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth -= 1
    return None


def _line_of(text: str, needle: str) -> int:
    """The line of the first ``needle`` in ``text`` (1 when absent)."""
    return text.count("\n", 0, max(0, text.find(needle))) + 1


def load(path: str) -> set[str]:
    """Fingerprints in a baseline file; ValueError with a one-line reason
    naming the file and line if it is not a valid baseline."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: cannot read baseline: not UTF-8 text") from None
    deep = _too_deep(text)
    if deep is not None:
        raise ValueError(f"{path}:{deep}: not a ketalint baseline: nested more than {MAX_DEPTH} levels")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: invalid baseline JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or \
            not isinstance(data.get("fingerprints"), list):
        raise ValueError(f"{path}: not a ketalint baseline (version {VERSION})")
    for i, fingerprint in enumerate(data["fingerprints"]):
        if not isinstance(fingerprint, str):
            line = _line_of(text, '"fingerprints"')
            raise ValueError(f"{path}:{line}: fingerprints[{i}]: must be a string")
    return set(data["fingerprints"])


def new_findings(findings: list[Finding], baseline: set[str], root: str) -> list[Finding]:
    return [f for f, fp in zip(findings, fingerprints(findings, root)) if fp not in baseline]
