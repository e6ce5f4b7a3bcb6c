"""Command-line interface.

Exit status: 0 when no finding is at or above ``--fail-on``; 1 when one is;
2 for a usage error, a rule pack or config error, or a file that could not be
read (the other files are still linted and reported).
"""
from __future__ import annotations

import sys
import textwrap

import click

from . import __version__
from .findings import SEVERITY_RANK


def _load_ruleset(rules_dirs):
    from .rules import PackError, load_ruleset
    try:
        return load_ruleset(rules_dirs)
    except PackError as exc:
        click.echo(f"ketalint: {exc}", err=True)
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ketalint")
def main():
    """Compliance linter for copy about ketamine and esketamine.

    Flags FDA-status errors, unsupported claims, missing risk disclosures and
    missing citations in Markdown and plain-text copy.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="warning",
              show_default=True, help="Lowest severity that makes the exit status 1.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Extra rule pack folder (repeatable).")
@click.option("--stdin-filename", default=None,
              help="Path to report for '-' (stdin); its extension picks the format.")
def check(paths, fmt, fail_on, rules_dirs, stdin_filename):
    """Lint PATHS (files, folders, or - for standard input).

    Folders are searched for .md, .markdown and .txt files; hidden folders are
    skipped.
    """
    from .api import Linter, read_file
    from .paths import collect
    from .readers import InputError, decode, format_for, read_text
    from .reporters import REPORTERS

    ruleset = _load_ruleset(rules_dirs)
    files, errors = collect(list(paths))
    linter = Linter(ruleset) if files else None
    findings, sources = [], {}
    for path in files:
        try:
            if path == "-":
                text, _ = decode(sys.stdin.buffer.read())
                fmt_in = format_for(stdin_filename, "text") if stdin_filename else "markdown"
                doc = read_text(text, stdin_filename or "<stdin>", fmt_in)
            else:
                doc = read_file(path)
        except InputError as exc:
            errors.append((path, f"cannot read: {exc}"))
            continue
        sources[doc.path] = doc.source
        findings.extend(linter.lint_document(doc))
    for path, message in errors:
        click.echo(f"{path}: {message}", err=True)
    click.echo(REPORTERS[fmt](findings, sources, errors), nl=False)
    if errors:
        sys.exit(2)
    threshold = SEVERITY_RANK[fail_on]
    sys.exit(1 if any(SEVERITY_RANK[f.severity] >= threshold for f in findings) else 0)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Extra rule pack folder (repeatable).")
def list_rules(fmt, rules_dirs):
    """List the rules in force."""
    ruleset = _load_ruleset(rules_dirs)
    if fmt == "json":
        import json
        click.echo(json.dumps([r.doc() for r in ruleset.rules], indent=2))
        return
    for r in ruleset.rules:
        click.echo(f"{r.id}  {r.severity:<7} {r.category:<17} {r.name}")


@main.command()
@click.argument("rule_id")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Extra rule pack folder (repeatable).")
def explain(rule_id, rules_dirs):
    """Show a rule's rationale, sources and examples (by id or name)."""
    ruleset = _load_ruleset(rules_dirs)
    rule = ruleset.by_id(rule_id)
    if rule is None:
        click.echo(f"ketalint: unknown rule {rule_id!r} (see 'ketalint rules')", err=True)
        sys.exit(2)
    wrap = lambda text: textwrap.fill(" ".join(text.split()), 88, initial_indent="  ",  # noqa: E731
                                      subsequent_indent="  ")
    lines = [f"{rule.id} {rule.name} ({rule.category}, {rule.severity})", "",
             "What it flags:", wrap(rule.message), "", "Why it matters:", wrap(rule.rationale), ""]
    if rule.suggestion:
        lines += ["Write instead:", wrap(rule.suggestion), ""]
    lines += ["Sources:"] + [f"  - {ref}" for ref in rule.references] + [""]
    lines += ["Flagged:"] + [f"  - {ex!r}" if "\n" in ex else f"  - {ex}" for ex in rule.examples["flag"]]
    lines += ["", "Not flagged:"] + [f"  - {ex!r}" if "\n" in ex else f"  - {ex}"
                                      for ex in rule.examples["pass"]]
    lines += ["", f"Defined in {rule.path}:{rule.line}"]
    click.echo("\n".join(lines))
