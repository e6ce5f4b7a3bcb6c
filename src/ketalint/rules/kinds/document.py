"""``kind: document``: ``applies_when``, conditions that must all hold, and
``satisfied_by``, conditions of which one clears the document. The finding
is about the whole document. A condition is

- ``{claims: FILTER, min: N}``: N claims match the filter (see :mod:`.claim`);
- ``{pattern: REGEX, min: N}``: the pattern matches N times (with ``unquoted:
  true``, not counting sentences that continue a quotation opened earlier in
  their paragraph: a speaker's "we" is not the page's);
- ``{risk_groups: N, of: [RISK id, ...], not_in: REGEX, not_within: REGEX,
  not_under: REGEX}``: at least N of those groups of the lexicon's RISK
  entities are named, not negated, outside sentences ``not_in`` matches,
  outside the spans ``not_within`` matches and outside list items whose
  lead-in ``not_under`` matches ("Do not take it if you have:")
  (without ``of``, any groups);
- ``{findings: [RULE id, ...], min: N}``: those rules find N spans in the
  document, whether or not they are selected;
- ``{classifier: NAME, if_too_short: [CONDITION, ...]}``: the pack's text
  classifier ``NAME`` says yes to the text of the sentences (see
  :mod:`..classifier`); on copy too short for it to judge, one of the
  conditions holds (without ``if_too_short``, the condition does not hold there);
- ``{any: [CONDITION, ...]}`` (one of them holds) or ``{all: [CONDITION, ...]}``
  (every one holds).

``min`` defaults to 1. A ``claims``, ``pattern`` or ``findings`` condition may
give ``max: N`` in place of or beside ``min`` (``min`` then defaults to 0): it
holds when there are at most N (``{pattern: '@promotional', max: 0}``: the
page never offers treatment). Conditions read the sentences of the
rule's ``blocks``. The finding's ``{product}`` is the product the page names
most.
"""
from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from ...findings import Finding
from ...patterns import TimedPattern
from ..classifier import TextClassifier, page_text
from ..filters import ClaimFilter
from .base import RuleKind, register

if TYPE_CHECKING:  # loading a pack (rules, explain) imports no claims model
    from ...claims.model import Sentence

CONDITION_KEYS = {"claims", "pattern", "risk_groups", "findings", "classifier"}
RISK_OPTIONS = {"of", "not_in", "not_within", "not_under"}


class Condition(ABC):
    @abstractmethod
    def holds(self, run, sentences: list[Sentence]) -> bool:
        """Does the condition hold on ``sentences`` of the run's document?"""

    def rules_read(self) -> Iterable[str]:
        return ()

    def because(self, run, sentences: list[Sentence]) -> str | None:
        """Why the condition holds, in words for a finding's ``{detail}``
        (None: nothing worth saying)."""
        return None


@dataclass
class _Combination(Condition):
    conditions: tuple[Condition, ...]

    def rules_read(self) -> Iterable[str]:
        return [rid for c in self.conditions for rid in c.rules_read()]

    def because(self, run, sentences) -> str | None:
        return next((why for c in self.conditions if c.holds(run, sentences)
                     for why in [c.because(run, sentences)] if why), None)


class AnyOf(_Combination):
    def holds(self, run, sentences) -> bool:
        return any(c.holds(run, sentences) for c in self.conditions)


class AllOf(_Combination):
    def holds(self, run, sentences) -> bool:
        return all(c.holds(run, sentences) for c in self.conditions)


@dataclass
class _Count(Condition):
    """A condition on a number of hits: at least ``min``, at most ``max`` if given."""

    min: int
    max: int | None

    @abstractmethod
    def hits(self, run, sentences: list[Sentence]) -> Iterable[object]:
        """What is counted, lazily."""

    def holds(self, run, sentences) -> bool:
        # Counting stops where the answer cannot change: at the minimum, or
        # one past the maximum.
        hits = self.hits(run, sentences)
        if self.max is None:
            return sum(1 for _ in itertools.islice(hits, self.min)) >= self.min
        return self.min <= sum(1 for _ in itertools.islice(hits, self.max + 1)) <= self.max


@dataclass
class ClaimsFound(_Count):
    claims: ClaimFilter

    def hits(self, run, sentences) -> Iterable[object]:
        return (c for s in sentences for c in s.claims if self.claims.matches(c, run.facts))


@dataclass
class PatternFound(_Count):
    pattern: TimedPattern
    unquoted: bool = False

    def hits(self, run, sentences) -> Iterable[object]:
        return (m for s in sentences if not (self.unquoted and s.quoted)
                for m in self.pattern.finditer_sentence(run.space, s))

    def because(self, run, sentences) -> str | None:
        match = next((m for s in sentences if not (self.unquoted and s.quoted)
                      for m in [self.pattern.search_sentence(run.space, s)] if m), None)
        return f'"{match.group(0)}"' if match is not None else None


@dataclass
class FindingsFound(_Count):
    rules: tuple[str, ...]

    def hits(self, run, sentences) -> Iterable[object]:
        # One claim found by two rules (unsupported and risk-minimising
        # "completely safe") is still one claim: count distinct spans.
        return iter({(f.start, f.end) for rid in self.rules for f in run.findings_of(run.ruleset.by_id(rid))})

    def rules_read(self) -> Iterable[str]:
        return self.rules


@dataclass
class RiskGroupsNamed(Condition):
    count: int
    of: frozenset[str] | None = None
    not_in: TimedPattern | None = None
    not_within: TimedPattern | None = None
    not_under: TimedPattern | None = None

    def holds(self, run, sentences) -> bool:
        # The groups named depend on the exemptions, not on ``of`` or the count:
        # conditions that share their patterns (RSK301's two) read them once.
        exemptions = tuple(p.pattern if p is not None else None
                           for p in (self.not_in, self.not_within, self.not_under))
        groups = run.once(("risk-groups", id(sentences), exemptions), lambda: self.named(run, sentences))
        if self.of is not None:
            groups = groups & self.of
        return len(groups) >= self.count

    def named(self, run, sentences: list[Sentence]) -> set[str]:
        """Risk groups the sentences disclose: RISK entities that are not
        negated, asked about ("Is ketamine addictive?" discloses nothing;
        its answer may) or said of another treatment ("ECT usually causes
        memory problems"), not in a sentence ``not_in`` matches (one that plays
        risks down), and not inside a span ``not_within`` matches (a patient's
        own condition, a use of the drug), and not in a list whose lead-in
        ``not_under`` matches."""
        groups = set()
        exempt_lists = self._exempt_lists(run, sentences)
        for s in sentences:
            risks = [e for e in s.entities if e.label == "RISK"]
            if not risks or s.block.kind == "list-item" and s.block.lead_in in exempt_lists or \
                    self.not_in is not None and self.not_in.search_sentence(run.space, s):
                continue
            exempt = [(s.start + m.start(), s.start + m.end())
                      for m in self.not_within.finditer_sentence(run.space, s)] if self.not_within else []
            for ent in risks:
                kinds = s.modifier_kinds(ent.start, ent.end)
                if not kinds & {"negated", "question", "other-treatment"} and \
                        not any(a <= ent.start < b for a, b in exempt):
                    groups.add(ent.id)
        return groups

    def _exempt_lists(self, run, sentences: list[Sentence]) -> set[int]:
        """Blocks whose list items name no risk of the treatment because the
        last sentence of their lead-in matches ``not_under``: "Do not take
        Spravato if you have:" lists a patient's conditions."""
        if self.not_under is None:
            return set()
        lead_ins = {s.block.lead_in for s in sentences if s.block.kind == "list-item"} - {None}
        last = {s.block_index: s for s in sentences if s.block_index in lead_ins and s.block.kind != "list-item"}
        return {index for index, s in last.items() if self.not_under.search_sentence(run.space, s)}


@dataclass
class ClassifierSaysYes(Condition):
    classifier: TextClassifier
    if_too_short: Condition | None = None

    def holds(self, run, sentences) -> bool:
        answer = self.classifier.answer(page_text(sentences))
        if answer is None:
            return self.if_too_short is not None and self.if_too_short.holds(run, sentences)
        return answer

    def because(self, run, sentences) -> str | None:
        text = page_text(sentences)
        if self.classifier.answer(text) is None:
            return self.if_too_short.because(run, sentences) if self.if_too_short is not None else None
        terms = [f'"{t}"' for t in self.classifier.strongest(text)]
        return f"read from its words, most of all {', '.join(terms[:-1])} and {terms[-1]}" \
            if len(terms) > 1 else None

    def rules_read(self) -> Iterable[str]:
        return self.if_too_short.rules_read() if self.if_too_short is not None else ()


def _conditions(items, key: str, reader) -> tuple[Condition, ...]:
    if not isinstance(items, list) or not items:
        reader.fail(key, "must be a non-empty list of conditions")
    out: list[Condition] = []
    for cond in items:
        if not isinstance(cond, dict):
            reader.fail(key, "each condition must be a mapping")
        if set(cond) in ({"any"}, {"all"}):
            (combinator,) = cond
            inner = _conditions(cond[combinator], key, reader)
            out.append(AnyOf(inner) if combinator == "any" else AllOf(inner))
            continue
        if "classifier" in cond and set(cond) <= {"classifier", "if_too_short"}:
            classifier = reader.classifier(cond["classifier"], key, cond)
            short = AnyOf(_conditions(cond["if_too_short"], key, reader)) if "if_too_short" in cond else None
            out.append(ClassifierSaysYes(classifier, short))
            continue
        kinds = CONDITION_KEYS & set(cond)
        if len(kinds) != 1 or set(cond) - CONDITION_KEYS - RISK_OPTIONS - {"min", "max", "unquoted"} or \
                RISK_OPTIONS & set(cond) and "risk_groups" not in cond or \
                "unquoted" in cond and ("pattern" not in cond or not isinstance(cond["unquoted"], bool)) or \
                {"min", "max"} & set(cond) and "risk_groups" in cond:
            reader.fail(key, "a condition is {claims: FILTER, min: N}, {pattern: REGEX, min: N}, "
                             "{risk_groups: N, of: [RISK id, ...]}, {findings: [RULE id, ...], min: N}, "
                             "{classifier: NAME, if_too_short: [CONDITION, ...]}, "
                             "{any: [CONDITION, ...]} or {all: [...]} (max: N in place of or beside min; "
                             "unquoted: true|false with a pattern)", cond)
        least, most = cond.get("min", 0 if "max" in cond else 1), cond.get("max")
        counts = (least, 0 if most is None else most)
        if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts) or \
                most is not None and least > most:
            reader.fail(key, "min and max must be whole numbers, 0 or more, min not above max", cond)
        if "claims" in cond:
            out.append(ClaimsFound(least, most, ClaimFilter.from_yaml(cond["claims"], key, reader)))
        elif "pattern" in cond:
            out.append(PatternFound(least, most, reader.regex(cond["pattern"], key, cond),
                                    cond.get("unquoted", False)))
        elif "findings" in cond:
            # Checked against the rule set once every rule is built (see pack.py).
            out.append(FindingsFound(least, most, tuple(reader.strings(cond["findings"], key, mapping=cond))))
        else:
            if not isinstance(cond["risk_groups"], int) or cond["risk_groups"] < 1:
                reader.fail(key, "risk_groups must be a positive integer", cond)
            of = None
            if "of" in cond:
                known = set((reader.lexicon.data.get("entities") or {}).get("RISK") or {})
                of = frozenset(reader.strings(cond["of"], key, sorted(known), cond))
            not_in, not_within, not_under = (reader.regex(cond[option], key, cond) if option in cond else None
                                             for option in ("not_in", "not_within", "not_under"))
            out.append(RiskGroupsNamed(cond["risk_groups"], of, not_in, not_within, not_under))
    return tuple(out)


@register
@dataclass
class DocumentKind(RuleKind, name="document", keys={"applies_when", "satisfied_by"},
                   finds_spans=False):
    applies_when: tuple[Condition, ...]
    satisfied_by: tuple[Condition, ...]

    @classmethod
    def from_yaml(cls, data, reader) -> DocumentKind:
        return cls(_conditions(data.get("applies_when"), "applies_when", reader),
                   _conditions(data.get("satisfied_by"), "satisfied_by", reader))

    def evaluate(self, rule, run) -> Iterator[Finding]:
        readable = self.readable(rule, run)
        if not readable:
            return
        if all(c.holds(run, readable) for c in self.applies_when) and not self.satisfied(run, readable):
            detail = next((why for c in self.applies_when for why in [c.because(run, readable)] if why), None)
            yield run.finding(rule, 0, 0, scope="document", product=run.product_name(), detail=detail)

    @staticmethod
    def readable(rule, run) -> list[Sentence]:
        """The sentences the rule's conditions read: those of its ``blocks``."""
        return [s for s in run.sentences if s.block.kind in rule.blocks]

    def satisfied(self, run, readable: list[Sentence]) -> bool:
        """Does one of ``satisfied_by`` clear the document?"""
        return any(c.holds(run, readable) for c in self.satisfied_by)

    def rules_read(self) -> Iterable[str]:
        return [rid for c in self.applies_when + self.satisfied_by for rid in c.rules_read()]
