"""The rule kinds, registered by the name a rule gives in ``kind:``.

Each kind is a :class:`RuleKind` in a module of its own, whose docstring
documents the keys it takes, and registers itself with :func:`register`. A
new kind is a new module and its name in the import below (or, from outside
the package, a call to :func:`register`).
"""
from __future__ import annotations

from . import pattern, claim, requires, document, structure, learned  # noqa: F401 - each registers its kind, in this order
from .base import KINDS, RuleKind, register

__all__ = ["KINDS", "RuleKind", "register"]
