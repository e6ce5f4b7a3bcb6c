"""Paths as the project sees them.

The project root is the folder of the config file in use; without one, the top
of the git work tree around the current folder, else the current folder. Config
globs (``include``, ``exclude``, ``per-path-ignores``), baseline fingerprints and
SARIF URIs all use a file's path relative to that root, so a run from a
subfolder, with ``./`` or with absolute paths, or on standard input named by
``--stdin-filename`` (taken relative to the current folder), matches and
reports the same files alike.

Globs are gitignore patterns (the ``pathspec`` package): ``**/`` matches zero or
more folders, so ``**/*.md`` matches ``README.md`` at the root too; a pattern
without a slash (``*.md``) matches at any depth; one with a slash
(``drafts/**``, ``/top.md``) is anchored at the root.
"""
from __future__ import annotations

import functools
import os
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a glob is first matched: commands that match none start faster
    import pathspec


def default_root() -> str:
    """The git work tree's top around the current folder, else the current folder."""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return os.getcwd()
    top = done.stdout.strip()
    return top if done.returncode == 0 and top else os.getcwd()


def within(path: str, folder: str) -> bool:
    """Is ``path`` ``folder`` or inside it (symbolic links resolved)?"""
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([path, folder]) == folder


def relative(path: str, root: str) -> str:
    """``path`` (as given, relative to the current folder) relative to
    ``root``, with ``/`` separators; a path outside ``root`` stays absolute,
    and a name that is no path (``<stdin>``, ``<text>``) stays as it is."""
    if path.startswith("<"):
        return path
    full = os.path.abspath(path)
    rel = os.path.relpath(full, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = full
    return rel.replace(os.sep, "/")


@functools.lru_cache(maxsize=None)
def _spec(pattern: str) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines([pattern])


def glob_matches(path: str, pattern: str, root: str) -> bool:
    """Does the gitignore ``pattern`` match ``path`` (see the module's doc)?"""
    return _spec(pattern).match_file(relative(path, root))
