"""Train the promotion classifier RSK301 reads: ``rules/ketamine/promotion.classifier.json``.

    pip install -e '.[train]'
    python training/promotion.py            # cross-validate, then write the file
    python training/promotion.py --check    # cross-validate only

RSK301 flags a page that promotes ketamine or esketamine treatment and does
not name its main risks. Whether risks are named is read by rules (the
lexicon's RISK entities, ``satisfied_by``); whether a page promotes (offers,
sells, invites booking or advocates) or reports (news, regulator notices,
label summaries, neutral education) is what this classifier answers, from
the page's words and word pairs.

It learns from the pages whose document label a reviewer gave: the
real-world tune part (``fixtures/realworld/tune``, 80-300 words a page) and
the project's own corpus (``fixtures/corpus``, shorter pages written here,
one batch for cross-validation). A page that names its risks is
clean whatever it does, so it says nothing about promotion: only pages on
which ``satisfied_by`` does not hold are used, and on those ``flag`` means
"promotes". The test part is never read.

Before writing, the script prints the rule's precision and recall on the tune
part by cross-validation over batches (each batch of pages is one writer's,
and a fold never trains on the batch it scores), beside the figures of the
classifier already in the pack, which has seen every batch. Retrain when the
tune part grows or when the risk conditions change.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ketalint.api import Linter, read_file
from ketalint.rules.classifier import WORD, TextClassifier, page_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TUNE = os.path.join(ROOT, "fixtures", "realworld", "tune")
CORPUS = os.path.join(ROOT, "fixtures", "corpus")
OUT = os.path.join(ROOT, "rules", "ketamine", "promotion.classifier.json")
QUESTION = "the page promotes ketamine or esketamine treatment"
# Chosen by cross-validation over batches (10 folds); the figures barely move
# between 5,000 and 30,000 terms and C between 1 and 10.
SETTINGS = {"ngram_range": (1, 2), "min_df": 3, "sublinear_tf": True, "max_features": 10000}
C = 3.0
THRESHOLD = 0.5
# The tune part's pages have 80 words or more; shorter copy is not judged.
MIN_WORDS = 50


def pages(linter: Linter, folder: str):
    """(batch, text, promotes, risks named, flagged now) of every labelled page of ``folder``."""
    rule = linter.ruleset.by_id("RSK301")
    for entry in yaml.safe_load(open(os.path.join(folder, "labels.yaml"), encoding="utf-8")):
        label = (entry.get("document") or {}).get("risk-disclosure")
        if label is None:
            continue
        doc = read_file(os.path.join(folder, entry["doc"]))
        run = linter.document_run(doc)
        readable = rule.kind_spec.readable(rule, run)
        flagged = any(f.rule == rule.id for f in run.findings_of(rule))
        batch = re.match(r"[a-z]*", entry["doc"]).group(0) or "corpus"
        yield (batch, page_text(readable), label == "flag",
               rule.kind_spec.satisfied(run, readable), flagged)


def fit(texts, labels):
    vectoriser = TfidfVectorizer(**SETTINGS)
    model = LogisticRegression(C=C, max_iter=5000).fit(vectoriser.fit_transform(texts), labels)
    return vectoriser, model


def scores(predicted, labels) -> str:
    tp = int((predicted & labels).sum())
    fp = int((predicted & ~labels).sum())
    fn = int((~predicted & labels).sum())
    return f"precision {tp / max(tp + fp, 1):.3f}  recall {tp / max(tp + fn, 1):.3f}  ({tp} tp, {fp} fp, {fn} fn)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="cross-validate only; write nothing")
    args = parser.parse_args()
    linter = Linter()
    rows = list(pages(linter, TUNE)) + list(pages(linter, CORPUS))
    groups = np.array([r[0] for r in rows])
    texts = [r[1] for r in rows]
    flag = np.array([r[2] for r in rows])
    named = np.array([r[3] for r in rows])
    now = np.array([r[4] for r in rows])
    predicted = np.zeros(len(rows), bool)
    for train, test in GroupKFold(n_splits=10).split(texts, flag, groups):
        train = train[~named[train]]
        vectoriser, model = fit([texts[i] for i in train], flag[train])
        yes = model.predict_proba(vectoriser.transform([texts[i] for i in test]))[:, 1] >= THRESHOLD
        yes &= np.array([len(WORD.findall(texts[i])) >= MIN_WORDS for i in test])
        predicted[test] = yes & ~named[test]
    print(f"{len(rows)} labelled pages in {len(set(groups))} batches; "
          f"{int((~named).sum())} name no risks and train the classifier")
    print(f"RSK301 by the classifier, cross-validated over batches (shorter pages as no): "
          f"{scores(predicted, flag)}")
    print(f"RSK301 with the pack's classifier:   {scores(now, flag)}")
    if args.check:
        return 0

    train = ~named
    vectoriser, model = fit([t for t, keep in zip(texts, train) if keep], flag[train])
    terms = {term: [float(f"{idf:.6g}"), float(f"{coef:.6g}")]
             for term, idf, coef in zip(vectoriser.get_feature_names_out(), vectoriser.idf_, model.coef_[0])}
    head = {"question": QUESTION, "threshold": THRESHOLD, "min_words": MIN_WORDS, "intercept": float(f"{model.intercept_[0]:.6g}"),
            "trained_on": f"{int(train.sum())} pages of fixtures/realworld/tune and fixtures/corpus that name no risks "
                          f"(training/promotion.py)"}
    # One term a line, so that a retrained file's diff reads term by term.
    lines = [f"{json.dumps(term, ensure_ascii=False)}: {json.dumps(value)}" for term, value in sorted(terms.items())]
    text = json.dumps(head, indent=1, ensure_ascii=False)[:-2] + ',\n "terms": {\n' + ",\n".join(lines) + "\n}}\n"
    # The pack reads what scikit-learn learned: the same answer on every page.
    classifier = TextClassifier.from_json("promotion", OUT, text)
    expected = model.predict_proba(vectoriser.transform(texts))[:, 1]
    worst = max(abs(classifier.probability(t) - p) for t, p in zip(texts, expected))
    if worst > 1e-4:
        print(f"the classifier disagrees with scikit-learn by {worst:.2g}", file=sys.stderr)
        return 1
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"wrote {os.path.relpath(OUT)}: {len(terms)} terms (largest disagreement with scikit-learn {worst:.1g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
