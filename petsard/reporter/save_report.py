"""``method: save_report``: the scores of every experiment combination, one CSV per
granularity, once after the tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd

from petsard.experiment import NodeKey
from petsard.experiment.source_ref import ConfigModules
from petsard.logs import get_logger
from petsard.output_files import atomic_write
from petsard.registry import did_you_mean
from petsard.reporter.base import ReporterMethod
from petsard.reporter.output import in_run_order, run_view, sources, target
from petsard.reporter.score_tables import EVALUATION_MODULES, merged, shaped
from petsard.status.queries import RecordQueries

GRANULARITY_LETTERS = {"global": "G", "columnwise": "C", "pairwise": "P", "details": "D",
                       "tree": "T"}
log = get_logger("reporter")


def _check_evaluations(params: dict[str, Any], path: str, modules: ConfigModules) -> list[str]:
    present = [module for module in EVALUATION_MODULES if module in modules]
    if not present:
        return [f"{path}.method: save_report compares Evaluator or Describer results; this "
                "config has neither"]
    wanted = sources(params.get("eval") or [])
    experiments = [name for module in present for name in modules[module]] if wanted else []
    return [f"{path}.eval: '{name}' is not an Evaluator or Describer experiment of this "
            f"config{did_you_mean(name, experiments)}" for name in wanted
            if name not in experiments]


class SaveReport(ReporterMethod):
    """Every Evaluator's and Describer's table of a granularity in one file, as PETsARD writes
    it: ``<output>_Reporter[<granularity>].csv``, or with ``eval: [a, b]`` (only those
    experiments) ``<output>_Reporter[a-b_<granularity>].csv``; compact names
    ``<output>.report.Rp.<same label>.<G|C|P|D|T>.csv``. Columns: ``full_expt_name``, one per
    module, ``column`` / ``column1``, ``column2`` where the table is per field, then each
    experiment's scores prefixed with its name (``quality_score``); see score_tables. A file
    from an earlier run is kept (the new one gets the run id as suffix) unless
    ``overwrite: true``."""

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

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        clean, problems = super().validate_params(params, path)
        for name in [] if problems else sources(clean.get("granularity", "global")):
            if name.lower() not in GRANULARITY_LETTERS:
                problems.append(f"{path}.granularity: '{name}' is not a granularity"
                                f"{did_you_mean(name.lower(), list(GRANULARITY_LETTERS))}")
        return clean, problems

    check_pipeline = staticmethod(_check_evaluations)
    scope = "run"  # once, after every evaluation, so each file holds every combination

    def report_run(self, record: RecordQueries) -> list[Path]:
        evaluations = record.get_evaluations()
        keys = in_run_order(evaluations, record)
        run, written = run_view(record), []
        for granularity, report in self.reports(evaluations, keys).items():
            if report is None:
                log.warning("save_report: no %s table to report%s; no file written for it",
                            granularity, "" if self.eval is None else f" from {self.eval}")
                continue
            path = target(run, self.output_dir, self.output, self.file_name(granularity),
                          self.overwrite)
            written.append(atomic_write(path, lambda p, t=report: t.to_csv(p, index=False)))
        return written

    def reports(self, evaluations: dict[str, dict[str, pd.DataFrame]], keys: list[str]
                ) -> dict[str, pd.DataFrame | None]:
        """{granularity asked for: its merged report (None when no table has it)} from
        ``evaluations`` ({node key: {granularity: table}}) taken in ``keys``' order."""
        return {granularity: self._merged(evaluations, keys, granularity,
                                          self._label(granularity))
                for granularity in dict.fromkeys(g.lower() for g in sources(self.granularity))}

    def _label(self, granularity: str) -> str:
        return granularity if self.eval is None else (
            f"{'-'.join(sources(self.eval))}_{granularity}")

    def file_name(self, granularity: str) -> str:
        """What follows ``output`` in the file name of ``granularity``'s report."""
        label = self._label(granularity)
        return (f"_Reporter[{label}].csv" if self.naming_strategy == "traditional" else
                f".report.Rp.{label}.{GRANULARITY_LETTERS[granularity]}.csv")

    def _merged(self, evaluations: dict[str, dict[str, pd.DataFrame]], keys: list[str],
                granularity: str, label: str) -> pd.DataFrame | None:
        """Each Evaluator and Describer table of ``granularity`` merged into the report in the
        order PETsARD's Reporters met them (depth first). PETsARD merged an Evaluator's table
        again at every Describer below it, pairing its rows with themselves when it had
        several; each table is merged once here."""
        wanted = None if self.eval is None else set(sources(self.eval))
        report = None
        for key in keys:
            node, table = NodeKey.parse(key), evaluations[key].get(granularity)
            if table is None or (wanted is not None and node.experiment not in wanted):
                continue
            part = shaped(table, granularity, node.pairs, label)
            report = part if report is None else merged(report, part)
        return report
