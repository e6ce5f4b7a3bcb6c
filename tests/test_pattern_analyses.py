"""Pattern analyses kept in the user's cache folder between starts: the next
start parses no pattern, and an entry that is forged or damaged is not used."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketalint import cache as cache_module

# Loads the built-in pack with every pattern's syntax checked and prints how
# many patterns the standard library's parser read, then (with "lint") the
# findings on a page.
LOAD = """
import json, sys
import ketalint.patterns as patterns
parsed = []
parse = patterns.parse
patterns.parse = lambda source: parsed.append(source) or parse(source)
from ketalint.rules import load_ruleset
ruleset = load_ruleset()
findings = []
if sys.argv[1:] == ["lint"]:
    from ketalint.api import Linter
    findings = Linter(ruleset).lint_text("Ketamine is FDA-approved for depression and cures it, 90% of patients say.")
print(json.dumps([len(parsed), sorted((f.rule, f.start, f.end) for f in findings)]))
"""


def start(home: Path, lint: bool = True) -> tuple[int, list]:
    """A start with ``home`` as the user's cache folder: (patterns parsed, findings)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", LOAD] + (["lint"] if lint else []), env=env,
                         capture_output=True, text=True, check=True)
    parsed, findings = json.loads(out.stdout)
    return parsed, findings


def entries(home: Path) -> list[Path]:
    return list((home / "ketalint" / "patterns").rglob("*.entry"))


@pytest.mark.slow  # two cold starts in subprocesses (4 s): with the slow checks
def test_a_second_start_parses_no_pattern_and_finds_the_same(tmp_path):
    parsed, findings = start(tmp_path)
    assert parsed > 100 and findings
    assert len(entries(tmp_path)) == 1
    assert start(tmp_path) == (0, findings)


# Three cold starts; a hostile cache entry, checked with the slow checks.
@pytest.mark.slow
def test_a_forged_or_damaged_entry_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # (the user's key is there)
    parsed, findings = start(tmp_path)
    (entry,) = entries(tmp_path)
    head, payload = entry.read_bytes().split(b"\n", 1)
    stored = json.loads(payload)
    assert all(isinstance(source, str) for source in stored["patterns"])

    # Edited without the user's key (a prefilter that would hide findings): unsigned.
    stored["patterns"] = {source: [[["zzzz"]]] for source in stored["patterns"]}
    entry.write_bytes(head + b"\n" + json.dumps(stored).encode())
    assert start(tmp_path) == (parsed, findings)

    # Signed with the user's key but not shaped as analyses: not used either
    # (every pack pattern is parsed again; the pipeline's own are not counted).
    outcomes = []
    for bad in ({"patterns": {"a": "not a list"}}, {"patterns": {"a": [[[]]]}}, {"patterns": []}):
        cache = cache_module.Cache(str(entry.parent.parent), entry.parent.name)
        cache.put(entry.stem, bad)
        outcomes.append(start(tmp_path, lint=False))
    assert 100 < outcomes[0][0] <= parsed and outcomes == [outcomes[0]] * 3
