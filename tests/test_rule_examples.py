"""Every rule's own examples: texts under `pass` must not raise the rule. A
failing example fails the suite. Texts under `flag` must raise it on the words
they pin: tests/test_rule_pack_review.py checks them (the loader refuses a
rule without both kinds of example, so no test here asks for them)."""
import pytest

from ketalint.rules import load_ruleset

RULESET = load_ruleset()
CASES = [(r.id, "pass", text) for r in RULESET.rules for text in r.examples["pass"]]


@pytest.mark.parametrize("rule_id,kind,text", CASES,
                         ids=[f"{r}-{k}-{i}" for i, (r, k, _) in enumerate(CASES)])
def test_rule_example(lint, rule_id, kind, text):
    fired = [f for f in lint(text) if f.rule == rule_id]
    if kind == "flag":
        assert fired, f"{rule_id} should flag: {text!r}"
    else:
        assert not fired, f"{rule_id} should not flag: {text!r} (got {[f.text for f in fired]})"


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
