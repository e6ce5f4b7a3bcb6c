"""Packaging: the wheel carries the rule packs and runs from a non-editable
install; the README's commands are the ones CI runs."""
import os
import re
import subprocess
import sys
import sysconfig
import venv

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(dist), str(ROOT)], check=True, capture_output=True)
    (wheel,) = dist.glob("ketalint-*.whl")
    import zipfile
    names = zipfile.ZipFile(wheel).namelist()
    assert "ketalint/packs/ketamine/facts.yaml" in names
    assert "ketalint/packs/ketamine/fda-status.yaml" in names

    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    # Dependencies come from the test environment; ketalint itself from the wheel.
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    with open(os.path.join(site, "deps.pth"), "w") as fh:
        fh.write(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", str(wheel)],
                   check=True, capture_output=True)
    sample = tmp_path / "page.md"
    sample.write_text("Ketamine is FDA-approved for depression.\n")
    out = subprocess.run([str(bindir / "ketalint"), "check", "--format", "json", str(sample)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    assert '"rule": "FDA101"' in out.stdout
    where = subprocess.run([str(python), "-c", "import ketalint; print(ketalint.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert str(env_dir) in where  # the wheel's copy, not the checkout's


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv .venv && [^\n]+)\n```", text)


def test_readme_has_the_two_commands_and_ci_runs_the_test_command():
    commands = readme_commands()
    assert len(commands) == 2
    run_example, run_tests = commands
    assert "ketalint check fixtures/" in run_example
    assert (ROOT / run_example.split("ketalint check ")[1].split()[0]).exists()
    assert "pytest" in run_tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert run_tests in ci.splitlines()


def test_pre_commit_hook_definition_takes_every_format_ketalint_reads():
    import yaml
    from ketalint.readers import EXTENSIONS
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "ketalint" and hook["language"] == "python"
    assert hook["entry"] == "ketalint check" and hook["require_serial"] is True
    assert "types_or" not in hook and hook["types"] == ["file"]
    files = re.compile(hook["files"])
    for ext in EXTENSIONS:
        assert files.search(f"site/page{ext}") and files.search(f"PAGE{ext.upper()}"), ext
    assert not files.search("tool.py") and not files.search("page.md.bak")
