"""The vocabulary every layer shares: experiments, node keys, path roles and seeds.

It imports nothing else of petsard but ``exceptions``, so config, plan, engine, status and
the module packages can all use it without importing each other.
"""

from petsard.experiment.module_order import MODULE_ORDER
from petsard.experiment.node_key import NodeKey
from petsard.experiment.seeds import derive_seed
from petsard.experiment.spec import ExperimentSpec, ExperimentTable

__all__ = ["MODULE_ORDER", "ExperimentSpec", "ExperimentTable", "NodeKey", "derive_seed"]
