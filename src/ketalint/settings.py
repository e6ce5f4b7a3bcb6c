"""The config and rules in force for a file, as ``ketalint check`` finds them,
for front doors that check one document at a time (``server``, ``annotate``).

The config is the one ``check`` finds from the file's folder upward (or the
one named with ``--config``); ``--rules`` folders are added to its rule packs.
Each distinct set of rule packs is loaded, and its pipeline built, once: a
language server that checks thousands of edits loads spaCy a single time.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .config import Config, find_config, load_config
from .readers import DEFAULT_MAX_BYTES
from .run import make_job
from .runner import Job

if TYPE_CHECKING:  # imported when a job is built: commands that need none stay quick
    from .api import Linter


class Settings:
    """Build and keep the :class:`~ketalint.runner.Job` that checks a file.

    ``job_for`` raises :class:`~ketalint.rules.PackError` (one line as ``str``)
    for a broken config file or rule pack."""

    def __init__(self, config_path: str | None = None, rules_dirs=(),
                 max_bytes: int = DEFAULT_MAX_BYTES):
        self.config_path, self.rules_dirs, self.max_bytes = config_path, list(rules_dirs), max_bytes
        self._jobs: dict[str | None, Job] = {}
        self._linters: dict[tuple, Linter] = {}

    def config_file(self, path: str) -> str | None:
        """The config file that governs ``path`` (None: the defaults)."""
        return self.config_path or find_config(os.path.dirname(os.path.abspath(path)))

    def name_for(self, path: str) -> str:
        """The name a document at ``path`` is checked under: absolute, so that
        config globs match it against the project root (see
        :mod:`ketalint.project`) as ``check`` does, whatever the current folder."""
        return os.path.abspath(path)

    def excluded(self, path: str) -> bool:
        """Does the config's ``exclude`` drop ``path``, as ``check`` drops it?"""
        from .project import glob_matches
        config = self.job_for(path).checker.config
        return any(glob_matches(self.name_for(path), glob, config.root) for glob in config.exclude)

    def job_for(self, path: str) -> Job:
        """The Job ``check`` would run on ``path``."""
        config_file = self.config_file(path)
        if config_file not in self._jobs:
            self._jobs[config_file] = self._job(load_config(config_file))
        return self._jobs[config_file]

    def forget(self) -> None:
        """Read config files again on next use (one was saved); pipelines are kept."""
        self._jobs.clear()

    def _job(self, config: Config) -> Job:
        from .api import Linter
        from .rules import load_ruleset
        if self.rules_dirs:
            config.set("rule-packs", config.rule_packs + self.rules_dirs, "command line")
        packs = tuple(config.rule_packs)
        if packs not in self._linters:
            self._linters[packs] = Linter(load_ruleset(list(packs)))
        return make_job(config, self._linters[packs], self.max_bytes)
