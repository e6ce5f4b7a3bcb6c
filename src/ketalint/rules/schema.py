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

Kinds and their keys: each kind is a module of :mod:`ketalint.rules.kinds`
whose docstring lists the keys it takes (``pattern``, ``claim``,
``requires``, ``document``, ``structure``).

Optional for sentence kinds: ``when`` (``sentence``/``block``/``document``:
a regex that must match there; ``previous``: one that must match the sentence
before, such as the question a bare "Yes." answers; ``products``: a product id
the sentence must name; ``about``: one it names or, naming none, one its claims
are about through a list's lead-in, the block or the page, or, if it makes no
claim, one those places name), ``unless`` (modifier names ``negated``, ``hedged``, ``restricted``,
``attributed``, ``question``, ``cited``, ``other-treatment`` and the rest of
``claims.MODIFIER_KINDS``; ``{sentence: REGEX}``; or ``{sentence: REGEX,
page_not: CLASSIFIER}``, which excepts only on a page the pack classifier
answers no for: praise a news page reports, "hailed as a breakthrough", is
the page's own claim on copy that promotes), ``blocks``
(block kinds the rule reads; default all prose blocks).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..claims import MODIFIER_KINDS
from ..document import PROSE_KINDS
from ..patterns import TimedPattern
from .classifier import TextClassifier
from .facts import Deadline
from .filters import When
from .kinds import KINDS, RuleKind
from .lexicon import Lexicon
from .reading import RuleReader
from .yamlfile import PackError

CATEGORIES = {"fda-status": "FDA", "unsupported-claim": "CLM", "risk-disclosure": "RSK",
              "citation": "CIT"}
SEVERITIES = ("error", "warning", "info")
COMMON_KEYS = {"id", "name", "category", "severity", "kind", "message", "rationale",
               "references", "suggestion", "examples", "when", "unless", "blocks", "deadline"}
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


@dataclass(frozen=True)
class PageBoundPattern:
    """An ``unless`` pattern that excepts only on a page ``classifier``
    answers no for (copy too short for it to judge is not excepted)."""
    pattern: TimedPattern
    classifier: TextClassifier


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
    #: What the keys of the rule's kind say, and how it finds (see :mod:`.kinds`).
    kind_spec: RuleKind
    when: When | None = None
    #: Modifier names, ``{sentence: REGEX}`` patterns and page-bound patterns
    #: (``{sentence:, page_not:}``) that except a span.
    unless: list[str | TimedPattern | PageBoundPattern] = field(default_factory=list)
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


def build_rule(data, path: str, index: int, lexicon: Lexicon, facts, classifiers=None) -> Rule:
    reader = RuleReader(path, data, index, lexicon, facts, classifiers or {})
    if not isinstance(data, dict):
        raise PackError(path, None, f"rules[{index}]", "must be a mapping")
    for key in ("id", "name", "category", "severity", "kind", "message", "rationale",
                "references", "examples"):
        if key not in data:
            reader.fail(None, f"missing required key '{key}'")
    kind = data["kind"]
    if kind not in KINDS:
        reader.fail("kind", f"unknown kind {kind!r} (allowed: {', '.join(KINDS)})")
    for key in data:
        if key not in COMMON_KEYS | KINDS[kind].keys:
            reader.fail(key, f"unknown key for a {kind} rule")
    category = data["category"]
    if category not in CATEGORIES:
        reader.fail("category", f"unknown category (allowed: {', '.join(CATEGORIES)})")
    rid = data["id"]
    if not isinstance(rid, str) or not re.fullmatch(CATEGORIES[category] + r"\d{3}", rid):
        reader.fail("id", f"must be {CATEGORIES[category]} followed by 3 digits for category {category}")
    if not isinstance(data["name"], str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", data["name"]):
        reader.fail("name", "must be kebab-case")
    if data["severity"] not in SEVERITIES:
        reader.fail("severity", f"must be one of {', '.join(SEVERITIES)}")
    for key in ("message", "rationale"):
        if not isinstance(data[key], str) or not data[key].strip():
            reader.fail(key, "must be a non-empty string")
    references = reader.strings(data["references"], "references")
    if not references:
        reader.fail("references", "must name at least one source")
    examples = data["examples"]
    if not isinstance(examples, dict) or set(examples) - {"flag", "pass"} or \
            not examples.get("flag") or not examples.get("pass"):
        reader.fail("examples", "needs non-empty 'flag' and 'pass' lists")
    example_spans: dict[str, str] = {}
    flags = []
    for item in examples["flag"] if isinstance(examples["flag"], list) else [examples["flag"]]:
        if isinstance(item, dict):
            if set(item) != {"text", "span"} or not all(isinstance(v, str) and v for v in item.values()):
                reader.fail("examples.flag", "an example with its span is {text: TEXT, span: WORDS}", examples)
            if item["span"] != DOCUMENT_SPAN and item["span"] not in item["text"]:
                reader.fail("examples.flag", f"span {item['span']!r} is not in its text "
                                             f"(or {DOCUMENT_SPAN} for a document finding)", examples)
            example_spans[item["text"]] = item["span"]
            item = item["text"]
        flags.append(item)
    examples = {"flag": reader.strings(flags, "examples.flag", mapping=examples),
                "pass": reader.strings(examples["pass"], "examples.pass", mapping=examples)}
    suggestion = data.get("suggestion")
    if suggestion is not None and not isinstance(suggestion, str):
        reader.fail("suggestion", "must be a string")

    deadline = None
    if "deadline" in data:
        if data["deadline"] not in facts.deadlines:
            reader.fail("deadline", f"unknown deadline {data['deadline']!r} "
                                    f"(facts.yaml deadlines: {', '.join(sorted(facts.deadlines)) or 'none'})")
        deadline = facts.deadlines[data["deadline"]]
    message = data["message"].strip()
    if "{deadline}" in message and deadline is None:
        reader.fail("message", "uses {deadline} but the rule names no 'deadline'")
    blocks = frozenset(reader.strings(data["blocks"], "blocks", sorted(PROSE_KINDS))) \
        if "blocks" in data else PROSE_KINDS
    unless: list[str | TimedPattern | PageBoundPattern] = []
    if "unless" in data:
        items = data["unless"] if isinstance(data["unless"], list) else [data["unless"]]
        for item in items:
            if isinstance(item, str):
                if item not in MODIFIER_KINDS:
                    reader.fail("unless", f"unknown modifier {item!r} (allowed: {', '.join(MODIFIER_KINDS)})")
                unless.append(item)
            elif isinstance(item, dict) and set(item) == {"sentence"}:
                unless.append(reader.regex(item["sentence"], "unless", item))
            elif isinstance(item, dict) and set(item) == {"sentence", "page_not"}:
                unless.append(PageBoundPattern(reader.regex(item["sentence"], "unless", item),
                                               reader.classifier(item["page_not"], "unless.page_not", item)))
            else:
                reader.fail("unless", "items are modifier names, {sentence: REGEX} or "
                                      "{sentence: REGEX, page_not: CLASSIFIER}")
    when = When.from_yaml(data["when"], reader) if "when" in data else None

    return Rule(id=rid, name=data["name"], category=category, severity=data["severity"],
                kind=kind, message=message, rationale=data["rationale"].strip(),
                references=references, suggestion=suggestion, examples=examples,
                path=path, line=getattr(data, "line", 0), kind_spec=KINDS[kind].from_yaml(data, reader),
                when=when, unless=unless, blocks=blocks, example_spans=example_spans, deadline=deadline)
