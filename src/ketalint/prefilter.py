"""Literal prefilters at run time: the sentences of a document in which a
pattern's required literals (see :mod:`ketalint.literal_analysis`) occur, so
that a regular expression runs only there.

A :class:`SearchSpace` lowers a document's text once and finds every tabled
literal through the words of each sentence in one pass; other literals are
found with ``str.find``. ``WORD_LITERALS`` is the table of the literals the
patterns made so far require.
"""
from __future__ import annotations

import bisect
import re
import unicodedata

from .literal_analysis import MIN_TABLED

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
