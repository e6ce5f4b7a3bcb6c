"""Plain forms of typographic characters, without moving any offset.

Copy pasted from word processors and CMSs is full of look-alike characters: a
non-breaking hyphen in "FDA‑approved", curly quotes, no-break and narrow spaces,
a BOM, CRLF line ends; and copy meant to slip past a linter uses full-width
letters or Cyrillic ones that look Latin ("curеs"). Rules are written against
plain ASCII forms, so the prose view replaces each such character by its plain
form *at the same position*. The hyphen that joins an adverb in -ly to the word
it modifies ("highly-effective", "clinically-proven") is read as the space
standard spelling puts there.

Three things have no one-character plain form: invisible characters inside a
word (soft hyphen, zero-width space/joiners, word joiner), HTML/Markdown
character references such as ``&#8209;`` that stand for one character but take
several, and inline markup that renders nothing (a tag, comment or emphasis
marker) between two letters of a word (``cu<b>res</b>``, ``cu*res*``). For
those, the word is rewritten in its plain form and padded with spaces to its
original length, and an :class:`OffsetMap` records where each character of the
rewritten run came from. Everywhere else the prose view and the source share
offsets exactly.
"""
from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

# One-to-one replacements: (characters) -> plain character.
_ONE_TO_ONE = {
    "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d",
    "'": "\u2018\u2019\u201a\u201b\u2032\u02bc",
    '"': "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb",
    " ": "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
         "\u202f\u205f\u3000\t\r\v\f\u0085\u2028\u2029",
    ".": "\u2024\u2026",
}
_PLAIN_FORM = {ch: plain for plain, chars in _ONE_TO_ONE.items() for ch in chars}
# Full-width forms of ASCII (ＦＤＡ, ｃｕｒｅｓ) are ASCII.
_PLAIN_FORM.update({chr(0xFF01 + k): chr(0x21 + k) for k in range(94)})
_TYPOGRAPHIC = re.compile("[" + "".join(map(re.escape, _PLAIN_FORM)) + "]")
# "highly-effective" is "highly effective"; "ly-" is looked for first (a literal
# scan), the letters around it checked after.
_ADVERB_HYPHEN = re.compile(r"ly-(?=[A-Za-z])", re.IGNORECASE)
_LETTER_BEFORE = re.compile(r"[A-Za-z]{2}")

# Cyrillic and Greek letters drawn like Latin ones. They are read as Latin only
# in a word that also has a Latin letter ("curеs" with a Cyrillic е), so that
# Russian or Greek copy keeps its own letters.
_LATIN_LOOK_ALIKES = {
    "a": "\u0430\u03b1", "c": "\u0441\u03f2", "e": "\u0435", "i": "\u0456\u03b9", "j": "\u0458",
    "o": "\u043e\u03bf", "p": "\u0440\u03c1", "s": "\u0455", "x": "\u0445\u03c7", "y": "\u0443",
    "A": "\u0410\u0391", "B": "\u0412\u0392", "C": "\u0421", "E": "\u0415\u0395", "H": "\u041d\u0397",
    "I": "\u0406\u0399", "J": "\u0408", "K": "\u041a\u039a", "M": "\u041c\u039c", "N": "\u039d",
    "O": "\u041e\u039f", "P": "\u0420\u03a1", "S": "\u0405", "T": "\u0422\u03a4", "X": "\u0425\u03a7",
    "Y": "\u03a5", "Z": "\u0396",
}
_LATIN_FORM = {ch: latin for latin, chars in _LATIN_LOOK_ALIKES.items() for ch in chars}
_LOOK_ALIKE = re.compile("[" + "".join(_LATIN_FORM) + "]")
_WORD_CHAR = re.compile(r"\w")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _latin_in_mixed_words(text: str) -> str:
    """``text`` with the look-alike letters of each word that mixes them with
    Latin letters in their Latin form (linear: each word is looked at once)."""
    chars, done = None, 0
    for m in _LOOK_ALIKE.finditer(text):
        if m.start() < done:
            continue
        start = m.start()
        while start > 0 and _WORD_CHAR.match(text, start - 1):
            start -= 1
        done = m.end()
        while done < len(text) and _WORD_CHAR.match(text, done):
            done += 1
        if _LATIN_LETTER.search(text, start, done):
            chars = chars if chars is not None else list(text)
            for k in range(start, done):
                chars[k] = _LATIN_FORM.get(text[k], chars[k])
    return text if chars is None else "".join(chars)


def plain_chars(text: str) -> str:
    """``text`` with each one-to-one typographic character in its plain form,
    full-width ASCII as ASCII and look-alike letters in words of Latin letters
    as Latin.

    (``str.translate`` with a table looks up every character of a non-ASCII
    text; a regex finds the few there are ten times faster.)"""
    text = _latin_in_mixed_words(_TYPOGRAPHIC.sub(lambda m: _PLAIN_FORM[m.group()], text))
    return _ADVERB_HYPHEN.sub(_adverb_hyphen_as_space, text) if "y-" in text or "Y-" in text else text


def _adverb_hyphen_as_space(m: re.Match[str]) -> str:
    """ "ly " for the "ly-" of an adverb in -ly (two or more letters before the
    "ly": not "fly-fishing"), else the match unchanged."""
    start = m.start()
    if start >= 2 and _LETTER_BEFORE.fullmatch(m.string, start - 2, start):
        return m.group()[:2] + " "
    return m.group()


# Characters that vanish in the plain form. A leading BOM is just a space.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_CHAR = re.compile(r"[" + INVISIBLE + r"]")
# Whitespace as ``regex`` reads \s (the standard library's adds the separators \x1c-\x1f).
_WORD_EDGE = re.compile(r"[^\S\x1c-\x1f]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass
class OffsetMap:
    """Maps prose-view offsets back to source offsets inside rewritten runs.

    Each run is ``(start, positions)``: the run begins at ``start`` in both views,
    and ``positions[i]`` is the source offset of the i-th character of the
    rewritten (shorter) text. Offsets outside every run are unchanged.
    """

    starts: list[int] = field(default_factory=list)
    runs: list[tuple[int, int, list[int]]] = field(default_factory=list)

    def add(self, start: int, end: int, positions: list[int]) -> None:
        i = bisect.bisect(self.starts, start)
        self.starts.insert(i, start)
        self.runs.insert(i, (start, end, positions))

    def to_source(self, offset: int, *, is_end: bool = False) -> int:
        """Source offset of a prose offset; ``is_end`` for exclusive span ends."""
        i = bisect.bisect_right(self.starts, offset - (1 if is_end else 0)) - 1
        if i < 0:
            return offset
        start, end, positions = self.runs[i]
        if is_end:
            rel = offset - start - 1
            if 0 <= rel < len(positions):
                return positions[rel] + 1
            return offset if offset <= start or offset > end else end
        rel = offset - start
        if 0 <= rel < len(positions):
            return positions[rel]
        return offset if offset >= end or offset < start else end


def _rewrite(chars: list[str], start: int, pieces: list[tuple[str, int]], end: int,
             offsets: OffsetMap) -> None:
    """Write ``pieces`` (plain text, source offset) at ``start``, pad to ``end``."""
    positions = []
    pos = start
    for text, src in pieces:
        for ch in text:
            chars[pos] = ch
            positions.append(src)
            pos += 1
    for i in range(pos, end):
        chars[i] = " "
    offsets.add(start, end, positions)


def _inside_words(text: str, markup: list[tuple[int, int]]) -> dict[int, int]:
    """The spans of ``markup`` (touching ones as one) that sit strictly inside a
    word of ``text``: blank, with a letter right before and right after. Markup
    next to a space or a punctuation mark keeps its word boundary."""
    inside: dict[int, int] = {}
    start = end = -1
    for s, e in sorted(markup) + [(len(text) + 1, len(text) + 1)]:
        if s <= end:
            end = max(end, e)
            continue
        if 0 < start and end < len(text) and text[start - 1].isalpha() and text[end].isalpha() \
                and text[start:end].isspace():
            inside[start] = end
        start, end = s, e
    return inside


def plain_view(text: str, *, decode_entities: bool = False,
               markup: list[tuple[int, int]] | None = None) -> tuple[str, OffsetMap]:
    """Return the plain form of ``text`` (same length) and its offset map.

    ``decode_entities`` turns character references (``&amp;``, ``&#8209;``) into
    the characters they stand for, as Markdown and HTML readers need.
    ``markup`` is the spans of inline markup a reader blanked in ``text`` (tags,
    comments, emphasis markers); one that sits inside a word is dropped, so the
    word reads whole ("cu<b>res</b>" reads "cures").
    """
    offsets = OffsetMap()
    if not text:
        return text, offsets
    plain = plain_chars(text)
    if text[0] == "\ufeff":
        plain = " " + plain[1:]
    hits = [(m.start(), m.end()) for m in _INVISIBLE_CHAR.finditer(text, 1 if text[0] == "\ufeff" else 0)]
    if decode_entities:
        hits += [(m.start(), m.end()) for m in _ENTITY.finditer(text)]
    dropped = _inside_words(text, markup) if markup else {}
    hits += dropped.items()
    hits.sort()
    runs: list[tuple[int, int]] = []
    for start, end in hits:
        if runs and start < runs[-1][1]:
            continue  # already inside a widened run
        # Rewrite the whole word, so its plain form is contiguous. Its start
        # is looked for back to the previous run's end only (which a run
        # starting before it would merge with anyway): a look back to the
        # start of the text for every hit took quadratic time.
        space = _WORD_EDGE.search(text, end)
        end = space.start() if space else len(text)
        bound = runs[-1][1] if runs else 0
        before = text.rfind(" ", bound, start)
        newline = max(text.rfind("\n", bound, start), text.rfind("\t", bound, start))
        start = max(before, newline, bound - 1) + 1
        runs.append((start, end))
    if not runs:
        return plain, offsets
    chars = list(plain)
    # Merge overlapping runs, then rewrite each as a whole word.
    runs.sort()
    merged = [list(runs[0])]
    for s, e in runs[1:]:
        if s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    for s, e in merged:
        pieces: list[tuple[str, int]] = []
        i = s
        while i < e:
            if i in dropped:
                i = dropped[i]
                continue
            ch = text[i]
            m = _ENTITY.match(text, i, e) if decode_entities and ch == "&" else None
            if m:
                decoded = plain_chars(html.unescape(m.group()))
                decoded = "".join(c for c in decoded if c not in INVISIBLE)
                if decoded:
                    pieces.append((decoded[:1], i))
                    # A reference to several characters is rare; keep the rest.
                    pieces.extend((c, i) for c in decoded[1:])
                i = m.end()
                continue
            if ch not in INVISIBLE:
                pieces.append((chars[i], i))
            i += 1
        if sum(len(t) for t, _ in pieces) > e - s:
            continue  # cannot happen for real references; keep the plain chars
        # The word's letters are read together now: a look-alike letter is read
        # as Latin if the rest of the word is ("с<b>ures</b>").
        folded = plain_chars("".join(t for t, _ in pieces))
        pieces = [(ch, src) for ch, (_, src) in zip(folded, pieces)]
        _rewrite(chars, s, pieces, e, offsets)
    return "".join(chars), offsets
