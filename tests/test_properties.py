"""Property-based tests (hypothesis): arbitrary text, Markdown and HTML built
from their grammar pieces, and arbitrary bytes, through every reader and the
whole pipeline. No exception escapes; every finding lies inside the text with
``source[start:end] == text``; a second run gives the same result."""
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT
from ketalint.readers import InputError, decode, read_text

# Sixty examples of each take several seconds in all: they run with the slow
# checks (.ci/run runs those too), so the default run stays under two minutes.
pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

WORDS = st.sampled_from([
    "Ketamine", "esketamine", "Spravato", "is", "FDA-approved", "not", "for", "depression",
    "cures", "may", "help", "studies", "show", "52%", "of", "patients", "[1]", "(Smith et al., 2023)",
    "completely", "safe", "off-label", "anxiety", "only", "approved", "as", "an", "anesthetic",
    "little", "to", "no", "side", "effects", "\u2011", "\u00a0", "\u00ad", "&amp;", "&#8209;",
    "\u201c", "\u201d", "¹", "?", ".", ",", ";", "\r\n", "\n", "\ufeff", "é", "🧠", "<b>", "</b>", "`",
    # words split by inline markup, which the prose view joins
    "cu*res*", "Keta<!-- x -->mine", "de<span\nclass='x'>pres</span>sion", "e&shy;s<i>ket</i>amine",
])
SENTENCE = st.lists(WORDS, min_size=1, max_size=25).map(" ".join)
MD_PIECE = st.one_of(
    SENTENCE,
    SENTENCE.map(lambda s: "# " + s), SENTENCE.map(lambda s: "> " + s),
    SENTENCE.map(lambda s: "- " + s), SENTENCE.map(lambda s: "1. " + s),
    SENTENCE.map(lambda s: "  - " + s), SENTENCE.map(lambda s: f"| {s} | x |\n|---|---|\n| a | {s} |"),
    SENTENCE.map(lambda s: f"```py\n{s}\n```"), SENTENCE.map(lambda s: f"[{s}](https://x.org/{s[:5]})"),
    SENTENCE.map(lambda s: f"<div>{s}</div>"), SENTENCE.map(lambda s: f"<!-- {s} -->"),
    SENTENCE.map(lambda s: f"[^1]: {s}"), SENTENCE.map(lambda s: f"[ref]: https://x.org \"{s}\""),
    SENTENCE.map(lambda s: f"---\ntitle: {s}\nslug: x\n---"), st.just("References:"),
    SENTENCE.map(lambda s: f"[1] {s}"), SENTENCE.map(lambda s: f"<!-- ketalint-disable-next-line CLM201 -- {s} -->"),
)
MARKDOWN = st.lists(MD_PIECE, max_size=12).map("\n\n".join)
HTML = st.recursive(SENTENCE, lambda inner: st.tuples(
    st.sampled_from(["div", "p", "span", "li", "script", "code", "b"]), inner).map(
    lambda t: f"<{t[0]} class='x'>{t[1]}</{t[0]}>"), max_leaves=8)


def assert_sound(linter, text, fmt):
    doc = read_text(text, "prop", fmt)
    assert len(doc.prose) == len(doc.source) == len(text)
    findings = linter.lint_document(doc)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.text
    again = linter.lint_document(read_text(text, "prop", fmt))
    assert [f.to_dict() for f in findings] == [f.to_dict() for f in again]


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode(linter, text):
    for fmt in ("markdown", "text", "html", "mdx"):
        assert_sound(linter, text, fmt)


@SETTINGS
@given(MARKDOWN)
def test_markdown_from_grammar_pieces(linter, text):
    assert_sound(linter, text, "markdown")
    assert_sound(linter, text.replace("\n", "\r\n"), "markdown")


@SETTINGS
@given(HTML)
def test_html_fragments(linter, text):
    for fmt in ("html", "mdx", "markdown"):
        assert_sound(linter, text, fmt)
        assert_sound(linter, text.replace("\n", "\r\n"), fmt)


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(linter, data):
    try:
        text, _ = decode(data)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    for fmt in ("markdown", "text", "html", "mdx"):
        assert_sound(linter, text, fmt)


def test_fuzz_target_short_run(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "fuzz" / "fuzz_readers.py"), "-runs=300",
                          "-seed=1", f"-artifact_prefix={tmp_path}/"],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONHASHSEED": "0"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Done 300 runs" in out.stderr
