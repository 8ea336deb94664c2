"""The experiment tree: one node per unique prefix of module experiments, depth-first.

A 2-loader × 3-synthesizer config has 2 Loader nodes and 6 Synthesizer nodes: a shared
prefix runs once, whatever the number of leaves below it. Reporters that write one file for
the whole run (``scope = "run"``) are leaves too, but run once after the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from petsard.experiment import ExperimentSpec, ExperimentTable, NodeKey, derive_seed


@dataclass(frozen=True)
class Node:
    key: str
    spec: ExperimentSpec
    parent: str | None
    depth: int
    node_key: NodeKey = field(compare=False)
    children: list[str] = field(default_factory=list, compare=False)

    @property
    def module(self) -> str:
        return self.spec.module

    @property
    def experiment(self) -> str:
        return self.spec.name

    @property
    def after_tree(self) -> bool:
        """A whole-run Reporter: runs once after every other node, from the run record."""
        return getattr(self.spec.method_cls, "scope", "path") == "run"

    def seed(self, run_seed: int) -> int:
        """This node's seed: from the run's seed and its key, independent of execution order."""
        return derive_seed(run_seed, self.key)


class Plan:
    """Nodes in depth-first order, with parent/children links and the leaves."""

    def __init__(self, config: ExperimentTable) -> None:
        self.config = config
        self.nodes: dict[str, Node] = {}
        self.roots: list[str] = []
        self._expand(None, 0, list(config.experiments.values()))

    def _expand(self, parent: Node | None, depth: int,
                levels: list[list[ExperimentSpec]]) -> None:
        if not levels:
            return
        for spec in levels[0]:
            key = (parent.node_key.child(spec.module, spec.name) if parent
                   else NodeKey.of(spec.module, spec.name))
            node = Node(str(key), spec, parent.key if parent else None, depth, key)
            self.nodes[node.key] = node
            if parent is None:
                self.roots.append(node.key)
            else:
                parent.children.append(node.key)
            self._expand(node, depth + 1, levels[1:])

    def __len__(self) -> int:
        return len(self.nodes)

    def dfs(self) -> Iterator[Node]:
        return iter(self.nodes.values())

    def method_classes(self) -> list[type]:
        """Each method class the plan runs, once, in run order (workers preload them)."""
        return list({node.spec.method_cls: None for node in self.dfs()})

    @property
    def leaves(self) -> list[str]:
        return [key for key, node in self.nodes.items() if not node.children]

    def path(self, key: str) -> list[Node]:
        """Nodes from the root to ``key``, inclusive."""
        nodes = []
        current: str | None = key
        while current is not None:
            nodes.append(self.nodes[current])
            current = self.nodes[current].parent
        return nodes[::-1]

    def below(self, key: str) -> list[str]:
        """Every node under ``key`` (not ``key`` itself), depth-first."""
        found: list[str] = []
        stack = list(reversed(self.nodes[key].children))
        while stack:
            child = stack.pop()
            found.append(child)
            stack.extend(reversed(self.nodes[child].children))
        return found

    def later_modules(self, module: str) -> tuple[str, ...]:
        """Modules after ``module`` in this config (e.g. to keep a fitted model for them)."""
        sequence = list(self.config.sequence)
        return tuple(sequence[sequence.index(module) + 1:])

    def counts(self) -> dict[str, Any]:
        per_module: dict[str, int] = {}
        for node in self.nodes.values():
            per_module[node.module] = per_module.get(node.module, 0) + 1
        return {"nodes": len(self.nodes), "leaves": len(self.leaves), "per_module": per_module}
