"""The module catalogue: for each module a config may name, its registry of methods, the
operator that runs its nodes, and the method used when ``method:`` is omitted.

Only config validation reads it: a validated experiment carries its operator class, so the
engine runs nodes without importing any module package.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from petsard.constrainer import REGISTRY as CONSTRAINERS
from petsard.constrainer import ConstrainerOperator
from petsard.describer import REGISTRY as DESCRIBERS
from petsard.describer import DescriberOperator
from petsard.evaluator import REGISTRY as EVALUATORS
from petsard.evaluator import EvaluatorOperator
from petsard.experiment import MODULE_ORDER
from petsard.loader import REGISTRY as LOADERS
from petsard.loader import LoaderOperator
from petsard.processor import (
    POSTPROCESSORS,
    PREPROCESSORS,
    PostprocessorOperator,
    PreprocessorOperator,
)
from petsard.registry import Registry
from petsard.reporter import REGISTRY as REPORTERS
from petsard.reporter import ReporterOperator
from petsard.splitter import REGISTRY as SPLITTERS
from petsard.splitter import SplitterOperator
from petsard.synthesizer import REGISTRY as SYNTHESIZERS
from petsard.synthesizer import SynthesizerOperator


@dataclass(frozen=True)
class ModuleKind:
    """How to find a module's methods and run its nodes."""

    name: str
    registry: Registry[Any]
    operator: type
    default_method: str = "default"


@cache
def module_kinds() -> dict[str, ModuleKind]:
    """Every module of this version, in canonical order."""
    kinds = {
        "Loader": ModuleKind("Loader", LOADERS, LoaderOperator),
        "Splitter": ModuleKind("Splitter", SPLITTERS, SplitterOperator),
        "Preprocessor": ModuleKind("Preprocessor", PREPROCESSORS, PreprocessorOperator),
        "Synthesizer": ModuleKind("Synthesizer", SYNTHESIZERS, SynthesizerOperator),
        "Postprocessor": ModuleKind("Postprocessor", POSTPROCESSORS, PostprocessorOperator),
        "Constrainer": ModuleKind("Constrainer", CONSTRAINERS, ConstrainerOperator,
                                  default_method="auto"),
        "Evaluator": ModuleKind("Evaluator", EVALUATORS, EvaluatorOperator),
        "Describer": ModuleKind("Describer", DESCRIBERS, DescriberOperator),
        "Reporter": ModuleKind("Reporter", REPORTERS, ReporterOperator),
    }
    assert tuple(kinds) == MODULE_ORDER
    return kinds
