"""petsard: privacy-preserving synthetic tabular data, with a complete record of every run.

The public names are imported when first used, so ``import petsard`` (and the ``petsard``
command, before it has set up Ctrl-C handling) stays fast.
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

_PUBLIC = {
    **dict.fromkeys(("Constrainer", "Describer", "Evaluator", "Loader", "Processor", "Reporter",
                     "Splitter", "Synthesizer"), "petsard.api"),
    "Attribute": "petsard.schema", "Config": "petsard.config", "Executor": "petsard.executor",
    "Metadater": "petsard.metadater", "RunSummary": "petsard.executor",
    "Schema": "petsard.schema", "Status": "petsard.status",
}

__all__ = ["Attribute", "Config", "Constrainer", "Describer", "Evaluator", "Executor",
           "Loader", "Metadater", "Processor", "Reporter", "RunSummary", "Schema", "Splitter",
           "Status", "Synthesizer", "__version__"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'petsard' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
