"""The adapter between the engine and one module kind."""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from petsard.engine.context import NodeOutput, PathContext
from petsard.exceptions import NodeError
from petsard.experiment import ExperimentSpec


class Operator(ABC):
    """Runs one experiment of one module at one node: ``run(ctx) -> NodeOutput``, pure.

    ``options``: a class whose keyword-only constructor declares settings every experiment
    of this module takes beside its method's own (a Synthesizer's identifier handling); the
    config validates them from that signature and the operator reads them with
    ``settings()``.
    """

    module: ClassVar[str]
    options: ClassVar[type | None] = None

    def __init__(self, spec: ExperimentSpec) -> None:
        self.spec = spec

    @classmethod
    def option_names(cls) -> frozenset[str]:
        if cls.options is None:
            return frozenset()
        return frozenset(p for p in inspect.signature(cls.options.__init__).parameters
                         if p != "self")

    @classmethod
    def declared_info(cls, spec: ExperimentSpec) -> dict[str, Any]:
        """What the experiment's method declares about its node before it runs (an
        evaluator's ``measures``): recorded in the node's info whether it finishes or
        fails."""
        return {}

    def method(self, **extra: Any) -> Any:
        """A fresh instance of the configured method (the constructor is the config)."""
        names = self.option_names()
        own = {k: v for k, v in self.spec.params.items() if k not in names}
        return self.spec.method_cls(**own, **extra)

    def settings(self) -> Any:
        """This module's shared settings of the experiment (None for modules without)."""
        if self.options is None:
            return None
        names = self.option_names()
        return self.options(**{k: v for k, v in self.spec.params.items() if k in names})

    def require_input(self, ctx: PathContext) -> NodeOutput:
        found = ctx.input
        if found is None or found.data is None:
            raise NodeError(f"{self.spec.label} needs input data from an earlier module "
                            "(add a Loader)", ctx.node_key)
        return found

    @abstractmethod
    def run(self, ctx: PathContext) -> NodeOutput: ...
