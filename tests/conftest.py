"""Shared fixtures. The spaCy pipeline is built once per session.

Every finding produced anywhere in the suite (library or in-process CLI) is
checked here: ``source[start:end] == text`` and line/column agree with the
offsets, counted independently of the code under test.
"""
from __future__ import annotations

import atexit
import bisect
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from ketalint.api import Linter
from ketalint.rules import engine

# Runs in the suite use a results cache of their own, and a user cache folder
# (where the cache's signing key lives) of their own, never the user's.
for variable, prefix in (("KETALINT_CACHE_DIR", "ketalint-test-cache-"),
                         ("XDG_CACHE_HOME", "ketalint-test-home-cache-")):
    os.environ[variable] = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, os.environ[variable], True)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FINDINGS_CHECKED = {"count": 0}


_LINE_STARTS: dict[int, tuple[str, list[int]]] = {}


def _position(text: str, offset: int) -> tuple[int, int]:
    cached = _LINE_STARTS.get(id(text))
    if cached is None or cached[0] is not text:
        if len(_LINE_STARTS) > 16:
            _LINE_STARTS.clear()
        starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        cached = _LINE_STARTS[id(text)] = (text, starts)
    starts = cached[1]
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def assert_finding_located(source: str, f) -> None:
    assert 0 <= f.start <= f.end <= len(source), f
    assert source[f.start:f.end] == f.text, (f.rule, f.text, source[f.start:f.end])
    assert (f.line, f.column) == _position(source, f.start), f
    assert (f.end_line, f.end_column) == _position(source, f.end), f


_original_run = engine.Engine.run


def _checked_run(self, doc, sentences, space, rules=None):
    findings = _original_run(self, doc, sentences, space, rules)
    for f in findings:
        assert_finding_located(doc.source, f)
        FINDINGS_CHECKED["count"] += 1
    return findings


engine.Engine.run = _checked_run


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


@pytest.fixture(scope="session")
def lint(linter):
    def run(text: str, fmt: str = "markdown", path: str = "<test>"):
        return linter.lint_text(text, fmt, path)
    return run


def pytest_sessionfinish(session):
    # Under pytest-xdist each worker checks its own findings and hands the count
    # to the controller, which prints the sum.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["findings_checked"] = FINDINGS_CHECKED["count"]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    FINDINGS_CHECKED["count"] += getattr(node, "workeroutput", {}).get("findings_checked", 0)


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(
        f"ketalint: offsets and positions checked on {FINDINGS_CHECKED['count']} findings")


#: A pattern with a required word (so it is searched sentence by sentence, each
#: search under the pattern time limit) that costs about 0.8 s a sentence.
SLOW_PER_SENTENCE = r"ketamine(?:.*(.).*\1){4}\d"


def write_rule_pack(tmp_path, rule_id: str, name: str, pattern: str, file: str = "house.yaml",
                    examples: str = "{flag: [x], pass: [y]}") -> Path:
    """A user rule pack folder with one unsupported-claim pattern rule."""
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / file).write_text(
        f"rules:\n  - id: {rule_id}\n    name: {name}\n    category: unsupported-claim\n"
        f"    severity: error\n    kind: pattern\n    pattern: '{pattern}'\n"
        f"    message: m\n    rationale: r\n    references: [x]\n    examples: {examples}\n")
    return pack


def pytest_collection_finish(session):
    """Start the slow part of the pre-commit test (building the hook's
    environment) now, so that it overlaps the rest of the suite."""
    for item in session.items:
        if item.module.__name__ == "test_precommit":
            item.module.start_first_run()
            break
