"""``kind: claim``: ``claim``, a filter on typed claims (``type``, ``status``,
``products``, ``product_source``, ``indication_groups``, ``without``,
``with``: see :class:`ketalint.rules.filters.ClaimFilter`) and ``check``, a
facts check (see :mod:`ketalint.rules.facts`). The finding underlines the
first claim of a sentence that the check faults, widened to the entities it
names."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ...findings import Finding
from ..facts import CHECKS
from ..filters import ClaimFilter
from .base import RuleKind, register


@register
@dataclass
class ClaimKind(RuleKind, name="claim", keys={"claim", "check"}):
    claim: ClaimFilter
    check: str

    @classmethod
    def from_yaml(cls, data, reader) -> ClaimKind:
        if "claim" not in data or "check" not in data:
            reader.fail(None, "a claim rule needs 'claim' and 'check'")
        claim = ClaimFilter.from_yaml(data["claim"], "claim", reader)
        if data["check"] not in CHECKS:
            reader.fail("check", f"unknown facts check (allowed: {', '.join(CHECKS)})")
        return cls(claim, data["check"])

    def evaluate(self, rule, run) -> Iterator[Finding]:
        facts, prose = run.facts, run.doc.prose
        for sentence in run.claimed.get(self.claim.type, ()):
            if not run.applies(rule, sentence):
                continue
            for claim in sentence.claims:
                if not self.claim.matches(claim, facts):
                    continue
                detail = facts.check(self.check, claim)
                if detail is None or run.excepted(rule, sentence, claim.start, claim.end):
                    continue
                start, end = claim.start, claim.end
                wanted = set(claim.products) | set(claim.indications) | set(claim.routes) | \
                    set(claim.populations) | set(claim.settings)
                for ent in sentence.entities:
                    if ent.id in wanted:
                        start, end = min(start, ent.start), max(end, ent.end)
                yield run.finding(rule, start, end, match=prose[start:end], detail=detail,
                                  product=facts.product_name(claim.products[0] if claim.products else None))
                break
