"""``method: mlutility``: models trained on the real and on the synthetic data, scored on
real rows neither saw; one file per task."""

from petsard.evaluator.mlutility.evaluator import METRICS, MLUtilityEvaluator

__all__ = ["METRICS", "MLUtilityEvaluator"]
