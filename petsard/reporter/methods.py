"""Reporter methods: each writes files for one leaf of the experiment tree and returns them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml

from petsard.engine.context import PathContext
from petsard.files import atomic_write, fresh_path, output_path

Source = str | list[str]
_DIVISORS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}


def _sources(source: Source) -> list[str]:
    return [source] if isinstance(source, str) else list(source)


def check_source_modules(params: dict[str, Any], path: str, modules: list[str]) -> list[str]:
    """Every module named in ``source`` must be in the config, before the Reporter."""
    return [f"{path}.source: module '{m}' is not in this config (modules: {', '.join(modules)})"
            for m in _sources(params.get("source", [])) if m not in modules]


def key_up_to(ctx: PathContext, module: str) -> str:
    """The experiment key of the path up to and including ``module``."""
    parts = []
    for name, experiment in ctx.path:
        parts.append(f"{name}[{experiment}]")
        if name == module:
            break
    return "_".join(parts)


def target(ctx: PathContext, folder: str, name: str, overwrite: bool) -> Path:
    """Where to write ``name``: inside ``folder``, and beside any file from an earlier run."""
    path = output_path(folder, name)
    if ctx.run is None:
        return path
    return fresh_path(path, overwrite, ctx.run.run_id, ctx.run.started)


class SaveData:
    """One CSV per source module and path: ``<output>_<experiment key>.csv``. A file from an
    earlier run is kept (the new one gets the run id as suffix) unless ``overwrite: true``."""

    def __init__(self, *, source: Source, output: str = "petsard", output_dir: str = ".",
                 overwrite: bool = False) -> None:
        self.source = source
        self.output = output
        self.output_dir = output_dir
        self.overwrite = overwrite

    check_sources = staticmethod(check_source_modules)

    def report(self, ctx: PathContext) -> list[Path]:
        written = []
        for module in _sources(self.source):
            result = ctx.output_of(module)
            if result is None or result.data is None:
                continue
            tables = result.data if isinstance(result.data, dict) else {"": result.data}
            for name, table in tables.items():
                suffix = f"_{name}" if name else ""
                path = target(ctx, self.output_dir,
                              f"{self.output}_{key_up_to(ctx, module)}{suffix}.csv",
                              self.overwrite)
                written.append(atomic_write(path, lambda p, t=table: t.to_csv(p, index=False)))
        return written


class SaveTiming:
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

    needs_timings = True
    runs_last = True  # after every other node, so the table is complete

    def report(self, ctx: PathContext) -> list[Path]:
        records = ctx.run.timings if ctx.run else ()
        frame = pd.DataFrame([r.to_dict() for r in records])
        if self.module is not None and not frame.empty:
            frame = frame[frame["module_name"].isin(_sources(self.module))]
        if not frame.empty and self.time_unit != "seconds":
            frame[f"duration_{self.time_unit}"] = (
                frame.pop("duration_seconds") / _DIVISORS[self.time_unit])
        path = target(ctx, self.output_dir, f"{self.output}_timing_report.csv", self.overwrite)
        return [atomic_write(path, lambda p: frame.to_csv(p, index=False))]


class SaveSchema:
    """The schema at each source module, as YAML: ``<output>_schema_<experiment key>.yaml``."""

    def __init__(self, *, source: Source, output: str = "petsard", output_dir: str = ".",
                 overwrite: bool = False) -> None:
        self.source = source
        self.output = output
        self.output_dir = output_dir
        self.overwrite = overwrite

    check_sources = staticmethod(check_source_modules)

    def report(self, ctx: PathContext) -> list[Path]:
        written = []
        for module in _sources(self.source):
            result = ctx.output_of(module)
            if result is None or result.schema is None:
                continue
            text = yaml.safe_dump(result.schema.to_dict(), sort_keys=False, allow_unicode=True)
            path = target(ctx, self.output_dir,
                          f"{self.output}_schema_{key_up_to(ctx, module)}.yaml", self.overwrite)
            written.append(atomic_write(path, lambda p, t=text: p.write_text(t, "utf-8")))
        return written


def _needs_constrainer(params: dict[str, Any], path: str, modules: list[str]) -> list[str]:
    if "Constrainer" in modules:
        return []
    return [f"{path}.method: save_validation reports a Constrainer's checks; this config has "
            "no Constrainer"]


class SaveValidation:
    """The Constrainer's per-rule counts (and failing rows in validate mode), as CSVs:
    ``<output>_validation_<experiment key>_<table>.csv``."""

    def __init__(self, *, output: str = "petsard", output_dir: str = ".") -> None:
        self.output = output
        self.output_dir = output_dir

    check_sources = staticmethod(_needs_constrainer)

    def report(self, ctx: PathContext) -> list[Path]:
        from petsard.constrainer import write_validation

        result = ctx.output_of("Constrainer")
        tables = result.artifacts.get("validation") if result is not None else None
        if not tables:
            return []
        return write_validation(tables, self.output_dir,
                                f"{self.output}_validation_{key_up_to(ctx, 'Constrainer')}")


def _needs_evaluations(params: dict[str, Any], path: str, modules: list[str]) -> list[str]:
    if "Evaluator" in modules or "Describer" in modules:
        return []
    return [f"{path}.method: save_report compares Evaluator or Describer results; this config "
            "has neither"]


class SaveReport:
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

    check_sources = staticmethod(_needs_evaluations)
    runs_last = True  # after every evaluation, so each table holds every combination

    def report(self, ctx: PathContext) -> list[Path]:
        if ctx.run is None:
            return []
        wanted = None if self.eval is None else set(_sources(self.eval))
        groups: dict[tuple[str, str, str], list[pd.DataFrame]] = {}
        for granularity in _sources(self.granularity):
            for key, tables in ctx.run.evaluations.items():
                path = ctx.run.paths[key]
                module, experiment = path[-1]
                table = tables.get(granularity)
                if table is None or (wanted is not None and experiment not in wanted):
                    continue
                groups.setdefault((module, experiment, granularity), []).append(
                    _with_experiments(table, path[:-1]))
        written = []
        for (module, experiment, granularity), frames in groups.items():
            name = (f"{self.output}_Reporter[{experiment}_{granularity}].csv"
                    if self.naming_strategy == "traditional" else
                    f"{self.output}.report.{module[:2]}.{experiment}.{granularity[0].upper()}.csv")
            path = target(ctx, self.output_dir, name, self.overwrite)
            table = pd.concat(frames, ignore_index=True)
            written.append(atomic_write(path, lambda p, t=table: t.to_csv(p, index=False)))
        return written


def _with_experiments(table: pd.DataFrame, path: list[tuple[str, str]]) -> pd.DataFrame:
    """``table`` led by one column per module naming the experiment this row comes from."""
    frame = table if isinstance(table.index, pd.RangeIndex) else table.reset_index()
    lead = pd.DataFrame({module: [experiment] * len(frame) for module, experiment in path})
    return pd.concat([lead, frame.reset_index(drop=True)], axis=1)
