"""Readers: the prose view blanks everything that is not prose, keeps the
source's length, and findings land on exactly the flagged source text."""
import os
import re
from pathlib import Path

import pytest

from ketalint.readers import InputError, decode, read_bytes, read_text
from ketalint.typography import plain_view

STRESS = Path(__file__).resolve().parents[1] / "fixtures" / "stress" / "stress.md"


@pytest.fixture(scope="module")
def stress_source():
    return STRESS.read_text(encoding="utf-8")


def test_prose_view_has_source_length_and_blanks_markup(stress_source):
    doc = read_text(stress_source, "stress.md")
    assert len(doc.prose) == len(doc.source)
    prose = doc.prose
    # Code (fenced with info string, indented, inline, nested backticks) is blank.
    assert "print(" not in prose and "indented code" not in prose
    assert "Inline code is not prose:" in prose
    assert "nested" not in prose
    # Link destinations, titles, autolinks and reference definitions are blank;
    # link text stays.
    assert "example.com" not in prose
    assert "guaranteed" not in prose
    assert re.search(r"see\s+our\s+\[guide\]\s", prose)  # literal brackets are text
    # Front matter: keys and non-prose values blank, the title value stays.
    assert "slug" not in prose and "fda-approved-for-depression" not in prose
    assert "Ketamine cures depression" in prose  # the title
    # HTML tags, attributes and comments are blank; text inside a block stays.
    assert "data-note" not in prose and "no side effects" not in prose
    assert "infusions are a cure for anxiety" in prose
    # Entities and typographic characters take plain forms.
    assert re.search(r"FDA-approved\s+for depression", prose)  # padded after the run
    assert "clinic's \"guide\"" in prose


def test_findings_never_come_from_code_urls_or_keys(lint, stress_source):
    findings = lint(stress_source, "markdown", "stress.md")
    lines = stress_source.splitlines()
    for f in findings:
        if f.scope == "document":
            continue
        line = lines[f.line - 1]
        assert not line.startswith(("    ", "print", "```", "[ref]", "<!--", "slug", "ketamine-is")), f
        assert "example.com" not in f.text and "`" not in f.text
    flagged = {f.text for f in findings}
    assert any("FDA&#8209;approved for depression" in t for t in flagged)
    assert "non-addictive" in flagged          # table cell
    assert "permanent relief" in flagged       # block quote
    assert "resets the brain" in flagged       # non-ASCII line
    assert any(f.rule == "CLM201" and f.line == 2 for f in findings)  # front-matter title


def test_crlf_gives_the_same_findings(lint, stress_source):
    lf = lint(stress_source, "markdown", "stress.md")
    crlf = lint(stress_source.replace("\n", "\r\n"), "markdown", "stress.md")
    assert [(f.rule, f.text, f.line, f.column) for f in lf] == \
           [(f.rule, f.text, f.line, f.column) for f in crlf]


@pytest.mark.parametrize("fmt", ["markdown", "text"])
@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_every_line_ending_gives_the_same_positions(lint, fmt, newline):
    text = ("Our clinic\n\nKetamine is FDA-approved for depression.\n"
            "- It cures anxiety in one session.\n\n\n")
    lf = lint(text, fmt, "a.txt")
    other = lint(text.replace("\n", newline), fmt, "a.txt")
    assert len(lf) >= 2
    assert [(f.rule, f.text, f.line, f.column) for f in lf] == \
           [(f.rule, f.text, f.line, f.column) for f in other]


def test_typographic_characters_match_plain_forms(lint):
    text = "Ketamine is FDA\u2011approved for depression.\u00a0It\u2019s \u201cclinically\u202fproven\u201d."
    findings = lint(text)
    rules = {f.rule: f.text for f in findings}
    assert rules["FDA101"].startswith("Ketamine is FDA\u2011approved")
    assert rules["CLM208"] == "clinically\u202fproven"


def test_an_adverb_hyphened_to_its_word_reads_as_two_words(lint):
    findings = lint("Ketamine is a highly-effective and clinically\u2011proven treatment.")
    rules = {f.rule: f.text for f in findings if f.scope != "document"}
    assert rules == {"CLM209": "highly-effective", "CLM208": "clinically\u2011proven"}


def test_soft_hyphen_and_entity_runs_map_back_exactly(lint):
    text = "Ke\u00adtamine is FDA&#8209;approved for de\u00adpression."
    prose, offsets = plain_view(text, decode_entities=True)
    assert len(prose) == len(text)
    assert "Ketamine" in prose and "FDA-approved" in prose and "depression" in prose
    (finding,) = [f for f in lint(text) if f.rule == "FDA101"]
    assert finding.text == text[:-1]


def test_bom_counts_as_a_character(lint):
    text, encoding = decode(b"\xef\xbb\xbfKetamine is FDA-approved for anxiety.")
    assert encoding == "utf-8" and text[0] == "\ufeff"
    (finding,) = [f for f in lint(text, "text") if f.rule == "FDA101"]
    assert finding.start == 1 and finding.column == 2


def test_plain_text_structure():
    source = (
        "Ketamine for depression\n\n"
        "Key results from trials:[1]\n"
        "  • 52% of patients improved\n"
        "  • 30% reached remission\n\n"
        "Paragraph one line.\nSecond line of the same paragraph.\n\n"
        "References:\n\n"
        "  1. Smith J. Ketamine. J Psychiatry. 2020.\n"
    )
    doc = read_text(source, "a.txt", "text")
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["heading", "paragraph", "list-item", "list-item", "paragraph",
                     "heading", "reference"]
    assert doc.blocks[2].lead_in == 1 and doc.blocks[3].lead_in == 1
    assert doc.prose[doc.blocks[2].start:doc.blocks[2].end] == "52% of patients improved"
    assert [r.key for r in doc.references] == ["1"]
    assert [m.keys for m in doc.markers] == [("1",)]


@pytest.mark.parametrize("marker,keys", [
    ("works.[2,3] Next", ("2", "3")), ("works [3-5].", ("3", "4", "5")),
    ("works (7).", ("7",)), ("works.\u00b9\u00b2 Next", ("12",)), ("works[^note].", ("note",)),
    ("works.3 Next", ("3",)), ("works by day 28.^1 Next", ("1",)), ("works.^3,4", ("3", "4")),
    ("works^2^ here", ("2",)),
])
def test_citation_markers(marker, keys):
    doc = read_text(f"Ketamine {marker}", "a.md")
    assert [m.keys for m in doc.markers] == [keys]


@pytest.mark.parametrize("source,keys", [
    ("Plain text.\n\nIt works[^1].\n\n[^1]: Lee 2020, JAMA.\n", ["1"]),
    ("Plain text.\n\nIt works `[^1]`.\n\n[^1]: Lee 2020, JAMA.\n", []),   # code, not a reference
    ("Plain text.\n\nIt works \\[^1].\n\n[^1]: Lee 2020, JAMA.\n", []),  # escaped
    ("- A list item cites[^a].\n\n> A quote[^b].\n\n[^a]: Smith 2021.\n[^b]: Lee 2020.\n", ["a", "b"]),
    ("| cell[^x] | b |\n|---|---|\n| c | d |\n\n[^x]: Jones 2019.\n", ["x"]),
])
def test_a_footnote_is_a_source_only_where_the_text_refers_to_it(source, keys):
    """Markdown footnote definitions become reference entries when some
    paragraph, list item, quote or table cell refers to them."""
    assert [r.key for r in read_text(source, "a.md").references] == keys


@pytest.mark.parametrize("source,fmt", [
    ("It works.[1]\n\n## References\n\n1. Lee J. Ketamine. JAMA. 2020.\n", "md"),
    ("It works.[1]\n\n**References**\n1. Lee J. Ketamine. JAMA. 2020.\n", "md"),
    ("It works.[1]\n\n**Sources:**\n\n- Lee J. Ketamine. JAMA. 2020.\n", "md"),
    ("It works.[1]\n\nSources:\n[1] Lee J. Ketamine. JAMA. 2020.\n", "md"),
    ("It works.[1]\n\nSources:\n1. Lee J. Ketamine. JAMA. 2020.\n", "txt"),
    ("<p>It works.[1]</p><p><strong>References</strong></p><ol><li>Lee J. JAMA. 2020.</li></ol>", "html"),
])
def test_a_reference_list_opens_with_a_heading_a_bold_line_or_a_label(source, fmt):
    doc = read_text(source, f"a.{fmt}")
    assert [r.key for r in doc.references] == ["1"]
    assert doc.prose[doc.references[0].start:doc.references[0].end].strip().startswith("Lee")


@pytest.mark.parametrize("source,fmt", [
    ("It works.[1]\n\n1. Lee JA, Park K, et al. Ketamine for pain. Pain 2009;145:304-11.\n", "md"),
    ("It works.[1]\n\n1. Lee, J. A., & Park, K. (2014). Ketamine for pain. JAMA Psychiatry, 71(6), 681-8.\n", "md"),
    ("It works.[1]\n\n1. Lee JA, Park K, et al. Ketamine for pain. Pain 2009;145:304-11.\n", "txt"),
    ("<p>It works.[1]</p><ol><li>Lee JA, Park K, et al. Ketamine for pain. Pain 2009;145:304-11.</li></ol>", "html"),
])
def test_an_entry_shaped_as_a_bibliography_is_a_reference_under_no_heading(source, fmt):
    doc = read_text(source, f"a.{fmt}")
    assert [r.key for r in doc.references] == ["1"]


@pytest.mark.parametrize("source,fmt", [
    ("It works.[2]\n\n**Sources**\n\n2) https://example.org/ketamine-statistics\n", "md"),
    ("It works.[2]\n\n## References\n\n1. https://example.org/a\n2. https://example.org/b\n", "md"),
    ("It works.[2]\n\nSources:\n2) https://example.org/ketamine-statistics\n", "txt"),
])
def test_an_entry_that_is_only_a_link_is_a_reference(source, fmt):
    """A link has no prose, but an entry of nothing else is still a source."""
    doc = read_text(source, f"a.{fmt}")
    assert "2" in [r.key for r in doc.references]


def test_prose_that_names_authors_is_not_a_reference_entry():
    doc = read_text("Zarate CA et al. showed in 2006 in Arch Gen Psychiatry that it works.\n", "a.md")
    assert doc.references == [] and [b.kind for b in doc.blocks] == ["paragraph"]


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_notes_hold_references_only_where_entries_look_like_them(fmt):
    source = ("It works.[1]\n\n## Notes\n\nOur clinic is open on Saturdays.\n\n"
              "1. Lee J. Ketamine. JAMA. 2020.\n")
    doc = read_text(source, f"a.{fmt}")
    assert [r.key for r in doc.references] == ["1"]
    assert any(doc.prose[b.start:b.end] == "Our clinic is open on Saturdays." and b.kind == "paragraph"
               for b in doc.blocks)


def test_a_bold_first_line_is_a_heading_of_its_paragraph():
    doc = read_text("**Current status**\nThe FDA has not approved it.\n", "a.md")
    assert [(b.kind, doc.prose[b.start:b.end]) for b in doc.blocks] == [
        ("heading", "Current status"), ("paragraph", "The FDA has not approved it.")]


@pytest.mark.parametrize("source,fmt", [
    ("- **Fewer side effects:** Ketamine has fewer side effects.\n", "md"),
    ("**Fewer side effects**: Ketamine has fewer side effects.\n", "md"),
    ("<ul><li><strong>Fewer side effects:</strong> Ketamine has fewer side effects.</li></ul>", "html"),
])
def test_a_bold_label_before_a_sentence_is_a_sentence_of_its_own(lint, source, fmt):
    doc = read_text(source, f"a.{fmt}")
    assert [doc.prose[b.start:b.end].replace(" ", "") for b in doc.blocks] == [
        "Fewersideeffects:", "Ketaminehasfewersideeffects."]
    # A finding in the sentence lands in the sentence, not on the label.
    assert len([f for f in lint(source, "html" if fmt == "html" else "markdown") if f.rule == "RSK302"]) == 2


@pytest.mark.parametrize("source,fmt", [
    ("- **Spravato**: the FDA-approved nasal spray\n", "md"),
    ("<p><b>Spravato</b>: the FDA-approved nasal spray</p>", "html"),
])
def test_a_bold_label_before_a_fragment_describes_it(source, fmt):
    doc = read_text(source, f"a.{fmt}")
    assert len([b for b in doc.blocks if b.kind in ("list-item", "paragraph")]) == 1


@pytest.mark.parametrize("text,located", [
    ("The trial (NCT04599855) found a benefit.", "NCT04599855"),
    ("It worked (Grabski, Am J Psychiatry. 2022;179:152).", "Am J Psychiatry. 2022"),
    ("A study in JAMA Psychiatry, 2023 found a benefit.", "JAMA Psychiatry, 2023"),
    ("It was published in The Lancet in 2021.", "The Lancet in 2021"),
    ("A paper published in Science in 2010 described it.", "Science in 2010"),
    ("The science in 2010 was thin.", None),
    ("It was published in the Journal of Affective Disorders.", None),
    ("In 2008, the Journal of Trauma published a link to PTSD.", "In 2008, the Journal of Trauma"),
    ("In 2000, a paper in Biological Psychiatry reported it.", "In 2000, a paper in Biological Psychiatry"),
    ("In 2006, Zarate and colleagues showed it.", "In 2006, Zarate and colleagues"),
    ("In a 2024 study published in Current Research in Neuropharmacology, patients improved.",
     "2024 study published in Current Research in Neuropharmacology"),
    ("It helped (Translational Psychiatry, 2023), though it has side effects.", "(Translational Psychiatry, 2023)"),
    ("A review published in the October 2004 issue of Pain Medicine found a benefit.",
     "published in the October 2004 issue of Pain Medicine"),
    ("Research published in January 2022 found a benefit.", None),
    ("A 2020 study published in Mayo Clinic Proceedings found a benefit.",
     "2020 study published in Mayo Clinic Proceedings"),
    ("The 2022–23 National Household Survey found that use rose.", "2022–23 National Household Survey"),
    ("It helped 60% of patients (Yale Medicine, 2023).", None),
    ("A study published in Regional Anesthesia & Pain Medicine found a benefit.", None),
    ("Most responded (data on file).", "(data on file)"),
    ("Most responded (Data on file, Janssen, 2024).", "(Data on file, Janssen, 2024)"),
    ("We keep your data on file for a year.", None),
    ("A finding in the American Journal of Psychiatry (AJP) on Monday (16/4/2018) shows it.",
     "American Journal of Psychiatry (AJP) on Monday (16/4/2018"),
    ("It appeared in JAMA on November 7, 2023.", "JAMA on November 7, 2023"),
    ("A finding in JAMA shows that 2023 patients improved.", None),
])
def test_trial_numbers_and_journals_with_a_year_are_locators(text, located):
    doc = read_text(text, "a.md")
    assert [text[m.start:m.end] for m in doc.markers] == ([located] if located else [])


def test_author_year_and_footnotes():
    doc = read_text("It helps (Smith et al., 2023). It works[^1].\n\n[^1]: Lee 2020, JAMA.", "a.md")
    kinds = [m.kind for m in doc.markers]
    assert kinds == ["author-year", "footnote"]
    assert [(r.key, r.text) for r in doc.references] == [("1", "Lee 2020, JAMA.")]


def test_markdown_list_lead_in_and_table_cells():
    doc = read_text("Results [2]:\n\n- first item\n- second item\n\n| a | b |\n|---|---|\n| x | y |\n", "a.md")
    items = [b for b in doc.blocks if b.kind == "list-item"]
    assert [doc.prose[b.start:b.end] for b in items] == ["first item", "second item"]
    assert all(doc.blocks[b.lead_in].kind == "paragraph" for b in items)
    cells = [doc.source[b.start:b.end] for b in doc.blocks if b.kind == "table-cell"]
    assert cells == ["a", "b", "x", "y"]


def test_html_file_is_read_without_scripts_or_tags(lint, tmp_path):
    from ketalint.readers import format_for
    assert format_for("page.html") == format_for("page.htm") == "html"
    page = ('<html><head><script>var x="Ketamine cures depression";</script>'
            '<style>.a{content:"completely safe"}</style></head>'
            '<body><p>Ketamine is <b>completely safe</b>.</p><pre>Ketamine cures anxiety</pre></body></html>\n')
    found = [(f.rule, f.text) for f in lint(page, format_for("page.html"))]
    assert found == [("CLM205", "completely safe"), ("RSK302", "completely safe")]


@pytest.mark.parametrize("page,prose", [
    ("<p>Ketamine is safe.</p>Doses < 5 mg", ["Ketamine is safe.", "Doses < 5 mg"]),
    ("<p>Ketamine is safe.</p>Also <b cures depression", ["Ketamine is safe.", "Also"]),
    ("<p>Ketamine is safe.</p><!-- cures depression", ["Ketamine is safe."]),
])
def test_markup_that_never_closes_at_the_end_is_not_prose(page, prose):
    # As a browser shows it: a tag opened after the last ">" swallows the rest.
    doc = read_text(page, "page.html")
    assert [doc.prose[b.start:b.end] for b in doc.blocks] == prose


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="no /dev/fd")
@pytest.mark.parametrize("limit, refused", [(1000, False), (200, True)])
def test_a_file_of_unknown_size_is_read_to_the_end_or_refused(limit, refused):
    # A pipe reports size 0: reading stops at the limit, not at the size.
    read_end, write_end = os.pipe()
    os.write(write_end, b"y" * 300)
    os.close(write_end)
    try:
        if refused:
            with pytest.raises(InputError, match="file too large"):
                read_bytes(f"/dev/fd/{read_end}", limit)
        else:
            assert read_bytes(f"/dev/fd/{read_end}", limit) == b"y" * 300
    finally:
        os.close(read_end)
