"""petsard: privacy-preserving synthetic tabular data, with a complete record of every run."""

from petsard.config import Config
from petsard.executor import Executor, RunSummary
from petsard.schema import Attribute, Schema
from petsard.status import Status
from petsard.version import __version__

__all__ = ["Attribute", "Config", "Executor", "RunSummary", "Schema", "Status", "__version__"]
