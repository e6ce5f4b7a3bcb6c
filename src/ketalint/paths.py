"""Which files a run reads.

Explicit file arguments are read whatever their extension (unknown extensions as
plain text). Directories are walked for the supported extensions, skipping hidden
folders (``.git``, ``.venv``...), ``node_modules`` and ``__pycache__``, without
following symbolic links to folders (so link loops cannot trap the walk).
"""
from __future__ import annotations

import os

from .readers import EXTENSIONS

SKIPPED_DIRS = {"node_modules", "__pycache__", "site-packages"}


def collect(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to lint, in a stable order, and (path, message) for missing paths."""
    files: list[str] = []
    errors: list[tuple[str, str]] = []
    for path in paths:
        if path == "-":
            files.append(path)
        elif os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
                for name in sorted(names):
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in EXTENSIONS:
                        files.append(os.path.join(root, name))
        elif os.path.exists(path):
            files.append(path)
        else:
            errors.append((path, "no such file or directory"))
    seen = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return unique, errors
