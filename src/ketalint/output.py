"""Writing output files atomically: a reader never sees half a report."""
from __future__ import annotations

import os
import tempfile


def write_atomic(path: str, text: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".ketalint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class AtomicWriter:
    """Collects output for ``path`` in a temporary file beside it and renames it
    into place on success; with ``path`` None it does nothing (stdout is used)."""

    def __init__(self, path: str | None):
        self.path = path
        self.fh = None
        self.tmp = None

    def __enter__(self):
        if self.path:
            folder = os.path.dirname(os.path.abspath(self.path))
            fd, self.tmp = tempfile.mkstemp(prefix=".ketalint-", suffix=".tmp", dir=folder)
            self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self

    def write(self, text: str) -> None:
        self.fh.write(text)

    def __exit__(self, exc_type, exc, tb):
        if self.fh is None:
            return False
        self.fh.close()
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)
        return False
