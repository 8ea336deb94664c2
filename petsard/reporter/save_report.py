"""``method: save_report``: scores of every experiment combination side by side, once after
the tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd

from petsard.experiment import NodeKey
from petsard.experiment.source_ref import ConfigModules
from petsard.output_files import atomic_write
from petsard.reporter.base import ReporterMethod
from petsard.reporter.output import run_view, sources, target
from petsard.status.queries import RecordQueries


def _needs_evaluations(params: dict[str, Any], path: str, modules: ConfigModules) -> list[str]:
    if "Evaluator" in modules or "Describer" in modules:
        return []
    return [f"{path}.method: save_report compares Evaluator or Describer results; this config "
            "has neither"]


class SaveReport(ReporterMethod):
    """Scores of every experiment combination side by side: one CSV per evaluator experiment
    and granularity, one row per combination (per column for columnwise tables), led by the
    experiment name of each module on its path. Names as PETsARD's: traditional
    ``<output>_Reporter[<evaluator>_<granularity>].csv``, compact
    ``<output>.report.Ev.<evaluator>.G.csv``. Existing files are kept: the new one gets the
    run id as a suffix, unless ``overwrite: true``."""

    def __init__(self, *, granularity: str | list[str] = "global",
                 eval: str | list[str] | None = None, output: str = "petsard",
                 output_dir: str = ".",
                 naming_strategy: Literal["traditional", "compact"] = "traditional",
                 overwrite: bool = False) -> None:
        self.granularity = granularity
        self.eval = eval
        self.output = output
        self.output_dir = output_dir
        self.naming_strategy = naming_strategy
        self.overwrite = overwrite

    check_pipeline = staticmethod(_needs_evaluations)
    scope = "run"  # once, after every evaluation, so each table holds every combination

    def report_run(self, record: RecordQueries) -> list[Path]:
        wanted = None if self.eval is None else set(sources(self.eval))
        evaluations = record.get_evaluations()
        groups: dict[tuple[str, str, str], list[pd.DataFrame]] = {}
        for granularity in sources(self.granularity):
            for key, tables in evaluations.items():
                path = NodeKey.parse(key).pairs
                module, experiment = path[-1]
                table = tables.get(granularity)
                if table is None or (wanted is not None and experiment not in wanted):
                    continue
                groups.setdefault((module, experiment, granularity), []).append(
                    with_experiments(table, path[:-1]))
        run = run_view(record)
        written = []
        for (module, experiment, granularity), frames in groups.items():
            rest = self.file_name(module, experiment, granularity)
            path = target(run, self.output_dir, self.output, rest, self.overwrite)
            table = pd.concat(frames, ignore_index=True)
            written.append(atomic_write(path, lambda p, t=table: t.to_csv(p, index=False)))
        return written

    def file_name(self, module: str, experiment: str, granularity: str) -> str:
        """The file name after ``output``: ``_Reporter[<experiment>_<granularity>].csv``, or
        compact ``.report.<Ev|De>.<experiment>.<G|C|P...>.csv``."""
        if self.naming_strategy == "traditional":
            return f"_Reporter[{experiment}_{granularity}].csv"
        return f".report.{module[:2]}.{experiment}.{granularity[0].upper()}.csv"


def with_experiments(table: pd.DataFrame, path: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """``table`` led by one column per module naming the experiment this row comes from. A
    meaningful index (named, or not 0..n-1) is kept as a column; a plain row number is not
    (the run record gives back a RangeIndex as integers)."""
    plain = table.index.name is None and table.index.equals(pd.RangeIndex(len(table)))
    frame = table if plain else table.reset_index()
    lead = pd.DataFrame({module: [experiment] * len(frame) for module, experiment in path})
    return pd.concat([lead, frame.reset_index(drop=True)], axis=1)
