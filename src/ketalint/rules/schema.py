"""The rule schema, shared by built-in and user rule packs.

A rule file holds ``rules:``, a list of rules. Every rule has:

``id``          category prefix + 3 digits: FDA (fda-status), CLM (unsupported-claim),
                RSK (risk-disclosure), CIT (citation); e.g. ``FDA101``
``name``        kebab-case, e.g. ``ketamine-approved-for-psychiatric-use``
``category``    fda-status | unsupported-claim | risk-disclosure | citation
``severity``    error | warning | info
``kind``        pattern | claim | requires | document | structure (below)
``message``     what is wrong and what to write instead; ``{match}`` (the flagged
                text), ``{detail}`` (what a facts check found) and ``{product}``
                are filled in, and ``{deadline}`` from the facts' ``deadlines``
                entry the rule names with ``deadline:``. ``{product}`` names the
                product the finding is about as the facts' ``names`` give it
                ("ketamine", "esketamine (Spravato)"): a claim's product; for a
                sentence rule, the product its sentence names nearest the finding,
                else the product of its claims, else the page's; for a document
                rule, the product the page names most. Where no
                finding fills them (``explain``, SARIF rule help), ``{match}``
                and ``{detail}`` read "…" and ``{product}`` "the product".
``rationale``   why it matters, with its regulatory or evidentiary basis
``references``  sources (list of strings)
``suggestion``  optional: a replacement wording
``examples``    ``flag:`` texts that must raise this rule, ``pass:`` texts that must not;
                a flag example may pin its finding as ``{text: TEXT, span: WORDS}``
                (the words the finding underlines, or ``(document)``)

Kinds and their keys:

``pattern``    ``pattern``: a regex or list of regexes matched in each sentence
               (``@name`` inserts a named pattern from the lexicon).
``claim``      ``claim``: a filter on typed claims (``type``, ``status``,
               ``products``, ``product_source``, ``indication_groups``,
               ``without``) and ``check``: a facts check (see :mod:`.facts`).
``requires``   ``trigger``: ``{claim: TYPE}`` or ``{pattern: REGEX}``, which
               ``require: citation`` ``within: sentence | paragraph | lead-in``
               (``lead-in`` also accepts a source named in the next sentence).
``document``   ``applies_when``: conditions that must all hold, and
               ``satisfied_by``: conditions of which one clears the document.
               A condition is ``{claims: FILTER, min: N}``, ``{pattern: REGEX,
               min: N}``, ``{risk_groups: N, of: [RISK id, ...], not_in:
               REGEX, not_within: REGEX}`` (at least N of those groups of the
               lexicon's RISK entities are named, not negated, outside
               sentences ``not_in`` matches and outside the spans ``not_within``
               matches; without ``of``, any groups), ``{findings: [RULE id,
               ...], min: N}`` (those rules find N spans in the document, whether
               or not they are selected), ``{any: [CONDITION, ...]}`` (one of them
               holds) or ``{all: [CONDITION, ...]}`` (every one holds). A
               ``claims``, ``pattern`` or ``findings`` condition may give
               ``max: N`` in place of or beside ``min``: it holds when there
               are at most N (``{pattern: '@own_voice', max: 0}``: the page never speaks as "we" or to "you").
``structure``  ``check``: ``unresolved-marker`` or ``reference-without-locator``.

Optional for sentence kinds: ``when`` (``sentence``/``block``/``document``:
a regex that must match there; ``products``: a product id that must be the
subject), ``unless`` (modifier names ``negated``, ``hedged``, ``restricted``,
``attributed``, ``question``, ``cited``, or ``{sentence: REGEX}``), ``blocks``
(block kinds the rule reads; default all prose blocks).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, NoReturn

from ..claims import CLAIM_TYPES, MODIFIER_KINDS
from ..document import PROSE_KINDS
from .facts import CHECKS, Deadline
from ..patterns import InvalidPattern, TimedPattern, compile_any
from .lexicon import Lexicon
from .yamlfile import PackError, as_strings

CATEGORIES = {"fda-status": "FDA", "unsupported-claim": "CLM", "risk-disclosure": "RSK",
              "citation": "CIT"}
SEVERITIES = ("error", "warning", "info")
STRUCTURE_CHECKS = ("unresolved-marker", "reference-without-locator")
STATUSES = ("approved", "restricted", "not-approved")
COMMON_KEYS = {"id", "name", "category", "severity", "kind", "message", "rationale",
               "references", "suggestion", "examples", "when", "unless", "blocks", "deadline"}
CLAIM_FILTER_KEYS = {"type", "status", "products", "product_source", "indication_groups",
                     "without", "with"}
WHEN_KEYS = {"sentence", "block", "document", "products"}
TEMPLATE_FIELD = re.compile(r"\{(\w+)\}")
#: What a template field reads where no finding fills it.
#: The span of a flag example whose finding is about the whole document.
DOCUMENT_SPAN = "(document)"
UNFILLED = {"match": "…", "detail": "…", "product": "the product"}


def fill(template: str, values: dict) -> str:
    """``template`` with its fields filled from ``values``, else as UNFILLED says;
    a message that opens with a field opens with a capital ("Arketamine is ...")."""
    text = TEMPLATE_FIELD.sub(lambda m: str(values.get(m.group(1)) or UNFILLED.get(m.group(1), m.group(0))),
                              template)
    return text[:1].upper() + text[1:] if template.startswith("{") else text


@dataclass
class Rule:
    id: str
    name: str
    category: str
    severity: str
    kind: str
    message: str
    rationale: str
    references: list[str]
    suggestion: str | None
    examples: dict[str, list[str]]
    path: str
    line: int
    #: A pattern rule's regexes as one pattern.
    combined: TimedPattern | None = None
    claim: dict = field(default_factory=dict)
    check: str | None = None
    trigger: dict = field(default_factory=dict)
    within: str = "paragraph"
    applies_when: list[dict] = field(default_factory=list)
    satisfied_by: list[dict] = field(default_factory=list)
    when: dict = field(default_factory=dict)
    unless: list = field(default_factory=list)
    blocks: frozenset = PROSE_KINDS
    #: Flag example -> the words its finding must underline (``{text:, span:}``
    #: examples; ``(document)`` for a document finding).
    example_spans: dict = field(default_factory=dict)
    #: The facts' deadline the message's ``{deadline}`` states, if any.
    deadline: Deadline | None = None

    def fields(self) -> dict:
        """Template fields that do not depend on a finding."""
        return {"deadline": self.deadline.phrase()} if self.deadline is not None else {}

    def doc(self) -> dict:
        """The rule's documentation, as ``explain`` and reporters show it:
        the message with its fields filled or shown as "…", never as ``{match}``."""
        return {"id": self.id, "name": self.name, "category": self.category,
                "severity": self.severity, "kind": self.kind,
                "message": fill(self.message, self.fields()),
                "rationale": self.rationale, "references": self.references,
                "suggestion": self.suggestion, "examples": self.examples,
                "source": f"{self.path}:{self.line}"}


class _Ctx:
    def __init__(self, path: str, data: dict, index: int):
        self.path, self.data, self.index = path, data, index

    def fail(self, key: str | None, message: str, mapping=None) -> NoReturn:
        mapping = mapping if mapping is not None else self.data
        line = mapping.line_of(key) if key and hasattr(mapping, "line_of") else getattr(mapping, "line", None)
        rid = self.data.get("id") if isinstance(self.data, dict) else None
        label = f"rules[{self.index}]" + (f" ({rid})" if isinstance(rid, str) else "")
        raise PackError(self.path, line, f"{label}.{key}" if key else label, message)

    def regex(self, pattern, key: str, lexicon: Lexicon, mapping=None) -> TimedPattern:
        return self.regexes([pattern], key, lexicon, mapping)

    def regexes(self, patterns: list, key: str, lexicon: Lexicon, mapping=None) -> TimedPattern:
        """One pattern for ``patterns``, ``@name`` references expanded."""
        for pattern in patterns:
            if not isinstance(pattern, str) or not pattern.strip():
                self.fail(key, "must be a non-empty regular expression", mapping)
        try:
            expanded = lexicon.expand_items(patterns)
        except KeyError as exc:
            self.fail(key, f"unknown named pattern @{exc.args[0]}", mapping)
        try:
            return compile_any(expanded)
        except InvalidPattern as exc:
            self.fail(key, f"invalid regular expression: {exc.error}", mapping)


def _string_list(ctx: _Ctx, value, key: str, allowed=None, mapping=None) -> list[str]:
    strings = as_strings(value)
    if strings is None:
        ctx.fail(key, "must be a string or a list of strings", mapping)
    if allowed is not None:
        for v in strings:
            if v not in allowed:
                ctx.fail(key, f"unknown value {v!r} (allowed: {', '.join(allowed)})", mapping)
    return strings


def _claim_filter(ctx: _Ctx, spec, key: str, facts_products, groups) -> dict:
    if not isinstance(spec, dict):
        ctx.fail(key, "must be a mapping of claim filters")
    for k in spec:
        if k not in CLAIM_FILTER_KEYS:
            ctx.fail(key, f"unknown filter {k!r} (allowed: {', '.join(sorted(CLAIM_FILTER_KEYS))})")
    out = dict(spec)
    if "type" not in spec or spec["type"] not in CLAIM_TYPES:
        ctx.fail(key, f"needs 'type', one of: {', '.join(CLAIM_TYPES)}")
    if "status" in spec:
        out["status"] = _string_list(ctx, spec["status"], key, STATUSES, spec)
    if "products" in spec:
        out["products"] = _string_list(ctx, spec["products"], key, sorted(facts_products), spec)
    if "product_source" in spec:
        out["product_source"] = _string_list(ctx, spec["product_source"], key,
                                             ["sentence", "lead-in", "block", "reference", "document"], spec)
    if "indication_groups" in spec:
        out["indication_groups"] = _string_list(ctx, spec["indication_groups"], key, sorted(groups), spec)
    for k in ("without", "with"):
        if k in spec:
            out[k] = _string_list(ctx, spec[k], key, MODIFIER_KINDS, spec)
    return out


def _conditions(ctx: _Ctx, items, key: str, lexicon: Lexicon, facts) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not items:
        ctx.fail(key, "must be a non-empty list of conditions")
    out = []
    for cond in items:
        if not isinstance(cond, dict):
            ctx.fail(key, "each condition must be a mapping")
        if set(cond) in ({"any"}, {"all"}):
            (combinator,) = cond
            out.append({combinator: _conditions(ctx, cond[combinator], key, lexicon, facts)})
            continue
        kinds = {"claims", "pattern", "risk_groups", "findings"} & set(cond)
        if len(kinds) != 1 or set(cond) - {"claims", "pattern", "risk_groups", "findings", "min", "max", "of",
                                            "not_in", "not_within"} or \
                {"of", "not_in", "not_within"} & set(cond) and "risk_groups" not in cond or \
                {"min", "max"} & set(cond) and "risk_groups" in cond:
            ctx.fail(key, "a condition is {claims: FILTER, min: N}, {pattern: REGEX, min: N}, "
                          "{risk_groups: N, of: [RISK id, ...]}, {findings: [RULE id, ...], min: N}, "
                          "{any: [CONDITION, ...]} or {all: [...]} (max: N in place of or beside min)", cond)
        item: dict[str, Any] = {"min": cond.get("min", 0 if "max" in cond else 1)}
        if "max" in cond:
            item["max"] = cond["max"]
        if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in (item["min"], item.get("max", 0))) \
                or item["min"] > item.get("max", item["min"]):
            ctx.fail(key, "min and max must be whole numbers, 0 or more, min not above max", cond)
        if "claims" in cond:
            item["claims"] = _claim_filter(ctx, cond["claims"], key, facts.products,
                                           facts.indication_groups)
        elif "pattern" in cond:
            item["pattern"] = ctx.regex(cond["pattern"], key, lexicon, cond)
        elif "findings" in cond:
            # Checked against the rule set once every rule is built (see pack.py).
            item["findings"] = tuple(_string_list(ctx, cond["findings"], key, mapping=cond))
        else:
            if not isinstance(cond["risk_groups"], int) or cond["risk_groups"] < 1:
                ctx.fail(key, "risk_groups must be a positive integer", cond)
            item["risk_groups"] = cond["risk_groups"]
            if "of" in cond:
                known = set((lexicon.data.get("entities") or {}).get("RISK") or {})
                item["of"] = frozenset(_string_list(ctx, cond["of"], key, sorted(known), cond))
            for option in ("not_in", "not_within"):
                if option in cond:
                    item[option] = ctx.regex(cond[option], key, lexicon, cond)
        out.append(item)
    return out


def build_rule(data, path: str, index: int, lexicon: Lexicon, facts) -> Rule:
    ctx = _Ctx(path, data, index)
    if not isinstance(data, dict):
        raise PackError(path, None, f"rules[{index}]", "must be a mapping")
    for key in ("id", "name", "category", "severity", "kind", "message", "rationale",
                "references", "examples"):
        if key not in data:
            ctx.fail(None, f"missing required key '{key}'")
    kind = data["kind"]
    if kind not in KIND_READERS:
        ctx.fail("kind", f"unknown kind {kind!r} (allowed: {', '.join(KIND_READERS)})")
    for key in data:
        if key not in COMMON_KEYS | KIND_READERS[kind].keys:
            ctx.fail(key, f"unknown key for a {kind} rule")
    category = data["category"]
    if category not in CATEGORIES:
        ctx.fail("category", f"unknown category (allowed: {', '.join(CATEGORIES)})")
    rid = data["id"]
    if not isinstance(rid, str) or not re.fullmatch(CATEGORIES[category] + r"\d{3}", rid):
        ctx.fail("id", f"must be {CATEGORIES[category]} followed by 3 digits for category {category}")
    if not isinstance(data["name"], str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", data["name"]):
        ctx.fail("name", "must be kebab-case")
    if data["severity"] not in SEVERITIES:
        ctx.fail("severity", f"must be one of {', '.join(SEVERITIES)}")
    for key in ("message", "rationale"):
        if not isinstance(data[key], str) or not data[key].strip():
            ctx.fail(key, "must be a non-empty string")
    references = _string_list(ctx, data["references"], "references")
    if not references:
        ctx.fail("references", "must name at least one source")
    examples = data["examples"]
    if not isinstance(examples, dict) or set(examples) - {"flag", "pass"} or \
            not examples.get("flag") or not examples.get("pass"):
        ctx.fail("examples", "needs non-empty 'flag' and 'pass' lists")
    example_spans: dict[str, str] = {}
    flags = []
    for item in examples["flag"] if isinstance(examples["flag"], list) else [examples["flag"]]:
        if isinstance(item, dict):
            if set(item) != {"text", "span"} or not all(isinstance(v, str) and v for v in item.values()):
                ctx.fail("examples.flag", "an example with its span is {text: TEXT, span: WORDS}", examples)
            if item["span"] != DOCUMENT_SPAN and item["span"] not in item["text"]:
                ctx.fail("examples.flag", f"span {item['span']!r} is not in its text "
                                          f"(or {DOCUMENT_SPAN} for a document finding)", examples)
            example_spans[item["text"]] = item["span"]
            item = item["text"]
        flags.append(item)
    examples = {"flag": _string_list(ctx, flags, "examples.flag", mapping=examples),
                "pass": _string_list(ctx, examples["pass"], "examples.pass", mapping=examples)}
    suggestion = data.get("suggestion")
    if suggestion is not None and not isinstance(suggestion, str):
        ctx.fail("suggestion", "must be a string")

    rule = Rule(id=rid, name=data["name"], category=category, severity=data["severity"],
                kind=kind, message=data["message"].strip(), rationale=data["rationale"].strip(),
                references=references, suggestion=suggestion, examples=examples,
                path=path, line=getattr(data, "line", 0), example_spans=example_spans)

    if "deadline" in data:
        if data["deadline"] not in facts.deadlines:
            ctx.fail("deadline", f"unknown deadline {data['deadline']!r} "
                                 f"(facts.yaml deadlines: {', '.join(sorted(facts.deadlines)) or 'none'})")
        rule.deadline = facts.deadlines[data["deadline"]]
    if "{deadline}" in rule.message and rule.deadline is None:
        ctx.fail("message", "uses {deadline} but the rule names no 'deadline'")
    if "blocks" in data:
        rule.blocks = frozenset(_string_list(ctx, data["blocks"], "blocks", sorted(PROSE_KINDS)))
    if "unless" in data:
        items = data["unless"] if isinstance(data["unless"], list) else [data["unless"]]
        for item in items:
            if isinstance(item, str):
                if item not in MODIFIER_KINDS:
                    ctx.fail("unless", f"unknown modifier {item!r} (allowed: {', '.join(MODIFIER_KINDS)})")
                rule.unless.append(item)
            elif isinstance(item, dict) and set(item) == {"sentence"}:
                rule.unless.append(ctx.regex(item["sentence"], "unless", lexicon, item))
            else:
                ctx.fail("unless", "items are modifier names or {sentence: REGEX}")
    if "when" in data:
        when = data["when"]
        if not isinstance(when, dict) or set(when) - WHEN_KEYS:
            ctx.fail("when", f"allowed keys: {', '.join(sorted(WHEN_KEYS))}")
        for key in ("sentence", "block", "document"):
            if key in when:
                rule.when[key] = ctx.regex(when[key], f"when.{key}", lexicon, when)
        if "products" in when:
            rule.when["products"] = _string_list(ctx, when["products"], "when.products",
                                                 sorted(facts.products), when)

    KIND_READERS[kind].read(ctx, data, rule, lexicon, facts)
    return rule


# -- what each kind of rule reads (the engine runs each kind: see engine.py) --

def _read_pattern(ctx: _Ctx, data, rule: Rule, lexicon: Lexicon, facts) -> None:
    if "pattern" not in data:
        ctx.fail(None, "a pattern rule needs 'pattern'")
    items = data["pattern"] if isinstance(data["pattern"], list) else [data["pattern"]]
    rule.combined = ctx.regexes(items, "pattern", lexicon)


def _read_claim(ctx: _Ctx, data, rule: Rule, lexicon: Lexicon, facts) -> None:
    if "claim" not in data or "check" not in data:
        ctx.fail(None, "a claim rule needs 'claim' and 'check'")
    rule.claim = _claim_filter(ctx, data["claim"], "claim", facts.products, facts.indication_groups)
    if data["check"] not in CHECKS:
        ctx.fail("check", f"unknown facts check (allowed: {', '.join(CHECKS)})")
    rule.check = data["check"]


def _read_requires(ctx: _Ctx, data, rule: Rule, lexicon: Lexicon, facts) -> None:
    trigger = data.get("trigger")
    if not isinstance(trigger, dict) or len(trigger) != 1 or not ({"claim", "pattern"} & set(trigger)):
        ctx.fail("trigger", "must be {claim: TYPE} or {pattern: REGEX}")
    if "claim" in trigger:
        if trigger["claim"] not in CLAIM_TYPES:
            ctx.fail("trigger", f"unknown claim type (allowed: {', '.join(CLAIM_TYPES)})")
        rule.trigger = {"claim": trigger["claim"]}
    else:
        rule.trigger = {"pattern": ctx.regex(trigger["pattern"], "trigger", lexicon, trigger)}
    if data.get("require") != "citation":
        ctx.fail("require", "must be 'citation'")
    within = data.get("within", "paragraph")
    if within not in ("sentence", "paragraph", "lead-in"):
        ctx.fail("within", "must be sentence, paragraph or lead-in")
    rule.within = within


def _read_document(ctx: _Ctx, data, rule: Rule, lexicon: Lexicon, facts) -> None:
    rule.applies_when = _conditions(ctx, data.get("applies_when"), "applies_when", lexicon, facts)
    rule.satisfied_by = _conditions(ctx, data.get("satisfied_by"), "satisfied_by", lexicon, facts)


def _read_structure(ctx: _Ctx, data, rule: Rule, lexicon: Lexicon, facts) -> None:
    if data.get("check") not in STRUCTURE_CHECKS:
        ctx.fail("check", f"must be one of {', '.join(STRUCTURE_CHECKS)}")
    rule.check = data["check"]


@dataclass(frozen=True)
class KindReader:
    """How rules of one kind are read: the keys they may have besides the
    common ones, and the function that checks them and sets them on the Rule."""

    keys: frozenset[str]
    read: Callable[[_Ctx, Any, Rule, Lexicon, Any], None]


#: The rule kinds, by the name a rule gives in ``kind``, in the order error
#: messages list them. A new kind is a reader here and a method in the engine.
KIND_READERS = {
    "pattern": KindReader(frozenset({"pattern"}), _read_pattern),
    "claim": KindReader(frozenset({"claim", "check"}), _read_claim),
    "requires": KindReader(frozenset({"trigger", "require", "within"}), _read_requires),
    "document": KindReader(frozenset({"applies_when", "satisfied_by"}), _read_document),
    "structure": KindReader(frozenset({"check"}), _read_structure),
}
