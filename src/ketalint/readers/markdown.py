"""Markdown reader (CommonMark + GFM tables, strikethrough, footnotes, front matter).

markdown-it-py gives the block structure with source line ranges; the text of each
block is located on its own source lines, so container syntax (``>``, list
markers, indentation, table pipes, ``#``) never enters the prose view. Inside a
block, inline syntax is blanked here: code spans, HTML tags and comments, link
and image destinations, autolinks and bare URLs, emphasis markers and backslash
escapes. Link text and image alt text stay prose. Lines that no block claims
(reference definitions, fences, thematic breaks, HTML comments) stay blank.

Front matter: only the values of prose keys (title, description, summary...) are
read; keys and every other value are blanked.

markdown-it drops content nested deeper than its ``maxNesting``. A document
whose quotes or lists nest deeper than real copy ever does (more than
``MAX_QUOTE_DEPTH`` quote markers or list items indented more than
``MAX_LIST_INDENT`` columns) is read as plain text instead, so nothing is
skipped; below those bounds the nesting stays under ``maxNesting``.
"""
from __future__ import annotations

import functools
from typing import Iterator

import regex
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..document import Block, Document, Link, Marker
from .builder import WORD_JOINING_ELEMENTS, ProseBuilder
from .citations import expand_keys, find_urls, is_reference_entry, reference_key, reference_section

FRONT_MATTER_PROSE_KEYS = frozenset({
    "title", "description", "summary", "excerpt", "subtitle", "abstract", "lead",
    "teaser", "headline", "intro", "tagline", "meta_description", "og_description",
    "seo_title", "seo_description",
})

_CODE_SPAN = regex.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", regex.S)
_NON_PROSE_ELEMENT = regex.compile(r"<(script|style|template|svg|code|pre)\b[^>]*>.*?</\1\s*>", regex.S | regex.I)
_AUTOLINK = regex.compile(r"<((?:https?|ftp|mailto):[^\s<>]*)>", regex.I)
_HTML_TAG = regex.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s+[^<>]*?)?/?>")
_SUP = regex.compile(r"<sup>\s*\[?(\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*)\]?\s*</sup>", regex.I)
_INLINE_LINK = regex.compile(
    r"(!?)\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")
_REF_LINK = regex.compile(r"(!?)\[((?:[^\[\]\\]|\\.)+)\]\[([^\[\]]*)\]")
_EMPHASIS = regex.compile(r"(?<![\w*_~\\])(?:\*{1,3}|_{1,3}|~~)(?=\S)|(?<=\S)(?:\*{1,3}|_{1,3}|~~)(?![\w*_~])")
#: A run of ``*`` between two letters ("cu*res*", "cu**r**es") is emphasis
#: when another run can pair with it; "_" inside a word never is in CommonMark.
_INTRAWORD_STARS = regex.compile(r"(?<=\p{L})\*{1,3}(?=\p{L})")
#: Runs of ``*`` that can open or close emphasis: not between two spaces.
_FLANKING_STARS = regex.compile(r"(?<!\*)(?:(?<=\S)\*+|\*+(?=\S))(?!\*)")
_ESCAPE = regex.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!|<>~\"'])")
#: What every pattern below needs at least one of: most blocks have none.
_INLINE_SYNTAX = regex.compile(r"[`<\[*_~\\]|https?://|www\.")
_SKIP_HTML = regex.compile(r"^\s*<(script|style|pre|code|template|svg|textarea)\b", regex.I)
_FRONT_KEY = regex.compile(r"([A-Za-z_][\w.-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
#: A paragraph's first line set wholly in bold ("**How does it work?**") acts as
#: a heading: it names what follows and ends no sentence of it.
_BOLD_LINE = regex.compile(r"\s*(\*\*|__)(?:(?!\1).)+\1\s*:?\s*$")
#: A bold label that opens a paragraph or list item ("**Fewer side effects:** Unlike
#: SSRIs, ...") names what follows, as a heading would: it ends no sentence with
#: a period, so it is cut off as a sentence of its own when a sentence follows it
#: (not a fragment that only describes it: "**Spravato**: the FDA-approved nasal spray").
_BOLD_LABEL = regex.compile(r"\s*(\*\*|__)(?:(?!\1)[^\n:.!?]){1,80}(?::\1|\1[ \t]*:)(?=[ \t]+\S[^\n]*[.!?])")


MAX_QUOTE_DEPTH = 20
MAX_LIST_INDENT = 60  # list levels need 2+ columns each: at most ~30 levels
_NESTING = regex.compile(r"^([ \t>]*)(?:[-*+]|\d{1,9}[.)])?", regex.M)
#: A prefix past either bound is at least this long (a tab is at most 4 columns).
_LONG_PREFIX = regex.compile(r"^[ \t>]{%d,}" % min(MAX_QUOTE_DEPTH + 1, MAX_LIST_INDENT // 4 + 1), regex.M)


def _too_deep(source: str) -> bool:
    if not _LONG_PREFIX.search(source):  # most documents: one scan, no per-line work
        return False
    for m in _NESTING.finditer(source):
        prefix = m.group(1)
        if prefix.count(">") > MAX_QUOTE_DEPTH:
            return True
        if m.end() > m.end(1) and len(prefix.expandtabs(4)) > MAX_LIST_INDENT:
            return True
    return False


#: Inline rules markdown-it still runs. The reader takes only the block
#: structure from markdown-it and masks inline syntax itself; the footnote
#: plugin emits a definition only if an inline rule saw a reference to it, and
#: escapes and code spans decide what counts as one.
_INLINE_RULES = {"text", "escape", "backticks", "footnote_ref", "footnote_inline"}


def _footnote_inline(state) -> None:
    """markdown-it's inline pass, run only where it can find a footnote
    reference ("[^label]" or an inline "^[...]"): the reader reads nothing
    else of its output, and most paragraphs have neither."""
    for token in state.tokens:
        if token.type == "inline" and ("[^" in token.content or "^[" in token.content):
            if token.children is None:
                token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


@functools.lru_cache(maxsize=2)
def _parser(indented_code: bool = True) -> MarkdownIt:
    # 2 levels per list level and 1 per quote: the bounds above stay below 100.
    md = (MarkdownIt("commonmark", {"maxNesting": 100}).enable(["table", "strikethrough"])
          .use(front_matter_plugin).use(footnote_plugin))
    if not indented_code:
        md.disable("code")
    md.disable([r for r in md.inline.ruler.get_all_rules() if r not in _INLINE_RULES]
               + md.inline.ruler2.get_all_rules() + ["text_join"])
    md.core.ruler.at("inline", _footnote_inline)
    return md


def _html_comments(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the HTML comments in ``text``, each from ``<!--`` to the
    first ``-->`` after it. In linear time: a comment left open ends the
    search, where a regex would look for its end again from every later ``<!--``."""
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            return
        yield start, end + 3
        start = text.find("<!--", end + 3)


class _Builder(ProseBuilder):
    def __init__(self, source: str):
        super().__init__(source)
        self.lines = self.line_index.content_spans()
        self.section = 0
        #: (table row's line, where its next cell is looked for) while a table is read.
        self.cell_cursor: tuple[int, int] | None = None

    # -- locating text -------------------------------------------------------
    def segments(self, content: str, first_line: int, last_line: int) -> list[tuple[int, int]]:
        """Source spans of ``content``'s lines, found in order on the block's lines."""
        spans = []
        line_no = first_line
        for piece in content.split("\n"):
            while line_no < min(last_line, len(self.lines)):
                start, end = self.lines[line_no]
                line_no += 1
                text = self.source[start:end]
                at = text.find(piece) if piece else -1
                if at >= 0:
                    if piece:
                        spans.append((start + at, start + at + len(piece)))
                    break
        return spans

    def copy(self, spans: list[tuple[int, int]]) -> None:
        for s, e in spans:
            self.chars[s:e] = self.source[s:e]

    # -- inline masking ------------------------------------------------------
    def blank(self, s: int, e: int) -> None:
        for i in range(s, e):
            if self.chars[i] not in "\n\r":
                self.chars[i] = " "

    def link_syntax(self, start: int, label_start: int, label_end: int, end: int, image: bool) -> None:
        """Blank a link's syntax around its text, which the page shows as it is
        (an image's alt text stands for a picture: no word runs through it)."""
        for span in ((start, label_start), (label_end, end)):
            self.blank(*span)
            if not image:
                self.inline_markup(*span)

    def mask_inline(self, s: int, e: int) -> None:
        """Blank inline syntax in ``chars[s:e]``; match offsets are block-relative."""

        def view() -> str:
            return "".join(self.chars[s:e])

        # The view holds source characters or blanks at the same offsets: what
        # the source lacks, the view lacks too (and most blocks lack it).
        if not _INLINE_SYNTAX.search(self.source, s, e):
            return
        text = view()
        for m in _CODE_SPAN.finditer(text):
            self.blank(s + m.start(), s + m.end())
            self.code_spans.append((s + m.start(), s + m.end()))
        text = view()
        for start, end in _html_comments(text):
            self.blank(s + start, s + end)
            self.inline_markup(s + start, s + end)
        for m in _NON_PROSE_ELEMENT.finditer(text):
            self.blank(s + m.start(), s + m.end())
            self.code_spans.append((s + m.start(), s + m.end()))
        for m in _SUP.finditer(text):
            self.markers.append(Marker(s + m.start(1), s + m.end(1),
                                       expand_keys(m.group(1)), "superscript"))
        for m in _AUTOLINK.finditer(text):
            self.links.append(Link(s + m.start(1), s + m.end(1), m.group(1)))
            self.blank(s + m.start(), s + m.end())
        for m in _HTML_TAG.finditer(text):
            self.blank(s + m.start(), s + m.end())
            if m.group(1).lower() in WORD_JOINING_ELEMENTS:
                self.inline_markup(s + m.start(), s + m.end())
        text = view()
        for m in _INLINE_LINK.finditer(text):
            label_start, label_end = s + m.start(2), s + m.end(2)
            self.links.append(Link(label_start, label_end, m.group(3).strip("<>")))
            self.link_syntax(s + m.start(), label_start, label_end, s + m.end(), image=bool(m.group(1)))
        for m in _REF_LINK.finditer(text):
            label_start, label_end = s + m.start(2), s + m.end(2)
            self.links.append(Link(label_start, label_end, m.group(3) or m.group(2)))
            self.link_syntax(s + m.start(), label_start, label_end, s + m.end(), image=bool(m.group(1)))
        text = view()
        for link in find_urls(text):
            self.links.append(Link(s + link.start, s + link.end, link.url))
            self.blank(s + link.start, s + link.end)
        text = view()
        for m in _EMPHASIS.finditer(text):
            self.blank(s + m.start(), s + m.end())
            self.inline_markup(s + m.start(), s + m.end())
        if _INTRAWORD_STARS.search(text) and len(_FLANKING_STARS.findall(text)) > 1:
            for m in _INTRAWORD_STARS.finditer(text):
                self.blank(s + m.start(), s + m.end())
                self.inline_markup(s + m.start(), s + m.end())
        for m in _ESCAPE.finditer(text):
            self.blank(s + m.start(), s + m.end())

    def add_block(self, kind: str, spans: list[tuple[int, int]], **extra) -> Block | None:
        if not spans:
            return None
        self.copy(spans)
        s, e = spans[0][0], spans[-1][1]
        self.mask_inline(s, e)
        text = "".join(self.chars[s:e])
        if not text.strip():
            return None
        s += len(text) - len(text.lstrip())
        e -= len(text) - len(text.rstrip())
        block = Block(kind, s, e, section=self.section, **extra)
        self.blocks.append(block)
        return block

    def add_reference(self, spans: list[tuple[int, int]], key: str | None = None) -> None:
        """A reference entry; ``key`` is its list number when it has one."""
        block = self.add_block("reference", spans)
        # The entry runs to its source end: a trailing URL is masked in the
        # prose view but is the entry's locator. An entry that is only a link
        # ("2) https://...") has no prose at all, and is a source all the same.
        start = block.start if block else spans[0][0]
        end = len(self.source[:spans[-1][1]].rstrip())
        if start < end:
            found, skip = reference_key(self.source[start:end], len(self.references) + 1)
            self.references.append((key or found, start + skip, end))

    # -- front matter ----------------------------------------------------------
    def front_matter(self, first_line: int, last_line: int) -> None:
        for line_no in range(first_line + 1, min(last_line - 1, len(self.lines))):
            start, end = self.lines[line_no]
            m = _FRONT_KEY.match(self.source, start, end)
            if not m or m.group(1).lower() not in FRONT_MATTER_PROSE_KEYS:
                continue
            vs, ve = m.start(2), m.end(2)
            value = self.source[vs:ve]
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                vs, ve = vs + 1, ve - 1
            if vs < ve:
                self.copy([(vs, ve)])
                self.blocks.append(Block("front-matter", vs, ve))

    # -- html blocks ------------------------------------------------------------
    def html_block(self, first_line: int, last_line: int) -> None:
        start = self.lines[first_line][0]
        end = self.lines[min(last_line, len(self.lines)) - 1][1]
        if _SKIP_HTML.match(self.source, start, end):
            return
        self.add_block("paragraph", [(start, end)])


def _is_label_line(source: str, span: tuple[int, int]) -> bool:
    """Is this line a paragraph's label: set wholly in bold, or a reference
    list's label ("Sources:")?"""
    line = source[span[0]:span[1]]
    return bool(_BOLD_LINE.match(line) or reference_section(line))


def _label_cut(source: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """``spans`` as one block, or as a bold label and the text after it."""
    m = _BOLD_LABEL.match(source, spans[0][0], spans[0][1])
    if not m:
        return [spans]
    return [[(spans[0][0], m.end())], [(m.end(), spans[0][1])] + spans[1:]]


def read_markdown(source: str, path: str, indented_code: bool = True) -> Document:
    """The prose of a Markdown document. With ``indented_code`` False (MDX, which
    has no indented code blocks), lines indented by four spaces are prose too."""
    if _too_deep(source):
        from .plaintext import read_plaintext
        doc = read_plaintext(source, path)
        doc.format = "markdown (too deeply nested; read as plain text)"
        return doc
    tokens = _parser(indented_code).parse(source)
    b = _Builder(source)
    # Context while walking: open lists (lead-in index, list id) and containers.
    list_stack: list[tuple[int | None, int]] = []
    list_counter = 0
    in_quote = 0
    footnote_label: str | None = None
    in_references: str | None = None  # see citations.reference_section
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        if t == "front_matter" and tok.map:
            b.front_matter(tok.map[0], tok.map[1])
        elif t in ("bullet_list_open", "ordered_list_open"):
            list_counter += 1
            lead = len(b.blocks) - 1 if b.blocks else None
            if lead is not None and b.blocks[lead].kind in ("reference", "footnote"):
                lead = None
            list_stack.append((lead, list_counter))
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif t == "blockquote_open":
            in_quote += 1
        elif t == "blockquote_close":
            in_quote -= 1
        elif t == "footnote_open":
            footnote_label = str(tok.meta.get("label", tok.meta.get("id")))
        elif t == "footnote_close":
            footnote_label = None
        elif t == "heading_open" and tok.map:  # (block tokens always have a map)
            inline = tokens[i + 1]
            spans = b.segments(inline.content, tok.map[0], tok.map[1])
            block = b.add_block("heading", spans)
            if block is not None:
                b.section = len(b.blocks) - 1
                block.section = b.section
                in_references = reference_section(b.source[block.start:block.end])
            i += 2
        elif t == "inline" and tok.map and tokens[i - 1].type in ("paragraph_open", "th_open", "td_open"):
            opener = tokens[i - 1].type
            if opener == "paragraph_open":
                spans = b.segments(tok.content, tok.map[0], tok.map[1])
                if footnote_label is None and not list_stack and spans and _is_label_line(source, spans[0]):
                    label = b.add_block("heading", spans[:1])
                    if label is not None:
                        b.section = len(b.blocks) - 1
                        label.section = b.section
                        in_references = reference_section(source[label.start:label.end].strip("*_ \t"))
                    spans = spans[1:]
                    if in_references:  # "Sources:" then one source a line
                        for span in spans:
                            if is_reference_entry(in_references, source[span[0]:span[1]]):
                                b.add_reference([span])
                            else:
                                b.add_block("paragraph", [span])
                        spans = []
                if not spans:
                    pass
                elif footnote_label is not None:
                    block = b.add_block("footnote", spans)
                    if block:
                        b.references.append((footnote_label, block.start, block.end))
                elif is_reference_entry(
                        in_references, "".join(source[x:y] for x, y in spans),
                        numbered=bool(list_stack and tokens[i - 2].type == "list_item_open"
                                      and tokens[i - 2].info)):
                    b.add_reference(spans, tokens[i - 2].info if list_stack and
                                    tokens[i - 2].type == "list_item_open" else None)
                elif list_stack:
                    # (A later paragraph of a loose list item continues the item.)
                    lead, lid = list_stack[-1]
                    for part in _label_cut(source, spans):
                        b.add_block("list-item", part, lead_in=lead, list_id=lid)
                else:
                    for part in _label_cut(source, spans):
                        b.add_block("blockquote" if in_quote else "paragraph", part)
            else:
                row_start, row_end = b.lines[tok.map[0]]
                cursor = b.cell_cursor
                if cursor is None or cursor[0] != tok.map[0]:
                    cursor = (tok.map[0], row_start)
                at = b.source.find(tok.content, cursor[1], row_end) if tok.content else -1
                if at >= 0:
                    b.add_block("table-cell", [(at, at + len(tok.content))])
                    b.cell_cursor = (tok.map[0], at + len(tok.content))
                else:
                    b.cell_cursor = cursor
        elif t == "html_block" and tok.map:
            b.html_block(tok.map[0], tok.map[1])
        elif t in ("fence", "code_block") and tok.map:
            last = min(tok.map[1], len(b.lines)) - 1
            b.code_spans.append((b.lines[tok.map[0]][0], b.lines[last][1]))
        i += 1

    return b.document(path, "markdown")
