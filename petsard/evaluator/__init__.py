"""Evaluator: fidelity (sdmetrics 0.32's reports, computed natively by ``fidelity/`` or by
sdmetrics), privacy risk (anonymeter, mpuccs, sdmetrics' DCR and disclosure metrics), ML
utility and statistics of the path's latest data against the original.

Every method takes its settings as keyword arguments and has ``evaluate(data:
EvaluationData) -> dict[str, DataFrame]`` keyed by granularity (``global``: one row of
scores, or one row per metric for mlutility as PETsARD's; ``columnwise``, ``pairwise``,
``details`` as applicable). Optional packages (sdmetrics, anonymeter, scikit-learn, xgboost,
imbalanced-learn) are imported inside ``evaluate``.
"""

from petsard.evaluator.evaluation_data import EvaluationData, EvaluatorError
from petsard.evaluator.operator import EvaluatorOperator
from petsard.registry import Registry

# Where each method class lives: a config loads only the modules of the methods it names.
_HOMES = {
    "QualityReportEvaluator": "sdmetrics_reports", "DiagnosticReportEvaluator": "sdmetrics_reports",
    "DCRBaselineProtectionEvaluator": "sdmetrics_dcr",
    "DCROverfittingProtectionEvaluator": "sdmetrics_dcr",
    "DisclosureProtectionEvaluator": "sdmetrics_disclosure",
    "DisclosureProtectionEstimateEvaluator": "sdmetrics_disclosure",
    "SinglingOutEvaluator": "anonymeter_risks", "LinkabilityEvaluator": "anonymeter_risks",
    "InferenceEvaluator": "anonymeter_risks", "MPUCCsEvaluator": "mpuccs",
    "MLUtilityEvaluator": "mlutility", "MLUtilityClassification": "mlutility",
    "MLUtilityRegression": "mlutility", "MLUtilityClustering": "mlutility",
    "StatsEvaluator": "stats", "CustomMethodEvaluator": "custom_method",
}

REGISTRY: Registry[type] = Registry("Evaluator")


def _register(cls: str, *names: str) -> None:
    REGISTRY.register_deferred(f"petsard.evaluator.{_HOMES[cls]}", cls, *names)


# PETsARD's older names are accepted too.
_register("QualityReportEvaluator", "default", "sdmetrics-qualityreport",
          "sdmetrics-single_table-qualityreport")
_register("DiagnosticReportEvaluator", "sdmetrics-diagnosticreport",
          "sdmetrics-single_table-diagnosticreport")
# sdmetrics' record-level privacy metrics: their class names, under both prefixes PETsARD
# accepts for sdmetrics (names are case-insensitive: sdmetrics-DCRBaselineProtection works).
for _metric in ("DCRBaselineProtection", "DCROverfittingProtection", "DisclosureProtection",
                "DisclosureProtectionEstimate"):
    _register(f"{_metric}Evaluator", f"sdmetrics-{_metric.lower()}",
              f"sdmetrics-single_table-{_metric.lower()}")
_register("SinglingOutEvaluator", "anonymeter-singlingout")
_register("LinkabilityEvaluator", "anonymeter-linkability")
_register("InferenceEvaluator", "anonymeter-inference")
_register("MPUCCsEvaluator", "mpuccs")
_register("MLUtilityEvaluator", "mlutility")
_register("MLUtilityClassification", "mlutility-classification")
_register("MLUtilityRegression", "mlutility-regression")
_register("MLUtilityClustering", "mlutility-cluster")
_register("StatsEvaluator", "stats")
_register("CustomMethodEvaluator", "custom_method")

__all__ = ["REGISTRY", "EvaluationData", "EvaluatorError", "EvaluatorOperator", *_HOMES]


def __getattr__(name: str) -> type:
    """Method classes imported on first use; ``from petsard.evaluator import Describer`` is
    PETsARD's import path for the Python API's Describer (the API builds on this package)."""
    if name in _HOMES:
        import importlib

        found = getattr(importlib.import_module(f"petsard.evaluator.{_HOMES[name]}"), name)
        globals()[name] = found  # later lookups skip this function
        return found
    if name == "Describer":
        from petsard.api.describer import Describer

        return Describer
    raise AttributeError(f"module 'petsard.evaluator' has no attribute '{name}'")
