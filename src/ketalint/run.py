"""The run layer: files and the options of a run in, one result per file out.

``check``, ``claims`` and ``baseline write`` differ in what they do with the
results, not in how files are checked, so they share :func:`check_files`;
``scan``, the language server and ``annotate`` (through
:class:`ketalint.settings.Settings`) build their checkers with :func:`make_job`
as they do. Command-line concerns (messages, exit statuses) stay in
:mod:`ketalint.cli`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from .errors import FileError

if TYPE_CHECKING:  # imported when files are checked: commands that only describe rules stay quick
    from .api import Linter
    from .checker import FileResult
    from .config import Config
    from .rules import RuleSet
    from .runner import Job


@dataclass
class RunOptions:
    """How the files of one run are checked."""

    config: Config
    #: May be loaded without its patterns checked (``ruleset.checked`` False):
    #: then ``load_checked`` loads the one that runs the pipeline, only if
    #: some file is not answered by the cache.
    ruleset: RuleSet
    load_checked: Callable[[list[str]], RuleSet]
    stdin_filename: str | None = None
    #: Fingerprints of findings to leave out (``--baseline``).
    baseline: set[str] | None = None
    max_bytes: int | None = None
    jobs: int = 0
    use_cache: bool = True
    cache_dir: str | None = None
    #: Keep each file's source (for the HTML report).
    keep_source: bool = False
    #: Add claims register rows to each result; the cache does not keep them,
    #: so such runs neither read nor write it.
    with_claims: bool = False
    #: Raise internal errors instead of reporting them as the file's errors.
    debug: bool = False


def make_job(config: Config, linter: Linter, max_bytes: int, with_claims: bool = False,
             debug: bool = False) -> Job:
    """What checking a file needs: the linter (its pipeline) and the rules the config puts in force."""
    from .checker import Checker
    from .config import apply_to_rules
    from .runner import Job
    checker = Checker(linter, apply_to_rules(config, linter.ruleset.rules), config, debug,
                      with_claims=with_claims)
    return Job(checker, max_bytes)


def check_files(files: list[str], options: RunOptions, errors: list[FileError],
                note: Callable[[str, str], None]) -> Iterator[FileResult]:
    """A FileResult per file, in the order given. Files that could not be read
    or checked fully are added to ``errors``; ``note(path, message)`` says
    what a reader should know (a file not in UTF-8)."""
    from . import cache as cache_module
    from .baseline import new_findings
    from .progress import Progress
    from .readers import DEFAULT_MAX_BYTES
    from .runner import Runner, default_jobs

    config, ruleset = options.config, options.ruleset
    max_bytes = options.max_bytes or DEFAULT_MAX_BYTES

    def job() -> Job:
        from .api import Linter  # spaCy loads here
        checked = ruleset if ruleset.checked else options.load_checked(config.rule_packs)
        return make_job(config, Linter(checked), max_bytes, options.with_claims, options.debug)

    # Globs match paths relative to the root, so results depend on it too (see
    # Config.run_settings); the time budget does not: a result that ran out of
    # time is never kept.
    key = cache_module.run_key(ruleset.digest, config.run_settings())
    cache = cache_module.Cache(options.cache_dir or cache_module.default_dir(config.path), key,
                               options.use_cache and not options.with_claims)
    bar = Progress(len(files))
    runner = Runner(job, cache, options.jobs or default_jobs(), max_bytes, options.stdin_filename,
                    bar.update, options.keep_source, config.html_skip)
    try:
        for result in runner.results(files):
            if result.encoding not in (None, "utf-8", "utf-16", "utf-32"):
                note(result.path, f"note: not UTF-8; read as {result.encoding}")
            errors.extend(FileError(result.path, reason) for reason in result.errors)
            if options.baseline is not None:
                result.findings = new_findings(result.findings, options.baseline, config.root)
            yield result
    finally:
        bar.close()
