"""Reporter: writes data, schemas, validation results, score tables, timings and the run's
page to files. Reporters of ``scope = "run"`` write once, after the whole tree."""

from petsard.registry import Registry
from petsard.reporter.base import ReporterMethod
from petsard.reporter.operator import ReporterOperator
from petsard.reporter.save_data import SaveData
from petsard.reporter.save_html import SaveHtml
from petsard.reporter.save_report import SaveReport
from petsard.reporter.save_schema import SaveSchema
from petsard.reporter.save_timing import SaveTiming
from petsard.reporter.save_validation import SaveValidation

REGISTRY: Registry[type[ReporterMethod]] = Registry("Reporter")
REGISTRY.register("save_data")(SaveData)
REGISTRY.register("save_timing")(SaveTiming)
REGISTRY.register("save_schema")(SaveSchema)
REGISTRY.register("save_validation")(SaveValidation)
REGISTRY.register("save_report")(SaveReport)
REGISTRY.register("save_html")(SaveHtml)

__all__ = ["REGISTRY", "ReporterMethod", "ReporterOperator", "SaveData", "SaveHtml",
           "SaveReport", "SaveSchema", "SaveTiming", "SaveValidation"]
