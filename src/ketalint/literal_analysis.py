"""Literal analysis of regular expressions: the lower-case strings every
match of a pattern must contain. Pure functions of the pattern's text (with
the standard library's parser); the run-time index that finds those strings in
a document is :mod:`ketalint.prefilter`.

A case-insensitive alternation such as the pack's "risk-free" patterns reads a
few megabytes a second; ``str.find`` reads a gigabyte. For each pattern,
:func:`prefilter` works out lower-case strings that every match must contain
("side" and "effect", or "safe", or "addictive", ...), so that only the
sentences that contain them are searched with the pattern itself. Each
sentence is searched as a string of its own, so what a lookahead or lookbehind
needs is in the sentence too.

The analysis is conservative: a construct it does not understand contributes
nothing, and a pattern it cannot read at all (``regex``-only syntax such as
``\\p{L}`` or fuzzy matching) gets no prefilter and is searched everywhere.
"""
from __future__ import annotations

import importlib
from typing import Any

# The standard library's parser: private (typeshed does not describe it), so it
# is looked up by name, and a missing one only disables prefilters.
sre_parse: Any
sre: Any
try:
    sre_parse = importlib.import_module("re._parser")
    sre = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - Python 3.10
    sre_parse = importlib.import_module("sre_parse")
    sre = importlib.import_module("sre_constants")

#: Literals of letters and digits shorter than this rule out too little text to
#: be worth a lookup; a single punctuation mark ("%", ";") is rare enough.
MIN_LITERAL = 2
#: Word literals shorter than this ("no", "in") sit in most words' substrings:
#: tabling them per word cost more than finding them when a pattern asks.
MIN_TABLED = 3
#: An alternative that also requires a factor whose literals all have at least
#: this many characters does without its factors of shorter ones: "in", "no"
#: or "." are in most sentences, so requiring them rules out little, while
#: each, not tabled, costs a scan of the text to find.
STRONG_LITERAL = MIN_TABLED
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_GROUPS = {sre.SUBPATTERN, getattr(sre, "ATOMIC_GROUP", sre.SUBPATTERN)}
#: ``\d`` and ``[0-9]``: a factor of the ten digits (other decimal digits are
#: lowered to these, see :func:`lowered`).
_DIGIT_CLASSES = ([(sre.CATEGORY, sre.CATEGORY_DIGIT)], [(sre.RANGE, (48, 57))])
_DIGITS = frozenset("0123456789")


class _Unreadable(Exception):
    """The pattern uses syntax whose meaning the standard parser may not share."""


def _best(factors: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective factor: the one whose shortest literal is longest."""
    if not factors:
        return None
    return max(factors, key=lambda f: (min(map(len, f)), -len(f)))


def _factors(items) -> list[frozenset[str]]:
    """Sets of literals, one member of each of which every match contains."""
    factors: list[frozenset[str]] = []
    run: list[str] = []

    def flush():
        literal = "".join(run)
        if len(literal) >= MIN_LITERAL or literal and not literal.isalnum() and not literal.isspace():
            factors.append(frozenset({literal}))
        run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            char = chr(av)
            if char in "{}":
                # ``regex`` reads "{e<=1}" as fuzzy matching, the standard parser
                # as literal text: the two disagree, so no prefilter.
                raise _Unreadable
            if char.isascii():
                run.append(char.lower())
                continue
        flush()
        if op in _GROUPS:
            factors += _factors(av[-1] if op is sre.SUBPATTERN else av)
        elif op in _REPEATS:
            low, _, inner = av
            if low >= 1:
                factors += _factors(inner)
        elif op is sre.IN and av in _DIGIT_CLASSES:
            factors.append(_DIGITS)  # "any digit" narrows "in"/"out of" to "3 in 4"
        elif op is sre.ASSERT:
            # A lookahead or lookbehind must match too, inside the searched
            # string: callers search each span as a string of its own.
            factors += _factors(av[1])
        elif op is sre.BRANCH:
            branches = [best for branch in av[1] if (best := _best(_factors(branch)))]
            if len(branches) == len(av[1]):  # every branch requires a literal
                factors.append(frozenset[str]().union(*branches))
        # Anchors, negative lookarounds, classes, back-references: nothing required.
    flush()
    return factors


def _alternatives(items) -> list[list[frozenset[str]]]:
    """The pattern split at its first alternation (``\\b(?:a|b)`` parses as a
    boundary and a branch), each alternative with the factors it requires,
    including those of the parts around the alternation."""
    items = list(items)
    for k, (op, av) in enumerate(items):
        if op is sre.BRANCH:
            inner = [alt for branch in av[1] for alt in _alternatives(branch)]
        elif op is sre.SUBPATTERN:
            inner = _alternatives(av[-1])
        else:
            continue
        if len(inner) > 1:
            around = _factors(items[:k]) + _factors(items[k + 1:])
            return [alt + around for alt in inner]
    return [_factors(items)]


#: The literals a match must contain: it contains, for some alternative, a
#: member of each of that alternative's sets (see :func:`prefilter`).
Prefilter = tuple[tuple[frozenset[str], ...], ...]


def parse(pattern: str):
    """The standard library's parse tree of ``pattern``, or None where it does
    not accept the pattern (``regex``-only syntax, or a mistake)."""
    try:
        return sre_parse.parse(pattern)
    except Exception:  # the parser's error types vary with the Python version
        return None


def prefilter(pattern: str, tree=None) -> Prefilter | None:
    """The literals every match of ``pattern`` (compiled case-insensitively)
    must contain, as alternatives of factors of literals: a match holds, for
    some alternative, one literal of each of its factors. None when some
    alternative has no literal we can prove.

    Top-level alternatives are kept apart, and within each the literals of
    every required part ("side" and "effect" in "no side effects"), so a
    sentence is searched only if it has all the parts of some alternative
    (short literals left out where a longer one is required, see
    STRONG_LITERAL); alternatives that differ in one part only are merged
    (see :func:`_simplified`). ``tree`` is the pattern's :func:`parse` when
    the caller has it."""
    tree = tree if tree is not None else parse(pattern)
    if tree is None:
        return None
    try:
        alternatives = _alternatives(tree)
    except (_Unreadable, RecursionError):  # unreadable here only means "search everywhere"
        return None
    if not alternatives or not all(alternatives):
        return None
    alternatives = [[f for f in alt if min(map(len, f)) >= STRONG_LITERAL] or alt for alt in alternatives]
    return tuple(sorted((tuple(sorted(alt, key=_selectivity)) for alt in _simplified(alternatives)),
                        key=lambda alt: [_selectivity(factor) for factor in alt]))


def _selectivity(factor: frozenset[str]):
    """Sort key: the most selective factor (longest shortest literal) first."""
    return -min(map(len, factor)), sorted(factor)


def _canonical(factors) -> list[list[str]]:
    """A sort key for a set of factors, the same in every process."""
    return sorted(sorted(factor) for factor in factors)


def _simplified(alternatives: list[list[frozenset[str]]]) -> set[frozenset[frozenset[str]]]:
    """Alternatives that let exactly the same spans through, fewer and smaller:
    a factor implied by another of its alternative ({"a"} implies {"a", "b"})
    adds nothing, nor does an alternative requiring all that another requires
    and more; two that differ in one factor are one with the union of the two
    ((a and x) or (b and x) is (a or b) and x). Checking a span costs a lookup
    per factor of each alternative, and a big alternation has a hundred."""
    def reduced(factors):
        return frozenset(f for f in factors if not any(g < f for g in factors))

    alts = {reduced(alt) for alt in alternatives}
    while True:
        alts = {a for a in alts if not any(b < a for b in alts)}
        groups: dict[frozenset, list[tuple[frozenset, frozenset[str]]]] = {}
        for alt in alts:
            for factor in alt:
                groups.setdefault(alt - {factor}, []).append((alt, factor))
        merged: set[frozenset[frozenset[str]]] = set()
        made: set[frozenset[frozenset[str]]] = set()
        for rest, members in sorted(groups.items(), key=lambda item: (-len(item[1]), _canonical(item[0]))):
            if len(members) < 2:
                break
            if merged.isdisjoint(alt for alt, _ in members):  # each alternative merges once a round
                merged.update(alt for alt, _ in members)
                made.add(reduced(rest | {frozenset().union(*(factor for _, factor in members))}))
        if not merged:
            return alts
        alts = (alts - merged) | made
