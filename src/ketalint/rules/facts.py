"""Regulatory facts (``facts.yaml``) and the checks claim rules run against them.

The facts file is the one place a reviewer updates when the FDA acts. Every
product and every approval carries ``as_of`` and ``source``; ``names`` gives the
words a message uses for an id ("trd" reads "treatment-resistant depression").
A claim rule names a check; each check returns a short description of what the
claim gets wrong ("anxiety, PTSD and chronic pain"), or None when the claim
agrees with the facts:

``unapproved-indication``
    an indication named in the claim is not among the product's approvals (a
    generic "depression" is accepted when a narrower approved indication such
    as treatment-resistant depression qualifies it, per ``covers``, but not
    when the two are listed side by side: "approved for MDD and TRD");
``unapproved-indication-in-context``
    the same, reading a claim that names no indication against the conditions
    of its paragraph or section;
``unapproved-product``
    the product has no FDA approval at all (a product with ``read_as``, such as
    an unnamed "form of ketamine", named only with the indications of the
    product it stands for is read as that product);
``unapproved-route``, ``unapproved-population``, ``unapproved-setting``
    a route, population or setting outside every approval of the product;
``wrong-date``
    a year or decade that matches none of the product's approval dates, or one
    earlier than the approval of an indication the claim names;
``thin-evidence``
    an indication in the facts group ``thin-evidence`` (conditions where the
    evidence for the product is early or mixed), or a population in
    ``thin-evidence-populations`` (children, pregnancy);
``thin-evidence-in-context``
    the same, reading a claim that names no indication against the conditions
    of its paragraph or section when every one of them is thin-evidence
    ("Ketamine quiets the fear response" under "Ketamine for social anxiety"),
    if the sentence names the product: one that names neither product nor
    condition ("It opens a window of change") is too far from both to be
    read as claiming the page's condition.

``deadlines`` are dated rules of law that copy tends to state as permanent (the
DEA's temporary telemedicine flexibilities). Each has ``ends`` (a date), ``name``,
``as_of`` and ``source``; a rule names one with ``deadline:`` and its message's
``{deadline}`` reads "run through 31 December 2026" until that day and "ended on
31 December 2026" after it, so the message stays true as the date passes and a
reviewer who records an extension changes one line.
"""
from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field

from .yamlfile import LineDict, PackError

APPROVAL_KEYS = {"indication", "routes", "populations", "settings", "since", "as_of",
                 "source", "note"}
PRODUCT_KEYS = {"name", "approvals", "covers", "as_of", "source", "note", "read_as"}
DEADLINE_KEYS = {"name", "ends", "as_of", "source", "note"}


def today() -> datetime.date:
    """The date deadlines are read against: today, or ``KETALINT_TODAY``
    (YYYY-MM-DD) when set, so a test or a review can fix the day."""
    fixed = os.environ.get("KETALINT_TODAY")
    return datetime.date.fromisoformat(fixed) if fixed else datetime.date.today()


@dataclass
class Deadline:
    id: str
    name: str
    ends: datetime.date
    as_of: str
    source: str

    def passed(self, on: datetime.date | None = None) -> bool:
        return (on or today()) > self.ends

    def phrase(self, on: datetime.date | None = None) -> str:
        """How a message states it on the day ``on`` (default: today)."""
        when = f"{self.ends.day} {self.ends:%B %Y}"
        if self.passed(on):
            return f"ended on {when} (facts as of {self.as_of}; check whether they were extended)"
        return f"run only through {when}, unless extended again"


@dataclass
class Product:
    id: str
    name: str
    approvals: list[dict]
    covers: dict[str, list[str]] = field(default_factory=dict)
    #: A product an unnamed form stands for when the claim names only that
    #: product's approved indications ("a form of ketamine" approved "for
    #: treatment-resistant depression" is esketamine).
    read_as: str | None = None

    def approved(self, key: str) -> set[str]:
        return {v for a in self.approvals for v in a.get(key, [])}

    @property
    def indications(self) -> set[str]:
        return {a["indication"] for a in self.approvals}

    @property
    def years(self) -> set[int]:
        return {int(str(a["since"])[:4]) for a in self.approvals if a.get("since")}


@dataclass
class Facts:
    as_of: str
    products: dict[str, Product]
    indication_groups: dict[str, list[str]]
    #: Indication ids of the lexicon; qualifier-only ids ("qualified-subset")
    #: narrow a claim but are never themselves a wrong indication.
    indications: set[str] = field(default_factory=set)
    #: How a message names an indication, route, population or setting id.
    names: dict[str, str] = field(default_factory=dict)
    #: Dated rules of law by id (see the module's docstring).
    deadlines: dict[str, Deadline] = field(default_factory=dict)

    def state(self, on: datetime.date | None = None) -> str:
        """Which deadlines have passed: part of cache keys, so a cached message
        written before a deadline is not served after it."""
        return ",".join(d for d, dl in sorted(self.deadlines.items()) if dl.passed(on))

    def describe(self, ids) -> str | None:
        """The ids as a reviewer writes them: "anxiety, PTSD and chronic pain"."""
        words = list(dict.fromkeys(self.names.get(i, i) for i in ids))
        if not words:
            return None
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

    def product_name(self, product_id: str | None) -> str | None:
        """How a message names a product: its ``names`` entry ("ketamine",
        "esketamine (Spravato)"), else its full name; None for no product."""
        if product_id is None:
            return None
        product = self.products.get(product_id)
        return self.names.get(product_id) or (product.name if product else product_id)

    def group_of(self, indication: str) -> set[str]:
        return {g for g, members in self.indication_groups.items() if indication in members}

    def check(self, name: str, claim) -> str | None:
        return CHECKS[name](self, claim)


def _product(facts: Facts, claim) -> Product | None:
    return facts.products.get(claim.products[0]) if claim.products else None


def _unapproved_indication(facts: Facts, claim) -> str | None:
    product = _product(facts, claim)
    if product is None or not claim.indications:
        return None
    claimed = set(claim.indications)
    for generic, narrower in product.covers.items():
        if generic in claimed and claimed & set(narrower) and not claim.listed:
            claimed.discard(generic)
    wrong = [i for i in claim.indications if i in claimed and i not in product.indications
             and (i in facts.indications or not facts.indications)]
    return facts.describe(wrong)


#: Words that name ketamine's approved, surgical use in a sentence (``re``, not
#: ``regex``: commands that only describe rules must not load the regex engine).
_SURGICAL_USE = re.compile(r"\b(?:an(?:a)?esthe\w*|surg\w*|sedat\w*|veterinar\w*|battlefields?|operating\s+rooms?|procedur\w*)",
                           re.I)


#: A use between an approval and "off-label": "an FDA-approved drug used off-label".
_USE_VERB = re.compile(r"\b(?:used|prescribed|given|administered|offered)\b", re.I)


def _off_label_elsewhere(claim) -> bool:
    """Does the sentence say, in another clause, that the product's use is not
    the approved one ("Because ketamine has FDA approval, doctors prescribe it
    off-label", "an off-label use of an FDA-approved drug", "an FDA-approved
    medication used off-label for depression")? "Approved for off-label use"
    and "FDA-approved and off-label conditions" do not."""
    text, start = claim.sentence.text, claim.sentence.start

    def apart(other) -> bool:
        between = text[claim.end - start:other.start - start]
        return "," in between or bool(_USE_VERB.search(between))
    return any(other.status == "not-approved" and other.products == claim.products and (
        other.end <= claim.start or apart(other)) for other in claim.sentence.claims)


def _unapproved_indication_in_context(facts: Facts, claim) -> str | None:
    """Like unapproved-indication, but a claim that names no indication is read
    against the conditions of its paragraph or section ("Ketamine is FDA-approved"
    under a heading about depression); conditions it takes from the sentence
    before are read as context too when it says, in another clause, that their
    use is off-label ("It has no approval for any of those conditions, but
    doctors may prescribe for uses other than the approved ones"). An approval
    the sentence itself limits to a use ("an FDA-approved drug used in
    operating rooms") is not read that way; "the only FDA-approved version"
    limits nothing. Nor is an approval
    that names neither a product nor anything referring to one ("if you are
    approved, ...", "some treatments are approved and others are not"): the
    page's product is only a guess there."""
    if claim.indications and claim.indication_source == "previous" and _off_label_elsewhere(claim):
        return None  # the conditions are the sentence before's, and this one says their use is off-label
    if claim.indications or not claim.context_indications or (
            claim.status == "restricted" and _SURGICAL_USE.search(claim.sentence.text)):
        return _unapproved_indication(facts, claim)
    product = _product(facts, claim)
    if product is None or claim.product_source == "document" or _off_label_elsewhere(claim):
        return None
    wrong = [i for i in claim.context_indications if i not in product.indications]
    if len(wrong) != len(claim.context_indications):
        return None
    # The sentence names no condition: say where the condition comes from, so the
    # message claims no more than the copy does.
    subject = "the condition" if len(wrong) == 1 else "the conditions"
    return f"{facts.describe(wrong)}, {subject} the copy around it is about"


def _unapproved_product(facts: Facts, claim) -> str | None:
    product = _product(facts, claim)
    if product is None or product.approvals:
        return None
    # "The FDA approved a form of ketamine for treatment-resistant depression"
    # credits esketamine's approval to the product it stands for, accurately.
    stands_for = facts.products.get(product.read_as) if product.read_as else None
    if stands_for is not None and claim.indications and not claim.listed and \
            all(i in stands_for.indications for i in claim.indications):
        return None
    return product.name


def _outside(key: str):
    def check(facts: Facts, claim) -> str | None:
        product = _product(facts, claim)
        if product is None or not product.approvals:
            return None
        wrong = [v for v in getattr(claim, key) if v not in product.approved(key)]
        return facts.describe(wrong)
    return check


def _wrong_date(facts: Facts, claim) -> str | None:
    product = _product(facts, claim)
    if product is None or not product.years:
        return None
    # An indication approved later than the year given ("approved in 2019 for
    # TRD and for MDD with suicidal ideation": the second came in 2020).
    since = {a["indication"]: int(str(a["since"])[:4]) for a in product.approvals if a.get("since")}
    for year in claim.years[:1]:  # the year nearest the approval cue
        if year[4:]:  # a decade, "1960s" (or "1960S" in copy set in capitals)
            decade = int(year[:4])
            if not any(decade <= y < decade + 10 for y in product.years):
                return year
        elif int(year) not in product.years and int(year) < min(product.years):
            return year
        elif any(since.get(i, 0) > int(year) for i in claim.indications):
            return year
    return None


def _thin_evidence(facts: Facts, claim) -> str | None:
    thin = set(facts.indication_groups.get("thin-evidence", ()))
    thin_populations = set(facts.indication_groups.get("thin-evidence-populations", ()))
    named = [i for i in claim.indications if i in thin] + \
        [p for p in claim.populations if p in thin_populations]
    return facts.describe(named)


def _thin_evidence_in_context(facts: Facts, claim) -> str | None:
    named = _thin_evidence(facts, claim)
    if named or claim.indications or not claim.context_indications or claim.product_source != "sentence":
        return named
    thin = set(facts.indication_groups.get("thin-evidence", ()))
    context = claim.context_indications
    return facts.describe(context) if all(i in thin for i in context) else None


CHECKS = {
    "unapproved-indication-in-context": _unapproved_indication_in_context,
    "thin-evidence": _thin_evidence,
    "thin-evidence-in-context": _thin_evidence_in_context,
    "unapproved-indication": _unapproved_indication,
    "unapproved-product": _unapproved_product,
    "unapproved-route": _outside("routes"),
    "unapproved-population": _outside("populations"),
    "unapproved-setting": _outside("settings"),
    "wrong-date": _wrong_date,
}


def _check_keys(path: str, where, label: str, spec, allowed: set[str]) -> None:
    """An entry of the facts is a mapping with no key outside ``allowed``."""
    if not isinstance(spec, LineDict):
        raise PackError(path, where, label, "must be a mapping")
    for key in spec:
        if key not in allowed:
            raise PackError(path, spec.line_of(key), f"{label}.{key}", "unknown key")


def load_facts(data, path: str, known_indications: set[str]) -> Facts:
    if not isinstance(data, LineDict):
        raise PackError(path, 1, None, "must be a mapping")
    for key in ("as_of", "products", "indication_groups"):
        if key not in data:
            raise PackError(path, data.line, key, "is required")
    if data["as_of"] is None or not str(data["as_of"]).strip():
        raise PackError(path, data.line_of("as_of"), "as_of", "must not be empty")
    products = {}
    for pid, spec in data["products"].items():
        where = data["products"].line_of(pid)
        _check_keys(path, where, f"products.{pid}", spec, PRODUCT_KEYS)
        for key in ("name", "approvals", "as_of", "source"):
            if key not in spec:
                raise PackError(path, where, f"products.{pid}.{key}", "is required")
        # A fact a reviewer cannot date or trace is no fact: as_of and source
        # must say something, not merely be present.
        for key in ("name", "as_of", "source"):
            if spec[key] is None or not str(spec[key]).strip():
                raise PackError(path, spec.line_of(key), f"products.{pid}.{key}", "must not be empty")
        approvals = spec["approvals"] or []
        for i, approval in enumerate(approvals):
            akey = f"products.{pid}.approvals[{i}]"
            if not isinstance(approval, LineDict):
                raise PackError(path, where, akey, "must be a mapping")
            for key in approval:
                if key not in APPROVAL_KEYS:
                    raise PackError(path, approval.line_of(key), f"{akey}.{key}", "unknown key")
            for key in ("indication", "since", "as_of", "source"):
                if not approval.get(key):
                    raise PackError(path, approval.line, f"{akey}.{key}", "is required")
            if known_indications and approval["indication"] not in known_indications:
                raise PackError(path, approval.line_of("indication"), f"{akey}.indication",
                                f"unknown indication {approval['indication']!r} (not in the lexicon)")
        products[pid] = Product(pid, spec["name"], list(approvals), dict(spec.get("covers") or {}),
                                spec.get("read_as"))
    for pid, product in products.items():
        if product.read_as is not None and product.read_as not in products:
            raise PackError(path, data["products"][pid].line_of("read_as"), f"products.{pid}.read_as",
                            f"unknown product {product.read_as!r}")
    groups = {g: list(m) for g, m in data["indication_groups"].items()}
    names = data.get("names") or {}
    if not isinstance(names, dict) or not all(isinstance(v, str) and v.strip() for v in names.values()):
        raise PackError(path, data.line_of("names") if "names" in data else data.line, "names",
                        "must map ids to the words a message uses")
    deadlines = {}
    raw = data.get("deadlines") or {}
    if not isinstance(raw, dict):
        raise PackError(path, data.line_of("deadlines"), "deadlines", "must be a mapping")
    for did, spec in raw.items():
        where = raw.line_of(did) if hasattr(raw, "line_of") else None
        _check_keys(path, where, f"deadlines.{did}", spec, DEADLINE_KEYS)
        for key in ("name", "ends", "as_of", "source"):
            if spec.get(key) is None or not str(spec[key]).strip():
                raise PackError(path, where, f"deadlines.{did}.{key}", "is required")
        try:
            ends = datetime.date.fromisoformat(str(spec["ends"]))
        except ValueError:
            raise PackError(path, spec.line_of("ends"), f"deadlines.{did}.ends",
                            "must be a date (YYYY-MM-DD)") from None
        deadlines[str(did)] = Deadline(str(did), str(spec["name"]), ends, str(spec["as_of"]),
                                       str(spec["source"]))
    return Facts(str(data["as_of"]), products, groups, set(known_indications),
                 {str(k): v for k, v in names.items()}, deadlines)
