#!/usr/bin/env python3
"""Precision and recall per category on every labelled corpus, side by side.

    python benchmarks/accuracy.py                 # the table
    python benchmarks/accuracy.py --misses field  # and the misses of one corpus

Corpora: ``seeds`` and ``field`` (../shared, when present), ``corpus``
(fixtures/corpus, written here), ``tune`` and ``test`` (fixtures/realworld: real
pages, split by site; rules are written from the tune part only, the test part
is scored and never read) and ``holdout`` (fixtures/realworld: the newest
batches, scored and not yet read; the next round scores them first, then reads
them into tune). Scoring follows ../shared/eval/score.py (see
tests/scoring.py); the pipeline is loaded once for all of them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))

from scoring import precision_recall, score  # noqa: E402

CORPORA = {
    "seeds": (SHARED / "seeds", SHARED / "seeds" / "labels.yaml"),
    "corpus": (ROOT / "fixtures" / "corpus", ROOT / "fixtures" / "corpus" / "labels.yaml"),
    "tune": (ROOT / "fixtures" / "realworld" / "tune", ROOT / "fixtures" / "realworld" / "tune" / "labels.yaml"),
    "test": (ROOT / "fixtures" / "realworld" / "test", ROOT / "fixtures" / "realworld" / "test" / "labels.yaml"),
    "holdout": (ROOT / "fixtures" / "realworld" / "holdout", ROOT / "fixtures" / "realworld" / "holdout" / "labels.yaml"),
    "field": (SHARED / "eval" / "field" / "docs", SHARED / "eval" / "field" / "labels.yaml"),
}
ROWS = ("fda-status", "unsupported-claim", "risk-disclosure", "citation",
        "doc:fda-status", "doc:risk-disclosure")


def overall(counts) -> tuple[int, int, int]:
    return tuple(sum(c[i] for c in counts.values()) for i in range(3))


def table(results: dict) -> str:
    names = list(results)
    lines = ["| category | " + " | ".join(names) + " |",
             "|---|" + "---|" * len(names)]
    for row in ROWS + ("overall",):
        cells = []
        for name in names:
            counts = results[name]
            tp, fp, fn = overall(counts) if row == "overall" else counts.get(row, (0, 0, 0))
            if tp + fp + fn == 0:
                cells.append("")
                continue
            p, r = precision_recall(tp, fp, fn)
            cells.append(f"{p:.2f} / {r:.2f}")
        if any(cells):
            label = f"**{row}**" if row == "overall" else row
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="*", help=f"corpora to score (default: all of {', '.join(CORPORA)})")
    ap.add_argument("--misses", action="append", default=[], metavar="CORPUS",
                    help="also print the misses of CORPUS (not the test or holdout part's, unless you mean to)")
    args = ap.parse_args(argv)
    from ketalint.api import Linter

    linter = Linter()
    results, misses = {}, {}
    for name in args.corpora or CORPORA:
        docs, labels = CORPORA[name]
        if not labels.exists():
            continue
        results[name], misses[name] = score(linter, str(docs), str(labels))
    print("precision / recall\n")
    print(table(results))
    for name in args.misses:
        print(f"\n{name}:")
        print("\n".join(sorted(misses.get(name, []))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
