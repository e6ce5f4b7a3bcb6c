"""Pack patterns: regular expressions searched under a timeout (see
:mod:`.watchdog`), and only where their literal prefilter (see
:mod:`.literal_analysis` and :mod:`.prefilter`) says a match can be.

Every regex a rule pack supplies (rules, lexicon, modifier cues) is a
:class:`TimedPattern`, so a pattern that backtracks catastrophically stops with
:class:`PatternTimeout` instead of hanging a run.
"""
from __future__ import annotations

import itertools
import re
import time
import weakref
from contextvars import ContextVar
from typing import Literal

from . import watchdog
from .literal_analysis import Prefilter, parse, prefilter
from .pattern_analyses import STORED
from .prefilter import WORD_LITERALS, SearchSpace
from .watchdog import WATCH, PatternFailure, PatternTimeout

# regex's flag values are the standard library's, and V0 (re-compatible) is its default.
FLAGS = re.IGNORECASE
def _regex():
    """The ``regex`` module, imported on first compile: commands that only
    describe rules never pay for it."""
    import regex
    return regex


#: False while loading packs for commands that only describe rules (``rules``,
#: ``explain``) or may be answered from the cache: pattern syntax is not checked
#: and prefilters are worked out on first use.
COMPILE_PATTERNS: ContextVar[bool] = ContextVar("COMPILE_PATTERNS", default=True)


#: Patterns whose prefilter is not worked out yet. All of them are worked out
#: before the first search of a document: each new word literal empties the
#: table of words and makes every search space build its word index again.
_UNSETTLED: weakref.WeakSet = weakref.WeakSet()


class TimedPattern:
    """A pack pattern whose every search runs under a timeout.

    Its syntax is checked when it is made, so pack errors name their line:
    with the standard library's parser, which also gives the prefilter, or,
    for syntax only ``regex`` knows, by compiling it. Compiling waits for the
    first search: it is most of a pack's load time, and a small file needs few
    patterns. With ``COMPILE_PATTERNS`` off nothing is checked."""

    __slots__ = ("_compiled", "pattern", "flags", "_prefilter", "parts", "__weakref__")

    def __init__(self, source: str, flags: int = FLAGS, parts: tuple["TimedPattern", ...] = ()):
        self.pattern, self.flags = source, flags
        self._compiled = None
        #: The alternatives of a pattern made from a list (see
        #: :func:`compile_any`), each searched only where its own prefilter
        #: allows; their matches are merged as the joined pattern would give them.
        self.parts = parts
        self._prefilter: Prefilter | None | Literal[False] = False  # False: not yet worked out
        if parts:
            self._prefilter = None
        elif COMPILE_PATTERNS.get():
            known, analysis = STORED.get(source) if flags == FLAGS else (False, None)
            if known:  # its syntax was checked when it was stored
                self._set_prefilter(analysis)
                return
            tree = parse(source)
            if tree is None:
                self._compiled = _regex().compile(source, flags)  # raises regex.error if invalid
            analysis = self._settle(tree)
            if flags == FLAGS:
                STORED.learn(source, analysis)
        else:
            _UNSETTLED.add(self)

    def _settle(self, tree=None) -> Prefilter | None:
        known, analysis = STORED.get(self.pattern) if self.flags == FLAGS else (False, None)
        if not known:
            analysis = prefilter(self.pattern, tree) if self.flags & re.IGNORECASE else None
        self._set_prefilter(analysis)
        return analysis

    def _set_prefilter(self, required: Prefilter | None) -> None:
        self._prefilter = required
        if required is not None:
            WORD_LITERALS.add(required)
        _UNSETTLED.discard(self)

    @property
    def prefilter(self):
        """The literals a match must contain (see :mod:`ketalint.literal_analysis`), or None."""
        if self._prefilter is False:
            self._settle()
        return self._prefilter

    @property
    def compiled(self):
        """The compiled ``regex`` pattern."""
        if self._compiled is None:
            regex = _regex()
            try:
                self._compiled = regex.compile(self.pattern, self.flags)
            except regex.error as exc:
                raise PatternFailure(self.pattern, f"a pattern does not compile ({exc})") from None
        return self._compiled

    def _call(self, method, string, pos, endpos):
        pos = 0 if pos is None else pos
        endpos = len(string) if endpos is None else endpos
        if WATCH.on:
            WATCH.pattern, WATCH.started = self.pattern, time.monotonic()
            try:
                return method(string, pos, endpos)
            finally:
                WATCH.pattern = None
        try:
            return method(string, pos, endpos, timeout=WATCH.search_timeout())
        except TimeoutError:
            raise WATCH.timed_out(self.pattern) from None

    def search(self, string, pos=None, endpos=None):
        if self.parts:
            return next(_merged(self.parts, string, pos, endpos), None)
        return self._call(self.compiled.search, string, pos, endpos)

    def finditer(self, string, pos=None, endpos=None):
        if self.parts:
            return _merged(self.parts, string, pos, endpos)
        # Materialised so that the timeout covers the whole scan.
        return iter(self._call(lambda s, p, e, **timeout: list(self.compiled.finditer(s, p, e, **timeout)),
                               string, pos, endpos))

    def matches(self, string, pos=None, endpos=None):
        """The matches of ``finditer``, found lazily: one search first, and the
        rest only if the caller asks (most stop at the first)."""
        if self.parts:
            yield from _merged(self.parts, string, pos, endpos)
            return
        first = self.search(string, pos, endpos)
        if first is not None:
            yield first
            yield from itertools.islice(self.finditer(string, pos, endpos), 1, None)

    def candidate_mask(self, space: SearchSpace) -> int:
        """The spans of ``space`` (sentences) that may hold a match, as a mask
        (see :meth:`SearchSpace.candidate_mask`): those with the pattern's
        required literals, a superset of those with a match of their own.
        Worked out once per space."""
        hits = space.memo.get(self)
        if hits is None:
            if self.parts:
                hits = 0
                for part in self.parts:
                    hits |= part.candidate_mask(space)
            else:
                while _UNSETTLED:  # complete the word-literal table first (see _UNSETTLED)
                    _UNSETTLED.pop()._settle()
                hits = space.candidate_mask(self.prefilter) if self.prefilter is not None \
                    else self._matching_spans(space)
            space.memo[self] = hits
        return hits

    def candidates(self, space: SearchSpace) -> list[tuple[int, int]]:
        """The spans of ``space`` that may hold a match, in order."""
        return space.spans_of(self.candidate_mask(space))

    def _matching_spans(self, space: SearchSpace) -> int:
        """Without a prefilter: the mask of the spans with a match, each
        searched as a string of its own (anchors and lookarounds see its
        edges), all within one PATTERN_TIMEOUT, so a slow pattern costs a file
        seconds, not seconds per sentence."""
        deadline = time.monotonic() + watchdog.PATTERN_TIMEOUT
        hits = 0
        for k, (start, end) in enumerate(space.spans):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PatternTimeout(self.pattern)
            try:
                if self.compiled.search(space.text[start:end], timeout=WATCH.search_timeout(remaining)):
                    hits |= 1 << k
            except TimeoutError:
                raise WATCH.timed_out(self.pattern) from None
        return hits

    def search_sentence(self, space: SearchSpace, sentence, pos=None, endpos=None):
        """``search(sentence.text, pos, endpos)``, skipped where the prefilter
        rules a match out; ``sentence`` is one of the spans of ``space``. A
        whole-sentence search is answered once per space: rules and document
        conditions that share a pattern ask the same sentence again."""
        if not space.holds(self.candidate_mask(space), (sentence.start, sentence.end)):
            return None
        if pos is not None or endpos is not None:
            return next(self.finditer_sentence(space, sentence, pos, endpos), None)
        key = (self, sentence.start)
        if key not in space.memo:
            space.memo[key] = next(self.finditer_sentence(space, sentence), None)
        return space.memo[key]

    def finditer_sentence(self, space: SearchSpace, sentence, pos=None, endpos=None):
        """The matches in ``sentence.text`` (lazily, see :meth:`matches`),
        skipped like :meth:`search_sentence`."""
        return self.finditer_span(space, (sentence.start, sentence.end), sentence.text, pos, endpos)

    def finditer_span(self, space: SearchSpace, span: tuple[int, int], text: str | None = None,
                      pos=None, endpos=None):
        """The matches in ``space.text[span]`` (``text``, when the caller has
        it), searched as a string of its own, lazily; a part of a split pattern
        is searched only where its own prefilter allows."""
        if not space.holds(self.candidate_mask(space), span):
            return iter(())
        if text is None:
            text = space.text[span[0]:span[1]]
        if self.parts:
            return _merged([p for p in self.parts if space.holds(p.candidate_mask(space), span)],
                           text, pos, endpos)
        return self.matches(text, pos, endpos)


def _merged(parts, string, pos=None, endpos=None):
    """The matches of the alternation of ``parts`` in ``string``, leftmost
    first and, at one position, the earlier part first, each match ending
    where the next search begins: what the joined pattern finds."""
    pos = 0 if pos is None else pos
    endpos = len(string) if endpos is None else endpos
    heads = [part.search(string, pos, endpos) for part in parts]
    while True:
        best = None
        for k, m in enumerate(heads):
            if m is not None and (best is None or m.start() < heads[best].start()):
                best = k
        if best is None:
            return
        m = heads[best]
        yield m
        after = m.end() if m.end() > m.start() else m.end() + 1
        if after > endpos:
            return
        for k, other in enumerate(heads):
            if other is not None and other.start() < after:
                heads[k] = parts[k].search(string, after, endpos)


def join_alternatives(patterns: list[str]) -> str:
    """One regex source matching what any of ``patterns`` matches."""
    return "|".join(f"(?:{p})" for p in patterns)


class InvalidPattern(Exception):
    """``index`` is the item of a list that does not compile; ``error`` says why."""

    def __init__(self, index: int | None, error: Exception):
        super().__init__(str(error))
        self.index, self.error = index, error


#: Patterns made by :func:`compile_any`, by source: rules that share a named
#: pattern ("@promotional" in two document rules, "@minimising" in a pattern
#: rule and a condition) share one object, and so its per-document candidates.
_MADE: dict[tuple[str, bool], TimedPattern] = {}


def compile_any(items: list[str]) -> TimedPattern:
    """The pattern matching any of ``items``, compiled once.

    Several items make a split pattern: each is a part with a prefilter of its
    own, so a costly alternative is searched only in the sentences that hold
    its literals, not wherever any alternative's literals are. A part is
    checked alone, so an error names the item at fault."""
    source = join_alternatives(items)
    key = (source, COMPILE_PATTERNS.get())
    made = _MADE.get(key)
    if made is not None:
        return made
    if len(items) > 1:
        parts = []
        for i, item in enumerate(items):
            try:
                parts.append(compile_any([item]))
            except InvalidPattern as exc:
                raise InvalidPattern(i, exc.error) from None
        made = _MADE[key] = TimedPattern(source, parts=tuple(parts))
        return made
    try:
        made = _MADE[key] = TimedPattern(source)
        return made
    except _regex().error as exc:  # (an except clause is evaluated only on an exception)
        raise InvalidPattern(0, exc) from None
