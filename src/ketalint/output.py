"""Writing output files atomically: a reader never sees half a report."""
from __future__ import annotations

import os
import tempfile


def _mode_for(path: str) -> int:
    """The mode the file has, or a new file's (temporary files start as 0600)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: str, text: str | bytes) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` through a temporary file beside it."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".ketalint-", suffix=".tmp", dir=folder)
    try:
        with (os.fdopen(fd, "wb") if isinstance(text, bytes)
              else os.fdopen(fd, "w", encoding="utf-8", newline="")) as fh:
            fh.write(text)
        os.chmod(tmp, _mode_for(path))
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
            os.chmod(self.tmp, _mode_for(self.path))
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)
        return False
