"""The watchdog of pattern searches and of the time a file may take.

A pack pattern that backtracks catastrophically must stop with
:class:`PatternTimeout` instead of hanging a run, and a file must not take
longer than its budget (:class:`BudgetExceeded`). Both are watched by one
interval timer (:func:`watched`) rather than a timeout per search; this module
holds that timer and what it watches, :mod:`ketalint.patterns` the patterns.
"""
from __future__ import annotations

import contextlib
import threading
import time

#: Seconds one search of a pack pattern may take before it is abandoned; a
#: pattern that backtracks catastrophically must not hang a run.
PATTERN_TIMEOUT = 2.0


class PatternFailure(Exception):
    """A pack pattern could not be searched; ``reason`` says why and
    ``source`` names the pattern."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{reason}: {source}")
        self.source, self.reason = source, reason


class PatternTimeout(PatternFailure):
    """A search exceeded PATTERN_TIMEOUT."""

    def __init__(self, source: str):
        super().__init__(source, f"a pattern took over {PATTERN_TIMEOUT:g} s")


class BudgetExceeded(BaseException):
    """The block :func:`watched` guards ran past its ``budget``. A
    BaseException, like KeyboardInterrupt, so that no ``except Exception`` on
    the way (in ketalint, spaCy or the standard library) swallows it."""

    def __init__(self, budget: float):
        super().__init__(f"took longer than {budget:g} s")
        self.budget = budget


class _Watch(threading.local):
    """What :func:`watched` guards in this thread: with its timer (``on``),
    the search in progress, if any; and when the whole block must end
    (``deadline``; None: no limit)."""

    def __init__(self):
        self.on, self.pattern, self.started = False, None, 0.0
        self.budget, self.deadline = None, None
        self.budget_binds = False

    def search_timeout(self, pattern_left: float | None = None) -> float:
        """Seconds the next search may take without the timer: ``pattern_left``
        (default PATTERN_TIMEOUT), or what is left of the block's budget when
        that is less (:class:`BudgetExceeded` when nothing is)."""
        if pattern_left is None:
            pattern_left = PATTERN_TIMEOUT
        if self.deadline is None:
            self.budget_binds = False
            return pattern_left
        budget_left = self.deadline - time.monotonic()
        if budget_left <= 0:
            raise BudgetExceeded(self.budget)
        self.budget_binds = budget_left < pattern_left
        return min(pattern_left, budget_left)

    def timed_out(self, pattern: str) -> BaseException:
        """What to raise when the search given :meth:`search_timeout` timed out."""
        return BudgetExceeded(self.budget) if self.budget_binds else PatternTimeout(pattern)


#: What is watched in this thread; :class:`ketalint.patterns.TimedPattern` sets the search.
WATCH = _Watch()


def _on_tick(signum, frame):
    now = time.monotonic()
    if WATCH.deadline is not None and now > WATCH.deadline:
        WATCH.deadline, WATCH.pattern = None, None
        raise BudgetExceeded(WATCH.budget)
    pattern = WATCH.pattern
    if pattern is not None and now - WATCH.started > PATTERN_TIMEOUT:
        WATCH.pattern = None
        raise PatternTimeout(pattern)


#: Seconds between two looks of the watchdog at the clock, at most.
MAX_TICK = PATTERN_TIMEOUT / 4


@contextlib.contextmanager
def watched(budget: float | None = None):
    """Searches made in this block are guarded by one timer instead of a
    timeout each: a SIGALRM every quarter of PATTERN_TIMEOUT abandons a search
    that has run longer than PATTERN_TIMEOUT (``regex`` checks for signals
    while it matches). Passing a timeout costs a ``regex`` search about 2 µs,
    several times what most searches of a sentence take, and a page has
    hundreds of searches.

    With a ``budget`` (seconds), the block as a whole is stopped with
    :class:`BudgetExceeded` once it has run that long, whatever it is doing
    in Python or in a ``regex`` search (code in C that does not look for
    signals, such as spaCy's tokenizer, is stopped when it returns).

    Only the main thread of a process receives signals. Elsewhere (Dask's
    worker threads, say) and on systems without interval timers, each search
    keeps its own timeout, cut to what is left of the ``budget``: a block
    whose budget runs out in a search, or before one starts, stops with
    :class:`BudgetExceeded` as with the timer (code that searches no pattern
    runs to its next search first). Inside another such block nothing more is
    watched. The signal handler and timer in force before are given back at
    the end."""
    import signal  # here: commands that only describe rules never search
    if WATCH.on or WATCH.deadline is not None:
        yield
    elif not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        with _budget(budget):
            yield
    else:
        with _timer(signal, budget):
            yield


@contextlib.contextmanager
def _budget(budget: float | None):
    """The block ends with :class:`BudgetExceeded` at the first search past
    ``budget`` seconds (see :meth:`_Watch.search_timeout`)."""
    WATCH.budget = budget
    WATCH.deadline = None if budget is None else time.monotonic() + budget
    try:
        yield
    finally:
        WATCH.budget, WATCH.deadline = None, None


@contextlib.contextmanager
def _timer(signal, budget: float | None):
    """The block watched by a SIGALRM every quarter of PATTERN_TIMEOUT (or of ``budget``)."""
    tick = MAX_TICK if budget is None else min(MAX_TICK, budget / 4)
    previous_handler = signal.signal(signal.SIGALRM, _on_tick)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, tick, tick)
    WATCH.on = True
    WATCH.budget = budget
    WATCH.deadline = None if budget is None else time.monotonic() + budget
    try:
        yield
    finally:
        WATCH.on, WATCH.pattern, WATCH.deadline = False, None, None
        signal.setitimer(signal.ITIMER_REAL, *previous_timer)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous_handler is None else previous_handler)
