"""``kind: pattern``: ``pattern``, a regex or list of regexes matched in each
sentence (``@name`` inserts a named pattern from the lexicon). The finding
underlines the first match that no ``unless`` excepts."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ...findings import Finding
from ...patterns import TimedPattern
from .base import RuleKind, register


@register
@dataclass
class PatternKind(RuleKind, name="pattern", keys={"pattern"}):
    #: The rule's regexes as one pattern.
    pattern: TimedPattern

    @classmethod
    def from_yaml(cls, data, reader) -> PatternKind:
        if "pattern" not in data:
            reader.fail(None, "a pattern rule needs 'pattern'")
        items = data["pattern"] if isinstance(data["pattern"], list) else [data["pattern"]]
        return cls(reader.regexes(items, "pattern"))

    def evaluate(self, rule, run) -> Iterator[Finding]:
        for sentence in run.candidates(self.pattern):
            if not run.applies(rule, sentence):
                continue
            for m in self.pattern.finditer_sentence(run.space, sentence):
                s, e = sentence.start + m.start(), sentence.start + m.end()
                if e > s and not run.excepted(rule, sentence, s, e):
                    yield run.finding(rule, s, e, match=m.group(), product=run.product_name(sentence, s))
                    break
