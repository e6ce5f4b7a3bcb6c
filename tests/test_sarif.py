"""SARIF output validates against the SARIF 2.1.0 schema shipped in tests/data."""
import json

import jsonschema
from click.testing import CliRunner

from conftest import ROOT
from ketalint.cli import main
from ketalint.rules import load_ruleset

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


def sarif(*paths):
    result = CliRunner().invoke(main, ["check", "--format", "sarif", *map(str, paths)])
    return json.loads(result.output)


def test_sarif_of_a_fixture_run_validates():
    log = sarif(ROOT / "fixtures" / "examples", ROOT / "fixtures" / "stress")
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["results"], "the fixtures have findings"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert set(r.id for r in load_ruleset().rules) <= set(rule_ids)  # every rule in force
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels.get("CIT405", "note") == "note" and levels["FDA101"] == "error"


def test_sarif_fingerprints_are_stable_across_runs(tmp_path):
    page = tmp_path / "a.md"
    page.write_text("Ketamine cures depression.\n")
    first = sarif(page)["runs"][0]["results"]
    page.write_text("# Title\n\nIntro.\n\nKetamine cures depression.\n")
    second = sarif(page)["runs"][0]["results"]
    prints = lambda results: {r["ruleId"]: r["partialFingerprints"] for r in results}  # noqa: E731
    assert prints(first)["CLM201"] == prints(second)["CLM201"]


def test_unreadable_files_are_tool_execution_notifications(tmp_path):
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "ok.md").write_text("Ketamine cures depression.\n")
    result = CliRunner().invoke(main, ["check", "--format", "sarif", str(tmp_path / "bin.md"),
                                       str(tmp_path / "ok.md"), str(tmp_path / "gone.md")])
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    invocation, = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]:
             n["message"]["text"] for n in invocation["toolExecutionNotifications"]}
    assert notes["bin.md"].startswith("cannot read: binary file")
    assert notes["gone.md"] == "no such file or directory"
    clean = json.loads(CliRunner().invoke(main, ["check", "--format", "sarif", str(tmp_path / "ok.md")]).stdout)
    assert clean["runs"][0]["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
