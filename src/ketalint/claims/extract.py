"""From a read Document and its spaCy Docs to sentences with typed claims.

For every sentence this module records its entities, its context modifiers and
its citation coverage (a marker or source link in the sentence, else in its
paragraph, else in the lead-in of its list), then finds claims by the cue
patterns of the lexicon's ``claims`` section.

A claim's subject is resolved from the nearest place that names one: the
sentence's own clause (a specific product such as esketamine wins over the
"ketamine" in "a form of ketamine called esketamine"), then the sentence, the
list lead-in, the earlier sentences of the block, and finally the product the
document is about. Anaphoric "these conditions" takes the indications of the
block or list just before.
"""
from __future__ import annotations

import bisect
import dataclasses
import itertools

import regex

from ..document import Document
from ..nlp.modifier import Modifier
from ..prefilter import SearchSpace
from . import MODIFIER_KINDS
from .model import Claim, Entity, Sentence, main_product, sentence_space


#: The opening of a clause that restates the one before: ", which is approved ...".
_RESTATING = regex.compile(r"\W*(?:which|that|i\.e\.|meaning|namely)\b", regex.I)
#: What joins two conditions listed side by side: "MDD and TRD", "MDD (major
#: depression) as well as TRD", "depression, anxiety".
_LISTED = regex.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*|\s+)(?:and|or|as\s+well\s+as|plus|&)?\s*(?:for\s+)?")
_SYMPTOM_STATE = regex.compile(r"(?:acute|active|suicidal)\b", regex.I)
#: The modifiers a lead-in passes to the items of its list.
_CARRIED_KINDS = ("hedged", "attributed", "evidence-appeal")
#: How near the lead-in's colon (in characters) a cue must end to be carried.
_CARRIED_WITHIN = 30
#: What opens a condition's restatement in brackets: "depression (MDD)".
_BRACKETED = regex.compile(r"\s*\(\s*")
#: The form a reference names ("the nasal spray"): forms that tell the products
#: apart, unlike "the infusion" or "the treatment", which any of them may be.
_FORM_WORD = regex.compile(r"\b(spray|lozenge|troche)s?\b", regex.I)


def _is_source_link(url: str) -> bool:
    u = url.lower()
    return u.startswith(("http://", "https://", "www.", "doi:", "//")) or "doi.org" in u


def citation_points(doc: Document) -> list[int]:
    points = [m.start for m in doc.markers]
    points += [link.start for link in doc.links if _is_source_link(link.url)]
    return sorted(points)


def _any_between(points: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(points, start)
    return i < len(points) and points[i] < end


def build_sentences(doc: Document, spacy_docs, chunks, named_source=None, speaker_tag=None,
                    offers_treatment=None):
    """Sentences of the prose blocks in ``chunks`` (see :mod:`ketalint.nlp.chunks`),
    analysed as ``spacy_docs``, each with entities, modifiers and citation
    coverage, and their :func:`sentence_space`. A sentence that names its
    specific source in words (``named_source``: "reported in JAMA Psychiatry",
    "said in its announcement") is covered as if it had a marker; one inside a
    quotation in a block with a reporting verb (``speaker_tag``) is reported,
    unless the page offers treatment outside its quotations (``offers_treatment``)."""
    points = citation_points(doc)
    sentences: list[Sentence] = []
    # The context component's search spaces hold each chunk's word index:
    # (space, the index in ``sentences`` of each of its spans).
    earlier_spaces: list[tuple[SearchSpace, list[int | None]]] = []
    mapped = 0  # sentences whose span in an earlier space is known
    for chunk, sdoc in zip(chunks, spacy_docs):
        base = chunk.start
        chunk_space = sdoc._.search_space
        if chunk_space is not None:
            span_index = {span: k for k, span in enumerate(chunk_space.spans)}
            earlier_spaces.append((chunk_space, [None] * len(chunk_space.spans)))
        entities = [Entity(label, ent_id, base + start, base + end, doc.prose[base + start:base + end])
                    for label, ent_id, start, end in sdoc._.entities]
        entity_starts = [x.start for x in entities]
        modifiers = sorted((m.shifted(base) for m in (sdoc._.modifiers or [])),
                           key=lambda m: m.scope_start)
        modifier_starts = [m.scope_start for m in modifiers]
        bounds = iter(sdoc._.sent_bounds)
        for index, block in chunk.blocks:
            quotes = _Quotations(doc.prose, block.start, block.end, speaker_tag)
            if _any_between(points, block.start, block.end):
                block_cited = "paragraph"
            elif block.lead_in is not None and _any_between(
                    points, doc.blocks[block.lead_in].start, doc.blocks[block.lead_in].end):
                block_cited = "lead-in"
            else:
                block_cited = None
            for start_char, end_char in bounds:
                s, e = base + start_char, base + end_char
                full_end = e
                text = doc.prose[s:e]
                stripped = text.rstrip()
                e -= len(text) - len(stripped)
                if stripped.strip():
                    if chunk_space is not None and (start_char, end_char) in span_index:
                        earlier_spaces[-1][1][span_index[start_char, end_char]] = len(sentences)
                        mapped += 1
                    lo_e, hi_e = bisect.bisect_left(entity_starts, s), bisect.bisect_left(entity_starts, e)
                    lo_m, hi_m = bisect.bisect_left(modifier_starts, s), \
                        bisect.bisect_left(modifier_starts, full_end)
                    quoted = quotes.inside(s, e)
                    sentences.append(Sentence(
                        s, e, doc.prose[s:e], index, block, entities[lo_e:hi_e], modifiers[lo_m:hi_m],
                        "sentence" if _any_between(points, s, e) else block_cited,
                        quoted=quoted, reported=quoted and quotes.tagged))
                if full_end >= block.end:
                    break
    space = sentence_space(doc, sentences)
    if mapped == len(sentences):  # every sentence's words are indexed already
        space.adopt_words(earlier_spaces)
    if named_source is not None:
        named = [named_source.search_sentence(space, s) is not None for s in sentences]
        for sentence, names in zip(sentences, named):
            if names:
                sentence.citation = "sentence"
        # A claim whose source the very next sentence names in words is covered
        # too ("A new analysis found ... The authors, writing in JAMA, reported").
        for current, following, names in zip(sentences, sentences[1:], named[1:]):
            if current.citation is None and names and \
                    current.block.kind == following.block.kind == "paragraph":
                current.citation = "next-sentence"
    # A page that offers treatment quotes its own staff: its quotations are its
    # own claims, not a report of others' (convention 8).
    if offers_treatment is not None and any(s.reported for s in sentences) and any(
            offers_treatment.search_sentence(space, s) for s in sentences if not s.quoted):
        for sentence in sentences:
            sentence.reported = False
    return sentences, space


class _Quotations:
    """Which sentences of a block are inside a quotation: one opened before
    them in the block, or at their start, and closed after them (a quote mark
    that is never closed, a stray one or an inch mark, opens nothing). Asked in
    text order, each character is counted once."""

    def __init__(self, prose: str, start: int, end: int, speaker_tag=None):
        self.prose, self.pos = prose, start
        self.marks = 0  # quote marks from the block's start to ``pos``
        self.last_mark = prose.rfind('"', start, end)
        #: The block says who speaks (``speaker_tag``, the lexicon's reporting
        #: verbs: "..., she said"), as a news report does. An interview's answer
        #: in quotes names no speaker: the seller's own voice.
        self.tagged = self.last_mark >= 0 and speaker_tag is not None and \
            speaker_tag.search(prose, start, end) is not None

    def inside(self, start: int, end: int) -> bool:
        """Does the sentence [start, end) begin inside a quotation, or open
        one that runs past its end ('"The drug works. We see it daily," he said')?"""
        self.marks += self.prose.count('"', self.pos, start)
        self.pos = start
        if self.marks % 2 == 1:
            return self.last_mark >= start
        return self.prose.startswith('"', start) and self.last_mark >= end and \
            self.prose.count('"', start, end) % 2 == 1


class ClaimExtractor:
    """Finds typed claims with the compiled lexicon of a rule pack."""

    def __init__(self, lexicon):
        self.lex = lexicon
        self.indication_ids = set((lexicon.data.get("entities") or {}).get("INDICATION") or ())

    def extract(self, doc: Document, sentences: list[Sentence], space) -> None:
        """Adds its claims to every sentence; ``space`` is the sentences'
        :func:`sentence_space`."""
        _DocumentClaims(self, doc, sentences, space).extract()


class _DocumentClaims:
    """Finding the claims of one document: what is worked out once per
    document or per sentence lives here, for one call of
    :meth:`ClaimExtractor.extract` (sentences are keyed by their start)."""

    def __init__(self, extractor: ClaimExtractor, doc: Document, sentences: list[Sentence], space):
        self.lex, self.indication_ids = extractor.lex, extractor.indication_ids
        self.doc, self.sentences, self.space = doc, sentences, space
        self.by_block: dict[int, list[Sentence]] = {}
        self.page_product: str | None = None  # see model.main_product
        self.position: dict[int, int] = {}  # sentence start -> index within its block
        self.clause_cuts: dict[int, list[int]] = {}  # sentence start -> offsets where clauses start
        self.sentence_qualifiers: dict[int, list[tuple[str, int]]] = {}  # sentence start -> see _qualifiers
        self.sentence_status_cues: dict[int, list[tuple[int, bool]]] = {}  # sentence start -> see _status_cues
        #: (sentence, form, offset) of each form named in a sentence that names a product (see _product_of_form)
        self.forms_named: list[tuple[Sentence, str, int]] | None = None
        self.products_around: dict[int, tuple[list[str], str | None]] = {}  # sentence start -> see _products_around

    def extract(self) -> None:
        lex, sentences, space, by_block = self.lex, self.sentences, self.space, self.by_block
        for s in sentences:
            group = by_block.setdefault(s.block_index, [])
            self.position[s.start] = len(group)
            group.append(s)
        self.page_product = main_product(sentences)
        for s in sentences:
            self._carry_lead_in_modifiers(s)
            self._context_products(s)
        # The conditions a document is about: those it names at least twice.
        # Conditions named where approval is denied ("not approved for PTSD")
        # are not what the page claims approval for.
        claimed = {s.start: [e.id for e in s.entities if e.label == "INDICATION" and not self._denied(s, e.start)]
                   for s in sentences}
        self.block_indications = {
            index: list(dict.fromkeys(i for s in group for i in claimed[s.start]))
            for index, group in by_block.items()}
        # ... and of each section (the blocks under one heading).
        self.section_indications: dict[int, list[str]] = {}
        for s in sentences:
            self.section_indications.setdefault(s.block.section, []).extend(
                i for i in claimed[s.start] if i not in self.section_indications.get(s.block.section, ()))

        # Per sentence, the claim types whose cues it may hold (prefilter
        # candidates), in the lexicon's order.
        cue_types: dict[tuple[int, int], list] = {}
        for ctype, pattern in lex.claim_cues.items():
            for span in pattern.candidates(space):
                cue_types.setdefault(span, []).append((ctype, pattern))
        for sentence in sentences:
            for ctype, pattern in cue_types.get((sentence.start, sentence.end), ()):
                matches = pattern.finditer_sentence(space, sentence)
                if ctype != "regulatory":  # each status cue is a claim; other types one per sentence
                    matches = itertools.islice(matches, 1)
                for m in matches:
                    start, end = sentence.start + m.start(), sentence.start + m.end()
                    claim = Claim(ctype, start, end, sentence, m.group())
                    claim.modifiers = sentence.modifier_kinds(start, end).intersection(MODIFIER_KINDS)
                    self._fill(claim, sentence)
                    sentence.claims.append(claim)
        for sentence in sentences:
            self._inherit_from_lead_in(sentence)
            self._inherit_approval_from_lead_in(sentence)

    def _carry_lead_in_modifiers(self, sentence: Sentence) -> None:
        """A list item finishes its lead-in's sentence ("Research suggests
        ketamine helps:" / "- Reset stress pathways"), so a hedge, attribution
        or appeal to evidence whose scope runs to the lead-in's colon covers
        the whole item too."""
        lead_in = sentence.block.lead_in
        if lead_in is None or sentence.block.kind != "list-item" or self.position[sentence.start]:
            return
        lead = self.by_block.get(lead_in)
        if not lead or not lead[-1].text.rstrip().endswith(":"):
            return
        last = lead[-1]
        colon = last.start + len(last.text.rstrip()) - 1
        for m in last.modifiers:
            # The cue must lead into the list ("Research suggests ketamine
            # helps:"), not sit earlier in the lead-in ("myths you may have
            # heard, with the facts behind them:").
            if m.kind in _CARRIED_KINDS and m.scope_end >= colon - 1 and colon - m.cue_end <= _CARRIED_WITHIN:
                sentence.modifiers.append(Modifier(m.kind, sentence.start, sentence.start,
                                                   sentence.start, sentence.end))

    def _inherit_from_lead_in(self, sentence: Sentence) -> None:
        """A list item that only names conditions ("- Generalized anxiety
        disorder") under a lead-in that claims a benefit ("Ketamine can treat:")
        makes that claim about them, as hedged or attributed as the lead-in."""
        lead_in = sentence.block.lead_in
        if lead_in is None or sentence.block.kind != "list-item" or \
                any(c.type == "efficacy" for c in sentence.claims):
            return
        conditions = [e for e in sentence.entities if e.label == "INDICATION"]
        benefit = next((c for s in self.by_block.get(lead_in, ()) for c in s.claims if c.type == "efficacy"), None)
        if not conditions or benefit is None:
            return
        first = conditions[0]
        claim = Claim("efficacy", first.start, first.end, sentence, first.text)
        claim.modifiers = (benefit.modifiers | sentence.modifier_kinds(first.start, first.end)) \
            .intersection(MODIFIER_KINDS)
        self._fill(claim, sentence)
        sentence.claims.append(claim)

    def _inherit_approval_from_lead_in(self, sentence: Sentence) -> None:
        """A list item that names conditions under a lead-in that ends on an
        approval naming none ("Spravato is approved for:" / "- anxiety") is an
        approval for them, of the lead-in's product and status."""
        lead_in = sentence.block.lead_in
        # The item's first sentence names the use; what follows explains it
        # ("**TRD:** adults who have not responded to two antidepressants.").
        if lead_in is None or sentence.block.kind != "list-item" or self.position[sentence.start] or \
                any(c.type == "regulatory" for c in sentence.claims):
            return
        lead = self.by_block.get(lead_in)
        if not lead or not lead[-1].text.rstrip().endswith(":"):
            return
        last = lead[-1]
        approval = next((c for c in last.claims if c.type == "regulatory" and not c.indications
                         and c.status in ("approved", "restricted")), None)
        conditions = [e for e in sentence.entities if e.label == "INDICATION"]
        if approval is None or not conditions:
            return
        # The product must be named in the approval's own clause: in "It comes
        # from ketamine but is FDA-approved for:" the approval is not ketamine's.
        c_start, c_end = self._clause(last, approval.start)
        if not any(e.label == "PRODUCT" and c_start <= e.start < c_end for e in last.entities):
            return
        first = conditions[0]
        # The lead-in's date is the approval's, not each use's.
        claim = dataclasses.replace(
            approval, start=first.start, end=first.end, sentence=sentence, cue=first.text,
            product_source="lead-in", indications=self._indications(sentence, sentence.start, sentence.end),
            indication_source="sentence", context_indications=[], years=[],
            modifiers=approval.modifiers | sentence.modifier_kinds(first.start, first.end).intersection(MODIFIER_KINDS))
        sentence.claims.append(claim)

    # -- helpers -----------------------------------------------------------------
    def _clause(self, sentence: Sentence, offset: int) -> tuple[int, int]:
        cuts = self.clause_cuts.get(sentence.start)
        if cuts is None:  # worked out once per sentence, however many status cues it has
            cuts = self.clause_cuts[sentence.start] = [sentence.start] + [
                sentence.start + m.start()
                for m in self.lex.clause_breaks.finditer_sentence(self.space, sentence)] + [sentence.end]
        i = bisect.bisect_right(cuts, offset) - 1
        return cuts[max(i, 0)], cuts[min(i + 1, len(cuts) - 1)]

    def _denied(self, sentence: Sentence, offset: int) -> bool:
        """Is ``offset`` in a clause of ``sentence`` that denies approval?"""
        cues = self._status_cues(sentence)
        return any(negative and a <= offset < b
                   for c, negative in cues for a, b in [self._clause(sentence, c)])

    def _status_cues(self, sentence: Sentence) -> list[tuple[int, bool]]:
        """``(offset, negative)`` of each regulatory cue of ``sentence``, where
        ``negative`` says it denies approval ("not approved", "off-label",
        "approval does not extend to ..."); found once per sentence."""
        found = self.sentence_status_cues.get(sentence.start)
        if found is None:
            matches = list(self.lex.claim_cues["regulatory"].finditer_sentence(self.space, sentence))
            found = []
            for k, m in enumerate(matches):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                clause_end = self._clause(sentence, start)[1]
                until = min(clause_end, sentence.start + matches[k + 1].start()) if k + 1 < len(matches) \
                    else clause_end
                found.append((start, self._cue_status(m.group()) is not None or
                              sentence.modified("negated", start, end) or
                              self._denied_after_cue(sentence, end, until)))
            self.sentence_status_cues[sentence.start] = found
        return found

    def _cue_status(self, cue: str) -> str | None:
        """The status a regulatory cue states in its own words: ``pending`` ("if
        approved"), ``not-approved`` ("off-label", "unapproved"), else None.
        Either one closes the cue's clause to approval."""
        pending = self.lex.pending_status
        if pending is not None and pending.search(cue):
            return "pending"
        return "not-approved" if self.lex.negative_status.search(cue) else None

    def _products_in(self, sentence: Sentence, start: int, end: int, anchor: int) -> list[str]:
        found = [e for e in sentence.entities if e.label == "PRODUCT" and start <= e.start < end]
        generic = self.lex.generic_product
        specific = [e for e in found if e.id != generic]
        if specific:
            return [min(specific, key=lambda e: abs(e.start - anchor)).id]
        vague = self.lex.vague_product
        if vague and vague[0].search_sentence(self.space, sentence, start - sentence.start,
                                              end - sentence.start):
            return [vague[1]]
        if found:
            return [generic]
        # Only another treatment named: "the FDA approved TMS in 2008" is TMS's
        # approval, not the page's product's. Where ketamine is named too
        # ("ketamine and TMS: FDA-approved treatments") the claim is ketamine's.
        others = [e for e in sentence.entities if e.label == "TREATMENT" and start <= e.start < end]
        return [min(others, key=lambda e: abs(e.start - anchor)).id] if others else []

    def _product_of_form(self, sentence: Sentence, words: str) -> list[str]:
        """The product a reference by form ("the nasal spray", "the lozenges")
        refers to: the one named nearest that form in the latest sentence of
        the page, before this one, that names both ("The Commission approved a
        nasal spray containing esketamine. ... The FDA granted the nasal spray
        a marketing authorisation"). Empty when no earlier sentence does."""
        form = _FORM_WORD.search(words)
        if form is None:
            return []
        if self.forms_named is None:  # worked out once, on the first reference by form
            self.forms_named = [(s, m.group(1).lower(), s.start + m.start()) for s in self.sentences
                                if any(e.label == "PRODUCT" for e in s.entities)
                                for m in _FORM_WORD.finditer(s.text)]
        root = form.group(1).lower()
        for earlier, named, at in reversed(self.forms_named):
            if earlier.end <= sentence.start and named == root:
                return self._products_in(earlier, earlier.start, earlier.end, at)
        return []

    def _indications(self, sentence: Sentence, start: int, end: int) -> list[str]:
        ids = [e.id for e in sentence.entities if e.label == "INDICATION" and start <= e.start < end]
        ids += [ind for ind, pattern in self.lex.paraphrases.items()
                if pattern.search_sentence(self.space, sentence, start - sentence.start, end - sentence.start)]
        # A qualifier in another clause with a status cue of its own belongs to
        # that cue ("approved for TRD in 2019, and it later extended the
        # approval to adults with acute suicidal ideation").
        # A relative clause restates the approval it follows ("approved for
        # depression, which is approved for TRD"), so its qualifiers stay shared.
        own = self._clause(sentence, start)
        cued = {clause for c, _ in self._status_cues(sentence) for clause in [self._clause(sentence, c)]
                if clause != own and not _RESTATING.match(sentence.text, clause[0] - sentence.start)}
        qualifiers = [q for q, at in self._qualifiers(sentence)
                      if self._clause(sentence, at) not in cued]
        # A qualifier narrows a named condition it can narrow ("approved as an
        # anesthetic ... when other treatments failed" names no TRD); one that
        # is a condition itself ("approved as an antidepressant") names it.
        narrows = self.lex.narrows
        ids += [q for q in qualifiers if q not in narrows or narrows[q] & set(ids)] if ids \
            else [q for q in qualifiers if q in self.indication_ids]
        return list(dict.fromkeys(ids))

    def _only_describes_generic(self, sentence: Sentence, start: int, end: int) -> bool:
        """Is every mention of the generic product's use between ``start`` and
        ``end`` a word that describes that product ("Spravato, a nasal spray
        related to the anesthetic ketamine"), naming no use of the claim's?"""
        use, describing = self.lex.generic_use  # the caller has checked there is one
        mentions = [(e.start - sentence.start, e.end - sentence.start) for e in sentence.entities
                    if e.label == "INDICATION" and e.id == use and start <= e.start < end]
        if not mentions:
            return False
        words = {m.span() for m in describing.finditer_sentence(self.space, sentence)}
        return all(span in words for span in mentions)

    def _qualifiers(self, sentence: Sentence) -> list[tuple[str, int]]:
        """Qualifiers (paraphrased or named: "treatment-resistant depression")
        with their offsets. They are specific enough to read anywhere in the
        sentence ("approved for depression, which means treatment-resistant
        depression"), except in a clause that denies approval ("approved as an
        anesthetic; not approved for treatment-resistant depression"): found
        once per sentence."""
        found = self.sentence_qualifiers.get(sentence.start)
        if found is None:
            found = self.sentence_qualifiers[sentence.start] = [
                (ind, sentence.start + m.start()) for ind, pattern in self.lex.qualifiers.items()
                for m in pattern.finditer_sentence(self.space, sentence)
                if not self._denied(sentence, sentence.start + m.start())] + [
                (e.id, e.start) for e in sentence.entities if e.label == "INDICATION"
                and e.id in self.lex.qualifiers and not self._denied(sentence, e.start)]
        return found

    @staticmethod
    def _denied_after_cue(sentence: Sentence, cue_end: int, end: int) -> bool:
        """Is a negation between a status cue (ending at ``cue_end``) and the
        conditions it names before ``end``, with the conditions in its scope
        ("approval does not extend to psychiatric conditions")?"""
        conditions = [e for e in sentence.entities if e.label == "INDICATION" and cue_end <= e.start < end]
        return any(m.kind == "negated" and cue_end <= m.cue_start < end and
                   any(m.covers(e.start, e.end) for e in conditions) for m in sentence.modifiers)

    def _listed_together(self, sentence: Sentence, start: int, end: int) -> bool:
        """Are a condition and a narrower one listed side by side ("MDD and
        TRD", "MDD as well as TRD"), so that neither qualifies the other?"""
        found = sorted((e for e in sentence.entities if e.label == "INDICATION" and start <= e.start < end),
                       key=lambda e: e.start)
        # A condition's abbreviation in brackets restates it ("treatment-resistant
        # depression (TRD) and MDD"): the join is read past the brackets.
        conditions = [e for i, e in enumerate(found)
                      if not (i and _BRACKETED.fullmatch(sentence.text, found[i - 1].end - sentence.start,
                                                         e.start - sentence.start))]
        # "MDD and acute suicidal ideation" is one indication, not two; nor is
        # a condition listed second that carries its own qualifier ("TRD and
        # MDD with suicidal thoughts").
        return any((a.id in self.lex.qualifiers or b.id in self.lex.qualifiers) and
                   not _SYMPTOM_STATE.match(b.text) and
                   not self._qualified_itself(sentence, b) and
                   _LISTED.fullmatch(sentence.text, a.end - sentence.start, b.start - sentence.start)
                   for a, b in zip(conditions, conditions[1:]))

    def _qualified_itself(self, sentence: Sentence, condition: Entity) -> bool:
        """Does another qualifier start inside ``condition`` ("major depressive
        disorder with suicidal thoughts")?"""
        at = condition.start - sentence.start
        return any(m is not None and m.start() < condition.end - sentence.start
                   for qualifier, pattern in self.lex.qualifiers.items() if qualifier != condition.id
                   for m in [pattern.search_sentence(self.space, sentence, at)])

    def _earlier(self, sentence: Sentence) -> list[Sentence]:
        """The sentences before ``sentence`` in its block (at most 20: context
        further back does not carry over, and long blocks stay linear)."""
        i = self.position[sentence.start]
        return self.by_block[sentence.block_index][max(0, i - 20):i]

    def _previous_indications(self, sentence: Sentence) -> list[str]:
        """Indications of the block (or whole list) just before this sentence."""
        doc, by_block = self.doc, self.by_block
        earlier = self._earlier(sentence)
        if earlier:
            return [e.id for e in earlier[-1].entities if e.label == "INDICATION"]
        prev = sentence.block_index - 1
        while prev >= 0 and prev not in by_block:
            prev -= 1
        if prev < 0:
            return []
        block = doc.blocks[prev]
        if block.list_id is not None:
            indices = [i for i in by_block if doc.blocks[i].list_id == block.list_id]
        else:
            indices = [prev]
        return [e.id for i in indices for s in by_block[i] for e in s.entities
                if e.label == "INDICATION"]

    def _products_around(self, sentence: Sentence) -> tuple[list[str], str | None]:
        """The products named nearest before ``sentence``: in its list's
        lead-in (source ``lead-in``), else in the sentences before it in its
        block (``block``); ``([], None)`` if neither names one. Worked out once
        per sentence: the sentence's context and each of its claims read it."""
        found = self.products_around.get(sentence.start)
        if found is None:
            found = self.products_around[sentence.start] = self._find_products_around(sentence)
        return found

    def _find_products_around(self, sentence: Sentence) -> tuple[list[str], str | None]:
        if sentence.block.lead_in is not None:
            for s in reversed(self.by_block.get(sentence.block.lead_in, [])):
                products = self._products_in(s, s.start, s.end, s.end)
                if products:
                    return products, "lead-in"
        for s in reversed(self._earlier(sentence)):
            products = self._products_in(s, s.start, s.end, s.end)
            if products:
                return products, "block"
        return [], None

    def _context_products(self, sentence: Sentence) -> None:
        """Records, on a sentence that names no product, the products its
        context names: those around it (see :meth:`_products_around`), else
        the page's product, as a claim's products are found."""
        if any(e.label == "PRODUCT" for e in sentence.entities):
            return
        products, _ = self._products_around(sentence)
        sentence.context_products = products or ([self.page_product] if self.page_product else [])

    def _fill(self, claim: Claim, sentence: Sentence) -> None:
        lex, main_product = self.lex, self.page_product
        if claim.type == "regulatory":
            c_start, c_end = self._clause(sentence, claim.start)
            worded = self._cue_status(claim.cue)
            if worded == "pending":
                claim.status = "pending"
            elif worded or "negated" in claim.modifiers:
                claim.status = "not-approved"
            elif "restricted" in claim.modifiers:
                claim.status = "restricted"
            else:
                claim.status = "approved"
        else:
            c_start, c_end = sentence.start, sentence.end

        products = self._products_in(sentence, c_start, c_end, claim.start)
        source = "sentence"
        if not products:
            products = self._products_in(sentence, sentence.start, sentence.end, claim.start)
        if not products:
            products, around = self._products_around(sentence)
            source = around or source
        if not products and main_product:
            # "It ends cravings", "Our infusions stop pain": the page's product,
            # referred to rather than named.
            reference = lex.treatment_reference
            referred = reference.search_sentence(self.space, sentence, 0, claim.start - sentence.start) \
                if reference is not None else None
            if referred:
                products = self._product_of_form(sentence, referred.group()) or [main_product]
                source = "reference"
            else:
                # A form named after the cue: "the FDA granted the nasal spray ...".
                products = self._product_of_form(sentence, sentence.text)
                products, source = (products, "reference") if products else ([main_product], "document")
        claim.products = products
        claim.product_source = source if products else None

        i_start, i_end = c_start, c_end
        if claim.type == "regulatory":
            # With several status cues in a clause ("licensed as an anesthetic
            # and used off-label for depression"), each owns what follows it.
            cues = [c for c, _ in self._status_cues(sentence) if c_start <= c < c_end]
            later = [c for c in cues if c > claim.start]
            earlier = [c for c in cues if c < claim.start]
            if later:
                i_end = later[0]
                # "approved for anesthesia, its use for depression is considered
                # off-label": a denial that follows the use it denies ends the
                # approval at the comma before that use.
                if claim.status in ("approved", "restricted") and (later[0], True) in self._status_cues(sentence):
                    comma = sentence.text.find(",", claim.end - sentence.start, later[0] - sentence.start)
                    if comma >= 0:
                        i_end = sentence.start + comma
            if claim.status == "restricted":
                # "an anesthetic approved by Health Canada, for conditions
                # such as PTSD": a restriction covers its own phrase.
                comma = sentence.text.find(",", claim.end - sentence.start, i_end - sentence.start)
                if comma >= 0:
                    i_end = sentence.start + comma
            # A cue inside brackets owns only the bracket: "off label (for a
            # purpose other than the one it was approved for) to treat
            # depression".
            cue = claim.start - sentence.start
            opened = sentence.text.rfind("(", 0, cue)
            if opened >= 0 and sentence.text.find(")", opened, cue) < 0:
                closed = sentence.text.find(")", cue)
                if closed >= 0:
                    i_start = max(i_start, sentence.start + opened)
                    i_end = min(i_end, sentence.start + closed)
            if earlier and self._indications(sentence, claim.start, i_end):
                i_start = claim.start
        # A status cue's conditions are its clause's: "esketamine's approval,
        # and with US suicide rates at a high" names no approval for suicide.
        indications = self._indications(sentence, i_start, i_end)
        generic_use = lex.generic_use[0] if lex.generic_use else None
        if generic_use in indications and lex.generic_product not in products and \
                self._only_describes_generic(sentence, i_start, i_end):
            indications.remove(generic_use)
        claim.indication_source = "sentence" if indications else None
        if lex.anaphora.search_sentence(self.space, sentence):
            previous = self._previous_indications(sentence)
            if previous:
                indications = list(dict.fromkeys(indications + previous))
                claim.indication_source = claim.indication_source or "previous"
        claim.indications = indications
        if claim.type == "regulatory" and source != "sentence" and generic_use and \
                indications == [generic_use] and lex.generic_product not in products:
            # An approval for the generic product's own use, of a product the
            # sentence does not name ("the FDA has approved it to induce
            # anesthesia"), is the generic product's, whichever relative was
            # named last.
            claim.products = [lex.generic_product]
        if claim.type == "regulatory" and claim.status in ("approved", "restricted") and indications and \
                self._denied_after_cue(sentence, claim.end, i_end):
            # "that approval does not extend to psychiatric conditions"
            claim.status = "not-approved"
        claim.listed = self._listed_together(sentence, i_start, i_end)
        claim.routes = list(dict.fromkeys(
            e.id for e in sentence.entities if e.label == "ROUTE" and c_start <= e.start < c_end))
        claim.populations = list(dict.fromkeys(
            e.id for e in sentence.entities if e.label == "POPULATION" and c_start <= e.start < c_end))
        claim.settings = list(dict.fromkeys(
            e.id for e in sentence.entities if e.label == "SETTING" and c_start <= e.start < c_end))
        if not indications:
            claim.context_indications = self.block_indications[sentence.block_index] or \
                self.section_indications.get(sentence.block.section, [])
        # The year of an approval usually follows its cue ("approved in 1970"); a
        # cue that owns the rest of its clause reads no year from before it ("in
        # 2019 ... for TRD and later extended the approval to adults with ...").
        years = [(m.start(), m.group()) for m in lex.year.finditer_sentence(
            self.space, sentence, i_start - sentence.start, c_end - sentence.start)]
        cue = claim.start - sentence.start
        claim.years = [y for _, y in sorted(years, key=lambda p: (p[0] < cue, abs(p[0] - cue)))]
