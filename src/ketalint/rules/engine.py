"""Evaluates a rule set on one analysed document.

Each rule kind reads the sentences (with their claims, modifiers and citation
coverage) or the document as a whole, and reports at most one finding per rule
and sentence, on the span that triggered it.
"""
from __future__ import annotations

from ..claims.model import Claim, Sentence, block_spans
from ..document import Document
from ..findings import Finding, make_finding
from ..readers.citations import has_locator
from .lexicon import PATTERN_TIMEOUT, PatternTimeout, TimedPattern
from .schema import Rule

COVERAGE = {
    "sentence": {"sentence"},
    "paragraph": {"sentence", "paragraph"},
    "lead-in": {"sentence", "paragraph", "lead-in", "next-sentence"},
}


class _Defaults(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _message(rule: Rule, **values) -> str:
    return rule.message.format_map(_Defaults({k: v for k, v in values.items() if v is not None}))


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


class Engine:
    def __init__(self, ruleset):
        self.ruleset = ruleset
        minimising = ruleset.lexicon.patterns.get("minimising")
        self.minimising = TimedPattern(minimising) if minimising else None

    # -- shared conditions --------------------------------------------------------
    def _excepted(self, rule: Rule, sentence: Sentence, start: int, end: int) -> bool:
        for item in rule.unless:
            if isinstance(item, str):
                if sentence.modified(item, start, end):
                    return True
            elif item.search(sentence.text):
                return True
        return False

    def _applies(self, rule: Rule, sentence: Sentence, doc: Document) -> bool:
        if sentence.block.kind not in rule.blocks:
            return False
        when = rule.when
        if not when:
            return True
        if "sentence" in when and not when["sentence"].search(sentence.text):
            return False
        if "block" in when and not when["block"].search(doc.prose, sentence.block.start,
                                                        sentence.block.end):
            return False
        if "document" in when and not when["document"].search(doc.prose):
            return False
        if "products" in when and not set(sentence.ids("PRODUCT")) & set(when["products"]):
            return False
        return True

    # -- kinds ---------------------------------------------------------------------
    def _pattern(self, rule, doc, sentences):
        candidates = rule.combined.spans_matching(doc.prose, block_spans(sentences))
        for sentence in sentences:
            if (sentence.block.start, sentence.block.end) not in candidates \
                    or not self._applies(rule, sentence, doc):
                continue
            hit = None
            for m in rule.combined.finditer(sentence.text):
                s, e = sentence.start + m.start(), sentence.start + m.end()
                if e > s and not self._excepted(rule, sentence, s, e):
                    hit = (s, e, m.group())
                    break
            if hit:
                yield make_finding(doc, rule, hit[0], hit[1], _message(rule, match=hit[2]))

    def _claim(self, rule, doc, sentences):
        facts = self.ruleset.facts
        for sentence in sentences:
            if not self._applies(rule, sentence, doc):
                continue
            for claim in sentence.claims:
                if not claim_matches(claim, rule.claim, facts):
                    continue
                detail = facts.check(rule.check, claim)
                if detail is None or self._excepted(rule, sentence, claim.start, claim.end):
                    continue
                start, end = claim.start, claim.end
                wanted = set(claim.products) | set(claim.indications) | set(claim.routes) | \
                    set(claim.populations) | set(claim.settings)
                for ent in sentence.entities:
                    if ent.id in wanted:
                        start, end = min(start, ent.start), max(end, ent.end)
                product = facts.products.get(claim.products[0]) if claim.products else None
                yield make_finding(doc, rule, start, end, _message(
                    rule, match=doc.prose[start:end], detail=detail,
                    product=product.name if product else None))
                break

    def _requires(self, rule, doc, sentences):
        allowed = COVERAGE[rule.within]
        for sentence in sentences:
            if not self._applies(rule, sentence, doc) or sentence.citation in allowed:
                continue
            spans = []
            if "claim" in rule.trigger:
                spans = [(c.start, c.end, c.cue) for c in sentence.claims
                         if c.type == rule.trigger["claim"]]
            else:
                spans = [(sentence.start + m.start(), sentence.start + m.end(), m.group())
                         for m in rule.trigger["pattern"].finditer(sentence.text)]
            for s, e, text in spans:
                if e > s and not self._excepted(rule, sentence, s, e):
                    yield make_finding(doc, rule, s, e, _message(rule, match=text))
                    break

    def _condition(self, cond: dict, doc: Document, sentences) -> bool:
        if "any" in cond:
            return any(self._condition(c, doc, sentences) for c in cond["any"])
        if "claims" in cond:
            count = sum(1 for s in sentences for c in s.claims
                        if claim_matches(c, cond["claims"], self.ruleset.facts))
        elif "pattern" in cond:
            count = sum(len(cond["pattern"].findall(s.text)) for s in sentences)
            return count >= cond["min"]
        else:
            return len(self.risk_groups(sentences)) >= cond["risk_groups"]
        return count >= cond["min"]

    def risk_groups(self, sentences) -> set[str]:
        """Risk groups a document discloses: RISK entities that are not negated
        and not in a sentence that plays risks down."""
        groups = set()
        for s in sentences:
            if self.minimising is not None and self.minimising.search(s.text):
                continue
            for ent in s.entities:
                if ent.label == "RISK" and not s.modified("negated", ent.start, ent.end):
                    groups.add(ent.id)
        return groups

    def _document(self, rule, doc, sentences):
        readable = [s for s in sentences if s.block.kind in rule.blocks]
        if not readable:
            return
        if all(self._condition(c, doc, readable) for c in rule.applies_when) and \
                not any(self._condition(c, doc, readable) for c in rule.satisfied_by):
            yield make_finding(doc, rule, 0, 0, _message(rule), scope="document")

    def _structure(self, rule, doc, sentences):
        if rule.check == "unresolved-marker":
            keys = {r.key for r in doc.references}
            for marker in doc.markers:
                missing = [k for k in marker.keys if k not in keys]
                if missing:
                    yield make_finding(doc, rule, marker.start, marker.end, _message(
                        rule, match=doc.prose[marker.start:marker.end], detail=", ".join(missing)))
        else:
            for ref in doc.references:
                if not has_locator(ref.text):
                    yield make_finding(doc, rule, ref.start, ref.end, _message(rule, match=ref.text))

    def run(self, doc: Document, sentences: list[Sentence], rules=None) -> list[Finding]:
        findings: list[Finding] = []
        kinds = {"pattern": self._pattern, "claim": self._claim, "requires": self._requires,
                 "document": self._document, "structure": self._structure}
        for rule in rules if rules is not None else self.ruleset.rules:
            try:
                findings.extend(kinds[rule.kind](rule, doc, sentences))
            except PatternTimeout as exc:
                doc.errors.append(f"rule {rule.id} skipped: a pattern took over "
                                  f"{PATTERN_TIMEOUT:g} s ({rule.path}:{rule.line}: {exc.source[:60]!r})")
        findings.sort(key=lambda f: f.sort_key)
        return findings
