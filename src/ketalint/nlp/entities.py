"""Entities: the pack's phrases for products, routes, indications, populations,
settings, regulators, institutions and risks, matched on lower-cased tokens.

A ``PhraseMatcher`` finds every phrase; where matches overlap the longest wins,
then the earliest (the rule spaCy's entity ruler applies). A run of spaces or a
line break inside a block (pretty-printed HTML, a word whose inline markup was
dropped and padded) makes a whitespace token of its own, which would split a
phrase ("side<2 spaces>effects"): the phrases are looked for again in the
block's words without those tokens. The result is
``doc._.entities``: ``(label, id, start_char, end_char)`` tuples in text order.
Unlike the entity ruler this makes no ``Span`` objects and leaves ``doc.ents``
alone; building those cost more than the matching.
"""
from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

if not Doc.has_extension("entities"):
    Doc.set_extension("entities", default=None)


def phrase_variants(phrase: str) -> set[str]:
    """A phrase as written, and with hyphens as spaces ("treatment resistant")."""
    return {phrase, phrase.replace("-", " ")}


@Language.factory("ketalint_entities", default_config={"entities": {}})
def make_entity_matcher(nlp: Language, name: str, entities: dict):
    return EntityMatcher(nlp, entities)


class EntityMatcher:
    def __init__(self, nlp: Language, entities: dict):
        """``entities``: ``{LABEL: {id: [phrase, ...]}}`` from ``lexicon.yaml``."""
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.keys: dict[int, tuple[str, str]] = {}
        for label, groups in entities.items():
            for ent_id, phrases in groups.items():
                key = nlp.vocab.strings.add(f"{label}\t{ent_id}")
                self.keys[key] = (label, ent_id)
                variants = sorted({v for p in phrases for v in phrase_variants(p)})
                self.matcher.add(f"{label}\t{ent_id}", [nlp.make_doc(v) for v in variants])

    def __call__(self, doc: Doc) -> Doc:
        found_matches = set(self.matcher(doc))
        inner = _inner_whitespace(doc)
        if inner:
            kept = [i for i in range(len(doc)) if i not in inner]
            words = Doc(doc.vocab, words=[doc[i].text for i in kept])
            found_matches.update((key, kept[start], kept[end - 1] + 1) for key, start, end in self.matcher(words))
        matches = sorted(found_matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
        taken: set[int] = set()
        found = []
        for key, start, end in matches:
            if start in taken or end - 1 in taken:
                continue
            taken.update(range(start, end))
            found.append((start, end, key))
        found.sort()
        entities = []
        if found:
            arrays = doc.to_array(["IDX", "LENGTH"])
            idx, length = arrays[:, 0].tolist(), arrays[:, 1].tolist()
            entities = [(*self.keys[key], idx[start], idx[end - 1] + length[end - 1])
                        for start, end, key in found]
        doc._.entities = entities
        return doc


def _inner_whitespace(doc: Doc) -> set[int]:
    """Indexes of the whitespace tokens that sit inside a block of ``doc``
    (between two of its words), not between blocks."""
    spaces = numpy.flatnonzero(doc.to_array("IS_SPACE")).tolist()
    if not spaces:
        return set()
    bounds = sorted(doc._.block_bounds or [(0, len(doc._.prose or doc.text))])
    starts = [start for start, _ in bounds]
    inner = set()
    for i in spaces:
        token = doc[i]
        k = bisect_right(starts, token.idx) - 1
        if 0 < i < len(doc) - 1 and k >= 0 and bounds[k][0] < token.idx and token.idx + len(token) < bounds[k][1]:
            inner.add(i)
    return inner
