"""The steps of the GitHub Action (``action.yml``) that are not ``ketalint check``.

``python -m ketalint.ci changed-files --base REF`` prints, one per line, the
files that a pull request adds or changes since ``REF`` (``git diff
REF...HEAD``) and that ketalint reads (Markdown, MDX, HTML, text, Word);
deleted files are left out. The checkout needs the base's history
(``actions/checkout`` with ``fetch-depth: 0``).

``python -m ketalint.ci summary REPORT.json`` reads the JSON report of
``ketalint check --format json`` and appends a Markdown summary to the file
``$GITHUB_STEP_SUMMARY`` names (or ``--summary-file``): the number of
findings by severity (as the text format's last line), a table of rules with
their counts, and the files that could not be checked. Nothing is written when neither is set.

Errors are one line on standard error and exit status 2.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from types import SimpleNamespace

from .paths import GIT
from .readers import EXTENSIONS
from .reporters import Totals, text

#: What the summary reads of each finding.
FINDING_KEYS = ("path", "rule", "name", "severity")


class CIError(Exception):
    """A step that cannot go on; its text is the one line shown."""


def changed_files(base: str, cwd: str = ".") -> list[str]:
    """Files added, copied, modified or renamed since ``base`` that ketalint
    reads, as paths relative to ``cwd`` (see the module's doc)."""
    try:
        out = subprocess.run([*GIT, "diff", "--name-only", "-z", "--diff-filter=ACMR",
                              "--relative", f"{base}...HEAD"],
                             cwd=cwd, capture_output=True, check=True).stdout
    except FileNotFoundError:
        raise CIError("git is not installed") from None
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip().splitlines()
        raise CIError(f"git diff {base}...HEAD failed: {detail[0] if detail else exc.returncode} "
                      "(does the checkout have the base's history? fetch-depth: 0)") from None
    names = [os.fsdecode(name) for name in out.split(b"\0") if name]
    return [n for n in names if os.path.splitext(n)[1].lower() in EXTENSIONS
            and os.path.isfile(os.path.join(cwd, n))]


def summary(report: dict) -> str:
    """The Markdown step summary of a ``--format json`` report: the closing
    line of the text format and a table of rules."""
    totals = Totals()
    totals.add(SimpleNamespace(**{k: f[k] for k in FINDING_KEYS}) for f in report["findings"])
    errors = [(e["path"], e["message"]) for e in report.get("errors", [])]
    end = text.summary(totals, errors)
    lines = ["## ketalint", "", end if end.endswith(".") else end + "."]
    if totals.rules:
        lines += ["", "| Rule | Name | Severity | Count |", "|---|---|---|---:|"]
        lines += [f"| {rule} | {name} | {severity} | {count} |" for (rule, name, severity), count
                  in sorted(totals.rules.items(), key=lambda item: (-item[1], item[0]))]
    if errors:
        lines += ["", "Not checked:", ""] + [f"- `{path}`: {message}" for path, message in errors]
    return "\n".join(lines) + "\n"


def _read_report(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            report = json.load(fh)
    except OSError as exc:
        raise CIError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise CIError(f"{path}: not a ketalint JSON report: {exc}") from None
    if not isinstance(report, dict) or not isinstance(report.get("findings"), list):
        raise CIError(f"{path}: not a ketalint JSON report (no findings list)")
    if not all(isinstance(f, dict) and all(isinstance(f.get(k), str) for k in FINDING_KEYS)
               for f in report["findings"]) or \
            not all(isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("message"), str)
                    for e in report.get("errors", [])):
        raise CIError(f"{path}: not a ketalint JSON report (findings without {', '.join(FINDING_KEYS)})")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ketalint.ci", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    changed = commands.add_parser("changed-files", help="Files changed since --base that ketalint reads.")
    changed.add_argument("--base", required=True, help="The pull request's base (e.g. origin/main).")
    summarise = commands.add_parser("summary", help="Append the step summary of a JSON report.")
    summarise.add_argument("report", help="The output of ketalint check --format json.")
    summarise.add_argument("--summary-file", default=os.environ.get("GITHUB_STEP_SUMMARY"),
                           help="File to append to [default: $GITHUB_STEP_SUMMARY].")
    args = parser.parse_args(argv)
    try:
        if args.command == "changed-files":
            for name in changed_files(args.base):
                print(name)
        else:
            text = summary(_read_report(args.report))
            print(text, end="")
            if args.summary_file:
                with open(args.summary_file, "a", encoding="utf-8") as fh:
                    fh.write(text)
    except (CIError, OSError) as exc:
        print(f"ketalint: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
