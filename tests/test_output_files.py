"""Where ``-o``, ``baseline write`` and ``init`` write: devices and pipes in
place, links followed, and targets that cannot or must not be written refused
with one line before any linting."""
import json
import os
import stat

import pytest
from click.testing import CliRunner

from ketalint.cli import main

BAD = "Ketamine is FDA-approved for depression.\n"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def refused(result, target):
    """The run stopped with exit 2 and one line naming ``target``."""
    assert result.exit_code == 2, result.output + result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and target in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and ".tmp" not in result.stderr


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(BAD)
    return path


def test_a_link_to_a_device_stays_a_link(tmp_path, page):
    link = tmp_path / "report"
    link.symlink_to(os.devnull)
    result = run("check", "--format", "json", "-o", str(link), str(page))
    assert result.exit_code == 1, result.stderr
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_named_pipe_receives_the_report(tmp_path, page):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # so that opening it to write does not block
    try:
        result = run("check", "--format", "json", "-o", str(pipe), str(page))
        assert result.exit_code == 1, result.stderr
        assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
        data = json.loads(os.read(reader, 1 << 16))
    finally:
        os.close(reader)
    assert [f["rule"] for f in data["findings"]][:1] == ["FDA101"]


def test_a_link_to_a_file_is_followed(tmp_path, page):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    assert run("check", "--format", "json", "-o", str(link), str(page)).exit_code == 1
    assert link.is_symlink() and json.loads(real.read_text())["findings"]


def test_missing_folder_is_refused_before_linting(tmp_path, page):
    target = str(tmp_path / "missing-dir" / "out.json")
    refused(run("check", "-o", target, str(page)), target)
    refused(run("claims", "-o", target, str(page)), target)
    refused(run("baseline", "write", target, str(page)), target)


@pytest.mark.parametrize("command", [
    lambda out, page: ["check", "-o", out, page],
    lambda out, page: ["claims", "-o", out, page],
    lambda out, page: ["baseline", "write", out, page],
], ids=["check", "claims", "baseline"])
def test_an_input_is_never_the_output(tmp_path, page, command):
    refused(run(*command(str(page), str(page))), str(page))
    link = tmp_path / "alias.md"
    link.symlink_to(page)
    refused(run(*command(str(link), str(tmp_path))), str(link))  # found by walking the folder
    assert page.read_text() == BAD


def test_a_read_only_file_is_refused(tmp_path, page):
    out = tmp_path / "out.json"
    out.write_text("kept")
    out.chmod(0o444)
    refused(run("check", "-o", str(out), str(page)), str(out))
    assert out.read_text() == "kept" and not list(tmp_path.glob(".ketalint-*"))
