"""The approved-claims library: claim texts a company's medical-legal review
has approved, named in config as ``claims-library: approved-claims.yaml``.

The file is a list of entries (or a mapping with a ``claims`` list)::

    - id: AC-2024-017
      claim: Esketamine nasal spray reduced depressive symptoms in clinical trials.
      references: ["Popova V et al. Am J Psychiatry 2019;176(6):428-438"]
      approved: 2024-03-18

A sentence of the copy that *is* an approved claim (the same words once case,
punctuation, whitespace, typographic characters and citation markers are set
aside) gets no ``citation`` or ``unsupported-claim`` finding: review has
substantiated it. FDA-status and risk findings still apply, since an internal
approval does not make a wrong regulatory fact right. Reports and the claims
register show such a sentence as "approved: ID". Copy is matched sentence by
sentence, so a claim of two sentences is approved as two entries.

A sentence that is *nearly* an approved claim (its words at least
:data:`DRIFT_SIMILARITY` alike, in order, but not the same) is the approved claim
reworded: it is linted as any sentence, and KTL101 (approved-claim-drift)
names the approved claim it drifted from, so reviewers can restore the
approved wording or have the new one approved.
"""
from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field

from ..rules.yamlfile import LineDict, LineList, PackError, load_yaml
from ..suppress import META_RULES
from ..typography import plain_chars

#: How alike (difflib's ratio of the two sentences' word sequences) a sentence
#: must be to an approved claim to be reported as drift from it.
DRIFT_SIMILARITY = 0.8
#: Categories of findings an approved claim no longer gets.
WAIVED_CATEGORIES = frozenset({"citation", "unsupported-claim"})
#: Keys of a library entry.
ENTRY_KEYS = ("id", "claim", "references", "approved")

#: The rule of drift findings.
DRIFT_RULE = META_RULES["KTL101"]

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of ``text`` as claims are compared: typographic characters
    in their plain forms, lower case, punctuation and spacing dropped."""
    return _WORD.findall(plain_chars(text).lower())


@dataclass(frozen=True)
class ApprovedClaim:
    id: str
    claim: str
    references: tuple[str, ...]
    approved: str


@dataclass(frozen=True)
class ClaimsLibrary:
    """The approved claims of one library file."""

    path: str
    claims: tuple[ApprovedClaim, ...]
    #: The claims by their words, for the exact and the fuzzy look-up.
    _exact: dict[tuple[str, ...], ApprovedClaim] = field(init=False, repr=False, compare=False)
    _words: list[tuple[list[str], ApprovedClaim]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_exact", {tuple(words(c.claim)): c for c in self.claims})
        object.__setattr__(self, "_words", [(words(c.claim), c) for c in self.claims])

    def approval(self, text: str) -> ApprovedClaim | None:
        """The approved claim ``text`` states word for word, if any."""
        return self._exact.get(tuple(words(text)))

    def drift(self, text: str) -> ApprovedClaim | None:
        """The approved claim ``text`` is a rewording of (see the module's doc),
        the closest one if several; None for an approved claim itself."""
        mine = words(text)
        if not mine or tuple(mine) in self._exact:
            return None
        best, best_ratio = None, DRIFT_SIMILARITY
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(mine)
        for theirs, claim in self._words:
            matcher.set_seq1(theirs)
            if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio:
                ratio = matcher.ratio()
                if ratio >= best_ratio:
                    best, best_ratio = claim, ratio
        return best

    def as_config(self) -> dict:
        """What a run's results depend on (the cache key): the file and its claims."""
        return {"path": self.path, "claims": [[c.id, c.claim] for c in self.claims]}


def _text(path: str, line: int, key: str, value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        raise PackError(path, line, key, "must be a non-empty text")
    return value.strip()


def load_library(path: str) -> ClaimsLibrary:
    """Read and validate a library file: :class:`PackError` (file, line, key)
    for YAML that does not parse, an entry without ``id``, ``claim``,
    ``references`` (a list) or ``approved`` (a date), an unknown key, or an id
    used twice."""
    data = load_yaml(path)
    if isinstance(data, dict) and list(data) == ["claims"]:
        data = data["claims"]
    if not isinstance(data, LineList):
        raise PackError(path, getattr(data, "line", 1) or 1, None,
                        "must be a list of approved claims (id, claim, references, approved)")
    claims: list[ApprovedClaim] = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(data):
        line = data.item_lines[n]
        where = f"claims[{n}]"
        if not isinstance(entry, LineDict):
            raise PackError(path, line, where, "must be a mapping with id, claim, references and approved")
        for key in entry:
            if key not in ENTRY_KEYS:
                raise PackError(path, entry.line_of(key), f"{where}.{key}",
                                f"unknown key (allowed: {', '.join(ENTRY_KEYS)})")
        missing = [k for k in ENTRY_KEYS if k not in entry]
        if missing:
            raise PackError(path, line, where, f"missing {', '.join(missing)}")
        claim_id = _text(path, entry.line_of("id"), f"{where}.id", entry["id"])
        if claim_id in seen:
            raise PackError(path, entry.line_of("id"), f"{where}.id",
                            f"{claim_id!r} is also the id at line {seen[claim_id]}")
        seen[claim_id] = entry.line_of("id")
        references = entry["references"]
        if not isinstance(references, list) or not references:
            raise PackError(path, entry.line_of("references"), f"{where}.references",
                            "must be a non-empty list of sources")
        approved = entry["approved"]
        if not isinstance(approved, datetime.date):
            raise PackError(path, entry.line_of("approved"), f"{where}.approved",
                            "must be a date (YYYY-MM-DD)")
        claims.append(ApprovedClaim(
            claim_id, _text(path, entry.line_of("claim"), f"{where}.claim", entry["claim"]),
            tuple(_text(path, entry.line_of("references"), f"{where}.references", r) for r in references),
            approved.isoformat()))
    return ClaimsLibrary(path, tuple(claims))


def _copy_without_markers(doc, sentence) -> str:
    """The prose of ``sentence`` with its citation markers blanked: "[1]" or
    "(Smith, 2020)" cites a claim, it is not part of its wording."""
    # The document's prose, not the analysed sentence's: a vocabulary name
    # hidden from the analysis (ketalint.vocabulary) is part of the wording.
    text = list(doc.prose[sentence.start:sentence.end])
    for marker in doc.markers:
        if marker.end > sentence.start and marker.start < sentence.end:
            for i in range(max(marker.start, sentence.start), min(marker.end, sentence.end)):
                text[i - sentence.start] = " "
    return "".join(text)


def apply_library(library: ClaimsLibrary, doc, sentences, findings) -> tuple[list, list]:
    """``findings`` of ``doc`` with the library applied, and the approved
    sentences as ``[start, end, id]`` (source offsets).

    Findings of :data:`WAIVED_CATEGORIES` that start in an approved sentence
    are dropped; a sentence that drifted from an approved claim gets a KTL101
    finding."""
    from ..findings import make_finding
    approved, drifted, waived = [], [], []
    for sentence in sentences:
        text = _copy_without_markers(doc, sentence)
        claim = library.approval(text)
        if claim is not None:
            start, end = doc.source_span(sentence.start, sentence.end)
            approved.append([start, end, claim.id])
            waived.append((start, end))
            continue
        claim = library.drift(text)
        if claim is not None:
            drifted.append(make_finding(doc, DRIFT_RULE, sentence.start, sentence.end,
                                        f"{DRIFT_RULE.message} (approved claim {claim.id})"))
    kept = [f for f in findings
            if not (f.scope == "span" and f.category in WAIVED_CATEGORIES
                    and any(start <= f.start < end for start, end in waived))]
    return sorted(kept + drifted, key=lambda f: f.sort_key), approved
