"""``method: mlutility``: models trained on the synthetic data (and on the real data), scored
on real rows; one file per task, one for the model inputs, one for XGBoost."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar

from petsard.evaluator.mlutility.evaluator import METRICS, MLUtilityEvaluator


class MLUtilityClassification(MLUtilityEvaluator):
    """``method: mlutility-classification``: PETsARD's name with the task in it."""

    implied_params: ClassVar[Mapping[str, Any]] = MappingProxyType({"task_type": "classification"})


class MLUtilityRegression(MLUtilityEvaluator):
    """``method: mlutility-regression``."""

    implied_params: ClassVar[Mapping[str, Any]] = MappingProxyType({"task_type": "regression"})


class MLUtilityClustering(MLUtilityEvaluator):
    """``method: mlutility-cluster``."""

    implied_params: ClassVar[Mapping[str, Any]] = MappingProxyType({"task_type": "clustering"})


__all__ = ["METRICS", "MLUtilityClassification", "MLUtilityClustering", "MLUtilityEvaluator",
           "MLUtilityRegression"]
