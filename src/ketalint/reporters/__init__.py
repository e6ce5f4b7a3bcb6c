"""Reporters: one module per output format, each a function of a Report."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    findings: list
    sources: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)      # (path, message)
    rules: list = field(default_factory=list)       # the rules in force
    suppressed: list = field(default_factory=list)  # (finding, directive)
    show_suppressed: bool = False
    color: bool = False


def reporters():
    from . import concise, github, json, junit, sarif, text
    return {"text": text.render, "concise": concise.render, "json": json.render,
            "sarif": sarif.render, "github": github.render, "junit": junit.render}


FORMATS = ("text", "concise", "json", "sarif", "github", "junit")
