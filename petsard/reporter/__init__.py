"""Reporter: writes data, timings and schemas of each experiment path to files."""

from petsard.registry import Registry
from petsard.reporter.methods import SaveData, SaveReport, SaveSchema, SaveTiming, SaveValidation
from petsard.reporter.operator import ReporterOperator

REGISTRY: Registry[type] = Registry("Reporter")
REGISTRY.register("save_data")(SaveData)
REGISTRY.register("save_timing")(SaveTiming)
REGISTRY.register("save_schema")(SaveSchema)
REGISTRY.register("save_validation")(SaveValidation)
REGISTRY.register("save_report")(SaveReport)

__all__ = ["REGISTRY", "ReporterOperator", "SaveData", "SaveReport", "SaveSchema", "SaveTiming",
           "SaveValidation"]
