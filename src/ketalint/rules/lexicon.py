"""The pack's vocabulary: ``lexicon.yaml`` and ``modifiers.yaml``.

``lexicon.yaml`` holds

* ``entities``: ``{LABEL: {id: [phrase, ...]}}`` for the entity ruler (labels
  PRODUCT, ROUTE, INDICATION, POPULATION, SETTING, REGULATOR, INSTITUTION, RISK);
* ``generic_product``: the id that plain "ketamine" resolves to, and
  ``vague_product``: ``{pattern, id}`` for "a version of ketamine";
* ``qualifiers``: ``{indication id: regex}`` for paraphrased indications
  ("depression that has not improved after two antidepressants" is TRD);
* ``claims``: ``{claim type: [regex, ...]}``, the cues of each claim type;
* ``regulatory_negative``: cues that are themselves a negative status
  ("off-label", "unapproved", "non-FDA-approved");
* ``clause_breaks``, ``anaphora``: regexes used to scope claims;
* ``patterns``: named regexes that rules reuse as ``"@name"``;
* ``abbreviations``: words whose period ends no sentence.

``modifiers.yaml`` maps each modifier (negated, hedged, restricted, attributed)
to its ``cues``, ``pseudo`` cues, ``terminators``, ``direction`` and
``max_tokens`` (see :mod:`ketalint.nlp.context`).
"""
from __future__ import annotations

import bisect
from contextvars import ContextVar
from dataclasses import dataclass, field

import regex

from ..prefilter import WORD_LITERALS, SearchSpace, prefilter
from .yamlfile import PackError

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


class TimedPattern:
    """A compiled pack pattern whose every search runs under a timeout.

    Compiled when made (so pack errors name their line) unless
    ``COMPILE_PATTERNS`` is off, in which case on first use."""

    __slots__ = ("_compiled", "pattern", "flags", "_prefilter")

    def __init__(self, source: str, flags: int = FLAGS):
        self.pattern, self.flags = source, flags
        self._compiled = regex.compile(source, flags) if COMPILE_PATTERNS.get() else None
        self._prefilter = False  # not yet worked out

    @property
    def prefilter(self):
        """The literals a match must contain (see :mod:`ketalint.prefilter`), or None."""
        if self._prefilter is False:
            self._prefilter = prefilter(self.pattern) if self.flags & regex.I else None
            if self._prefilter is not None:
                WORD_LITERALS.add(self._prefilter)
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


ENTITY_LABELS = ("PRODUCT", "ROUTE", "INDICATION", "POPULATION", "SETTING", "REGULATOR",
                 "INSTITUTION", "RISK")
MODIFIER_KEYS = {"cues", "pseudo", "terminators", "direction", "max_tokens", "description"}
LEXICON_KEYS = {"entities", "generic_product", "vague_product", "qualifiers", "claims",
                "regulatory_negative", "clause_breaks", "anaphora", "patterns",
                "abbreviations", "description"}


def compile_regex(pattern, path: str, line: int, key: str) -> regex.Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise PackError(path, line, key, "must be a non-empty string (a regular expression)")
    try:
        return TimedPattern(pattern)
    except regex.error as exc:
        raise PackError(path, line, key, f"invalid regular expression: {exc}") from None


def join_alternatives(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@dataclass
class Lexicon:
    data: dict
    generic_product: str
    vague_product: tuple[regex.Pattern, str] | None
    qualifiers: dict[str, regex.Pattern]
    claim_cues: dict[str, regex.Pattern]
    negative_status: regex.Pattern
    clause_breaks: regex.Pattern
    anaphora: regex.Pattern
    patterns: dict[str, str] = field(default_factory=dict)
    year: regex.Pattern = field(default_factory=lambda: regex.compile(r"\b(?:19|20)\d{2}s?\b"))

    def expand(self, pattern: str) -> str:
        """Replace ``@name`` references to named lexicon patterns."""
        def sub(m):
            name = m.group(1)
            if name not in self.patterns:
                raise KeyError(name)
            return f"(?:{self.patterns[name]})"
        return regex.sub(r"@([a-z][a-z0-9_-]*)", sub, pattern)


def merge_lexicons(base: dict, extra: dict) -> dict:
    """A user pack's lexicon adds to the built-in one, key by key."""
    merged = {k: v for k, v in base.items()}
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            inner = dict(merged[key])
            for k, v in value.items():
                if isinstance(v, dict) and isinstance(inner.get(k), dict):
                    inner[k] = {**inner[k], **{kk: list(inner[k].get(kk, [])) + list(vv)
                                                for kk, vv in v.items()}}
                elif isinstance(v, list) and isinstance(inner.get(k), list):
                    inner[k] = list(inner[k]) + list(v)
                else:
                    inner[k] = v
            merged[key] = inner
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = list(merged[key]) + list(value)
        else:
            merged[key] = value
    return merged


def compile_lexicon(data: dict, path: str) -> Lexicon:
    if not isinstance(data, dict):
        raise PackError(path, 1, None, "must be a mapping")
    line = getattr(data, "line_of", lambda k: 1)
    for key in data:
        if key not in LEXICON_KEYS:
            raise PackError(path, line(key), key, f"unknown key (allowed: {', '.join(sorted(LEXICON_KEYS))})")
    entities = data.get("entities") or {}
    for label, groups in entities.items():
        if label not in ENTITY_LABELS:
            raise PackError(path, entities.line_of(label), f"entities.{label}",
                            f"unknown entity label (allowed: {', '.join(ENTITY_LABELS)})")
        if not isinstance(groups, dict):
            raise PackError(path, entities.line_of(label), f"entities.{label}",
                            "must map ids to lists of phrases")
        for ent_id, phrases in groups.items():
            if not isinstance(phrases, list) or not all(isinstance(p, str) and p for p in phrases):
                raise PackError(path, groups.line_of(ent_id), f"entities.{label}.{ent_id}",
                                "must be a list of phrases")

    def patterns_of(key: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        items = value if isinstance(value, list) else [value]
        for i, p in enumerate(items):
            compile_regex(p, path, line(key), f"{key}[{i}]")
        return join_alternatives(items)

    named = {}
    for name, pattern in (data.get("patterns") or {}).items():
        items = pattern if isinstance(pattern, list) else [pattern]
        for i, p in enumerate(items):
            compile_regex(p, path, data["patterns"].line_of(name), f"patterns.{name}[{i}]")
        named[name] = join_alternatives(items)

    def compiled_groups(key: str) -> dict[str, regex.Pattern]:
        """``{name: [regex, ...]}`` under ``key`` -> one pattern per name."""
        groups = {}
        for name, items in (data.get(key) or {}).items():
            items = items if isinstance(items, list) else [items]
            for i, p in enumerate(items):
                compile_regex(p, path, data[key].line_of(name), f"{key}.{name}[{i}]")
            groups[name] = TimedPattern(join_alternatives(items))
        return groups

    cues = compiled_groups("claims")
    qualifiers = compiled_groups("qualifiers")

    vague = data.get("vague_product")
    vague_compiled = None
    if vague:
        if not isinstance(vague, dict) or set(vague) != {"pattern", "id"}:
            raise PackError(path, line("vague_product"), "vague_product", "needs 'pattern' and 'id'")
        vague_compiled = (compile_regex(vague["pattern"], path, vague.line_of("pattern"),
                                        "vague_product.pattern"), vague["id"])
    generic = data.get("generic_product")
    if not isinstance(generic, str):
        raise PackError(path, line("generic_product"), "generic_product", "must name a PRODUCT id")
    lexicon = Lexicon(
        data=data, generic_product=generic, vague_product=vague_compiled,
        qualifiers=qualifiers, claim_cues=cues,
        negative_status=TimedPattern(patterns_of("regulatory_negative")),
        clause_breaks=TimedPattern(patterns_of("clause_breaks")),
        anaphora=TimedPattern(patterns_of("anaphora")),
        patterns=named)
    return lexicon


def validate_modifiers(data: dict, path: str) -> dict:
    if not isinstance(data, dict):
        raise PackError(path, 1, None, "must map modifier names to their cues")
    for kind, spec in data.items():
        where = data.line_of(kind) if hasattr(data, "line_of") else None
        if not isinstance(spec, dict) or "cues" not in spec:
            raise PackError(path, where, kind, "needs a list of 'cues'")
        for key in spec:
            if key not in MODIFIER_KEYS:
                raise PackError(path, spec.line_of(key), f"{kind}.{key}",
                                f"unknown key (allowed: {', '.join(sorted(MODIFIER_KEYS))})")
        if spec.get("direction", "forward") not in ("forward", "backward", "both"):
            raise PackError(path, spec.line_of("direction"), f"{kind}.direction",
                            "must be forward, backward or both")
        for key in ("cues", "pseudo", "terminators"):
            value = spec.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise PackError(path, spec.line_of(key), f"{kind}.{key}", "must be a list of strings")
            for v in value:
                if v.startswith("re:"):
                    compile_regex(v[3:], path, spec.line_of(key), f"{kind}.{key}")
    # Plain dicts for spaCy's config system.
    return {k: {kk: (list(vv) if isinstance(vv, list) else vv) for kk, vv in v.items()
                if kk != "description"} for k, v in data.items()}
