"""A progress line on standard error for long runs.

Shown only when standard error is a terminal (so never in pre-commit, CI logs
or pipes) and only once a run has taken longer than ``DELAY`` seconds, so
quick runs stay silent. It is redrawn at most ten times a second and erased
when the run ends.
"""
from __future__ import annotations

import os
import sys
import time

DELAY = 1.0
_WIDTH = 24


class Progress:
    def __init__(self, total: int, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = self.stream.isatty() and not os.environ.get("CI")
        self.enabled = enabled and total > 1
        self.total, self.done, self.findings = total, 0, 0
        self.started = time.monotonic()
        self._drawn_at = 0.0
        self._shown = False

    def update(self, result) -> None:
        self.done += 1
        self.findings += len(result.findings)
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < DELAY or now - self._drawn_at < 0.1:
            return
        self._drawn_at = now
        filled = _WIDTH * self.done // self.total
        bar = "#" * filled + "-" * (_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} files, {self.findings} findings")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
