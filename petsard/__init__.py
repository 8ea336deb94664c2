"""petsard: privacy-preserving synthetic tabular data, with a complete record of every run."""

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
from petsard.version import __version__

__all__ = ["Attribute", "Config", "Constrainer", "Describer", "Evaluator", "Executor",
           "Loader", "Metadater", "Processor", "Reporter", "RunSummary", "Schema", "Splitter",
           "Status", "Synthesizer", "__version__"]
