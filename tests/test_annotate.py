"""`ketalint annotate`: check's findings as Word comments on exactly the flagged words."""
import json
from collections import Counter
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from ketalint.annotate import anchored_texts
from ketalint.cli import main
from ketalint.findings import Finding
from test_formats import PARITY_DOCS, comparable, to_docx, variants

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def findings(path) -> list[dict]:
    return json.loads(run("check", "--format", "json", "--no-cache", path).output)["findings"]


def word_file(tmp_path) -> Path:
    """The clinic landing page as Word, plus a paragraph whose flagged words
    start and end inside runs of different formatting, after non-ASCII text,
    and an empty last paragraph."""
    path = tmp_path / "draft.docx"
    to_docx((ROOT / "fixtures" / "examples" / "clinic-landing.md").read_text(encoding="utf-8"), path)
    word = docx.Document(path)
    paragraph = word.add_paragraph("Café Ñandú 🌿: our Ketamine is FDA-")
    paragraph.add_run("approved for ").bold = True
    paragraph.add_run("depression, we say.")
    word.add_paragraph("")
    word.save(path)
    return path


def comments(path) -> list[tuple[str, str]]:
    """(anchored text, comment text) of each ketalint comment in ``path``."""
    word = docx.Document(path)
    anchored = anchored_texts(word)
    return [(anchored[str(c.comment_id)], c.text) for c in word.comments if c.author == "ketalint"]


def test_every_finding_is_a_comment_on_exactly_its_words(tmp_path):
    source = word_file(tmp_path)
    before = source.read_bytes()
    out = tmp_path / "annotated.docx"
    result = run("annotate", source, "-o", out)
    assert result.exit_code == 0, result.output
    assert source.read_bytes() == before

    expected = findings(source)
    spans = [f for f in expected if f["scope"] == "span"]
    assert any(f["rule"] == "FDA101" and "FDA-approved for depression" in f["text"] for f in spans)
    assert len(spans) >= 10 and any(f["scope"] == "document" for f in expected)
    written = comments(out)
    assert len(written) == len(expected)
    assert result.output.strip() == f"wrote {out}: {len(expected)} comments added for {len(expected)} findings"
    assert Counter(text for text, _ in written) >= Counter(f["text"] for f in spans)
    for f in spans:
        text = next(c for anchored, c in written if anchored == f["text"] and c.startswith(f["rule"]))
        assert f["message"].split()[0] in text
    # Document findings sit on the first paragraph; comments say rule, fix and sources.
    first = next(p.text for p in docx.Document(source).paragraphs if p.text.strip())
    risk = next(c for anchored, c in written if c.startswith("RSK301"))
    assert (first, risk) in written
    assert "Write instead:" in risk and "Sources:" in risk
    # The flagged words keep their formatting: the bold run is split, not merged.
    word = docx.Document(out)
    assert [r.text for r in word.paragraphs[-2].runs if r.bold] == ["approved for "]
    # The annotated copy reads as the draft did.
    assert [{**f, "path": ""} for f in findings(out)] == [{**f, "path": ""} for f in expected]


def test_annotating_again_adds_no_comment_twice(tmp_path):
    once, twice = tmp_path / "once.docx", tmp_path / "twice.docx"
    assert run("annotate", word_file(tmp_path), "-o", once).exit_code == 0
    result = run("annotate", once, "-o", twice)
    assert result.exit_code == 0, result.output
    assert " 0 comments added " in result.output
    assert comments(twice) == comments(once)


def test_refuses_to_overwrite_the_input_and_reports_unreadable_files(tmp_path):
    source = word_file(tmp_path)
    result = run("annotate", source, "-o", source)
    assert result.exit_code == 2 and "is the input file" in result.output
    result = run("annotate", tmp_path / "missing.md", "-o", tmp_path / "out.docx")
    assert result.exit_code == 2 and result.output.count("\n") == 1
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    result = run("annotate", broken, "-o", tmp_path / "out.docx")
    assert result.exit_code == 2 and "not a readable Word document" in result.output
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("extension", ["md", "mdx", "html"])
def test_markdown_and_html_become_a_word_file_of_their_copy_with_comments(tmp_path, extension):
    source = variants(tmp_path, PARITY_DOCS[0])[extension]
    before = source.read_bytes()
    out = tmp_path / "copy.docx"
    result = run("annotate", source, "-o", out)
    assert result.exit_code == 0, result.output
    assert source.read_bytes() == before
    expected = [Finding(**f) for f in findings(source)]
    assert any(f.scope == "span" for f in expected) and any(f.scope == "document" for f in expected)
    # Each span finding's words, markup left out, carry its comment.
    written = Counter((c.split()[0], " ".join(anchored.split()))
                      for anchored, c in comments(out) if "(on '" not in c)
    spans = Counter(key for key in comparable(expected) if key[1] != "(document)")
    assert written >= spans and sum(written.values()) == len(expected)
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "](" not in text and "<p" not in text and "**" not in text
