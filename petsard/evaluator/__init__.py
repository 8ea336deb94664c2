"""Evaluator: fidelity (sdmetrics 0.32's reports, computed natively by ``fidelity/`` or by
sdmetrics), privacy risk (anonymeter, mpuccs), ML utility and statistics of the path's
latest data against the original.

Every method takes its settings as keyword arguments and has ``evaluate(data:
EvaluationData) -> dict[str, DataFrame]`` keyed by granularity (``global``: one row of
scores, or one row per metric for mlutility as PETsARD's; ``columnwise``, ``pairwise``,
``details`` as applicable). Optional packages (sdmetrics, anonymeter, scikit-learn, xgboost,
imbalanced-learn) are imported inside ``evaluate``.
"""

from petsard.evaluator.anonymeter_risks import (
    InferenceEvaluator,
    LinkabilityEvaluator,
    SinglingOutEvaluator,
)
from petsard.evaluator.custom_method import CustomMethodEvaluator
from petsard.evaluator.evaluation_data import EvaluationData, EvaluatorError
from petsard.evaluator.mlutility import MLUtilityEvaluator
from petsard.evaluator.mpuccs import MPUCCsEvaluator
from petsard.evaluator.operator import EvaluatorOperator
from petsard.evaluator.sdmetrics_reports import DiagnosticReportEvaluator, QualityReportEvaluator
from petsard.evaluator.stats import StatsEvaluator
from petsard.registry import Registry

REGISTRY: Registry[type] = Registry("Evaluator")
# PETsARD's older names are accepted too.
REGISTRY.register("default", "sdmetrics-qualityreport",
                  "sdmetrics-single_table-qualityreport")(QualityReportEvaluator)
REGISTRY.register("sdmetrics-diagnosticreport",
                  "sdmetrics-single_table-diagnosticreport")(DiagnosticReportEvaluator)
REGISTRY.register("anonymeter-singlingout")(SinglingOutEvaluator)
REGISTRY.register("anonymeter-linkability")(LinkabilityEvaluator)
REGISTRY.register("anonymeter-inference")(InferenceEvaluator)
REGISTRY.register("mpuccs")(MPUCCsEvaluator)
REGISTRY.register("mlutility")(MLUtilityEvaluator)
for _name, _task in (("classification", "classification"), ("regression", "regression"),
                     ("cluster", "clustering")):
    REGISTRY.register(f"mlutility-{_name}")(type(
        f"MLUtility{_task.title()}", (MLUtilityEvaluator,),
        {"implied_params": {"task_type": _task}}))
REGISTRY.register("stats")(StatsEvaluator)
REGISTRY.register("custom_method")(CustomMethodEvaluator)

__all__ = [
    "REGISTRY", "CustomMethodEvaluator", "DiagnosticReportEvaluator", "EvaluationData",
    "EvaluatorError", "EvaluatorOperator", "InferenceEvaluator", "LinkabilityEvaluator",
    "MLUtilityEvaluator", "MPUCCsEvaluator", "QualityReportEvaluator", "SinglingOutEvaluator",
    "StatsEvaluator",
]


def __getattr__(name: str) -> type:
    """``from petsard.evaluator import Describer``, PETsARD's import path for the Python API's
    Describer, resolved on first use (the API builds on this package)."""
    if name == "Describer":
        from petsard.api.describer import Describer

        return Describer
    raise AttributeError(f"module 'petsard.evaluator' has no attribute '{name}'")
