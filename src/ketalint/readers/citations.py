"""Citation markers, links in running text, and reference lists.

Shared by every reader: markers are found in the prose view of each block, so
their offsets are source offsets. Supported markers:

* numeric: ``[1]``, ``[2,3]``, ``[3-5]`` (any dash), ``(7)`` directly after a word
  or punctuation and before the end of the clause, or after a full stop with the
  next sentence on the same line (``ten doses.(1,2) Relapse fell``);
* superscript digits (``¹²``), ``<sup>4</sup>`` in Markdown/HTML, a caret (``day 28.^1``,
  ``^2^``), and digits glued to punctuation as scraped pages leave them
  (``treatments.3``, ``forms:1``);
* Markdown footnote references ``[^label]``;
* author-year: ``(Smith et al., 2023)``, ``(Smith & Jones 2021; Lee 2020)``,
  ``Smith et al. (2023)``;
* locators written in the text: a DOI, PMID or trial registry number (NCT...),
  a sponsor's "(data on file)", a journal named with its year ("JAMA Psychiatry, 2023"), a dated study named
  by its journal or first author ("a 2020 analysis by Papakostas", "in 2006,
  Zarate and colleagues") or a dated named survey or report.
"""
from __future__ import annotations

import regex

from ..document import Document, Link, Marker, Reference

_SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_ASCII = str.maketrans(_SUP_DIGITS + "⁻", "0123456789-")
#: A journal's name, full or abbreviated ("Journal of Affective Disorders",
#: "JAMA Psychiatry", "Am J Psychiatry", "Biological Psychiatry").
_JOURNAL = (
    r"\b(?:(?:(?:American|British|European|International|Canadian|Australian(?:\s+and\s+New\s+Zealand)?)"
    r"\s+Journal\s+of|Journal\s+of(?:\s+the)?|Annals\s+of|Archives\s+of)(?:\s+[A-Z][\w&-]*){1,5}"
    r"|\bJAMA(?:\s+(?:Network\s+Open|Psychiatry|Neurology|Pediatrics))?"
    r"|\b(?:N\s?Engl\s?J\s?Med|New\s+England\s+Journal\s+of\s+Medicine|NEJM|BMJ|(?:The\s+)?Lancet(?:\s+Psychiatry)?"
    r"|Nature(?:\s+(?:Medicine|Neuroscience|Communications))?|Science(?:\s+Translational\s+Medicine)?|Neuron"
    r"|(?:Molecular|Biological)\s+Psychiatry"
    r"|Am\s+J\s+Psychiatry|J\s+(?:Clin|Affect|Psychopharmacol|Psychiatr)\w*(?:\s+[A-Z]\w*){0,3}))")
#: A month's name, full or abbreviated ("Oct", "October").
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
#: A title in title case, as a journal's name is printed ("Current Research in
#: Neuropharmacology", "*Pain Medicine*").
_TITLED = r"\*?(?!" + _MONTH + r")[A-Z][\w&-]*(?:\s+(?:(?:of|and|in|for|on|&)\s+(?:the\s+)?)?[A-Z][\w&-]*){0,6}\*?"
_NUM_LIST = r"\d{1,3}(?:\s*[,\-]\s*\d{1,3})*"

MARKER_PATTERNS: list[tuple[str, regex.Pattern]] = [
    ("footnote", regex.compile(r"\[\^([^\]\s]{1,40})\]")),
    ("numeric", regex.compile(r"\[(" + _NUM_LIST + r")\](?!\()")),
    ("numeric", regex.compile(
        r"(?:(?<=[A-Za-z%\.,;:\)\]\"'])|(?<=[A-Za-z%\.,;:\)\]\"'] ))"
        r"\((\d{1,2}(?:\s*[,\-]\s*\d{1,2})*)\)(?=\s*$|[.,;:]|\s*\n)", regex.M)),
    # ... or set after the full stop, with the next sentence following on the
    # same line: "remission after ten doses.(1,2) Relapse fell".
    ("numeric", regex.compile(r"(?<=[a-z%\d]\.)\((\d{1,2}(?:\s*[,\-]\s*\d{1,2})*)\)(?=\s+[A-Z\"“])")),
    ("superscript", regex.compile(
        r"(?<=\S)([" + _SUP_DIGITS + r"]+(?:[,⁻\-][" + _SUP_DIGITS + r"]+)*)")),
    ("superscript", regex.compile(
        r"(?:(?<=[a-z%\)\]][.,:;])|(?<=[.,;:][\"']))(\d{1,2}(?:[,\-]\d{1,2})*)(?=\s|$)")),
    # A caret for superscript, as Pandoc writes it or a page's text export
    # leaves it: "in remission by day 28.^1", "conditions.^3,4", "^2^".
    ("superscript", regex.compile(r"(?<=\S)\^(\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*)\^?(?=[\s*.,;:)]|$)")),
    ("author-year", regex.compile(
        r"\((?:see\s+|e\.g\.,?\s+)?[A-Z][\p{L}'\-]+(?:\s+(?:et\s+al\.?|and|&)(?:\s+[A-Z][\p{L}'\-]+)?)?"
        r",?\s+(?:19|20)\d{2}[a-z]?(?:\s*[;,]\s*[^()]{1,80}?(?:19|20)\d{2}[a-z]?)*\)")),
    ("author-year", regex.compile(
        r"\b[A-Z][\p{L}'\-]+\s+(?:et\s+al\.?|and\s+[A-Z][\p{L}'\-]+)\s+\((?:19|20)\d{2}[a-z]?\)")),
    ("locator", regex.compile(r"\b(?:doi:\s*|doi\.org/)10\.\d{4,9}/\S+|\bPMID:?\s*\d{5,9}\b|\bNCT\d{8}\b",
                              regex.I)),
    # A sponsor's unpublished data, cited as pharmaceutical copy does: "(data on
    # file)", "(Data on file, Janssen, 2024)".
    ("locator", regex.compile(r"\((?:[\w&.-]+,?\s+){0,3}?data\s+on\s+file\b[^()\n]{0,60}\)", regex.I)),
    # A journal named with a year: "(JAMA Psychiatry, 2023)", "Am J Psychiatry. 2022;179:152".
    ("locator", regex.compile(
        _JOURNAL + r"[.,:;]?\s*(?:in\s+)?\(?(?:" + _MONTH + r"\.?\s+)?"
        r"(?:19|20)\d{2}\b(?![–-])")),
    # ... or with a full date a few words on: "published in the American Journal
    # of Psychiatry (AJP) on Monday (16/4/2018)", "in JAMA on 7 November 2023".
    ("locator", regex.compile(
        _JOURNAL + r"[^.;!?\n]{0,30}?(?:\b\d{1,2}[/.]\d{1,2}[/.]|\b\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH
        + r"\.?,?\s+|\b" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+)(?:19|20)\d{2}\b")),
    # ... or the year first: "In 2008, the Journal of Trauma published", "in 2000, a
    # paper in Biological Psychiatry reported".
    ("locator", regex.compile(
        r"\b(?:[Ii]n|[Bb]y)\s+(?:19|20)\d{2},?\s+(?:the\s+|a\s+(?:[\w-]+\s+){0,2}?(?:paper|study|trial|report|review|"
        r"analysis|article)\s+(?:published\s+)?in\s+(?:the\s+)?)?\*?" + _JOURNAL)),
    # A dated study named by its journal or author in prose: "a 2023 trial in
    # the New England Journal of Medicine", "a 2020 analysis by Papakostas",
    # "in 2006, Zarate and colleagues", "the Adult Psychiatric Morbidity Survey 2014",
    # "the Crime Survey for 2019".
    ("locator", regex.compile(
        r"\b(?:19|20)\d{2}\s+(?:[\w-]+\s+){0,2}?(?:study|trial|paper|review|analysis|meta-analysis|survey|report)"
        r"\s+(?:(?:published\s+)?in\s+(?:the\s+|The\s+)?(?:[A-Z][\w&-]*\s+(?:(?:of|and)\s+(?:the\s+)?)?){0,5}"
        r"(?:Journal|JAMA|Lancet|NEJM|BMJ|Nature|Science|Psychiatry|Medicine|Reports|Review|\w*[Pp]harmacology|Neuroscience)\b"
        r"|(?:by|from|led\s+by)\s+(?:Dr\.?\s+)?[A-Z][\p{L}'\-]+(?:\s+(?:et\s+al\.?|and\s+(?:colleagues|[A-Z][\p{L}'\-]+)))?)")),
    # Any journal, by its title-case name, where the sentence dates it: "a 2024
    # study published in Current Research in Neuropharmacology", "published in
    # the October 2004 issue of Pain Medicine", "(Translational Psychiatry, 2023)".
    # A journal with no year ("published in the Journal of X") locates nothing,
    # nor does a medical school's name ("Yale Medicine, 2023").
    ("locator", regex.compile(
        r"\b(?:19|20)\d{2}\b[^.;!?\n]{0,80}?\bpublished\s+in\s+(?:the\s+)?(?:(?:scientific\s+|medical\s+)?journal\s+)?"
        + _TITLED
        + r"|\bpublished\s+in\s+(?:the\s+)?(?:" + _MONTH + r"\s+)?(?:19|20)\d{2}\s+"
        r"(?:issue|edition|volume)\s+of\s+(?:the\s+)?" + _TITLED
        + r"|\bpublished\s+in\s+(?:the\s+)?(?:(?:scientific\s+|medical\s+)?journal\s+)?" + _TITLED
        + r"\*?,?\s+(?:in\s+)?(?:" + _MONTH + r"\s+)?(?:19|20)\d{2}\b"
        r"|\((?:[A-Z][\w&-]*\s+(?:(?:of|and|in|for|on|&)\s+(?:the\s+)?)?){0,5}"
        r"(?:Psychiatry|Psychology|(?<!\b(?:Yale|Stanford|Penn|Hopkins|Northwestern|Harvard|Duke|Emory|Cornell|Columbia|Baylor|Mayo|Michigan|Utah|UCLA|UCSF|NYU)\s)Medicine|Neuroscience|Neurology|\w*[Pp]harmacology|Anesthesiology|Anaesthesia|Anesthesia"
        r"|Therapeutics|Disorders|Research|Reports|Reviews?|Pain|Science|Journal)\s*[,.;]?\s*(?:19|20)\d{2}\)")),
    ("locator", regex.compile(
        r"\b(?:[Ii]n|[Bb]y|[Ss]ince)\s+(?:19|20)\d{2},?\s+(?:Dr\.?\s+)?[A-Z][\p{L}'\-]+(?:\s+[A-Z][\p{L}'\-]+)?\s+"
        r"(?:and\s+(?:colleagues|co-?workers|(?:his|her|their)\s+team)|et\s+al\.?)"
        r"|\b[A-Z][\p{L}'\-]+\s+(?:et\s+al\.?|and\s+colleagues)\s+(?:\(?(?:19|20)\d{2}\)?|in\s+(?:19|20)\d{2})"
        r"|\b(?:[A-Z][\w-]*\s+){1,5}(?:Survey|Report|Census|Guidelines?|Statistics)\s+(?:for\s+)?\(?(?:19|20)\d{2}\b"
        r"|\b(?:19|20)\d{2}(?:[–-](?:19|20)?\d{2})?\s+(?:[A-Z][\w-]*\s+){1,6}(?:Survey|Report|Census|Guidelines?|Statistics)\b")),
]

#: What every marker pattern needs at least one of: a bracket, a digit.
_MARKER_SIGN = regex.compile(r"[\[(\d" + _SUP_DIGITS + "]")

_URL = regex.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+(?:\([^\s<>()]*\)[^\s<>()\"']*)*(?<![.,;:!?])")

#: A heading or label line ("## References", "**Sources**", "Sources:") that
#: opens a reference list, and one that opens notes ("Notes" also heads prose).
REFERENCE_HEADING = regex.compile(
    r"^\s*(?:#+\s*)?(?:references?|sources?|citations?|bibliography|works\s+cited|"
    r"literature(?:\s+cited)?|further\s+reading|(?:selected\s+)?(?:studies|research)\s+cited)"
    r"\s*:?\s*$", regex.I)
NOTES_HEADING = regex.compile(r"^\s*(?:#+\s*)?(?:foot|end)?notes\s*:?\s*$", regex.I)
_NUMBERED_ENTRY = regex.compile(r"\s*(?:\[\d{1,3}\]|\^?\d{1,3}[.)]|\d{1,3}\s)")

#: What makes a reference entry findable: a URL, DOI, PMID, or a journal and year.
_LOCATOR = regex.compile(
    r"https?://|www\.|\bdoi\b|\b10\.\d{4,9}/|\bPMID\b|\bPMC\d+|"
    # A year and a journal anywhere: looked for once, from the start (from every
    # position, each lookahead rescanned the rest of the text).
    r"\A(?=.*\b(?:19|20)\d{2}\b)(?=.*(?:\bJ\b|\bJournal\b|\bJAMA\b|\bLancet\b|\bNEJM\b|N\s*Engl\s*J|"
    r"\bAm\s+J\b|\bPsychiatry\b|\bNature\b|\bScience\b|\bBMJ\b|\bPLoS\b|\bProc\b|\bArch\b|\bRev\b|"
    r"\bvol\.?\s*\d|\d+\s*\(\d+\)\s*:|;\s*\d+\s*:\s*\d+))", regex.I | regex.S)


def reference_section(label: str) -> str | None:
    """What a heading or label line opens: ``"references"`` (every entry is a
    source), ``"notes"`` (entries are sources only where they look like one:
    numbered, or with a locator), or None."""
    if REFERENCE_HEADING.match(label):
        return "references"
    if NOTES_HEADING.match(label):
        return "notes"
    return None


#: An entry that reads as a bibliography's under any heading or none: its
#: authors as surnames with initials ("Sigtermans MJ, van Hilten JJ, et al.",
#: "Smith, J. A., & Lee, K. (2020).") before a title, then a locator.
_AUTHOR = r"(?:(?:van|von|de|der|den|da|di|del|la|le)\s+)*[A-Z][\p{L}'’-]+"
_BIBLIOGRAPHIC = regex.compile(
    r"\s*(?:\[\d{1,3}\]|\^?\d{1,3}[.)])?\s*"
    r"(?:" + _AUTHOR + r"\s+[A-Z]{1,3}(?:,\s+" + _AUTHOR + r"\s+[A-Z]{1,3}){0,12}(?:,?\s+et\s+al)?\.\s+(?=[\"“‘]?[A-Z0-9])"
    r"|" + _AUTHOR + r",\s+(?:[A-Z]\.\s*){1,3}(?:,\s*(?:&\s*)?" + _AUTHOR + r",\s+(?:[A-Z]\.\s*){1,3}){0,12}"
    r"(?:,?\s*et\s+al\.)?\s*\((?:19|20)\d{2})")


def is_reference_entry(section: str | None, text: str, numbered: bool = False) -> bool:
    """Is a block with ``text`` in a section opened by ``section`` (see
    :func:`reference_section`) a reference entry? ``numbered``: it is an item of
    a numbered list. Outside a reference or notes section, an entry shaped as
    a bibliography's (authors with initials, then a journal and year, a DOI or
    a link) is one too: lists of references often come with no heading."""
    if section == "references":
        return True
    if section == "notes":
        return numbered or bool(_NUMBERED_ENTRY.match(text)) or has_locator(text)
    return bool(_BIBLIOGRAPHIC.match(text)) and has_locator(text)


def expand_keys(numbers: str) -> tuple[str, ...]:
    """``"2, 3"`` -> ("2", "3"); ``"3-5"`` -> ("3", "4", "5")."""
    keys: list[str] = []
    for part in regex.split(r"\s*,\s*", numbers.translate(_SUP_TO_ASCII).strip()):
        if "-" in part:
            lo, _, hi = part.partition("-")
            if lo.strip().isdigit() and hi.strip().isdigit() and int(hi) - int(lo) < 50:
                keys.extend(str(k) for k in range(int(lo), int(hi) + 1))
                continue
        if part.strip():
            keys.append(part.strip())
    return tuple(keys)


def find_markers(prose: str, start: int, end: int) -> list[Marker]:
    """Citation markers in ``prose[start:end]`` (offsets are document offsets)."""
    found: list[Marker] = []
    taken: list[tuple[int, int]] = []
    if not _MARKER_SIGN.search(prose, start, end):
        return found
    for kind, pattern in MARKER_PATTERNS:
        for m in pattern.finditer(prose, start, end):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            if kind in ("numeric", "superscript"):
                keys = expand_keys(m.group(1))
            elif kind == "footnote":
                keys = (m.group(1),)
            else:
                keys = ()
            found.append(Marker(m.start(), m.end(), keys, kind))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda mk: mk.start)
    return found


def find_urls(text: str) -> list[Link]:
    """Bare URLs in ``text``, as links to themselves (callers blank them)."""
    return [Link(m.start(), m.end(), m.group()) for m in _URL.finditer(text)]


def has_locator(text: str) -> bool:
    return bool(_LOCATOR.search(text))


def reference_key(text: str, position: int) -> tuple[str, int]:
    """Key of a reference entry (its number if it has one, else its position)
    and the offset where its text begins."""
    m = regex.match(r"\s*(?:\[(\d{1,3})\]|\^?(\d{1,3})[.)]|(\d{1,3})\s)\s*", text)
    if m:
        return next(g for g in m.groups() if g), m.end()
    return str(position), 0


def attach_citations(doc: Document) -> None:
    """Fill ``doc.markers`` from the prose blocks (reference entries and
    footnote definitions are sources, not places that cite)."""
    markers = []
    for block in doc.prose_blocks():
        markers.extend(find_markers(doc.prose, block.start, block.end))
    seen = {(m.start, m.end) for m in doc.markers}
    doc.markers.extend(m for m in markers if (m.start, m.end) not in seen)
    doc.markers.sort(key=lambda m: m.start)


def add_reference(doc: Document, key: str, start: int, end: int) -> None:
    doc.references.append(Reference(key, start, end, doc.source[start:end]))
