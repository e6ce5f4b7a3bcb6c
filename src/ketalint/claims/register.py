"""The claims register: every claim the pipeline found, with its substantiation.

One row per claim, for a reviewer who checks each claim against its source:

- ``path``, ``line``, ``column``: where the claim's sentence starts;
- ``type`` (regulatory, efficacy, safety, mechanism, comparison, statistic,
  study; ``other`` for a sentence a rule flagged without a typed claim, such
  as Spravato presented as ketamine), ``cue`` (the words that make it a
  claim, or the flagged text), ``sentence``;
- ``status`` (regulatory claims), ``products``, ``indications``;
- ``modifiers``: negated, hedged, restricted, attributed, question, cited;
- ``citation``: how it is covered (``sentence``, ``paragraph``, ``lead-in``,
  ``next-sentence``, or empty), ``markers`` (e.g. ``[2,3]``), ``references``
  (the reference-list entries those markers resolve to) and ``links``;
- ``findings``: the rules whose findings start in the sentence;
- ``approved``: the id of the approved claim the sentence states (see
  :mod:`ketalint.claims.library`), or empty.
"""
from __future__ import annotations

import bisect

from ..document import Document
from .model import Claim, Sentence

COLUMNS = ("path", "line", "column", "type", "cue", "sentence", "status", "products", "indications",
           "modifiers", "citation", "markers", "references", "links", "findings", "approved")


def _within(items: list, starts: list[int], start: int, end: int) -> list:
    """``items`` (sorted by start, with ``starts`` their starts) that start in [start, end)."""
    return items[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def claim_rows(doc: Document, sentences: list[Sentence], findings, approved=()) -> list[dict]:
    """The register rows of one analysed document, its findings and its
    approved sentences (``[start, end, id]``, see :class:`~ketalint.checker.FileResult`)."""
    approved_at = {start: claim_id for start, _, claim_id in approved}
    references = {r.key: r.text for r in doc.references}
    markers = sorted(doc.markers, key=lambda m: m.start)
    links = sorted(doc.links, key=lambda link: link.start)
    marker_starts, link_starts = [m.start for m in markers], [link.start for link in links]
    span_findings = sorted((f.start, f.rule, f.text) for f in findings if f.scope == "span")
    starts = [s for s, _, _ in span_findings]
    rows = []
    for sentence in sentences:
        start, end = doc.source_span(sentence.start, sentence.end)
        inside = span_findings[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
        if not sentence.claims and not inside:
            continue
        # Markers and links count where the citation was found: the sentence,
        # else its paragraph or list lead-in.
        scope = (sentence.block.start, sentence.block.end) if sentence.citation in ("paragraph", None) \
            else (sentence.start, sentence.end)
        if sentence.citation == "lead-in" and sentence.block.lead_in is not None:
            lead = doc.blocks[sentence.block.lead_in]
            scope = (lead.start, lead.end)
        cited_markers = _within(markers, marker_starts, *scope) if sentence.citation else []
        cited_links = _within(links, link_starts, *scope) if sentence.citation else []
        keys = [k for m in cited_markers for k in m.keys]
        flagged = sorted({rule for _, rule, _ in inside})
        line, column = doc.lines.position(start)
        claims: list[Claim | None] = list(sentence.claims) or [None]
        for claim in claims:
            rows.append({
                "path": doc.path, "line": line, "column": column,
                "type": claim.type if claim else "other", "cue": claim.cue if claim else inside[0][2],
                "sentence": doc.source[start:end], "status": (claim and claim.status) or "",
                "products": claim.products if claim else [],
                "indications": claim.indications if claim else [],
                "modifiers": sorted(claim.modifiers) if claim else [], "citation": sentence.citation or "",
                "markers": [doc.source[slice(*doc.source_span(m.start, m.end))] for m in cited_markers],
                "references": [references[k] for k in dict.fromkeys(keys) if k in references],
                "links": [link.url for link in cited_links], "findings": flagged,
                "approved": approved_at.get(start, ""),
            })
    return rows
