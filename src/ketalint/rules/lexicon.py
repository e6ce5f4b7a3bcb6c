"""The pack's vocabulary: ``lexicon.yaml`` and ``modifiers.yaml``.

``lexicon.yaml`` holds

* ``entities``: ``{LABEL: {id: [phrase, ...]}}`` for the entity matcher (labels
  PRODUCT, ROUTE, INDICATION, POPULATION, SETTING, REGULATOR, INSTITUTION, RISK,
  TREATMENT: other treatments a page compares with, whose approvals are theirs);
* ``generic_product``: the id that plain "ketamine" resolves to, and
  ``vague_product``: ``{pattern, id}`` for "a version of ketamine";
* ``generic_use``: ``{indication, describing}``, the use the generic product
  is approved for and a regex for the word of that use when it only describes
  the generic product ("related to the anesthetic ketamine"): there it names
  no use of another product's claim, and an approval for that use alone of a
  product its sentence does not name ("the FDA approved it to induce
  anesthesia") is the generic product's (optional);
* ``qualifiers``: ``{indication id: regex}`` for paraphrased narrower
  indications, read anywhere in the sentence ("depression that has not
  improved after two antidepressants" is TRD);
* ``narrows``: ``{qualifier id: [indication id, ...]}``, the conditions a
  qualifier narrows (TRD narrows depression, not anesthesia): beside a
  condition it does not narrow, a qualifier elsewhere in the sentence is not
  the claim's (optional; a qualifier not listed narrows any);
* ``paraphrases``: ``{indication id: regex}`` for conditions named in other
  words, read in their claim's clause ("approved as an antidepressant");
* ``claims``: ``{claim type: [regex, ...]}``, the cues of each claim type;
* ``regulatory_negative``: cues that are themselves a negative status
  ("off-label", "unapproved", "non-FDA-approved");
* ``regulatory_pending``: cues of an approval still to come ("if approved",
  "seeking approval", "before it can be authorised"): status ``pending``,
  neither approved nor a denial (optional);
* ``clause_breaks``, ``anaphora``: regexes used to scope claims;
* ``treatment_reference``: words that refer to the treatment a page is about
  without naming it ("it", "our infusions", "the therapy"): a claim whose
  sentence holds one before its cue is about the page's product;
* ``patterns``: named regexes that rules, claim cues, qualifiers and
  paraphrases reuse as ``"@name"``;
* ``abbreviations``: words whose period ends no sentence.

``modifiers.yaml`` maps each modifier (negated, hedged, restricted, attributed,
evidence-appeal) to its ``cues``, ``pseudo`` cues, ``terminators``,
``backward_terminators`` (words that stop only a scope running back from its cue),
``inner_backward_terminators`` (words that stop a scope running back from a cue
inside its sentence, but not from one that closes it: "promotes growth and may
ease pain" hedges only the easing; "how it helps X and Y is not fully
understood" hedges the whole), ``clause_subjects`` (words that open a new clause
after ", and", where a scope running forward stops: "X can cost you connections,
and ketamine helps them grow back"), ``direction`` and ``max_tokens`` (see :mod:`ketalint.nlp.context`). ``question`` needs no
cues (a sentence ending in "?" is one); its ``pseudo`` cues start questions that
assert rather than ask ("Why does ketamine work when nothing else does?").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, overload

from ..patterns import InvalidPattern, TimedPattern, compile_any, join_alternatives
from .yamlfile import PackError

ENTITY_LABELS = ("PRODUCT", "ROUTE", "INDICATION", "POPULATION", "SETTING", "REGULATOR",
                 "INSTITUTION", "RISK", "TREATMENT")
MODIFIER_KEYS = {"cues", "pseudo", "terminators", "backward_terminators", "inner_backward_terminators",
                 "clause_subjects", "direction", "max_tokens", "description"}
LEXICON_KEYS = {"entities", "generic_product", "vague_product", "generic_use", "qualifiers", "narrows", "paraphrases", "claims",
                "regulatory_negative", "regulatory_pending", "clause_breaks", "anaphora", "treatment_reference", "patterns",
                "abbreviations", "description"}


def compile_regex(pattern, path: str, line: int | None, key: str) -> TimedPattern:
    return compile_regexes([pattern], path, line, key, listed=False)


def compile_regexes(items, path: str, line: int | None, key: str, listed: bool = True) -> TimedPattern:
    """One pattern for a list of regexes (``key[i]`` names a bad item)."""
    items = items if isinstance(items, list) else [items]
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item:
            raise PackError(path, line, f"{key}[{i}]" if listed else key,
                            "must be a non-empty string (a regular expression)")
    try:
        return compile_any(items)
    except InvalidPattern as exc:
        where = f"{key}[{exc.index}]" if listed and exc.index is not None else key
        raise PackError(path, line, where, f"invalid regular expression: {exc.error}") from None


@dataclass
class Lexicon:
    data: dict
    generic_product: str
    vague_product: tuple[TimedPattern, str] | None
    generic_use: tuple[str, TimedPattern] | None
    qualifiers: dict[str, TimedPattern]
    narrows: dict[str, frozenset[str]]
    paraphrases: dict[str, TimedPattern]
    claim_cues: dict[str, TimedPattern]
    negative_status: TimedPattern
    pending_status: TimedPattern | None
    clause_breaks: TimedPattern
    anaphora: TimedPattern
    treatment_reference: TimedPattern | None
    patterns: dict[str, str] = field(default_factory=dict)
    #: The items of each named pattern, for a list item that is just "@name".
    pattern_items: dict[str, list[str]] = field(default_factory=dict)
    # A regex pattern like the pack's, so that \b means what it means there.
    year: TimedPattern = field(default_factory=lambda: TimedPattern(r"\b(?:19|20)\d{2}s?\b"))

    def expand(self, pattern: str) -> str:
        """Replace ``@name`` references to named lexicon patterns."""
        return _expand(pattern, self.patterns)

    def expand_items(self, items: list[str]) -> list[str]:
        """``items`` with references expanded; an item that is just ``@name``
        becomes that pattern's items (so each keeps its own prefilter)."""
        return expand_items(items, self.pattern_items)


def expand_items(items: list, named: dict[str, list[str]]) -> list:
    """See :meth:`Lexicon.expand_items`; ``named`` maps names to items."""
    out, sources = [], None
    for item in items:
        whole = _WHOLE_REFERENCE.fullmatch(item) if isinstance(item, str) else None
        if whole:
            if whole.group(1) not in named:
                raise KeyError(whole.group(1))
            out.extend(named[whole.group(1)])
        elif isinstance(item, str) and "@" in item:
            if sources is None:
                sources = {k: join_alternatives(v) for k, v in named.items()}
            out.append(_expand(item, sources))
        else:
            out.append(item)
    return out


_WHOLE_REFERENCE = re.compile(r"\s*@([a-z][a-z0-9_-]*)\s*")


def _expand(pattern: str, named: dict[str, str]) -> str:
    """``pattern`` with each ``@name`` replaced by the named pattern (KeyError
    naming an unknown one)."""
    def sub(m):
        name = m.group(1)
        if name not in named:
            raise KeyError(name)
        return f"(?:{named[name]})"
    return re.sub(r"(?<!\\)@([a-z][a-z0-9_-]*)", sub, pattern)


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


def _line(mapping, key) -> int | None:
    """The line of ``key`` (None in a mapping merged from several files)."""
    return mapping.line_of(key) if hasattr(mapping, "line_of") else None


@overload
def compile_lexicon(data: dict, path: str, partial: Literal[False] = False) -> Lexicon: ...
@overload
def compile_lexicon(data: dict, path: str, partial: Literal[True]) -> None: ...


def compile_lexicon(data: dict, path: str, partial: bool = False) -> Lexicon | None:
    """The compiled lexicon; with ``partial`` (a user pack's lexicon.yaml, which
    adds to the built-in one) only what ``data`` holds is checked, and nothing
    is returned."""
    if not isinstance(data, dict):
        raise PackError(path, 1, None, "must be a mapping")
    for key in data:
        if key not in LEXICON_KEYS:
            raise PackError(path, _line(data, key), key,
                            f"unknown key (allowed: {', '.join(sorted(LEXICON_KEYS))})")

    def mapping(key: str) -> dict:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise PackError(path, _line(data, key), key, "must be a mapping")
        return value

    entities = mapping("entities")
    for label, groups in entities.items():
        if label not in ENTITY_LABELS:
            raise PackError(path, _line(entities, label), f"entities.{label}",
                            f"unknown entity label (allowed: {', '.join(ENTITY_LABELS)})")
        if not isinstance(groups, dict):
            raise PackError(path, _line(entities, label), f"entities.{label}",
                            "must map ids to lists of phrases")
        for ent_id, phrases in groups.items():
            if not isinstance(phrases, list) or not all(isinstance(p, str) and p for p in phrases):
                raise PackError(path, _line(groups, ent_id), f"entities.{label}.{ent_id}",
                                "must be a list of phrases")

    narrows = mapping("narrows")
    for qualifier, conditions in narrows.items():
        if not isinstance(conditions, list) or not all(isinstance(c, str) and c for c in conditions):
            raise PackError(path, _line(narrows, qualifier), f"narrows.{qualifier}",
                            "must be a list of indication ids")

    def patterns_of(key: str) -> TimedPattern | None:
        if partial and key not in data:
            return None
        return compile_regexes(data.get(key), path, _line(data, key), key)

    def compiled_groups(key: str, named: dict[str, list[str]] | None = None) -> dict[str, TimedPattern]:
        """``{name: [regex, ...]}`` under ``key`` -> one pattern per name, with
        ``@name`` references to ``named`` patterns expanded (as each name is
        compiled, ``named`` gains it when it is ``key``'s own dict)."""
        groups = mapping(key)
        compiled = {}
        for name, items in groups.items():
            if named is not None and isinstance(items, list):
                try:
                    items = expand_items(items, named)
                except KeyError as exc:
                    raise PackError(path, _line(groups, name), f"{key}.{name}",
                                    f"unknown named pattern @{exc.args[0]}") from None
            compiled[name] = compile_regexes(items, path, _line(groups, name), f"{key}.{name}")
            if key == "patterns" and named is not None:
                named[name] = list(items)
        return compiled

    # Named patterns may use the ones listed before them; claim cues,
    # qualifiers and paraphrases use any.
    # (A user pack's lexicon may name built-in patterns: checked once merged.)
    named: dict[str, list[str]] | None = None if partial else {}
    compiled_groups("patterns", named)
    cues = compiled_groups("claims", named)
    qualifiers = compiled_groups("qualifiers", named)
    paraphrases = compiled_groups("paraphrases", named)
    negative_status = patterns_of("regulatory_negative")
    pending_status = patterns_of("regulatory_pending") if "regulatory_pending" in data else None
    clause_breaks = patterns_of("clause_breaks")
    anaphora = patterns_of("anaphora")
    treatment_reference = patterns_of("treatment_reference") if "treatment_reference" in data else None

    vague = data.get("vague_product")
    vague_compiled = None
    if vague:
        if not isinstance(vague, dict) or set(vague) != {"pattern", "id"}:
            raise PackError(path, _line(data, "vague_product"), "vague_product", "needs 'pattern' and 'id'")
        vague_compiled = (compile_regex(vague["pattern"], path, _line(vague, "pattern"),
                                        "vague_product.pattern"), vague["id"])
    use = data.get("generic_use")
    use_compiled = None
    if use:
        if not isinstance(use, dict) or set(use) != {"indication", "describing"}:
            raise PackError(path, _line(data, "generic_use"), "generic_use", "needs 'indication' and 'describing'")
        use_compiled = (str(use["indication"]), compile_regex(use["describing"], path, _line(use, "describing"),
                                                              "generic_use.describing"))
    generic = data.get("generic_product")
    if partial and generic is None:
        return None
    if not isinstance(generic, str):
        raise PackError(path, _line(data, "generic_product"), "generic_product", "must name a PRODUCT id")
    if partial:
        return None
    # Only a partial lexicon may lack these (see patterns_of and named above).
    assert named is not None and negative_status is not None
    assert clause_breaks is not None and anaphora is not None
    return Lexicon(
        data=data, generic_product=generic, vague_product=vague_compiled, generic_use=use_compiled,
        qualifiers=qualifiers, narrows={q: frozenset(c) for q, c in narrows.items()},
        paraphrases=paraphrases, claim_cues=cues, negative_status=negative_status,
        pending_status=pending_status,
        clause_breaks=clause_breaks, anaphora=anaphora, treatment_reference=treatment_reference,
        patterns={name: join_alternatives(items) for name, items in named.items()}, pattern_items=named)


def validate_modifiers(data: dict, path: str) -> dict:
    if not isinstance(data, dict):
        raise PackError(path, 1, None, "must map modifier names to their cues")
    for kind, spec in data.items():
        where = data.line_of(kind) if hasattr(data, "line_of") else None
        if not isinstance(spec, dict) or "cues" not in spec and kind != "question":
            raise PackError(path, where, kind, "needs a list of 'cues'")
        for key in spec:
            if key not in MODIFIER_KEYS:
                raise PackError(path, _line(spec, key), f"{kind}.{key}",
                                f"unknown key (allowed: {', '.join(sorted(MODIFIER_KEYS))})")
        if spec.get("direction", "forward") not in ("forward", "backward", "both"):
            raise PackError(path, _line(spec, "direction"), f"{kind}.direction",
                            "must be forward, backward or both")
        for key in ("cues", "pseudo", "terminators", "backward_terminators", "inner_backward_terminators",
                    "clause_subjects"):
            value = spec.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise PackError(path, _line(spec, key), f"{kind}.{key}", "must be a list of strings")
            for v in value:
                if v.startswith("re:"):
                    compile_regex(v[3:], path, _line(spec, key), f"{kind}.{key}")
    # Plain dicts for spaCy's config system.
    return {k: {kk: (list(vv) if isinstance(vv, list) else vv) for kk, vv in v.items()
                if kk != "description"} for k, v in data.items()}
