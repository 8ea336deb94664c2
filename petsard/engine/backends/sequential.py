"""Depth-first, one node after the other, in this process: the order the docs describe."""

from __future__ import annotations

from petsard.engine.backends.base import Backend, Complete, Prepare
from petsard.engine.node_task import execute
from petsard.plan import Plan


class SequentialBackend(Backend):
    name = "sequential"

    def run(self, plan: Plan, prepare: Prepare, complete: Complete) -> None:
        for node in plan.dfs():
            task = prepare(node)
            if task is None:
                continue
            if not complete(node, execute(task)):
                return
