"""Constrainer: business rules synthetic data must obey, enforced by resampling or checked
and reported."""

from petsard.constrainer.methods import (
    ConstrainerMethod,
    ResampleConstrainer,
    ValidateConstrainer,
)
from petsard.constrainer.operator import ConstrainerOperator
from petsard.constrainer.validation_files import validation_report
from petsard.exceptions import ConstraintError, ExpressionError
from petsard.registry import Registry

REGISTRY: Registry[type] = Registry("Constrainer")
REGISTRY.register("auto", "default")(ConstrainerMethod)
REGISTRY.register("resample")(ResampleConstrainer)
REGISTRY.register("validate")(ValidateConstrainer)

__all__ = ["REGISTRY", "ConstrainerMethod", "ConstrainerOperator", "ConstraintError",
           "ExpressionError", "ResampleConstrainer", "ValidateConstrainer", "validation_report"]
