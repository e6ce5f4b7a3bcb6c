"""Worker processes that survive the death of one of them.

Items are handed out in batches, one batch per worker at a time over the
worker's own pipe, so the parent always knows which items a worker holds, and
results come back in the order of the items. A worker that dies (killed by the
system when memory runs out, say) is noticed as soon as its pipe closes: the
items of its batch are handed out again one at a time, and an item whose worker
dies while holding it alone gets ``on_death(item, reason)`` as its result. The
other items are processed as usual, so the run always ends. An exception in
``function`` is raised again in the parent, as ``multiprocessing.Pool`` does.

Workers are forked (they start with everything the parent has built) and
ignore Ctrl-C: the parent, interrupted, stops them, so an interrupted run
prints no traceback from them.
"""
from __future__ import annotations

import collections
import multiprocessing
import signal
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterator, TypeVar, cast

Item = TypeVar("Item")
Result = TypeVar("Result")


#: Held back while a worker starts, so that the parent, interrupted, always
#: knows of every worker it has to stop.
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _serve(connection, parent_end, function: Callable) -> None:
    """A worker's life: batches in, lists of results out, until the parent
    stops it (or goes: then the pipe closes)."""
    parent_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    while True:
        try:
            batch = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send((True, [function(item) for item in batch]))
        except Exception as exc:  # noqa: BLE001 - raised again in the parent, as Pool.imap does
            connection.send((False, exc))


class _Worker:
    """A started worker process; call with ``_STOP_SIGNALS`` blocked."""

    def __init__(self, context, function: Callable):
        self.connection: Connection
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end, self.connection, function),
                                       daemon=True)
        self.process.start()
        child_end.close()  # the parent's copy: the pipe must close when the worker dies
        self.batch: tuple[int, list[Any]] = (0, [])  # (index of the first item, items held)

    def death(self) -> str:
        """Why the worker ended, for a message."""
        self.process.join(1)
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"its worker process was killed ({signal.Signals(-code).name})"
        return f"its worker process ended (exit status {code})"

    def stop(self) -> None:
        self.process.kill()
        self.process.join(1)
        self.connection.close()


def run_in_workers(function: Callable[[Item], Result], items: list[Item], workers: int, batch_size: int,
                   on_death: Callable[[Item, str], Result]) -> Iterator[Result]:
    """``function(item)`` for each item, computed in ``workers`` forked
    processes and yielded in the order of ``items``."""
    context = multiprocessing.get_context("fork")
    queue = collections.deque((start, items[start:start + batch_size])
                              for start in range(0, len(items), batch_size))
    done: dict[int, Result] = {}
    idle: list[_Worker] = []
    busy: dict[Connection, _Worker] = {}  # by connection
    following = 0
    try:
        while following < len(items):
            while queue and len(busy) < workers:
                if not idle:
                    signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
                    try:
                        idle.append(_Worker(context, function))
                    finally:
                        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
                worker = idle[-1]
                busy[worker.connection] = worker  # (in both for a moment: never in neither)
                idle.pop()
                worker.batch = queue.popleft()
                worker.connection.send(worker.batch[1])
            for ready in wait(list(busy)):
                connection = cast(Connection, ready)  # wait() gives back what it was given
                worker = busy[connection]
                start, batch = worker.batch
                try:
                    succeeded, results = connection.recv()
                except (EOFError, OSError):
                    reason = worker.death()
                    worker.stop()
                    del busy[connection]
                    if len(batch) > 1:  # find which item it was: one at a time
                        queue.extendleft(reversed([(start + i, [item]) for i, item in enumerate(batch)]))
                    else:
                        done[start] = on_death(batch[0], reason)
                    continue
                if not succeeded:
                    raise results
                done.update((start + i, result) for i, result in enumerate(results))
                idle.append(worker)
                del busy[connection]
            while following in done:
                yield done.pop(following)
                following += 1
    finally:  # done, or interrupted: idle workers hold nothing, busy ones are abandoned
        for worker in set(idle) | set(busy.values()):
            worker.stop()
