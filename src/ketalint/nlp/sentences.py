"""Sentence splitting for copy: punctuation, abbreviations and citation markers.

Each block (heading, list item, table cell, paragraph) is its own Doc, so block
boundaries are sentence boundaries already. Inside a block a sentence ends after
``.``, ``!``, ``?`` or ``…``, together with any closing quotes or brackets and
any citation markers that follow (``treatments.[2,3]``, ``hours.¹``,
``remission.3``), when the next word does not start in lower case. A period
after a known abbreviation ("Dr.", "et al.", "vs.", "e.g.") ends nothing;
"U.S." and similar are single tokens already.
"""
from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

_FINAL = {".", "!", "?", "…", "?!", "!?", "...", "!!", "??"}
# What may follow the final punctuation and still belong to the sentence.
_TAIL = regex.compile(
    r"(?:[\"')\]’”»]+"
    r"|\s?\[\^?[\w,\-\s]{1,20}\]"
    r"|\s?\(\d{1,3}(?:\s*[,\-]\s*\d{1,3})*\)"
    r"|[⁰¹²³⁴⁵⁶⁷⁸⁹,⁻]+"
    r"|\d{1,2}(?:[,\-]\d{1,2})*(?=\s|$))*")


@Language.factory("ketalint_sentences", default_config={"abbreviations": []})
def make_sentence_splitter(nlp: Language, name: str, abbreviations: list[str]):
    return SentenceSplitter(abbreviations)


class SentenceSplitter:
    def __init__(self, abbreviations: list[str]):
        self.abbreviations = {a.lower().rstrip(".") for a in abbreviations}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        starts = [False] * n
        starts[0] = True
        text = doc.text
        i = 0
        while i < n:
            tok = doc[i]
            if tok.text in _FINAL and not (
                    tok.text == "." and i > 0 and doc[i - 1].lower_.rstrip(".") in self.abbreviations
                    and not doc[i - 1].whitespace_):
                end = tok.idx + len(tok.text)
                end += len(_TAIL.match(text, end).group())
                j = i + 1
                while j < n and doc[j].idx < end:
                    j += 1
                while j < n and doc[j].is_space:
                    j += 1
                if j < n and not doc[j].text[:1].islower():
                    starts[j] = True
                i = j
                continue
            i += 1
        for tok, start in zip(doc, starts):
            tok.is_sent_start = start
        return doc
