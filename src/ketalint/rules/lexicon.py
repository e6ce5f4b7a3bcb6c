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

from dataclasses import dataclass, field

import regex

from ..patterns import TimedPattern
from .yamlfile import PackError

ENTITY_LABELS = ("PRODUCT", "ROUTE", "INDICATION", "POPULATION", "SETTING", "REGULATOR",
                 "INSTITUTION", "RISK")
MODIFIER_KEYS = {"cues", "pseudo", "terminators", "direction", "max_tokens", "description"}
LEXICON_KEYS = {"entities", "generic_product", "vague_product", "qualifiers", "claims",
                "regulatory_negative", "clause_breaks", "anaphora", "patterns",
                "abbreviations", "description"}


def compile_regex(pattern, path: str, line: int, key: str) -> TimedPattern:
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
    vague_product: tuple[TimedPattern, str] | None
    qualifiers: dict[str, TimedPattern]
    claim_cues: dict[str, TimedPattern]
    negative_status: TimedPattern
    clause_breaks: TimedPattern
    anaphora: TimedPattern
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

    def compiled_groups(key: str) -> dict[str, TimedPattern]:
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
