"""``ketalint annotate in.docx -o out.docx``: the findings of ``check`` as Word
comments, for reviewers who work in Word.

Each finding becomes a comment by "ketalint" anchored on exactly the flagged
words (runs are split at the finding's first and last character; their
formatting is kept), with the rule, message, what to write instead and the
sources. Document findings (such as a missing risk disclosure) are comments on
the first paragraph, and so are findings in footnotes, which Word comments
cannot anchor on from the body. The input file is never written. Annotating
an annotated file adds only the comments it does not have yet: a ketalint
comment with the same text on the same words is not added again.
"""
from __future__ import annotations

import copy
import io
from collections import Counter

from .findings import Finding
from .readers import InputError, read_bytes, read_document
from .readers.docx import _W, paragraph_pieces

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

AUTHOR = "ketalint"
INITIALS = "KL"


def comment_text(rule, f: Finding) -> str:
    """What the comment says: rule, message, suggestion and sources."""
    doc = rule.doc()
    lines = [f"{f.rule} {f.name} ({f.severity}): {f.message}"]
    if doc.get("suggestion"):
        lines.append(f"Write instead: {doc['suggestion']}")
    if doc["references"]:
        lines.append("Sources: " + "; ".join(doc["references"]))
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


def anchored_texts(word) -> dict[str, str]:
    """The text each comment of ``word`` is anchored on, by comment id
    (paragraphs joined with a line break, as the reader joins them)."""
    from lxml import etree
    texts: dict[str, list[str]] = {}
    open_ids: list[str] = []
    # Keyed by element: lxml hands out the same proxy while one is referenced.
    pieces = {}
    for paragraph in word.element.body.iter(_W + "p"):
        pieces.update((node, text) for node, text, _ in paragraph_pieces(paragraph, {}))
    for event, node in etree.iterwalk(word.element.body, events=("start", "end")):
        if event == "start" and node.tag == _W + "commentRangeStart":
            open_ids.append(node.get(_W + "id"))
            texts[open_ids[-1]] = []
        elif event == "start" and node.tag == _W + "commentRangeEnd":
            if node.get(_W + "id") in open_ids:
                open_ids.remove(node.get(_W + "id"))
        elif event == "start" and node in pieces:
            for key in open_ids:
                texts[key].append(pieces[node])
        elif event == "end" and node.tag == _W + "p":
            for key in open_ids:
                texts[key].append("\n")
    return {key: "".join(parts) for key, parts in texts.items()}


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


class Annotator:
    """Adds the comments for one Word document's findings."""

    def __init__(self, word, doc, rules):
        from docx.text.run import Run
        self.word, self.doc, self.rules, self.Run = word, doc, rules, Run
        self.paragraphs = body_paragraphs(word)
        comments = word.comments
        anchors = anchored_texts(word)
        self.existing = Counter((c.text, anchors.get(str(c.comment_id), "")) for c in comments
                                if c.author == AUTHOR)
        self.added = 0

    def add(self, f: Finding) -> None:
        text = comment_text(self.rules(f.rule), f)
        body_lines = len(self.paragraphs)
        if f.scope == "document" or f.end_line > body_lines:
            where = "" if f.scope == "document" else f" (in the footnotes: {f.text!r})"
            self._comment(self._first_paragraph_runs(), text + where, None)
            return
        line_start = self.doc.lines.line_span(f.line)[0]
        end_start = self.doc.lines.line_span(f.end_line)[0]
        first, last = self.paragraphs[f.line - 1], self.paragraphs[f.end_line - 1]
        start, end = f.start - line_start, f.end - end_start
        _boundary(last, end)
        _boundary(first, start)
        if first is last:
            runs = _runs_between(first, start, end)
        else:
            runs = _runs_between(first, start, 1 << 30)[:1] + _runs_between(last, 0, end)[-1:]
        self._comment(runs, text, f.text)

    def _first_paragraph_runs(self) -> list:
        for paragraph in self.paragraphs:
            runs = _runs_between(paragraph, 0, 1 << 30)
            if runs:
                return runs
        return []

    def _comment(self, runs: list, text: str, anchored: str | None) -> None:
        if not runs:
            return
        if anchored is None:
            anchored = "".join(t for r in runs for _, t, _ in paragraph_pieces(r, {}))
        if self.existing[(text, anchored)] > 0:
            self.existing[(text, anchored)] -= 1
            return
        self.word.add_comment([self.Run(runs[0], self.word), self.Run(runs[-1], self.word)],
                              text, AUTHOR, INITIALS)
        self.added += 1


def annotate(data: bytes, job, path: str):
    """(the annotated Word file's bytes, comments added, findings) for the
    Word file ``data``, checked with ``job`` as ``check`` checks it."""
    import docx

    from .suppress import META_RULES
    doc = read_document(data, path, "docx")
    result = job.check_document(doc)
    word = docx.Document(io.BytesIO(data))
    lines = doc.source.split("\n")  # the reader joins paragraphs with line feeds
    paragraphs = body_paragraphs(word)
    texts = ["".join(t for _, t, _ in paragraph_pieces(p, {})) for p in paragraphs]
    if texts != lines[:len(texts)]:
        raise InputError("cannot place comments: the paragraphs read differently")
    annotator = Annotator(word, doc, lambda rule_id: job.linter.ruleset.by_id(rule_id) or META_RULES[rule_id])
    for f in sorted(result.findings, key=lambda f: (f.scope != "document", f.start)):
        annotator.add(f)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue(), annotator.added, result


def annotate_file(source: str, target: str, settings) -> tuple[int, object]:
    """Write ``source`` (a .docx file) with comments to ``target``; (comments
    added, the check's result). InputError for an unreadable file."""
    from .output import write_atomic
    data = read_bytes(source, settings.max_bytes)
    annotated, added, result = annotate(data, settings.job_for(source), source)
    write_atomic(target, annotated)
    return added, result
