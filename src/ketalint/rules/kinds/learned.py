"""``kind: learned``: ``classifier``, the name of one of the pack's text
classifiers (``NAME.classifier.json``, see :mod:`..classifier`) trained on
sentences. The rule asks it about every sentence it reads and reports the
sentences it says yes to, where no other rule of the same category found
anything: it catches wording the pattern rules have not learned, and never
repeats them. The finding underlines the whole sentence, and ``{detail}``
names the words that weighed most towards yes.

Sentences shorter than the classifier's ``min_words`` are not judged.
``when`` works as for any sentence rule; ``unless`` is asked of the word or
pair that weighed most ("not a *wonder*" is negated, "Is it a *wonder*?" a
question)."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from typing import Iterator

from ...findings import Finding
from ...patterns import PatternFailure
from ..classifier import TextClassifier
from .base import RuleKind, register


@register
@dataclass
class LearnedKind(RuleKind, name="learned", keys={"classifier"}):
    classifier: TextClassifier

    @classmethod
    def from_yaml(cls, data, reader) -> LearnedKind:
        if "classifier" not in data:
            reader.fail(None, "a learned rule needs 'classifier'")
        return cls(reader.classifier(data["classifier"], "classifier"))

    def evaluate(self, rule, run) -> Iterator[Finding]:
        # The other rules' findings (source offsets) by start, with the furthest
        # end reached so far: a sentence overlaps one of those starting before
        # its end if that furthest end passes its start.
        found = sorted((f.start, f.end) for other in run.ruleset.rules
                       if other.category == rule.category and other.kind_spec.finds_spans
                       and not isinstance(other.kind_spec, LearnedKind)
                       for f in self._findings(run, other))
        starts = [s for s, _ in found]
        furthest = list(accumulate((e for _, e in found), max))
        for sentence in run.sentences:
            start, end = run.doc.source_span(sentence.start, sentence.end)
            before = bisect_left(starts, end)
            if before and furthest[before - 1] > start or not run.applies(rule, sentence) or \
                    not self.classifier.answer(sentence.text):
                continue
            strongest = self.classifier.strongest(sentence.text)
            if run.excepted(rule, sentence, *self.placed(sentence, strongest[:1])):
                continue
            detail = ", ".join(f'"{t}"' for t in strongest) or "its wording as a whole"
            yield run.finding(rule, sentence.start, sentence.end, detail=detail,
                              product=run.product_name(sentence, sentence.start))

    @staticmethod
    def _findings(run, other) -> list[Finding]:
        # A rule whose pattern failed is reported by the engine under its own
        # id; it has found nothing here, and this rule still runs.
        try:
            return run.findings_of(other)
        except PatternFailure:
            return []

    @staticmethod
    def placed(sentence, terms: list[str]) -> tuple[int, int]:
        """The prose span of the first of ``terms`` found in ``sentence`` (the
        sentence, if none is)."""
        for term in terms:
            m = re.search(r"\b" + r"\W+".join(map(re.escape, term.split())) + r"\b", sentence.text, re.IGNORECASE)
            if m:
                return sentence.start + m.start(), sentence.start + m.end()
        return sentence.start, sentence.end
