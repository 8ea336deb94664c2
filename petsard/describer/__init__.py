"""Describer: statistics of one table on the path (``describe``) or of two compared
(``compare``); ``default`` describes one source and compares two."""

from petsard.describer.methods import CompareMethod, DefaultDescriber, DescribeMethod
from petsard.describer.operator import DescriberOperator
from petsard.registry import Registry

REGISTRY: Registry[type] = Registry("Describer")
REGISTRY.register("default")(DefaultDescriber)
REGISTRY.register("describe")(DescribeMethod)
REGISTRY.register("compare")(CompareMethod)

__all__ = ["REGISTRY", "CompareMethod", "DefaultDescriber", "DescribeMethod",
           "DescriberOperator"]
