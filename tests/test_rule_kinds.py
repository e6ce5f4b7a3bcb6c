"""A new rule kind is one class registered by name: a pack can use it at once."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from ketalint.api import Linter
from ketalint.patterns import TimedPattern
from ketalint.rules import PackError, load_ruleset
from ketalint.rules.kinds import KINDS, RuleKind, register

RULE = """rules:
  - id: CLM950
    name: heading-promise
    category: unsupported-claim
    severity: warning
    kind: heading
    heading: '{heading}'
    message: 'A heading promises "{{match}}"; say what the evidence shows.'
    rationale: r
    references: [x]
    examples: {{flag: ["# Cured for good"], pass: ["Some patients were cured for good."]}}
"""


@dataclass
class HeadingKind(RuleKind, name="heading", keys={"heading"}):
    """``kind: heading``: ``heading``, a regex matched in each heading (the README's example)."""

    pattern: TimedPattern

    @classmethod
    def from_yaml(cls, data, reader):
        return cls(reader.regex(data.get("heading"), "heading"))

    def evaluate(self, rule, run):
        for sentence in run.sentences:
            if sentence.block.kind == "heading" and run.applies(rule, sentence):
                m = self.pattern.search_sentence(run.space, sentence)
                if m:
                    yield run.finding(rule, sentence.start + m.start(), sentence.start + m.end(),
                                      match=m.group())


@pytest.fixture
def heading_kind():
    register(HeadingKind)  # as @register does in a module of the package
    yield
    del KINDS["heading"]


def _pack(tmp_path, heading: str) -> str:
    (tmp_path / "house.yaml").write_text(RULE.format(heading=heading))
    return str(tmp_path)


def test_a_registered_kind_runs_through_the_public_api(tmp_path, heading_kind):
    linter = Linter(load_ruleset([_pack(tmp_path, r"(?i)cured\s+for\s+good")]))
    findings = [f for f in linter.lint_text("# Cured for good\n\nSome patients were cured for good.\n")
                if f.rule == "CLM950"]
    assert [(f.line, f.text, f.message) for f in findings] == [
        (1, "Cured for good", 'A heading promises "Cured for good"; say what the evidence shows.')]


def test_a_registered_kind_reports_errors_in_its_keys(tmp_path, heading_kind):
    with pytest.raises(PackError) as info:
        load_ruleset([_pack(tmp_path, "(unclosed")])
    assert info.value.key == "rules[0] (CLM950).heading" and info.value.line == 7


def test_an_unregistered_kind_is_refused_with_the_kinds_there_are(tmp_path):
    with pytest.raises(PackError, match=r"unknown kind 'heading' \(allowed: pattern, claim, requires, "
                                        r"document, structure, learned\)"):
        load_ruleset([_pack(tmp_path, "x")])
