"""Context modifiers: negation, hedging, restriction, attribution, questions.

Modelled on ConText (Harkema et al., 2009): a *cue* ("not", "may", "only",
"according to") opens a *scope* that runs forward, backward or both from the cue,
for at most ``max_tokens`` tokens, and stops early at a *terminator* ("but",
"however", ";") or at the sentence end; *backward terminators* stop only a scope
running back from its cue (a hedge inside "a powerful therapy that can help"
qualifies its relative clause, not the noun the clause describes); a *new clause*
(", and" before one of the kind's ``clause_subjects``: ", and ketamine helps") stops
a scope running forward. *Pseudo-cues* look like cues but are not
("not only", "not just"), and block the cue they contain.

Cues, scopes and terminators come from the rule pack's ``modifiers.yaml``. The
result is ``doc._.modifiers``: a list of :class:`Modifier` with character offsets
relative to the Doc, which later stages shift to document offsets.
"""
from __future__ import annotations

import bisect

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..patterns import TimedPattern
from ..prefilter import SearchSpace
from . import chunks  # noqa: F401  (Doc._.prose, Doc._.block_bounds)
from .modifier import Modifier

if not Doc.has_extension("modifiers"):
    Doc.set_extension("modifiers", default=None)
#: The sentences' SearchSpace the cues were found with; the claims stage takes
#: over its word index (see SearchSpace.adopt_words).
if not Doc.has_extension("search_space"):
    Doc.set_extension("search_space", default=None)


_WORD_START = regex.compile(r"\w")


def _alternation(phrases: list[str]) -> str:
    parts = []
    # Longest first; phrases of one length in alphabetical order, so that the
    # pattern is the same in every process (set order varies with the hash seed).
    for phrase in sorted(sorted(set(phrases)), key=len, reverse=True):
        if phrase.startswith("re:"):
            parts.append(phrase[3:])
        else:
            words = [regex.escape(w) for w in phrase.split()]
            parts.append(r"[\s]+".join(words))
    # When every cue starts with a word character, a match starts at a word
    # boundary: testing that first rules most positions out before the
    # lookbehind runs (same matches, a third less time).
    at_word = all(p[3:].startswith(r"\b") if p.startswith("re:") else _WORD_START.match(p)
                  for p in phrases)
    return (r"\b" if at_word else "") + r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])"


def _spans(pattern: TimedPattern, space: SearchSpace):
    """``(start, end)`` of the pattern's matches, each sentence searched as a
    string of its own (as the prefilter assumes)."""
    for start, end in pattern.candidates(space):
        for m in pattern.finditer_span(space, (start, end)):
            yield start + m.start(), start + m.end()


def _acronym(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isupper() and word.isalpha()


#: A sentence that opens by asking: the whole of it is the question.
_OPENS_ASKING = regex.compile(
    r"^\W*(?:(?:so|and|but|then|now|well|ok|okay),?\s+)?(?:how|what|why|which|who|whom|whose|where|when|is|are|was|were|am|can|could|do|does|did|"
    r"should|shall|will|would|may|might|must|has|have|had|isn't|aren't|doesn't|don't|won't|can't)\b", regex.I)
#: A clause that asks, after one that states: "Ketamine is approved for
#: depression, but how safe are the clinics?" asks only from "how".
_ASKING_CLAUSE = regex.compile(
    r"(?:,\s*(?:but|and|so|yet|or)\s+|[;:]\s*|\s[—–]\s*|\s-\s)"
    r"(?=(?:how|what|why|which|who|where|when|is|are|can|could|do|does|did|should|will|would)\b)", regex.I)


def _question_start(sentence: str) -> int:
    """Where the question of a sentence ending in "?" begins: its start, or the
    last clause that asks when the sentence opens by stating."""
    if _OPENS_ASKING.match(sentence):
        return 0
    clauses = list(_ASKING_CLAUSE.finditer(sentence))
    return clauses[-1].end() if clauses else 0


def _closes(text: str, cue_end: int, sentence_end: int) -> bool:
    """Does nothing but punctuation follow the cue in its sentence?"""
    return not any(ch.isalnum() for ch in text[cue_end:sentence_end])


@Language.factory("ketalint_context", default_config={"modifiers": {}})
def make_context(nlp: Language, name: str, modifiers: dict):
    return ContextComponent(nlp, modifiers)


class ContextComponent:
    def __init__(self, nlp: Language, modifiers: dict):
        strings = nlp.vocab.strings
        self.kinds = []
        # Questions that assert what they ask about ("Why has ketamine worked
        # where antidepressants failed?") are claims, not questions.
        asserting = (modifiers.get("question") or {}).get("pseudo")
        self.asserting_question = TimedPattern(r"^\W*" + _alternation(asserting), regex.I) if asserting else None
        for kind, spec in modifiers.items():
            if kind == "question":
                continue
            cues = TimedPattern(_alternation(spec["cues"]), regex.I)
            pseudo = TimedPattern(_alternation(spec["pseudo"]), regex.I) if spec.get("pseudo") else None
            # Terminators compared as lower-case hashes, so no Token objects are made.
            terminators = {strings.add(t.lower()) for t in spec.get("terminators", [])}
            backward = terminators | {strings.add(t.lower()) for t in spec.get("backward_terminators", [])}
            inner = backward | {strings.add(t.lower()) for t in spec.get("inner_backward_terminators", [])}
            subjects = {strings.add(t.lower()) for t in spec.get("clause_subjects", [])}
            self.kinds.append((kind, cues, pseudo, terminators, backward, inner, subjects,
                               spec.get("direction", "forward"), int(spec.get("max_tokens", 8))))
        self.open_paren, self.close_paren, self.and_ = strings.add("("), strings.add(")"), strings.add("and")
        self.comma = strings.add(",")

    def _past_aside(self, doc: Doc, lower: list, j: int, end: int) -> int:
        """Token ``j``, or the token after an aside between commas that opens
        there: the scope of "is not, however, approved" or "may, in some
        cases, help" reads on past it (a comma otherwise ends a scope)."""
        if j < end and lower[j] == self.comma:
            for k in range(j + 1, min(j + 6, end)):
                if lower[k] == self.comma and k > j + 1:
                    return k + 1
                if not doc[k].is_alpha:
                    break
        return j

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.prose if doc._.prose is not None else doc.text
        n = len(doc)
        found: list[Modifier] = []
        if not n:
            doc._.modifiers = found
            return doc
        arrays = doc.to_array(["IDX", "LENGTH", "LOWER"])
        idx = arrays[:, 0].tolist()
        lengths = arrays[:, 1]  # read for the few tokens that end a scope
        lower = arrays[:, 2].tolist()
        bounds = doc._.sent_bounds or [(0, len(text))]
        sent_starts = [s for s, _ in bounds]
        # Cues are searched only in sentences that hold their literals.
        space = doc._.search_space = SearchSpace(text, bounds)
        for kind, cues, pseudo, terminators, backward, inner, subjects, direction, max_tokens in self.kinds:
            blocked = list(_spans(pseudo, space)) if pseudo else []
            for cue_start, cue_end in _spans(cues, space):
                # A cue that shares words with a pseudo-cue is part of it: "is not"
                # in "is not only safe but ...".
                if any(s < cue_end and cue_start < e for s, e in blocked):
                    continue
                first = bisect.bisect_right(idx, cue_start) - 1
                last = bisect.bisect_left(idx, cue_end)
                if first < 0:
                    first = 0
                sent_i = bisect.bisect_right(sent_starts, cue_start) - 1
                s_start, s_end = bounds[sent_i]
                tok_s = bisect.bisect_left(idx, s_start)
                tok_e = bisect.bisect_left(idx, s_end)
                scope_start, scope_end = first, last
                if direction in ("forward", "both"):
                    j = self._past_aside(doc, lower, last, tok_e)
                    while j < tok_e and j - last < max_tokens:
                        if subjects and lower[j] == self.comma and j + 2 < tok_e and \
                                lower[j + 1] == self.and_ and lower[j + 2] in subjects:
                            break
                        if lower[j] in terminators:
                            # A name's "and" and an acronym in brackets after a name
                            # are part of it: "not a Food and Drug Administration
                            # (FDA) approved drug".
                            if lower[j] == self.open_paren and j + 2 < tok_e and \
                                    lower[j + 2] == self.close_paren and _acronym(doc[j + 1].text):
                                j += 2
                            elif not (lower[j] == self.and_ and last < j < tok_e - 1 and
                                      doc[j - 1].text.istitle() and doc[j + 1].text.istitle()):
                                break
                        j += 1
                    scope_end = j
                if direction in ("backward", "both"):
                    # A cue that closes its sentence ("... is not fully understood.")
                    # reads back past the inner terminators.
                    stops = backward if _closes(text, cue_end, s_end) else inner
                    j = first
                    while j > tok_s and first - j < max_tokens and lower[j - 1] not in stops:
                        j -= 1
                    scope_start = j
                found.append(Modifier(
                    kind, cue_start, cue_end,
                    idx[scope_start] if scope_start < n else len(text),
                    idx[scope_end - 1] + int(lengths[scope_end - 1]) if scope_end > 0 else 0))
        for s_start, s_end in bounds:
            sentence = text[s_start:s_end]
            if sentence.rstrip().endswith("?") and not (
                    self.asserting_question is not None and self.asserting_question.search(sentence)):
                found.append(Modifier("question", s_end, s_end, s_start + _question_start(sentence), s_end))
        doc._.modifiers = found
        return doc
