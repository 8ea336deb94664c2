"""petsard: privacy-preserving synthetic tabular data, with a complete record of every run."""

from petsard.config import Config
from petsard.executor import Executor, RunSummary
from petsard.schema import Attribute, Schema
from petsard.status import Status

__version__ = "0.1.0"
__all__ = ["Attribute", "Config", "Executor", "RunSummary", "Schema", "Status", "__version__"]
