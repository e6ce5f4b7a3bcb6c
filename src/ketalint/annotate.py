"""``ketalint annotate in.docx -o out.docx``: the findings of ``check`` as Word
comments, for reviewers who work in Word.

A Markdown, MDX, HTML or text file is annotated into a new Word file that holds
its copy, one paragraph per block (heading, paragraph, list item, table cell,
reference), without the markup: so a reviewer gets one Word file for any page.

Each finding becomes a comment by "ketalint" anchored on exactly the flagged
words (runs are split at the finding's first and last character; their
formatting is kept), with the rule, message, what to write instead and the
sources. Document findings (such as a missing risk disclosure) are comments on
the first paragraph, and so are findings in footnotes, which Word comments
cannot anchor on from the body, and directive findings outside the copy. The
input file is never written. Annotating
an annotated file adds only the comments it does not have yet: a ketalint
comment with the same text on the same words is not added again.
"""
from __future__ import annotations

import copy
import io
from collections import Counter

from .findings import Finding
from .rule_help import rule_help
from .readers import InputError, read_bytes, read_document
from .readers.docx import _W, paragraph_pieces

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

AUTHOR = "ketalint"
INITIALS = "KL"


def comment_text(rule, f: Finding) -> str:
    """What the comment says: rule, message, suggestion and sources."""
    about = rule_help(rule)
    lines = [f"{f.rule} {f.name} ({f.severity}): {f.message}"]
    if about.suggestion:
        lines.append(f"Write instead: {about.suggestion}")
    if about.references:
        lines.append("Sources: " + "; ".join(about.references))
    return "\n".join(" ".join(line.split()) for line in lines)


def body_paragraphs(word) -> list:
    """The ``w:p`` elements of the body in the order the Word reader numbers
    them as lines: paragraphs and table cells, each cell once per row it spans."""
    from docx.table import Table
    found = []
    for child in word.element.body.iterchildren():
        if child.tag == _W + "p":
            found.append(child)
        elif child.tag == _W + "tbl":
            found.extend(p._p for row in Table(child, word).rows for cell in row.cells
                         for p in cell.paragraphs)
    return found


def _text_events(body):
    """(event, element, text) for every element of ``body`` in document order:
    "start" with the text a piece adds (empty for other elements), "end" with
    a line break for a paragraph (paragraphs join with one, as in the reader)."""
    from lxml import etree
    # Keyed by element: lxml hands out the same proxy while one is referenced.
    pieces = {node: text for paragraph in body.iter(_W + "p")
              for node, text, _ in paragraph_pieces(paragraph, {})}
    for event, node in etree.iterwalk(body, events=("start", "end")):
        if event == "start":
            yield event, node, pieces.get(node, "")
        else:
            yield event, node, "\n" if node.tag == _W + "p" else ""


def anchored_texts(word) -> dict[str, str]:
    """The text each comment of ``word`` is anchored on, by comment id."""
    texts: dict[str, list[str]] = {}
    open_ids: list[str] = []
    for event, node, text in _text_events(word.element.body):
        if event == "start" and node.tag == _W + "commentRangeStart":
            open_ids.append(node.get(_W + "id"))
            texts[open_ids[-1]] = []
        elif event == "start" and node.tag == _W + "commentRangeEnd":
            if node.get(_W + "id") in open_ids:
                open_ids.remove(node.get(_W + "id"))
        for key in open_ids:
            texts[key].append(text)
    return {key: "".join(parts) for key, parts in texts.items()}


def _text_between(first_run, last_run) -> str:
    """The text from the start of ``first_run`` to the end of ``last_run``, as
    ``anchored_texts`` reads a comment's range."""
    parts, inside = [], False
    for event, node, text in _text_events(first_run.getroottree().getroot()):
        inside = inside or node is first_run
        if inside:
            parts.append(text)
        if event == "end" and node is last_run:
            break
    return "".join(parts)


def _split_run(run, node, keep: int) -> None:
    """Split the ``w:r`` holding ``node`` so that a new run starts ``keep``
    characters into ``node``'s text (``keep`` 0: the new run starts at ``node``).
    Both runs keep the run's formatting."""
    children = list(run)
    index = children.index(node)
    second = copy.deepcopy(run)
    split_text = keep > 0 and node.tag == _W + "t"
    for i, child in enumerate(children):
        if child.tag != _W + "rPr" and (i > index or (i == index and keep == 0)):
            run.remove(child)
    for i, child in enumerate(list(second)):
        if child.tag != _W + "rPr" and (i < index or (i == index and keep > 0 and not split_text)):
            second.remove(child)
    if split_text:
        text, twin = node.text or "", second.find(_W + "t")
        node.text, twin.text = text[:keep], text[keep:]
        for t in (node, twin):
            t.set(_XML_SPACE, "preserve")
    run.addnext(second)


def _boundary(paragraph, offset: int) -> None:
    """Make a run start or end at character ``offset`` of ``paragraph``."""
    at = 0
    for node, text, _ in paragraph_pieces(paragraph, {}):
        if at < offset < at + len(text):
            _split_run(node.getparent(), node, offset - at)
            return
        if at == offset and text:
            run = node.getparent()
            earlier = list(run)[:list(run).index(node)]
            if any(child.tag != _W + "rPr" for child in earlier):
                _split_run(run, node, 0)
            return
        at += len(text)


def _runs_between(paragraph, start: int, end: int) -> list:
    """The ``w:r`` elements that hold characters [start, end) of ``paragraph``."""
    runs, at = [], 0
    for node, text, _ in paragraph_pieces(paragraph, {}):
        if text and start <= at and at + len(text) <= end and node.getparent() not in runs:
            runs.append(node.getparent())
        at += len(text)
    return runs


class WordPlaces:
    """Where findings of a Word file are: line N is body paragraph N (as the
    Word reader numbers them); later lines are footnotes."""

    def __init__(self, word, doc):
        self.word, self.doc = word, doc
        self.paragraphs = body_paragraphs(word)
        texts = ["".join(t for _, t, _ in paragraph_pieces(p, {})) for p in self.paragraphs]
        if texts != doc.source.split("\n")[:len(texts)]:  # the reader joins paragraphs with "\n"
            raise InputError("cannot place comments: the paragraphs read differently")

    def locate(self, f: Finding):
        """(first paragraph, start in it, last paragraph, end in it), or None
        for a span no body paragraph holds."""
        if f.end_line > len(self.paragraphs):
            return None
        start = f.start - self.doc.lines.line_span(f.line)[0]
        end = f.end - self.doc.lines.line_span(f.end_line)[0]
        return self.paragraphs[f.line - 1], start, self.paragraphs[f.end_line - 1], end


class CopyPlaces:
    """A new Word file with the copy of a Markdown, HTML or text document, one
    paragraph per block (headings, paragraphs, list items, cells, references),
    markup left out: the characters the reader blanked in its prose view."""

    STYLES = {"heading": "Heading 1", "list-item": "List Bullet"}

    def __init__(self, doc):
        import docx
        self.word, self.doc = docx.Document(), doc
        self.blocks: list[tuple[int, int, object, list[int]]] = []
        self.paragraphs = []
        for block in doc.blocks:
            if self.blocks and block.start < self.blocks[-1][1]:
                continue  # inside the block before it
            kept = [i for i in range(block.start, block.end)
                    if doc.prose[i] != " " or doc.source[i].isspace()]
            text = "".join(" " if doc.source[i] in "\r\n" else doc.source[i] for i in kept)
            paragraph = self.word.add_paragraph(text, self.STYLES.get(block.kind))
            self.blocks.append((block.start, block.end, paragraph._p, kept))
            self.paragraphs.append(paragraph._p)

    def locate(self, f: Finding):
        import bisect
        first = next((b for b in self.blocks if b[0] <= f.start < b[1]), None)
        last = next((b for b in self.blocks if b[0] < f.end <= b[1]), None)
        if first is None or last is None:
            return None
        return first[2], bisect.bisect_left(first[3], f.start), last[2], bisect.bisect_left(last[3], f.end)


class Annotator:
    """Adds the comments for one document's findings to its Word file."""

    def __init__(self, places, rules):
        from docx.text.run import Run
        self.places, self.word, self.rules, self.Run = places, places.word, rules, Run
        anchors = anchored_texts(self.word)
        self.existing = Counter((c.text, anchors.get(str(c.comment_id), "")) for c in self.word.comments
                                if c.author == AUTHOR)
        self.added = 0

    def add(self, f: Finding) -> None:
        text = comment_text(self.rules(f.rule), f)
        place = None if f.scope == "document" else self.places.locate(f)
        if place is None:
            where = "" if f.scope == "document" else f" (on {f.text!r}, line {f.line})"
            self._comment(self._first_paragraph_runs(), text + where)
            return
        first, start, last, end = place
        _boundary(last, end)
        _boundary(first, start)
        if first is last:
            runs = _runs_between(first, start, end)
        else:
            runs = _runs_between(first, start, 1 << 30)[:1] + _runs_between(last, 0, end)[-1:]
        self._comment(runs, text)

    def _first_paragraph_runs(self) -> list:
        for paragraph in self.places.paragraphs:
            runs = _runs_between(paragraph, 0, 1 << 30)
            if runs:
                return runs
        return []

    def _comment(self, runs: list, text: str) -> None:
        if not runs:
            return
        if +self.existing:  # an annotated file: is this comment there already?
            anchored = _text_between(runs[0], runs[-1])
            if self.existing[(text, anchored)] > 0:
                self.existing[(text, anchored)] -= 1
                return
        self.word.add_comment([self.Run(runs[0], self.word), self.Run(runs[-1], self.word)],
                              text, AUTHOR, INITIALS)
        self.added += 1


def annotate(data: bytes, job, path: str):
    """(the annotated Word file's bytes, comments added, the check's result)
    for the file ``data`` (Word, Markdown, HTML or text by ``path``'s
    extension), checked with ``job`` as ``check`` checks it."""
    import docx

    from .readers import format_for
    from .suppress import META_RULES
    fmt = format_for(path)
    doc = read_document(data, path, fmt, html_skip=job.checker.config.html_skip)
    result = job.checker.check(doc)
    places = WordPlaces(docx.Document(io.BytesIO(data)), doc) if fmt == "docx" else CopyPlaces(doc)
    annotator = Annotator(places, lambda rule_id: job.checker.linter.ruleset.by_id(rule_id) or META_RULES[rule_id])
    for f in sorted(result.findings, key=lambda f: (f.scope != "document", f.start)):
        annotator.add(f)
    out = io.BytesIO()
    places.word.save(out)
    return out.getvalue(), annotator.added, result


def annotate_file(source: str, target: str, settings) -> tuple[int, object]:
    """Write ``source`` with comments to ``target`` (a Word file); (comments
    added, the check's result). InputError for an unreadable file."""
    from .output import write_file
    data = read_bytes(source, settings.max_bytes)
    annotated, added, result = annotate(data, settings.job_for(source), source)
    write_file(target, annotated)
    return added, result
