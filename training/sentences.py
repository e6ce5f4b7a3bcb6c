"""Train the sentence classifiers that the pack's ``kind: learned`` rules read:
``rules/ketamine/unsupported.classifier.json`` (CLM290) and
``rules/ketamine/uncited.classifier.json`` (CIT490).

    pip install -e '.[train]'
    python training/sentences.py            # cross-validate, then write the files
    python training/sentences.py --check    # cross-validate only

Each is a logistic regression over a sentence's words and word pairs, learned
from every sentence of the real-world tune part (``fixtures/realworld/tune``)
as ``ketalint`` splits it: a sentence a reviewer labelled with the category is
a yes, one labelled without it is a no, and an unlabelled sentence is a no at
half weight (by ``LABELLING.md`` every claim is labelled, so the rest make
none; the half weight allows for a writer who missed one). The test part is
never read.

A learned rule reports only sentences that no other rule of its category
finds, so the script prints, cross-validated over batches (each batch is one
writer's sites, and a fold never trains on the batch it scores), what the
rule would add to the other rules on the tune part: labelled sentences it
would get right and wrong, and unlabelled sentences it would flag. Those
other rules were written from the same pages, so they catch more there than
on new copy, and the figures understate what the rule adds on copy nobody
here has read.
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
from ketalint.rules.classifier import WORD
from ketalint.rules.kinds.learned import LearnedKind

from export import write_classifier

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TUNE = os.path.join(ROOT, "fixtures", "realworld", "tune")
PACK = os.path.join(ROOT, "rules", "ketamine")
#: Classifier name -> (the category its label is, its question).
CLASSIFIERS = {
    "unsupported": ("unsupported-claim", "the sentence makes an efficacy, safety or mechanism claim "
                                         "that the evidence does not support"),
    "uncited": ("citation", "the sentence states a finding, figure or authority that needs a source"),
}
# Chosen by cross-validation over batches and on earlier held-out batches
# scored with the rules of their time: C between 1 and 3, unlabelled weight
# 0.25 to 1, and 5,000, 20,000 or all terms barely differ (5,000 load
# fastest); at 0.7 what the rule adds on those batches is about as precise as
# the other rules.
SETTINGS = {"ngram_range": (1, 2), "min_df": 3, "sublinear_tf": True, "max_features": 5000}
C = 3.0
UNLABELLED_WEIGHT = 0.5
THRESHOLD = 0.7
MIN_WORDS = 3


def sentences(linter: Linter):
    """(batch, text, categories or None if unlabelled, categories other rules find) of
    every sentence of every tune page."""
    rules = [r for r in linter.ruleset.rules if not isinstance(r.kind_spec, LearnedKind)]
    for entry in yaml.safe_load(open(os.path.join(TUNE, "labels.yaml"), encoding="utf-8")):
        doc = read_file(os.path.join(TUNE, entry["doc"]))
        analysed, findings = linter.analyse_and_lint(doc, rules)
        labelled = [(doc.source.find(s["text"]), s["text"], s["expect"]) for s in entry.get("spans", [])]
        batch = re.match(r"[a-z]*", entry["doc"]).group(0)
        for sentence in analysed:
            start, end = doc.source_span(sentence.start, sentence.end)
            over = [set(expect) for at, text, expect in labelled if at < end and at + len(text) > start]
            found = {f.category for f in findings if f.scope == "span" and f.start < end and f.end > start}
            yield batch, sentence.text, set().union(*over) if over else None, found


def fit(texts, labels, weights):
    vectoriser = TfidfVectorizer(**SETTINGS)
    model = LogisticRegression(C=C, max_iter=5000).fit(vectoriser.fit_transform(texts), labels, sample_weight=weights)
    return vectoriser, model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="cross-validate only; write nothing")
    args = parser.parse_args()
    rows = list(sentences(Linter()))
    groups = np.array([r[0] for r in rows])
    texts = [r[1] for r in rows]
    labelled = np.array([r[2] is not None for r in rows])
    weights = np.where(labelled, 1.0, UNLABELLED_WEIGHT)
    judged = np.array([len(WORD.findall(t)) >= MIN_WORDS for t in texts])
    print(f"{len(rows)} sentences of {len(set(groups))} batches, {int(labelled.sum())} labelled")
    status = 0
    for name, (category, question) in CLASSIFIERS.items():
        yes = np.array([r[2] is not None and category in r[2] for r in rows])
        others = np.array([category in r[3] for r in rows])
        said = np.zeros(len(rows), bool)
        for train, test in GroupKFold(n_splits=10).split(texts, yes, groups):
            vectoriser, model = fit([texts[i] for i in train], yes[train], weights[train])
            said[test] = model.predict_proba(vectoriser.transform([texts[i] for i in test]))[:, 1] >= THRESHOLD
        adds = said & judged & ~others
        print(f"{name} ({category}), cross-validated: beside the other rules it adds "
              f"{int((adds & yes).sum())} right and {int((adds & labelled & ~yes).sum())} wrong labelled sentences "
              f"(they find {int((others & yes).sum())} and miss {int((~others & yes).sum())}), "
              f"and flags {int((adds & ~labelled).sum())} of {int((~labelled).sum())} unlabelled ones")
        if args.check:
            continue
        vectoriser, model = fit(texts, yes, weights)
        head = {"question": question, "threshold": THRESHOLD, "min_words": MIN_WORDS,
                "trained_on": f"{len(rows)} sentences of fixtures/realworld/tune, {int(yes.sum())} labelled "
                              f"{category} (training/sentences.py)"}
        status |= write_classifier(os.path.join(PACK, f"{name}.classifier.json"), vectoriser, model, head, texts)
    return status


if __name__ == "__main__":
    sys.exit(main())
