"""Accuracy gates, scored by the rules of ../shared/eval/score.py (see
tests/scoring.py).

The project's labelled corpus and, when present, the seeds: every category,
span and document rows alike, must reach precision and recall 0.9. The
real-world corpus (tune and test parts) and, when present, the field set: the
overall figures and each category's must not fall below the level reached
(the README's accuracy table), less a margin of about two labels' worth, so
nothing slides back unnoticed.
"""
import pytest

from conftest import ROOT, SHARED
from scoring import below, overall, precision_recall, score

CORPUS = ROOT / "fixtures" / "corpus"
REALWORLD = ROOT / "fixtures" / "realworld"
SEEDS = SHARED / "seeds"
FIELD = SHARED / "eval" / "field"

# (overall precision, overall recall, every category's precision, recall):
# the level each set reached, less 0.02 (0.03 on the smaller test part).
GATES = {
    "tune": (REALWORLD / "tune", REALWORLD / "tune" / "labels.yaml", (0.85, 0.81, 0.78, 0.70)),
    "test": (REALWORLD / "test", REALWORLD / "test" / "labels.yaml", (0.79, 0.67, 0.72, 0.52)),
    "field": (FIELD / "docs", FIELD / "labels.yaml", (0.91, 0.86, 0.85, 0.83)),
}


def test_labelled_corpus_precision_and_recall(linter):
    counts, misses = score(linter, str(CORPUS), str(CORPUS / "labels.yaml"))
    weak = below(counts, 0.9)
    assert not weak, "\n".join(weak + misses)


@pytest.mark.skipif(not (SEEDS / "labels.yaml").exists(), reason="../shared/seeds not present")
def test_seed_documents_precision_and_recall(linter):
    counts, misses = score(linter, str(SEEDS), str(SEEDS / "labels.yaml"))
    weak = below(counts, 0.9)
    assert not weak, "\n".join(weak + misses)


# The tune part grows with every batch of pages (2,478 documents, about 28 s):
# it runs with the slow checks; the test part and the field set run every time.
@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n == "tune" else n
                                  for n in sorted(GATES)])
def test_real_world_accuracy_holds_its_level(linter, name):
    docs, labels, (min_p, min_r, row_p, row_r) = GATES[name]
    if not labels.exists():
        pytest.skip(f"{labels} not present")
    counts, _ = score(linter, str(docs), str(labels))
    p, r = overall(counts)
    weak = [f"overall: precision {p:.2f} recall {r:.2f}"] if p < min_p or r < min_r else []
    for row, (tp, fp, fn) in sorted(counts.items()):
        rp, rr = precision_recall(tp, fp, fn)
        if rp < row_p or rr < row_r:
            weak.append(f"{row}: precision {rp:.2f} recall {rr:.2f}")
    assert not weak, f"{name} fell below its level: " + "; ".join(weak)
