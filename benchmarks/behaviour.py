"""Behaviour guard for refactors: record every output of ketalint on a set of
folders, then compare two recordings byte for byte.

    python benchmarks/behaviour.py record /tmp/before      # on the code before
    python benchmarks/behaviour.py record /tmp/after       # on the code after
    python benchmarks/behaviour.py compare /tmp/before /tmp/after

A recording holds, for each folder (by default fixtures/ and, when they are
there, ../shared/eval/field/docs and ../shared/seeds): ``check`` in every
format (with ``--statistics`` and ``--show-suppressed`` too), ``claims`` in CSV
and JSON and ``baseline write``; once: ``rules``, ``explain`` of every rule,
``config show`` and ``annotate`` of the examples. Each output keeps the exit
status and standard error. Word files are compared by their XML with comment
dates left out (they hold the time of the run). Keep recordings outside the
repository; a refactor must leave ``compare`` silent.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT / "fixtures", ROOT.parent / "shared" / "eval" / "field" / "docs", ROOT.parent / "shared" / "seeds"]
FORMATS = ["json", "text", "concise", "sarif", "github", "gitlab", "junit", "html"]
KETALINT = [sys.executable, "-m", "ketalint"]


def _run(out: Path, name: str, args: list[str], cwd: Path = ROOT) -> None:
    """Standard output in ``name``, standard error and exit status in ``name``.err."""
    done = subprocess.run(KETALINT + args, capture_output=True, cwd=cwd)
    (out / name).write_bytes(done.stdout)
    (out / f"{name}.err").write_bytes(done.stderr + f"\nexit {done.returncode}\n".encode())


def record(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=False)
    with tempfile.TemporaryDirectory() as cache:  # a fresh results cache: the first run checks every file
        for n, folder in enumerate(f for f in FOLDERS if f.is_dir()):
            for fmt in FORMATS:
                _run(out, f"check-{n}.{fmt}", ["check", "--cache-dir", cache, "--color", "never",
                                               "--format", fmt, str(folder)])
            _run(out, f"statistics-{n}.txt", ["check", "--cache-dir", cache, "--statistics", str(folder)])
            _run(out, f"suppressed-{n}.json", ["check", "--no-cache", "--show-suppressed", "--format", "json",
                                                str(folder)])
            for fmt in ("csv", "json"):
                _run(out, f"claims-{n}.{fmt}", ["claims", "--format", fmt, str(folder)])
            _run(out, f"baseline-{n}.log", ["baseline", "write", str(out / f"baseline-{n}.json"), str(folder)])
    _run(out, "rules.txt", ["rules", "--format", "json"])
    for rule in json.loads((out / "rules.txt").read_bytes()):
        _run(out, f"explain-{rule['id']}.txt", ["explain", rule["id"]])
    _run(out, "config.txt", ["config", "show"])
    for example in sorted((ROOT / "fixtures" / "examples").iterdir()):
        _run(out, f"annotate-{example.name}.log", ["annotate", str(example), "-o", str(out / f"annotated-{example.name}.docx")])


def _comparable(path: Path, folder: Path) -> bytes:
    """The bytes that must not change: a Word file's parts with comment dates
    dropped; the recording's own folder name dropped from messages."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as docx:
            parts = [(name, docx.read(name)) for name in sorted(docx.namelist())]
        return b"".join(name.encode() + b"\0" + re.sub(rb' w:date="[^"]*"', b"", data) for name, data in parts)
    return path.read_bytes().replace(str(folder).encode(), b"RECORDING")


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    differ = [name for name in names
              if not (before / name).exists() or not (after / name).exists()
              or _comparable(before / name, before) != _comparable(after / name, after)]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(names) - len(differ)} of {len(names)} outputs identical")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("record", help="record every output into a new folder").add_argument("folder", type=Path)
    both = sub.add_parser("compare", help="compare two recordings; exit 1 if any output differs")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "record":
        record(args.folder.resolve())
    else:
        sys.exit(compare(args.before.resolve(), args.after.resolve()))


if __name__ == "__main__":
    main()
