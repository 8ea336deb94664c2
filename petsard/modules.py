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
    from petsard.constrainer import REGISTRY as constrainers
    from petsard.constrainer import ConstrainerOperator
    from petsard.describer import REGISTRY as describers
    from petsard.describer import DescriberOperator
    from petsard.evaluator import REGISTRY as evaluators
    from petsard.evaluator import EvaluatorOperator
    from petsard.loader import REGISTRY as loaders
    from petsard.loader import LoaderOperator
    from petsard.processor import (
        POSTPROCESSORS,
        PREPROCESSORS,
        PostprocessorOperator,
        PreprocessorOperator,
    )
    from petsard.reporter import REGISTRY as reporters
    from petsard.reporter import ReporterOperator
    from petsard.splitter import REGISTRY as splitters
    from petsard.splitter import SplitterOperator
    from petsard.synthesizer import REGISTRY as synthesizers
    from petsard.synthesizer import SynthesizerOperator

    return {
        "Loader": ModuleKind("Loader", loaders, LoaderOperator),
        "Splitter": ModuleKind("Splitter", splitters, SplitterOperator),
        "Preprocessor": ModuleKind("Preprocessor", PREPROCESSORS, PreprocessorOperator),
        "Synthesizer": ModuleKind("Synthesizer", synthesizers, SynthesizerOperator),
        "Postprocessor": ModuleKind("Postprocessor", POSTPROCESSORS, PostprocessorOperator),
        "Constrainer": ModuleKind("Constrainer", constrainers, ConstrainerOperator,
                                  default_method="auto"),
        "Evaluator": ModuleKind("Evaluator", evaluators, EvaluatorOperator),
        "Describer": ModuleKind("Describer", describers, DescriberOperator),
        "Reporter": ModuleKind("Reporter", reporters, ReporterOperator),
    }
