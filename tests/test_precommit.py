"""A real pre-commit run: the hook from .pre-commit-hooks.yaml, installed by
pre-commit from this checkout (try-repo), blocks a bad staged file and passes a
good one."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def pre_commit(repo, *files, home):
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "ketalint",
                           "--files", *files], cwd=repo, env=env, capture_output=True, text=True)


def test_hook_blocks_bad_copy_and_passes_good_copy(tmp_path):
    repo = tmp_path / "site"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    (repo / "bad.md").write_text("# Ketamine\n\nKetamine is FDA-approved for depression.\n")
    (repo / "good.md").write_text("# Ketamine\n\nKetamine is approved only as an anesthetic.\n")
    (repo / "notes.py").write_text("print('Ketamine cures depression')\n")
    git(repo, "add", ".")
    home = tmp_path / "pre-commit-home"
    bad = pre_commit(repo, "bad.md", home=home)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "FDA101" in bad.stdout
    good = pre_commit(repo, "good.md", "notes.py", home=home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
