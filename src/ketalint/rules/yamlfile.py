"""YAML loading that remembers where every key was written.

Rule packs are edited by people, so every error names the file, the line and
the key: ``rules/ketamine/citation.yaml:42: rules[3].pattern: invalid regex``.
Duplicate keys are errors too (plain PyYAML silently keeps the last one).
"""
from __future__ import annotations

import yaml


class PackError(Exception):
    """An error in a rule pack, facts or config file, located for the user."""

    def __init__(self, path: str, line: int | None, key: str | None, message: str):
        self.path, self.line, self.key, self.message = path, line, key, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class PackErrors(PackError):
    """Several errors in a rule pack, reported together (one per line) so that a
    pack's author fixes them in one pass, not one run at a time."""

    def __init__(self, errors: list[PackError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.path, first.line, first.key, first.message)

    def __str__(self) -> str:
        return "\n".join(PackError.__str__(e) for e in self.errors)


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list[int]


# libyaml's parser when PyYAML has it (it keeps marks, so lines still work):
# pack loading is on the path of every command.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_yaml(path: str, text: str | None = None):
    """Parse a YAML file; syntax errors become :class:`PackError` with a line."""
    try:
        if text is None:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (SafeLoader subclass)
    except OSError as exc:
        raise PackError(path, None, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise PackError(path, None, None, "not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise PackError(path, mark.line + 1 if mark else None, None,
                        f"invalid YAML: {problem}") from None
