"""Finding and loading rule packs.

A pack is a folder: ``pack.yaml`` (name, version, description), optionally
``lexicon.yaml``, ``modifiers.yaml`` and ``facts.yaml``, any number of rule
files (every other ``*.yaml`` with a top-level ``rules:`` list), and any
number of text classifiers its rules name (``NAME.classifier.json``, see
:mod:`.classifier`). The built-in
pack ``ketamine`` ships inside the wheel (``ketalint/packs``) and lives in the
repository's top-level ``rules/`` folder. A user pack given with ``--rules DIR``
adds its rules and extends the lexicon; its rule ids must not clash.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .classifier import SUFFIX as CLASSIFIER_SUFFIX, TextClassifier
from .facts import Facts, load_facts
from ..pattern_analyses import STORED
from ..patterns import COMPILE_PATTERNS
from .lexicon import Lexicon, compile_lexicon, merge_lexicons, validate_modifiers
from .schema import Rule, build_rule
from .yamlfile import LineDict, PackError, PackErrors, load_yaml

BUILTIN_PACK = "ketamine"
SPECIAL_FILES = {"pack.yaml", "lexicon.yaml", "modifiers.yaml", "facts.yaml"}


def builtin_packs_dir() -> Path:
    """Where the built-in packs are: inside the installed package, or the
    repository's rules/ folder in a development checkout."""
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "packs"
    return packaged if packaged.is_dir() else here.parents[3] / "rules"


@dataclass
class RuleSet:
    rules: list[Rule]
    lexicon: Lexicon
    modifiers: dict
    facts: Facts
    packs: list[dict] = field(default_factory=list)
    #: (file name, text) of every pack file, in load order.
    texts: list[tuple[str, str]] = field(default_factory=list, repr=False)
    #: Whether pattern syntax was checked at load (see ``load_ruleset``).
    checked: bool = True

    @cached_property
    def digest(self) -> str:
        """A short hash of the pack files' names and texts (part of cache keys)."""
        import hashlib  # only runs that use the cache or the pipeline need it
        hasher = hashlib.sha256()
        for name, text in self.texts:
            hasher.update(name.encode() + b"\0" + text.encode())
        # A message that states a deadline reads differently once it has passed.
        hasher.update(b"\0deadlines passed:" + self.facts.state().encode())
        return hasher.hexdigest()[:16]

    def by_id(self, rule_id: str) -> Rule | None:
        key = rule_id.upper()
        return next((r for r in self.rules if r.id == key or r.name == rule_id), None)


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise PackError(str(folder), None, None, "rule pack folder not found")
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _classifier_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(CLASSIFIER_SUFFIX) and p.is_file())


def load_ruleset(extra_dirs: list[str] | tuple[str, ...] = (), compile_patterns: bool = True) -> RuleSet:
    """Load the built-in pack and any user packs; raise PackError on any error.

    Patterns are compiled on first search either way. With the default their
    syntax is checked now, so an invalid one is reported with its file and
    line; ``compile_patterns=False`` skips that check (for commands that only
    describe rules, and for runs the results cache may answer)."""
    token = COMPILE_PATTERNS.set(compile_patterns)
    try:
        ruleset = _load_ruleset(extra_dirs)
    finally:
        COMPILE_PATTERNS.reset(token)
    STORED.store()  # the analyses of the patterns whose syntax was checked, for the next start
    return ruleset


def _check_rules_read(rules: list[Rule]) -> None:
    """The rules whose findings a rule reads (a document condition on
    findings) exist and find spans (a document rule's finding is of no span)."""
    span_rules = {r.id for r in rules if r.kind_spec.finds_spans}
    for rule in rules:
        for rid in rule.kind_spec.rules_read():
            if rid not in span_rules:
                raise PackError(rule.path, rule.line, f"{rule.id}.findings",
                                f"{rid!r} is not a rule that finds spans")


def _rule_items(path: str, text: str) -> list:
    """The ``rules:`` list of a rule file; PackError if the file is not one."""
    data = load_yaml(path, text)
    if not isinstance(data, LineDict) or "rules" not in data:
        raise PackError(path, 1, None, "a rule file needs a top-level 'rules:' list")
    if set(data) - {"rules", "description"}:
        extra = sorted(set(data) - {"rules", "description"})[0]
        raise PackError(path, data.line_of(extra), extra, "unknown top-level key")
    if not isinstance(data["rules"], list):
        raise PackError(path, data.line_of("rules"), "rules", "must be a list")
    return data["rules"]


def _load_ruleset(extra_dirs) -> RuleSet:
    folders = [builtin_packs_dir() / BUILTIN_PACK] + [Path(d) for d in extra_dirs]
    texts: dict[Path, str] = {}
    for folder in folders:
        for path in _yaml_files(folder) + _classifier_files(folder):
            try:
                texts[path] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise PackError(str(path), None, None, f"cannot read: {exc}") from None
    STORED.use(texts.values())

    def rel(path: Path) -> str:
        try:
            return os.path.relpath(path)
        except ValueError:
            return str(path)

    base = folders[0]
    lexicon_data = load_yaml(rel(base / "lexicon.yaml"), texts.get(base / "lexicon.yaml"))
    modifiers_data = load_yaml(rel(base / "modifiers.yaml"), texts.get(base / "modifiers.yaml"))
    for folder in folders[1:]:
        extra = folder / "lexicon.yaml"
        if extra in texts:
            extra_data = load_yaml(rel(extra), texts[extra]) or {}
            compile_lexicon(extra_data, rel(extra), partial=True)  # errors name the user's file
            lexicon_data = merge_lexicons(lexicon_data, extra_data)
    lexicon = compile_lexicon(lexicon_data, rel(base / "lexicon.yaml"))
    modifiers = validate_modifiers(modifiers_data, rel(base / "modifiers.yaml"))
    known = set((lexicon_data.get("entities") or {}).get("INDICATION", {}))
    facts = load_facts(load_yaml(rel(base / "facts.yaml"), texts.get(base / "facts.yaml")),
                       rel(base / "facts.yaml"), known)
    classifiers: dict[str, TextClassifier] = {}
    for path, text in texts.items():
        if path.name.endswith(CLASSIFIER_SUFFIX):
            name = path.name[:-len(CLASSIFIER_SUFFIX)]
            if name in classifiers:
                raise PackError(rel(path), 1, None, f"a classifier named {name!r} is already loaded")
            classifiers[name] = TextClassifier.from_json(name, rel(path), text)

    rules: list[Rule] = []
    packs = []
    seen: dict[str, str] = {}
    # Every error of the rule files is collected, not only the first: a pack's
    # author sees them all in one run. (The lexicon, modifiers and facts come
    # first because every rule is read against them.)
    errors: list[PackError] = []
    for folder in folders:
        meta_path = folder / "pack.yaml"
        meta = load_yaml(rel(meta_path), texts[meta_path]) if meta_path in texts else {}
        packs.append({"name": (meta or {}).get("name", folder.name),
                      "version": str((meta or {}).get("version", "")), "path": rel(folder)})
        for path in _yaml_files(folder):
            if path.name in SPECIAL_FILES:
                continue
            try:
                items = _rule_items(rel(path), texts[path])
            except PackError as exc:
                errors.append(exc)
                continue
            for i, item in enumerate(items):
                try:
                    rule = build_rule(item, rel(path), i, lexicon, facts, classifiers)
                    for taken in (rule.id, rule.name):
                        if taken in seen:
                            raise PackError(rel(path), rule.line, f"rules[{i}]",
                                            f"duplicate rule {taken} (also in {seen[taken]})")
                        seen[taken] = f"{rel(path)}:{rule.line}"
                except PackError as exc:
                    errors.append(exc)
                    continue
                rules.append(rule)
    if errors:
        raise errors[0] if len(errors) == 1 else PackErrors(errors)
    rules.sort(key=lambda r: r.id)
    _check_rules_read(rules)
    return RuleSet(rules, lexicon, modifiers, facts, packs,
                   [(path.name, text) for path, text in texts.items()], COMPILE_PATTERNS.get())
