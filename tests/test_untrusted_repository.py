"""A repository is content anyone with commit access can change: what it holds
must not hide findings, run code or reach outside it. One test per way in."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ketalint import cache as cache_module
from ketalint.cli import main

FLAGGED = "Ketamine is FDA-approved for depression and cures it.\n"


def check(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


def rules_of(result) -> list[str]:
    return sorted(f["rule"] for f in json.loads(result.stdout)["findings"])


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A checkout with one flagged page, run from its root with the default
    cache location and a user cache folder of its own."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.md").write_text(FLAGGED)
    monkeypatch.delenv("KETALINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.chdir(repo)
    return repo


def entry_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.name not in (".gitignore", "CACHEDIR.TAG")
            and not p.name.startswith(".")]


def rewrite_entries(folder: Path, change) -> None:
    """Edit every cache entry under ``folder`` in place, as someone with
    commit access could, keeping any line before the JSON as it is."""
    for path in entry_files(folder):
        data = path.read_bytes()
        head, payload = (b"", data) if data.startswith(b"{") else data.split(b"\n", 1)
        entry = json.loads(payload)
        change(entry)
        path.write_bytes(head + (b"\n" if head else b"") + json.dumps(entry).encode())


def resign_entries(folder: Path, change) -> None:
    """Edit every entry and sign it again with this user's key: a damaged
    entry of the user's own cache."""
    for path in entry_files(folder):
        data = path.read_bytes()
        entry = json.loads(data if data.startswith(b"{") else data.split(b"\n", 1)[1])
        cache_module.Cache(str(path.parent.parent), path.parent.name).put(path.stem, change(entry))


def test_cache_lives_outside_the_work_tree_by_default(project, tmp_path):
    assert check("a.md").exit_code == 1
    assert sorted(p.name for p in project.iterdir()) == ["a.md"]
    assert entry_files(tmp_path / "home-cache" / "ketalint")


def test_forged_committed_cache_does_not_hide_findings(project):
    expected = rules_of(check("--format", "json", "--no-cache", "a.md"))
    assert expected
    check("--cache-dir", ".ketalint_cache", "a.md")  # a cache committed to the repository...
    rewrite_entries(project / ".ketalint_cache", lambda entry: entry.update(findings=[]))  # ...forged
    for args in ([], ["--cache-dir", ".ketalint_cache"]):  # default location, or named explicitly
        result = check("--format", "json", *args, "a.md")
        assert result.exit_code == 1 and rules_of(result) == expected, args


@pytest.mark.parametrize("change", [
    lambda entry: {**entry, "findings": [{"bogus": 1}]},
    lambda entry: {**entry, "findings": [{**entry["findings"][0], "line": "1"}]},
    lambda entry: {**entry, "findings": [{**entry["findings"][0], "severity": "fatal"}]},
    lambda entry: {**entry, "lines": {"one": "x"}},
    lambda entry: {**entry, "suppressed": [[1, 2, 3]]},
    lambda entry: [entry],
])
def test_cache_entry_of_the_wrong_shape_is_a_miss(project, change):
    expected = rules_of(check("--format", "json", "--no-cache", "a.md"))
    check("--cache-dir", "cache", "a.md")
    resign_entries(project / "cache", change)
    result = check("--format", "json", "--cache-dir", "cache", "a.md")
    assert result.exit_code == 1 and "internal error" not in result.output
    assert rules_of(result) == expected


def test_no_field_of_a_cache_entry_injects_markup_into_the_report(project):
    hostile = '"><img src=x onerror=alert(1)>'

    def poison(entry):
        for f in entry["findings"]:
            f.update({key: hostile for key in ("rule", "name", "category", "message", "suggestion", "text")})
        return entry
    check("--cache-dir", "cache", "a.md")
    resign_entries(project / "cache", poison)
    page = check("--format", "html", "--cache-dir", "cache", "a.md").stdout
    assert "&quot;&gt;&lt;img src=x" in page  # shown, as text
    assert "<img" not in page


def billion_laughs(key: str) -> str:
    lines = [f'{key}: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"x{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("where", ["pack.yaml", "house.yaml", ".ketalint.yaml"])
def test_yaml_alias_bombs_are_refused_in_one_line(project, where):
    pack = project / "pack"
    pack.mkdir()
    target = project / where if where.startswith(".") else pack / where
    target.write_text(billion_laughs("description" if where == "pack.yaml" else "rules"))
    result = CliRunner().invoke(main, ["rules", "--rules", str(pack)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    (line,) = result.output.splitlines()
    assert line.endswith(f"{where}:5: invalid YAML: aliases expand to more than 10,000 nodes"), line


def test_yaml_that_refers_to_itself_or_nests_without_end_is_refused(project):
    for text, message in [("select: &a [CLM, *a]\n", ":1: invalid YAML: an alias refers to a collection"),
                          ("select: " + "[" * 200 + "]" * 200 + "\n", ":1: invalid YAML: nested more than")]:
        (project / ".ketalint.yaml").write_text(text)
        result = check("a.md")
        assert result.exit_code == 2 and message in result.output and len(result.output.splitlines()) == 1


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_git_runs_no_command_named_by_the_repository_config(project, tmp_path):
    marker = tmp_path / "ran"
    git = ["git", "-C", str(project), "-c", "user.email=a@b.invalid", "-c", "user.name=a"]
    (project / ".gitignore").write_text("ignored.md\n")
    (project / "ignored.md").write_text(FLAGGED)
    for args in (["init", "-q"], ["add", "a.md", ".gitignore"], ["commit", "-qm", "x"],
                 ["config", "core.fsmonitor", f"touch {marker}; echo"],
                 ["config", "core.hooksPath", str(tmp_path)]):
        subprocess.run([*git, *args], check=True)
    result = check("--format", "json", ".")
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {"./a.md"}  # ignored.md is ignored
    assert not marker.exists()
