"""Sentence splitting for copy: punctuation, abbreviations and citation markers.

A Doc holds one or more blocks (heading, list item, table cell, paragraph; see
:mod:`.chunks`), and ``doc._.block_bounds`` says where they are: every block
boundary is a sentence boundary, and text between blocks belongs to no
sentence. Inside a block a sentence ends after
``.``, ``!``, ``?`` or ``…``, together with any closing quotes or brackets and
any citation markers that follow (``treatments.[2,3]``, ``hours.¹``,
``remission.3``, ``disorder.^1``), when the next word does not start in lower case. A period
after a known abbreviation ("Dr.", "et al.", "vs.", "e.g.", "U.S.") ends nothing.

Boundaries are found on the text in one regex pass and written to the Doc with
``Doc.from_array`` (no per-token Python work); ``doc._.sent_bounds`` keeps them
as ``(start_char, end_char)`` pairs for later stages.
"""
from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, cast

import numpy
import regex
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from . import chunks  # noqa: F401  (Doc._.prose, Doc._.block_bounds)

if TYPE_CHECKING:
    from thinc.types import Ints2d

if not Doc.has_extension("sent_bounds"):
    Doc.set_extension("sent_bounds", default=None)

# Sentence-final punctuation, then what may still belong to the sentence.
_END = regex.compile(
    r"(?:\.{3}|[.!?…]+)"
    r"(?:[\"')\]’”»]+"
    r"|\s?\[\^?[\w,\-\s]{1,20}\]"
    r"|\s?\(\d{1,3}(?:\s*[,\-]\s*\d{1,3})*\)"
    r"|[⁰¹²³⁴⁵⁶⁷⁸⁹,⁻]+"
    r"|\^\d{1,3}(?:[,\-–]\d{1,3})*"
    r"|\d{1,2}(?:[,\-]\d{1,2})*(?=\s|$))*")
_NEXT = regex.compile(r"\s*(\S)")
# Searched backwards from the end (``(?r)``): a forward search tried every start in the window.
_WORD_BEFORE = regex.compile(r"(?r)([\w.]+)$")


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
        bounds: list[tuple[int, int]] = []
        if not n:
            doc._.sent_bounds = bounds
            return doc
        text = doc._.prose if doc._.prose is not None else doc.text
        idx = doc.to_array("IDX").tolist()
        flags = numpy.full(n, -1, dtype="int32")
        flags[0] = 1
        for block_start, block_end in doc._.block_bounds or [(0, len(text))]:
            starts = [block_start]
            for start in self.boundaries(text[block_start:block_end]):
                start += block_start
                i = bisect.bisect_left(idx, start)
                if i < n and idx[i] == start:
                    starts.append(start)
            for start in starts:
                i = bisect.bisect_left(idx, start)
                if i < n:
                    flags[i] = 1
            bounds += zip(starts, starts[1:] + [block_end])
        doc.from_array([SENT_START], cast("Ints2d", flags.astype("uint64").reshape(-1, 1)))
        doc._.sent_bounds = bounds
        return doc
