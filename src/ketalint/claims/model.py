"""What the rules reason about: sentences, entities and typed claims.

All offsets are document (source) offsets of the prose view.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..nlp.modifier import Modifier
from ..prefilter import SearchSpace

if TYPE_CHECKING:
    from ..document import Block, Document

#: Words before a treatment's name that make it what a claim is compared with or
#: listed among, not its subject: "unlike ECT, it ...", "faster than TMS".
_NOT_SUBJECT = re.compile(r"\b(?:unlike|than|to|with|versus|vs|over|from|including|like|and|or|of|after|before|"
                          r"besides|alongside|instead)\W+(?:[\w-]+\W+){0,2}$", re.I)


@dataclass(slots=True)  # not frozen: a frozen dataclass takes four times as long to make
class Entity:
    label: str
    id: str
    start: int
    end: int
    text: str


@dataclass
class Sentence:
    start: int
    end: int
    text: str  # the prose view of the sentence
    block_index: int
    block: Block
    entities: list[Entity] = field(default_factory=list)
    modifiers: list[Modifier] = field(default_factory=list)
    citation: str | None = None  # sentence | paragraph | lead-in | next-sentence
    claims: list["Claim"] = field(default_factory=list)
    #: The sentence is inside a quotation opened earlier in its block or at its
    #: start and closed after it: a speaker's words ("... she said. "We urgently
    #: need new treatments."), not the page's.
    quoted: bool = False
    #: ... and its block names the speaker ("she said"): reported speech, the
    #: modifier kind ``quoted`` (it clears an unsupported claim, not a risk or FDA fact).
    reported: bool = False
    #: For a sentence that names no product, the products its context names:
    #: its list's lead-in ("**Spravato at a glance**" over "- A nasal spray for
    #: adults with TRD"), the sentences before it in its block, or the page's.
    context_products: list[str] = field(default_factory=list)

    def modified(self, kind: str, start: int, end: int) -> bool:
        """Is the span [start, end) under a modifier of ``kind``?

        ``kind`` is a modifier name from ``modifiers.yaml`` ("negated", ...),
        "cited" for citation coverage of the sentence, "cited-in-sentence"
        for a source in the sentence itself, "quoted" for reported speech, or
        "other-treatment" for a claim about another treatment."""
        return kind in self.modifier_kinds(start, end)

    def modifier_kinds(self, start: int, end: int) -> set[str]:
        """The kinds of modifier the span [start, end) is under (see :meth:`modified`)."""
        # A restriction or attribution may be worded into the claim itself
        # ("approved as", "trials showed results"); a negation may not ("not addictive").
        kinds = {m.kind for m in self.modifiers
                 if m.covers(start, end, overlap_ok=m.kind in ("restricted", "attributed", "evidence-appeal"))}
        if self.reported:
            kinds.add("quoted")
        if self.citation is not None:
            kinds.add("cited")
            if self.citation == "sentence":
                kinds.add("cited-in-sentence")
        if self.about_other_treatment(start):
            kinds.add("other-treatment")
        return kinds

    def about_other_treatment(self, start: int) -> bool:
        """Is a claim at ``start`` about another treatment: the sentence names
        no product, and a treatment named before ``start`` is its subject ("TMS
        works gradually but with fewer side effects"), not a comparison ("unlike
        ECT, it works within hours")?"""
        if any(e.label == "PRODUCT" for e in self.entities):
            return False
        return any(e.label == "TREATMENT" and e.end <= start
                   and not _NOT_SUBJECT.search(self.text[:e.start - self.start])
                   for e in self.entities)

    def ids(self, label: str) -> list[str]:
        return [e.id for e in self.entities if e.label == label]


@dataclass
class Claim:
    """One typed claim in a sentence.

    For regulatory claims ``status`` is ``approved``, ``restricted`` ("only
    approved as an anesthetic"), ``not-approved`` (negated, "off-label",
    "unapproved") or ``pending`` (an approval to come: "if approved", "seeking
    approval"). ``products`` lists the product ids the claim is about, and
    ``product_source`` says where they were found: ``sentence``, ``lead-in``,
    ``block``, ``reference`` (the sentence refers to the page's product: "it",
    "our infusions") or ``document``.
    """

    type: str
    start: int
    end: int
    sentence: Sentence
    cue: str
    status: str | None = None
    products: list[str] = field(default_factory=list)
    product_source: str | None = None
    indications: list[str] = field(default_factory=list)
    indication_source: str | None = None
    #: Indications of the surrounding block or section, for claims that name none.
    context_indications: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    populations: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    modifiers: set[str] = field(default_factory=set)
    #: Its conditions are listed side by side ("MDD and TRD"): a generic one is
    #: then a claim of its own, not narrowed by the specific one.
    listed: bool = False

    @property
    def cited(self) -> str | None:
        return self.sentence.citation


def main_product(sentences: list[Sentence]) -> str | None:
    """The product a document is about: the one its sentences name most often."""
    counts = Counter(e.id for s in sentences for e in s.entities if e.label == "PRODUCT")
    return counts.most_common(1)[0][0] if counts else None


def sentence_space(doc: Document, sentences: list[Sentence]) -> SearchSpace:
    """The prose of ``doc`` with ``sentences`` as the spans literal prefilters
    pick from (see :mod:`ketalint.prefilter`)."""
    return SearchSpace(doc.prose, [(s.start, s.end) for s in sentences])
