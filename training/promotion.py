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
import os
import re
import sys

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ketalint.api import Linter, read_file
from ketalint.rules.classifier import WORD, page_text

from export import scores as count_scores, write_classifier

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
    return count_scores(int((predicted & labels).sum()), int((predicted & ~labels).sum()),
                        int((~predicted & labels).sum()))


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
    head = {"question": QUESTION, "threshold": THRESHOLD, "min_words": MIN_WORDS,
            "trained_on": f"{int(train.sum())} pages of fixtures/realworld/tune and fixtures/corpus that name no risks "
                          f"(training/promotion.py)"}
    return write_classifier(OUT, vectoriser, model, head, texts)


if __name__ == "__main__":
    sys.exit(main())
