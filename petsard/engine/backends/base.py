"""What a backend is: it walks the plan, asks the driver for each node's task once its
parent is done, runs it, and hands the result back; the driver alone records results.

Pool backends keep up to ``max_workers`` nodes running at once, submitting a node as soon as
its parent is done (deepest first, so subtrees finish and their data is freed early); they
differ only in how a task is submitted and awaited.
"""

from __future__ import annotations

import pickle
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from petsard.engine.node_task import NodeResult, NodeTask
from petsard.exceptions import ConfigError
from petsard.plan import Node, Plan

Prepare = Callable[[Node], NodeTask | None]  # None: do not run (finished, or parent failed)
Complete = Callable[[Node, NodeResult], bool]  # False: stop the run


class Backend(ABC):
    name: str

    @abstractmethod
    def run(self, plan: Plan, prepare: Prepare, complete: Complete) -> None: ...

    def close(self) -> None:  # noqa: B027 - only pool backends hold resources
        """Release workers."""

    def abort(self) -> None:
        """Stop at once (Ctrl-C, SIGTERM, a write the disk refused): nodes still running are
        stopped, not awaited; then release workers."""
        self.close()

    def forget(self, output: Any) -> None:  # noqa: B027 - only Dask keeps copies
        """The driver no longer needs ``output``: drop any copy sent to workers."""


class PoolBackend(Backend):
    """Runs ready nodes concurrently; results come back to the driver in completion order."""

    def __init__(self, max_workers: int) -> None:
        self.max_workers = max_workers
        self.running: dict[Any, tuple[Node, NodeTask]] = {}  # future -> its node and task

    @abstractmethod
    def submit(self, task: NodeTask) -> Any: ...

    @abstractmethod
    def wait_any(self, futures: list[Any]) -> list[Any]: ...

    @abstractmethod
    def result(self, future: Any, task: NodeTask) -> NodeResult: ...

    def run(self, plan: Plan, prepare: Prepare, complete: Complete) -> None:
        ready = [plan.nodes[key] for key in plan.roots]
        running = self.running
        while ready or running:
            while ready and len(running) < self.max_workers:
                node = ready.pop(0)
                task = prepare(node)
                if task is None:
                    ready[:0] = [plan.nodes[key] for key in node.children]
                    continue
                running[self.submit(task)] = (node, task)
            if not running:
                continue
            for future in self.wait_any(list(running)):
                node, task = running.pop(future)
                if not complete(node, self.result(future, task)):
                    for other in running:
                        self.cancel(other)
                    running.clear()
                    return
                ready[:0] = [plan.nodes[key] for key in node.children]

    def cancel(self, future: Any) -> None:
        future.cancel()

    def abort(self) -> None:
        for future in self.running:
            self.cancel(future)
        self.running.clear()
        self.close()


def check_picklable(plan: Plan) -> None:
    """Parallel backends send each node's method and parameters to workers: check up front."""
    problems = []
    for node in plan.dfs():
        try:
            pickle.dumps((node.spec.method_cls, node.spec.params))
        except Exception as exc:  # any pickling failure means it cannot go to a worker
            problems.append(f"{node.module}.{node.experiment}: cannot be sent to a worker "
                            f"process ({type(exc).__name__}: {exc}); use backend: sequential")
    if problems:
        raise ConfigError.from_problems(problems)
