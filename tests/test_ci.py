"""The GitHub Action (``action.yml``) and its helper, ``python -m ketalint.ci``."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from ketalint import ci

PAGE = "Ketamine is FDA-approved for depression.\n\nStudies show 70% of patients respond.\n"


def action_step(step_id: str) -> dict:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return next(s for s in action["runs"]["steps"] if s.get("id") == step_id)


def run_check_step(tmp_path, **inputs) -> subprocess.CompletedProcess:
    """The action's check step in bash, as the runner runs it: its env with
    the given inputs (the rest as action.yml defaults them), the installed
    ketalint first on PATH, and a fake GITHUB_STEP_SUMMARY."""
    step = action_step("check")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "KETALINT_PATHS": ".", "KETALINT_CHANGED_ONLY": "false", "KETALINT_BASE_REF": "origin/main",
           "KETALINT_SARIF_FILE": "", "KETALINT_FAIL_ON": "", "KETALINT_CONFIG": "",
           "KETALINT_REPORT": str(tmp_path / "ketalint.json")}
    assert set(step["env"]) <= set(env)
    env.update({f"KETALINT_{k.upper().replace('-', '_')}": v for k, v in inputs.items()})
    return subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path / "site", env=env,
                          capture_output=True, text=True)


@pytest.mark.slow  # runs the check step in subprocesses (4-5 s): with the slow checks
def test_the_check_step_writes_summary_and_sarif_and_fails_on_findings(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "site" / "clean.md").write_text("Our clinic is open on Mondays.\n", encoding="utf-8")
    run = run_check_step(tmp_path, paths="page.md\nclean.md", sarif_file=str(tmp_path / "out.sarif"),
                         fail_on="error")
    assert run.returncode == 1, run.stderr  # FDA101 is an error
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## ketalint\n")
    assert "| FDA101 | " in summary and "| CIT401 | " in summary and " in 1 file." in summary
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"FDA101", "CIT401"}
    clean = run_check_step(tmp_path, paths="clean.md")
    assert clean.returncode == 0, clean.stderr
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").endswith("No findings.\n")


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=cwd, check=True, capture_output=True)


def test_changed_files_are_the_pull_requests_copy(tmp_path, capsys):
    git(tmp_path, "init", "-q", "-b", "main")
    for name in ("old.md", "gone.md", "same.md"):
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    git(tmp_path, "checkout", "-qb", "pr")
    (tmp_path / "old.md").write_text("Changed.\n", encoding="utf-8")
    (tmp_path / "new page.md").write_text("New.\n", encoding="utf-8")
    (tmp_path / "script.py").write_text("print()\n", encoding="utf-8")
    (tmp_path / "gone.md").unlink()
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "change")
    assert ci.changed_files("main", str(tmp_path)) == ["new page.md", "old.md"]


def test_summary_of_a_report_and_errors_are_one_line(tmp_path, capsys):
    report = tmp_path / "r.json"
    report.write_text(json.dumps({"findings": [
        {"rule": "CIT401", "name": "uncited-statistic", "severity": "warning", "path": "a.md"},
        {"rule": "CIT401", "name": "uncited-statistic", "severity": "warning", "path": "b.md"},
        {"rule": "FDA101", "name": "x", "severity": "error", "path": "a.md"}],
        "errors": [{"path": "c.md", "message": "cannot read: denied"}]}), encoding="utf-8")
    out = tmp_path / "summary.md"
    out.write_text("earlier step\n", encoding="utf-8")
    assert ci.main(["summary", str(report), "--summary-file", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## ketalint\n\n3 findings (1 error, 2 warnings) in 2 files; 1 file with errors.")
    assert "| CIT401 | uncited-statistic | warning | 2 |\n| FDA101 | x | error | 1 |" in text
    assert "- `c.md`: cannot read: denied" in text
    report.write_text("{broken", encoding="utf-8")
    capsys.readouterr()
    assert ci.main(["summary", str(report), "--summary-file", str(out)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"ketalint: {report}: not a ketalint JSON report")
    report.write_text('{"findings": [{"rule": "CIT401"}]}', encoding="utf-8")
    assert ci.main(["summary", str(report)]) == 2
    assert "not a ketalint JSON report" in capsys.readouterr().err
    assert ci.main(["changed-files", "--base", "no-such-ref"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("ketalint: git diff no-such-ref...HEAD failed: ")
