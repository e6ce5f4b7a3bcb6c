"""The approved-claims library (``claims-library:`` in config)."""
import json

import pytest
from click.testing import CliRunner

from ketalint.api import read_text
from ketalint.checker import Checker
from ketalint.cli import main
from ketalint.config import load_config

LIBRARY = """\
- id: AC-017
  claim: "In clinical trials, esketamine nasal spray reduced depressive symptoms in adults
    with treatment-resistant depression."
  references: ["Popova V et al. Am J Psychiatry 2019;176(6):428-438"]
  approved: 2024-03-18
- id: AC-018
  claim: Ketamine is FDA-approved for depression.
  references: [internal review 12]
  approved: 2024-03-18
"""

APPROVED = ("In clinical trials, esketamine nasal spray reduced depressive symptoms in adults "
            "with treatment-resistant depression.")
#: The approved claim as typeset copy has it: curly quotes, a non-breaking
#: hyphen, a non-breaking and a narrow space, and a citation marker.
TYPESET = ("In \u201cclinical trials,\u201d esketamine nasal\u00a0spray reduced depressive symptoms "
           "in adults with treatment\u2011resistant\u202fdepression [1].")
REWORDED = ("In clinical studies, esketamine nasal spray reduced depressive symptoms in adults "
            "with treatment-resistant depression.")
UNRELATED = "Studies show 70% of patients respond to ketamine."
WRONG_FACT = "Ketamine is FDA-approved for depression."


@pytest.fixture
def project(tmp_path):
    (tmp_path / "approved.yaml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / ".ketalint.yaml").write_text("claims-library: approved.yaml\n", encoding="utf-8")
    return tmp_path


def check_json(project, text):
    page = project / "page.md"
    page.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", "--no-cache",
                                       "--config", str(project / ".ketalint.yaml"), str(page)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def rules_on_line(findings, line):
    return {f["rule"] for f in findings if f["line"] == line}


def test_approved_sentence_passes_and_others_are_still_checked(project):
    text = "\n\n".join([APPROVED, REWORDED, UNRELATED, WRONG_FACT]) + "\n"
    findings = check_json(project, text)
    assert not {r for r in rules_on_line(findings, 1) if r.startswith(("CIT", "CLM"))}
    # The reworded claim drifted from AC-017, and is linted as any sentence.
    (drift,) = [f for f in findings if f["rule"] == "KTL101"]
    assert drift["line"] == 3 and "AC-017" in drift["message"]
    assert drift["text"] == REWORDED and drift["category"] == "claims-library"
    assert "CIT402" in rules_on_line(findings, 3)
    assert {"CIT401", "CIT402"} <= rules_on_line(findings, 5)
    # Approval by review does not make a wrong FDA fact right.
    assert "FDA101" in rules_on_line(findings, 7)


def test_typographic_variant_of_an_approved_claim_matches(project):
    text = TYPESET + "\n\n[1]: https://doi.org/10.1176/appi.ajp.2019.19020172\n"
    findings = check_json(project, text)
    assert not rules_on_line(findings, 1)


def test_without_the_library_the_same_sentence_is_flagged(project):
    (project / ".ketalint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    assert "CIT402" in rules_on_line(check_json(project, APPROVED + "\n"), 1)


def test_api_checker_with_the_config_applies_the_library(project, linter):
    config = load_config(str(project / ".ketalint.yaml"))
    checker = Checker(linter, list(linter.ruleset.rules), config, debug=True)
    result = checker.check(read_text(f"{APPROVED}\n\n{REWORDED}\n", "page.md", "markdown"))
    assert [f.rule for f in result.findings if f.line == 1] == []
    assert result.approved == [[0, len(APPROVED), "AC-017"]]
    assert "KTL101" in {f.rule for f in result.findings if f.line == 3}


def test_register_and_html_report_show_the_approval(project):
    page = project / "page.md"
    page.write_text(f"{APPROVED}\n\n{UNRELATED}\n", encoding="utf-8")
    config = ["--config", str(project / ".ketalint.yaml")]
    rows = json.loads(CliRunner().invoke(main, ["claims", "--format", "json", *config, str(page)]).stdout)
    assert {r["line"]: r["approved"] for r in rows["claims"]} == {1: "AC-017", 3: ""}
    report = project / "report.html"
    CliRunner().invoke(main, ["check", "--format", "html", "-o", str(report), *config, str(page)])
    assert report.read_text(encoding="utf-8").count('<span class="approved">approved: AC-017</span>') == 1


@pytest.mark.parametrize("library, line, message", [
    ('- id: A\n  claim: "unclosed\n', 3, "invalid YAML"),
    ("- id: A\n  claim: x\n  approved: 2024-01-01\n", 1, "claims[0]: missing references"),
    ("- id: A\n  claim: x\n  references: [r]\n  approved: soon\n", 4, "claims[0].approved: must be a date"),
    ("- id: A\n  claim: x\n  references: [r]\n  approved: 2024-01-01\n  owner: me\n", 5,
     "claims[0].owner: unknown key"),
    ("claims: {id: A}\n", 1, "must be a list"),
])
def test_a_broken_library_is_one_line_with_file_and_line_and_exit_2(tmp_path, library, line, message):
    (tmp_path / "lib.yaml").write_text(library, encoding="utf-8")
    (tmp_path / ".ketalint.yaml").write_text("claims-library: lib.yaml\n", encoding="utf-8")
    (tmp_path / "page.md").write_text("Text.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--config", str(tmp_path / ".ketalint.yaml"),
                                       str(tmp_path / "page.md")])
    assert result.exit_code == 2
    (error,) = result.stderr.strip().splitlines()
    assert error.startswith(f"ketalint: {tmp_path / 'lib.yaml'}:{line}: ") and message in error


def test_editing_the_library_is_seen_by_a_cached_run(project, tmp_path):
    page = project / "page.md"
    page.write_text(REWORDED + "\n", encoding="utf-8")
    args = ["check", "--format", "json", "--cache-dir", str(tmp_path / "cache"),
            "--config", str(project / ".ketalint.yaml"), str(page)]

    def rules():
        return {f["rule"] for f in json.loads(CliRunner().invoke(main, args).stdout)["findings"]}

    assert "KTL101" in rules()
    (project / "approved.yaml").write_text(LIBRARY.replace("In clinical trials", "In clinical studies"),
                                           encoding="utf-8")
    assert rules() == set()


def test_rules_lists_the_drift_rule_only_with_a_library(project, tmp_path):
    def listed(config):
        return CliRunner().invoke(main, ["rules", "--config", str(config)]).stdout

    assert "KTL101" in listed(project / ".ketalint.yaml")
    (tmp_path / "plain.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    assert "KTL101" not in listed(tmp_path / "plain.yaml")
