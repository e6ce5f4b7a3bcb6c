"""Word reader (.docx), with python-docx.

Reviewers receive drafts as Word documents. Each paragraph becomes one line of
the document's text, so **line numbers are paragraph numbers** (1-based, in
reading order: body paragraphs and table cells, then footnotes) and columns
count characters within the paragraph; the text output shows the paragraph.
Line breaks inside a paragraph read as spaces.

Headings (styles "Title", "Heading N") are headings; paragraphs with list
numbering or a "List" style are list items, introduced by the paragraph before
their list; table cells are cells; hyperlinks are links (citations where they
point to a source). Footnotes follow the body under a "Footnotes" heading as
reference entries, and each footnote reference in the text reads as ``[N]``, so
a footnoted claim counts as cited.
"""
from __future__ import annotations

import io
import zipfile

from ..document import Block, Document, Link
from ..typography import plain_view
from .citations import add_reference, attach_citations, is_reference_entry, reference_key, reference_section

#: Limits that keep a small file from costing minutes or gigabytes: a 1 MB
#: package can hold 400 MB of XML, or two million empty paragraphs.
MAX_PARTS = 1_000
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_PARAGRAPHS = 100_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class DocxError(ValueError):
    """A .docx file that cannot be read; the message is one line."""


def paragraph_pieces(element, relationships, link=None):
    """The text of a ``w:p`` element piece by piece, in reading order: (node,
    text, link) for each ``w:t``, tab (``"\\t"``), line break (``" "``) and
    footnote reference (``"[N]"``), where ``link`` is (``w:hyperlink`` element,
    its URL) or None. ``ketalint annotate`` finds the words of a finding here."""
    for child in element:
        tag = child.tag
        if tag == _W + "hyperlink":
            target = relationships.get(child.get(_R_ID)) or ("#" + child.get(_W + "anchor", ""))
            yield from paragraph_pieces(child, relationships, (child, target))
        elif tag == _W + "t":
            yield child, (child.text or "").replace("\r", " ").replace("\n", " "), link
        elif tag == _W + "tab":
            yield child, "\t", link
        elif tag in (_W + "br", _W + "cr"):
            yield child, " ", link
        elif tag == _W + "footnoteReference":
            yield child, f"[{child.get(_W + 'id')}]", link
        elif tag in (_W + "r", _W + "smartTag", _W + "ins", _W + "fldSimple", _W + "sdt",
                     _W + "sdtContent"):
            yield from paragraph_pieces(child, relationships, link)


def _paragraph_text(element, relationships) -> tuple[str, list[tuple[int, int, str]]]:
    """Text of a ``w:p`` element with footnote references as ``[N]``, and the
    (start, end, url) of its hyperlinks."""
    parts: list[str] = []
    links: list[list] = []  # [hyperlink element, start, end, url]
    length = 0
    for _node, text, link in paragraph_pieces(element, relationships):
        if link is not None and text:
            if links and links[-1][0] is link[0]:
                links[-1][2] = length + len(text)
            else:
                links.append([link[0], length, length + len(text), link[1]])
        parts.append(text)
        length += len(text)
    return "".join(parts), [(start, end, url) for _, start, end, url in links]


def _style_names(word) -> tuple[dict[str, str], str]:
    """Paragraph style names by style id, and the default paragraph style's
    name (python-docx looks a paragraph's style up among all styles each time:
    1.5 ms a paragraph)."""
    from docx.enum.style import WD_STYLE_TYPE
    names = {s.style_id: s.name or "" for s in word.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
    default = word.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    return names, (default.name or "") if default is not None else ""


def _style_kind(element, styles: tuple[dict[str, str], str]) -> str:
    """heading, list-item or paragraph, for a ``w:p`` element."""
    names, default = styles
    properties = element.pPr
    style_id = properties.style if properties is not None else None
    style = names.get(style_id, default) if style_id is not None else default
    if style == "Title" or style.startswith("Heading"):
        return "heading"
    if (properties is not None and properties.numPr is not None) or style.startswith("List"):
        return "list-item"
    return "paragraph"


def _check_package(data: bytes) -> None:
    """Refuse a package over the limits before anything is decompressed."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DocxError(f"not a readable Word document ({exc})") from None
    if len(parts) > MAX_PARTS:
        raise DocxError(f"too many parts in the Word package ({len(parts):,}; the limit is {MAX_PARTS:,})")
    size = sum(part.file_size for part in parts)
    if size > MAX_UNCOMPRESSED:
        raise DocxError(f"Word document too large uncompressed ({size / 1048576:.0f} MB; "
                        f"the limit is {MAX_UNCOMPRESSED // 1048576} MB)")


def read_docx(data: bytes, path: str) -> Document:
    """The Document of a .docx file; DocxError for a damaged file or one over
    the limits (MAX_PARTS, MAX_UNCOMPRESSED, MAX_PARAGRAPHS)."""
    _check_package(data)
    try:
        import docx
        from docx.table import Table
        word = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - zip, package and XML errors of a damaged file
        raise DocxError(f"not a readable Word document ({exc})") from None
    paragraphs = sum(1 for _ in word.element.body.iter(_W + "p"))
    if paragraphs > MAX_PARAGRAPHS:
        raise DocxError(f"too many paragraphs ({paragraphs:,}; the limit is {MAX_PARAGRAPHS:,})")
    relationships = {rid: rel.target_ref for rid, rel in word.part.rels.items() if rel.is_external}
    styles = _style_names(word)
    # (kind, text, links) per line, in reading order.
    lines: list[tuple[str, str, list]] = []
    for child in word.element.body.iterchildren():
        if child.tag == _W + "p":
            text, links = _paragraph_text(child, relationships)
            lines.append((_style_kind(child, styles), text, links))
        elif child.tag == _W + "tbl":
            for row in Table(child, word).rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        text, links = _paragraph_text(p._p, relationships)
                        lines.append(("table-cell", text, links))
    footnotes = _footnotes(word, relationships)
    if footnotes:
        lines.append(("heading", "Footnotes", []))
        lines.extend(("footnote", f"[{key}] {text}", links) for key, text, links in footnotes)

    source = "\n".join(text for _, text, _ in lines)
    prose, offsets = plain_view(source)
    doc = Document(path=path, format="docx", source=source, prose=prose, offsets=offsets)
    start = 0
    section, lead, list_id, in_references = 0, None, 0, None
    references: list[tuple[str, int, int]] = []
    for kind, text, links in lines:
        end = start + len(text)
        stripped = text.strip()
        s = start + len(text) - len(text.lstrip())
        e = s + len(stripped)
        doc.links.extend(Link(start + a, start + b, url) for a, b, url in links)
        if stripped:
            if kind == "heading":
                in_references = reference_section(stripped)
                doc.blocks.append(Block("heading", s, e, section=len(doc.blocks)))
                section = len(doc.blocks) - 1
            elif kind == "footnote" or is_reference_entry(in_references, stripped):
                key, skip = reference_key(stripped, len(references) + 1)
                references.append((key, s + skip, e))
                doc.blocks.append(Block("reference", s, e, section=section))
            elif kind == "list-item":
                if doc.blocks and doc.blocks[-1].kind != "list-item":
                    lead, list_id = len(doc.blocks) - 1, list_id + 1
                doc.blocks.append(Block("list-item", s, e, lead, list_id, section))
            else:
                doc.blocks.append(Block(kind, s, e, section=section))
        start = end + 1
    for key, s, e in references:
        add_reference(doc, key, s, e)
    attach_citations(doc)
    return doc


def _footnotes(word, relationships) -> list[tuple[str | None, str, list]]:
    part = next((rel.target_part for rel in word.part.rels.values()
                 if rel.reltype.endswith("/footnotes")), None)
    if part is None:
        return []
    from docx.oxml import parse_xml
    root = parse_xml(part.blob)
    notes: list[tuple[str | None, str, list]] = []
    for note in root.iterchildren(_W + "footnote"):
        key = note.get(_W + "id")
        if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = [_paragraph_text(p, relationships) for p in note.iterchildren(_W + "p")]
        text = " ".join(t for t, _ in texts).strip()
        if text:
            notes.append((key, text, []))
    return notes
