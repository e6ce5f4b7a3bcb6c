"""Lint on a Dask cluster (``--dask local``, ``--dask-scheduler ADDRESS``).

``--dask local`` starts a cluster of ``--jobs`` worker processes (one thread
each) on this machine; ``--dask-scheduler ADDRESS`` uses a running one, whose
workers must have the same ketalint installed. The linter is sent to the
cluster once as a worker plugin, so each worker process (and each worker
started later in place of one that died) unpickles the pipeline once; pages go
in tasks of :data:`BATCH`, at most :data:`IN_FLIGHT` tasks per worker at a
time, and come back in order. A task whose worker dies is run again by Dask on
another worker; one whose workers keep dying (Dask's ``allowed-failures``)
gives its pages as ``not checked``, as a dead worker process does with
``--jobs``. The client only reads pages and writes rows.
"""
from __future__ import annotations

import collections
import hashlib
import itertools
import pickle
from typing import Iterator

import dask
import distributed

from .inputs import Page, ScanInputError
from .pages import CheckedPage, PageLinter, not_checked

#: Pages in one Dask task.
BATCH = 16
#: Dask tasks submitted and not yet received, per worker.
IN_FLIGHT = 4

#: Dask settings while a scan is connected. Dask keeps the last
#: ``low-level-log-length`` messages of each connection for debugging (1,000 by
#: default); as each task carries its pages, the scanning process (and the
#: scheduler, which ``--dask local`` runs in it) held up to 1,000 batches of
#: pages, growing with the crawl. Its statistical profiler, which only the
#: dashboard (off here) shows, keeps a tree of stack samples a second for an
#: hour in each worker it starts.
QUIET = {"distributed.admin.low-level-log-length": 16, "distributed.worker.profile.enabled": False}

#: The linters sent to this worker process, by name (see LinterPlugin).
_LINTERS: dict[str, PageLinter] = {}


def _lint_batch(name: str, pages: list[Page]) -> list[CheckedPage]:
    """A Dask task: the pages linted by the linter the plugin ``name`` left here."""
    linter = _LINTERS[name]
    return [linter(page) for page in pages]


class LinterPlugin(distributed.WorkerPlugin):
    """Unpickles the scan's linter once in each worker process (Dask calls
    ``setup`` on every worker, now and when one starts later)."""

    def __init__(self, name: str, linter: bytes):
        self.name, self.linter = name, linter

    def setup(self, worker) -> None:
        if self.name not in _LINTERS:
            _LINTERS[self.name] = pickle.loads(self.linter)

    def teardown(self, worker) -> None:
        _LINTERS.pop(self.name, None)


class DaskEngine:
    """Lint on a Dask cluster: ``scheduler`` is an address, or ``local`` for a
    cluster of ``jobs`` worker processes (one thread each) started here."""

    def __init__(self, scheduler: str, jobs: int):
        self.cluster: distributed.LocalCluster | None = None
        self.client: distributed.Client | None = None
        self.plugin: str | None = None
        # Read as connections, the scheduler and workers are made (a worker
        # started in place of a dead one gets its nanny's copy).
        self.settings = dask.config.set(QUIET)
        try:
            if scheduler == "local":
                self.cluster = distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                        dashboard_address=None)
                self.client = distributed.Client(self.cluster)
            else:
                self.client = distributed.Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ScanInputError(f"--dask-scheduler {scheduler}: cannot connect ({exc})") from None

    def _connected(self) -> distributed.Client:
        assert self.client is not None, "a DaskEngine that was made is connected"
        return self.client

    def _workers(self) -> int:
        return max(1, len(self._connected().scheduler_info(n_workers=-1)["workers"]))

    def map(self, linter: PageLinter, pages: Iterator[Page]) -> Iterator[CheckedPage]:
        client = self._connected()
        if self.plugin is None:
            blob = pickle.dumps(linter)
            self.plugin = f"ketalint-linter-{hashlib.sha256(blob).hexdigest()[:16]}"
            client.register_plugin(LinterPlugin(self.plugin, blob), name=self.plugin)
        plugin = self.plugin
        window = IN_FLIGHT * self._workers()
        batches = iter(lambda: list(itertools.islice(pages, BATCH)), [])
        pending: collections.deque = collections.deque()
        for batch in batches:
            # pure=False: a batch seen twice (two scans) is linted again, not looked up.
            pending.append((batch, client.submit(_lint_batch, plugin, batch, pure=False)))
            while len(pending) >= window:
                yield from self._result(*pending.popleft())
        while pending:
            yield from self._result(*pending.popleft())

    @staticmethod
    def _result(batch: list[Page], future) -> list[CheckedPage]:
        """The pages of ``batch`` linted, or ``not checked`` when Dask gave up
        on the task after its workers died (``allowed-failures``)."""
        try:
            result = future.result()
        except distributed.KilledWorker as exc:
            result = [not_checked(page, str(exc)) for page in batch]
        future.release()
        return result

    def close(self) -> None:
        if self.client is not None:
            if self.plugin is not None and self.cluster is None:
                try:  # a shared cluster's workers need not keep this scan's pipeline
                    self.client.unregister_worker_plugin(self.plugin)
                except Exception:  # noqa: BLE001 - the cluster may be gone; nothing to undo then
                    pass
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.settings.__exit__(None, None, None)
