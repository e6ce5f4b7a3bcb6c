"""Sentence splitting for copy: punctuation, abbreviations and citation markers.

Each block (heading, list item, table cell, paragraph) is its own Doc, so block
boundaries are sentence boundaries already. Inside a block a sentence ends after
``.``, ``!``, ``?`` or ``…``, together with any closing quotes or brackets and
any citation markers that follow (``treatments.[2,3]``, ``hours.¹``,
``remission.3``), when the next word does not start in lower case. A period
after a known abbreviation ("Dr.", "et al.", "vs.", "e.g.", "U.S.") ends nothing.

Boundaries are found on the text in one regex pass and written to the Doc with
``Doc.from_array`` (no per-token Python work); ``doc._.sent_bounds`` keeps them
as ``(start_char, end_char)`` pairs for later stages.
"""
from __future__ import annotations

import bisect

import numpy
import regex
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("sent_bounds"):
    Doc.set_extension("sent_bounds", default=None)

# Sentence-final punctuation, then what may still belong to the sentence.
_END = regex.compile(
    r"(?:\.{3}|[.!?…]+)"
    r"(?:[\"')\]’”»]+"
    r"|\s?\[\^?[\w,\-\s]{1,20}\]"
    r"|\s?\(\d{1,3}(?:\s*[,\-]\s*\d{1,3})*\)"
    r"|[⁰¹²³⁴⁵⁶⁷⁸⁹,⁻]+"
    r"|\d{1,2}(?:[,\-]\d{1,2})*(?=\s|$))*")
_NEXT = regex.compile(r"\s*(\S)")
_WORD_BEFORE = regex.compile(r"([\w.]+)$")


@Language.factory("ketalint_sentences", default_config={"abbreviations": []})
def make_sentence_splitter(nlp: Language, name: str, abbreviations: list[str]):
    return SentenceSplitter(abbreviations)


class SentenceSplitter:
    def __init__(self, abbreviations: list[str]):
        self.abbreviations = {a.lower().rstrip(".") for a in abbreviations}

    def boundaries(self, text: str) -> list[int]:
        """Character offsets where a new sentence starts (after offset 0)."""
        starts = []
        for m in _END.finditer(text):
            if m.group().startswith(".") and not m.group().startswith("..."):
                word = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
                if word and word.group(1).lower().rstrip(".") in self.abbreviations:
                    continue
                if word and "." in word.group(1):  # U.S., e.g., i.e.
                    continue
                if m.start() > 0 and text[m.start() - 1].isdigit() and \
                        text[m.start() + 1:m.start() + 2].isdigit():
                    continue  # 53.6
            nxt = _NEXT.match(text, m.end())
            if nxt and not nxt.group(1).islower():
                starts.append(nxt.start(1))
        return starts

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            doc._.sent_bounds = []
            return doc
        text = doc.text
        idx = doc.to_array("IDX").tolist()
        flags = numpy.full(n, -1, dtype="int32")
        flags[0] = 1
        chars = [0]
        for start in self.boundaries(text):
            i = bisect.bisect_left(idx, start)
            if 0 < i < n and idx[i] == start:
                flags[i] = 1
                chars.append(start)
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
        ends = chars[1:] + [len(text)]
        doc._.sent_bounds = list(zip(chars, ends))
        return doc
