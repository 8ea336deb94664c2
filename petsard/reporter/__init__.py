"""Reporter: writes data, timings and schemas of each experiment path to files."""

from petsard.registry import Registry
from petsard.reporter.html import SaveHtml
from petsard.reporter.methods import SaveData, SaveReport, SaveSchema, SaveTiming, SaveValidation
from petsard.reporter.operator import ReporterOperator

REGISTRY: Registry[type] = Registry("Reporter")
REGISTRY.register("save_data")(SaveData)
REGISTRY.register("save_timing")(SaveTiming)
REGISTRY.register("save_schema")(SaveSchema)
REGISTRY.register("save_validation")(SaveValidation)
REGISTRY.register("save_report")(SaveReport)
REGISTRY.register("save_html")(SaveHtml)

__all__ = ["REGISTRY", "ReporterOperator", "SaveData", "SaveHtml", "SaveReport", "SaveSchema",
           "SaveTiming", "SaveValidation"]
