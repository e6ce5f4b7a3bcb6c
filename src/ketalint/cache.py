"""The results cache: a second run on unchanged files skips the pipeline.

An entry holds one file's results (findings after suppression, suppressed
findings, the lines reporters quote, messages, encoding). It is found by a key
made of the file's path and content hash and the run's key: the ketalint
version, the text of every rule pack file, and the settings in force. Change any
of them and the entry is simply not found, so a stale result is never served.

Location: ``--cache-dir``, else ``$KETALINT_CACHE_DIR``, else ``.ketalint_cache``
in the folder of the config file in use (the current folder when there is
none). The folder holds a ``.gitignore`` (``*``) and a ``CACHEDIR.TAG`` so that
git and backup tools skip it. Entries are written atomically (temporary file
and rename), so a reader never sees half an entry and parallel runs are safe.
Entries and whole run keys not used for ``STALE_DAYS`` days are pruned, at most
once a day. Any problem with the cache (read-only disk, a damaged entry) makes
it miss, never fail the run.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time

from . import __version__
from .output import write_file

STALE_DAYS = 7
_DAY = 86400
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# ketalint results cache; see ketalint.cache\n"


def default_dir(config_path: str | None) -> str:
    env = os.environ.get("KETALINT_CACHE_DIR")
    if env:
        return env
    base = os.path.dirname(os.path.abspath(config_path)) if config_path else os.getcwd()
    return os.path.join(base, ".ketalint_cache")


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
        self.root, self.enabled = root, enabled
        self.folder = os.path.join(root, key)
        self._ready = False

    def has(self, key: str) -> bool:
        return self.enabled and os.path.exists(os.path.join(self.folder, key + ".json"))

    def get(self, key: str) -> dict | None:
        if not self.enabled:
            return None
        path = os.path.join(self.folder, key + ".json")
        try:
            with open(path, encoding="utf-8") as fh:
                entry = json.load(fh)
            os.utime(path)  # used: not stale
            return entry
        except (OSError, ValueError):
            return None

    def put(self, key: str, entry: dict) -> None:
        if not self.enabled or not self._prepare():
            return
        try:
            # ASCII JSON: a file name that is not valid UTF-8 survives as \udcXX escapes.
            write_file(os.path.join(self.folder, key + ".json"), json.dumps(entry, separators=(",", ":")))
        except OSError:
            self.enabled = False  # e.g. a read-only checkout: stop trying

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
