"""HTML reader (.html, .htm): the prose of a page, at its exact source offsets.

Parsed with Python's own ``html.parser``: it reports the source position of
every tag and text run (so offsets are exact, with no re-serialisation), it is
maintained with the language, and it tolerates malformed markup the way browsers
do where it matters for prose: unclosed ``<p>``/``<li>`` and stray end tags only
end blocks, ``<script>``/``<style>`` content is raw text.

Prose is the text of the body, headings, lists and tables, the ``alt`` and
``title`` attributes, ``<title>`` and ``<meta name="description">``. Never prose:
script, style, template, svg, code, pre, textarea, noscript, and by default
nav, aside and footer (the ``html-skip`` config key changes these), so menus and cookie banners marked up that way are not read.
Character references (``&amp;``, ``&#8209;``, ``&nbsp;``) are decoded for
matching without shifting offsets. Links are recorded with their destination
(they count as citations when they point to a source); ``<sup>1</sup>`` markers
and entries under a References heading (or list items with ids such as
``ref1``/``fn1``) are citations and references.
"""
from __future__ import annotations

import bisect
from collections import Counter
from html.parser import HTMLParser

import regex

from ..document import Block, Document, Link, Marker
from .builder import WORD_JOINING_ELEMENTS, ProseBuilder
from .citations import expand_keys, find_urls, is_reference_entry, reference_key, reference_section

NEVER_PROSE = frozenset({"script", "style", "template", "svg", "math", "code", "pre", "textarea",
                         "noscript", "select", "iframe", "object"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements whose start or end ends the current block of text.
BLOCK_ELEMENTS = frozenset({
    "address", "article", "blockquote", "body", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "form", "header", "hgroup", "hr", "html", "li",
    "main", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title",
    "tr", "ul", "nav", "aside", "footer", "label", "legend", "option",
} | HEADINGS)
#: Elements that set the kind of the blocks inside them (see _Reader._kind).
_KIND_SETTERS = HEADINGS | {"title", "li", "dt", "dd", "td", "th", "blockquote"}
_ATTRIBUTE = regex.compile(r"""([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_REFERENCE_ID = regex.compile(r"^(?:ref|fn|footnote|cite|note|endnote)[-_:]?(?:note[-_])?(\d{1,3})$", regex.I)
_SUP_NUMBERS = regex.compile(r"^\s*\[?(\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*)\]?\s*$")
_TAG = regex.compile(r"<[^>]*>")
_NEWLINE = regex.compile(r"\n")
#: A bold label that opens a paragraph or list item ("<li><strong>Fewer side
#: effects:</strong> Unlike SSRIs, ...") is a sentence of its own when a sentence
#: follows it (as in Markdown: see readers.markdown).
_BOLD_OPEN_BEFORE = regex.compile(r"(?r)<(strong|b)\b[^<>]*>\s*$", regex.I)
_BOLD_LABEL_END = regex.compile(r"[^<\n:.!?]{1,80}(?::\s*</(strong|b)>|</(strong|b)>\s*:)(?=\s+[^<\s][^<\n]*[.!?])", regex.I)
_LANDMARKS = frozenset({"section", "article", "main", "footer", "aside", "nav", "header", "body"})
#: Elements whose ``title`` is read as a block of its own; on inline elements
#: (abbr, a, span) it would cut the sentence around them.
_TITLED = frozenset({"img", "figure", "section", "article", "div", "table"})


class _Reader(HTMLParser, ProseBuilder):
    def __init__(self, source: str, skipped: frozenset[str]):
        HTMLParser.__init__(self, convert_charrefs=False)
        ProseBuilder.__init__(self, source)
        self.skipped = skipped
        # html.parser counts lines by "\n" alone, so CRLF and LF both map back.
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
        self.open: list[str] = []          # open elements (not void ones)
        self.open_count: Counter[str] = Counter()  # so a stray end tag costs O(1), not O(depth)
        self.skip_depth = 0                # open non-prose elements
        self.skip_open: list[tuple[str, int]] = []
        self.text: list[tuple[int, int]] = []  # text runs of the block being read
        # (element, reference key, whether its id marks it as a reference)
        self.kind_stack: list[tuple[str, str | None, bool]] = []
        # For each entry of kind_stack, the nearest one at or below it whose
        # element sets a block's kind (None: none), so that a block's kind is
        # found in constant time however deep unclosed <p>s nest.
        self.kind_setters: list[tuple[str, str | None, bool] | None] = []
        self.anchor: tuple[int, str] | None = None
        self.sup: int | None = None
        self.section = 0
        self.in_references: str | None = None  # see citations.reference_section
        self.list_lead: list[int | None] = []
        self.list_ids: list[int] = []
        self.list_numbers: list[int | None] = []  # next item number of open <ol>s (None for <ul>)
        self.list_counter = 0

    # -- positions ------------------------------------------------------------
    def here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    # -- blocks -----------------------------------------------------------------
    def _kind(self, text: str) -> tuple[str, str | None]:
        """The kind of the block with ``text`` being ended, and its reference key."""
        setter = self.kind_setters[-1] if self.kind_setters else None
        if setter is not None:
            element, key, by_id = setter
            if element in HEADINGS or element == "title":
                return "heading", None
            if element == "li" or element in ("dt", "dd"):
                numbered = bool(self.list_numbers) and self.list_numbers[-1] is not None
                return ("reference", key) if by_id or is_reference_entry(
                    self.in_references, text, numbered) else ("list-item", None)
            if element in ("td", "th"):
                return "table-cell", None
            return "blockquote", None
        if reference_section(text):  # a label line such as <p><b>Sources</b></p>
            return "heading", None
        return ("reference", None) if is_reference_entry(self.in_references, text) else ("paragraph", None)

    def end_block(self) -> None:
        runs, self.text = self.text, []
        if not runs:
            return
        start, end = runs[0][0], runs[-1][1]
        view = "".join(self.chars[start:end])
        if not view.strip():
            return
        start += len(view) - len(view.lstrip())
        end -= len(view) - len(view.rstrip())
        kind, key = self._kind("".join(self.chars[start:end]))
        for link in find_urls("".join(self.chars[start:end])):
            self.links.append(Link(start + link.start, start + link.end, link.url))
            for i in range(start + link.start, start + link.end):
                self.chars[i] = " "
        if kind == "heading":
            self.in_references = reference_section("".join(self.chars[start:end]))
            self.blocks.append(Block("heading", start, end, section=len(self.blocks)))
            self.section = len(self.blocks) - 1
            return
        if kind == "reference":
            text = "".join(self.chars[start:end])
            found, skip = reference_key(text, len(self.references) + 1)
            self.references.append((key or found, start + skip, end))
            self.blocks.append(Block("reference", start, end, section=self.section))
            return
        lead = list_id = None
        if kind == "list-item" and self.list_ids:
            lead, list_id = self.list_lead[-1], self.list_ids[-1]
        if kind in ("paragraph", "list-item") and _BOLD_OPEN_BEFORE.search(self.source, max(0, start - 200), start):
            label = _BOLD_LABEL_END.match(self.source, start, end)
            if label:
                rest = "".join(self.chars[label.end():end])
                self.blocks.append(Block(kind, start, label.end(), lead, list_id, self.section))
                start = label.end() + len(rest) - len(rest.lstrip())
        self.blocks.append(Block(kind, start, end, lead, list_id, self.section))

    def attribute_block(self, start: int, end: int, kind: str = "paragraph") -> None:
        self.end_block()  # the running block must not span the attribute
        text = self.source[start:end]
        if not text.strip():
            return
        start += len(text) - len(text.lstrip())
        end -= len(text) - len(text.rstrip())
        self.chars[start:end] = self.source[start:end]
        self.blocks.append(Block(kind, start, end, section=self.section))

    # -- parser events ------------------------------------------------------------
    def _attributes(self, tag_start: int) -> dict[str, tuple[int, int, str]]:
        raw = self.get_starttag_text() or ""
        found = {}
        for m in _ATTRIBUTE.finditer(raw):
            group = next(g for g in (2, 3, 4) if m.group(g) is not None)
            found[m.group(1).lower()] = (tag_start + m.start(group), tag_start + m.end(group), m.group(group))
        return found

    def handle_starttag(self, tag, attrs):
        start = self.here()
        if self.skip_depth:
            if tag not in VOID and tag in NEVER_PROSE | self.skipped:
                self.skip_open.append((tag, start))
                self.skip_depth += 1
            return
        if tag in NEVER_PROSE or tag in self.skipped:
            self.end_block()
            if tag not in VOID:
                self.skip_open.append((tag, start))
                self.skip_depth += 1
            return
        attributes = self._attributes(start) if attrs else {}
        if tag in WORD_JOINING_ELEMENTS:
            self.inline_markup(start, start + len(self.get_starttag_text() or ""))
        if tag in BLOCK_ELEMENTS:
            self.end_block()
        if tag in _LANDMARKS:
            self.in_references = None  # a reference list ends with its section
        if tag in ("ul", "ol"):
            self.list_counter += 1
            lead = len(self.blocks) - 1 if self.blocks and self.blocks[-1].kind != "reference" else None
            self.list_lead.append(lead)
            self.list_ids.append(self.list_counter)
            first = attributes.get("start", (0, 0, "1"))[2]
            self.list_numbers.append((int(first) if first.isdigit() else 1) if tag == "ol" else None)
        if tag == "meta" and attributes.get("name", (0, 0, ""))[2].lower() in ("description", "og:description") \
                and "content" in attributes:
            s, e, _ = attributes["content"]
            self.attribute_block(s, e, "front-matter")
        if "alt" in attributes:
            # Alt text reads in the flow of its paragraph, as Markdown's ![alt](src).
            s, e, _ = attributes["alt"]
            self.chars[s:e] = self.source[s:e]
            self.text.append((s, e))
        if "title" in attributes and tag in _TITLED:
            s, e, _ = attributes["title"]
            self.attribute_block(s, e)
        if tag == "a" and "href" in attributes:
            self.anchor = (len(self.links), start)
            self.links.append(Link(start, start, attributes["href"][2]))
        if tag == "sup":
            self.sup = start + len(self.get_starttag_text() or "")
        if tag not in VOID:
            self.open.append(tag)
            self.open_count[tag] += 1
            if tag in BLOCK_ELEMENTS:
                key, by_id = None, False
                if tag == "li":
                    m = _REFERENCE_ID.match(attributes.get("id", (0, 0, ""))[2])
                    number = self.list_numbers[-1] if self.list_numbers else None
                    if number is not None:
                        self.list_numbers[-1] = number + 1
                    key = m.group(1) if m else (str(number) if number is not None else None)
                    by_id = m is not None
                self.kind_stack.append((tag, key, by_id))
                self.kind_setters.append((tag, key, by_id) if tag in _KIND_SETTERS
                                         else self.kind_setters[-1] if self.kind_setters else None)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        start = self.here()
        if self.skip_depth:
            for i in range(len(self.skip_open) - 1, -1, -1):
                if self.skip_open[i][0] == tag:
                    opened = self.skip_open[i][1]
                    del self.skip_open[i:]
                    self.skip_depth = len(self.skip_open)
                    if not self.skip_depth and tag in ("code", "pre", "script", "style", "template", "svg"):
                        self.code_spans.append((opened, start))
                    break
            return
        if tag in WORD_JOINING_ELEMENTS:
            self.inline_markup(start, self.source.find(">", start) + 1)
        if tag in BLOCK_ELEMENTS:
            self.end_block()
        if tag in _LANDMARKS:
            self.in_references = None
        if tag == "a" and self.anchor is not None:
            index, anchor_start = self.anchor
            link = self.links[index]
            # Text runs are in document order: the anchor's are found by
            # bisection, not by a scan of the paragraph's runs for each link.
            first = bisect.bisect_left(self.text, (anchor_start,))
            inner = self.text[first:]
            self.links[index] = Link(inner[0][0] if inner else start, inner[-1][1] if inner else start, link.url)
            self.anchor = None
        if tag == "sup" and self.sup is not None:
            m = _SUP_NUMBERS.match(_TAG.sub("", self.source[self.sup:start]))
            if m:
                self.markers.append(Marker(self.sup, start, expand_keys(m.group(1)), "superscript"))
            self.sup = None
        if tag in ("ul", "ol") and self.list_ids:
            self.list_ids.pop()
            self.list_lead.pop()
            self.list_numbers.pop()
        if self.open_count[tag]:
            # Closing an element closes those opened inside it (browsers do).
            while self.open:
                closed = self.open.pop()
                self.open_count[closed] -= 1
                if closed in BLOCK_ELEMENTS and self.kind_stack and self.kind_stack[-1][0] == closed:
                    self.kind_stack.pop()
                    self.kind_setters.pop()
                if closed == tag:
                    break

    def handle_comment(self, data):
        if not self.skip_depth:
            start = self.here()
            # "<!--" data "-->", or a bogus comment "<!" data ">": the first
            # ">" from two characters before the data's end covers both.
            self.inline_markup(start, self.source.find(">", start + 2 + len(data)) + 1)

    def _text(self, length: int) -> None:
        if self.skip_depth or not length:
            return
        start = self.here()
        end = min(start + length, len(self.source))
        self.chars[start:end] = self.source[start:end]
        self.text.append((start, end))

    def handle_data(self, data):
        self._text(len(data))

    def handle_entityref(self, name):
        self._text(len(name) + 2 if self.source.startswith(";", self.here() + len(name) + 1)
                   else len(name) + 1)

    def handle_charref(self, name):
        self._text(len(name) + 3 if self.source.startswith(";", self.here() + len(name) + 2)
                   else len(name) + 2)


_NEVER_CLOSED = regex.compile(r"<[A-Za-z/!?]")


def _markup_that_can_end(source: str) -> str:
    """``source`` as the parser gets it. After the last ``>`` no tag, comment
    or declaration can end, so a browser shows nothing from the first one that
    opens there (``<b``, ``</``, ``<!``, ``<?``) to the end of the file: it is
    cut off. A ``<`` that opens none there ("dose < 5") becomes a space: the
    parser would read it as text anyway, but only after looking for its end
    to the end of the document, from every one of them (2.6 MB of ``<a``:
    hours). Text is copied from ``source`` by position, so the prose view
    keeps those ``<``."""
    last = source.rfind(">") + 1
    opened = _NEVER_CLOSED.search(source, last)
    return source[:last] + source[last:opened.start() if opened else len(source)].replace("<", " ")


def read_html(source: str, path: str, skipped=("nav", "aside", "footer")) -> Document:
    reader = _Reader(source, frozenset(t.lower() for t in skipped))
    reader.feed(_markup_that_can_end(source))
    reader.close()
    reader.end_block()
    if reader.skip_open:  # an unclosed <pre> or <code>: nothing after it is prose
        reader.code_spans.append((reader.skip_open[0][1], len(source)))
    return reader.document(path, "html")
