"""What a reviewer signing the rule pack relies on (issue 18): every flag example
underlines the words it should, every suggestion reads as finished copy and
passes the pack, no template field or internal id reaches a reader, and dated
facts (the DEA telemedicine flexibilities) are read from the facts file."""
from __future__ import annotations

import datetime
import re

import pytest
from click.testing import CliRunner

from ketalint.cli import main
from ketalint.reporters.sarif import _descriptor
from ketalint.rules import load_ruleset
from ketalint.rules.facts import load_facts
from ketalint.rules.schema import DOCUMENT_SPAN
from ketalint.rules.yamlfile import PackError, load_yaml
from pin_example_spans import PINS, load_pins

RULESET = load_ruleset()
FILE_PINS = load_pins()
TEMPLATE = re.compile(r"\{\w+\}")
# "a" before a vowel sound ("A oral form", "a IV infusion"); "a one-time" is right.
A_BEFORE_VOWEL = re.compile(r"\b[Aa]\s+(?!one\b|once\b|uni|use)(?:[aeiou]\w*|IV|IM|MDD|OCD|FDA)\b")
# Lexicon and facts ids a reader must never see ("chronic-pain", "other-psychiatric").
# ("substance-use disorders" is English, not the id.)
SLUGS = {i for ids in (RULESET.lexicon.data.get("entities") or {}).values() if isinstance(ids, dict)
         for i in ids if "-" in i} | {i for i in RULESET.facts.names if "-" in i}


def _pin(rule, text):
    return rule.example_spans.get(text, FILE_PINS.get(rule.id, {}).get(text))


FLAGS = [(r.id, text, _pin(r, text)) for r in RULESET.rules for text in r.examples["flag"]]


@pytest.mark.parametrize("rule_id,text,span", FLAGS, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(FLAGS)])
def test_flag_example_underlines_its_pinned_words(lint, rule_id, text, span):
    assert span is not None, (f"{rule_id}: flag example {text!r} pins no span; add {{text:, span:}} "
                              f"in the pack or run tests/pin_example_spans.py --write")
    fired = [f for f in lint(text) if f.rule == rule_id]
    assert fired, f"{rule_id} should flag {text!r}"
    got = [DOCUMENT_SPAN if f.scope == "document" else f.text for f in fired]
    assert span in got, f"{rule_id} underlines {got} in {text!r}, not {span!r}"
    for f in fired:
        assert not TEMPLATE.search(f.message), f.message
        assert not A_BEFORE_VOWEL.search(f.message), f.message
        assert f.message[0].isupper() or f.message[0] in "\"“", f.message
        assert not any(re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-]|\s+disorder)", f.message) for s in SLUGS), f.message


def test_no_pin_is_stale():
    """A pin in tests/data/example-spans.yaml names a flag example that exists."""
    flags = {(r.id, t) for r in RULESET.rules for t in r.examples["flag"]}
    stale = [(rid, t) for rid, pins in FILE_PINS.items() for t in pins if (rid, t) not in flags]
    assert not stale, f"pins with no flag example (remove them from {PINS.name}): {stale}"


def test_a_pin_can_fail(lint):
    """The span check is real: a pin on other words of the sentence fails."""
    text = "Ketamine cures depression in just a few sessions."
    assert [f.text for f in lint(text) if f.rule == "CLM201"] == ["cures depression"]
    assert "in just a few sessions" not in [f.text for f in lint(text) if f.rule == "CLM201"]


def test_pack_refuses_a_span_not_in_its_example(tmp_path):
    from conftest import write_rule_pack
    pack = write_rule_pack(tmp_path, "CLM901", "house-cure", r"\bmiracle\b",
                           examples="{flag: [{text: 'A miracle.', span: 'wonder'}], pass: [y]}")
    with pytest.raises(PackError, match="span 'wonder' is not in its text"):
        load_ruleset([str(pack)])


SUGGESTIONS = [(r.id, r.suggestion) for r in RULESET.rules if r.suggestion]


def test_suggestions_read_as_finished_copy():
    for rid, text in SUGGESTIONS:
        assert not TEMPLATE.search(text), (rid, text)
        assert text[0].isupper(), (rid, "starts in lower case", text)
        assert text.rstrip()[-1] in ".!?", (rid, "ends without punctuation", text)
        assert not A_BEFORE_VOWEL.search(text), (rid, "a before a vowel", text)
        assert not any(re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-]|\s+disorder)", text) for s in SLUGS), (rid, text)
        # No statistic, study or citation a writer could paste as their own.
        assert not re.search(r"\d\s*%|\bet al\b|\[[^\]]*\]|\bN(?:EJM|\s?Engl)\b", text), (rid, text)


def test_every_suggestion_passes_the_pack(lint):
    """A suggestion is a replacement for a span: it raises no span finding of
    any rule. (A document rule reads a whole page, not one sentence.)"""
    for rid, text in SUGGESTIONS:
        found = [(f.rule, f.text) for f in lint(text) if f.scope != "document"]
        assert not found, (rid, text, found)


def test_explain_and_sarif_show_no_template_field_or_id(monkeypatch):
    import ketalint.cli
    monkeypatch.setattr(ketalint.cli, "_ruleset", lambda *args, **kwargs: RULESET)  # load once
    runner = CliRunner()
    for rule in RULESET.rules:
        out = runner.invoke(main, ["explain", rule.id]).output
        described = _descriptor(rule)
        texts = {"explain": out.split("Flagged:")[0], "short": described["shortDescription"]["text"],
                 "help": described["help"]["text"]}
        for where, text in texts.items():
            assert not TEMPLATE.search(text), (rule.id, where, text)
            assert not any(re.search(rf"(?<![\w/-]){re.escape(s)}(?![\w/-]|\s+disorder)", text.split("Sources:")[0])
                           for s in SLUGS), (rule.id, where, text)


# -- dated facts ---------------------------------------------------------------

def test_telemedicine_message_reads_the_deadline_from_the_facts(lint, monkeypatch):
    deadline = RULESET.facts.deadlines["dea-telemedicine"]
    assert deadline.ends == datetime.date(2026, 12, 31) and deadline.as_of and deadline.source
    text = "Get your ketamine prescription online, with no in-person visit ever needed."
    monkeypatch.setenv("KETALINT_TODAY", "2026-12-02")
    (before,) = [f.message for f in lint(text) if f.rule == "FDA119"]
    assert "run only through 31 December 2026" in before
    monkeypatch.setenv("KETALINT_TODAY", "2027-01-01")
    (after,) = [f.message for f in lint(text) if f.rule == "FDA119"]
    assert "ended on 31 December 2026" in after and "check whether they were extended" in after
    assert not TEMPLATE.search(before + after)


def test_a_passed_deadline_changes_the_cache_key(monkeypatch):
    monkeypatch.setenv("KETALINT_TODAY", "2026-12-02")
    before = load_ruleset(compile_patterns=False).digest
    monkeypatch.setenv("KETALINT_TODAY", "2027-01-01")
    assert load_ruleset(compile_patterns=False).digest != before


@pytest.mark.parametrize("entry,error", [
    ("{name: x, ends: soon, as_of: '2026-06-30', source: y}", "must be a date"),
    ("{name: x, ends: 2026-12-31, as_of: '2026-06-30'}", "source: is required"),
    ("{name: x, ends: 2026-12-31, as_of: '2026-06-30', source: y, colour: red}", "unknown key"),
])
def test_a_deadline_without_date_or_source_is_refused(entry, error):
    text = ("as_of: '2026-06-30'\nproducts: {}\nindication_groups: {}\n"
            f"deadlines:\n  dea-telemedicine: {entry}\n")
    with pytest.raises(PackError, match=error):
        load_facts(load_yaml("facts.yaml", text), "facts.yaml", set())
