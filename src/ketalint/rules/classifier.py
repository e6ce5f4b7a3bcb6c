"""Text classifiers a rule pack ships beside its rules, as ``NAME.classifier.json``.

A classifier answers one question about a whole page that wording rules
answer badly: does this page promote the treatment, or report on it? It is a
logistic regression over the tf-idf weights of the page's words and word
pairs, trained from labelled pages by ``training/promotion.py`` (which says
what it was trained on) and read here without any machine-learning library:

- words are runs of two or more letters or digits, lowercased, and pairs are
  two words in a row (as scikit-learn's ``TfidfVectorizer`` reads them);
- a term's weight is ``(1 + ln count) * idf``, and the page's weights are
  scaled to length 1;
- the probability is the logistic function of the weights' dot product with
  the coefficients, plus the intercept; the classifier says yes at
  ``threshold`` or above;
- a text of fewer than ``min_words`` words is too short to judge (the pages it
  learned from are longer): the classifier says no.

A rule uses it through a document condition ``{classifier: NAME}`` (see
:mod:`.kinds.document`).
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .yamlfile import PackError

SUFFIX = ".classifier.json"
# Words as the trainer's vectoriser reads them (scikit-learn's default token
# pattern, with the standard library's ``re``, as scikit-learn uses).
WORD = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class TextClassifier:
    name: str
    #: What a yes means, for rule docs and messages ("the page promotes treatment").
    question: str
    threshold: float
    min_words: int
    intercept: float
    #: term -> (idf, coefficient)
    terms: dict[str, tuple[float, float]]
    #: The first words of the word pairs among the terms (a pair that starts
    #: with any other word is not one).
    _pair_starts: frozenset[str] = field(init=False, repr=False, compare=False)
    _memo: dict[str, dict[str, float]] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "_pair_starts", frozenset(t.split(" ", 1)[0] for t in self.terms if " " in t))

    @classmethod
    def from_json(cls, name: str, path: str, text: str) -> TextClassifier:
        """The classifier in ``text`` (the file at ``path``); PackError if it is not one."""
        try:
            data = json.loads(text)
            terms = {str(term): (float(idf), float(coef)) for term, (idf, coef) in data["terms"].items()}
            classifier = cls(name, str(data["question"]), float(data["threshold"]),
                             int(data["min_words"]), float(data["intercept"]), terms)
        except json.JSONDecodeError as exc:
            raise PackError(path, exc.lineno, None, f"invalid JSON: {exc.msg}") from None
        except (KeyError, TypeError, ValueError, AttributeError):
            raise PackError(path, 1, None, "a classifier is a JSON object with 'question', "
                                           "'threshold', 'min_words', 'intercept' and 'terms' "
                                           "({term: [idf, coefficient]})") from None
        if not terms or not 0 < classifier.threshold < 1:
            raise PackError(path, 1, "threshold", "needs terms and a threshold between 0 and 1")
        return classifier

    def weights(self, text: str) -> dict[str, float]:
        """The known terms of ``text`` with their tf-idf weights, scaled to length 1."""
        # Several rules ask about the same page: its last few answers are kept.
        if text in self._memo:
            return self._memo[text]
        words = WORD.findall(text.lower())
        counts = Counter(words)
        pair_starts = self._pair_starts
        counts.update(f"{a} {b}" for a, b in zip(words, words[1:]) if a in pair_starts)
        terms = self.terms
        raw = {t: (1 + math.log(n)) * terms[t][0] for t, n in counts.items() if t in terms}
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        weights = {t: w / norm for t, w in raw.items()}
        if len(self._memo) >= 4:
            self._memo.clear()
        self._memo[text] = weights
        return weights

    def probability(self, text: str) -> float:
        """How likely the answer to the classifier's question is yes for ``text``."""
        z = self.intercept + sum(w * self.terms[t][1] for t, w in self.weights(text).items())
        return 1 / (1 + math.exp(-z)) if z > -500 else 0.0

    def judges(self, text: str) -> bool:
        """Is ``text`` long enough to judge (``min_words`` words or more)?"""
        return len(WORD.findall(text)) >= self.min_words

    def says_yes(self, text: str) -> bool:
        return self.judges(text) and self.probability(text) >= self.threshold

    def strongest(self, text: str, n: int = 3) -> list[str]:
        """The ``n`` terms of ``text`` that push its answer furthest towards yes."""
        pushes = {t: w * self.terms[t][1] for t, w in self.weights(text).items()}
        return [t for t, p in sorted(pushes.items(), key=lambda kv: (-kv[1], kv[0]))[:n] if p > 0]


def page_text(sentences) -> str:
    """The text a classifier reads of a page: its sentences, one per line."""
    return "\n".join(s.text for s in sentences)
