"""Describer methods, as PETsARD's configs write them: ``describe`` one source, ``compare``
two, ``default`` picks by how many sources ``source`` names."""

from __future__ import annotations

import warnings
from typing import Annotated, Any, ClassVar, Literal

import pandas as pd
from pydantic import BeforeValidator, Field

from petsard.describer.base import DescriberMethod, Table
from petsard.describer.sources import Mode, Source, check_source_refs, mode_of, read_source
from petsard.describer.statistics import (
    COMPARE_STATS,
    DEFAULT_DESCRIBE,
    compare_tables,
    describe_table,
)
from petsard.exceptions import ConfigWarning

DescribeStat = Literal["row_count", "col_count", "global_na_count", "mean", "median", "std",
                       "var", "min", "max", "kurtosis", "skew", "q1", "q3", "percentile",
                       "col_na_count", "nunique", "corr", "cov"]
StatName = Literal["mean", "std", "median", "min", "max", "nunique", "jsdivergence"]
ChangeMethod = Literal["pct_change", "diff"]
Percentile = Annotated[float, Field(ge=0, le=1)]
# PETsARD takes one name or a list of them.
DescribeStats = Annotated[list[DescribeStat], Field(min_length=1),
                          BeforeValidator(lambda v: [v] if isinstance(v, str) else v)]
StatNames = Annotated[list[StatName], Field(min_length=1)]

DESCRIBE_PARAMS = ("describe_method", "percentile")
COMPARE_PARAMS = ("stats_method", "compare_method", "aggregated_method", "summary_method")


def _misplaced(params: dict[str, Any], mode: Mode, path: str) -> tuple[dict, list[str]]:
    """``params`` without the other mode's parameters, and a problem for each of them."""
    other, own = ((COMPARE_PARAMS, DESCRIBE_PARAMS) if mode == "describe"
                  else (DESCRIBE_PARAMS, COMPARE_PARAMS))
    what = ("describes one source" if mode == "describe" else "compares two sources")
    problems = [f"{path}.{key}: not used when the Describer {what} (it takes "
                f"{', '.join(own)})" for key in params if key in other]
    return {k: v for k, v in params.items() if k not in other}, problems


def _written(source: Source, path: str, problems: list[str]) -> dict[str, str]:
    try:
        return read_source(source)
    except ValueError as exc:
        problems.append(f"{path}.source: {exc}")
        return {}


class DescribeMethod(DescriberMethod):
    """Statistics of one table (``source``: one reference). ``describe_method``: which, from
    row_count, col_count, global_na_count (global); mean, median, std, var, min, max,
    kurtosis, skew, q1, q3, percentile (with ``percentile``, 0..1), col_na_count, nunique
    (columnwise); corr, cov (pairwise). By default all but var, percentile and cov."""

    mode: ClassVar[Mode] = "describe"

    def __init__(self, *, source: Source,
                 describe_method: DescribeStats | None = None,
                 percentile: Percentile | None = None) -> None:
        self.source = source
        self.describe_method = describe_method
        self.percentile = percentile

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        params, problems = _misplaced(params, "describe", path)
        clean, found = super().validate_params(params, path)
        if found:
            return clean, problems + found
        written = _written(clean["source"], path, problems)
        if len(written) == 2:  # PETsARD describes the first, with a warning
            warnings.warn(f"{path}.source: describe takes one source; only the first, "
                          f"'{next(iter(written.values()))}', is described (use method: "
                          "compare or default to compare two)", ConfigWarning, stacklevel=2)
        stats = cls._stats(clean.get("describe_method"))
        if "percentile" in stats and clean.get("percentile") is None:
            problems.append(f"{path}.percentile: required when describe_method lists "
                            "'percentile' (a share from 0 to 1, e.g. 0.95)")
        elif "percentile" not in stats and clean.get("percentile") is not None:
            warnings.warn(f"{path}.percentile: ignored, describe_method does not list "
                          "'percentile'", ConfigWarning, stacklevel=2)
        return clean, problems

    check_pipeline = staticmethod(check_source_refs)

    @staticmethod
    def _stats(describe_method: list[str] | None) -> list[str]:
        return list(dict.fromkeys(describe_method or DEFAULT_DESCRIBE))

    def roles(self) -> dict[str, str]:
        return {"data": next(iter(read_source(self.source).values()))}

    def describe(self, data: Table) -> dict[str, pd.DataFrame]:  # type: ignore[override]
        stats = self._stats(self.describe_method)
        self.info_ = {"mode": self.mode, "describe_method": stats, "rows": len(data[0])}
        return describe_table(data[0], data[1], stats, self.percentile)


class CompareMethod(DescriberMethod):
    """Two tables' statistics side by side, per column both have, and their change:
    ``pct_change`` ((target - base) / |base|, undefined for a base of 0) or ``diff``
    (target - base); ``global`` holds ``Score`` and each change's mean. ``source``:
    ``{base, target}`` (or ``{ori, syn}``) or a list of two, base first; base's schema decides
    what applies to each column."""

    mode: ClassVar[Mode] = "compare"

    def __init__(self, *, source: Source,
                 stats_method: StatNames | None = None,
                 compare_method: ChangeMethod = "pct_change",
                 aggregated_method: Literal["mean"] = "mean",
                 summary_method: Literal["mean"] = "mean") -> None:
        self.source = source
        self.stats_method = stats_method
        self.compare_method = compare_method
        self.aggregated_method = aggregated_method
        self.summary_method = summary_method

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        params, problems = _misplaced(params, "compare", path)
        clean, found = super().validate_params(params, path)
        if found:
            return clean, problems + found
        written = _written(clean["source"], path, problems)
        if len(written) == 1:
            problems.append(f"{path}.source: compare takes two sources, got one (write "
                            "{base: <reference>, target: <reference>} or a list of two)")
        return clean, problems

    check_pipeline = staticmethod(check_source_refs)

    def roles(self) -> dict[str, str]:
        return dict(zip(("base", "target"), read_source(self.source).values(), strict=True))

    def describe(self, base: Table, target: Table  # type: ignore[override]
                 ) -> dict[str, pd.DataFrame]:
        stats = list(dict.fromkeys(self.stats_method or COMPARE_STATS))
        self.info_ = {"mode": self.mode, "stats_method": stats,
                      "compare_method": self.compare_method, "rows_base": len(base[0]),
                      "rows_target": len(target[0])}
        for role, (table, _), (other, _) in (("base", base, target), ("target", target, base)):
            only = [str(c) for c in table.columns if c not in other.columns]
            if only:  # left out of the comparison
                self.info_[f"columns_only_in_{role}"] = only
        return compare_tables(base[0], target[0], base[1], stats, self.compare_method)


class DefaultDescriber(DescriberMethod):
    """``method: default``: describe one source, compare two (PETsARD's choice by the
    number of sources); each takes its own parameters."""

    def __init__(self, *, source: Source,
                 describe_method: DescribeStats | None = None,
                 percentile: Percentile | None = None,
                 stats_method: StatNames | None = None,
                 compare_method: ChangeMethod = "pct_change",
                 aggregated_method: Literal["mean"] = "mean",
                 summary_method: Literal["mean"] = "mean") -> None:
        self.source = source
        self.describe_method = describe_method
        self.percentile = percentile
        self.stats_method = stats_method
        self.compare_method = compare_method
        self.aggregated_method = aggregated_method
        self.summary_method = summary_method

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        if "source" not in params:
            return super().validate_params(params, path)
        return cls._chosen_class(params["source"]).validate_params(params, path)

    check_pipeline = staticmethod(check_source_refs)

    @staticmethod
    def _chosen_class(source: Any) -> type[DescribeMethod] | type[CompareMethod]:
        return CompareMethod if mode_of(source) == "compare" else DescribeMethod

    def _chosen(self) -> DescribeMethod | CompareMethod:
        cls = self._chosen_class(self.source)
        names = DESCRIBE_PARAMS if cls is DescribeMethod else COMPARE_PARAMS
        return cls(source=self.source, **{name: getattr(self, name) for name in names})

    def roles(self) -> dict[str, str]:
        return self._chosen().roles()

    def describe(self, **tables: Table) -> dict[str, pd.DataFrame]:
        method = self._chosen()
        result = method.describe(**tables)
        self.info_ = method.info_
        return result
