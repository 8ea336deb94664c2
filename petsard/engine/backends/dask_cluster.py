"""Dask distributed: a scheduler at ``dask_address``, or a LocalCluster of ``max_workers``.

Workers need the same petsard version (and extras) installed; file paths in the config are
read where the Loader runs, on a worker, so they must be readable there (or use shared
storage). Parent outputs travel to workers with the task; each is scattered once and reused
by every child that needs it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from petsard import interrupts
from petsard.engine.backends.base import PoolBackend
from petsard.engine.context import NodeOutput
from petsard.engine.node_task import NodeResult, NodeTask, execute, failed_result
from petsard.exceptions import MissingDependencyError
from petsard.method import Method

# The forkserver's preload module and the variable naming the methods it imports.
WARM_IMPORTS = "petsard.engine.backends.warm_imports"
METHODS_VARIABLE = "PETSARD_DASK_PRELOAD"
WAIT_SLICE = 0.5  # seconds: how long a Ctrl-C may wait for a wait on the cluster to end


def _execute_parts(task: NodeTask, modules: list[str], *outputs: NodeOutput) -> NodeResult:
    """Rebuild the task on the worker from its scattered ancestor outputs."""
    experiments = {m: task.ancestors[m][0] for m in modules}
    task.ancestors = {m: (experiments[m], out) for m, out in zip(modules, outputs, strict=True)}
    return execute(task)


def _warm_worker(methods: list[type[Method]], operators: list[type]) -> None:
    """Runs on each worker: the classes arrive pickled by name, so receiving them imports
    their modules (operators included); then heavy libraries are imported once."""
    for method in methods:
        method.preload()


@contextmanager
def _starting_workers() -> Iterator[None]:
    """Ctrl-C reaches every process of the terminal, but only the run decides: worker
    processes started inside inherit SIGINT ignored. The run's own thread keeps SIGINT and
    SIGTERM blocked meanwhile, so one sent then reaches the run when this ends (unless
    another of its threads took a Ctrl-C while it was ignored)."""
    if not interrupts.in_main_thread():
        yield
        return
    with interrupts.blocked():
        handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, handler)


class DaskBackend(PoolBackend):
    name = "dask"

    def __init__(self, max_workers: int | None, address: str | None) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise MissingDependencyError("dask[distributed]", "dask", "backend: dask") from exc
        super().__init__(max_workers or os.cpu_count() or 1)
        self._cluster: Any = None
        self._client: Any = None
        self._scattered: dict[int, Any] = {}
        if address:
            self._client = Client(address)

    def _start_cluster(self, methods: list[type[Method]]) -> None:
        """A LocalCluster of ``max_workers`` workers, each forked from a server that has
        imported the run's methods and their heavy libraries once (``WARM_IMPORTS``)."""
        import dask
        from distributed import Client, LocalCluster
        from distributed.utils import get_mp_context

        dask.config.set({
            # The nanny's MALLOC_TRIM_THRESHOLD_ slows pandas work about 2x (measured here).
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
            "distributed.nanny.environ.OMP_NUM_THREADS": 1,
            # The statistical profiler samples each task's stack every 10 ms, and the event
            # loop checks its health every 20 ms: GIL time taken from the fits, for a
            # dashboard we do not start. Memory and system checks once a second.
            "distributed.worker.profile.enabled": False,
            "distributed.admin.tick.interval": "1s",
            "distributed.admin.system-monitor.interval": "1s",
            "distributed.worker.memory.monitor-interval": "1s",
            # Workers forked from a server that has loaded dask, pandas and the run's methods
            # start ready to work, and stop in milliseconds rather than about a second.
            "distributed.worker.multiprocessing-method": "forkserver",
        })
        get_mp_context().set_forkserver_preload(["distributed", "pandas", WARM_IMPORTS])
        named = ",".join(f"{m.__module__}:{m.__qualname__}" for m in methods)
        before = os.environ.get(METHODS_VARIABLE)
        os.environ[METHODS_VARIABLE] = named  # read by the forkserver as it starts
        try:
            with interrupts.held(), _starting_workers():  # started whole, then stopped
                self._cluster = LocalCluster(n_workers=self.max_workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
        except BaseException:  # e.g. Ctrl-C as it started: stop what did start
            self.close()
            raise
        finally:
            if before is None:
                os.environ.pop(METHODS_VARIABLE, None)
            else:
                os.environ[METHODS_VARIABLE] = before

    def _scatter(self, output: NodeOutput) -> Any:
        key = id(output)
        if key not in self._scattered:
            self._scattered[key] = (self._client.scatter(output, hash=False), output)
        return self._scattered[key][0]

    def run(self, plan: Any, prepare: Any, complete: Any) -> None:
        # Import petsard and heavy libraries (e.g. SDV) on every worker at once, before the
        # first task, rather than one worker after the other as tasks arrive.
        specs = [node.spec for node in plan.dfs()]
        methods = list({s.method_cls: None for s in specs})
        if self._client is None:
            self._start_cluster(methods)
        self._client.run(_warm_worker, methods, list({s.operator: None for s in specs}))
        super().run(plan, prepare, complete)

    def forget(self, output: Any) -> None:
        held = self._scattered.pop(id(output), None)
        if held is not None:
            held[0].release()

    def submit(self, task: NodeTask) -> Any:
        modules = list(task.ancestors)
        futures = [self._scatter(task.ancestors[m][1]) for m in modules]
        light = NodeTask(task.node_key, task.spec, task.seed,
                         {m: (task.ancestors[m][0], None) for m in modules}, task.run,
                         task.run_seed, task.later)
        return self._client.submit(_execute_parts, light, modules, *futures, pure=False,
                                   key=f"petsard-{task.node_key}-{id(task)}")

    def wait_any(self, futures: list[Any]) -> list[Any]:
        from distributed import wait

        while True:
            # In short waits, each whole: Ctrl-C raised inside distributed's own wait trips
            # an error in its clean-up, so the signal is held to the end of a wait.
            with interrupts.held():
                try:
                    done, _ = wait(futures, timeout=WAIT_SLICE, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    continue
            return [f for f in futures if f in done]

    def result(self, future: Any, task: NodeTask) -> NodeResult:
        try:
            return future.result()
        except Exception as exc:  # KilledWorker, transport errors...
            return failed_result(task, RuntimeError(
                f"the Dask worker running this node failed: {type(exc).__name__}: {exc}"))

    def close(self) -> None:
        self._scattered.clear()
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def abort(self) -> None:
        """Cancel the running tasks; closing the client releases the data sent to workers,
        and a local cluster's worker processes end with it."""
        if self.running:
            self._client.cancel(list(self.running), force=True)
        self.running.clear()
        self.close()
