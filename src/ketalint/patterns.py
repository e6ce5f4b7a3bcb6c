"""Pack patterns: regular expressions searched under a timeout, and only
where their literal prefilter (see :mod:`.prefilter`) says a match can be.

Every regex a rule pack supplies (rules, lexicon, modifier cues) is a
:class:`TimedPattern`, so a pattern that backtracks catastrophically stops with
:class:`PatternTimeout` instead of hanging a run.
"""
from __future__ import annotations

import bisect
import weakref
from contextvars import ContextVar

import regex

from .prefilter import WORD_LITERALS, SearchSpace, prefilter

FLAGS = regex.I | regex.V0
#: Seconds one search of a pack pattern may take before it is abandoned; a
#: pattern that backtracks catastrophically must not hang a run.
PATTERN_TIMEOUT = 2.0
#: Characters one scan of :meth:`TimedPattern.candidates` covers at most,
#: so that the timeout applies to bounded work on a 10 MB document too.
SCAN_CHARS = 100_000


class PatternTimeout(Exception):
    """A pack pattern exceeded PATTERN_TIMEOUT; ``source`` names the pattern."""

    def __init__(self, source: str):
        super().__init__(source)
        self.source = source


#: False while loading packs for commands that only describe rules (``rules``,
#: ``explain``): compiling some 200 patterns is most of their run time.
COMPILE_PATTERNS: ContextVar[bool] = ContextVar("COMPILE_PATTERNS", default=True)


#: Patterns whose prefilter is not worked out yet. All of them are worked out
#: before the first search of a document: each new word literal empties the
#: table of words and makes every search space build its word index again.
_UNSETTLED: weakref.WeakSet = weakref.WeakSet()


class TimedPattern:
    """A compiled pack pattern whose every search runs under a timeout.

    Compiled when made (so pack errors name their line) unless
    ``COMPILE_PATTERNS`` is off, in which case on first use."""

    __slots__ = ("_compiled", "pattern", "flags", "_prefilter", "__weakref__")

    def __init__(self, source: str, flags: int = FLAGS):
        self.pattern, self.flags = source, flags
        self._compiled = regex.compile(source, flags) if COMPILE_PATTERNS.get() else None
        self._prefilter = False  # not yet worked out
        _UNSETTLED.add(self)

    @property
    def prefilter(self):
        """The literals a match must contain (see :mod:`ketalint.prefilter`), or None."""
        if self._prefilter is False:
            self._prefilter = prefilter(self.pattern) if self.flags & regex.I else None
            if self._prefilter is not None:
                WORD_LITERALS.add(self._prefilter)
            _UNSETTLED.discard(self)
        return self._prefilter

    @property
    def compiled(self) -> regex.Pattern:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self.flags)
        return self._compiled

    def _call(self, method, string, pos, endpos):
        try:
            return method(string, 0 if pos is None else pos,
                          len(string) if endpos is None else endpos, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def search(self, string, pos=None, endpos=None):
        return self._call(self.compiled.search, string, pos, endpos)

    def finditer(self, string, pos=None, endpos=None):
        # Materialised so that the timeout covers the whole scan.
        return iter(self._call(lambda s, p, e, timeout: list(self.compiled.finditer(s, p, e, timeout=timeout)),
                               string, pos, endpos))

    def findall(self, string, pos=None, endpos=None):
        return self._call(self.compiled.findall, string, pos, endpos)

    def candidates(self, space: SearchSpace) -> set[tuple[int, int]]:
        """The spans of ``space`` (sentences) that may hold a match: those with
        the pattern's required literals, a superset of those with a match of
        their own. Worked out once per space."""
        hits = space.memo.get(self)
        if hits is None:
            while _UNSETTLED:  # complete the word-literal table first (see _UNSETTLED)
                _UNSETTLED.pop().prefilter
            hits = space.candidates(self.prefilter) if self.prefilter is not None \
                else self._scan(space)
            space.memo[self] = hits
        return hits

    def search_sentence(self, space: SearchSpace, sentence):
        """``search(sentence.text)``, skipped where the prefilter rules a match
        out; ``sentence`` is one of the spans of ``space``."""
        if (sentence.start, sentence.end) not in self.candidates(space):
            return None
        return self.search(sentence.text)

    def finditer_sentence(self, space: SearchSpace, sentence):
        """``finditer(sentence.text)``, skipped like :meth:`search_sentence`."""
        if (sentence.start, sentence.end) not in self.candidates(space):
            return iter(())
        return self.finditer(sentence.text)

    def _scan(self, space: SearchSpace) -> set[tuple[int, int]]:
        """Without a prefilter: one regex scan per stretch of up to SCAN_CHARS
        characters instead of one search per span (a search call costs more
        than the few characters it reads), marking every span a match
        overlaps."""
        text, spans, starts = space.text, space.spans, space.starts
        hits: set[tuple[int, int]] = set()
        i = 0
        while i < len(spans):
            j = i
            while j + 1 < len(spans) and spans[j + 1][1] - spans[i][0] <= SCAN_CHARS:
                j += 1
            for m in self.finditer(text, spans[i][0], spans[j][1]):
                end = max(m.end(), m.start() + 1)
                k = max(bisect.bisect_right(starts, m.start()) - 1, i)
                while k <= j and spans[k][0] < end:
                    if spans[k][1] > m.start():
                        hits.add(spans[k])
                    k += 1
            i = j + 1
        return hits
