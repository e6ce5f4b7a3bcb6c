"""Writing files: reports (``-o``), claims registers, baselines, starter
configs and cache entries all go through :class:`OutputFile`.

A regular file, or a new one, is written to a temporary file beside it and
renamed into place: a reader never sees half of it, a failed run leaves the
old file as it was, and the file keeps the permissions it had. Any other
target, a symbolic link (``/dev/stdout`` is one), a device, a terminal or a
named pipe, is opened and written in place as a shell's ``>`` does, never
replaced: a link stays a link and what it points to receives the text. Text
is UTF-8; a file name that is not valid UTF-8 is written with its own bytes,
as on standard output.

:func:`check_target` is called before any linting, so a report that could not
be saved (missing folder, read-only file, a file that is also an input) stops
the run at once with one line that names the target.
"""
from __future__ import annotations

import os
import stat
import tempfile
from typing import IO, Any, Literal


class OutputError(OSError):
    """A target that cannot be written; the message names the target."""


def _replaced(path: str) -> bool:
    """Is ``path`` itself a regular file or nothing yet, so that a temporary
    file is renamed over it?"""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True


def _mode_for(path: str) -> int:
    """The mode the file has, or a new file's (temporary files start as 0600)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def check_target(path: str, inputs=()) -> None:
    """Raise OutputError if ``path`` cannot be written, or if it is one of the
    ``inputs`` (files to be read, compared after resolving symbolic links)."""
    real = os.path.realpath(path)
    if any(f != "-" and os.path.realpath(f) == real for f in inputs):
        raise OutputError(f"cannot write {path}: it is also an input; write the output elsewhere")
    if not os.path.exists(path):
        folder = os.path.dirname(real)
        if not os.path.isdir(folder):
            raise OutputError(f"cannot write {path}: folder {os.path.dirname(path) or folder} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"cannot write {path}: folder {folder} is not writable")
    elif os.path.isdir(path):
        raise OutputError(f"cannot write {path}: it is a folder")
    elif stat.S_ISREG(os.stat(path).st_mode):
        # Root may write any file; a file without write bits is refused all the same.
        if not os.stat(path).st_mode & 0o222 or not os.access(path, os.W_OK):
            raise OutputError(f"cannot write {path}: the file is read-only")


class OutputFile:
    """A context manager that writes text (or, with ``binary``, bytes: a Word
    file) to ``path`` as described above; the file is complete when the
    ``with`` block ends without an exception, and untouched when it ends with
    one. ``path`` None writes nothing (the caller prints to standard output).
    OSErrors become OutputError naming ``path``."""

    def __init__(self, path: str | None, binary: bool = False):
        self.path, self.binary = path, binary
        self.fh: IO[Any] | None = None
        #: The temporary file renamed into place; None for a target written in place.
        self.tmp: str | None = None

    def _error(self, exc: OSError) -> OutputError:
        return OutputError(f"cannot write {self.path}: {exc.strerror or exc}")

    def __enter__(self) -> "OutputFile":
        if self.path is None:
            return self
        try:
            if _replaced(self.path):
                fd, self.tmp = tempfile.mkstemp(prefix=".ketalint-", suffix=".tmp",
                                                dir=os.path.dirname(os.path.abspath(self.path)))
                self.fh = os.fdopen(fd, *self._mode())
            else:
                self.fh = open(self.path, *self._mode())
        except OSError as exc:
            raise self._error(exc) from None
        return self

    def _mode(self) -> tuple:
        return ("wb",) if self.binary else ("w", -1, "utf-8", "surrogateescape", "")

    def write(self, text: str | bytes) -> None:
        assert self.fh is not None, "write() needs a path and an open with block"
        try:
            self.fh.write(text)
        except OSError as exc:
            raise self._error(exc) from None

    def __exit__(self, exc_type, exc, tb) -> Literal[False]:
        if self.fh is None or self.path is None:
            return False
        try:
            self.fh.close()
            if self.tmp is not None:
                if exc_type is None:
                    os.chmod(self.tmp, _mode_for(self.path))
                    os.replace(self.tmp, self.path)
                else:
                    os.unlink(self.tmp)
        except OSError as err:
            if self.tmp is not None and os.path.exists(self.tmp):
                os.unlink(self.tmp)
            if exc_type is None:
                raise self._error(err) from None
        return False


def write_file(path: str, text: str | bytes) -> None:
    """Write all of ``text`` (str, or bytes for a binary file) to ``path``
    through an :class:`OutputFile`."""
    with OutputFile(path, binary=isinstance(text, bytes)) as out:
        out.write(text)
