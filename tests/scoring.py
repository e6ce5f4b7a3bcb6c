"""Scores findings against a labels file by the rules of ../shared/eval/score.py.

A labelled span is a true positive for category C when a span finding of C
overlaps it and C is expected; a false positive when such a finding overlaps and
C is not expected; a false negative when C is expected and nothing of C overlaps.
Document labels (flag/clean per category) are matched against document findings.
"""
from __future__ import annotations

import os
from collections import defaultdict

import yaml

CATEGORIES = ("fda-status", "unsupported-claim", "risk-disclosure", "citation")


def score(linter, docs_dir: str, labels_path: str):
    """Return ({row: (tp, fp, fn)}, [miss descriptions])."""
    from ketalint.api import read_file

    with open(labels_path, encoding="utf-8") as fh:
        labels = yaml.safe_load(fh) or []  # an empty part (holdout between rounds) scores nothing
    counts = defaultdict(lambda: [0, 0, 0])
    misses = []
    for entry in labels:
        path = os.path.join(docs_dir, entry["doc"])
        doc = read_file(path)
        findings = linter.lint_document(doc)
        text = doc.source
        spans = [(f.category, f.start, f.end) for f in findings if f.scope != "document"]
        doc_cats = {f.category for f in findings if f.scope == "document"}
        for lab in entry.get("spans", []):
            s = text.find(lab["text"])
            assert s >= 0, f"label not found in {entry['doc']}: {lab['text']!r}"
            e = s + len(lab["text"])
            hit = {c for c, fs, fe in spans if fs < e and fe > s}
            for c in CATEGORIES:
                if c in lab["expect"]:
                    counts[c][0 if c in hit else 2] += 1
                    if c not in hit:
                        misses.append(f"FN {c} {entry['doc']}: {lab['text'][:90]}")
                elif c in hit:
                    counts[c][1] += 1
                    misses.append(f"FP {c} {entry['doc']}: {lab['text'][:90]}")
        for c, want in (entry.get("document") or {}).items():
            row = counts["doc:" + c]
            if want == "flag":
                row[0 if c in doc_cats else 2] += 1
                if c not in doc_cats:
                    misses.append(f"FN doc:{c} {entry['doc']}")
            elif c in doc_cats:
                row[1] += 1
                misses.append(f"FP doc:{c} {entry['doc']}")
    return dict(counts), misses


def precision_recall(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def below(counts, minimum: float) -> list[str]:
    weak = []
    for row, (tp, fp, fn) in sorted(counts.items()):
        p, r = precision_recall(tp, fp, fn)
        if p < minimum or r < minimum:
            weak.append(f"{row}: precision {p:.2f} recall {r:.2f} (tp={tp} fp={fp} fn={fn})")
    return weak


def overall(counts) -> tuple[float, float]:
    """Precision and recall over every row, as score.py's "overall" line."""
    tp, fp, fn = (sum(row[k] for row in counts.values()) for k in range(3))
    return precision_recall(tp, fp, fn)
