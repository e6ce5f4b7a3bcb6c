"""Runs over many files: the results cache, worker processes and progress."""
import gc
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ketalint import cache as cache_module
from ketalint import runner
from ketalint.checker import Checker
from ketalint.cli import main
from ketalint.progress import Progress

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fixtures" / "corpus"
FLAGGED = "Ketamine is FDA-approved for depression and cures it.\n"

# Runs the CLI in a fresh interpreter and reports whether spaCy was imported.
PROBE = """
import sys
from ketalint.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print("SPACY" if "spacy" in sys.modules else "NO-SPACY", code, file=sys.stderr)
"""


def cli(*args):
    return CliRunner().invoke(main, list(args))


def probe(cwd, *args):
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "KETALINT_CACHE_DIR": str(Path(cwd) / "cache")})
    return done.stdout, done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("args", [["rules"], ["explain", "FDA101"], ["explain", "KTL001"],
                                  ["config", "show"], ["--version"]])
def test_commands_that_describe_rules_load_no_pipeline(tmp_path, args):
    """Commands that need no pipeline import neither spaCy, nor the regex
    engine, nor a Markdown parser: they answer about as fast as Python starts."""
    code = PROBE.replace('"SPACY" if "spacy" in sys.modules else "NO-SPACY"',
                         '[m for m in ("spacy", "regex", "markdown_it") if m in sys.modules]')
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=tmp_path, capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "[] 0"


@pytest.mark.slow  # two whole runs in subprocesses (3-4 s): with the slow checks
def test_second_run_is_served_from_the_cache_without_spacy(tmp_path):
    (tmp_path / "a.md").write_text(FLAGGED)
    (tmp_path / "b.md").write_text("Spravato is a nasal spray.\n")
    first, status = probe(tmp_path, "check", "--format", "json", "a.md", "b.md")
    assert status == "SPACY 1"
    second, status = probe(tmp_path, "check", "--format", "json", "a.md", "b.md")
    assert status == "NO-SPACY 1"
    assert json.loads(second) == json.loads(first)
    # The same file named another way is the same entry.
    _, status = probe(tmp_path, "check", "./a.md")
    assert status == "NO-SPACY 1"
    # Another time budget changes no result that was kept.
    _, status = probe(tmp_path, "check", "--file-timeout", "5", "a.md")
    assert status == "NO-SPACY 1"
    cache = tmp_path / "cache"
    assert (cache / ".gitignore").read_text().strip().endswith("*")
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


@pytest.mark.slow  # several whole runs (6-7 s): with the slow checks
def test_changed_content_config_or_pack_is_not_served_stale(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text(FLAGGED)
    _, status = probe(tmp_path, "check", "a.md")
    doc.write_text("Spravato is a nasal spray.\n")
    out, status = probe(tmp_path, "check", "a.md")
    assert status == "SPACY 0"
    (tmp_path / ".ketalint.yaml").write_text("ignore: [CLM201]\n")
    doc.write_text(FLAGGED)
    out, status = probe(tmp_path, "check", "--format", "concise", "a.md")
    assert status == "SPACY 1" and "CLM201" not in out and "FDA101" in out


@pytest.mark.slow  # several whole runs (6-7 s): with the slow checks
def test_no_cache_neither_reads_nor_writes(tmp_path):
    (tmp_path / "a.md").write_text(FLAGGED)
    probe(tmp_path, "check", "--no-cache", "a.md")
    assert not (tmp_path / "cache").exists()
    probe(tmp_path, "check", "a.md")
    _, status = probe(tmp_path, "check", "--no-cache", "a.md")
    assert status == "SPACY 1"


def test_damaged_or_unwritable_cache_only_misses(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text(FLAGGED)
    cache_dir = tmp_path / "c"
    assert cli("check", "--cache-dir", str(cache_dir), str(doc)).exit_code == 1
    (entry,) = [p for p in cache_dir.rglob("*.entry")]
    entry.write_text("{not json")
    result = cli("check", "--format", "json", "--cache-dir", str(cache_dir), str(doc))
    assert result.exit_code == 1 and "FDA101" in result.output
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    result = cli("check", "--cache-dir", str(blocked / "sub"), str(doc))
    assert result.exit_code == 1 and "FDA101" in result.output


def test_a_failed_cache_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    cache = cache_module.Cache(str(tmp_path), "run")

    def disk_full(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(cache_module.os, "replace", disk_full)
    cache.put("entry", {"x": 1})
    monkeypatch.undo()
    assert list((tmp_path / "run").iterdir()) == [] and not cache.enabled


def test_stale_entries_and_run_keys_are_pruned(tmp_path):
    cache = cache_module.Cache(str(tmp_path), "current")
    cache.put("fresh", {"x": 1})
    cache.put("old", {"x": 2})
    other = cache_module.Cache(str(tmp_path), "other-settings")
    other.put("entry", {"x": 3})
    old = time.time() - (cache_module.STALE_DAYS + 1) * 86400
    os.utime(tmp_path / "current" / "old.entry", (old, old))
    os.utime(tmp_path / "other-settings", (old, old))
    assert cache.prune() == 2
    assert cache.get("fresh") == {"x": 1} and cache.get("old") is None
    assert not (tmp_path / "other-settings").exists()
    cache.put("old", {"x": 2})
    os.utime(tmp_path / "current" / "old.entry", (old, old))
    assert cache.prune() == 0  # at most once a day


@pytest.mark.slow  # two whole runs of the corpus (3 s): with the slow checks
def test_results_are_identical_and_ordered_whatever_the_number_of_workers(monkeypatch):
    runs = [cli("check", "--no-cache", "--format", "json", "--jobs", jobs, str(CORPUS))
            for jobs in ("1", "3")]
    # Files handed over in batches (as in a run over a whole site) too.
    monkeypatch.setattr(runner, "MIN_BATCHES_PER_WORKER", 1)
    runs.append(cli("check", "--no-cache", "--format", "json", "--jobs", "3", str(CORPUS)))
    assert all(r.exit_code == 1 for r in runs), runs[0].output[-500:]
    assert runs[0].output == runs[1].output == runs[2].output
    paths = [f["path"] for f in json.loads(runs[1].output)["findings"]]
    assert paths == sorted(paths)


# A whole run twice (6 s): a speed setting, checked with the slow checks.
@pytest.mark.slow
@pytest.mark.parametrize("enabled", [True, False])
def test_a_run_tunes_the_garbage_collector_only_while_it_lasts(enabled, monkeypatch):
    """The collector is on and set for a long run (long-lived objects frozen,
    fewer young collections) while files are checked, and given back as it
    was: off, as the console entry point leaves it while starting up, or on,
    as in a program that calls the CLI in its own process."""
    def settings():
        return gc.isenabled(), gc.get_threshold()[0], gc.get_freeze_count() > 0

    during = []
    check = Checker.read_and_check
    monkeypatch.setattr(Checker, "read_and_check",
                        lambda checker, path, read: during.append(settings()) or check(checker, path, read))
    (gc.enable if enabled else gc.disable)()
    try:
        before = settings()
        result = cli("check", "--no-cache", "--jobs", "1", str(CORPUS))
        after = settings()
    finally:
        gc.enable()
    assert result.exit_code == 1, result.output
    assert after == before
    assert during and set(during) == {(True, runner.YOUNG_COLLECTION_THRESHOLD, True)}


def test_progress_is_silent_when_not_a_terminal_and_drawn_when_long(monkeypatch):
    result = cli("check", "--no-cache", str(CORPUS))
    assert "files," not in result.stderr
    monkeypatch.setattr("ketalint.progress.DELAY", 0.0)
    stream = io.StringIO()
    bar = Progress(3, stream, enabled=True)

    class Result:
        findings = [1, 2]
    for _ in range(3):
        bar.update(Result())
        bar._drawn_at = 0.0
    bar.close()
    assert "3/3 files, 6 findings" in stream.getvalue()
    assert stream.getvalue().endswith("\r\x1b[2K")


# Runs the console entry point with Job.check_path made to misbehave on
# the file named by KETALINT_TEST_FILE: "kill" kills its worker process,
# "sleep" signals that workers are busy (a file) and sleeps.
MISBEHAVE = """
import os, signal, sys, time
from ketalint import runner
from ketalint.cli import run
runner.MIN_BATCHES_PER_WORKER = 1  # batches of several files
check_path = runner.Job.check_path
def misbehaving(job, path):
    if os.environ["KETALINT_TEST_ACTION"] == "sleep":
        open(os.environ["KETALINT_TEST_BUSY"], "w").close()
        time.sleep(60)
    if path.endswith(os.environ["KETALINT_TEST_FILE"]):
        os.kill(os.getpid(), signal.SIGKILL)
    return check_path(job, path)
runner.Job.check_path = misbehaving
sys.argv[0] = "ketalint"
run()
"""


@pytest.fixture
def misbehaving_run(tmp_path):
    """Start such a run on eight flagged files; whatever happens, its process
    group is gone after the test."""
    started = []

    def start(action, *args):
        for name in "abcdefgh":
            (tmp_path / f"{name}.md").write_text(FLAGGED)
        env = {**os.environ, "KETALINT_TEST_ACTION": action, "KETALINT_TEST_FILE": "c.md",
               "KETALINT_TEST_BUSY": str(tmp_path / "busy")}
        started.append(subprocess.Popen(
            [sys.executable, "-c", MISBEHAVE, "check", "--no-cache", "--jobs", "2", *args,
             *sorted(str(p) for p in tmp_path.glob("*.md"))], cwd=tmp_path, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True))
        return started[-1]
    yield start
    for process in started:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


@pytest.mark.slow  # waits for a worker to die (2-3 s): with the slow checks
def test_a_killed_worker_loses_only_its_file(tmp_path, misbehaving_run):
    started = time.perf_counter()
    process = misbehaving_run("kill", "--format", "concise")
    out, err = process.communicate(timeout=60)
    assert time.perf_counter() - started < 30 and process.returncode == 2
    assert f"{tmp_path / 'c.md'}: not checked: its worker process was killed (SIGKILL)" in err
    flagged = {line.split(":")[0] for line in out.splitlines() if "FDA101" in line}
    assert flagged == {str(tmp_path / f"{name}.md") for name in "abdefgh"}


@pytest.mark.parametrize("signum", [signal.SIGINT, pytest.param(signal.SIGTERM, marks=pytest.mark.slow)])
def test_interrupted_run_stops_its_workers_without_tracebacks(tmp_path, misbehaving_run, signum):
    process = misbehaving_run("sleep", "-o", "report.json", "--format", "json")
    deadline = time.monotonic() + 60
    while not (tmp_path / "busy").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signum)  # as a terminal does: the whole process group
    out, err = process.communicate(timeout=20)
    assert process.returncode == 128 + signum
    assert err.splitlines() == [f"ketalint: stopped ({signal.Signals(signum).name})"]
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(process.pid, 0)
    assert not [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_an_error_in_a_worker_is_raised_in_the_parent(tmp_path, monkeypatch):
    for name in "abcd":
        (tmp_path / f"{name}.md").write_text(FLAGGED)
    check_path = runner.Job.check_path

    def broken(job, path):
        if path.endswith("c.md"):
            raise RuntimeError("boom")
        return check_path(job, path)
    monkeypatch.setattr(runner.Job, "check_path", broken)
    result = cli("check", "--no-cache", "--jobs", "2", *sorted(str(p) for p in tmp_path.glob("*.md")))
    assert isinstance(result.exception, RuntimeError) and str(result.exception) == "boom"
