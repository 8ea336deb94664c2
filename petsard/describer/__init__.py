"""Describer: statistics of a module's table (``describe``) or of two compared
(``compare``), in the Evaluator's result shape."""

from petsard.describer.methods import CompareMethod, DescribeMethod
from petsard.describer.operator import DescriberOperator
from petsard.registry import Registry

REGISTRY: Registry[type] = Registry("Describer")
REGISTRY.register("default", "describe")(DescribeMethod)
REGISTRY.register("compare")(CompareMethod)

__all__ = ["REGISTRY", "CompareMethod", "DescribeMethod", "DescriberOperator"]
