"""``method: save_validation``: a validate-mode Constrainer's checks, as PETsARD's CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from petsard.engine.context import PathContext, RunView
from petsard.experiment.source_ref import ConfigModules
from petsard.logs import get_logger
from petsard.output_files import atomic_write
from petsard.reporter.base import ReporterMethod
from petsard.reporter.output import target

DEFAULT_OUTPUT = "petsard"
log = get_logger("reporter")


def _needs_constrainer(params: dict[str, Any], path: str, modules: ConfigModules) -> list[str]:
    if "Constrainer" in modules:
        return []
    return [f"{path}.method: save_validation reports a Constrainer's checks; this config has "
            "no Constrainer"]


class SaveValidation(ReporterMethod):
    """For the path's Constrainer in validate mode, PETsARD's files: ``_summary`` (Metric,
    Value), ``_violations`` (one row per failing rule) and, with ``include_details`` (the
    default), ``_details`` (up to 10 failing rows per rule). Named
    ``petsard_[Validation]_Constrainer[<experiment>]_summary.csv`` (a Constrainer with
    ``source:`` writes a set per source: ``..._[Validation]_Source[<source>]_Constrainer[...]``);
    any other ``output`` names them ``<output>_summary.csv``... as PETsARD does, so a second
    path or source replaces the first one's files (a warning says so). Resample mode has no
    validation to write. ``naming_strategy`` is taken, as PETsARD takes it from every reporter,
    and changes nothing here. A file from an earlier run is kept (the new one gets the run id
    as suffix) unless ``overwrite: true``."""

    def __init__(self, *, output: str = DEFAULT_OUTPUT, output_dir: str = ".",
                 include_details: bool = True,
                 naming_strategy: Literal["traditional", "compact"] = "traditional",
                 overwrite: bool = False) -> None:
        self.output = output
        self.output_dir = output_dir
        self.include_details = include_details
        self.naming_strategy = naming_strategy
        self.overwrite = overwrite

    check_pipeline = staticmethod(_needs_constrainer)

    def report(self, ctx: PathContext) -> list[Path]:
        from petsard.constrainer.validation_files import (  # only when used
            validation_report,
            validation_stem,
        )

        result = ctx.output_of("Constrainer")
        if result is None or result.info.get("mode") != "validate":
            if result is not None:
                log.info("save_validation: %s resampled; there is no validation to write",
                         ctx.experiment_of("Constrainer"))
            return []
        tables, info = result.artifacts["validation"], result.info
        sources = info.get("sources")
        parts = ([("", tables, info)] if sources is None else
                 [(f"Source[{name}]_", tables[name], sources[name]) for name in sources])
        written = []
        for source, source_tables, source_info in parts:
            stem = (validation_stem(ctx.experiment_of("Constrainer"), source)
                    if self.output == DEFAULT_OUTPUT else "")
            report = validation_report(source_tables, source_info, self.include_details)
            for name, table in report.items():
                path = target(ctx.run, self.output_dir, self.output, f"{stem}_{name}.csv",
                              self.overwrite)
                if _written_in_this_run(path, ctx.run):
                    log.warning("save_validation: replacing %s, written by another path or "
                                "source of this run (PETsARD's names tell them apart only by "
                                "Constrainer experiment and source)", path.name)
                written.append(atomic_write(path, lambda p, t=table: t.to_csv(p, index=False)))
        return written


def _written_in_this_run(path: Path, run: RunView | None) -> bool:
    return run is not None and path.exists() and path.stat().st_mtime >= run.started
