"""Which files a run reads.

Explicit file arguments are read whatever their extension (unknown extensions as
plain text). Directories are walked for the supported extensions (Markdown, MDX,
HTML, plain text, Word), skipping hidden folders (``.git``, ``.venv``...),
``node_modules`` and ``__pycache__``, without following symbolic links to folders
(so link loops cannot trap the walk). Inside a git work tree, files git ignores
(``.gitignore``, ``.git/info/exclude``, the global excludes) are skipped too, as
git itself decides (with the repository's fsmonitor and hooks switched off, so
its config runs nothing); named files are read even if ignored.
"""
from __future__ import annotations

import os
import subprocess

from .readers import EXTENSIONS

SKIPPED_DIRS = {"node_modules", "__pycache__", "site-packages"}
#: git as ketalint runs it: a repository's own config must not make it run a
#: command (an fsmonitor program or a hook), whoever committed it.
GIT = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"]


def collect(paths: list[str], include=(), exclude=()) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to lint, in a stable order, and (path, message) for missing paths.

    ``include`` globs limit what a folder walk picks up; ``exclude`` globs drop
    any file, named or walked."""
    from .config import path_matches
    files: list[str] = []
    errors: list[tuple[str, str]] = []
    for path in paths:
        if path == "-":
            files.append(path)
        elif os.path.isdir(path):
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in EXTENSIONS \
                            and (not include or any(path_matches(full, g) for g in include)):
                        found.append(full)
            ignored = git_ignored(path, found)
            files.extend(f for f in found if f not in ignored)
        elif os.path.exists(path):
            files.append(path)
        else:
            errors.append((path, "no such file or directory"))
    seen = set()
    unique = [f for f in files if not (f in seen or seen.add(f))
              and not (f != "-" and any(path_matches(f, g) for g in exclude))]
    return unique, errors


def git_ignored(folder: str, files: list[str]) -> set[str]:
    """The ``files`` (under ``folder``) that git ignores; empty outside a git
    work tree or without git."""
    if not files:
        return set()
    try:
        done = subprocess.run([*GIT, "-C", folder, "check-ignore", "--stdin", "-z"],
                              input="\0".join(os.path.relpath(f, folder) for f in files) + "\0",
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):  # 128: not a git repository
        return set()
    ignored = {os.path.normpath(os.path.join(folder, p)) for p in done.stdout.split("\0") if p}
    return {f for f in files if os.path.normpath(f) in ignored}
