"""The modules a config may name, their canonical order, registries and operators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MODULE_ORDER = (
    "Loader", "Splitter", "Preprocessor", "Synthesizer", "Postprocessor", "Constrainer",
    "Evaluator", "Describer", "Reporter",
)


@dataclass(frozen=True)
class ModuleKind:
    """How to find a module's methods and run its nodes."""

    name: str
    registry: Any
    operator: type
    default_method: str = "default"


def module_kinds() -> dict[str, ModuleKind]:
    """Modules implemented in this version (imported on first use; they are light)."""
    from petsard.loader import REGISTRY as loaders
    from petsard.loader import LoaderOperator
    from petsard.reporter import REGISTRY as reporters
    from petsard.reporter import ReporterOperator
    from petsard.synthesizer import REGISTRY as synthesizers
    from petsard.synthesizer import SynthesizerOperator

    return {
        "Loader": ModuleKind("Loader", loaders, LoaderOperator),
        "Synthesizer": ModuleKind("Synthesizer", synthesizers, SynthesizerOperator),
        "Reporter": ModuleKind("Reporter", reporters, ReporterOperator),
    }
