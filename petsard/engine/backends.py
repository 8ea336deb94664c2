"""Backends choose *how* node tasks run; the driver alone records results.

A backend walks the plan, asks the driver for each node's task when its parent is done,
runs it, and hands the result back in the order it needs (depth-first for sequential).
"""

from __future__ import annotations

from collections.abc import Callable

from petsard.engine.runner import NodeResult, NodeTask, execute
from petsard.plan import Node, Plan

Prepare = Callable[[Node], NodeTask | None]  # None: skip this node (its parent failed)
Complete = Callable[[Node, NodeResult], bool]  # False: stop the run


class SequentialBackend:
    """Depth-first, in this process: the order the docs describe."""

    name = "sequential"

    def run(self, plan: Plan, prepare: Prepare, complete: Complete) -> None:
        for node in plan.dfs():
            task = prepare(node)
            if task is None:
                continue
            if not complete(node, execute(task)):
                return
