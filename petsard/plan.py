"""The experiment tree: one node per unique prefix of module experiments, depth-first.

A 2-loader × 3-synthesizer config has 2 Loader nodes and 6 Synthesizer nodes: a shared
prefix runs once, whatever the number of leaves below it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from petsard.config import Config, ExperimentSpec


@dataclass(frozen=True)
class Node:
    key: str
    spec: ExperimentSpec
    parent: str | None
    depth: int
    children: list[str] = field(default_factory=list, compare=False)

    @property
    def module(self) -> str:
        return self.spec.module

    @property
    def experiment(self) -> str:
        return self.spec.name


def node_key(parent: str | None, spec: ExperimentSpec) -> str:
    return f"{parent}_{spec.label}" if parent else spec.label


def node_seed(random_state: int, key: str) -> int:
    """A node's seed from the run's seed and its key: independent of execution order."""
    digest = hashlib.sha256(f"{random_state}:{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


class Plan:
    """Nodes in depth-first order, with parent/children links and the leaves."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.nodes: dict[str, Node] = {}
        self.roots: list[str] = []
        self._expand(None, 0, list(config.experiments.values()))

    def _expand(self, parent: str | None, depth: int, levels: list[list[ExperimentSpec]]) -> None:
        if not levels:
            return
        for spec in levels[0]:
            key = node_key(parent, spec)
            self.nodes[key] = Node(key, spec, parent, depth)
            if parent is None:
                self.roots.append(key)
            else:
                self.nodes[parent].children.append(key)
            self._expand(key, depth + 1, levels[1:])

    def __len__(self) -> int:
        return len(self.nodes)

    def dfs(self) -> Iterator[Node]:
        return iter(self.nodes.values())

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

    def counts(self) -> dict[str, Any]:
        per_module: dict[str, int] = {}
        for node in self.nodes.values():
            per_module[node.module] = per_module.get(node.module, 0) + 1
        return {"nodes": len(self.nodes), "leaves": len(self.leaves), "per_module": per_module}
