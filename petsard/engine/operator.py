"""The adapter between the engine and one module kind."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from petsard.engine.context import NodeOutput, PathContext
from petsard.exceptions import NodeError
from petsard.experiment import ExperimentSpec


class Operator(ABC):
    """Runs one experiment of one module at one node: ``run(ctx) -> NodeOutput``, pure."""

    module: ClassVar[str]

    def __init__(self, spec: ExperimentSpec) -> None:
        self.spec = spec

    def method(self, **extra: Any) -> Any:
        """A fresh instance of the configured method (the constructor is the config)."""
        return self.spec.method_cls(**self.spec.params, **extra)

    def require_input(self, ctx: PathContext) -> NodeOutput:
        found = ctx.input
        if found is None or found.data is None:
            raise NodeError(f"{self.spec.label} needs input data from an earlier module "
                            "(add a Loader)", ctx.node_key)
        return found

    @abstractmethod
    def run(self, ctx: PathContext) -> NodeOutput: ...
