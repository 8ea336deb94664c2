"""What each Reporter method does in PETsARD's Python API: ``create(data)`` turns tables keyed
by experiment tuples (``('Synthesizer', 'exp1')``, ``('Evaluator', 'eval1_[global]')``) into
what ``report(processed)`` writes, with the file names and tables of the YAML Reporter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from petsard.constrainer import write_validation
from petsard.exceptions import ConfigError
from petsard.experiment import MODULE_ORDER, NodeKey
from petsard.experiment.source_ref import base_experiment
from petsard.logs import get_logger
from petsard.output_files import atomic_write, output_path
from petsard.reporter import SaveData, SaveReport, SaveTiming, SaveValidation
from petsard.reporter.output import sources
from petsard.reporter.save_data import key_name
from petsard.reporter.save_report import with_experiments

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
    """save_report: per evaluation experiment and granularity, the score tables of every
    entry ``('Evaluator', '<eval>_[<granularity>]')`` (on any path), each row led by the
    experiments of its path: ``{'Reporter': {'<eval>_<granularity>': {'eval_expt_name',
    'granularity', 'report', 'module'}}}``. ``exist_report`` ({'<eval>_<granularity>' or
    granularity: earlier table}) is put first."""

    def __init__(self, method: SaveReport) -> None:
        self.method = method

    def create(self, data: dict) -> dict[str, dict[str, dict[str, Any]]]:
        wanted = None if self.method.eval is None else set(sources(self.method.eval))
        earlier = (data.get("exist_report") if isinstance(data, dict) else None) or {}
        grains = [g.lower() for g in sources(self.method.granularity)]
        groups: dict[tuple[str, str, str], list[pd.DataFrame]] = {}
        for key, table in entries(data):
            module, experiment = key.pairs[-1]
            match = EVAL_NAME.match(experiment)
            if module not in SCORED or match is None:
                continue
            name, granularity = match.groups()
            if granularity.lower() not in grains or (wanted is not None and name not in wanted):
                continue
            if table is None:
                log.warning("Reporter: no %s table from %s %s", granularity, module, name)
                continue
            groups.setdefault((module, name, granularity.lower()), []).append(
                with_experiments(table, key.pairs[:-1]))
        result = {}
        for (module, name, granularity), frames in groups.items():
            label = f"{name}_{granularity}"
            before = earlier.get(label, earlier.get(granularity))
            report = pd.concat(([before] if before is not None else []) + frames,
                               ignore_index=True)
            result[label] = {"eval_expt_name": label, "granularity": granularity,
                             "report": report, "module": module}
        if not result:
            result = {g: {"eval_expt_name": g, "granularity": g, "report": None,
                          "warnings": NO_REPORT.format(g)} for g in grains}
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
            granularity = entry["granularity"]
            name = entry["eval_expt_name"].removesuffix(f"_{granularity}")
            rest = self.method.file_name(entry.get("module", "Evaluator"), name, granularity)
            _write(self.method.output_dir, self.method.output + rest, entry["report"])
        return processed


class TimingWriter:
    """save_timing: ``{'timing_data': df}`` (one row per timed step, PETsARD's columns) for
    the modules asked for, in ``time_unit``; written as ``<output>_timing_report.csv``."""

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
        _write(self.method.output_dir, f"{self.method.output}_timing_report.csv", processed)
        return processed


class ValidationWriter:
    """save_validation: ``{('Constrainer', 'name'): Constrainer.validate() result}`` as
    tables (summary, constraint_violations, violation_details), written as
    ``<output>_validation_<Constrainer[name]>_<table>.csv``."""

    REQUIRED = ("total_rows", "passed_rows", "failed_rows", "pass_rate", "is_fully_compliant",
                "constraint_violations")

    def __init__(self, method: SaveValidation) -> None:
        self.method = method

    def create(self, data: dict) -> dict[str, dict[str, Any]]:
        processed = {}
        for key, result in entries(data, (dict,)):
            if result is None or not all(k in result for k in self.REQUIRED):
                log.warning("Reporter: left out %s: not a Constrainer.validate() result", key)
                continue
            tables = {"summary": pd.DataFrame({
                "Metric": list(self.REQUIRED[:-1]),
                "Value": [result[k] for k in self.REQUIRED[:-1]]}),
                "constraint_violations": _violations(result["constraint_violations"])}
            if result.get("violation_details") is not None:
                tables["violation_details"] = result["violation_details"]
            processed[str(key)] = {"key": key.pairs, **tables}
        return {"Reporter": processed}

    def report(self, processed: dict[str, Any] | None = None) -> dict[str, Any]:
        if not processed or "Reporter" not in processed:
            return {}
        for name, entry in processed["Reporter"].items():
            tables = {k: v for k, v in entry.items() if isinstance(v, pd.DataFrame)}
            write_validation(tables, self.method.output_dir,
                             f"{self.method.output}_validation_{name}")
        return processed


def _violations(violations: dict[str, dict[str, Any]]) -> pd.DataFrame:
    rows = [{"Constraint Type": section, "Rule": rule, "Failed Count": stats["failed_count"],
             "Fail Rate": stats["fail_rate"],
             "Violation Examples": ", ".join(map(str, stats.get("violation_examples", [])))}
            for section, rules in violations.items() for rule, stats in rules.items()]
    return pd.DataFrame(rows, columns=["Constraint Type", "Rule", "Failed Count", "Fail Rate",
                                       "Violation Examples"])
