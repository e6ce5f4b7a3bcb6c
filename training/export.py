"""What the training scripts share: their scores, and writing a trained
model as a pack's ``NAME.classifier.json`` (see ``ketalint.rules.classifier``)."""
from __future__ import annotations

import json
import os
import sys

from ketalint.rules.classifier import TextClassifier


def scores(tp: int, fp: int, fn: int) -> str:
    return f"precision {tp / max(tp + fp, 1):.3f}  recall {tp / max(tp + fn, 1):.3f}  ({tp} tp, {fp} fp, {fn} fn)"


def write_classifier(path: str, vectoriser, model, head: dict, texts: list[str]) -> int:
    """Write ``model`` over ``vectoriser``'s terms to ``path`` with the fields
    of ``head`` (question, threshold, min_words, trained_on); refuse (1) if
    the pack would answer any of ``texts`` differently from scikit-learn."""
    terms = {term: [float(f"{idf:.6g}"), float(f"{coef:.6g}")]
             for term, idf, coef in zip(vectoriser.get_feature_names_out(), vectoriser.idf_, model.coef_[0])}
    first = {key: head[key] for key in ("question", "threshold", "min_words")}
    head = {**first, "intercept": float(f"{model.intercept_[0]:.6g}"), **{k: v for k, v in head.items() if k not in first}}
    # One term a line, so that a retrained file's diff reads term by term.
    lines = [f"{json.dumps(term, ensure_ascii=False)}: {json.dumps(value)}" for term, value in sorted(terms.items())]
    text = json.dumps(head, indent=1, ensure_ascii=False)[:-2] + ',\n "terms": {\n' + ",\n".join(lines) + "\n}}\n"
    name = os.path.basename(path).split(".")[0]
    classifier = TextClassifier.from_json(name, path, text)
    expected = model.predict_proba(vectoriser.transform(texts))[:, 1]
    worst = max(abs(classifier.probability(t) - p) for t, p in zip(texts, expected))
    if worst > 1e-4:
        print(f"{name}: the classifier disagrees with scikit-learn by {worst:.2g}", file=sys.stderr)
        return 1
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"wrote {os.path.relpath(path)}: {len(terms)} terms (largest disagreement with scikit-learn {worst:.1g})")
    return 0
