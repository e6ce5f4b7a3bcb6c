"""Which files a run reads.

Explicit file arguments are read whatever their extension (unknown extensions as
plain text). Directories are walked for the supported extensions (Markdown, MDX,
HTML, plain text, Word), skipping hidden folders (``.git``, ``.venv``...),
``node_modules`` and ``__pycache__``, without following symbolic links to folders
(so link loops cannot trap the walk). Inside a git work tree, files git ignores
(``.gitignore``, ``.git/info/exclude``, the global excludes) are skipped too, as
git itself decides; named files are read even if ignored.
"""
from __future__ import annotations

import os
import subprocess

from .project import glob_matches
from .readers import EXTENSIONS

SKIPPED_DIRS = {"node_modules", "__pycache__", "site-packages"}


def collect(paths: list[str], include=(), exclude=(), root: str = ".",
            stdin_name: str | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to lint, in a stable order, and (path, message) for missing paths.

    ``include`` globs limit what a folder walk picks up; ``exclude`` globs drop
    any file, named or walked, and standard input (``-``) when ``stdin_name``
    (``--stdin-filename``) matches one. Globs match paths relative to ``root``
    (see :mod:`ketalint.project`)."""
    files: list[str] = []
    errors: list[tuple[str, str]] = []
    for path in paths:
        if path == "-":
            files.append(path)
        elif os.path.isdir(path):
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
                for name in sorted(names):
                    full = os.path.join(folder, name)
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in EXTENSIONS \
                            and (not include or any(glob_matches(full, g, root) for g in include)):
                        found.append(full)
            ignored = git_ignored(path, found)
            files.extend(f for f in found if f not in ignored)
        elif os.path.exists(path):
            files.append(path)
        else:
            errors.append((path, "no such file or directory"))
    seen = set()

    def excluded(path: str) -> bool:
        name = stdin_name if path == "-" else path
        return bool(name) and any(glob_matches(name, g, root) for g in exclude)

    unique = [f for f in files if not (f in seen or seen.add(f)) and not excluded(f)]
    return unique, errors


def git_ignored(folder: str, files: list[str]) -> set[str]:
    """The ``files`` (under ``folder``) that git ignores; empty outside a git
    work tree or without git. Names go to git as bytes, so file names that are
    not valid UTF-8 pass through."""
    if not files:
        return set()
    try:
        done = subprocess.run(["git", "-C", folder, "check-ignore", "--stdin", "-z"],
                              input=b"".join(os.fsencode(os.path.relpath(f, folder)) + b"\0" for f in files),
                              capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):  # 128: not a git repository
        return set()
    ignored = {os.path.normpath(os.path.join(folder, os.fsdecode(p))) for p in done.stdout.split(b"\0") if p}
    return {f for f in files if os.path.normpath(f) in ignored}
