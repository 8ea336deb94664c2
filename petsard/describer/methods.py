"""Describer methods: statistics of one module's table, or of two modules' tables compared."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import ConfigDict
from typing_extensions import TypedDict

from petsard.describer.base import DescriberMethod
from petsard.evaluator.stats import (
    STATS,
    ChangeMethod,
    StatName,
    compare_tables,
    describe_table,
)
from petsard.schema.schema import Schema

# Modules whose output has no table of its own to describe (or that run after the Describer).
NOT_SOURCES = ("Describer", "Reporter")


class CompareSource(TypedDict):
    """``source: {base: Splitter, target: Synthesizer}``."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]
    base: str
    target: str


def _check(names: list[str], path: str, modules: list[str]) -> list[str]:
    problems = []
    for where, name in names:
        if name in NOT_SOURCES:
            problems.append(f"{path}.{where}: '{name}' cannot be described (choose a module "
                            "before the Describer)")
        elif name not in modules:
            problems.append(f"{path}.{where}: module '{name}' is not in this config "
                            f"(modules: {', '.join(modules)})")
    return problems


class DescribeMethod(DescriberMethod):
    """Statistics of one table: ``source`` names a module on the path (a Splitter's train
    table is used); by default the path's latest data. ``stats_method``: a subset of mean,
    std, median, min, max, nunique (jsdivergence needs two tables and is ignored here)."""

    def __init__(self, *, source: str | None = None,
                 stats_method: list[StatName] | None = None) -> None:
        self.source = source
        self.stats_method = stats_method

    @classmethod
    def check_pipeline(cls, params: dict[str, Any], path: str, modules: list[str]) -> list[str]:
        source = params.get("source")
        return [] if source is None else _check([("source", source)], path, modules)

    def roles(self) -> dict[str, str | None]:
        return {"table": self.source}

    def describe(self, table: tuple[pd.DataFrame, Schema]) -> dict[str, pd.DataFrame]:
        stats = list(dict.fromkeys(self.stats_method or STATS))
        self.info_ = {"source": self.source, "stats_method": stats, "rows": len(table[0])}
        return describe_table(table[0], table[1], stats)


class CompareMethod(DescriberMethod):
    """Statistics of ``source.base`` and ``source.target`` side by side, per column, and
    their change: ``pct_change`` ((target - base) / |base|) or ``diff`` (target - base).
    A Splitter source contributes its train table; base's schema decides column types."""

    def __init__(self, *, source: CompareSource,
                 stats_method: list[StatName] | None = None,
                 compare_method: ChangeMethod = "pct_change") -> None:
        self.source = source
        self.stats_method = stats_method
        self.compare_method = compare_method

    @classmethod
    def check_pipeline(cls, params: dict[str, Any], path: str, modules: list[str]) -> list[str]:
        source = params.get("source") or {}
        return _check([(f"source.{role}", source[role]) for role in ("base", "target")
                       if role in source], path, modules)

    def roles(self) -> dict[str, str | None]:
        return {"base": self.source["base"], "target": self.source["target"]}

    def describe(self, base: tuple[pd.DataFrame, Schema], target: tuple[pd.DataFrame, Schema]
                 ) -> dict[str, pd.DataFrame]:
        stats = list(dict.fromkeys(self.stats_method or STATS))
        self.info_ = {"source": dict(self.source), "stats_method": stats,
                      "compare_method": self.compare_method, "rows_base": len(base[0]),
                      "rows_target": len(target[0])}
        return compare_tables(base[0], target[0], base[1], stats, self.compare_method,
                              labels=("base", "target"))
