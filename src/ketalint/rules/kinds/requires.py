"""``kind: requires``: ``trigger``, ``{claim: TYPE}`` or ``{pattern: REGEX}``,
which ``require: citation`` ``within: sentence | paragraph | lead-in``
(default paragraph; ``lead-in`` also accepts a source named in the next
sentence). The finding underlines the first uncovered trigger of a sentence."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from ...claims import CLAIM_TYPES
from ...findings import Finding
from ...patterns import TimedPattern
from .base import RuleKind, register

#: The citation coverages (``Sentence.citation``) that satisfy each ``within``.
COVERAGE = {
    "sentence": frozenset({"sentence"}),
    "paragraph": frozenset({"sentence", "paragraph"}),
    "lead-in": frozenset({"sentence", "paragraph", "lead-in", "next-sentence"}),
}


@register
@dataclass
class RequiresKind(RuleKind, name="requires", keys={"trigger", "require", "within"}):
    #: Exactly one of these triggers.
    claim_type: str | None
    pattern: TimedPattern | None
    within: str

    @classmethod
    def from_yaml(cls, data, reader) -> RequiresKind:
        trigger = data.get("trigger")
        if not isinstance(trigger, dict) or len(trigger) != 1 or not ({"claim", "pattern"} & set(trigger)):
            reader.fail("trigger", "must be {claim: TYPE} or {pattern: REGEX}")
        claim_type = pattern = None
        if "claim" in trigger:
            if trigger["claim"] not in CLAIM_TYPES:
                reader.fail("trigger", f"unknown claim type (allowed: {', '.join(CLAIM_TYPES)})")
            claim_type = trigger["claim"]
        else:
            pattern = reader.regex(trigger["pattern"], "trigger", trigger)
        if data.get("require") != "citation":
            reader.fail("require", "must be 'citation'")
        within = data.get("within", "paragraph")
        if within not in ("sentence", "paragraph", "lead-in"):
            reader.fail("within", "must be sentence, paragraph or lead-in")
        return cls(claim_type, pattern, within)

    def evaluate(self, rule, run) -> Iterator[Finding]:
        allowed = COVERAGE[self.within]
        # Only sentences with such claims, or that the trigger pattern may match, can trigger.
        sentences = run.claimed.get(self.claim_type, []) if self.pattern is None \
            else run.candidates(self.pattern)
        for sentence in sentences:
            if sentence.citation in allowed or not run.applies(rule, sentence):
                continue
            spans: Iterable[tuple[int, int, str]]
            if self.pattern is None:
                spans = [(c.start, c.end, c.cue) for c in sentence.claims if c.type == self.claim_type]
            else:
                spans = ((sentence.start + m.start(), sentence.start + m.end(), m.group())
                         for m in self.pattern.finditer_sentence(run.space, sentence))
            for s, e, text in spans:
                if e > s and not run.excepted(rule, sentence, s, e):
                    yield run.finding(rule, s, e, match=text, product=run.product_name(sentence, s))
                    break
