"""Dask distributed: a scheduler at ``dask_address``, or a LocalCluster of ``max_workers``.

Workers need the same petsard version (and extras) installed; on a cluster at
``dask_address`` file paths in the config are read where the Loader runs, on a worker, so they
must be readable there (or use shared storage); the run's own cluster runs Loaders in this
process while its workers start. Parent outputs travel to workers with the task; each is
scattered once and reused by every child that needs it. An output with several children is
copied to as many workers: Dask runs a task only where its data already is, so with one copy
the children would queue on one worker until work stealing moved them (0.7-1.5 s idle per
fan-out, measured).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import Future
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
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
FORKSERVER = "forkserver" in multiprocessing.get_all_start_methods()
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


def _finished(result: NodeResult) -> Future:
    """A node run in this process, as a future already done."""
    future: Future = Future()
    future.set_result(result)
    return future


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


def _start_forkserver(methods: list[type[Method]]) -> None:
    """Start the server the cluster's workers are forked from, without waiting for it: it
    imports distributed, pandas and the run's methods with their libraries (SDV: about 3 s)
    while this process prepares the run and starts the scheduler. The methods are named in
    an environment variable it inherits (``WARM_IMPORTS`` reads it), with one thread per
    worker for numpy and torch, which size their thread pools as they load. A server already
    running (an earlier run in this process) is kept as it is. Where there is no forkserver
    (Windows), workers are spawned and import what they need themselves."""
    if not FORKSERVER:
        return
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["distributed", "pandas", WARM_IMPORTS])
    settings = {name: os.environ.get(name, "1") for name in THREAD_VARIABLES}
    settings[METHODS_VARIABLE] = ",".join(f"{m.__module__}:{m.__qualname__}" for m in methods)
    before = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        with interrupts.held(), _starting_workers():
            forkserver.ensure_running()
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class DaskBackend(PoolBackend):
    name = "dask"

    def __init__(self, max_workers: int | None, address: str | None,
                 methods: list[type[Method]]) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise MissingDependencyError("dask[distributed]", "dask", "backend: dask") from exc
        super().__init__(max_workers or os.cpu_count() or 1)
        self._cluster: Any = None
        self._client: Any = None
        self._scattered: dict[int, Any] = {}
        self._plan: Any = None
        self._warm = False
        if address:
            self._client = Client(address)
        else:
            _start_forkserver(methods)

    def _start_cluster(self) -> None:
        """A LocalCluster of ``max_workers`` workers, forked from the server started with the
        backend (``_start_forkserver``)."""
        import dask
        from distributed import Client, LocalCluster

        settings: dict[str, Any] = {
            # The statistical profiler samples each task's stack every 10 ms, and the event
            # loop checks its health every 20 ms: GIL time taken from the fits, for a
            # dashboard we do not start. Memory and system checks once a second.
            "distributed.worker.profile.enabled": False,
            "distributed.admin.tick.interval": "1s",
            "distributed.admin.system-monitor.interval": "1s",
            "distributed.worker.memory.monitor-interval": "1s",
            # The nanny's MALLOC_TRIM_THRESHOLD_ slows pandas work about 2x (measured here).
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
        }
        if FORKSERVER:
            # Workers forked from a server that has loaded dask, pandas and the run's methods
            # start ready to work, and stop in milliseconds rather than a second; their
            # thread counts were set where numpy loaded, in that server.
            settings["distributed.worker.multiprocessing-method"] = "forkserver"
            settings["distributed.nanny.pre-spawn-environ"] = {}
        try:
            # Only while the cluster starts (nannies and workers keep what they read): the
            # user's own Dask settings are left as they were.
            with (dask.config.set(settings), interrupts.held(),
                  _starting_workers()):  # started whole, then stopped
                self._cluster = LocalCluster(n_workers=self.max_workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
        except BaseException:  # e.g. Ctrl-C as it started: stop what did start
            self.close()
            raise

    def _scatter(self, output: NodeOutput, copies: int) -> Any:
        key = id(output)
        if key not in self._scattered:
            future = self._client.scatter(output, hash=False,
                                          broadcast=copies if copies > 1 else False)
            self._scattered[key] = (future, output)
        return self._scattered[key][0]

    def _copies(self, task: NodeTask) -> int:
        """Workers that should hold the parent's output: one per child that may run at once.
        (Older ancestors' outputs were scattered when their own children ran.)"""
        parent = self._plan.nodes[task.node_key].parent
        return min(len(self._plan.nodes[parent].children), self.max_workers)

    def run(self, plan: Any, prepare: Any, complete: Any) -> None:
        self._plan = plan
        if self._client is not None and not self._warm:
            self._warm_workers()
        super().run(plan, prepare, complete)

    def _warm_workers(self) -> None:
        """Import petsard and heavy libraries (e.g. SDV) on every worker at once, before the
        first task, rather than one worker after the other as tasks arrive."""
        operators = list({node.spec.operator: None for node in self._plan.dfs()})
        self._client.run(_warm_worker, self._plan.method_classes(), operators)
        self._warm = True

    def forget(self, output: Any) -> None:
        held = self._scattered.pop(id(output), None)
        if held is not None:
            held[0].release()

    def submit(self, task: NodeTask) -> Any:
        if self._client is None:  # the run's own cluster, not started yet
            if not task.ancestors:
                # A root (a Loader) runs here while the forkserver imports the methods; its
                # output goes to the workers as a worker's would.
                return _finished(execute(task))
            self._start_cluster()
            self._warm_workers()
        modules = list(task.ancestors)
        copies = self._copies(task) if modules else 1
        futures = [self._scatter(task.ancestors[m][1], copies) for m in modules]
        light = NodeTask(task.node_key, task.spec, task.seed,
                         {m: (task.ancestors[m][0], None) for m in modules}, task.run,
                         task.run_seed, task.later)
        return self._client.submit(_execute_parts, light, modules, *futures, pure=False,
                                   key=f"petsard-{task.node_key}-{id(task)}")

    def wait_any(self, futures: list[Any]) -> list[Any]:
        from distributed import wait

        finished_here = [f for f in futures if isinstance(f, Future)]
        if finished_here:
            return finished_here
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
        remote = [f for f in self.running if not isinstance(f, Future)]
        if remote:
            self._client.cancel(remote, force=True)
        self.running.clear()
        self.close()
