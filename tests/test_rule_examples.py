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


def test_messages_name_conditions_as_a_reviewer_writes_them(lint):
    """Ids of the lexicon ("chronic-pain", "trd") never reach a message."""
    messages = [f.message for f in lint("Ketamine is FDA-approved for anxiety, PTSD and chronic pain. "
                                        "Our oral ketamine lozenges are FDA-approved.")
                if f.rule in ("FDA101", "FDA110")]
    assert any("for anxiety, PTSD and chronic pain." in m for m in messages), messages
    assert any("Ketamine in oral form" in m for m in messages), messages
    assert not any("chronic-pain" in m or " ptsd" in m for m in messages), messages
