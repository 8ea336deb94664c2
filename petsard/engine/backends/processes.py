"""Local worker processes (concurrent.futures), for using every core of one machine."""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from petsard import interrupts
from petsard.engine.backends.base import PoolBackend
from petsard.engine.node_task import NodeResult, NodeTask, execute, failed_result
from petsard.plan import Plan

STOP_GRACE = 5.0  # seconds a stopped worker has to unwind its task before it is killed


def _start_worker() -> None:
    """One thread per worker: several BLAS/torch threads per process fight on few cores.
    Ctrl-C is the run's to handle, not the worker's (see ``interrupts.worker_signals``)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    interrupts.worker_signals()


def _execute_in_worker(task: NodeTask) -> NodeResult:
    try:
        return execute(task)
    except SystemExit as exc:
        if exc.code == 128 + signal.SIGTERM:  # stopped by the run: the task has unwound
            os._exit(exc.code)
        raise


class ProcessBackend(PoolBackend):
    """A process pool; a worker that dies (killed, out of memory) fails the nodes it held and
    the pool is started again for the rest."""

    name = "processes"

    def __init__(self, max_workers: int | None) -> None:
        super().__init__(max_workers or os.cpu_count() or 1)
        # fork where there is one: workers start at once with petsard already imported, and a
        # user's script is not re-run in them (spawn re-imports __main__). The pool is made
        # before the driver starts any thread of its own.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._context = multiprocessing.get_context(method)
        self._pool: ProcessPoolExecutor | None = None

    def run(self, plan: Plan, prepare: Any, complete: Any) -> None:
        # Forked workers inherit what the driver imported: import heavy libraries once here
        # (e.g. SDV, ~4 s) rather than once in every worker.
        if self._context.get_start_method() == "fork":
            for method in plan.method_classes():
                method.preload()
        super().run(plan, prepare, complete)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.max_workers, mp_context=self._context,
                                             initializer=_start_worker)
        return self._pool

    def submit(self, task: NodeTask) -> Future:
        # Workers are started here: they are born with SIGINT and SIGTERM blocked, until they
        # have set their own handlers (Ctrl-C reaches them too); the run gets its signal
        # once the task is submitted whole.
        with interrupts.held(), interrupts.blocked():
            try:
                return self._executor().submit(_execute_in_worker, task)
            except BrokenProcessPool:
                self._restart()
                return self._executor().submit(_execute_in_worker, task)

    def wait_any(self, futures: list[Any]) -> list[Any]:
        done, _ = wait(futures, return_when=FIRST_COMPLETED)
        return [f for f in futures if f in done]

    def result(self, future: Future, task: NodeTask) -> NodeResult:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            self._restart()
            return failed_result(task, RuntimeError(
                f"the worker process running this node died ({exc}): killed, or out of memory"))
        except Exception as exc:  # unpicklable result or another transport failure
            return failed_result(task, exc)

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def abort(self) -> None:
        """SIGTERM to every worker: its task unwinds (temporary files removed) and it exits;
        one still there after STOP_GRACE seconds is killed."""
        self.running.clear()
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # No public way to reach a pool's processes before Python 3.14 (terminate_workers).
        workers = list((getattr(pool, "_processes", None) or {}).values())
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(STOP_GRACE)
        for worker in workers:
            if worker.is_alive():
                worker.kill()
                worker.join(1.0)
        pool.shutdown(wait=True, cancel_futures=True)
