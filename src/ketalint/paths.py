"""Which files a run reads.

Explicit file arguments are read whatever their extension (unknown extensions as
plain text). Directories are walked for the supported extensions (Markdown, MDX,
HTML, plain text, Word), skipping hidden files and folders (``.git``,
``.venv``...), ``node_modules`` and ``__pycache__``, without following symbolic
links to folders (so link loops cannot trap the walk). A walk reads only regular
files inside the folder: links to files outside it (a committed
``notes.md -> ~/.aws/credentials``) and FIFOs, devices, sockets or broken links
are skipped with a note; name such a file on the command line to read it.
Inside a git work tree, files git ignores (``.gitignore``, ``.git/info/exclude``,
the global excludes) are skipped too, as git itself decides (with the repository's fsmonitor and hooks switched off, so
its config runs nothing); named files are read even if ignored.
"""
from __future__ import annotations

import os
import subprocess
from typing import Iterator

from .errors import FileError
from .project import glob_matches
from .readers import EXTENSIONS

SKIPPED_DIRS = {"node_modules", "__pycache__", "site-packages"}
#: git as ketalint runs it: a repository's own config must not make it run a
#: command (an fsmonitor program or a hook), whoever committed it.
GIT = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"]


def collect(paths: list[str], include=(), exclude=(), root: str = ".",
            stdin_name: str | None = None) \
        -> tuple[list[str], list[FileError], list[tuple[str, str]]]:
    """Files to lint, in a stable order; (path, message) for missing paths;
    and (path, note) for files a folder walk skipped.

    ``include`` globs limit what a folder walk picks up; ``exclude`` globs drop
    any file, named or walked, and standard input (``-``) when ``stdin_name``
    (``--stdin-filename``) matches one. Globs match paths relative to ``root``
    (see :mod:`ketalint.project`)."""
    files: list[str] = []
    errors: list[FileError] = []
    notes: list[tuple[str, str]] = []
    for path in paths:
        if path == "-":
            files.append(path)
        elif os.path.isdir(path):
            found = [entry.path for entry in _walk(path, notes)
                     if not include or any(glob_matches(entry.path, g, root) for g in include)]
            ignored = git_ignored(path, found)
            files.extend(f for f in found if f not in ignored)
        elif os.path.exists(path):
            files.append(path)
        else:
            errors.append(FileError(path, "no such file or directory"))
    seen: set[str] = set()

    def excluded(path: str) -> bool:
        name = stdin_name if path == "-" else path
        if not name:
            return False
        return any(glob_matches(name, g, root) for g in exclude)

    unique = []
    for f in files:
        if f not in seen and not excluded(f):
            unique.append(f)
        seen.add(f)
    return unique, errors, notes


def _walk(folder: str, notes: list[tuple[str, str]]) -> Iterator[os.DirEntry]:
    """The files of supported formats under ``folder``, as ``os.walk`` would
    list them (sorted, top-down), that are regular files inside it. Links to
    files outside ``folder`` and special files (FIFOs, devices, sockets, broken
    links) are left out with a note; folders that cannot be listed are skipped."""
    inside = os.path.join(os.path.realpath(folder), "")
    pending = [folder]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIPPED_DIRS:
                    subfolders.append(entry.path)
            elif os.path.splitext(entry.name)[1].lower() in EXTENSIONS:
                if entry.is_symlink() and not os.path.realpath(entry.path).startswith(inside):
                    notes.append((entry.path, f"note: skipped: a link to a file outside {folder} "
                                              "(name it to lint it)"))
                elif not entry.is_file():
                    notes.append((entry.path, "note: skipped: not a regular file"))
                else:
                    yield entry
        pending.extend(reversed(subfolders))


def git_ignored(folder: str, files: list[str]) -> set[str]:
    """The ``files`` (under ``folder``) that git ignores; empty outside a git
    work tree or without git. Names go to git as bytes, so file names that are
    not valid UTF-8 pass through."""
    if not files:
        return set()
    names = b"".join(os.fsencode(os.path.relpath(f, folder)) + b"\0" for f in files)
    try:
        done = subprocess.run([*GIT, "-C", folder, "check-ignore", "--stdin", "-z"],
                              input=names, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):  # 128: not a git repository
        return set()
    ignored = {os.path.normpath(os.path.join(folder, os.fsdecode(p))) for p in done.stdout.split(b"\0") if p}
    return {f for f in files if os.path.normpath(f) in ignored}
