"""``method: save_validation``: the Constrainer's checks, as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from petsard.constrainer.validation_files import write_validation
from petsard.engine.context import PathContext
from petsard.experiment.source_ref import ConfigModules
from petsard.reporter.base import ReporterMethod
from petsard.reporter.output import key_up_to


def _needs_constrainer(params: dict[str, Any], path: str, modules: ConfigModules) -> list[str]:
    if "Constrainer" in modules:
        return []
    return [f"{path}.method: save_validation reports a Constrainer's checks; this config has "
            "no Constrainer"]


class SaveValidation(ReporterMethod):
    """The Constrainer's per-rule counts (and failing rows in validate mode), as CSVs:
    ``<output>_validation_<experiment key>_<table>.csv``."""

    def __init__(self, *, output: str = "petsard", output_dir: str = ".") -> None:
        self.output = output
        self.output_dir = output_dir

    check_pipeline = staticmethod(_needs_constrainer)

    def report(self, ctx: PathContext) -> list[Path]:
        result = ctx.output_of("Constrainer")
        tables = result.artifacts.get("validation") if result is not None else None
        if not tables:
            return []
        prefix = f"{self.output}_validation_{key_up_to(ctx, 'Constrainer')}"
        if result.info.get("sources") is None:
            return write_validation(tables, self.output_dir, prefix)
        return [path for source, per_source in tables.items()  # one set per source table
                for path in write_validation(per_source, self.output_dir, f"{prefix}_{source}")]
