"""The results cache: a second run on unchanged files skips the pipeline.

An entry holds one file's results (findings after suppression, suppressed
findings, the lines reporters quote, messages, encoding). It is found by a key
made of the file's path and content hash and the run's key: the ketalint
version, the text of every rule pack file, and the settings in force. Change any
of them and the entry is simply not found, so a stale result is never served.

Location: ``--cache-dir``, else ``$KETALINT_CACHE_DIR``, else the user's cache
folder (``$XDG_CACHE_HOME``, by default ``~/.cache``), under
``ketalint/<hash of the project folder>``, the project folder being the folder
of the config file in use (the current folder when there is none). The cache is
outside the work tree by default, so nothing committed to a repository is read
as a cached result.

Entries are signed: each carries an HMAC-SHA256 of its run key, file key and
content, made with a random key kept in the user's cache folder
(``ketalint/key``, readable by the user only), never in the repository. An
entry that does not verify, even in a cache folder named inside a repository,
is a miss; so is an entry without the shape of a result
(:meth:`ketalint.runner.FileResult.from_entry`). When no key can be read or
made, the cache is not used.

The folder holds a ``.gitignore`` (``*``) and a ``CACHEDIR.TAG`` so that git
and backup tools skip it. Entries are written atomically (temporary file and
rename), so a reader never sees half an entry and parallel runs are safe.
Entries and whole run keys not used for ``STALE_DAYS`` days are pruned, at most
once a day. Any problem with the cache (read-only disk, a damaged or forged
entry) makes it miss, never fail the run.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import time

from . import __version__
from .output import OutputError, write_file

STALE_DAYS = 7
_DAY = 86400
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# ketalint results cache; see ketalint.cache\n"
#: What an entry file's first line starts with, before its signature.
_MAGIC = b"ketalint-entry-1 "
_SUFFIX = ".entry"


def user_cache_folder() -> str:
    """ketalint's folder in the user's cache (``$XDG_CACHE_HOME/ketalint``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "ketalint")


def default_dir(config_path: str | None) -> str:
    """``$KETALINT_CACHE_DIR``, else a folder of the user's cache named by
    the project folder (that of ``config_path``, else the current folder)."""
    env = os.environ.get("KETALINT_CACHE_DIR")
    if env:
        return env
    project = os.path.dirname(os.path.abspath(config_path)) if config_path else os.getcwd()
    name = hashlib.sha256(os.path.realpath(project).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return os.path.join(user_cache_folder(), name)


def signing_key() -> bytes | None:
    """The user's secret key for signing entries, made on first use; None
    when it can be neither read nor made."""
    path = os.path.join(user_cache_folder(), "key")
    for _attempt in range(2):
        try:
            with open(path, "rb") as fh:
                key = fh.read(64)
            return key if len(key) == 32 else None
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # another run made it first: read theirs
        except OSError:
            return None
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
    return None


def run_key(pack_digest: str, settings: dict) -> str:
    """What every entry of a run depends on besides the file itself."""
    blob = json.dumps([__version__, pack_digest, settings], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def file_key(path: str, data: bytes) -> str:
    """The entry for this content under this name: per-path settings match the
    name as given, so only spellings that match alike (``./a.md``, ``a.md``) share it."""
    where = os.path.normpath(path).encode("utf-8", "surrogateescape")
    return hashlib.sha256(where + b"\0" + data).hexdigest()


class Cache:
    """Entries of one run key under ``root``; ``enabled=False`` gives a cache
    that never hits and never writes (``--no-cache``)."""

    def __init__(self, root: str, key: str, enabled: bool = True):
        self.root, self.key = root, key
        self.folder = os.path.join(root, key)
        secret = signing_key() if enabled else None
        self.enabled = secret is not None
        self._secret = secret or b""  # (empty when disabled: nothing is signed or read then)
        self._ready = False

    def _path(self, key: str) -> str:
        return os.path.join(self.folder, key + _SUFFIX)

    def _signature(self, key: str, payload: bytes) -> bytes:
        """Hex HMAC of an entry: its run key and file key are signed with its
        content, so an entry copied to another name does not verify."""
        message = f"{self.key}/{key}\n".encode() + payload
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest().encode()

    def has(self, key: str) -> bool:
        return self.enabled and os.path.exists(self._path(key))

    def get(self, key: str) -> dict | None:
        """The entry stored under ``key`` if it is there and its signature
        verifies, else None."""
        if not self.enabled:
            return None
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                head, _, payload = fh.read().partition(b"\n")
            if not head.startswith(_MAGIC) or \
                    not hmac.compare_digest(head[len(_MAGIC):], self._signature(key, payload)):
                return None
            entry = json.loads(payload)
            os.utime(path)  # used: not stale
            return entry if isinstance(entry, dict) else None
        except (OSError, ValueError, RecursionError):
            return None

    def put(self, key: str, entry: dict) -> None:
        if not self.enabled or not self._prepare():
            return
        payload = json.dumps(entry, separators=(",", ":")).encode("ascii")
        try:
            write_file(self._path(key), (_MAGIC + self._signature(key, payload) + b"\n" + payload).decode("ascii"))
        except OutputError:
            self.enabled = False  # e.g. a read-only checkout or a full disk: stop trying

    def _prepare(self) -> bool:
        if self._ready:
            return True
        try:
            os.makedirs(self.folder, exist_ok=True)
            for name, text in ((".gitignore", "# created by ketalint\n*\n"), ("CACHEDIR.TAG", _TAG)):
                marker = os.path.join(self.root, name)
                if not os.path.exists(marker):
                    with open(marker, "w", encoding="utf-8") as fh:
                        fh.write(text)
        except OSError:
            self.enabled = False
            return False
        self._ready = True
        return True

    def prune(self, now: float | None = None) -> int:
        """Remove entries and run keys unused for STALE_DAYS days; at most once
        a day. Returns how many entries or folders were removed."""
        if not self.enabled or not os.path.isdir(self.root):
            return 0
        now = now or time.time()
        stamp = os.path.join(self.root, ".pruned")
        try:
            if now - os.stat(stamp).st_mtime < _DAY:
                return 0
        except OSError:
            pass
        limit = now - STALE_DAYS * _DAY
        removed = 0
        try:
            if os.path.isdir(self.folder):
                os.utime(self.folder)  # the run key in use is never stale
            for name in os.listdir(self.root):
                folder = os.path.join(self.root, name)
                if not os.path.isdir(folder):
                    continue
                if os.stat(folder).st_mtime < limit:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed += 1
                    continue
                for entry in os.scandir(folder):
                    if entry.stat().st_mtime < limit:
                        os.unlink(entry.path)
                        removed += 1
            with open(stamp, "w", encoding="utf-8"):
                pass
        except OSError:
            pass
        return removed
