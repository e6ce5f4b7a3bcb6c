#!/usr/bin/env python3
"""Pins the span of every rule's flag examples that the pack does not pin itself.

    python tests/pin_example_spans.py          # list flag examples with no pin
    python tests/pin_example_spans.py --write  # add pins for them from today's findings

A rule pack pins a flag example with ``{text: ..., span: ...}``; the built-in
rules written before that form have their pins in tests/data/example-spans.yaml
(rule id -> example text -> the words the finding underlines, or ``(document)``).
``--write`` records what the rule finds now, keeps every pin already there and
drops the pins of examples the pack no longer has: read the new lines before
committing them, since a pin is a claim that the
rule underlines the right words. tests/test_example_spans.py checks them.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

PINS = Path(__file__).resolve().parent / "data" / "example-spans.yaml"


def load_pins() -> dict[str, dict[str, str]]:
    return yaml.safe_load(PINS.read_text(encoding="utf-8")) or {} if PINS.exists() else {}


def main(argv: list[str]) -> int:
    from ketalint import lint_text
    from ketalint.rules import load_ruleset
    from ketalint.rules.schema import DOCUMENT_SPAN

    pins = load_pins()
    rules = load_ruleset().rules
    examples = {(r.id, t) for r in rules for t in r.examples["flag"]}
    stale = [(rid, t) for rid, texts in pins.items() for t in texts if (rid, t) not in examples]
    for rid, text in stale:
        print(f"{rid}: {text!r} is no longer an example; its pin goes")
        del pins[rid][text]
    missing = 0
    for rule in rules:
        for text in rule.examples["flag"]:
            if text in rule.example_spans or text in pins.get(rule.id, {}):
                continue
            missing += 1
            fired = [f for f in lint_text(text) if f.rule == rule.id]
            span = (DOCUMENT_SPAN if fired[0].scope == "document" else fired[0].text) if fired else None
            print(f"{rule.id}: {text!r} -> {span!r}")
            if span is not None:
                pins.setdefault(rule.id, {})[text] = span
    if "--write" in argv:
        header = "".join(f"# {line}\n" if line else "#\n"
                         for line in (__doc__ or "").strip().splitlines()[-5:])
        PINS.write_text(header + yaml.safe_dump(pins, sort_keys=True, allow_unicode=True, width=100),
                        encoding="utf-8")
    return 1 if (missing or stale) and "--write" not in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
