"""What reading one rule of a pack needs: its file and index for error
messages, and the lexicon, facts and classifiers its keys are checked against."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from ..patterns import InvalidPattern, TimedPattern, compile_any
from .lexicon import Lexicon
from .yamlfile import PackError, as_strings

if TYPE_CHECKING:
    from .classifier import TextClassifier
    from .facts import Facts


class RuleReader:
    """Reads the keys of rule ``index`` of the file at ``path`` (``data``);
    every error it raises is a PackError that names the file, line and key."""

    def __init__(self, path: str, data: Any, index: int, lexicon: Lexicon, facts: Facts,
                 classifiers: dict[str, TextClassifier]):
        self.path, self.data, self.index = path, data, index
        self.lexicon, self.facts, self.classifiers = lexicon, facts, classifiers

    def fail(self, key: str | None, message: str, mapping=None) -> NoReturn:
        """Raise a PackError on ``key`` of ``mapping`` (default: the rule itself)."""
        mapping = mapping if mapping is not None else self.data
        line = mapping.line_of(key) if key and hasattr(mapping, "line_of") else getattr(mapping, "line", None)
        rid = self.data.get("id") if isinstance(self.data, dict) else None
        label = f"rules[{self.index}]" + (f" ({rid})" if isinstance(rid, str) else "")
        raise PackError(self.path, line, f"{label}.{key}" if key else label, message)

    def regex(self, pattern, key: str, mapping=None) -> TimedPattern:
        return self.regexes([pattern], key, mapping)

    def regexes(self, patterns: list, key: str, mapping=None) -> TimedPattern:
        """One pattern for ``patterns``, ``@name`` references expanded."""
        for pattern in patterns:
            if not isinstance(pattern, str) or not pattern.strip():
                self.fail(key, "must be a non-empty regular expression", mapping)
        try:
            expanded = self.lexicon.expand_items(patterns)
        except KeyError as exc:
            self.fail(key, f"unknown named pattern @{exc.args[0]}", mapping)
        try:
            return compile_any(expanded)
        except InvalidPattern as exc:
            self.fail(key, f"invalid regular expression: {exc.error}", mapping)

    def classifier(self, name, key: str, mapping=None) -> TextClassifier:
        """The pack's classifier ``name`` (a ``NAME.classifier.json`` file)."""
        if not isinstance(name, str) or name not in self.classifiers:
            self.fail(key, f"unknown classifier {name!r} (the pack has: "
                           f"{', '.join(sorted(self.classifiers)) or 'none'})", mapping)
        return self.classifiers[name]

    def strings(self, value, key: str, allowed=None, mapping=None) -> list[str]:
        """``value`` (a string or a list of strings) as a list, each one of
        ``allowed`` if given."""
        strings = as_strings(value)
        if strings is None:
            self.fail(key, "must be a string or a list of strings", mapping)
        if allowed is not None:
            for v in strings:
                if v not in allowed:
                    self.fail(key, f"unknown value {v!r} (allowed: {', '.join(allowed)})", mapping)
        return strings
