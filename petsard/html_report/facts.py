"""Everything the page shows, read once from a run record (finished, failed or running)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from petsard.experiment import NodeKey
from petsard.status.records import (
    ExecutionSnapshot,
    MetadataChange,
    NodeState,
    RunInfo,
    TimingRecord,
)
from petsard.status.status import Status


@dataclass(frozen=True)
class RunFacts:
    """A run's record as the report needs it: nodes in tree order, the latest snapshot of each
    node, change records per node, timings and evaluation tables."""

    run_dir: Path
    info: RunInfo | None
    summary: dict[str, Any]
    nodes: list[NodeState]  # depth-first, parents before children, in execution order
    snapshots: dict[str, ExecutionSnapshot]
    changes: dict[str, list[MetadataChange]]
    timings: list[TimingRecord]
    evaluations: dict[str, dict[str, pd.DataFrame]]
    children: dict[str, list[str]] = field(default_factory=dict)
    budgets: dict[str, dict[str, Any]] = field(default_factory=dict)  # differential privacy

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {n.node_key: n for n in self.nodes})

    def node(self, key: str) -> NodeState | None:
        return self._by_key.get(key)

    def path(self, key: str) -> list[NodeState]:
        """The nodes from the root down to ``key``."""
        chain = []
        node = self._by_key.get(key)
        while node is not None:
            chain.append(node)
            node = self._by_key.get(node.parent_key) if node.parent_key else None
        return chain[::-1]

    def depth(self, key: str) -> int:
        return len(self.path(key)) - 1

    def leaves(self) -> list[str]:
        return [n.node_key for n in self.nodes if not self.children.get(n.node_key)]

    def state(self, key: str) -> str:
        """done, reused, failed, skipped, running, interrupted: 'reused' is a done node taken
        from the checkpoint of an earlier run."""
        node = self._by_key[key]
        snapshot = self.snapshots.get(key)
        if node.state == "done" and snapshot is not None and \
                snapshot.context.get("state") == "reused":
            return "reused"
        return node.state

    def label(self, key: str) -> str:
        """'Module[experiment]' of one node."""
        node = self._by_key.get(key)
        return NodeKey.of(node.module_name, node.experiment_name).label if node else key

    def path_label(self, key: str) -> str:
        """The experiments from the root down to ``key``: 'data › split › gc › quality'."""
        chain = self.path(key)
        return " › ".join(n.experiment_name for n in chain) if chain else key

    def method(self, key: str) -> str | None:
        snapshot = self.snapshots.get(key)
        return snapshot.context.get("method") if snapshot is not None else None

    def measures(self, key: str) -> str | None:
        """What an Evaluator node's scores measure (privacy, fidelity, utility...), as its
        method declared it; None when undeclared or recorded before methods declared it."""
        snapshot = self.snapshots.get(key)
        return snapshot.context.get("info", {}).get("measures") if snapshot else None


def _tree_order(nodes: list[NodeState]) -> tuple[list[NodeState], dict[str, list[str]]]:
    known = {n.node_key for n in nodes}
    children: dict[str, list[str]] = {}
    roots = []
    for node in nodes:
        if node.parent_key and node.parent_key in known:
            children.setdefault(node.parent_key, []).append(node.node_key)
        else:
            roots.append(node.node_key)
    by_key = {n.node_key: n for n in nodes}
    ordered: list[NodeState] = []
    stack = roots[::-1]
    while stack:
        key = stack.pop()
        ordered.append(by_key[key])
        stack.extend(children.get(key, [])[::-1])
    return ordered, children


def load_facts(run_dir: Path) -> RunFacts:
    """Read a run's record (its folder or record file)."""
    status = Status.open(run_dir)
    try:
        nodes, children = _tree_order(status.get_node_states())
        snapshots: dict[str, ExecutionSnapshot] = {}
        for snapshot in status.get_snapshots():
            if snapshot.node_key is not None:
                snapshots[snapshot.node_key] = snapshot  # the latest of a node wins
        changes: dict[str, list[MetadataChange]] = {}
        for change in status.get_change_history():
            changes.setdefault(change.node_key or change.module_context, []).append(change)
        timings = sorted(status.get_timing_records(), key=lambda t: t.start_time)
        return RunFacts(
            run_dir=Path(run_dir) if Path(run_dir).is_dir() else Path(run_dir).parent,
            info=status.get_run_info(), summary=status.get_status_summary(), nodes=nodes,
            snapshots=snapshots, changes=changes, timings=timings,
            evaluations=status.get_evaluations(), children=children,
            budgets=status.get_privacy_budgets())
    finally:
        status.close()
