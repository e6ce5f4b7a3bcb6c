"""Bad input never breaks a run and nothing is lost: one test per hostile input.

Each bad file gets correct findings or one line ``path: cannot read: reason``
and exit status 2, while every other file is still linted and reported.
"""
import json
import os
import re
import stat

import pytest
from click.testing import CliRunner

from conftest import SLOW_PER_SENTENCE, write_rule_pack
from ketalint.printable import shown_name
from ketalint.cli import main

GOOD = "Ketamine cures depression.\n"


def run(*args, input=None):
    return CliRunner().invoke(main, ["check", "--format", "json", *map(str, args)], input=input)


def lint_with_good(tmp_path, name, content: bytes):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.md"
    good.write_text(GOOD)
    return bad, good, run(bad, good)


def findings(result, path=None):
    data = json.loads(result.stdout)
    return [f for f in data["findings"] if path is None or f["path"] == str(path)]


def cannot_read_line(result, path):
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{path}: ")]
    assert len(lines) == 1, result.stderr
    assert "cannot read:" in lines[0] and "Traceback" not in result.output
    return lines[0]


def assert_refused_and_good_linted(result, bad, good, reason):
    """Exit 2, one line naming ``bad`` with ``reason``, and ``good`` still linted."""
    assert result.exit_code == 2
    assert reason in cannot_read_line(result, bad)
    assert findings(result, good)


@pytest.mark.parametrize("name,content", [("empty.md", b""), ("blank.md", b"  \n\n\t \r\n")])
def test_empty_and_whitespace_files(tmp_path, name, content):
    bad, good, result = lint_with_good(tmp_path, name, content)
    assert result.exit_code == 1  # the good file's finding
    assert findings(result, bad) == [] and findings(result, good)


@pytest.mark.parametrize("name,content,what", [
    ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ("doc.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("archive.md", b"PK\x03\x04\x14\x00\x06\x00" + bytes(40), "ZIP"),
    ("nul.txt", b"Ketamine\x00\x01\x02\x03 cures", "NUL"),
])
def test_binary_files_are_refused_and_others_linted(tmp_path, name, content, what):
    bad, good, result = lint_with_good(tmp_path, name, content)
    assert_refused_and_good_linted(result, bad, good, what)


def test_invalid_utf8_is_read_as_windows_1252_and_said_so(tmp_path):
    bad, good, result = lint_with_good(
        tmp_path, "word.txt", "Ketamine is “completely safe” – really.\n".encode("cp1252"))
    assert f"{bad}: note: not UTF-8; read as cp1252" in result.stderr
    (f,) = [f for f in findings(result, bad) if f["rule"] == "CLM205"]
    assert f["text"] == "completely safe"


def test_utf16_with_bom(tmp_path):
    bad, good, result = lint_with_good(tmp_path, "u16.md", "Ketamine cures depression.\n".encode("utf-16"))
    (f,) = [f for f in findings(result, bad) if f["rule"] == "CLM201"]
    assert f["text"] == "cures depression" and f["column"] == 11  # the BOM counts as a character


def test_mixed_line_endings(tmp_path):
    bad, good, result = lint_with_good(
        tmp_path, "mixed.md", b"First line.\r\nSecond line.\rThird.\n\nKetamine cures depression.\r\n")
    (f,) = [f for f in findings(result, bad) if f["rule"] == "CLM201"]
    assert (f["line"], f["column"]) == (5, 10)


def test_huge_file_is_refused_without_reading_it(tmp_path):
    bad = tmp_path / "huge.md"
    with open(bad, "wb") as fh:
        fh.seek(50 * 1024 * 1024 - 1)
        fh.write(b"\n")
    (tmp_path / "good.md").write_text(GOOD)
    assert_refused_and_good_linted(run(bad, tmp_path / "good.md"), bad, tmp_path / "good.md",
                                   "file too large (50.0 MB; the limit is 4 MB")


def test_long_line_without_newline_is_linted_in_pieces(tmp_path):
    filler = "Ketamine infusions are given in a clinic. " * 8000  # ~340 KB, one line
    bad, good, result = lint_with_good(tmp_path, "oneline.txt",
                                       (filler + "Ketamine cures depression.").encode())
    assert result.exit_code == 1
    (f,) = [f for f in findings(result, bad) if f["rule"] == "CLM201"]
    assert f["text"] == "cures depression" and f["line"] == 1


def test_five_megabyte_line_gets_one_clear_line(tmp_path):
    bad, good, result = lint_with_good(tmp_path, "five.txt", b"word " * (1024 * 1024))
    assert result.exit_code == 2 and "file too large" in cannot_read_line(result, bad)


def test_deep_markdown_nesting(tmp_path):
    quotes = ">" * 3000 + " Ketamine cures depression.\n\n"
    lists = "".join("  " * i + "- item\n" for i in range(400)) + "\nKetamine is completely safe.\n"
    html = "<div>" * 10000 + "Ketamine cures anxiety." + "</div>" * 10000 + "\n"
    bad, good, result = lint_with_good(tmp_path, "deep.md", (quotes + lists + "\n" + html).encode())
    assert result.exit_code == 1, result.output
    assert {"CLM205"} <= {f["rule"] for f in findings(result, bad)}


def test_unreadable_file(tmp_path, monkeypatch):
    bad = tmp_path / "secret.md"
    bad.write_text(GOOD)
    (tmp_path / "good.md").write_text(GOOD)
    real_open = open

    def guarded(path, *args, **kwargs):
        if str(path) == str(bad):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr("builtins.open", guarded)
    assert_refused_and_good_linted(run(bad, tmp_path / "good.md"), bad, tmp_path / "good.md",
                                   "cannot read: Permission denied")


def test_directory_named_like_a_file_and_vanished_file(tmp_path, monkeypatch):
    folder = tmp_path / "folder.md"
    folder.mkdir()
    gone = tmp_path / "gone.md"
    gone.write_text(GOOD)
    import ketalint.paths as paths
    original = paths.collect

    def collect_then_delete(*args, **kwargs):
        listed = original(*args, **kwargs)
        gone.unlink()  # vanishes between listing and reading
        return listed
    monkeypatch.setattr(paths, "collect", collect_then_delete)
    (tmp_path / "good.md").write_text(GOOD)
    assert_refused_and_good_linted(run(gone, tmp_path / "good.md"), gone, tmp_path / "good.md",
                                   "No such file or directory")


def test_symlink_loops_do_not_hang(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.md").write_text(GOOD)
    os.symlink(site, site / "loop")
    os.symlink(tmp_path / "self.md", tmp_path / "self.md")
    result = run(site, tmp_path / "self.md")
    assert result.exit_code == 2
    assert [f["path"] for f in findings(result) if f["rule"] == "CLM201"] == [str(site / "page.md")]
    assert str(tmp_path / "self.md") in result.stderr


def test_names_with_spaces_and_non_ascii(tmp_path):
    page = tmp_path / "naïve copy — draft.md"
    page.write_text(GOOD)
    result = run(page)
    assert [f["path"] for f in findings(result)] == [str(page)]


def test_file_name_that_is_not_utf8_in_a_folder(tmp_path):
    (tmp_path / "site").mkdir()
    page = os.path.join(str(tmp_path / "site"), os.fsdecode(b"draft\xff.md"))
    with open(page, "w") as fh:
        fh.write("Ketamine cures depression.\n")
    out = tmp_path / "report.json"
    for _ in range(2):  # the second run answers from the cache
        result = CliRunner().invoke(main, ["check", "--format", "json", "-o", str(out), str(tmp_path / "site")])
        assert result.exit_code == 1, result.output
        data = json.loads(out.read_bytes().decode("utf-8", "surrogateescape"))
        # Reported with escapes for the bytes that are not UTF-8 (issue 23).
        assert [f["path"] for f in data["findings"] if f["rule"] == "CLM201"] == [shown_name(page)]


@pytest.mark.slow  # seconds of pattern time by design; .ci/run runs it
def test_catastrophic_pattern_times_out_and_is_reported(tmp_path):
    pack = write_rule_pack(tmp_path, "CLM950", "slow-fuzzy",
                           "(?:ketamine cures depression forever){e<=12}", file="slow.yaml")
    page = tmp_path / "page.md"
    page.write_text("Ketamine infusions are offered in our clinic for adults with depression. " * 40
                    + "\n\nKetamine is completely safe.\n")
    import time
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["check", "--format", "json", "--rules", str(pack), str(page)])
    assert time.perf_counter() - start < 30
    assert result.exit_code == 2
    assert "rule CLM950 skipped: a pattern took over" in result.stderr and "slow.yaml" in result.stderr
    assert [f["rule"] for f in findings(result) if f["rule"] == "CLM205"] == ["CLM205"]


SLOW_PAGE = "\n\n".join(["Ketamine infusions are offered in our clinic for adults with "
                         "depression and anxiety and pain."] * 40) + "\n"


@pytest.mark.slow  # waits out a time budget by design; .ci/run runs it
@pytest.mark.parametrize("jobs,copies", [("1", 1), ("2", 2)], ids=["main process", "workers"])
def test_file_over_its_time_budget_is_not_checked_and_the_run_goes_on(tmp_path, jobs, copies):
    pack = write_rule_pack(tmp_path, "CLM950", "slow-per-sentence", SLOW_PER_SENTENCE)
    slow = [tmp_path / f"slow{k}.md" for k in range(copies)]
    for page in slow:
        page.write_text(SLOW_PAGE)
    good = [tmp_path / f"good{k}.md" for k in range(copies)]
    for page in good:
        page.write_text(GOOD)
    import time
    start = time.perf_counter()
    result = run("--no-cache", "--jobs", jobs, "--file-timeout", "1.5", "--rules", pack, *slow, *good)
    assert time.perf_counter() - start < 10  # 40 sentences at 0.8 s: 32 s per slow file without a budget
    assert result.exit_code == 2 and "Traceback" not in result.output
    for page in slow:
        assert f"{page}: not checked: took longer than 1.5 s" in result.stderr.splitlines()
    assert all(findings(result, page) for page in good)


def test_file_timeout_from_the_config(tmp_path):
    pack = write_rule_pack(tmp_path, "CLM950", "slow-per-sentence", SLOW_PER_SENTENCE)
    (tmp_path / ".ketalint.yaml").write_text("file-timeout: 1\nrule-packs: [pack]\n")
    page = tmp_path / "slow.md"
    page.write_text(SLOW_PAGE)
    result = run("--no-cache", "--config", tmp_path / ".ketalint.yaml", page)
    assert result.exit_code == 2 and f"{page}: not checked: took longer than 1 s" in result.stderr


def test_file_timeout_must_be_seconds_above_zero(tmp_path):
    (tmp_path / ".ketalint.yaml").write_text("file-timeout: no\n")
    (tmp_path / "a.md").write_text(GOOD)
    result = run("--config", tmp_path / ".ketalint.yaml", tmp_path / "a.md")
    assert result.exit_code == 2 and "file-timeout: must be a number of seconds above 0" in result.stderr


QUADRATIC_BEFORE = [  # name, input at the size the issue measured (time then)
    ("unclosed-disable.md", "<!-- ketalint-disable\n" * 8_000),  # 181 s
    ("directives.md", "<!-- ketalint-disable-next-line CLM201 -- quoted -->\n"
                      "Ketamine cures depression.\n\n" * 4_000),  # 25 s
    ("exclamations.txt", "Ketamine works" + "!" * 20_000 + "\n"),  # 30 s
    ("brackets.md", "[" * 100_000 + "\n"),  # over 90 s
    ("ampersands.txt", "&" * 80_000 + "\n"),  # over 300 s
    ("paragraphs.html", "x<p>" * 40_000),  # 69 s
    ("entities.html", "<p>" + "&amp;" * 40_000 + "</p>"),  # 121 s
    ("open-tags.html", "<a" * 1_300_000),  # over 300 s
    ("links.html", "<p>" + " ".join(f'<a href="https://e.org/{k}">x</a>' for k in range(40_000))),  # 25 s
]


@pytest.mark.slow  # the hostile inputs at the size the issue measured; .ci/run runs them
@pytest.mark.parametrize("name,content", QUADRATIC_BEFORE, ids=[name for name, _ in QUADRATIC_BEFORE])
def test_input_that_took_quadratic_time_now_takes_seconds(tmp_path, name, content):
    """Each of these took from 25 s to hours and now takes under 2 s; a time
    budget of 10 s (room for a loaded machine) must not be needed.
    benchmarks/hostile.py shows the time is now linear."""
    page = tmp_path / name
    page.write_text(content)
    result = run("--no-cache", "--file-timeout", "10", page)
    assert "not checked" not in result.stderr and "Traceback" not in result.output
    assert result.exit_code in (0, 1)


def test_internal_error_is_one_line_unless_debug(tmp_path, monkeypatch):
    from ketalint.api import Linter
    page = tmp_path / "page.md"
    page.write_text(GOOD)
    (tmp_path / "good.md").write_text(GOOD)
    original = Linter.analyse_and_lint

    def broken(self, doc, rules=None):
        if doc.path == str(page):
            raise RuntimeError("boom")
        return original(self, doc, rules)
    monkeypatch.setattr(Linter, "analyse_and_lint", broken)
    result = run("--no-cache", page, tmp_path / "good.md")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{page}: internal error: RuntimeError: boom" in result.stderr
    assert findings(result, tmp_path / "good.md")
    debug = CliRunner().invoke(main, ["--debug", "check", "--no-cache", str(page)])
    assert isinstance(debug.exception, RuntimeError)


def snapshot(folder):
    return {str(p): (p.read_bytes() if p.is_file() else None, stat.S_IMODE(p.stat().st_mode),
                     p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def test_no_run_modifies_inputs(tmp_path):
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "a.md").write_text(GOOD + "<!-- ketalint-disable-next-line CLM205 -- x -->\nKetamine is completely safe.\n")
    (site / "sub" / "b.txt").write_bytes("Ketamine “cures” depression.\r\n".encode("cp1252"))
    os.chmod(site / "sub" / "b.txt", 0o640)
    before = snapshot(site)
    from ketalint.reporters import FORMATS
    for fmt in FORMATS:
        CliRunner().invoke(main, ["check", "--format", fmt, "--show-suppressed", str(site)])
    CliRunner().invoke(main, ["baseline", "write", str(tmp_path / "baseline.json"), str(site)])
    CliRunner().invoke(main, ["check", "--baseline", str(tmp_path / "baseline.json"), str(site)])
    assert snapshot(site) == before


def test_document_conditions_of_the_pack_stay_linear_on_a_large_page(linter):
    """A rule's ``when: document`` pattern is searched over the whole page; a
    greedy look-ahead in CLM217's took 15 s on the benchmark's 1 MB page, so
    the rule was skipped. On a 1 MB promotional page with no disclaimer each
    such pattern must answer within a second."""
    import time
    page = ("Book your first infusion today. Our ketamine infusions lift mood. " * 16_000)[:1_048_576]
    for rule in linter.ruleset.rules:
        pattern = rule.when.document if rule.when is not None else None
        if pattern is None:
            continue
        start = time.perf_counter()
        pattern.search(page)
        assert time.perf_counter() - start < 1, f"{rule.id}: when.document is slow on 1 MB"


def test_html_with_deep_nesting_and_stray_end_tags_stays_linear():
    import time
    from ketalint.readers import read_text
    page = "<div>" * 40000 + "Ketamine cures depression." + "</span>" * 40000
    start = time.perf_counter()
    doc = read_text(page, "deep.html", "html")
    assert time.perf_counter() - start < 5  # a per-tag scan of the open stack took ~14 s
    assert [doc.prose[b.start:b.end] for b in doc.blocks] == ["Ketamine cures depression."]


HOSTILE_COPY = "\x1b[2J\x1b]0;owned\x07 Ketamine \u202ecures depression.\r\x08\x9b\n"


@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
def test_terminal_escapes_in_copy_and_names_are_shown_as_escapes(tmp_path, fmt):
    page = tmp_path / "page\x1b[31m.md"
    page.write_text(HOSTILE_COPY)
    result = CliRunner().invoke(main, ["check", "--format", fmt, "--show-suppressed", str(page)])
    assert result.exit_code == 1
    for char in "\x1b\x07\x08\x9b\u202e":
        assert char not in result.output
    assert "page\\x1b[31m.md" in result.output
    if fmt == "text":
        lines = result.output.splitlines()
        i = next(i for i, line in enumerate(lines) if line.startswith("    \\x1b[2J"))
        assert lines[i] == "    \\x1b[2J\\x1b]0;owned\\x07 Ketamine \\u202ecures depression."
        assert lines[i + 1] == " " * lines[i].index("cures") + "^" * len("cures depression")


def test_control_characters_cannot_make_junit_ill_formed(tmp_path):
    import xml.etree.ElementTree as ET
    page = tmp_path / "page\x01.md"
    page.write_text(HOSTILE_COPY + "Ketamine is \x0bcompletely safe\x0c.\n")
    result = CliRunner().invoke(main, ["check", "--format", "junit", str(page), str(tmp_path / "gone\x02.md")])
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    assert str(tmp_path / "page\\x01.md") in {suite.get("name") for suite in root}


def test_links_out_of_the_folder_are_skipped_unless_named(tmp_path):
    site, outside = tmp_path / "site", tmp_path / "home"
    site.mkdir()
    outside.mkdir()
    (outside / "credentials.md").write_text("aws_secret = Ketamine cures depression.\n")
    (site / "page.md").write_text(GOOD)
    (site / "also.md").symlink_to(site / "page.md")  # a link inside the folder is read
    (site / "notes.md").symlink_to(outside / "credentials.md")
    result = run(site)
    assert result.exit_code == 1
    assert sorted(f["path"] for f in findings(result)) == [str(site / "also.md"), str(site / "page.md")]
    assert f"{site / 'notes.md'}: note: skipped: a link to a file outside {site} (name it to lint it)" \
        in result.stderr
    report = CliRunner().invoke(main, ["check", "--format", "html", str(site)]).stdout
    assert "aws_secret" not in report
    assert [f["path"] for f in findings(run(site / "notes.md"))] == [str(site / "notes.md")]


def test_fifo_in_a_walked_folder_is_skipped_not_opened(tmp_path):
    import threading
    (tmp_path / "page.md").write_text(GOOD)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    finished = threading.Event()

    def unblock():  # a run that opens the FIFO waits for a writer, each time it opens it
        finished.wait(10)
        while not finished.is_set():
            with open(fifo, "w"):
                pass
    threading.Thread(target=unblock, daemon=True).start()
    try:
        result = CliRunner().invoke(main, ["check", "--format", "concise", str(tmp_path)])
    finally:
        finished.set()
    assert result.exit_code == 1 and "CLM201" in result.stdout
    assert f"{fifo}: note: skipped: not a regular file" in result.stderr


def test_file_name_that_is_not_utf8_is_shown_with_escapes(tmp_path):
    bad = os.fsdecode(os.fsencode(str(tmp_path)) + b"/bad\xff\x1b.md")
    with open(bad, "w") as fh:
        fh.write(GOOD)
    (tmp_path / "good.md").write_text(GOOD)
    for fmt in ("json", "sarif", "junit", "html", "text"):
        result = CliRunner().invoke(main, ["check", "--format", fmt, str(tmp_path)])
        assert result.exit_code == 1, (fmt, result.output)
        assert "bad" in result.stdout and "xff" in result.stdout and "good.md" in result.stdout
    shown = {f["path"] for f in findings(run(tmp_path))}
    assert shown == {f"{tmp_path}/bad\\xff\x1b.md", str(tmp_path / "good.md")}
    claims = CliRunner().invoke(main, ["claims", "--format", "json", str(tmp_path)])
    assert {row["path"] for row in json.loads(claims.stdout)["claims"]} == shown


def word_package(extra_parts=(), body=""):
    """A .docx with ``body`` XML at the start of its body and extra parts."""
    import io
    import zipfile

    import docx
    blank = io.BytesIO()
    docx.Document().save(blank)
    source, out = zipfile.ZipFile(blank), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
            package.writestr(item, data)
        for name, data in extra_parts:
            package.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("content,reason", [
    (lambda: word_package(body="<w:p/>" * 100_001), "too many paragraphs (100,001; the limit is 100,000)"),
    (lambda: word_package([(f"extra/part{i}.xml", b"<a/>") for i in range(1000)]),
     "too many parts in the Word package"),
    (lambda: word_package([("word/media/zeros.bin", bytes(65 * 1024 * 1024))]),
     "Word document too large uncompressed (66 MB; the limit is 64 MB)"),
])
def test_word_files_over_the_limits_are_refused_in_one_line(tmp_path, content, reason):
    import time
    start = time.perf_counter()
    bad, good, result = lint_with_good(tmp_path, "bomb.docx", content())
    assert_refused_and_good_linted(result, bad, good, reason)
    assert time.perf_counter() - start < 10


def test_standard_input_honours_max_file_size():
    result = run("--max-file-size", "1", "-", input=b"Ketamine cures depression. " * 50_000)
    assert result.exit_code == 2
    assert "<stdin>: cannot read: file too large (over 1 MB, see --max-file-size)" in result.stderr


@pytest.mark.parametrize("config,message", [
    ("fail-on: error\nseverity: {5: error}\n", ":2: severity: must map selectors to error, warning or info"),
    ("per-path-ignores: {5: [CLM201]}\n", ":1: per-path-ignores: must map glob patterns to lists of selectors"),
])
def test_config_keys_that_are_not_strings_are_located(tmp_path, config, message):
    (tmp_path / "cfg.yaml").write_text(config)
    (tmp_path / "a.md").write_text(GOOD)
    result = run("--config", tmp_path / "cfg.yaml", tmp_path / "a.md")
    assert result.exit_code == 2 and result.output.strip() == f"ketalint: {tmp_path / 'cfg.yaml'}{message}"


@pytest.mark.parametrize("baseline,message", [
    ('{"version": 1,\n "fingerprints": ["ab", 5]}', ":2: fingerprints[1]: must be a string"),
    ('{"version": 1,\n "fingerprints": [{"a": "b"}]}', ":2: not a ketalint baseline: nested more than 2 levels"),
    ("[" * 100_000 + "]" * 100_000, ":1: not a ketalint baseline: nested more than 2 levels"),
])
def test_baseline_that_is_not_strings_or_nests_deep_is_located(tmp_path, baseline, message):
    (tmp_path / "baseline.json").write_text(baseline)
    (tmp_path / "a.md").write_text(GOOD)
    result = run("--baseline", tmp_path / "baseline.json", tmp_path / "a.md")
    assert result.exit_code == 2 and result.output.strip() == f"ketalint: {tmp_path / 'baseline.json'}{message}"


@pytest.mark.parametrize("claim", ["cur\u0435s depression", "ｃｕｒｅｓ depression"],
                         ids=["Cyrillic e", "full-width Latin"])
def test_look_alike_letters_do_not_hide_a_claim(claim):
    """The prose view reads them as Latin, and the finding still points at the
    characters of the source."""
    from ketalint.api import lint_text
    text = f"Ketamine {claim}.\n"
    [finding] = [f for f in lint_text(text) if f.rule == "CLM201"]
    assert text[finding.start:finding.end] == claim


def test_words_of_another_script_keep_their_letters():
    from ketalint.readers import read_text
    assert read_text("Кетамин лечит depression.\n", "a.md").prose.startswith("Кетамин лечит")


SPLIT_WORDS = {
    "md emphasis": ("markdown", "cu*res*"),
    "md emphasis closing inside": ("markdown", "*cu*res"),
    "md strong": ("markdown", "cu**r**es"),
    "md tag": ("markdown", "cu<b>res</b>"),
    "md tag with attributes": ("markdown", 'cu<span class="x">res</span>'),
    "md comment": ("markdown", "cu<!-- x -->res"),
    "md link": ("markdown", "cu[res](https://example.org)"),
    "html tag": ("html", "cu<b>res</b>"),
    "html tag across a line": ("html", 'cu<span\n  class="x">res</span>'),
    "html tags touching": ("html", "cu</b><i>res</i>"),
    "html comment": ("html", "cu<!-- x -->res"),
    "html look-alike letter": ("html", "\u0441<b>ures</b>"),
}


@pytest.mark.parametrize("fmt,word", SPLIT_WORDS.values(), ids=SPLIT_WORDS.keys())
def test_a_word_split_by_inline_markup_is_read_whole(fmt, word):
    """The prose view joins the word, so it flags as the plain word does, and
    the finding underlines the word in the source, from its first letter to the
    claim's last, with the markup inside it."""
    from ketalint.api import lint_text
    wrap = "<p>{}</p>\n" if fmt == "html" else "{}\n"
    plain = {f.rule for f in lint_text(wrap.format("Ketamine cures depression."), fmt)}
    text = wrap.format(f"Ketamine {word} depression.")
    findings = lint_text(text, fmt)
    assert {f.rule for f in findings} == plain
    [finding] = [f for f in findings if f.rule == "CLM201"]
    start = text.index(word) + next(i for i, ch in enumerate(word) if ch.isalpha())
    end = text.index("depression") + len("depression")
    assert (finding.start, finding.end) == (start, end)
    assert finding.text == f"{word} depression".lstrip("*")
    last_line = text.count("\n", 0, end)
    assert (finding.line, finding.column) == (1, start + 1)
    assert (finding.end_line, finding.end_column) == (1 + last_line, end - (text.rfind("\n", 0, end) + 1) + 1)


@pytest.mark.parametrize("fmt,text", [
    ("markdown", "Ketamine <b>cures</b> <i>depression</i>."),
    ("html", "<p>Ketamine <b>cures</b> <i>depression</i>.</p>"),
    ("html", "<p>Ketamine cures<!-- x --> depression.</p>"),
    ("markdown", "Ketamine **cures** *depression*."),
], ids=["md tags", "html tags", "html comment before a space", "md emphasis"])
def test_markup_between_words_keeps_the_word_boundary(fmt, text):
    from ketalint.api import lint_text
    from ketalint.readers import read_text
    assert re.fullmatch(r"\s*Ketamine\s+cures\s+depression\s*\.\s*", read_text(text, "a", fmt).prose)
    [finding] = [f for f in lint_text(text, fmt) if f.rule == "CLM201"]
    assert finding.text.startswith("cures") and finding.text.endswith("depression")


@pytest.mark.parametrize("fmt,word", [
    ("markdown", "cu*res"),        # a lone star: no emphasis
    ("markdown", "c_u_res"),       # "_" inside a word is never emphasis
    ("markdown", "cu`res`"),       # a code span is not prose
    ("markdown", "cu<br>res"),
    ("html", "cu<br>res"),
    ("html", "cu<p>res"),
    ("html", "cu<sup>res</sup>"),  # footnote letters, not part of the word
], ids=["lone star", "underscores", "code span", "md br", "html br", "html p", "html sup"])
def test_markup_that_is_not_only_styling_does_not_join_a_word(fmt, word):
    from ketalint.api import lint_text
    from ketalint.readers import read_text
    text = f"Ketamine {word} depression."
    assert "cures" not in read_text(text, "a", fmt).prose
    assert not [f for f in lint_text(text, fmt) if f.rule == "CLM201"]
