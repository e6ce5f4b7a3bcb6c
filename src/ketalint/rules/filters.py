"""Typed filters that rules of several kinds read: which claims a rule is
about (:class:`ClaimFilter`) and where a sentence rule applies (:class:`When`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..claims import CLAIM_TYPES, MODIFIER_KINDS
from ..document import PROSE_KINDS
from ..patterns import TimedPattern
from .reading import RuleReader

if TYPE_CHECKING:  # loading a pack (rules, explain) imports no claims model
    from ..claims.model import Claim
    from .classifier import TextClassifier

STATUSES = ("approved", "restricted", "not-approved", "pending")
PRODUCT_SOURCES = ("sentence", "lead-in", "block", "reference", "document")
CLAIM_FILTER_KEYS = {"type", "status", "products", "product_source", "indication_groups",
                     "without", "with"}
WHEN_KEYS = {"sentence", "previous", "block", "document", "products", "about", "classifier", "any_page"}


@dataclass
class ClaimFilter:
    """Claims of one ``type``; every other field, when given, narrows them."""

    type: str
    status: tuple[str, ...] | None = None
    products: tuple[str, ...] | None = None
    product_source: tuple[str, ...] | None = None
    indication_groups: frozenset[str] | None = None
    #: Modifiers (or ``cited``) the claim must not have, and must have.
    without: tuple[str, ...] = ()
    with_: tuple[str, ...] = ()

    @classmethod
    def from_yaml(cls, spec, key: str, reader: RuleReader) -> ClaimFilter:
        if not isinstance(spec, dict):
            reader.fail(key, "must be a mapping of claim filters")
        for k in spec:
            if k not in CLAIM_FILTER_KEYS:
                reader.fail(key, f"unknown filter {k!r} (allowed: {', '.join(sorted(CLAIM_FILTER_KEYS))})")
        if "type" not in spec or spec["type"] not in CLAIM_TYPES:
            reader.fail(key, f"needs 'type', one of: {', '.join(CLAIM_TYPES)}")
        facts = reader.facts

        def listed(name: str, allowed) -> tuple[str, ...] | None:
            return tuple(reader.strings(spec[name], key, allowed, spec)) if name in spec else None

        status = listed("status", STATUSES)
        products = listed("products", sorted(facts.products))
        product_source = listed("product_source", PRODUCT_SOURCES)
        groups = listed("indication_groups", sorted(facts.indication_groups))
        return cls(spec["type"], status, products, product_source,
                   frozenset(groups) if groups is not None else None,
                   listed("without", MODIFIER_KINDS) or (), listed("with", MODIFIER_KINDS) or ())

    def matches(self, claim: Claim, facts) -> bool:
        if claim.type != self.type:
            return False
        if self.status is not None and claim.status not in self.status:
            return False
        if self.products is not None and (not claim.products or claim.products[0] not in self.products):
            return False
        if self.product_source is not None and claim.product_source not in self.product_source:
            return False
        if self.indication_groups is not None and not any(
                facts.group_of(i) & self.indication_groups for i in claim.indications):
            return False
        for kind in self.without:
            if (claim.cited is not None) if kind == "cited" else kind in claim.modifiers:
                return False
        for kind in self.with_:
            if (claim.cited is None) if kind == "cited" else kind not in claim.modifiers:
                return False
        return True


@dataclass
class When:
    """Where a sentence rule applies: each pattern given must match in the
    sentence, the sentence before it (``previous``: the question a bare "Yes."
    answers), its block and the document; ``products``, if given, holds a
    product the sentence names; ``about`` one it names or, naming none, one its
    claims are about (from a list's lead-in, the block or the page) or, for a
    sentence that makes no claim, one its context names (the same places);
    ``classifier`` names a pack classifier that must not answer no for the
    page (copy too short for it to judge passes), except in the block kinds
    listed in ``any_page`` (a headline states its claim on any page)."""

    sentence: TimedPattern | None = None
    previous: TimedPattern | None = None
    block: TimedPattern | None = None
    document: TimedPattern | None = None
    products: frozenset[str] | None = None
    about: frozenset[str] | None = None
    classifier: TextClassifier | None = None
    any_page: frozenset[str] = frozenset()

    @classmethod
    def from_yaml(cls, when, reader: RuleReader) -> When:
        if not isinstance(when, dict) or set(when) - WHEN_KEYS:
            reader.fail("when", f"allowed keys: {', '.join(sorted(WHEN_KEYS))}")
        patterns = {key: reader.regex(when[key], f"when.{key}", when)
                    for key in ("sentence", "previous", "block", "document") if key in when}
        products, about = (frozenset(reader.strings(when[key], f"when.{key}", sorted(reader.facts.products),
                                                     when)) if key in when else None
                           for key in ("products", "about"))
        classifier = reader.classifier(when["classifier"], "when.classifier", when) if "classifier" in when else None
        any_page = frozenset(reader.strings(when["any_page"], "when.any_page", sorted(PROSE_KINDS), when)) \
            if "any_page" in when else frozenset()
        return cls(**patterns, products=products, about=about, classifier=classifier, any_page=any_page)
