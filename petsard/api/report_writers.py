"""What each Reporter method does in PETsARD's Python API: ``create(data)`` turns tables keyed
by experiment tuples (``('Synthesizer', 'exp1')``, ``('Evaluator', 'eval1_[global]')``) into
what ``report(processed)`` writes, with the file names and tables of the YAML Reporter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from petsard.constrainer.validation_files import (
    SUMMARY_METRICS,
    VIOLATION_COLUMNS,
    rate_text,
    summary_table,
    validation_stem,
)
from petsard.exceptions import ConfigError
from petsard.experiment import MODULE_ORDER, NodeKey
from petsard.experiment.source_ref import base_experiment
from petsard.logs import get_logger
from petsard.output_files import atomic_write, output_path
from petsard.reporter import SaveData, SaveReport, SaveTiming, SaveValidation
from petsard.reporter.output import sources
from petsard.reporter.save_data import key_name
from petsard.reporter.save_validation import DEFAULT_OUTPUT

log = get_logger("reporter")
MODULES = (*MODULE_ORDER, "Processor")  # PETsARD's keys may name its Processor
SCORED = ("Evaluator", "Describer")
EVAL_NAME = re.compile(r"^(.+)_\[([\w-]+)\]$")  # 'eval1_[global]'
NO_REPORT = "There is no report data to save under {} granularity."


def entries(data: Any, values: tuple[type, ...] = (pd.DataFrame,)
            ) -> list[tuple[NodeKey, Any]]:
    """(key, value) for every well-formed entry of ``data``: a tuple of module and experiment
    names in pairs, and a value of ``values`` (or None). Others are logged and left out."""
    if not isinstance(data, dict):
        raise ConfigError(f"Reporter.create: expected a dict keyed by experiment tuples, got "
                          f"{type(data).__name__}")
    found = []
    for key, value in data.items():
        if key in ("exist_report", "timing_data"):
            continue
        pairs = _pairs(key)
        if pairs is None or (value is not None and not isinstance(value, values)):
            log.warning("Reporter.create: left out %r: keys are tuples of module and "
                        "experiment names (%s), values %s or None", key, ", ".join(MODULES),
                        " or ".join(v.__name__ for v in values))
            continue
        found.append((NodeKey(pairs), value))
    return found


def _pairs(key: Any) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(key, tuple) or not key or len(key) % 2 or not all(
            isinstance(part, str) for part in key):
        return None
    pairs = tuple(zip(key[::2], key[1::2], strict=True))
    modules = [module for module, _ in pairs]
    if any(m not in MODULES for m in modules) or len(set(modules)) != len(modules):
        return None
    return pairs


def _write(folder: str, name: str, table: pd.DataFrame) -> Path:
    """``name`` in ``folder``, written whole; an earlier file of that name is replaced, as
    PETsARD's Python API does."""
    return atomic_write(output_path(folder, name), lambda p: table.to_csv(p, index=False))


class DataWriter:
    """save_data: ``{'Synthesizer[exp1]': df}`` from the entries whose last module or
    experiment ``source`` names; each becomes ``<output>_<name>.csv``."""

    def __init__(self, method: SaveData) -> None:
        self.method = method

    def create(self, data: dict) -> dict[str, pd.DataFrame | None]:
        wanted = set(sources(self.method.source))
        processed = {}
        for key, table in entries(data):
            module, experiment = key.pairs[-1]
            if wanted & {module, base_experiment(experiment), f"{module}.{experiment}"}:
                processed[key_name(key, self.method.naming_strategy)] = table
        return processed

    def report(self, processed: dict[str, pd.DataFrame | None] | None = None
               ) -> dict[str, pd.DataFrame]:
        saved = {}
        for name, table in (processed or {}).items():
            if table is not None:
                _write(self.method.output_dir, f"{self.method.output}_{name}.csv", table)
                saved[name] = table
        return saved


class ReportWriter:
    """save_report: per granularity, the score tables of every entry ``('Evaluator',
    '<eval>_[<granularity>]')`` (on any path) merged as the YAML Reporter merges them:
    ``{'Reporter': {granularity: {'eval_expt_name', 'granularity', 'report'}}}``.
    ``exist_report`` ({granularity: earlier table}) is put first."""

    def __init__(self, method: SaveReport) -> None:
        self.method = method

    def create(self, data: dict) -> dict[str, dict[str, dict[str, Any]]]:
        earlier = (data.get("exist_report") if isinstance(data, dict) else None) or {}
        evaluations: dict[str, dict[str, pd.DataFrame]] = {}
        for key, table in entries(data):
            module, experiment = key.pairs[-1]
            match = EVAL_NAME.match(experiment)
            if module not in SCORED or match is None:
                continue
            name, granularity = match.groups()
            if table is None:
                log.warning("Reporter: no %s table from %s %s", granularity, module, name)
                continue
            node = NodeKey((*key.pairs[:-1], (module, name)))
            evaluations.setdefault(str(node), {})[granularity.lower()] = table
        result = {}
        for granularity, report in self.method.reports(evaluations, list(evaluations)).items():
            before = earlier.get(granularity)
            if report is None and before is None:
                result[granularity] = {"eval_expt_name": granularity,
                                       "granularity": granularity, "report": None,
                                       "warnings": NO_REPORT.format(granularity)}
                continue
            report = pd.concat([t for t in (before, report) if t is not None],
                               ignore_index=True)
            result[granularity] = {"eval_expt_name": granularity, "granularity": granularity,
                                   "report": report}
        return {"Reporter": result}

    def report(self, processed: dict[str, Any] | None = None) -> dict[str, Any]:
        if not processed or "Reporter" not in processed:
            return {}
        for label, entry in processed["Reporter"].items():
            if not isinstance(entry, dict) or entry.get("report") is None:
                log.warning("Reporter: nothing saved for %s: %s", label,
                            entry.get("warnings", "no report") if isinstance(entry, dict)
                            else "not a report entry")
                continue
            rest = self.method.file_name(entry["granularity"])
            _write(self.method.output_dir, self.method.output + rest, entry["report"])
        return processed


class TimingWriter:
    """save_timing: ``{'timing_data': df}`` (one row per timed step, PETsARD's columns) for
    the modules asked for, in ``time_unit``; written as ``<output>_[Timing].csv``."""

    def __init__(self, method: SaveTiming) -> None:
        self.method = method

    def create(self, data: dict) -> pd.DataFrame | None:
        timing = (data or {}).get("timing_data")
        if timing is None or (isinstance(timing, pd.DataFrame) and timing.empty):
            return None
        if not isinstance(timing, pd.DataFrame):
            raise ConfigError(f"Reporter.create: timing_data must be a DataFrame, got "
                              f"{type(timing).__name__}")
        return self.method.table(timing)

    def report(self, processed: pd.DataFrame | None = None) -> pd.DataFrame | None:
        if processed is None or processed.empty:
            log.warning("Reporter: no timing data; no file saved")
            return None
        _write(self.method.output_dir, self.method.output + self.method.file_name(), processed)
        return processed


class ValidationWriter:
    """save_validation: ``{('Constrainer', 'name'): Constrainer.validate() result}`` as the
    YAML Reporter writes a validation: tables summary, violations and details, in
    ``petsard_[Validation]_Constrainer[<name>]_<table>.csv`` (``<output>_<table>.csv`` for
    another output)."""

    REQUIRED = (*SUMMARY_METRICS, "constraint_violations")

    def __init__(self, method: SaveValidation) -> None:
        self.method = method

    def create(self, data: dict) -> dict[str, dict[str, Any]]:
        processed = {}
        for key, result in entries(data, (dict,)):
            if result is None or not all(k in result for k in self.REQUIRED):
                log.warning("Reporter: left out %s: not a Constrainer.validate() result", key)
                continue
            tables = {"summary": summary_table(*(result[k] for k in SUMMARY_METRICS)),
                      "violations": _violations(result["constraint_violations"])}
            if result.get("violation_details") is not None and self.method.include_details:
                tables["details"] = result["violation_details"]
            processed[key.experiment] = {"key": key.pairs, **tables}
        return {"Reporter": processed}

    def report(self, processed: dict[str, Any] | None = None) -> dict[str, Any]:
        if not processed or "Reporter" not in processed:
            return {}
        for name, entry in processed["Reporter"].items():
            stem = validation_stem(name) if self.method.output == DEFAULT_OUTPUT else ""
            for table_name, table in entry.items():
                if isinstance(table, pd.DataFrame):
                    _write(self.method.output_dir,
                           f"{self.method.output}{stem}_{table_name}.csv", table)
        return processed


def _violations(violations: dict[str, dict[str, Any]]) -> pd.DataFrame:
    rows = [{"Constraint Type": section, "Rule": rule, "Failed Count": stats["failed_count"],
             "Fail Rate": rate_text(stats["fail_rate"]),
             "Violation Examples": ", ".join(map(str, stats.get("violation_examples", []))),
             "Error Message": stats.get("error_message", "")}
            for section, rules in violations.items() for rule, stats in rules.items()]
    return pd.DataFrame(rows, columns=VIOLATION_COLUMNS)
