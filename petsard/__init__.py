"""petsard: privacy-preserving synthetic tabular data, with a complete record of every run.

The public names are imported on first use (PEP 562), so ``import petsard`` and a run load
only the modules they need (``from petsard import Executor`` does not build the Python API),
and the ``petsard`` command sets up Ctrl-C handling before pandas loads.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from petsard.version import __version__

if TYPE_CHECKING:
    from petsard.api import (
        Constrainer,
        Describer,
        Evaluator,
        Loader,
        Processor,
        Reporter,
        Splitter,
        Synthesizer,
    )
    from petsard.config import Config
    from petsard.executor import Executor, RunSummary
    from petsard.metadater import Metadater
    from petsard.schema import Attribute, Schema
    from petsard.status import Status

_HOMES = {
    **dict.fromkeys(["Constrainer", "Describer", "Evaluator", "Loader", "Processor", "Reporter",
                     "Splitter", "Synthesizer"], "petsard.api"),
    "Config": "petsard.config",
    "Executor": "petsard.executor",
    "RunSummary": "petsard.executor",
    "Metadater": "petsard.metadater",
    "Attribute": "petsard.schema",
    "Schema": "petsard.schema",
    "Status": "petsard.status",
}

__all__ = ["Attribute", "Config", "Constrainer", "Describer", "Evaluator", "Executor",
           "Loader", "Metadater", "Processor", "Reporter", "RunSummary", "Schema", "Splitter",
           "Status", "Synthesizer", "__version__"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'petsard' has no attribute '{name}'")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
