"""Evaluates a rule set on one analysed document.

Each rule's kind (see :mod:`.kinds`) reads the sentences (with their claims,
modifiers and citation coverage) or the document as a whole, and reports at
most one finding per rule and sentence, on the span that triggered it. What
the kinds share while they read one document is a :class:`DocumentRun`.
"""
from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from ..claims.model import Sentence, main_product
from ..document import PROSE_KINDS, Document
from ..findings import Finding, make_finding
from ..patterns import PatternFailure, TimedPattern
from ..prefilter import SearchSpace
from .classifier import TextClassifier, page_text
from .schema import PageBoundPattern, Rule, fill

if TYPE_CHECKING:
    from .pack import RuleSet


class DocumentRun:
    """What the rules share while reading one document: its sentences, their
    search space for literal prefilters, the findings of each rule, and
    ``when`` tests already answered (a ``document`` or ``block`` pattern is
    searched once, not per sentence)."""

    def __init__(self, doc: Document, sentences: list[Sentence], space: SearchSpace, ruleset: RuleSet):
        self.doc, self.sentences, self.space = doc, sentences, space
        self.ruleset, self.facts = ruleset, ruleset.facts
        self._answers: dict = {}
        #: Claim type -> the sentences with a claim of that type: the only
        #: ones a rule on that type of claim reads.
        self.claimed: dict[str, list[Sentence]] = {}
        for s in sentences:
            for claim_type in dict.fromkeys(c.type for c in s.claims):
                self.claimed.setdefault(claim_type, []).append(s)
        self._by_span = {(s.start, s.end): s for s in sentences}

    def candidates(self, pattern: TimedPattern) -> list[Sentence]:
        """The sentences ``pattern`` may match (its prefilter's candidates), in order."""
        return [self._by_span[span] for span in pattern.candidates(self.space)]

    def product_of(self, sentence: Sentence | None = None, start: int = 0) -> str | None:
        """The id of the product a finding is about: the product ``sentence``
        names nearest before ``start`` (else the first it names after), else
        the product of its claims (which may come from its paragraph or the
        page), else the product the document names most; for a document
        finding (no sentence), the last."""
        if sentence is not None:
            named = [e for e in sentence.entities if e.label == "PRODUCT"]
            if named:
                before = [e for e in named if e.start <= start]
                return max(before, key=lambda e: e.start).id if before else min(named, key=lambda e: e.start).id
            claimed = next((c.products[0] for c in sentence.claims if c.products), None)
            if claimed is not None:
                return claimed
        return self.once("main-product", lambda: main_product(self.sentences))

    def product_name(self, sentence: Sentence | None = None, start: int = 0) -> str:
        """How a finding's message names its product (see :meth:`product_of`);
        the pack's generic product when the copy names none."""
        product = self.product_of(sentence, start) or self.ruleset.lexicon.generic_product
        return self.facts.product_name(product) or product

    def page_answer(self, classifier: TextClassifier) -> bool | None:
        """``classifier``'s answer for the page's prose, None if the page is
        too short for it to judge."""
        return self.once(("page-answer", classifier.name), lambda: classifier.answer(
            page_text([s for s in self.sentences if s.block.kind in PROSE_KINDS])))

    def once(self, key, compute):
        """``compute()``, worked out once per document for ``key``. A pattern
        that failed (a timeout) fails again for the same key without being
        searched again."""
        if key not in self._answers:
            try:
                self._answers[key] = compute()
            except PatternFailure as exc:
                self._answers[key] = exc
        answer = self._answers[key]
        if isinstance(answer, PatternFailure):
            raise answer
        return answer

    def findings_of(self, rule: Rule) -> list[Finding]:
        """The findings of ``rule`` in the document, worked out once (a
        document condition may ask for them, selected or not)."""
        return self.once(("findings", rule.id), lambda: list(rule.kind_spec.evaluate(rule, self)))

    def finding(self, rule: Rule, start: int, end: int, scope: str = "span", **values) -> Finding:
        """A finding of ``rule`` on the prose span [start, end), its message
        filled with ``values`` (``match``, ``detail``, ``product``). The match is
        quoted with its whitespace collapsed: the prose view pads a word rewritten
        from a character reference ("&ldquo;little") and keeps line breaks."""
        if scope == "span":
            whole = whole_words(self.doc.prose, start, end)
            if whole != (start, end) and values.get("match") == self.doc.prose[start:end]:
                values["match"] = self.doc.prose[whole[0]:whole[1]]
            start, end = whole
        if "match" in values:
            values["match"] = " ".join(values["match"].split())
        return make_finding(self.doc, rule, start, end, fill(rule.message, {**rule.fields(), **values}), scope)

    def applies(self, rule: Rule, sentence: Sentence) -> bool:
        """Is ``sentence`` in a block the rule reads, where its ``when`` holds?"""
        if sentence.block.kind not in rule.blocks:
            return False
        when = rule.when
        if when is None:
            return True
        if when.sentence is not None and not when.sentence.search_sentence(self.space, sentence):
            return False
        if when.previous is not None:
            before = self.once("sentence-before", lambda: {
                s.start: p for p, s in zip(self.sentences, self.sentences[1:])}).get(sentence.start)
            if before is None or not when.previous.search_sentence(self.space, before):
                return False
        prose, block = self.doc.prose, sentence.block
        if when.block is not None and not self.once(
                (rule.id, block.start), lambda: when.block.search(prose, block.start, block.end)):
            return False
        if when.document is not None and not self.once(rule.id, lambda: when.document.search(prose)):
            return False
        if when.classifier is not None and sentence.block.kind not in when.any_page \
                and self.page_answer(when.classifier) is False:
            return False
        if when.products is None and when.about is None:
            return True
        named = set(sentence.ids("PRODUCT"))
        if when.products is not None and not named & when.products:
            return False
        if when.about is not None and not (
                named or {p for c in sentence.claims for p in c.products}
                or set(sentence.context_products)) & when.about:
            return False
        return True

    def excepted(self, rule: Rule, sentence: Sentence, start: int, end: int) -> bool:
        """Does one of the rule's ``unless`` except the span [start, end) of ``sentence``?"""
        for item in rule.unless:
            if isinstance(item, str):
                if sentence.modified(item, start, end):
                    return True
            elif isinstance(item, PageBoundPattern):
                if self.page_answer(item.classifier) is False and \
                        item.pattern.search_sentence(self.space, sentence):
                    return True
            elif item.search_sentence(self.space, sentence):
                return True
        return False


class Engine:
    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset

    def run(self, doc: Document, sentences: list[Sentence], space: SearchSpace,
            rules=None) -> list[Finding]:
        """Findings of ``rules`` (default: all) in ``doc``; ``space`` is the
        sentences' search space (see ``claims.extract.build_sentences``)."""
        findings: list[Finding] = []
        run = DocumentRun(doc, sentences, space, self.ruleset)
        for rule in rules if rules is not None else self.ruleset.rules:
            try:
                findings.extend(run.findings_of(rule))
            except PatternFailure as exc:
                doc.errors.append(f"rule {rule.id} skipped: {exc.reason} "
                                  f"({rule.path}:{rule.line}: {exc.source[:60]!r})")
        findings.sort(key=lambda f: f.sort_key)
        return findings


#: The rest of a word or number a span ends inside: "8" of "85%" reads "85%",
#: "1" of "10,000" reads "10,000", "antidepressant" of "antidepressants" the word.
_REST_OF_NUMBER = re.compile(r"(?:\d|[.,]\d)*(?:\s?%)?")
_REST_OF_WORD = re.compile(r"\w*")


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened to whole words: a pattern that stops inside a word
    or a number must not underline part of it (a note marker written into its
    word, "SUDs³", stays apart)."""
    def inside(at: int) -> bool:
        return 0 < at < len(text) and _word_char(text[at - 1]) and _word_char(text[at])
    while start < end and inside(start):
        start -= 1
    if start < end and (inside(end) or (end < len(text) and text[end - 1].isdigit() and text[end] in ".,%")):
        rest = (_REST_OF_NUMBER if text[end - 1].isdigit() else _REST_OF_WORD).match(text, end)
        end = rest.end() if rest else end
    return start, end


def _word_char(c: str) -> bool:
    return c.isalnum() and unicodedata.category(c) != "No"  # "No": superscript and circled digits
