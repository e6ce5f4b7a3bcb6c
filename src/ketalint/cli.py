"""Command-line interface.

Exit status: 0 when no finding is at or above ``--fail-on`` (or with
``--exit-zero``); 1 when one is; 2 for a usage error, a rule pack or config
error, a file that could not be read, or a rule that had to be skipped (the
other files and rules still run and are reported). No traceback reaches the
user unless ``--debug`` is given.
"""
from __future__ import annotations

import contextlib
import gc
import os
import sys
import textwrap
from typing import NoReturn

import click

from . import __version__
from .errors import FileError
from .reporters import FORMATS

CONTEXT = {"help_option_names": ["-h", "--help"]}
DEBUG = {"on": bool(os.environ.get("KETALINT_DEBUG"))}


def _print_messages(errors) -> None:
    """One line per (path, message) on standard error, control characters escaped."""
    from .printable import printable
    for path, message in errors:
        click.echo(printable(f"{path}: {message}"), err=True)


def _fail(message: str) -> NoReturn:
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


def _settings(config_path, rules_dirs, fail_on=None, require_reason=None, compile_patterns=True,
              select=(), extend_select=(), ignore=(), file_timeout=None):
    """Config, rule set and the rules in force, with command-line overrides
    (``select``, ``extend_select`` and ``ignore`` are the values of --select,
    --extend-select and --ignore). Selectors that name no rule, in the config
    or on the command line, are all reported, then the run stops with exit 2."""
    from .config import apply_to_rules, matches, select_from_command_line, unmatched_selectors
    config = _config(config_path)
    if rules_dirs:
        config.set("rule-packs", config.rule_packs + list(rules_dirs), "command line")
    if fail_on:
        config.set("fail-on", fail_on, "command line")
    if require_reason:
        config.set("require-reason", True, "command line")
    if file_timeout:
        config.set("file-timeout", file_timeout, "command line")
    ruleset = _ruleset(config.rule_packs, compile_patterns)
    problems = unmatched_selectors(config, ruleset.rules)
    selection = {option: [s for value in values for s in value.split(",") if s.strip()]
                 for option, values in (("--select", select), ("--extend-select", extend_select),
                                        ("--ignore", ignore))}
    problems += [f"{option}: {s!r} matches no rule (see 'ketalint rules')"
                 for option, values in selection.items() for s in values
                 if not any(matches(s, r) for r in ruleset.rules)]
    for problem in problems:
        click.echo(f"ketalint: {problem}", err=True)
    if problems:
        sys.exit(2)
    select_from_command_line(config, *selection.values())
    return config, ruleset, apply_to_rules(config, ruleset.rules)


selection_options = [
    click.option(flag, multiple=True, metavar="SELECTORS",
                 help=f"{text} Rule ids, id prefixes, names or categories, comma-separated or repeated.")
    for flag, text in (("--select", "Check only these rules (replaces the config's select)."),
                       ("--extend-select", "Add these rules to the config's select."),
                       ("--ignore", "Also switch off these rules."))]


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
    missing citations in Markdown, MDX, HTML, plain-text and Word copy.
    """
    DEBUG["on"] = DEBUG["on"] or debug


class Stopped(BaseException):
    """Ctrl-C or SIGTERM: the run stops, cleaning up as it goes (worker
    processes, a half-written report), and exits 128 + the signal number."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, _frame) -> None:
    raise Stopped(signum)


def run() -> None:
    """Console entry point: any unexpected error becomes one line and exit 2;
    Ctrl-C exits 130 and SIGTERM 143, with one line and no traceback."""
    # Start-up builds some 170,000 objects that live as long as the process
    # (spaCy, the pipeline, the rule pack) and little garbage: collections while
    # they are made took 0.1-0.16 s of a 1.2 s cold start. Checking turns the
    # collector on for the run (see runner.collector_tuned_for_run).
    gc.disable()
    import signal
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    try:
        main(standalone_mode=True)
    except Stopped as stop:
        click.echo(f"ketalint: stopped ({signal.Signals(stop.signum).name})", err=True)
        sys.exit(128 + stop.signum)
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


def _files(paths, config, errors, output=None, stdin_filename=None) -> list:
    """The files PATHS name (missing ones added to ``errors``), after checking
    that ``output``, if given, can be written and is not one of them. Folders
    that hold no file to check, and, when PATHS take in the whole project (a
    folder at or above its root), per-path-ignores globs that match none of
    its files, are warnings."""
    from .output import OutputError, check_target
    from .paths import collect
    from .project import glob_matches, within
    files, missing, skipped = collect(list(paths), config.include, config.exclude, config.root, stdin_filename)
    errors.extend(missing)
    _print_messages(skipped)
    if not files and not missing:
        click.echo(f"ketalint: warning: no file to check in {', '.join(paths)} "
                   "(see the extensions read and the config's include and exclude)", err=True)
    whole_project = any(os.path.isdir(p) and within(config.root, p) for p in paths)
    for glob in config.per_path_ignores if whole_project else ():
        if not any(glob_matches(f, glob, config.root) for f in files):
            click.echo(f"ketalint: warning: {config.sources['per-path-ignores']}: "
                       f"per-path-ignores: {glob!r} matches no file", err=True)
    if output:
        try:
            check_target(output, files)
        except OutputError as exc:
            _fail(str(exc))
    return files


def _lint(files, errors, options):
    """:func:`ketalint.run.check_files` with notes on standard error and a pack
    that fails to load with its patterns checked reported as a pack error."""
    from .run import check_files
    return check_files(files, options, errors, lambda path, message: _print_messages([(path, message)]))


def _options(config, ruleset, **options):
    """The RunOptions of a command's run (see :class:`ketalint.run.RunOptions`)."""
    from .run import RunOptions
    return RunOptions(config, ruleset, _ruleset, debug=DEBUG["on"], **options)


def _use_color(choice: str, terminal: bool) -> bool:
    """--color: always, never, or auto: FORCE_COLOR (other than 0) turns colour
    on, else NO_COLOR turns it off, else colour goes to a terminal only."""
    if choice != "auto":
        return choice == "always"
    force = os.environ.get("FORCE_COLOR")
    if force:
        return force != "0"
    return terminal and not os.environ.get("NO_COLOR")


@contextlib.contextmanager
def _writer(output, color=False):
    """A function that writes text to the file ``output`` (see
    :mod:`ketalint.output`) or, when it is None, to standard output."""
    from .output import OutputError, OutputFile
    try:
        with OutputFile(output) as out:
            yield out.write if output else (lambda text: click.echo(text, nl=False, color=color))
    except OutputError as exc:
        _fail(str(exc))


def _run_settings(config, ruleset) -> dict:
    """What a report says about the run: packs, facts date, config file."""
    packs = ", ".join(f"{p['name']} {p['version']}".strip() for p in ruleset.packs)
    return {"rule packs": packs, "facts as of": ruleset.facts.as_of,
            "config": config.path or "none (defaults)"}


jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
                           help="Worker processes (default 0: one per core).")


def file_timeout_option(what: str):
    """--file-timeout, whose help starts with ``what``."""
    return click.option("--file-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
                        metavar="SECONDS",
                        help=f"{what} [default: the config's file-timeout, else 20].")


cache_options = [
    click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache."),
    click.option("--cache-dir", type=click.Path(file_okay=False),
                 help="Results cache folder [default: $KETALINT_CACHE_DIR, else "
                      "$XDG_CACHE_HOME/ketalint/<hash of the project folder>]."),
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
              help="Write the report to this file instead of standard output: a regular file is "
                   "replaced whole when the run ends; a link, device or pipe is written in place.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit status 1 [default: warning].")
@rules_option
@config_option
@click.option("--stdin-filename", default=None,
              help="Path to report for '-' (stdin): its extension picks the format, and "
                   "exclude and per-path-ignores match it like a file's path.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline file.")
@click.option("--require-reason", is_flag=True, help="A suppression without '-- reason' is a finding.")
@click.option("--show-suppressed", is_flag=True,
              help="Also report suppressed findings with their reasons (in every format).")
@click.option("--max-file-size", type=click.IntRange(min=1), default=4, show_default=True,
              metavar="MB", help="Refuse files (and standard input) larger than this many megabytes.")
@file_timeout_option("Seconds reading and checking one file may take; a file that takes longer is "
                     "reported as not checked (exit status 2) and the run goes on")
@_with(selection_options)
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when findings reach --fail-on (errors still exit 2).")
@click.option("--statistics", is_flag=True,
              help="Print the number of findings per rule instead of each finding (text and concise).")
@click.option("--color", "color_choice", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Colour the text format; auto: on a terminal, unless NO_COLOR is set "
                   "or FORCE_COLOR says otherwise.")
@jobs_option
@_with(cache_options)
def check(paths, fmt, output, fail_on, rules_dirs, config_path, stdin_filename, baseline_path,
          require_reason, show_suppressed, max_file_size, file_timeout, select, extend_select, ignore,
          exit_zero, statistics, color_choice, jobs, no_cache, cache_dir):
    """Lint PATHS (files, folders, or - for standard input).

    Folders are searched for Markdown (.md, .markdown, .mdown, .mkd), MDX
    (.mdx), HTML (.html, .htm, .xhtml), plain text (.txt, .text) and Word
    (.docx) files; hidden folders and files git ignores are skipped, and so
    are links to files outside the folder and special files (FIFOs, devices),
    with a note. In Word files, line numbers are paragraph numbers. Files are
    checked in worker processes (--jobs) and results are cached outside the
    work tree, signed with your own key (see --cache-dir); unchanged files are
    answered without loading the pipeline. Ctrl-C stops a run with exit status
    130. Suppress a finding with an HTML comment such as
    <!-- ketalint-disable-next-line FDA101 -- reason -->.
    """
    from .findings import SEVERITY_RANK
    from .reporters import RunInfo, make_reporter
    from .suppress import META_RULES

    if statistics and fmt not in ("text", "concise"):
        _fail("--statistics works with --format text or concise")

    # With the cache, the checked rule set is loaded only if some file is not in it.
    config, ruleset, active = _settings(config_path, rules_dirs, fail_on, require_reason,
                                        compile_patterns=no_cache, select=select,
                                        extend_select=extend_select, ignore=ignore,
                                        file_timeout=file_timeout)
    errors: list[FileError] = []
    files = _files(paths, config, errors, output, stdin_filename)
    results = _lint(files, errors, _options(config, ruleset, stdin_filename=stdin_filename,
                                            baseline=_load_baseline(baseline_path),
                                            max_bytes=max_file_size * 1024 * 1024, jobs=jobs,
                                            use_cache=not no_cache, cache_dir=cache_dir,
                                            keep_source=fmt == "html"))
    color = fmt == "text" and _use_color(color_choice, output is None and sys.stdout.isatty())
    rules = list(active) + list(META_RULES.values())
    threshold = SEVERITY_RANK[config.fail_on]
    failing = False
    reporter = make_reporter(fmt, RunInfo(rules, color, show_suppressed, statistics,
                                          _run_settings(config, ruleset), config.root))
    with _writer(output, color) as write:
        write(reporter.start())
        for result in results:
            write(reporter.file(result))
            failing = failing or any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings)
        write(reporter.finish(errors))
    _print_messages(errors)
    if errors:
        sys.exit(2)
    sys.exit(1 if failing and not exit_zero else 0)


@main.command("scan", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False),
              help="Folder of the tables (made if missing); a scan into it again resumes.")
@rules_option
@config_option
@_with(selection_options)
@click.option("--max-page-size", type=click.IntRange(min=1), default=4, show_default=True,
              metavar="MB", help="Skip pages larger than this many megabytes.")
@file_timeout_option("Seconds linting one page may take, also on Dask workers; a page that takes "
                     "longer is in pages.jsonl as not checked, and the scan goes on")
@jobs_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True,
              help="Tables as JSON Lines files, or folders of Parquet parts (pyarrow: 'ketalint[scan]').")
@click.option("--dask", "dask_local", type=click.Choice(["local"]),
              help="Lint on a Dask cluster of --jobs worker processes started here ('ketalint[dask]').")
@click.option("--dask-scheduler", metavar="ADDRESS",
              help="Lint on the Dask cluster of this scheduler (tcp://host:8786).")
def scan_command(inputs, outdir, rules_dirs, config_path, select, extend_select, ignore,
                 max_page_size, file_timeout, jobs, fmt, dask_local, dask_scheduler):
    """Lint the ketamine pages of web archives into tables.

    INPUTS are WARC or WARC.gz files (warcio: pip install 'ketalint[scan]'),
    JSON Lines files (.jsonl: url, html or text, optional fetched_at) and
    folders of HTML files. HTTP responses with status 200 and type text/html
    are read with check's HTML reader; pages whose copy was already seen
    under another URL, and pages whose copy does not name ketamine,
    esketamine or Spravato, are skipped. The rest are linted as check lints
    them, in worker processes (--jobs), into findings.jsonl, pages.jsonl,
    claims.jsonl (the claims register) and domains.jsonl in OUTDIR. Inputs already finished in OUTDIR are not
    read again, so an interrupted scan picks up where it stopped. --format
    parquet writes folders of Parquet parts instead; --dask local or
    --dask-scheduler ADDRESS lint on a Dask cluster, with the same tables.
    """
    from .cache import run_key
    from .run import make_job
    from .runner import default_jobs
    from .scan.inputs import ScanInputError
    from .scan.run import scan, summary

    if dask_local and dask_scheduler:
        _fail("--dask local and --dask-scheduler: give one of them")
    dask = dask_scheduler or dask_local
    config, ruleset, _active = _settings(config_path, rules_dirs, select=select,
                                         extend_select=extend_select, ignore=ignore, file_timeout=file_timeout)
    max_bytes = max_page_size * 1024 * 1024
    settings = run_key(ruleset.digest, {**config.as_dict(), "max-page-size": max_bytes})

    def checker():
        from .api import Linter  # spaCy loads here
        return make_job(config, Linter(ruleset), max_bytes, True, DEBUG["on"]).checker

    try:
        counts, errors = scan(list(inputs), outdir, checker,
                              jobs or default_jobs(), max_bytes, settings, fmt, dask)
    except ScanInputError as exc:
        _fail(str(exc))
    click.echo(f"ketalint: {summary(counts)}; tables in {outdir}", err=True)
    for message in errors:
        click.echo(f"ketalint: {message}", err=True)
    sys.exit(2 if errors else 0)


@main.command("claims", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the register to this file instead of standard output.")
@rules_option
@config_option
@jobs_option
def claims(paths, fmt, output, rules_dirs, config_path, jobs):
    """Write the claims register of PATHS: one row per claim found.

    Each row gives the file, line and column of the claim's sentence, its type
    and cue, the sentence, status, products, indications, modifiers (negated,
    hedged...), how a citation covers it, the markers, the references they
    resolve to and links, and the rules whose findings start in the sentence.
    The CSV starts with a UTF-8 byte-order mark (for Excel), joins lists
    with " | ", decodes character references such as &amp; in copy, and
    starts a cell that begins with =, +, - or @ with ' so that no spreadsheet
    runs it as a formula. Files are read in worker processes (--jobs), like
    check; the results cache is not used.
    """
    from .claims.register import COLUMNS

    config, ruleset, _active = _settings(config_path, rules_dirs)
    errors: list[FileError] = []
    files = _files(paths, config, errors, output)
    rows = [row for result in _lint(files, errors, _options(config, ruleset, jobs=jobs, with_claims=True))
            for row in result.claims]
    with _writer(output) as write:
        if fmt == "json":
            import json
            write(json.dumps({"claims": rows}, ensure_ascii=False, indent=1) + "\n")
        else:
            from .register_csv import register_csv
            write(register_csv(rows, COLUMNS))
    _print_messages(errors)
    sys.exit(2 if errors else 0)


@main.command("rules", context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@rules_option
@config_option
@_with(selection_options)
def list_rules(fmt, rules_dirs, config_path, select, extend_select, ignore):
    """List the rules in force: every rule a check can report, the KTL
    rules about suppression comments included (KTL003 only when
    require-reason is on, KTL101 only with a claims-library)."""
    from .suppress import META_RULES
    config, _ruleset_, active = _settings(config_path, rules_dirs, compile_patterns=False, select=select,
                                          extend_select=extend_select, ignore=ignore)
    off = {"KTL003": not config.require_reason, "KTL101": config.library is None}
    active = active + [r for r in META_RULES.values() if not off.get(r.id)]
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
    from .rule_help import rule_help
    about = rule_help(rule)
    wrap = lambda text: textwrap.fill(text, 88, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
    lines = [f"{about.id} {about.name} ({about.category}, {about.severity})", "",
             "What it flags:", wrap(about.message), "", "Why it matters:", wrap(about.rationale), ""]
    if about.suggestion:
        lines += ["Write instead:", wrap(about.suggestion), ""]
    lines += ["Sources:"] + [f"  - {ref}" for ref in about.references] + [""]
    if about.examples["flag"]:
        show = lambda ex: f"  - {ex!r}" if "\n" in ex else f"  - {ex}"  # noqa: E731
        lines += ["Flagged:"] + [show(ex) for ex in about.examples["flag"]]
        lines += ["", "Not flagged:"] + [show(ex) for ex in about.examples["pass"]] + [""]
    lines += [f"Defined in {about.source}"]
    click.echo("\n".join(lines))


@main.group(context_settings=CONTEXT)
def config():
    """Show the configuration in force (``init`` writes a starter file)."""


@config.command("show", context_settings=CONTEXT)
@config_option
def config_show(config_path):
    """Print the settings in force as YAML, with where each came from."""
    import yaml
    cfg = _config(config_path)
    click.echo(f"# config file: {cfg.path or '(none found; defaults)'}")
    for key, value in cfg.as_dict().items():
        text = yaml.safe_dump(value, default_flow_style=True, width=float("inf")).removesuffix("\n...\n")
        click.echo(f"{key + ': ' + text.strip():<60} # from {cfg.sources[key]}")


@main.command(context_settings=CONTEXT)
@click.option("--path", default=".ketalint.yaml", show_default=True, type=click.Path(dir_okay=False))
def init(path):
    """Write a commented starter config (never overwrites a file)."""
    from .config import STARTER
    if os.path.exists(path):
        _fail(f"{path} already exists; not overwriting it")
    with _writer(path) as write:
        write(STARTER)
    click.echo(f"wrote {path}")


@main.command(context_settings=CONTEXT)
@rules_option
@config_option
def server(rules_dirs, config_path):
    """Run the language server on standard input and output (for editors).

    Diagnostics, hovers and "disable for this line" code actions for the files
    an editor opens: check's findings, with the config check finds from each
    file's folder upward, its rules and suppressions. Needs the [server] extra
    (pygls). See the README for VS Code, Neovim and Helix.
    """
    try:
        from .server import serve
    except ImportError as exc:
        _fail(f"the server needs pygls ({exc}); install it with: pip install 'ketalint[server]'")
    from .settings import Settings
    serve(Settings(config_path, rules_dirs))


@main.command(context_settings=CONTEXT)
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The Word file to write (never SOURCE).")
@rules_option
@config_option
def annotate(source, output, rules_dirs, config_path):
    """Write a Word file with SOURCE's findings as comments.

    A Word SOURCE is copied with each finding as a comment by "ketalint",
    anchored on exactly the flagged words, giving the rule, message, what to
    write instead and the sources; document findings are comments on the first
    paragraph. Annotating an annotated file adds no comment twice. A Markdown,
    MDX, HTML or text SOURCE becomes a Word file of its copy (one paragraph per
    block, markup left out) with the same comments. SOURCE is never changed.
    Config, rules and suppressions are those of check.
    """
    from .annotate import annotate_file
    from .readers import InputError
    from .rules import PackError
    from .settings import Settings
    if os.path.exists(output) and os.path.exists(source) and os.path.samefile(source, output):
        _fail(f"{output}: is the input file; write the annotated copy elsewhere")
    try:
        added, result = annotate_file(source, output, Settings(config_path, rules_dirs))
    except (InputError, PackError) as exc:
        _fail(f"{source}: {exc}" if isinstance(exc, InputError) else str(exc))
    for message in result.errors:
        click.echo(f"{source}: {message}", err=True)
    click.echo(f"wrote {output}: {added} comment{'s' if added != 1 else ''} added "
               f"for {len(result.findings)} finding{'s' if len(result.findings) != 1 else ''}")
    sys.exit(2 if result.errors else 0)


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
    errors: list[FileError] = []
    files = _files(paths, config, errors, file)
    findings = [f for result in _lint(files, errors, _options(config, ruleset, jobs=jobs,
                                                              use_cache=not no_cache, cache_dir=cache_dir))
                for f in result.findings]
    _print_messages(errors)
    with _writer(file) as write:
        write(baseline_module.dumps(findings, config.root))
    click.echo(f"wrote {file}: {len(findings)} finding{'s' if len(findings) != 1 else ''}")
    if errors:
        sys.exit(2)
