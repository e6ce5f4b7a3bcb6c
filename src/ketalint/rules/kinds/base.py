"""What every rule kind is: a class that reads a rule's own keys from YAML
and finds what the rule finds in a document."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

if TYPE_CHECKING:
    from ...findings import Finding
    from ..engine import DocumentRun
    from ..reading import RuleReader
    from ..schema import Rule


class RuleKind(ABC):
    """One kind of rule. An instance holds what one rule's kind-specific keys
    say (``Rule.kind_spec``); :meth:`evaluate` runs it on a document."""

    #: The name a rule gives in ``kind:``.
    name: ClassVar[str]
    #: The keys a rule of this kind may have besides the common ones.
    keys: ClassVar[frozenset[str]]
    #: Whether findings are of spans (False: of the whole document).
    finds_spans: ClassVar[bool]

    def __init_subclass__(cls, /, name: str, keys: Iterable[str], finds_spans: bool = True, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.name, cls.keys, cls.finds_spans = name, frozenset(keys), finds_spans

    @classmethod
    @abstractmethod
    def from_yaml(cls, data: Any, reader: RuleReader) -> RuleKind:
        """The kind's keys of the rule ``data``, checked; errors through ``reader.fail``."""

    @abstractmethod
    def evaluate(self, rule: Rule, run: DocumentRun) -> Iterable[Finding]:
        """The findings of ``rule`` in the document ``run`` reads."""

    def rules_read(self) -> Iterable[str]:
        """Ids of the rules whose findings this one reads (checked at load to
        name rules that find spans)."""
        return ()


#: Kind name -> class, in the order error messages list them (the order the
#: kinds' modules are imported in ``kinds/__init__.py``).
KINDS: dict[str, type[RuleKind]] = {}


def register(kind: type[RuleKind]) -> type[RuleKind]:
    """Add ``kind`` to the kinds rule packs may name (a class decorator);
    packs loaded afterwards can use it."""
    KINDS[kind.name] = kind
    return kind
