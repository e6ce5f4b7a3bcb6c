"""Evaluates a rule set on one analysed document.

Each rule kind reads the sentences (with their claims, modifiers and citation
coverage) or the document as a whole, and reports at most one finding per rule
and sentence, on the span that triggered it.
"""
from __future__ import annotations

import itertools
from typing import Iterator

from ..claims.model import Claim, Sentence, main_product
from ..document import Document
from ..findings import Finding, make_finding
from ..patterns import PatternFailure, TimedPattern
from ..prefilter import SearchSpace
from ..readers.citations import has_locator
from .schema import Rule, fill

COVERAGE = {
    "sentence": {"sentence"},
    "paragraph": {"sentence", "paragraph"},
    "lead-in": {"sentence", "paragraph", "lead-in", "next-sentence"},
}


def _message(rule: Rule, **values) -> str:
    return fill(rule.message, {**rule.fields(), **values})


def claim_matches(claim: Claim, spec: dict, facts) -> bool:
    if claim.type != spec["type"]:
        return False
    if "status" in spec and claim.status not in spec["status"]:
        return False
    if "products" in spec and (not claim.products or claim.products[0] not in spec["products"]):
        return False
    if "product_source" in spec and claim.product_source not in spec["product_source"]:
        return False
    if "indication_groups" in spec and not any(
            facts.group_of(i) & set(spec["indication_groups"]) for i in claim.indications):
        return False
    for kind in spec.get("without", ()):
        if (claim.cited is not None) if kind == "cited" else kind in claim.modifiers:
            return False
    for kind in spec.get("with", ()):
        if (claim.cited is None) if kind == "cited" else kind not in claim.modifiers:
            return False
    return True


class _DocumentRun:
    """What the rules share while reading one document: its sentences, their
    search space for literal prefilters, and ``when`` tests already answered
    (a ``document`` or ``block`` pattern is searched once, not per sentence)."""

    def __init__(self, doc: Document, sentences: list[Sentence], space: SearchSpace):
        self.doc, self.sentences, self.space = doc, sentences, space
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

    def once(self, key, compute):
        if key not in self._answers:
            self._answers[key] = compute()
        return self._answers[key]


def _unresolved_markers(rule: Rule, doc: Document) -> Iterator[Finding]:
    """Citation markers whose keys no reference-list entry has."""
    keys = {r.key for r in doc.references}
    for marker in doc.markers:
        missing = [k for k in marker.keys if k not in keys]
        if missing:
            yield make_finding(doc, rule, marker.start, marker.end, _message(
                rule, match=doc.prose[marker.start:marker.end], detail=", ".join(missing)))


def _references_without_locator(rule: Rule, doc: Document) -> Iterator[Finding]:
    """Reference-list entries with no locator (link, DOI, PMID, journal and year: see has_locator)."""
    for ref in doc.references:
        if not has_locator(ref.text):
            yield make_finding(doc, rule, ref.start, ref.end, _message(rule, match=ref.text))


#: The checks of structure rules, by the name a rule gives in ``check``
#: (schema.STRUCTURE_CHECKS lists the names a pack may use).
_STRUCTURE_CHECKS = {"unresolved-marker": _unresolved_markers,
                     "reference-without-locator": _references_without_locator}


class Engine:
    def __init__(self, ruleset):
        self.ruleset = ruleset

    # -- shared conditions --------------------------------------------------------
    def _excepted(self, rule: Rule, run: _DocumentRun, sentence: Sentence, start: int, end: int) -> bool:
        for item in rule.unless:
            if isinstance(item, str):
                if sentence.modified(item, start, end):
                    return True
            elif item.search_sentence(run.space, sentence):
                return True
        return False

    def _applies(self, rule: Rule, run: _DocumentRun, sentence: Sentence) -> bool:
        if sentence.block.kind not in rule.blocks:
            return False
        when = rule.when
        if not when:
            return True
        if "sentence" in when and not when["sentence"].search_sentence(run.space, sentence):
            return False
        prose, block = run.doc.prose, sentence.block
        if "block" in when and not run.once(
                (rule.id, block.start), lambda: when["block"].search(prose, block.start, block.end)):
            return False
        if "document" in when and not run.once(rule.id, lambda: when["document"].search(prose)):
            return False
        if "products" in when and not set(sentence.ids("PRODUCT")) & set(when["products"]):
            return False
        return True

    def _product_name(self, run: _DocumentRun, sentence: Sentence | None = None, start: int = 0) -> str:
        """How a finding's message names its product (see :meth:`_DocumentRun.product_of`);
        the pack's generic product when the copy names none."""
        product = run.product_of(sentence, start) or self.ruleset.lexicon.generic_product
        return self.ruleset.facts.product_name(product) or product

    # -- kinds ---------------------------------------------------------------------
    def _pattern(self, rule, run):
        doc = run.doc
        for sentence in run.candidates(rule.combined):
            if not self._applies(rule, run, sentence):
                continue
            hit = None
            for m in rule.combined.finditer_sentence(run.space, sentence):
                s, e = sentence.start + m.start(), sentence.start + m.end()
                if e > s and not self._excepted(rule, run, sentence, s, e):
                    hit = (s, e, m.group())
                    break
            if hit:
                yield make_finding(doc, rule, hit[0], hit[1], _message(
                    rule, match=hit[2], product=self._product_name(run, sentence, hit[0])))

    def _claim(self, rule, run):
        facts, doc = self.ruleset.facts, run.doc
        for sentence in run.claimed.get(rule.claim["type"], ()):
            if not self._applies(rule, run, sentence):
                continue
            for claim in sentence.claims:
                if not claim_matches(claim, rule.claim, facts):
                    continue
                detail = facts.check(rule.check, claim)
                if detail is None or self._excepted(rule, run, sentence, claim.start, claim.end):
                    continue
                start, end = claim.start, claim.end
                wanted = set(claim.products) | set(claim.indications) | set(claim.routes) | \
                    set(claim.populations) | set(claim.settings)
                for ent in sentence.entities:
                    if ent.id in wanted:
                        start, end = min(start, ent.start), max(end, ent.end)
                yield make_finding(doc, rule, start, end, _message(
                    rule, match=doc.prose[start:end], detail=detail,
                    product=facts.product_name(claim.products[0] if claim.products else None)))
                break

    def _requires(self, rule, run):
        allowed = COVERAGE[rule.within]
        # Only sentences with such claims, or that the trigger pattern may match, can trigger.
        sentences = run.claimed.get(rule.trigger["claim"], []) if "claim" in rule.trigger \
            else run.candidates(rule.trigger["pattern"])
        for sentence in sentences:
            if sentence.citation in allowed or not self._applies(rule, run, sentence):
                continue
            if "claim" in rule.trigger:
                spans = [(c.start, c.end, c.cue) for c in sentence.claims
                         if c.type == rule.trigger["claim"]]
            else:
                spans = ((sentence.start + m.start(), sentence.start + m.end(), m.group())
                         for m in rule.trigger["pattern"].finditer_sentence(run.space, sentence))
            for s, e, text in spans:
                if e > s and not self._excepted(rule, run, sentence, s, e):
                    yield make_finding(run.doc, rule, s, e, _message(
                        rule, match=text, product=self._product_name(run, sentence, s)))
                    break

    def _condition(self, cond: dict, run: _DocumentRun, sentences) -> bool:
        if "any" in cond:
            return any(self._condition(c, run, sentences) for c in cond["any"])
        if "all" in cond:
            return all(self._condition(c, run, sentences) for c in cond["all"])
        hits: Iterator[object]
        if "claims" in cond:
            hits = (c for s in sentences for c in s.claims
                    if claim_matches(c, cond["claims"], self.ruleset.facts))
        elif "findings" in cond:
            # One claim found by two rules (unsupported and risk-minimising
            # "completely safe") is still one claim: count distinct spans.
            hits = iter({(f.start, f.end) for rid in cond["findings"]
                         for f in self._findings_of(self.ruleset.by_id(rid), run)})
        elif "pattern" in cond:
            hits = (m for s in sentences for m in cond["pattern"].finditer_sentence(run.space, s))
        else:
            groups = run.once(("risk-groups", id(sentences), id(cond)),
                              lambda: self.risk_groups(sentences, run, cond.get("not_in"), cond.get("not_within")))
            if "of" in cond:
                groups = groups & cond["of"]
            return len(groups) >= cond["risk_groups"]
        # Counting stops where the answer cannot change: at the minimum, or
        # one past the maximum.
        most = cond.get("max")
        if most is None:
            return sum(1 for _ in itertools.islice(hits, cond["min"])) >= cond["min"]
        return cond["min"] <= sum(1 for _ in itertools.islice(hits, most + 1)) <= most

    @staticmethod
    def risk_groups(sentences, run: _DocumentRun, not_in: TimedPattern | None = None,
                    not_within: TimedPattern | None = None) -> set[str]:
        """Risk groups a document discloses: RISK entities that are not negated,
        not in a sentence ``not_in`` matches (one that plays risks down), and
        not inside a span ``not_within`` matches (a patient's own condition, a
        use of the drug)."""
        groups = set()
        for s in sentences:
            risks = [e for e in s.entities if e.label == "RISK"]
            if not risks or not_in is not None and not_in.search_sentence(run.space, s):
                continue
            exempt = [(s.start + m.start(), s.start + m.end())
                      for m in not_within.finditer_sentence(run.space, s)] if not_within else []
            for ent in risks:
                if not s.modified("negated", ent.start, ent.end) and \
                        not any(a <= ent.start < b for a, b in exempt):
                    groups.add(ent.id)
        return groups

    def _document(self, rule, run):
        readable = [s for s in run.sentences if s.block.kind in rule.blocks]
        if not readable:
            return
        if all(self._condition(c, run, readable) for c in rule.applies_when) and \
                not any(self._condition(c, run, readable) for c in rule.satisfied_by):
            yield make_finding(run.doc, rule, 0, 0, _message(rule, product=self._product_name(run)),
                               scope="document")

    def _structure(self, rule, run):
        return _STRUCTURE_CHECKS[rule.check](rule, run.doc)

    def _findings_of(self, rule: Rule, run: _DocumentRun) -> list[Finding]:
        """The findings of ``rule`` in the run's document, worked out once
        (a document condition may ask for them, selected or not)."""
        kinds = {"pattern": self._pattern, "claim": self._claim, "requires": self._requires,
                 "document": self._document, "structure": self._structure}
        return run.once(("findings", rule.id), lambda: list(kinds[rule.kind](rule, run)))

    def run(self, doc: Document, sentences: list[Sentence], space: SearchSpace,
            rules=None) -> list[Finding]:
        """Findings of ``rules`` (default: all) in ``doc``; ``space`` is the
        sentences' search space (see ``claims.extract.build_sentences``)."""
        findings: list[Finding] = []
        run = _DocumentRun(doc, sentences, space)
        for rule in rules if rules is not None else self.ruleset.rules:
            try:
                findings.extend(self._findings_of(rule, run))
            except PatternFailure as exc:
                doc.errors.append(f"rule {rule.id} skipped: {exc.reason} "
                                  f"({rule.path}:{rule.line}: {exc.source[:60]!r})")
        findings.sort(key=lambda f: f.sort_key)
        return findings
