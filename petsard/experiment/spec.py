"""One validated experiment of one module."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from petsard.experiment.node_key import NodeKey


@dataclass(frozen=True)
class ExperimentSpec:
    """A named parameter set of a module, validated, with the classes that run it: the
    method its ``method:`` names and the operator of its module kind (so the engine can run
    it without knowing the module catalogue)."""

    module: str
    name: str
    method: str
    params: dict[str, Any]
    method_cls: type = field(repr=False)
    operator: type | None = field(default=None, repr=False, compare=False)
    base_name: str | None = None  # for experiments petsard expands (Splitter samples)
    index: int = 1

    @property
    def label(self) -> str:
        """'Module[experiment]', as in node keys."""
        return str(NodeKey.of(self.module, self.name))


class ExperimentTable(Protocol):
    """What a plan needs of a config: experiments per module, in canonical order."""

    experiments: Mapping[str, list[ExperimentSpec]]
    sequence: Sequence[str]
