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
  learned from are longer): the classifier gives no answer.

A document rule asks it with the condition ``{classifier: NAME, if_too_short:
[...]}`` (see :mod:`.kinds.document`), a sentence rule with ``when:
{classifier: NAME}`` (skipped on pages it answers no).
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
    _memo: dict[str, tuple[int, float]] = field(init=False, repr=False, compare=False, default_factory=dict)

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

    def _terms(self, text: str) -> tuple[int, list[tuple[str, float, float]]]:
        """(number of words, [(term, tf-idf weight before scaling, coefficient)
        for each known term]) of ``text``."""
        words = WORD.findall(text.lower())
        counts = Counter(words)
        pair_starts = self._pair_starts
        counts.update(f"{a} {b}" for a, b in zip(words, words[1:]) if a in pair_starts)
        known = []
        for term, n in counts.items():
            entry = self.terms.get(term)
            if entry is not None:
                idf, coefficient = entry
                known.append((term, idf if n == 1 else (1 + math.log(n)) * idf, coefficient))
        return len(words), known

    def _read(self, text: str) -> tuple[int, float]:
        """(number of words, probability of yes) of ``text``."""
        # Several rules ask about the same page: its last few readings are kept.
        if text in self._memo:
            return self._memo[text]
        n_words, known = self._terms(text)
        norm = math.sqrt(sum(w * w for _, w, _ in known)) or 1.0
        z = self.intercept + sum(w * c for _, w, c in known) / norm
        reading = n_words, (1 / (1 + math.exp(-z)) if z > -500 else 0.0)
        if len(self._memo) >= 4:
            self._memo.clear()
        self._memo[text] = reading
        return reading

    def probability(self, text: str) -> float:
        """How likely the answer to the classifier's question is yes for ``text``."""
        return self._read(text)[1]

    def answer(self, text: str) -> bool | None:
        """Yes or no for ``text``; None if it is too short to judge (fewer
        than ``min_words`` words)."""
        n_words, probability = self._read(text)
        if n_words < self.min_words:
            return None
        return probability >= self.threshold

    def strongest(self, text: str, n: int = 3) -> list[str]:
        """The ``n`` terms of ``text`` that push its answer furthest towards yes."""
        pushes = {t: w * c for t, w, c in self._terms(text)[1]}
        return [t for t, p in sorted(pushes.items(), key=lambda kv: (-kv[1], kv[0]))[:n] if p > 0]


def page_text(sentences) -> str:
    """The text a classifier reads of a page: its sentences, one per line."""
    return "\n".join(s.text for s in sentences)
