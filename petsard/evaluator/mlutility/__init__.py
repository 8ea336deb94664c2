"""``method: mlutility``: models trained on the synthetic data (and on the real data), scored
on real rows; one file per task, one for the model inputs, one for XGBoost."""

from petsard.evaluator.mlutility.evaluator import METRICS, MLUtilityEvaluator

__all__ = ["METRICS", "MLUtilityEvaluator"]
