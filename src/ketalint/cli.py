"""Command-line interface.

Exit status: 0 when no finding is at or above ``--fail-on``; 1 when one is;
2 for a usage error, a rule pack or config error, a file that could not be
read, or a rule that had to be skipped (the other files and rules still run and
are reported). No traceback reaches the user unless ``--debug`` is given.
"""
from __future__ import annotations

import gc
import os
import sys
import textwrap

import click

from . import __version__
from .reporters import FORMATS

CONTEXT = {"help_option_names": ["-h", "--help"]}
DEBUG = {"on": bool(os.environ.get("KETALINT_DEBUG"))}


def _fail(message: str) -> None:
    """Print ``message`` (one line per error) and exit 2."""
    click.echo("\n".join(f"ketalint: {line}" for line in message.splitlines()), err=True)
    sys.exit(2)


def _config(config_path):
    from .config import find_config, load_config
    from .rules import PackError
    try:
        return load_config(config_path or find_config())
    except PackError as exc:
        _fail(str(exc))


def _ruleset(extra_dirs, compile_patterns=True):
    from .rules import PackError, load_ruleset
    try:
        return load_ruleset(list(extra_dirs), compile_patterns)
    except PackError as exc:
        _fail(str(exc))


def _settings(config_path, rules_dirs, fail_on=None, require_reason=None, compile_patterns=True):
    """Config, rule set and the rules in force, with command-line overrides."""
    from .config import apply_to_rules, unmatched_selectors
    config = _config(config_path)
    if rules_dirs:
        config.set("rule-packs", config.rule_packs + list(rules_dirs), "command line")
    if fail_on:
        config.set("fail-on", fail_on, "command line")
    if require_reason:
        config.set("require-reason", True, "command line")
    ruleset = _ruleset(config.rule_packs, compile_patterns)
    for warning in unmatched_selectors(config, ruleset.rules):
        click.echo(f"ketalint: warning: {warning}", err=True)
    return config, ruleset, apply_to_rules(config, ruleset.rules)


rules_option = click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False),
                            help="Extra rule pack folder (repeatable).")
config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                             help="Config file (default: nearest .ketalint.yaml or pyproject.toml).")


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="ketalint")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
def main(debug):
    """Compliance linter for copy about ketamine and esketamine.

    Flags FDA-status errors, unsupported claims, missing risk disclosures and
    missing citations in Markdown and plain-text copy.
    """
    DEBUG["on"] = DEBUG["on"] or debug


def run() -> None:
    """Console entry point: any unexpected error becomes one line and exit 2."""
    # Start-up builds some 170,000 objects that live as long as the process
    # (spaCy, the pipeline, the rule pack) and little garbage: collections while
    # they are made took 0.1-0.16 s of a 1.2 s cold start. Checking turns the
    # collector on for the run (see runner.collector_tuned_for_run).
    gc.disable()
    try:
        main(standalone_mode=True)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if DEBUG["on"]:
            raise
        click.echo(f"ketalint: internal error: {type(exc).__name__}: {exc} "
                   "(run with --debug for the traceback)", err=True)
        sys.exit(2)


def _load_baseline(path):
    from .baseline import load
    if not path:
        return None
    try:
        return load(path)
    except ValueError as exc:
        _fail(str(exc))


def _job(config, ruleset, max_bytes, with_claims=False):
    """What checking a file needs: the pipeline (spaCy loads here) and the rules in force."""
    from .api import Linter
    from .config import apply_to_rules
    from .runner import Job
    return Job(Linter(ruleset), apply_to_rules(config, ruleset.rules), config, max_bytes, DEBUG["on"],
               with_claims=with_claims)


def _lint(paths, config, ruleset, stdin_filename, baseline, errors, max_bytes=None,
          jobs=0, use_cache=True, cache_dir=None, keep_source=False, with_claims=False):
    """Lint files and yield a FileResult per file, in the order given. Messages
    about files (unreadable, slow patterns) are added to ``errors``.

    ``ruleset`` may be loaded without its patterns checked (``ruleset.checked``):
    then the rule set that runs the pipeline is loaded only if some file is not
    in the cache. Results ``with_claims`` carry claims register rows, which the
    cache does not keep, so such runs neither read nor write it."""
    from . import cache as cache_module
    from .baseline import new_findings
    from .config import path_matches
    from .paths import collect
    from .progress import Progress
    from .readers import DEFAULT_MAX_BYTES
    from .runner import Runner, default_jobs

    files, missing = collect(list(paths), config.include, config.exclude)
    errors.extend(missing)
    max_bytes = max_bytes or DEFAULT_MAX_BYTES

    def make_job():
        return _job(config, ruleset if ruleset.checked else _ruleset(config.rule_packs), max_bytes,
                    with_claims)

    key = cache_module.run_key(ruleset.digest, config.as_dict())
    cache = cache_module.Cache(cache_dir or cache_module.default_dir(config.path), key,
                               use_cache and not with_claims)
    bar = Progress(len(files))
    runner = Runner(make_job, cache, jobs or default_jobs(), max_bytes, stdin_filename, bar.update,
                    keep_source, config.html_skip)
    try:
        for result in runner.results(files):
            if result.encoding not in (None, "utf-8", "utf-16", "utf-32"):
                click.echo(f"{result.path}: note: not UTF-8; read as {result.encoding}", err=True)
            errors.extend((result.path, message) for message in result.errors)
            if baseline is not None:
                result.findings = new_findings(result.findings, baseline)
            yield result
    finally:
        bar.close()
    for glob in config.per_path_ignores:
        if files and not any(path_matches(f, glob) for f in files):
            click.echo(f"ketalint: warning: {config.sources['per-path-ignores']}: "
                       f"per-path-ignores: {glob!r} matches no file", err=True)


def _run_settings(config, ruleset) -> dict:
    """What a report says about the run: packs, facts date, config file."""
    packs = ", ".join(f"{p['name']} {p['version']}".strip() for p in ruleset.packs)
    return {"rule packs": packs, "facts as of": ruleset.facts.as_of,
            "config": config.path or "none (defaults)"}


jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
                           help="Worker processes (default 0: one per core).")
cache_options = [
    click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache."),
    click.option("--cache-dir", type=click.Path(file_okay=False),
                 help="Results cache folder [default: $KETALINT_CACHE_DIR, else "
                      ".ketalint_cache beside the config file or in the current folder]."),
]


def _with(options):
    def decorate(function):
        for option in reversed(options):
            function = option(function)
        return function
    return decorate


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit status 1 [default: warning].")
@rules_option
@config_option
@click.option("--stdin-filename", default=None,
              help="Path to report for '-' (stdin); its extension picks the format.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline file.")
@click.option("--require-reason", is_flag=True, help="A suppression without '-- reason' is a finding.")
@click.option("--show-suppressed", is_flag=True, help="List suppressed findings with their reasons.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=4, show_default=True,
              metavar="MB", help="Refuse files larger than this many megabytes.")
@jobs_option
@_with(cache_options)
def check(paths, fmt, output, fail_on, rules_dirs, config_path, stdin_filename, baseline_path,
          require_reason, show_suppressed, max_file_size, jobs, no_cache, cache_dir):
    """Lint PATHS (files, folders, or - for standard input).

    Folders are searched for Markdown (.md, .markdown), MDX, HTML (.html,
    .htm), plain text (.txt) and Word (.docx) files; hidden folders and files
    git ignores are skipped. In Word files, line numbers are paragraph
    numbers. Files are checked in worker processes (--jobs) and results are
    cached (see --cache-dir); unchanged files are answered without loading
    the pipeline. Suppress a finding with an HTML comment such as
    <!-- ketalint-disable-next-line FDA101 -- reason -->.
    """
    from .findings import SEVERITY_RANK
    from .output import AtomicWriter
    from .reporters import STREAMED, Report, Totals, reporters, streamer
    from .suppress import META_RULES

    # With the cache, the checked rule set is loaded only if some file is not in it.
    config, ruleset, active = _settings(config_path, rules_dirs, fail_on, require_reason,
                                        compile_patterns=no_cache)
    errors: list = []
    results = _lint(paths, config, ruleset, stdin_filename, _load_baseline(baseline_path), errors,
                    max_file_size * 1024 * 1024, jobs, not no_cache, cache_dir, keep_source=fmt == "html")
    color = output is None and fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    rules = list(active) + list(META_RULES.values())
    threshold = SEVERITY_RANK[config.fail_on]
    failing = False
    totals = Totals()
    suppressed_all = []
    with AtomicWriter(output) as out:
        write = out.write if output else (lambda text: click.echo(text, nl=False, color=color))
        if fmt in STREAMED:
            head, body, tail = streamer(fmt)
            write(head(Report([], rules=rules, color=color)))
            first = True
            for result in results:
                findings = result.findings
                write(body(Report(findings, {result.path: result.lines}, rules=rules, color=color,
                                  first=first)))
                first = first and not findings
                totals.add(findings)
                suppressed_all.extend(result.suppressed)
                failing = failing or any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
            final = Report([], errors=errors, rules=rules, suppressed=suppressed_all,
                           show_suppressed=show_suppressed, color=color)
            write(tail(final, totals))
        else:
            findings_all, sources, documents = [], {}, {}
            for result in results:
                findings_all.extend(result.findings)
                sources[result.path] = result.lines
                suppressed_all.extend(result.suppressed)
                if result.source is not None:
                    documents[result.path] = result.source
            failing = any(SEVERITY_RANK[f.severity] >= threshold for f in findings_all)
            write(reporters()[fmt](Report(findings_all, sources, errors, rules, suppressed_all,
                                          show_suppressed, color, documents=documents,
                                          meta=_run_settings(config, ruleset))))
    for path, message in errors:
        click.echo(f"{path}: {message}", err=True)
    if errors:
        sys.exit(2)
    sys.exit(1 if failing else 0)


@main.command("claims", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the register to this file (atomically) instead of standard output.")
@rules_option
@config_option
@jobs_option
def claims(paths, fmt, output, rules_dirs, config_path, jobs):
    """Write the claims register of PATHS: one row per claim found.

    Each row gives the file, line and column of the claim's sentence, its type
    and cue, the sentence, status, products, indications, modifiers (negated,
    hedged...), how a citation covers it, the markers, the references they
    resolve to and links, and the rules whose findings start in the sentence.
    In CSV, lists are joined with " | ". Files are read in worker processes
    (--jobs), like check; the results cache is not used.
    """
    from .claims.register import COLUMNS
    from .output import AtomicWriter

    config, ruleset, _active = _settings(config_path, rules_dirs)
    errors: list = []
    rows = [row for result in _lint(paths, config, ruleset, None, None, errors, jobs=jobs,
                                    with_claims=True)
            for row in result.claims]
    with AtomicWriter(output) as out:
        write = out.write if output else (lambda text: click.echo(text, nl=False))
        if fmt == "json":
            import json
            write(json.dumps({"claims": rows}, ensure_ascii=False, indent=1) + "\n")
        else:
            import csv
            import io
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: " | ".join(v) if isinstance(v, list) else v for k, v in row.items()})
            write(buffer.getvalue())
    for path, message in errors:
        click.echo(f"{path}: {message}", err=True)
    sys.exit(2 if errors else 0)


@main.command("rules", context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@rules_option
@config_option
def list_rules(fmt, rules_dirs, config_path):
    """List the rules in force."""
    _config_, _ruleset_, active = _settings(config_path, rules_dirs, compile_patterns=False)
    if fmt == "json":
        import json
        click.echo(json.dumps([r.doc() for r in active], indent=2))
        return
    for r in active:
        click.echo(f"{r.id}  {r.severity:<7} {r.category:<17} {r.name}")


@main.command(context_settings=CONTEXT)
@click.argument("rule_id")
@rules_option
def explain(rule_id, rules_dirs):
    """Show a rule's rationale, sources and examples (by id or name)."""
    ruleset = _ruleset(rules_dirs, compile_patterns=False)
    rule = ruleset.by_id(rule_id)
    if rule is None:
        from .suppress import META_RULES
        rule = META_RULES.get(rule_id.upper())
    if rule is None:
        _fail(f"unknown rule {rule_id!r} (see 'ketalint rules')")
    doc = rule.doc()
    wrap = lambda text: textwrap.fill(" ".join(text.split()), 88, initial_indent="  ",  # noqa: E731
                                      subsequent_indent="  ")
    lines = [f"{rule.id} {rule.name} ({rule.category}, {rule.severity})", "",
             "What it flags:", wrap(doc["message"]), "", "Why it matters:", wrap(doc["rationale"]), ""]
    if doc.get("suggestion"):
        lines += ["Write instead:", wrap(doc["suggestion"]), ""]
    lines += ["Sources:"] + [f"  - {ref}" for ref in doc["references"]] + [""]
    if doc["examples"]["flag"]:
        show = lambda ex: f"  - {ex!r}" if "\n" in ex else f"  - {ex}"  # noqa: E731
        lines += ["Flagged:"] + [show(ex) for ex in doc["examples"]["flag"]]
        lines += ["", "Not flagged:"] + [show(ex) for ex in doc["examples"]["pass"]] + [""]
    lines += [f"Defined in {doc['source']}"]
    click.echo("\n".join(lines))


@main.group(context_settings=CONTEXT)
def config():
    """Show or create configuration."""


@config.command("show", context_settings=CONTEXT)
@config_option
def config_show(config_path):
    """Print the settings in force and where each came from."""
    import yaml
    cfg = _config(config_path)
    click.echo(f"# config file: {cfg.path or '(none found; defaults)'}")
    for key, value in cfg.as_dict().items():
        text = yaml.safe_dump({key: value}, default_flow_style=True, sort_keys=False).strip()
        click.echo(f"{text:<60} # from {cfg.sources[key]}")


@main.command(context_settings=CONTEXT)
@click.option("--path", default=".ketalint.yaml", show_default=True, type=click.Path(dir_okay=False))
def init(path):
    """Write a commented starter config (never overwrites a file)."""
    from .config import STARTER
    if os.path.exists(path):
        _fail(f"{path} already exists; not overwriting it")
    from .output import write_atomic
    write_atomic(path, STARTER)
    click.echo(f"wrote {path}")


@main.group(context_settings=CONTEXT)
def baseline():
    """Record current findings so that checks report only new ones."""


@baseline.command("write", context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True)
@rules_option
@config_option
@jobs_option
@_with(cache_options)
def baseline_write(file, paths, rules_dirs, config_path, jobs, no_cache, cache_dir):
    """Record the findings in PATHS as FILE's baseline."""
    from . import baseline as baseline_module
    config, ruleset, _active = _settings(config_path, rules_dirs, compile_patterns=False)
    errors: list = []
    findings = [f for result in _lint(paths, config, ruleset, None, None, errors, jobs=jobs,
                                      use_cache=not no_cache, cache_dir=cache_dir)
                for f in result.findings]
    for path, message in errors:
        click.echo(f"{path}: {message}", err=True)
    baseline_module.write(file, findings)
    click.echo(f"wrote {file}: {len(findings)} finding{'s' if len(findings) != 1 else ''}")
    if errors:
        sys.exit(2)
