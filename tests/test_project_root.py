"""Paths and globs are relative to the project root (the config file's folder):
runs from a subfolder, with absolute paths or on standard input behave alike."""
import json

import pytest

from test_workflows import BAD, rules_of, run


@pytest.fixture
def site(tmp_path):
    """A config at the top and the same bad copy at the top and in three folders."""
    (tmp_path / ".ketalint.yaml").write_text(
        "include: ['**/*.md']\n"
        "exclude: ['drafts/**']\n"
        "per-path-ignores: {'news/*': [CLM]}\n")
    (tmp_path / "top.md").write_text(BAD)
    for folder in ("drafts", "news", "pages"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.md").write_text(BAD)
    return tmp_path


def files_with(result, rule="CLM201"):
    return sorted(f["path"] for f in json.loads(result.stdout)["findings"] if f["rule"] == rule)


def test_double_star_slash_matches_files_at_the_top(site):
    result = run("check", "--format", "json", ".", cwd=site)
    assert files_with(result) == ["./pages/a.md", "./top.md"]


def test_globs_match_from_a_subfolder_and_by_absolute_path(site):
    assert rules_of(run("check", "--format", "json", "a.md", cwd=site / "news"), ("CLM",)) == []
    absolute = [str(site / folder / "a.md") for folder in ("drafts", "news", "pages")]
    assert files_with(run("check", "--format", "json", *absolute, cwd=site / "pages")) == [absolute[2]]


def test_stdin_filename_is_matched_like_a_path(site):
    from_top = run("check", "--format", "json", "--stdin-filename", "news/b.md", "-", input=BAD, cwd=site)
    assert rules_of(from_top, ("CLM",)) == []
    inside = run("check", "--format", "json", "--stdin-filename", "b.md", "-", input=BAD, cwd=site / "news")
    assert rules_of(inside, ("CLM",)) == []
    excluded = run("check", "--format", "json", "--stdin-filename", "drafts/b.md", "-", input=BAD, cwd=site)
    assert excluded.exit_code == 0 and json.loads(excluded.stdout)["findings"] == []


def test_a_baseline_holds_from_a_subfolder_and_by_absolute_path(site):
    assert run("baseline", "write", "base.json", "pages", cwd=site).exit_code == 0
    assert run("check", "--baseline", "../base.json", "a.md", cwd=site / "pages").exit_code == 0
    assert run("check", "--baseline", str(site / "base.json"), str(site / "pages" / "a.md"),
               cwd=site / "news").exit_code == 0


def test_sarif_uris_are_relative_to_the_root(site):
    log = json.loads(run("check", "--format", "sarif", "a.md", cwd=site / "pages").stdout)
    sarif_run = log["runs"][0]
    assert sarif_run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == site.as_uri() + "/"
    locations = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 for r in sarif_run["results"]}
    assert locations == {"pages/a.md"}


def test_unused_per_path_ignores_are_reported_only_for_a_whole_project_run(site):
    (site / ".ketalint.yaml").write_text("per-path-ignores: {'news/*': [CLM], 'press/**': [CIT]}\n")
    whole = run("check", ".", cwd=site).stderr
    assert "'press/**' matches no file" in whole and "'news/*'" not in whole
    assert "matches no file" not in run("check", "pages", cwd=site).stderr  # a pre-commit-like run
    assert "matches no file" not in run("check", "a.md", cwd=site / "pages").stderr


def test_without_a_config_the_git_work_tree_is_the_root(tmp_path):
    import subprocess
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.md").write_text(BAD)
    log = json.loads(run("check", "--format", "sarif", "a.md", cwd=tmp_path / "pages").stdout)
    assert log["runs"][0]["originalUriBaseIds"]["PROJECTROOT"]["uri"] == tmp_path.as_uri() + "/"
    assert run("baseline", "write", "base.json", "pages/a.md", cwd=tmp_path).exit_code == 0
    assert run("check", "--baseline", "../base.json", "a.md", cwd=tmp_path / "pages").exit_code == 0
