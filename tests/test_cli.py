"""The command line: formats, exit codes, stdin, rules and explain."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_rule_pack
from ketalint.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "fixtures" / "examples"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_check_text_output_and_exit_1():
    result = run("check", str(EXAMPLES / "clinic-landing.md"))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{EXAMPLES / 'clinic-landing.md'}:1:1: error ")
    assert "^^^" in result.output and "suggestion:" in result.output
    assert result.output.rstrip().splitlines()[-1].endswith("in 1 file")


def test_check_clean_file_exits_0():
    result = run("check", str(EXAMPLES / "leaflet-balanced.md"))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "No findings."


def test_json_output_shape():
    result = run("check", "--format", "json", str(EXAMPLES / "clinic-landing.md"))
    data = json.loads(result.output)
    assert set(data) == {"version", "findings", "errors"}
    source = (EXAMPLES / "clinic-landing.md").read_text(encoding="utf-8")
    keys = {"path", "start", "end", "line", "column", "end_line", "end_column", "rule", "name",
            "category", "severity", "scope", "message", "suggestion", "text"}
    for f in data["findings"]:
        assert set(f) == keys
        assert source[f["start"]:f["end"]] == f["text"]
    scopes = {f["rule"]: f["scope"] for f in data["findings"]}
    assert scopes["RSK301"] == "document" and scopes["FDA102"] == "span"


def test_fail_on_threshold():
    clean_of_errors = "Studies show ketamine helps some people.\n"
    assert run("check", "-", input=clean_of_errors).exit_code == 1
    assert run("check", "--fail-on", "error", "-", input=clean_of_errors).exit_code == 0


def test_stdin_with_filename_picks_format_and_path():
    text = "Results:[1]\n  • 52% of patients improved\n"
    result = run("check", "--format", "json", "--stdin-filename", "page.txt", "-", input=text)
    data = json.loads(result.output)
    assert all(f["path"] == "page.txt" for f in data["findings"])
    assert not [f for f in data["findings"] if f["rule"] == "CIT401"]  # lead-in cites


def test_directory_walk_skips_hidden_and_unknown(tmp_path):
    (tmp_path / "a.md").write_text("Ketamine cures depression.\n")
    (tmp_path / "b.txt").write_text("Ketamine is completely safe.\n")
    (tmp_path / "c.py").write_text("Ketamine cures depression.\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.md").write_text("Ketamine cures depression.\n")
    data = json.loads(run("check", "--format", "json", str(tmp_path)).output)
    assert sorted({Path(f["path"]).name for f in data["findings"]}) == ["a.md", "b.txt"]


def test_unreadable_input_reports_one_line_and_exit_2(tmp_path):
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "ok.md").write_text("Ketamine cures depression.\n")
    result = run("check", str(tmp_path / "bin.md"), str(tmp_path / "ok.md"), str(tmp_path / "nope.md"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'bin.md'}: cannot read: binary file" in result.output
    assert f"{tmp_path / 'nope.md'}: no such file or directory" in result.output
    assert "CLM201" in result.output  # the good file is still linted
    assert "Traceback" not in result.output


def test_rules_and_explain():
    listing = run("rules")
    assert listing.exit_code == 0 and "FDA101" in listing.output and "CIT401" in listing.output
    assert "KTL001  warning suppression" in listing.output and "KTL003" not in listing.output
    listed = {r["id"] for r in json.loads(run("rules", "--format", "json").stdout)}
    assert {"KTL001", "KTL002", "KTL004"} <= listed
    page = run("explain", "FDA101")
    assert page.exit_code == 0
    for heading in ("What it flags:", "Why it matters:", "Sources:", "Flagged:", "Not flagged:"):
        assert heading in page.output
    assert run("explain", "cure-claim").exit_code == 0
    unknown = run("explain", "XYZ999")
    assert unknown.exit_code == 2 and "unknown rule" in unknown.output


@pytest.mark.slow  # explains every rule of the pack (4-5 s): with the slow checks
def test_explain_every_rule_prints_rationale_sources_examples():
    from ketalint.rules import load_ruleset
    for rule in load_ruleset().rules:
        out = run("explain", rule.id).output
        assert " ".join(rule.rationale.split())[:40] in " ".join(out.split())
        assert rule.references[0] in out
        assert rule.examples["flag"][0].splitlines()[0][:30] in out


def test_broken_user_pack_is_refused_with_file_and_line(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "mine.yaml").write_text("rules:\n  - id: CLM901\n    name: x\n   bad: [\n")
    result = run("check", "--rules", str(pack), str(EXAMPLES / "leaflet-balanced.md"))
    assert result.exit_code == 2
    assert "mine.yaml:" in result.output and "invalid YAML" in result.output
    assert "Traceback" not in result.output


def test_user_pack_adds_rules(tmp_path):
    pack = write_rule_pack(tmp_path, "CLM901", "house-no-miracle", r"\bmiraculous\b",
                           examples="{flag: [A miraculous drug.], pass: [A useful drug.]}")
    result = run("check", "--rules", str(pack), "-", input="Ketamine is a miraculous drug.\n")
    assert "CLM901" in result.output


def test_a_pattern_that_stops_inside_a_word_underlines_the_whole_word(tmp_path):
    """As Vale's position bugs showed, a span cut inside a word misleads:
    a house rule ending at a digit or a word's stem underlines the whole."""
    pack = write_rule_pack(tmp_path, "CLM902", "house-rates", r"\bcure rate of \d|\bmiracul",
                           examples="{flag: [A cure rate of 9 in 10.], pass: [A useful drug.]}")
    result = run("check", "--rules", str(pack), "--format", "json", "-",
                 input="Ketamine has a cure rate of 85%. The result is miraculous.\n")
    found = {f["text"] for f in json.loads(result.output)["findings"] if f["rule"] == "CLM902"}
    assert found == {"cure rate of 85%", "miraculous"}


def test_version_and_module_entry_point():
    import subprocess
    import sys
    assert run("--version").output.startswith("ketalint, version ")
    out = subprocess.run([sys.executable, "-m", "ketalint", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "check" in out.stdout


def test_library_and_command_line_report_the_same_findings(tmp_path):
    from ketalint.api import Linter
    texts = {
        "plain": "Ketamine is FDA-approved for depression. Ketamine cures anxiety.\n",
        "suppressed": ("<!-- ketalint-disable-next-line FDA101 -- quoted from a 2019 complaint -->\n"
                       "Ketamine is FDA-approved for depression. Ketamine cures anxiety.\n\n"
                       "<!-- ketalint-disable-next-line CLM205 -->\nPlain words.\n"),
    }
    linter = Linter()
    for name, text in texts.items():
        page = tmp_path / f"{name}.md"
        page.write_text(text)
        data = json.loads(run("check", "--no-cache", "--format", "json", str(page)).stdout)
        cli = sorted((f["rule"], f["start"], f["end"]) for f in data["findings"])
        library = sorted((f.rule, f.start, f.end) for f in linter.lint_text(text, path=str(page)))
        assert library == cli, name
    rules = {rule for rule, _, _ in cli}  # of the suppressed text
    assert "FDA101" not in rules and {"CLM201", "KTL001"} <= rules


def test_a_folder_with_no_file_to_check_is_a_warning(tmp_path):
    (tmp_path / "notes.py").write_text("print('Ketamine cures depression')\n")
    result = run("check", str(tmp_path))
    assert result.exit_code == 0
    assert f"ketalint: warning: no file to check in {tmp_path}" in result.stderr
    assert "no file to check" not in run("check", str(EXAMPLES)).stderr


def _messages(text: str) -> dict[str, list[str]]:
    """Rule id -> the messages ``check`` prints for ``text`` (JSON output)."""
    result = run("check", "--format", "json", "--stdin-filename", "page.md", "-", input=text)
    by_rule: dict[str, list[str]] = {}
    for f in json.loads(result.output)["findings"]:
        by_rule.setdefault(f["rule"], []).append(f["message"])
    return by_rule


def test_messages_name_the_product_their_copy_is_about():
    spravato = _messages("# Spravato\n\nSpravato carries virtually no risk. Book your Spravato session today. "
                         "Spravato relieves depression within hours. Spravato was FDA-approved in 1970. "
                         "Get Spravato online, with no in-person visit ever needed.\n")
    ketamine = _messages("# Ketamine infusions\n\nKetamine infusions carry virtually no risk. Book your infusion "
                         "today. Ketamine relieves depression within hours. Ketamine has been FDA-approved "
                         "since the 1960s. Get ketamine online, with no in-person visit ever needed.\n")
    # Where each rule's message names the product.
    wording = {"RSK301": "promotes {} treatment", "RSK302": "the risks of {}.",
               "FDA108": "wrong for {} and", "FDA119": "prescribing {} without"}
    for rule, phrase in wording.items():
        (on_spravato,), (on_ketamine,) = spravato[rule], ketamine[rule]
        assert phrase.format("esketamine (Spravato)") in on_spravato, on_spravato
        assert phrase.format("ketamine") in on_ketamine, on_ketamine


def test_a_message_names_the_product_nearest_its_finding():
    # The sentence names two products: the finding is about the one before it.
    (message,) = _messages("Unlike ketamine infusions, Spravato carries virtually no risk.\n")["RSK302"]
    assert "the risks of esketamine (Spravato)" in message
