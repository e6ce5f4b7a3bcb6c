"""Context modifiers: negation, hedging, restriction, attribution, questions.

Modelled on ConText (Harkema et al., 2009): a *cue* ("not", "may", "only",
"according to") opens a *scope* that runs forward, backward or both from the cue,
for at most ``max_tokens`` tokens, and stops early at a *terminator* ("but",
"however", ";") or at the sentence end. *Pseudo-cues* look like cues but are not
("not only", "not just"), and block the cue they contain.

Cues, scopes and terminators come from the rule pack's ``modifiers.yaml``. The
result is ``doc._.modifiers``: a list of :class:`Modifier` with character offsets
relative to the Doc, which later stages shift to document offsets.
"""
from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from .modifier import Modifier

if not Doc.has_extension("modifiers"):
    Doc.set_extension("modifiers", default=None)


def _alternation(phrases: list[str]) -> str:
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        if phrase.startswith("re:"):
            parts.append(phrase[3:])
        else:
            words = [regex.escape(w) for w in phrase.split()]
            parts.append(r"[\s]+".join(words))
    return r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])"


@Language.factory("ketalint_context", default_config={"modifiers": {}})
def make_context(nlp: Language, name: str, modifiers: dict):
    return ContextComponent(modifiers)


class ContextComponent:
    def __init__(self, modifiers: dict):
        self.kinds = []
        for kind, spec in modifiers.items():
            cues = regex.compile(_alternation(spec["cues"]), regex.I)
            pseudo = regex.compile(_alternation(spec["pseudo"]), regex.I) if spec.get("pseudo") else None
            terminators = {t.lower() for t in spec.get("terminators", [])}
            self.kinds.append((kind, cues, pseudo, terminators, spec.get("direction", "forward"),
                               int(spec.get("max_tokens", 8))))

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found: list[Modifier] = []
        for kind, cues, pseudo, terminators, direction, max_tokens in self.kinds:
            blocked = [(m.start(), m.end()) for m in pseudo.finditer(text)] if pseudo else []
            for m in cues.finditer(text):
                if any(s <= m.start() < e for s, e in blocked):
                    continue
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None:
                    continue
                sent = span.sent
                first, last = span.start, span.end  # token indices, end exclusive
                scope_start, scope_end = first, last
                if direction in ("forward", "both"):
                    j = last
                    while j < sent.end and j - last < max_tokens and \
                            doc[j].lower_ not in terminators:
                        j += 1
                    scope_end = j
                if direction in ("backward", "both"):
                    j = first
                    while j > sent.start and first - j < max_tokens and \
                            doc[j - 1].lower_ not in terminators:
                        j -= 1
                    scope_start = j
                found.append(Modifier(
                    kind, m.start(), m.end(),
                    doc[scope_start].idx if scope_start < len(doc) else len(text),
                    doc[scope_end - 1].idx + len(doc[scope_end - 1].text) if scope_end > 0 else 0))
        for sent in doc.sents:
            if sent.text.rstrip().endswith("?"):
                found.append(Modifier("question", sent.end_char, sent.end_char,
                                      sent.start_char, sent.end_char))
        doc._.modifiers = found
        return doc
