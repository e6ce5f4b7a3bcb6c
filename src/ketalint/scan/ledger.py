"""Which inputs a scan has finished, so that a restarted scan skips them.

The ledger is ``finished.jsonl`` in the output folder: one line per finished
input, with its real path, the sizes of the tables once its rows were written,
the counts of its pages and a key of the settings it was linted with (rule
packs, config, ketalint version), so that one folder never mixes findings of
different rules. Starting again, the tables are cut back to the
sizes of the last finished input, which drops the rows of an input that was
interrupted half-way; that input is then read again from its start.
"""
from __future__ import annotations

import collections
import json
import os


class Ledger:
    """The finished inputs recorded in ``outdir``."""

    NAME = "finished.jsonl"

    def __init__(self, outdir: str):
        self.path = os.path.join(outdir, self.NAME)
        self.entries: list[dict] = []
        if os.path.exists(self.path):
            with open(self.path, encoding="utf-8") as lines:
                self.entries = [json.loads(line) for line in lines if line.strip()]
        self._finished = {entry["input"] for entry in self.entries}

    @staticmethod
    def key(path: str) -> str:
        return os.path.realpath(path)

    def is_finished(self, path: str) -> bool:
        return self.key(path) in self._finished

    def settings(self) -> str | None:
        """The settings key of the inputs finished (None before any)."""
        return self.entries[-1]["settings"] if self.entries else None

    def table_sizes(self) -> dict[str, int]:
        """Sizes of the tables when the last input was finished (empty before any)."""
        return self.entries[-1]["tables"] if self.entries else {}

    def counts(self) -> collections.Counter:
        """Pages counted over all finished inputs, by what became of them."""
        total: collections.Counter = collections.Counter()
        for entry in self.entries:
            total.update(entry["counts"])
        return total

    def record(self, path: str, tables: dict[str, int], counts: collections.Counter, settings: str) -> None:
        entry = {"input": self.key(path), "tables": tables, "counts": dict(counts), "settings": settings}
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")
            out.flush()
            os.fsync(out.fileno())
        self.entries.append(entry)
        self._finished.add(entry["input"])
