"""Format parity: the same copy as Markdown, MDX, HTML and Word gives the same
findings; nothing in code, script, style, JSX or front-matter keys is flagged;
HTML versions of the labelled corpus score like the Markdown originals.

The MDX, HTML and .docx versions are generated from the Markdown fixtures here
(markdown-it renders the HTML, python-docx writes the Word file), so every
format carries exactly the same copy.
"""
import html
import os
import re
from pathlib import Path

import docx
import pytest
import yaml
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from conftest import ROOT
from ketalint.readers import read_file
from scoring import precision_recall, score

CORPUS = ROOT / "fixtures" / "corpus"
#: Lists with lead-ins, citations by marker and by link, reference lists, a
#: table, negation, hedging, entities, document-level findings.
PARITY_DOCS = ["001-clinic-harbor", "005-clinic-northstar", "007-clinic-cedar", "010-clinic-peak",
               "023-news-elektd", "031-leaflet-hospital", "033-leaflet-pain", "036-blog-science",
               "038-blog-balanced-markers", "039-blog-dangling", "040-blog-listleadin", "053-table-page",
               "059-clinic-accurate-stats"]
TRAP = "Ketamine is FDA-approved for depression and cures it."
_MD = MarkdownIt("commonmark").enable("table").use(footnote_plugin)


def to_html(markdown: str) -> str:
    body = _MD.render(markdown)
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Page</title>\n"
            f"<script>var trap = \"{TRAP}\";</script>\n<style>/* {TRAP} */</style></head>\n"
            f"<body>\n<nav><a href=\"/\">{TRAP}</a></nav>\n{body}<pre>{TRAP}</pre>\n"
            f"<footer>{TRAP}</footer>\n</body></html>\n")


def to_mdx(markdown: str) -> str:
    return (f"import Note from '../components/Note'\nexport const meta = {{ claim: \"{TRAP}\" }}\n\n"
            f"<Note kind=\"info\" trap={{\"{TRAP}\"}}>\n\n{markdown}\n\n</Note>\n\n"
            f"{{/* {TRAP} */}}\n\n```js\nconst trap = \"{TRAP}\";\n```\n")


def _add_inline(paragraph, inline):
    """Runs and hyperlinks of a markdown-it inline token (markup dropped)."""
    url = None
    for child in inline.children or []:
        if child.type == "link_open":
            url = child.attrs.get("href")
        elif child.type == "link_close":
            url = None
        elif child.type in ("text", "code_inline") and child.content:
            if url:
                link = OxmlElement("w:hyperlink")
                link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
                run = OxmlElement("w:r")
                text = OxmlElement("w:t")
                text.text = child.content
                text.set(qn("xml:space"), "preserve")
                run.append(text)
                link.append(run)
                paragraph._p.append(link)
            else:
                paragraph.add_run(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def to_docx(markdown: str, path: Path) -> None:
    document = docx.Document()
    tokens = _MD.parse(markdown)
    lists, table, row = [], None, None
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if tok.type == "bullet_list_open" else "List Number")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "heading_open":
            _add_inline(document.add_heading("", int(tok.tag[1])), tokens[i + 1])
        elif tok.type == "table_open":
            table = document.add_table(rows=0, cols=1)
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            if len(table.columns) < len(row):
                for _ in range(len(row) - len(table.columns)):
                    table.add_column(docx.shared.Inches(1))
            cells = table.add_row().cells
            for cell, inline in zip(cells, row):
                _add_inline(cell.paragraphs[0], inline)
        elif tok.type == "inline" and row is not None and tokens[i - 1].type in ("th_open", "td_open"):
            row.append(tok)
        elif tok.type == "table_close":
            table, row = None, None
        elif tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            item = lists and tokens[i - 2].type == "list_item_open"
            paragraph = document.add_paragraph(style="List Paragraph" if item else None)
            if item and lists[-1] != "List Bullet":
                # Numbers typed as text, as in many Word drafts (Word's own
                # numbering restarts at 1 unless its definitions say otherwise).
                paragraph.add_run(f"{tokens[i - 2].info}. ")
            _add_inline(paragraph, tok)
    document.save(path)


def variants(tmp_path: Path, name: str) -> dict[str, Path]:
    markdown = (CORPUS / f"{name}.md").read_text(encoding="utf-8")
    out = {"md": tmp_path / f"{name}.md", "mdx": tmp_path / f"{name}.mdx",
           "html": tmp_path / f"{name}.html", "docx": tmp_path / f"{name}.docx"}
    out["md"].write_text(markdown, encoding="utf-8")
    out["mdx"].write_text(to_mdx(markdown), encoding="utf-8")
    out["html"].write_text(to_html(markdown), encoding="utf-8")
    to_docx(markdown, out["docx"])
    return out


def comparable(findings):
    """(rule, flagged words) with markup and entities taken out of the text."""
    keys = []
    for f in findings:
        words = " ".join(html.unescape(re.sub(r"<[^>]*>|[*_`]", " ", f.text)).replace("\u2011", "-").split())
        keys.append((f.rule, words if f.scope == "span" else "(document)"))
    return sorted(keys)


@pytest.mark.parametrize("name", PARITY_DOCS)
def test_same_copy_gives_same_findings_in_every_format(linter, tmp_path, name):
    files = variants(tmp_path, name)
    expected = comparable(linter.lint_document(read_file(str(files["md"]))))
    for fmt in ("mdx", "html", "docx"):
        doc = read_file(str(files[fmt]))
        found = linter.lint_document(doc)
        assert comparable(found) == expected, fmt
        for f in found:  # exact positions in the original file
            assert doc.source[f.start:f.end] == f.text


def test_code_script_style_jsx_and_front_matter_keys_are_never_flagged(linter, tmp_path):
    trap = f"""---
{TRAP.split()[0].lower()}_cures_depression: "{TRAP}"
layout: {TRAP}
---
import Trap from './trap'
export const trap = "{TRAP}"

<Trap claim="{TRAP}" other={{"{TRAP}"}} />

Inline `{TRAP}` and {{"{TRAP}"}} expression.

```
{TRAP}
```
"""
    page = (f"<html><head><script>{TRAP}</script><style>{TRAP}</style></head><body>"
            f"<code>{TRAP}</code><pre>{TRAP}</pre><template>{TRAP}</template><svg><text>{TRAP}</text></svg>"
            f"<nav>{TRAP}</nav><aside>{TRAP}</aside><footer>{TRAP}</footer>"
            f"<p data-x=\"{TRAP}\">Plain words.</p></body></html>")
    (tmp_path / "trap.mdx").write_text(trap, encoding="utf-8")
    (tmp_path / "trap.md").write_text(trap.replace("<Trap", "<!-- ").replace("/>", "-->"), encoding="utf-8")
    (tmp_path / "trap.html").write_text(page, encoding="utf-8")
    for name in ("trap.mdx", "trap.html"):
        assert [f.rule for f in linter.lint_document(read_file(str(tmp_path / name)))] == [], name
    # The same sentence as prose is flagged: the trap would fire if read.
    assert linter.lint_text(TRAP)


def _micro(counts) -> tuple[float, float]:
    tp, fp, fn = (sum(row[i] for row in counts.values()) for i in range(3))
    return precision_recall(tp, fp, fn)


def test_html_accuracy_is_within_002_of_markdown(linter, tmp_path):
    labels = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    md_labels = [entry for entry in labels if entry["doc"].endswith(".md")]
    html_labels, dropped = [], 0
    for entry in md_labels:
        page = to_html((CORPUS / entry["doc"]).read_text(encoding="utf-8"))
        name = entry["doc"].replace(".md", ".html")
        (tmp_path / name).write_text(page, encoding="utf-8")
        spans = []
        for label in entry.get("spans", []):
            # markdown-it writes &, <, > and " as character references.
            text = next((t for t in (label["text"], html.escape(label["text"], quote=True),
                                     html.escape(label["text"], quote=False)) if t in page), None)
            if text is None:
                dropped += 1
            else:
                spans.append({**label, "text": text})
        html_labels.append({**entry, "doc": name, "spans": spans})
    (tmp_path / "md.yaml").write_text(yaml.safe_dump(md_labels), encoding="utf-8")
    (tmp_path / "html.yaml").write_text(yaml.safe_dump(html_labels), encoding="utf-8")
    total = sum(len(e.get("spans", [])) for e in md_labels)
    assert dropped <= total * 0.02, f"{dropped} of {total} labels not locatable in the HTML"
    md_p, md_r = _micro(score(linter, str(CORPUS), str(tmp_path / "md.yaml"))[0])
    html_counts, misses = score(linter, str(tmp_path), str(tmp_path / "html.yaml"))
    html_p, html_r = _micro(html_counts)
    assert html_p >= md_p - 0.02 and html_r >= md_r - 0.02, (md_p, md_r, html_p, html_r, misses)


def cli(*args, input=None):
    from click.testing import CliRunner
    from ketalint.cli import main
    return CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", *map(str, args)], input=input)


def test_html_and_mdx_offsets_with_entities_crlf_nested_tags_and_attributes(tmp_path):
    import json
    page = ('<p class="x" data-note="a &amp; b">Our <span><b>FDA&#8209;approved</b></span> ketamine\r\n'
            'infusions <em title="t">work when <i>nothing</i> else does</em>.</p>\r\n'
            '<p>It is&nbsp;completely&nbsp;safe.</p>\r\n')
    mdx = ('import X from "./x"\r\n\r\n<X a={1}>\r\n\r\nOur FDA&#8209;approved ketamine infusions '
           '<b>work when nothing else does</b>.\r\n\r\n</X>\r\n\r\nIt is&nbsp;completely safe.\r\n')
    for name, text in (("p.html", page), ("p.mdx", mdx)):
        (tmp_path / name).write_bytes(text.encode())
        result = cli(tmp_path / name)
        findings = json.loads(result.output)["findings"]
        assert {"FDA102", "CLM204", "CLM205"} <= {f["rule"] for f in findings}, (name, findings)
        for f in findings:
            assert text[f["start"]:f["end"]] == f["text"]
            line_start = text.rfind("\n", 0, f["start"]) + 1
            assert (f["line"], f["column"]) == (text.count("\n", 0, f["start"]) + 1, f["start"] - line_start + 1)


def test_a_message_quotes_the_flagged_words_as_the_page_shows_them(tmp_path):
    """A word rewritten from a character reference is padded in the prose view;
    the message quotes it with single spaces."""
    import json
    (tmp_path / "p.html").write_text("<p>Ketamine has &ldquo;little to no side effects&rdquo;.</p>")
    messages = [f["message"] for f in json.loads(cli(tmp_path / "p.html").stdout)["findings"]
                if f["rule"] == "RSK302"]
    assert messages and messages[0].startswith('"little to no side effects"'), messages


def test_mdx_text_on_a_component_line_and_indented_inside_is_prose(tmp_path):
    import json
    text = ('import X from "./x"\n\n<Callout>Ketamine is FDA-approved for anxiety.</Callout>\n\n'
            '<Note>\n    Ketamine cures depression.\n</Note>\n\n```\n    Ketamine cures PTSD.\n```\n')
    (tmp_path / "p.mdx").write_text(text)
    found = {(f["rule"], f["text"]) for f in json.loads(cli(tmp_path / "p.mdx").stdout)["findings"]
             if f["scope"] == "span"}
    assert ("FDA101", "Ketamine is FDA-approved for anxiety") in found
    assert ("CLM201", "cures depression") in found
    assert not [t for _, t in found if "PTSD" in t]  # fenced code stays code


def test_html_skip_config_decides_which_landmarks_are_copy(tmp_path):
    import json
    (tmp_path / "p.html").write_text(f"<body><p>Plain words.</p><footer>{TRAP}</footer></body>")
    assert json.loads(cli(tmp_path / "p.html").output)["findings"] == []
    (tmp_path / ".ketalint.yaml").write_text("html-skip: [nav, aside]\n")
    result = cli("--config", tmp_path / ".ketalint.yaml", tmp_path / "p.html")
    assert "FDA101" in {f["rule"] for f in json.loads(result.output)["findings"]}


def test_word_lines_are_paragraph_numbers_and_footnotes_cite(tmp_path):
    import json
    path = tmp_path / "draft.docx"
    document = docx.Document()
    document.add_heading("Ketamine care", 1)
    document.add_paragraph("Ketamine is well tolerated.")
    document.add_paragraph("In trials, 52% of patients improved [1].")
    document.add_paragraph("Our FDA-approved ketamine infusions work\nwhen nothing else does.")
    document.add_heading("References", 2)
    document.add_paragraph("1. Example A. A trial. J Example Psychiatry. 2020. doi:10.1000/x1")
    document.save(path)
    findings = json.loads(cli(path).output)["findings"]
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["FDA102"]["line"] == 4 and by_rule["FDA102"]["column"] == 5
    assert "CIT401" not in by_rule  # the statistic is cited by a reference that resolves
    assert "work when nothing else does" in by_rule["CLM204"]["text"]
    from click.testing import CliRunner
    from ketalint.cli import main
    shown = CliRunner().invoke(main, ["check", "--no-cache", str(path)]).output
    assert f"{path}:4:5: error FDA102" in shown
    assert "    Our FDA-approved ketamine infusions work when nothing else does." in shown  # the paragraph


def test_stdin_filename_picks_html_mdx_and_docx(tmp_path):
    import json
    page = f"<script>{TRAP}</script><p>{TRAP}</p>"
    result = cli("-", "--stdin-filename", "page.html", input=page)
    findings = json.loads(result.output)["findings"]
    assert findings and all(f["path"] == "page.html" for f in findings)
    assert all(f["start"] > page.index("<p>") for f in findings)
    path = tmp_path / "d.docx"
    document = docx.Document()
    document.add_paragraph(TRAP)
    document.save(path)
    result = cli("-", "--stdin-filename", "d.docx", input=path.read_bytes())
    assert "FDA101" in {f["rule"] for f in json.loads(result.output)["findings"]}


def test_site_walk_reads_every_format_and_honours_gitignore(tmp_path):
    import json
    import subprocess
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "build").mkdir()
    for name in ("a.md", "b.mdx", "c.html", "build/d.html"):
        (tmp_path / name).write_text(TRAP + "\n")
    document = docx.Document()
    document.add_paragraph(TRAP)
    document.save(tmp_path / "e.docx")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    paths = {f["path"] for f in json.loads(cli(tmp_path).output)["findings"]}
    assert {os.path.relpath(p, tmp_path) for p in paths} == {"a.md", "b.mdx", "c.html", "e.docx"}
