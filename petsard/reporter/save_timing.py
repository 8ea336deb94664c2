"""``method: save_timing``: the run's timing table, as CSV, once after the tree."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from petsard.output_files import atomic_write
from petsard.reporter.base import ReporterMethod
from petsard.reporter.output import Source, run_view, sources, target
from petsard.status.queries import RecordQueries

_DIVISORS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}


class SaveTiming(ReporterMethod):
    """The run's timing table: ``<output>_timing_report.csv``."""

    def __init__(self, *, output: str = "petsard", output_dir: str = ".",
                 module: Source | None = None,
                 time_unit: Literal["seconds", "minutes", "hours", "days"] = "seconds",
                 overwrite: bool = False) -> None:
        self.output = output
        self.output_dir = output_dir
        self.module = module
        self.time_unit = time_unit
        self.overwrite = overwrite

    scope = "run"  # once, after every other node, so the table is complete

    def report_run(self, record: RecordQueries) -> list[Path]:
        frame = self.table(pd.DataFrame([r.to_dict() for r in record.get_timing_records()]))
        path = target(run_view(record), self.output_dir, self.output, "_timing_report.csv",
                      self.overwrite)
        return [atomic_write(path, lambda p: frame.to_csv(p, index=False))]

    def table(self, timing: pd.DataFrame) -> pd.DataFrame:
        """``timing`` (one row per timed step) for the modules asked for, in ``time_unit``."""
        frame = timing.copy()
        if self.module is not None and not frame.empty:
            frame = frame[frame["module_name"].isin(sources(self.module))]
        if not frame.empty and self.time_unit != "seconds":
            frame[f"duration_{self.time_unit}"] = (
                frame.pop("duration_seconds") / _DIVISORS[self.time_unit])
        return frame
