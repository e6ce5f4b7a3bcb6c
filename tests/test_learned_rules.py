"""``kind: learned``: a sentence classifier's yes, reported only where no
other rule of the same category found anything."""
from __future__ import annotations

import pytest

from ketalint.api import Linter
from ketalint.rules import PackError, load_ruleset

RULES = """rules:
  - id: CLM901
    name: miracle-word
    category: unsupported-claim
    severity: warning
    kind: pattern
    pattern: '\\bmiracle\\b'
    message: m
    rationale: r
    references: [x]
    examples: {flag: [It is a miracle cure for low mood.], pass: [It helps some people.]}
  - id: CLM902
    name: learned-house
    category: unsupported-claim
    severity: info
    kind: learned
    classifier: house
    unless: [question, negated]
    message: 'Reads like an unsupported claim (most of all: {detail}).'
    rationale: r
    references: [x]
    examples: {flag: [Ketamine is a wonder for low mood.], pass: [Ketamine helps some people.]}
"""
# "wonder" and "miracle" say yes, and nothing else weighs; four words at least.
CLASSIFIER = """{"question": "the sentence overclaims", "threshold": 0.7, "min_words": 4, "intercept": -2.0,
 "terms": {"wonder": [1.0, 6.0], "miracle": [1.0, 6.0], "ketamine": [1.0, 0.0]}}"""


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    pack = tmp_path_factory.mktemp("pack")
    (pack / "house.yaml").write_text(RULES)
    (pack / "house.classifier.json").write_text(CLASSIFIER)
    return Linter(load_ruleset([str(pack)]))


def found(linter, text):
    return [(f.rule, f.text) for f in linter.lint_text(text + "\n") if f.rule in ("CLM901", "CLM902")]


def test_a_yes_underlines_the_sentence_and_names_its_strongest_words(linter):
    findings = [f for f in linter.lint_text("Book today. Ketamine is a wonder for low mood.\n") if f.rule == "CLM902"]
    assert [(f.text, f.column, f.severity) for f in findings] == [("Ketamine is a wonder for low mood.", 13, "info")]
    assert findings[0].message == 'Reads like an unsupported claim (most of all: "wonder").'


def test_no_finding_where_another_rule_of_the_category_found_one(linter):
    assert found(linter, "Ketamine is a miracle for low mood.") == [("CLM901", "miracle")]


@pytest.mark.parametrize("text", [
    "Is ketamine a wonder for low mood?",     # unless: question
    "Ketamine is not a wonder for low mood.",  # unless: negated
    "A wonder drug.",                          # three words: too short to judge
    "Ketamine helps some people with low mood.",
])
def test_no_finding_where_unless_holds_the_sentence_is_short_or_the_classifier_says_no(linter, text):
    assert found(linter, text) == []


def test_a_learned_rule_needs_a_classifier_the_pack_has(tmp_path):
    (tmp_path / "house.yaml").write_text(RULES.replace("classifier: house", "classifier: nosuch"))
    with pytest.raises(PackError, match="unknown classifier 'nosuch'") as info:
        load_ruleset([str(tmp_path)])
    assert info.value.key == "rules[1] (CLM902).classifier"
    (tmp_path / "house.yaml").write_text(RULES.replace("    classifier: house\n", ""))
    with pytest.raises(PackError, match="a learned rule needs 'classifier'"):
        load_ruleset([str(tmp_path)])


def test_another_rule_that_fails_is_run_once_and_does_not_stop_the_learned_rule(tmp_path):
    """A pattern that fails (a timeout) in another rule of the category is
    reported once, under that rule, and the learned rule still runs."""
    from dataclasses import dataclass

    from ketalint.patterns import PatternFailure
    from ketalint.readers import read_text
    from ketalint.rules.kinds import KINDS, RuleKind, register

    runs = []

    @dataclass
    class FailingKind(RuleKind, name="failing", keys=()):
        @classmethod
        def from_yaml(cls, data, reader):
            return cls()

        def evaluate(self, rule, run):
            runs.append(rule.id)
            raise PatternFailure("(a+)+$", "a pattern took over 2 s")

    register(FailingKind)
    try:
        failing = RULES.replace("kind: pattern\n    pattern: '\\bmiracle\\b'", "kind: failing")
        (tmp_path / "house.yaml").write_text(failing)
        (tmp_path / "house.classifier.json").write_text(CLASSIFIER)
        linter = Linter(load_ruleset([str(tmp_path)]))
        doc = read_text("Ketamine is a wonder for low mood.\n", "t.md", "markdown")
        assert [f.rule for f in linter.lint_document(doc)] == ["CLM902"]
    finally:
        del KINDS["failing"]
    assert runs == ["CLM901"]
    assert len(doc.errors) == 1 and doc.errors[0].startswith("rule CLM901 skipped: a pattern took over 2 s")
