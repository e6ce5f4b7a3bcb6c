"""A real pre-commit run: the hook from .pre-commit-hooks.yaml, installed by
pre-commit from this checkout (try-repo), blocks bad staged files in every
format ketalint reads (Markdown, HTML, MDX, Word) and passes good ones.

The first run builds the hook's environment (a pip install of ketalint and
spaCy, most of this test's time), so conftest starts it as soon as the suite is
collected and it overlaps the other tests; the test then waits for it.
"""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")]

_FIRST_RUN: dict = {}
BAD_FILES = ("bad.md", "bad.html", "bad.mdx", "bad.docx")


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def make_site(root: Path) -> Path:
    repo = root / "site"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    bad, good = "Ketamine is FDA-approved for depression.", "Ketamine is approved only as an anesthetic."
    for name, text in (("bad", bad), ("good", good)):
        (repo / f"{name}.md").write_text(f"# Ketamine\n\n{text}\n")
        (repo / f"{name}.html").write_text(f"<html><body><h1>Ketamine</h1><p>{text}</p></body></html>\n")
        (repo / f"{name}.mdx").write_text(f"import X from './x'\n\n# Ketamine\n\n<Callout>{text}</Callout>\n")
        document = docx.Document()
        document.add_heading("Ketamine", 1)
        document.add_paragraph(text)
        document.save(repo / f"{name}.docx")
    (repo / "notes.py").write_text("print('Ketamine cures depression')\n")
    git(repo, "add", ".")
    return repo


def pre_commit_command(*files):
    return [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "ketalint", "--files", *files]


def pre_commit_env(home: Path) -> dict:
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}


def start_first_run() -> None:
    """Start the run on the bad file in the background (called by conftest)."""
    if _FIRST_RUN or shutil.which("git") is None:
        return
    root = Path(tempfile.mkdtemp(prefix="ketalint-precommit-"))
    atexit.register(shutil.rmtree, root, True)
    repo = make_site(root)
    output = open(root / "output.txt", "w+")
    process = subprocess.Popen(pre_commit_command(*BAD_FILES), cwd=repo, env=pre_commit_env(root / "home"),
                               stdout=output, stderr=subprocess.STDOUT, text=True)
    atexit.register(lambda: process.poll() is None and process.kill())  # an interrupted suite
    _FIRST_RUN.update(root=root, repo=repo, output=output, process=process)


def test_hook_blocks_bad_copy_and_passes_good_copy():
    start_first_run()  # already running unless this test runs on its own
    process, output = _FIRST_RUN["process"], _FIRST_RUN["output"]
    process.wait(timeout=900)
    output.seek(0)
    bad = output.read()
    output.close()
    assert process.returncode == 1, bad
    for name in BAD_FILES:
        assert f"{name}:" in bad and "FDA101" in bad, (name, bad)
    good = subprocess.run(pre_commit_command(*(f.replace("bad", "good") for f in BAD_FILES), "notes.py"), cwd=_FIRST_RUN["repo"],
                          env=pre_commit_env(_FIRST_RUN["root"] / "home"), capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
