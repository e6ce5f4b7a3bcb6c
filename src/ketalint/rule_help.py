"""What every place that shows a rule says about it: ``ketalint explain``,
SARIF's rule help, the HTML report, editor hovers and Word comments all read a
:class:`RuleHelp`, so a rule is described alike everywhere and a change to that
description is made once.
"""
from __future__ import annotations

from dataclasses import dataclass


def _plain(text: str) -> str:
    """``text`` on one line: rule files wrap long prose over several."""
    return " ".join(text.split())


@dataclass(frozen=True)
class RuleHelp:
    """A rule's documentation, its prose (message, rationale, suggestion) on
    one line each; references and examples as written."""

    id: str
    name: str
    category: str
    severity: str
    message: str
    rationale: str
    suggestion: str | None
    references: list[str]
    #: {"flag": [...], "pass": [...]}: texts the rule must flag and must pass
    examples: dict
    #: where the rule is defined (``file:line``, or the module of a built-in rule)
    source: str


def rule_help(rule) -> RuleHelp:
    """The help of a pack rule or of a rule built into ketalint (see
    :class:`ketalint.suppress.MetaRule`)."""
    doc = rule.doc()
    suggestion = doc.get("suggestion")
    return RuleHelp(id=rule.id, name=rule.name, category=rule.category, severity=rule.severity,
                    message=_plain(doc["message"]), rationale=_plain(doc["rationale"]),
                    suggestion=_plain(suggestion) if suggestion else None,
                    references=list(doc["references"]), examples=doc["examples"], source=doc["source"])
