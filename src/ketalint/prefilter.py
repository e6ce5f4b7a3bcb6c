"""Literal prefilters: cheap substring tests that rule out most text before a
regular expression runs.

A case-insensitive alternation such as the pack's "risk-free" patterns reads a
few megabytes a second; ``str.find`` reads a gigabyte. For each pattern,
:func:`prefilter` works out lower-case strings that every match must contain
("side" and "effect", or "safe", or "addictive", ...). A
:class:`SearchSpace` finds those strings in a document once, and only the
sentences that contain them are searched with the pattern itself. Each
sentence is searched as a string of its own, so what a lookahead or lookbehind
needs is in the sentence too.

The analysis is conservative: a construct it does not understand contributes
nothing, and a pattern it cannot read at all (``regex``-only syntax such as
``\\p{L}`` or fuzzy matching) gets no prefilter and is searched everywhere.
"""
from __future__ import annotations

import bisect
import importlib
import re
import unicodedata
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


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def lowered(text: str) -> str:
    """``text`` in lower case with every character at its own offset.

    Case-insensitive matching lets "s" match the long s, so that becomes "s";
    decimal digits of other scripts become ASCII digits; the few characters
    whose lower case is longer ("İ") keep their first character, so offsets
    still line up."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower()[0] for ch in text)
    if not low.isascii():
        # \d matches every decimal digit ("٣"): as ASCII, a digit factor finds it.
        low = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), low)
    return low.replace("ſ", "s")


#: Runs of letters and digits in lower-cased text: the words literals are found in.
_WORD = re.compile(r"[a-z0-9]+")
#: Words whose literals are remembered; the table is emptied beyond this.
WORD_CACHE_SIZE = 100_000


class _WordLiterals:
    """Every literal made only of letters and digits that a prefilter uses,
    and, per word, the ones the word contains (worked out once per word)."""

    def __init__(self):
        self.literals: set[str] = set()
        self.longest = 0
        self.version = 0
        #: word -> the literals it contains; read directly in the hot loop of
        #: SearchSpace._word_hits, filled by in_word.
        self.by_word: dict[str, tuple[str, ...]] = {}

    def add(self, required) -> None:
        """Adds the word literals of ``required`` (a :func:`prefilter`); until
        then they are found with ``str.find``."""
        new = {lit for factors in required for factor in factors for lit in factor
               if len(lit) >= MIN_TABLED and _WORD.fullmatch(lit)} - self.literals
        if new:
            self.literals |= new
            self.longest = max(self.longest, *map(len, new))
            self.version += 1
            self.by_word.clear()

    def in_word(self, word: str) -> tuple[str, ...]:
        found = self.by_word.get(word)
        if found is None:
            n, longest, literals = len(word), self.longest, self.literals
            found = tuple({word[i:j] for i in range(n - MIN_TABLED + 1)
                           for j in range(i + MIN_TABLED, min(n, i + longest) + 1)
                           if word[i:j] in literals})
            if len(self.by_word) >= WORD_CACHE_SIZE:
                self.by_word.clear()
            self.by_word[word] = found
        return found


WORD_LITERALS = _WordLiterals()


def _indices(mask: int):
    """The positions of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class SearchSpace:
    """The sentences (or other disjoint spans) of one text, with the text's
    lower-cased copy, for literal prefilters.

    Literals made of letters and digits are found through the words of each
    span (one pass over the text for all of them); others with ``str.find``.
    Spans that overlap disable the prefilter (every span is a candidate)."""

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text = text
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.index = {span: k for k, span in enumerate(self.spans)}
        self.disjoint = all(a[1] <= b[0] for a, b in zip(self.spans, self.spans[1:]))
        self._lowered: str | None = None
        # Sets of span indices are bit masks (bit k: the k-th span): their
        # intersections and unions are what candidates() does most.
        self._words: dict[str, int] | None = None
        self._words_version = -1
        self._found: dict[str, int] = {}
        self._factors: dict[frozenset[str], int] = {}
        #: Answers that callers work out once per space (candidates per pattern).
        self.memo: dict = {}

    @property
    def lowered(self) -> str:
        if self._lowered is None:
            self._lowered = lowered(self.text)
        return self._lowered

    def _word_hits(self) -> dict[str, int]:
        """Literal -> mask of the spans whose words contain it."""
        if self._words is None or self._words_version != WORD_LITERALS.version:
            hits: dict[str, int] = {}
            low, in_word, known = self.lowered, WORD_LITERALS.in_word, WORD_LITERALS.by_word
            findall = _WORD.findall
            for k, (start, end) in enumerate(self.spans):
                bit = 1 << k
                for word in set(findall(low, start, end)):
                    literals = known.get(word)
                    if literals is None:
                        literals = in_word(word)
                    for literal in literals:
                        hits[literal] = hits.get(literal, 0) | bit
            self._words, self._words_version = hits, WORD_LITERALS.version
            self._found.clear()
            self._factors.clear()
        return self._words

    def adopt_words(self, parts: list[tuple["SearchSpace", list[int | None]]]) -> bool:
        """Takes over the word indexes an earlier stage built over the same
        characters, instead of building this space's again; says whether it did.

        ``parts`` covers every span of this space: for each earlier space, its
        k-th span holds the words of this space's ``index_of[k]``-th span (None:
        a span not here). A span's words are found in its own text, so spans
        that differ only by surrounding whitespace hold the same words. Nothing
        is taken unless every part has a current index."""
        indexes = [(space._words, index_of) for space, index_of in parts
                   if space._words is not None and space._words_version == WORD_LITERALS.version]
        if not parts or len(indexes) < len(parts):
            return False
        if len(indexes) == 1 and indexes[0][1] == list(range(len(self.spans))):
            # The same spans in the same order (one chunk, no blank span): the
            # index is this space's as it is (neither space changes its sets).
            words = indexes[0][0]
        else:
            words = {}
            for their_words, index_of in indexes:
                for literal, mask in their_words.items():
                    mine = 0
                    for k in _indices(mask):
                        if index_of[k] is not None:
                            mine |= 1 << index_of[k]
                    if mine:
                        words[literal] = words.get(literal, 0) | mine
        self._words, self._words_version = words, WORD_LITERALS.version
        self._found.clear()
        self._factors.clear()
        return True

    def _found_by_find(self, literal: str) -> int:
        """Mask of the spans holding ``literal`` (one with other characters
        than letters and digits), found with ``str.find``."""
        found = self._found.get(literal)
        if found is None:
            found = 0
            low, spans, starts = self.lowered, self.spans, self.starts
            if spans:
                limit = spans[-1][1]
                i = low.find(literal, spans[0][0], limit)
                while i != -1:
                    k = bisect.bisect_right(starts, i) - 1
                    if k >= 0 and i + len(literal) <= spans[k][1]:
                        found |= 1 << k
                        i = low.find(literal, spans[k][1], limit)  # the rest of this span adds nothing
                    else:
                        i = low.find(literal, i + 1, limit)
            self._found[literal] = found
        return found

    def candidate_mask(self, required) -> int:
        """Mask of the spans that hold every factor of some alternative of
        ``required`` (a :func:`prefilter`); all spans when it is None."""
        if required is None or not self.disjoint:
            return (1 << len(self.spans)) - 1
        words, word_literals, known = self._word_hits(), WORD_LITERALS.literals, self._factors
        hits = 0
        for factors in required:
            found = -1  # every span
            for factor in factors:
                mask = known.get(factor)
                if mask is None:
                    mask = 0
                    for literal in factor:
                        mask |= words.get(literal, 0) if literal in word_literals \
                            else self._found_by_find(literal)
                    known[factor] = mask
                found &= mask
                if not found:
                    break
            if found > 0:
                hits |= found
        return hits

    def spans_of(self, mask: int) -> list[tuple[int, int]]:
        """The spans of ``mask``, in order."""
        spans = self.spans
        return [spans[k] for k in _indices(mask)]

    def holds(self, mask: int, span: tuple[int, int]) -> bool:
        """Whether ``span`` (one of the spans) is in ``mask``."""
        k = self.index.get(span)
        return k is not None and mask >> k & 1 == 1
