"""``method: save_timing``: how long each module ran, as PETsARD's timing CSV, once after the
tree."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from petsard.experiment import MODULE_ORDER
from petsard.logs import get_logger
from petsard.output_files import atomic_write
from petsard.registry import did_you_mean
from petsard.reporter.base import ReporterMethod
from petsard.reporter.output import Source, run_view, sources, target
from petsard.status.queries import RecordQueries

COLUMNS = ["record_id", "module_name", "experiment_name", "step_name", "start_time",
           "end_time", "duration_seconds", "source", "status"]
_SECONDS_PER = {"minutes": 60, "hours": 3600, "days": 86400}
log = get_logger("reporter")


class SaveTiming(ReporterMethod):
    """``<output>_[Timing].csv``: one row per module run, in PETsARD's columns (record_id,
    module_name as PETsARD's adapter names it, ``SynthesizerAdapter``; experiment_name,
    step_name ``run``, start_time and end_time in local ISO time, duration_seconds to 2
    decimals, source, status ``completed`` or ``error``). ``time_unit`` replaces
    duration_seconds with duration_minutes, _hours or _days; ``module`` keeps some modules
    (``Synthesizer`` or ``SynthesizerAdapter``). The steps inside a run (fit, sample...) stay
    in the run record. ``naming_strategy`` is taken, as PETsARD takes it from every reporter,
    and changes nothing here. A file from an earlier run is kept (the new one gets the run id
    as suffix) unless ``overwrite: true``."""

    def __init__(self, *, output: str = "petsard", output_dir: str = ".",
                 module: Source | None = None,
                 time_unit: Literal["seconds", "minutes", "hours", "days"] = "seconds",
                 naming_strategy: Literal["traditional", "compact"] = "traditional",
                 overwrite: bool = False) -> None:
        self.output = output
        self.output_dir = output_dir
        self.module = module
        self.time_unit = time_unit
        self.naming_strategy = naming_strategy
        self.overwrite = overwrite

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        clean, problems = super().validate_params(params, path)
        for name in [] if problems else sources(clean.get("module") or []):
            if name.removesuffix("Adapter") not in MODULE_ORDER:
                problems.append(f"{path}.module: '{name}' is not a module"
                                f"{did_you_mean(name, list(MODULE_ORDER))}")
        return clean, problems

    scope = "run"  # once, after every other node, so the table is complete

    def report_run(self, record: RecordQueries) -> list[Path]:
        frame = self.table(pd.DataFrame([{
            "record_id": r.record_id, "module_name": f"{r.module_name}Adapter",
            "experiment_name": r.experiment_name, "step_name": r.step_name,
            "start_time": _local(r.start_time), "end_time": _local(r.end_time),
            "duration_seconds": round(r.duration_seconds, 2), "source": "logging",
            "status": "error" if r.status == "failed" else r.status,
        } for r in record.get_timing_records()
            if r.step_name == "run" and r.duration_seconds is not None], columns=COLUMNS))
        if frame.empty:
            log.warning("save_timing: no timing recorded%s; no file written",
                        "" if self.module is None else f" for {sources(self.module)}")
            return []
        path = target(run_view(record), self.output_dir, self.output, self.file_name(),
                      self.overwrite)
        return [atomic_write(path, lambda p: frame.to_csv(p, index=False))]

    def file_name(self) -> str:
        return "_[Timing].csv"

    def table(self, timing: pd.DataFrame) -> pd.DataFrame:
        """``timing`` (PETsARD's columns, a row per module run) for the modules asked for
        (named with or without 'Adapter'), its duration in ``time_unit``."""
        frame = timing
        if self.module is not None and not frame.empty:
            wanted = {name.removesuffix("Adapter") for name in sources(self.module)}
            frame = frame[frame["module_name"].astype(str).str.removesuffix("Adapter")
                          .isin(wanted)]
        frame = frame.reset_index(drop=True)
        if self.time_unit != "seconds" and "duration_seconds" in frame:
            at = list(frame.columns).index("duration_seconds")  # in duration_seconds' place
            seconds = frame.pop("duration_seconds")
            frame.insert(at, f"duration_{self.time_unit}",
                         seconds / _SECONDS_PER[self.time_unit])
        return frame


def _local(moment: datetime | None) -> str | None:
    """PETsARD's timestamps: local time, ISO format, no offset."""
    return None if moment is None else moment.astimezone().replace(tzinfo=None).isoformat()
