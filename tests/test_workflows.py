"""Workflow features through the CLI: config, suppressions, baseline, formats."""
import json
import os
from pathlib import Path

from click.testing import CliRunner

from ketalint.cli import main
from ketalint.reporters.github import escape_data, escape_property, unescape

BAD = "Ketamine cures depression.\n\nKetamine is completely safe.\n"


def run(*args, cwd=None, input=None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), input=input)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), input=input)
    finally:
        os.chdir(old)


def rules_of(result, prefix=("CLM201", "CLM205", "KTL")):
    """Span findings of the rules these tests exercise."""
    return sorted(f["rule"] for f in json.loads(result.stdout)["findings"]
                  if f["scope"] == "span" and f["rule"].startswith(prefix))


# -- configuration ----------------------------------------------------------------

def test_config_found_upward_and_applied(tmp_path):
    (tmp_path / ".ketalint.yaml").write_text(
        "select: [CLM]\nignore: [CLM205]\nseverity: {CLM201: info}\nfail-on: error\n")
    sub = tmp_path / "content" / "pages"
    sub.mkdir(parents=True)
    (sub / "a.md").write_text(BAD)
    result = run("check", "--format", "json", "a.md", cwd=sub)
    findings = [f for f in json.loads(result.output)["findings"] if f["rule"].startswith("CLM20")]
    assert [f["rule"] for f in findings] == ["CLM201"]
    assert findings[0]["severity"] == "info"
    assert result.exit_code == 0  # info is below fail-on: error


def test_cli_overrides_config_and_config_show_names_sources(tmp_path):
    (tmp_path / ".ketalint.yaml").write_text("fail-on: error\nselect: [CLM201]\n")
    (tmp_path / "a.md").write_text(BAD)
    assert run("check", "--fail-on", "warning", "a.md", cwd=tmp_path).exit_code == 1
    shown = run("config", "show", cwd=tmp_path).output
    assert "select: [CLM201]" in shown and ".ketalint.yaml:2" in shown
    assert "ignore: []" in shown and "from default" in shown
    import yaml
    settings = yaml.safe_load(shown)  # valid YAML, comments and all
    assert settings["select"] == ["CLM201"] and settings["fail-on"] == "error"
    assert settings["require-reason"] is False and settings["per-path-ignores"] == {}


def test_pyproject_table_and_explicit_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.ketalint]\nignore = ["CLM"]\n')
    (tmp_path / "a.md").write_text(BAD)
    assert rules_of(run("check", "--format", "json", "a.md", cwd=tmp_path)) == []
    other = tmp_path / "strict.yaml"
    other.write_text("select: [CLM205]\n")
    assert rules_of(run("check", "--config", str(other), "--format", "json", "a.md", cwd=tmp_path)) == ["CLM205"]


def test_unknown_config_key_is_an_error_with_line(tmp_path):
    (tmp_path / ".ketalint.yaml").write_text("fail-on: error\ncolour: red\n")
    (tmp_path / "a.md").write_text(BAD)
    result = run("check", "a.md", cwd=tmp_path)
    assert result.exit_code == 2
    assert ".ketalint.yaml:2: colour: unknown key" in result.output


def test_selectors_matching_no_rule_are_errors_with_file_and_line(tmp_path):
    (tmp_path / ".ketalint.yaml").write_text(
        "fail-on: error\nselect: [FDA1O1]\nignore:\n  - XYZ999\nseverity: {CIT9: info}\n")
    (tmp_path / "a.md").write_text(BAD)
    result = run("check", "a.md", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing is checked
    assert result.stderr.splitlines() == [
        f"ketalint: {tmp_path / '.ketalint.yaml'}:2: select: 'FDA1O1' matches no rule (see 'ketalint rules')",
        f"ketalint: {tmp_path / '.ketalint.yaml'}:3: ignore: 'XYZ999' matches no rule (see 'ketalint rules')",
        f"ketalint: {tmp_path / '.ketalint.yaml'}:5: severity: 'CIT9' matches no rule (see 'ketalint rules')"]


def test_command_line_selectors(tmp_path):
    (tmp_path / "a.md").write_text(BAD)
    typo = run("check", "--select", "CLM201,FDA1O1", "--ignore", "KTL9", "a.md", cwd=tmp_path)
    assert typo.exit_code == 2 and typo.stdout == ""
    assert "--select: 'FDA1O1' matches no rule" in typo.stderr
    assert "--ignore: 'KTL9' matches no rule" in typo.stderr
    (tmp_path / ".ketalint.yaml").write_text("select: [CLM205]\n")
    only = run("check", "--format", "json", "--select", "CLM201", "a.md", cwd=tmp_path)
    assert rules_of(only) == ["CLM201"]
    extended = run("check", "--format", "json", "--extend-select", "CLM201", "a.md", cwd=tmp_path)
    assert rules_of(extended) == ["CLM201", "CLM205"]
    ignored = run("check", "--format", "json", "--extend-select", "CLM201", "--ignore", "CLM205",
                  "a.md", cwd=tmp_path)
    assert rules_of(ignored) == ["CLM201"]
    listed = run("rules", "--select", "unsupported-claim", "--ignore", "CLM201", cwd=tmp_path)
    assert "CLM205" in listed.output and "CLM201" not in listed.output


def test_globs_matching_nothing_are_reported(tmp_path):
    (tmp_path / ".ketalint.yaml").write_text("per-path-ignores: {'press/**': [CIT402]}\n")
    (tmp_path / "a.md").write_text(BAD)
    result = run("check", ".", cwd=tmp_path)
    assert "'press/**' matches no file" in result.output


def test_include_exclude_and_per_path_ignores(tmp_path):
    (tmp_path / ".ketalint.yaml").write_text(
        "exclude: ['drafts/**']\nper-path-ignores: {'news/*': [CLM, RSK]}\n")
    for folder in ("drafts", "news", "pages"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.md").write_text(BAD)
    data = json.loads(run("check", "--format", "json", ".", cwd=tmp_path).output)
    paths = {Path(f["path"]).parent.name for f in data["findings"]}
    assert paths == {"pages"}


def test_init_writes_a_starter_config_and_never_overwrites(tmp_path):
    assert run("init", cwd=tmp_path).exit_code == 0
    text = (tmp_path / ".ketalint.yaml").read_text()
    assert text.startswith("# ketalint configuration") and "fail-on: warning" in text
    assert run("init", cwd=tmp_path).exit_code == 2
    assert run("config", "show", cwd=tmp_path).exit_code == 0


# -- suppression --------------------------------------------------------------------

def test_disable_next_line_with_reason_and_show_suppressed(tmp_path):
    page = tmp_path / "a.md"
    page.write_text("<!-- ketalint-disable-next-line CLM201 -- quoting a patient -->\n"
                    "Ketamine cures depression.\n\nKetamine cures anxiety.\n")
    data = json.loads(run("check", "--format", "json", "--show-suppressed", str(page)).output)
    assert [(f["rule"], f["line"]) for f in data["findings"] if f["rule"] == "CLM201"] == [("CLM201", 4)]
    (suppressed,) = data["suppressed"]
    assert suppressed["line"] == 2 and suppressed["reason"] == "quoting a patient"
    text = run("check", "--show-suppressed", str(page)).output
    assert "Suppressed:" in text and "quoting a patient" in text


def test_show_suppressed_in_every_format(tmp_path):
    import xml.etree.ElementTree as ET
    from ketalint.reporters import FORMATS
    page = tmp_path / "a.md"
    page.write_text("<!-- ketalint-disable-next-line CLM201 -- quoting a patient -->\n"
                    "Ketamine cures depression.\n")
    shown = {fmt: run("check", "--format", fmt, "--show-suppressed", str(page)).stdout for fmt in FORMATS}
    for fmt, output in shown.items():
        assert "quoting a patient" in output, fmt
    hidden = {fmt: run("check", "--format", fmt, str(page)).stdout for fmt in FORMATS if fmt != "html"}
    assert not [fmt for fmt, output in hidden.items() if "quoting a patient" in output]
    sarif = json.loads(shown["sarif"])["runs"][0]["results"]
    (suppressed,) = [r for r in sarif if "suppressions" in r]
    assert suppressed["ruleId"] == "CLM201"
    assert suppressed["suppressions"][0]["kind"] == "inSource"
    assert suppressed["suppressions"][0]["justification"] == "quoting a patient"
    junit = ET.fromstring(shown["junit"])
    assert junit.get("skipped") == "1" and junit.find(".//skipped") is not None
    (issue,) = [i for i in json.loads(shown["gitlab"]) if i["check_name"] == "CLM201"]
    assert issue["severity"] == "info"


def test_ranges_file_level_and_directive_findings(tmp_path):
    page = tmp_path / "a.md"
    page.write_text(
        "<!-- ketalint-disable-file CLM205 -- safety language reviewed by legal -->\n"
        "<!-- ketalint-disable CLM201 -- testimonials -->\n"
        "Ketamine cures depression.\n"
        "<!-- ketalint-enable CLM201 -->\n\n"
        "Ketamine cures anxiety. Ketamine is completely safe.\n\n"
        "<!-- ketalint-disable-next-line CIT401 -- nothing here -->\n"
        "A plain sentence.\n\n"
        "<!-- ketalint-disable CLM203 -->\n"
        "<!-- ketalint-disable-next-line -->\n"
        "Plain words.\n")
    result = run("check", "--format", "json", "--require-reason", str(page))
    found = sorted((f["rule"], f["line"]) for f in json.loads(result.output)["findings"])
    assert ("CLM201", 6) in found                       # after the range closed
    assert not [r for r, line in found if r == "CLM205"]  # file-level
    assert ("KTL001", 8) in found   # suppressed nothing
    assert ("KTL002", 11) in found  # never enabled
    assert ("KTL003", 11) in found  # no reason, with --require-reason
    assert ("KTL004", 12) in found  # no rule named


def test_directive_in_code_is_not_a_directive(tmp_path):
    page = tmp_path / "a.md"
    page.write_text("```\n<!-- ketalint-disable-next-line CLM201 -->\n```\nKetamine cures depression.\n")
    assert rules_of(run("check", "--format", "json", str(page))) == ["CLM201"]


def test_plain_text_directives(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("<!-- ketalint-disable-next-line CLM201 -- quote -->\nKetamine cures depression.\n")
    assert rules_of(run("check", "--format", "json", str(page))) == []


# -- baseline -----------------------------------------------------------------------

def test_baseline_survives_shifts_and_catches_changes(tmp_path):
    page = tmp_path / "a.md"
    page.write_text(BAD)
    base = tmp_path / "baseline.json"
    assert run("baseline", "write", str(base), str(page)).exit_code == 0
    assert json.loads(base.read_text())["version"] == 1
    assert run("check", "--baseline", str(base), str(page)).exit_code == 0
    page.write_text("# New heading\n\nA new intro paragraph.\n\n" + BAD)  # lines shift
    assert rules_of(run("check", "--format", "json", "--baseline", str(base), str(page))) == []
    page.write_text(BAD.replace("cures depression", "cures anxiety"))  # flagged text changes
    changed = run("check", "--format", "json", "--baseline", str(base), str(page))
    assert rules_of(changed, ("CLM201",)) == ["CLM201"]


def test_bad_baseline_file_is_a_clear_error(tmp_path):
    base = tmp_path / "baseline.json"
    base.write_text("{not json")
    (tmp_path / "a.md").write_text(BAD)
    result = run("check", "--baseline", str(base), str(tmp_path / "a.md"))
    assert result.exit_code == 2 and "invalid baseline JSON" in result.output


# -- formats ------------------------------------------------------------------------

def test_github_annotation_escaping_round_trips():
    message = "100% sure: a, b\nnext line\r"
    assert unescape(escape_data(message)) == message
    assert unescape(escape_property("path,with:colon%.md")) == "path,with:colon%.md"
    assert "%" not in escape_property("a:b,c").replace("%3A", "").replace("%2C", "")


def test_github_format(tmp_path):
    page = tmp_path / "a, b.md"
    page.write_text(BAD)
    out = run("check", "--format", "github", str(page)).output.splitlines()
    cure = next(line for line in out if "title=ketalint CLM201::" in line)
    assert cure.startswith("::error file=") and "%2C b.md,line=1,col=10," in cure
    assert out[-1].startswith("ketalint: ") and " findings (" in out[-1]


def test_no_format_says_no_findings_when_a_path_was_not_checked(tmp_path):
    (tmp_path / "clean.md").write_text("Plain words.\n")
    paths = [str(tmp_path / "clean.md"), str(tmp_path / "gone.md")]
    for fmt in ("text", "concise", "github"):
        result = run("check", "--format", fmt, *paths)
        assert result.exit_code == 2, fmt
        assert "No findings." not in result.output, (fmt, result.output)
        assert result.stdout.splitlines()[-1].endswith("1 file with errors; no findings in the others."), fmt
    github = run("check", "--format", "github", *paths).stdout.splitlines()
    assert f"::error file={escape_property(paths[1])},title=ketalint::no such file or directory" in github


def test_junit_lists_each_file_once_with_messages_and_stable_names(tmp_path):
    import xml.etree.ElementTree as ET
    (tmp_path / "bin.md").write_bytes(b"\x00\x01PNG")
    page = tmp_path / "a.md"
    page.write_text("Ketamine cures depression.\n\nKetamine cures depression.\n")
    paths = [str(tmp_path / "bin.md"), str(page), str(tmp_path / "gone.md")]
    root = ET.fromstring(run("check", "--format", "junit", *paths).stdout)
    suites = {s.get("name"): s for s in root}
    assert sorted(suites) == sorted(paths)  # each file once
    assert (suites[paths[0]].get("tests"), suites[paths[0]].get("errors")) == ("1", "1")
    assert suites[paths[2]].find("testcase/error").get("message") == "no such file or directory"
    cures = [c for c in suites[paths[1]] if c.get("name").startswith("CLM201")]
    assert [c.get("name") for c in cures] == ['CLM201 cure-claim: "cures depression"',
                                             'CLM201 cure-claim: "cures depression" #2']
    failure = cures[0].find("failure")
    assert failure.get("message") in failure.text and "presents ketamine as a cure" in failure.text
    total = sum(int(s.get("tests")) for s in root)
    assert root.get("tests") == str(total) and root.get("errors") == "2"
    assert root.get("failures") == str(sum(int(s.get("failures")) for s in root))
    page.write_text("# Moved\n\n" + page.read_text())  # lines move, names stay
    moved = ET.fromstring(run("check", "--format", "junit", str(page)).stdout)
    assert {c.get("name") for c in moved.iter("testcase")} >= {c.get("name") for c in cures}


def test_gitlab_code_quality_report(tmp_path):
    (tmp_path / ".ketalint.yaml").write_text("fail-on: error\n")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.md").write_text(BAD)
    result = run("check", "--format", "gitlab", "a.md", "gone.md", cwd=tmp_path / "pages")
    assert result.exit_code == 2
    issues = json.loads(result.stdout)
    cure = next(i for i in issues if i["check_name"] == "CLM201")
    assert cure["location"] == {"path": "pages/a.md", "lines": {"begin": 1}}
    assert cure["severity"] == "major" and "cure" in cure["description"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    error, = [i for i in issues if i["check_name"] == "ketalint-error"]
    assert error["severity"] == "blocker" and error["location"]["path"] == "pages/gone.md"


def test_concise_junit_and_output_file(tmp_path):
    page = tmp_path / "a.md"
    page.write_text(BAD)
    concise = run("check", "--format", "concise", str(page)).output.splitlines()
    cure = next(line for line in concise if " CLM201 " in line)
    assert cure == f"{page}:1:10: error CLM201 " + cure.split(" CLM201 ")[1]
    report = tmp_path / "report.xml"
    result = run("check", "--format", "junit", "--output", str(report), str(page))
    assert result.output == "" and result.exit_code == 1
    import xml.etree.ElementTree as ET
    root = ET.parse(report).getroot()
    assert root.tag == "testsuites" and int(root.get("failures")) >= 2
    assert not list(tmp_path.glob(".ketalint-*"))  # no temp file left behind


def test_no_color_when_piped_or_no_color():
    result = run("check", "-", input=BAD)
    assert "\x1b[" not in result.output


def test_color_option_and_environment(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    coloured = lambda *args: "\x1b[" in run("check", *args, "-", input=BAD).stdout  # noqa: E731
    assert coloured("--color", "always") and not coloured("--color", "never") and not coloured()
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert coloured() and not coloured("--color", "never")
    assert not coloured("--format", "concise")  # only the text format has colour
    monkeypatch.setenv("FORCE_COLOR", "0")
    assert not coloured()
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not coloured() and coloured("--color", "always")


def test_exit_zero_and_statistics(tmp_path):
    page = tmp_path / "a.md"
    page.write_text(BAD + "\nKetamine cures anxiety.\n")
    assert run("check", "--exit-zero", str(page)).exit_code == 0
    assert run("check", "--exit-zero", str(page), str(tmp_path / "gone.md")).exit_code == 2
    stats = run("check", "--statistics", str(page))
    assert stats.exit_code == 1
    lines = stats.stdout.splitlines()
    assert lines[0].split() == ["2", "CLM201", "error", "cure-claim"]
    assert "^" not in stats.stdout and lines[-1].endswith("in 1 file")
    refused = run("check", "--statistics", "--format", "json", str(page))
    assert refused.exit_code == 2 and "--statistics works with --format text or concise" in refused.stderr
