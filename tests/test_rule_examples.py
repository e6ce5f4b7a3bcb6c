"""Every rule's own examples: texts under `flag` must raise the rule, texts
under `pass` must not. A failing example fails the suite."""
import pytest

from ketalint.rules import load_ruleset

RULESET = load_ruleset()
CASES = [(r.id, kind, text) for r in RULESET.rules for kind in ("flag", "pass")
         for text in r.examples[kind]]


@pytest.mark.parametrize("rule_id,kind,text", CASES,
                         ids=[f"{r}-{k}-{i}" for i, (r, k, _) in enumerate(CASES)])
def test_rule_example(lint, rule_id, kind, text):
    fired = [f for f in lint(text) if f.rule == rule_id]
    if kind == "flag":
        assert fired, f"{rule_id} should flag: {text!r}"
    else:
        assert not fired, f"{rule_id} should not flag: {text!r} (got {[f.text for f in fired]})"


def test_every_rule_has_both_kinds_of_example():
    for rule in RULESET.rules:
        assert rule.examples["flag"] and rule.examples["pass"], rule.id


def test_every_category_has_rules():
    categories = {r.category for r in RULESET.rules}
    assert categories == {"fda-status", "unsupported-claim", "risk-disclosure", "citation"}
    assert all(sum(r.category == c for r in RULESET.rules) >= 2 for c in categories)
