"""YAML loading that remembers where every key was written.

Rule packs are edited by people, so every error names the file, the line and
the key: ``rules/ketamine/citation.yaml:42: rules[3].pattern: invalid regex``.
Duplicate keys are errors too (plain PyYAML silently keeps the last one), and
so are documents that aliases would blow up ("billion laughs") or that nest
absurdly deep: every YAML file ketalint reads (rule packs, facts, config) goes
through :func:`load_yaml`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


class LineDict(dict[Any, Any]):
    """A mapping that knows the line of itself and of each of its keys."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence that knows the line of itself and of each of its items."""

    line: int = 0
    item_lines: list[int]


def as_strings(value: Any) -> list[str] | None:
    """``value`` as a list when it is a list of strings or one string (a list
    of one, as config and rule authors may write it); None when it is neither,
    for the caller to report in its own words."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


# libyaml's parser when PyYAML has it (it keeps marks, so lines still work):
# pack loading is on the path of every command. The type checker sees the pure
# Python loader, which has the same interface.
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
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


#: How many nodes aliases may add to a document once expanded: rule packs
#: share a list or two by alias; a "billion laughs" document adds billions.
MAX_ALIAS_NODES = 10_000
#: How deeply collections may nest (rule packs need about ten levels).
MAX_DEPTH = 100


def _collections(node) -> list:
    """The sequences and mappings directly inside ``node`` (scalars are one
    node each, and an alias to a scalar adds one: they need no bookkeeping)."""
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    else:
        children = [child for pair in node.value for child in pair]
    return [c for c in children if not isinstance(c, yaml.ScalarNode)]


def check_nodes(path: str, root) -> None:
    """Refuse a composed document whose aliases would expand it by more than
    MAX_ALIAS_NODES nodes, that refers to itself, or that nests deeper than
    MAX_DEPTH: :class:`PackError` naming the line of the collection at fault.
    Linear in the document's size: each collection is visited once."""
    if isinstance(root, yaml.ScalarNode):
        return
    size: dict[int, int] = {}    # expanded size of each collection, once visited
    height: dict[int, int] = {}
    first: dict[int, tuple[int, int]] = {id(root): (0, 0)}  # where each is reached first
    open_nodes: set[int] = set()  # collections whose visit is under way (ancestors)
    added = 0
    stack: list[tuple[yaml.Node, list[yaml.Node] | None]] = [(root, None)]
    while stack:
        node, children = stack.pop()
        line = node.start_mark.line + 1
        if children is None:
            children = _collections(node)
            open_nodes.add(id(node))
            stack.append((node, children))
            for index, child in reversed(list(enumerate(children))):
                if id(child) in open_nodes:
                    raise PackError(path, line, None, "invalid YAML: an alias refers to a collection "
                                                      "that contains it")
                if id(child) not in first:
                    first[id(child)] = (id(node), index)
                    stack.append((child, None))
            continue
        open_nodes.discard(id(node))
        size[id(node)] = len(node.value) + 1 + sum(size[id(c)] for c in children)
        height[id(node)] = 1 + max((height[id(c)] for c in children), default=0)
        added += sum(size[id(c)] for i, c in enumerate(children) if first[id(c)] != (id(node), i))
        if added > MAX_ALIAS_NODES:
            raise PackError(path, line, None, f"invalid YAML: aliases expand to more than "
                                              f"{MAX_ALIAS_NODES:,} nodes")
        if height[id(node)] > MAX_DEPTH:
            raise PackError(path, line, None, f"invalid YAML: nested more than {MAX_DEPTH} levels deep")


def load_yaml(path: str, text: str | None = None) -> Any:
    """Parse a YAML file; syntax errors and documents that aliases would blow
    up (see :func:`check_nodes`) become :class:`PackError` with a line."""
    try:
        if text is None:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            check_nodes(path, node)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except OSError as exc:
        raise PackError(path, None, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise PackError(path, None, None, "not UTF-8 text") from None
    except RecursionError:
        raise PackError(path, None, None, f"invalid YAML: nested more than {MAX_DEPTH} levels deep") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise PackError(path, mark.line + 1 if mark else None, None,
                        f"invalid YAML: {problem}") from None
