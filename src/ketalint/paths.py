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
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in EXTENSIONS \
                            and (not include or any(path_matches(full, g) for g in include)):
                        files.append(full)
        elif os.path.exists(path):
            files.append(path)
        else:
            errors.append((path, "no such file or directory"))
    seen = set()
    unique = [f for f in files if not (f in seen or seen.add(f))
              and not (f != "-" and any(path_matches(f, g) for g in exclude))]
    return unique, errors
