"""Checking that data read back from disk has the shape the code expects.

A results cache entry is JSON that ketalint wrote, but a file can be damaged or
replaced; before it becomes findings, every field must have its declared type.
"""
from __future__ import annotations

import dataclasses
import types
import typing


def conforms(value, hint) -> bool:
    """Does ``value`` match the type ``hint`` (``str``, ``int``, ``bool``,
    ``None``, ``X | Y``, ``list[X]``)? Booleans are not integers here."""
    if hint is type(None):
        return value is None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, option) for option in typing.get_args(hint))
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(conforms(v, item) for v in value)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


def build(cls, data, **override):
    """``cls(**data, **override)`` if ``data`` is a mapping with exactly the
    dataclass's fields (those in ``override`` may be missing or anything), each
    of its declared type; else ValueError."""
    hints = typing.get_type_hints(cls)
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: not a mapping")
    values = {**data, **override}
    names = {f.name for f in dataclasses.fields(cls)}
    required = {f.name for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    if not required <= values.keys() <= names:
        raise ValueError(f"{cls.__name__}: wrong fields")
    wrong = [k for k, v in values.items() if k not in override and not conforms(v, hints[k])]
    if wrong:
        raise ValueError(f"{cls.__name__}: wrong type for {', '.join(wrong)}")
    return cls(**values)
