"""Checking that data read back from disk has the shape the code expects.

A results cache entry is JSON that ketalint wrote, but a file can be damaged or
replaced; before it becomes findings, every field must have its declared type.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Callable


@functools.lru_cache(maxsize=None)
def _checker(hint) -> Callable[[object], bool]:
    """A test for values of type ``hint``, built once per type (reading type
    hints costs far more than checking a value)."""
    if hint is type(None):
        return lambda value: value is None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_checker(option) for option in typing.get_args(hint)]
        return lambda value: any(check(value) for check in options)
    if origin is list:
        item = _checker(typing.get_args(hint)[0])
        return lambda value: isinstance(value, list) and all(item(v) for v in value)
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    return lambda value: isinstance(value, hint)


def conforms(value, hint) -> bool:
    """Does ``value`` match the type ``hint`` (``str``, ``int``, ``bool``,
    ``None``, ``X | Y``, ``list[X]``)? Booleans are not integers here."""
    return _checker(hint)(value)


@functools.lru_cache(maxsize=None)
def _fields(cls) -> tuple[dict[str, Callable[[object], bool]], frozenset[str]]:
    """A dataclass's field tests by name, and the names it cannot do without."""
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    required = frozenset(f.name for f in fields
                         if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    return {f.name: _checker(hints[f.name]) for f in fields}, required


def build(cls, data, **override):
    """``cls(**data, **override)`` if ``data`` is a mapping with exactly the
    dataclass's fields (those in ``override`` may be missing or anything), each
    of its declared type; else ValueError."""
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: not a mapping")
    checks, required = _fields(cls)
    values = {**data, **override}
    if not required <= values.keys() <= checks.keys():
        raise ValueError(f"{cls.__name__}: wrong fields")
    wrong = [k for k, v in data.items() if k not in override and not checks[k](v)]
    if wrong:
        raise ValueError(f"{cls.__name__}: wrong type for {', '.join(wrong)}")
    return cls(**values)
