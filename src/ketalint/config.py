"""Configuration: ``.ketalint.yaml`` or ``[tool.ketalint]`` in ``pyproject.toml``.

The first of ``.ketalint.yaml``, ``.ketalint.yml``, ``ketalint.yaml`` or a
``pyproject.toml`` with a ``[tool.ketalint]`` table, searched from the current
directory upward, is used; ``--config PATH`` names one explicitly. Command-line
options override the file, which overrides the defaults.

Keys (all optional)::

    select: [FDA, CLM201, citation]      # rules in force: id, id prefix, name or category
    ignore: [CIT405]                     # rules switched off, same selectors
    severity: {CIT401: error, citation: info}   # severity overrides
    rule-packs: [house-rules/]           # extra rule pack folders
    include: ["content/**/*.md"]         # files to lint when walking folders
    exclude: ["drafts/**"]               # files never linted (gitignore globs,
                                         # relative to the config file's folder)
    per-path-ignores: {"news/**": [CIT402]}
    fail-on: warning                     # error | warning | info
    require-reason: false                # a suppression without "-- reason" is a finding
    claims-library: approved-claims.yaml # claims approved by review (relative to the
                                         # config file's folder; see ketalint.claims.library)
    vocabulary: [Calm Clinic]            # brand and clinic names, never read as claims
                                         # (see ketalint.vocabulary)
    file-timeout: 20                     # seconds a file may take; a slower one is not checked

Unknown keys and selectors that match no rule are errors that name the file
and line; a per-path-ignores glob that matches no file of the project is a
warning.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .project import default_root, glob_matches
from .rules.yamlfile import PackError, as_strings, load_yaml

if TYPE_CHECKING:
    from .claims.library import ClaimsLibrary

CONFIG_NAMES = (".ketalint.yaml", ".ketalint.yml", "ketalint.yaml")
KEYS = ("select", "ignore", "severity", "rule-packs", "include", "exclude",
        "per-path-ignores", "fail-on", "require-reason", "html-skip", "claims-library",
        "vocabulary", "file-timeout")
SEVERITIES = ("error", "warning", "info")
#: Seconds that reading and checking one file may take (``file-timeout``):
#: no input can hold a pre-commit run much longer than this per file.
DEFAULT_FILE_TIMEOUT = 20.0

STARTER = """\
# ketalint configuration (see `ketalint config show` for what is in force).
# Selectors name a rule id (FDA101), an id prefix (FDA), a rule name
# (cure-claim) or a category (fda-status, unsupported-claim, risk-disclosure,
# citation).

# Rules in force (default: all).
# select: [FDA, CLM, RSK, CIT]

# Rules switched off.
# ignore: [CIT405]

# Severity overrides.
# severity:
#   CIT401: error

# Extra rule packs (folders of YAML rules).
# rule-packs: [compliance/rules]

# Files to lint when walking folders, and files never linted (gitignore-style
# patterns, relative to this file's folder; "**/" also matches no folder).
# include: ["**/*.md", "**/*.txt"]
# exclude: ["drafts/**"]

# Rules ignored for some paths.
# per-path-ignores:
#   "press/**": [CIT402]

# Lowest severity that fails the run: error, warning or info.
fail-on: warning

# Make a suppression comment without "-- reason" a finding.
require-reason: false

# Seconds that reading and checking one file may take; a file that takes
# longer is reported as not checked (exit status 2) and the run goes on.
file-timeout: 20

# HTML elements whose text is not copy (menus, sidebars, cookie banners).
html-skip: [nav, aside, footer]

# Claims approved by medical-legal review (a YAML list of id, claim,
# references, approved): such sentences need no citation; rewordings are KTL101.
# claims-library: approved-claims.yaml

# Brand, clinic and product names that are not claims ("Calm Clinic" promises
# no calm, "Cure Wellness" no cure): their words are not read by any rule.
# vocabulary: [Calm Clinic, Cure Wellness]
"""


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rule_packs: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str = "warning"
    require_reason: bool = False
    html_skip: list[str] = field(default_factory=lambda: ["nav", "aside", "footer"])
    #: The approved-claims library file (absolute), and its claims once read.
    claims_library: str | None = None
    library: "ClaimsLibrary | None" = None
    #: Brand and clinic names hidden from the analysis (see ketalint.vocabulary).
    vocabulary: list[str] = field(default_factory=list)
    file_timeout: float = DEFAULT_FILE_TIMEOUT
    path: str | None = None
    #: The folder that globs and reported paths are relative to (see ketalint.project).
    root: str = field(default_factory=os.getcwd)
    #: Where each key's value came from: "default", "FILE:LINE" or "command line".
    sources: dict[str, str] = field(default_factory=lambda: {k: "default" for k in KEYS})

    def set(self, key: str, value, source: str) -> None:
        setattr(self, key.replace("-", "_"), value)
        self.sources[key] = source

    def as_dict(self) -> dict:
        return {k: getattr(self, k.replace("-", "_")) for k in KEYS}

    def run_settings(self) -> dict:
        """Everything in the config that results depend on (the cache key):
        the settings, the project root and the approved claims themselves. The
        time budget is not one of them: a result that ran out of time is never
        kept."""
        settings = {k: v for k, v in self.as_dict().items() if k != "file-timeout"}
        return {**settings, "root": self.root,
                "approved claims": self.library.as_config() if self.library else None}


def find_config(start: str | None = None) -> str | None:
    """The nearest config file from ``start`` (default: cwd) upward."""
    here = Path(start or os.getcwd()).resolve()
    for folder in [here, *here.parents]:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return str(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.ketalint]" in pyproject.read_text(errors="replace"):
            return str(pyproject)
    return None


def _load_toml(path: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PackError(path, None, None, f"invalid TOML: {exc}") from None
    return data.get("tool", {}).get("ketalint", {})


def _strings(path, line, key, value) -> list[str]:
    strings = as_strings(value)
    if strings is None:
        raise PackError(path, line, key, "must be a list of strings")
    return strings


def load_config(path: str | None) -> Config:
    """Read and validate a config file (None gives the defaults)."""
    config = Config()
    if path is None:
        config.root = default_root()
        return config
    config.path = path
    config.root = os.path.dirname(os.path.abspath(path))
    data = _load_toml(path) if path.endswith(".toml") else load_yaml(path)
    if data is None:
        return config
    if not isinstance(data, dict):
        raise PackError(path, 1, None, "must be a mapping of settings")
    line_of = getattr(data, "line_of", lambda key: None)
    for key, value in data.items():
        line = line_of(key)
        where = f"{path}:{line}" if line else path
        if key not in KEYS:
            raise PackError(path, line, key, f"unknown key (allowed: {', '.join(KEYS)})")
        if key in ("select", "ignore", "include", "exclude"):
            value = _strings(path, line, key, value)
        elif key == "html-skip":
            value = [v.lower() for v in _strings(path, line, key, value)]
        elif key == "rule-packs":
            base = os.path.dirname(os.path.abspath(path))
            value = [os.path.join(base, p) for p in _strings(path, line, key, value)]
        elif key == "severity":
            if not isinstance(value, dict) or not all(isinstance(k, str) and v in SEVERITIES
                                                      for k, v in value.items()):
                raise PackError(path, line, key, "must map selectors to error, warning or info")
            value = dict(value)
        elif key == "per-path-ignores":
            if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
                raise PackError(path, line, key, "must map glob patterns to lists of selectors")
            value = {g: _strings(path, line, f"{key}.{g}", v) for g, v in value.items()}
        elif key == "fail-on":
            if value not in SEVERITIES:
                raise PackError(path, line, key, "must be error, warning or info")
        elif key == "file-timeout":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise PackError(path, line, key, "must be a number of seconds above 0")
            value = float(value)
        elif key == "require-reason":
            if not isinstance(value, bool):
                raise PackError(path, line, key, "must be true or false")
        elif key == "claims-library":
            if not isinstance(value, str) or not value.strip():
                raise PackError(path, line, key, "must be the path of a YAML file")
            from .claims.library import load_library
            value = os.path.join(os.path.dirname(os.path.abspath(path)), value)
            config.library = load_library(value)
        elif key == "vocabulary":
            value = _strings(path, line, key, value)
            if not all(v.strip() for v in value):
                raise PackError(path, line, key, "must list names (non-empty strings)")
        config.set(key, value, where)
    return config


def matches(selector: str, rule) -> bool:
    """Does ``selector`` (id, id prefix, name or category) name ``rule``?"""
    s = selector.strip()
    if rule.id == s.upper() or rule.name == s or rule.category == s:
        return True
    # An id prefix: the letters of a code, optionally with its first digits.
    return bool(re.fullmatch(r"[A-Z]{2,4}\d{0,2}", s.upper())) and rule.id.startswith(s.upper())


def unmatched_selectors(config: Config, rules) -> list[str]:
    """Errors for selectors in the config (select, ignore, severity,
    per-path-ignores) that name no rule: a typo must not switch rules off
    unseen. Each names where the key was set ("FILE:LINE" or "command line")."""
    errors = []
    named = [("select", s) for s in config.select] + [("ignore", s) for s in config.ignore]
    named += [("severity", s) for s in config.severity]
    named += [(f"per-path-ignores.{g}", s) for g, sel in config.per_path_ignores.items() for s in sel]
    for key, selector in named:
        if not any(matches(selector, r) for r in rules):
            where = config.sources.get(key.split(".")[0], "")
            errors.append(f"{where}: {key}: {selector!r} matches no rule (see 'ketalint rules')")
    return errors


def select_from_command_line(config: Config, select=(), extend_select=(), ignore=()) -> None:
    """Apply ``--select`` (replaces the config's select), ``--extend-select``
    (adds to it; nothing to add to when every rule is selected) and
    ``--ignore`` (adds to the config's ignore)."""
    if select:
        config.set("select", list(select), "command line")
    if extend_select and config.select:
        config.set("select", config.select + list(extend_select), "command line")
    if ignore:
        config.set("ignore", config.ignore + list(ignore), "command line")


def apply_to_rules(config: Config, rules) -> list:
    """The rules in force, with severity overrides applied (copies)."""
    import copy
    active = []
    for rule in rules:
        if config.select and not any(matches(s, rule) for s in config.select):
            continue
        if any(matches(s, rule) for s in config.ignore):
            continue
        for selector, severity in config.severity.items():
            if matches(selector, rule):
                rule = copy.copy(rule)
                rule.severity = severity
        active.append(rule)
    return active


def ignored_for_path(config: Config, path: str) -> list[str]:
    """Selectors that per-path-ignores switch off for ``path``."""
    return [s for glob, selectors in config.per_path_ignores.items()
            if glob_matches(path, glob, config.root) for s in selectors]
