"""Pattern analyses kept between runs, so that a start does not parse every
pack pattern again.

Checking a pack pattern's syntax with the standard library's parser and working
out its literal prefilter (see :mod:`ketalint.literal_analysis`) is most of the time a
rule pack takes to load, yet the answer depends only on the pattern's text and
the code that analyses it. So the analyses made while one set of pack files
loads are stored, and the next run on the same files reads them instead of
parsing: a pattern found there has valid syntax (it was checked when it was
stored) and has the stored prefilter.

They are stored as an entry of the results cache's kind (see
:mod:`ketalint.cache`), in the user's cache folder, never in the work tree,
under a key made of the pack files' text, the ketalint version, the Python
version (whose parser reads the patterns) and the text of the analysing code
itself. Entries are signed with the user's key like result entries, so an entry
that is missing, forged, damaged or not shaped as analyses is simply not used,
and the patterns are analysed afresh: a bad entry costs time, never findings.
"""
from __future__ import annotations

# (hashlib is imported where it is used: it costs commands that only describe
# rules a few milliseconds, and they never look a pattern up.)
import os
import sys
from typing import Any, Iterable

from . import __version__
from .literal_analysis import Prefilter

#: The analyses of one pattern source: None when it has no prefilter.
Analysis = Prefilter | None


def _code_digest() -> bytes:
    """The text of the modules whose rules make an analysis."""
    import hashlib

    from . import literal_analysis, patterns
    hasher = hashlib.sha256()
    for module in (literal_analysis, patterns):
        with open(module.__file__ or "", "rb") as fh:
            hasher.update(fh.read())
    return hasher.digest()


def _to_json(analysis: Analysis) -> list | None:
    return None if analysis is None else [[sorted(factor) for factor in alt] for alt in analysis]


def _from_json(value: Any) -> Analysis:
    """The analysis ``value`` holds; ValueError when it is not shaped as one."""
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise ValueError("not a list of alternatives")
    alternatives = []
    for alt in value:
        if not isinstance(alt, list) or not alt:
            raise ValueError("not a list of factors")
        factors = []
        for factor in alt:
            if not isinstance(factor, list) or not factor or \
                    not all(isinstance(literal, str) and literal for literal in factor):
                raise ValueError("not a list of literals")
            factors.append(frozenset(factor))
        alternatives.append(tuple(factors))
    return tuple(alternatives)


class StoredAnalyses:
    """The analyses of the patterns of one set of pack files: those read from
    the cache (on first use) and those made in this process, to be stored
    with the ones this process used (so that what no run uses is dropped)."""

    def __init__(self) -> None:
        #: The pack files' text, hashed only when a pattern is looked up:
        #: commands that only describe rules never pay for it.
        self._texts: tuple[str, ...] | None = None
        self._texts_digest: str | None = None
        self._known: dict[str, Analysis] | None = None
        self._used: set[str] = set()
        self._learned: dict[str, Analysis] = {}

    def use(self, pack_texts: Iterable[str]) -> None:
        """Work with the analyses of the packs whose files hold ``pack_texts``;
        nothing is read until a pattern is looked up."""
        texts = tuple(pack_texts)
        if texts != self._texts:
            self._texts, self._texts_digest, self._known, self._used, self._learned = texts, None, None, set(), {}

    def _digest(self) -> str | None:
        """The key of the packs' entry (None before :meth:`use`)."""
        if self._texts_digest is None and self._texts is not None:
            import hashlib
            hasher = hashlib.sha256()
            for text in self._texts:
                hasher.update(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
            self._texts_digest = hasher.hexdigest()
        return self._texts_digest

    def get(self, source: str) -> tuple[bool, Analysis]:
        """(whether ``source`` has a stored analysis, the analysis)."""
        if self._texts is None:
            return False, None
        if self._known is None:
            self._known = self._read()
        if source in self._known:
            self._used.add(source)
            return True, self._known[source]
        if source in self._learned:
            return True, self._learned[source]
        return False, None

    def learn(self, source: str, analysis: Analysis) -> None:
        """Record the analysis of a pattern whose syntax has just been checked."""
        if self._texts is not None:
            self._learned[source] = analysis

    def store(self) -> None:
        """Store what this process learned with what was read, if it learned anything."""
        if not self._learned:
            return
        digest = self._digest()
        if digest is None:
            return
        known = self._known if self._known is not None else self._read()
        kept = {**{s: known[s] for s in self._used if s in known}, **self._learned}
        cache = self._cache()
        cache.put(digest, {"patterns": {s: _to_json(a) for s, a in kept.items()}})
        cache.prune()
        self._known, self._used, self._learned = {**known, **self._learned}, set(kept), {}

    def _cache(self):
        import hashlib

        from .cache import Cache, user_cache_folder
        key = hashlib.sha256(repr((__version__, sys.version)).encode() + _code_digest()).hexdigest()[:20]
        return Cache(os.path.join(user_cache_folder(), "patterns"), key)

    def _read(self) -> dict[str, Analysis]:
        digest = self._digest()
        entry = self._cache().get(digest) if digest is not None else None
        patterns = entry.get("patterns") if entry is not None else None
        if not isinstance(patterns, dict):
            return {}
        try:
            return {source: _from_json(value) for source, value in patterns.items() if isinstance(source, str)}
        except ValueError:
            return {}


#: The analyses of the packs being loaded or used in this process.
STORED = StoredAnalyses()
