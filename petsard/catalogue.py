"""The module catalogue: for each module a config may name, its registry of methods, the
operator that runs its nodes, and the method used when ``method:`` is omitted.

Only config validation reads it: a validated experiment carries its operator class, so the
engine runs nodes without importing any module package. A module's package is imported the
first time the catalogue is asked for it, so a run loads only the modules its config names.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from petsard.experiment import MODULE_ORDER
from petsard.registry import Registry

# module -> (package, its registry's name, its operator class's name)
_HOMES = {
    "Loader": ("petsard.loader", "REGISTRY", "LoaderOperator"),
    "Splitter": ("petsard.splitter", "REGISTRY", "SplitterOperator"),
    "Preprocessor": ("petsard.processor", "PREPROCESSORS", "PreprocessorOperator"),
    "Synthesizer": ("petsard.synthesizer", "REGISTRY", "SynthesizerOperator"),
    "Postprocessor": ("petsard.processor", "POSTPROCESSORS", "PostprocessorOperator"),
    "Constrainer": ("petsard.constrainer", "REGISTRY", "ConstrainerOperator"),
    "Evaluator": ("petsard.evaluator", "REGISTRY", "EvaluatorOperator"),
    "Describer": ("petsard.describer", "REGISTRY", "DescriberOperator"),
    "Reporter": ("petsard.reporter", "REGISTRY", "ReporterOperator"),
}
assert tuple(_HOMES) == MODULE_ORDER
_DEFAULT_METHODS = {"Constrainer": "auto"}


@dataclass(frozen=True)
class ModuleKind:
    """How to find a module's methods and run its nodes."""

    name: str
    registry: Registry[Any]
    operator: type
    default_method: str = "default"


@cache
def module_kind(module: str) -> ModuleKind:
    """The catalogue entry of ``module`` (a name in ``MODULE_ORDER``)."""
    package, registry, operator = _HOMES[module]
    found = importlib.import_module(package)
    return ModuleKind(module, getattr(found, registry), getattr(found, operator),
                      _DEFAULT_METHODS.get(module, "default"))


def module_kinds() -> dict[str, ModuleKind]:
    """Every module of this version, in canonical order (imports every module package)."""
    return {module: module_kind(module) for module in MODULE_ORDER}
