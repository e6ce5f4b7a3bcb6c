"""Accuracy gates: the project's labelled corpus and, when present, the seeds.

Both are scored by the rules of ../shared/eval/score.py (see tests/scoring.py):
every category, span and document rows alike, must reach precision and recall
0.9.
"""
import pytest

from conftest import ROOT, SHARED
from scoring import below, score

CORPUS = ROOT / "fixtures" / "corpus"
SEEDS = SHARED / "seeds"


def test_labelled_corpus_precision_and_recall(linter):
    counts, misses = score(linter, str(CORPUS), str(CORPUS / "labels.yaml"))
    weak = below(counts, 0.9)
    assert not weak, "\n".join(weak + misses)


@pytest.mark.skipif(not (SEEDS / "labels.yaml").exists(), reason="../shared/seeds not present")
def test_seed_documents_precision_and_recall(linter):
    counts, misses = score(linter, str(SEEDS), str(SEEDS / "labels.yaml"))
    weak = below(counts, 0.9)
    assert not weak, "\n".join(weak + misses)
