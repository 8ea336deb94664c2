"""``method: mpuccs``: singling-out risk from maximal partial unique column combinations.

A synthetic row is *identified* when some combination of columns takes values that occur
once in syn and exactly once in ori (the training rows): an attacker holding syn can single
that person out. The search (``mpuccs_search.py``) finds, for each synthetic row, the
smallest such combination, visiting columns with the most distinct values first and
pruning combinations whose extra column adds no entropy.

Before the search, as PETsARD does: float columns are rounded to ``numeric_precision``
decimals (by default the most decimals any ori float shows, at most 10) and datetimes
floored to ``datetime_precision`` (by default the finest unit ori's datetimes use); then
exact duplicate rows are dropped from ori and from syn. Missing values count as a value
(a missing value matches a missing value). Indexes in ``details`` are the row labels of the
tables given (the first of duplicate rows). The search draws nothing at random: the result
depends only on the data and the settings.

Baseline protection of a combination is ``1 - 1 / (product of its columns' distinct values
in ori)``: what random data of the same cardinalities would give.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.evaluator.base import EvaluatorMethod
from petsard.evaluator.evaluation_data import EvaluationData, EvaluatorError, align, one_row
from petsard.evaluator.mpuccs_search import (
    NOT_FOUND,
    Checked,
    SearchResult,
    combination_count,
    encode,
    search,
)

#: Refuse searches larger than this many column combinations (the tree has one row each).
MAX_COMBINATIONS = 2**20
MAX_DECIMALS = 10
#: Accepted spellings (case-insensitive) of datetime_precision -> the pandas unit used.
DATETIME_UNITS = {"d": "D", "h": "h", "t": "min", "min": "min", "s": "s", "sec": "s",
                  "l": "ms", "ms": "ms", "u": "us", "us": "us", "micro": "us", "n": "ns",
                  "ns": "ns", "nano": "ns"}
_COARSE_TO_FINE = ("D", "h", "min", "s", "ms", "us", "ns")
DEFAULT_MIN_ENTROPY_DELTA = 0.0
DEFAULT_FIELD_DECAY_FACTOR = 0.5


def _float_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if pd.api.types.is_float_dtype(table[c])]


def _datetime_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if pd.api.types.is_datetime64_any_dtype(table[c])]


def detect_decimals(table: pd.DataFrame) -> int:
    """The most decimals (up to MAX_DECIMALS) any float value of ``table`` shows."""
    most = 0
    for column in _float_columns(table):
        values = table[column].to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        reference = np.round(values, MAX_DECIMALS)
        decimals = next((d for d in range(most, MAX_DECIMALS + 1)
                         if np.array_equal(np.round(values, d), reference)), MAX_DECIMALS)
        most = max(most, decimals)
    return most


def detect_datetime_unit(table: pd.DataFrame) -> str | None:
    """The finest unit (of D, h, min, s, ms, us, ns) ``table``'s datetimes use; None
    without datetime columns."""
    columns = _datetime_columns(table)
    if not columns:
        return None
    finest = 0
    for column in columns:
        values = table[column].dropna()
        finest = next((i for i in range(finest, len(_COARSE_TO_FINE))
                       if (values.dt.floor(_COARSE_TO_FINE[i]) == values).all()), finest)
    return _COARSE_TO_FINE[finest]


def _with_precision(table: pd.DataFrame, decimals: int | None, unit: str | None
                    ) -> pd.DataFrame:
    table = table.copy()
    if decimals is not None:
        for column in _float_columns(table):
            table[column] = table[column].round(decimals)
    if unit is not None:
        for column in _datetime_columns(table):
            table[column] = table[column].dt.floor(unit)
    return table


def _baseline(cardinalities: list[int]) -> float:
    """1 - 1/product, computed in logs so many columns do not overflow."""
    return 1.0 - math.exp(-sum(math.log(max(c, 1)) for c in cardinalities))


def _python(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


class MPUCCsEvaluator(EvaluatorMethod):
    """Singling-out risk by mpUCCs (experimental in PETsARD); needs no control data.

    - max_baseline_cols: largest combination checked; None: all columns.
    - min_entropy_delta: a combination is pruned (with all grown from it) when its last
      column raises the normalised entropy by no more than this; -1 never prunes.
    - field_decay_factor: a combination of k columns weighs factor**(k-1); the weights
      (and entropies) are shown in the tree when this or min_entropy_delta is not default.
    - renyi_alpha: order of the Rényi entropy (0 Hartley, 1 Shannon, 2 collision, .inf
      min-entropy).
    - numeric_precision / datetime_precision: decimals / unit values are compared at;
      None: detected from ori.
    - calculate_baseline: add the baseline and overall protection and the risk score.
    """

    measures = "privacy"

    def __init__(
        self,
        *,
        max_baseline_cols: Annotated[int, Field(ge=1)] | None = None,
        min_entropy_delta: Annotated[float, Field(ge=-1, le=1)] = DEFAULT_MIN_ENTROPY_DELTA,
        field_decay_factor: Annotated[float, Field(ge=0, le=1)] = DEFAULT_FIELD_DECAY_FACTOR,
        renyi_alpha: Annotated[float, Field(ge=0)] = 2.0,
        numeric_precision: Annotated[int, Field(ge=0, le=MAX_DECIMALS)] | None = None,
        datetime_precision: str | None = None,
        calculate_baseline: bool = True,
    ) -> None:
        self.max_baseline_cols = max_baseline_cols
        self.min_entropy_delta = min_entropy_delta
        self.field_decay_factor = field_decay_factor
        self.renyi_alpha = renyi_alpha
        self.numeric_precision = numeric_precision
        self.datetime_precision = datetime_precision
        self.calculate_baseline = calculate_baseline

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str
                        ) -> tuple[dict[str, Any], list[str]]:
        params, problems = super().validate_params(params, path)
        if problems:
            return params, problems
        unit = params.get("datetime_precision")
        if isinstance(unit, str) and unit.lower() not in DATETIME_UNITS:
            problems.append(f"{path}.datetime_precision: expected one of D, H, T, s, ms, us, "
                            f"ns (any case), got {unit!r}")
        return params, problems

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        aligned = align(dataclasses.replace(data, control=None))
        notes = aligned.note_lines()
        if not aligned.columns:
            raise EvaluatorError("mpuccs: no column of ori can be compared with syn "
                                 f"({'; '.join(notes) or 'no columns'})")
        decimals = (self.numeric_precision if self.numeric_precision is not None
                    else detect_decimals(aligned.ori) or None)
        unit = (DATETIME_UNITS[self.datetime_precision.lower()] if self.datetime_precision
                else detect_datetime_unit(aligned.ori))
        ori = _with_precision(aligned.ori, decimals, unit).drop_duplicates()
        syn = _with_precision(aligned.syn, decimals, unit).drop_duplicates()
        columns = list(syn.columns)
        max_size = min(self.max_baseline_cols or len(columns), len(columns))
        n_combinations = combination_count(len(columns), max_size)
        if n_combinations > MAX_COMBINATIONS:
            raise EvaluatorError(
                f"mpuccs: {len(columns)} columns give {n_combinations:,} combinations of up "
                f"to {max_size} columns (more than {MAX_COMBINATIONS:,}): set "
                "max_baseline_cols (e.g. 3) to check smaller combinations only")
        syn_distinct = [int(syn[c].nunique()) for c in columns]
        order = sorted(range(len(columns)), key=lambda i: -syn_distinct[i])
        codes, sizes = encode(syn, ori)
        found = search(codes, sizes, len(syn), order, max_size, self.min_entropy_delta,
                       self.renyi_alpha)
        ori_distinct = [int(ori[c].nunique()) for c in columns]
        tree = self._tree(found.checked, columns, ori_distinct)
        self.info_ = {
            "max_baseline_cols": self.max_baseline_cols, "combination_size_max": max_size,
            "min_entropy_delta": self.min_entropy_delta,
            "field_decay_factor": self.field_decay_factor, "renyi_alpha": self.renyi_alpha,
            "numeric_precision": decimals, "datetime_precision": unit,
            "calculate_baseline": self.calculate_baseline,
            "column_order": [columns[i] for i in order],
            "combinations_checked": len(found.checked),
            "combinations_pruned": int(tree["is_pruned"].sum()),
            "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
            "duplicates_dropped": {"ori": len(aligned.ori) - len(ori),
                                   "syn": len(aligned.syn) - len(syn)},
            "notes": notes,
        }
        return {"global": self._global(found, len(syn), ori_distinct),
                "details": self._details(found, syn, ori, tree), "tree": tree}

    def _technical(self) -> bool:
        return (self.min_entropy_delta != DEFAULT_MIN_ENTROPY_DELTA
                or self.field_decay_factor != DEFAULT_FIELD_DECAY_FACTOR)

    def _tree(self, checked: list[Checked], columns: list[str], ori_distinct: list[int]
              ) -> pd.DataFrame:
        """One row per combination in search order. Pruned combinations were not counted
        (counts 0, no overall protection); entropy_gain is NaN for single columns and for
        combinations pruned with their base."""
        rows = []
        for number, item in enumerate(checked, start=1):
            size = len(item.columns)
            row: dict[str, Any] = {
                "check_order": number,
                "field_combo": str(tuple(columns[i] for i in item.columns)),
                "combo_size": size, "is_pruned": item.is_pruned,
                "mpuccs_cnt": item.unique_in_syn,
                "mpuccs_collision_cnt": item.newly_identified}
            if self.calculate_baseline:
                baseline = _baseline([ori_distinct[i] for i in item.columns])
                row["baseline_protection"] = baseline
                row["overall_protection"] = (
                    math.nan if item.is_pruned or not item.unique_in_syn
                    else _overall(1 - item.newly_identified / item.unique_in_syn, baseline))
            row["entropy_gain"] = item.entropy_gain
            if self._technical():
                weight = self.field_decay_factor ** (size - 1)
                row.update(entropy=item.entropy, field_weight=weight,
                           weighted_collision=item.newly_identified * weight)
            rows.append(row)
        return pd.DataFrame(rows)

    def _global(self, found: SearchResult, n_syn: int, ori_distinct: list[int]
                ) -> pd.DataFrame:
        identified = int((found.identified_by != NOT_FOUND).sum())
        rate = identified / n_syn if n_syn else 0.0
        if not self.calculate_baseline:
            return one_row({"identification_rate": rate, "main_protection": 1 - rate,
                            "total_identified": identified, "total_syn_records": n_syn})
        baseline = _baseline(ori_distinct)
        overall = _overall(1 - rate, baseline)
        return one_row({"privacy_risk_score": 1 - overall, "overall_protection": overall,
                        "main_protection": 1 - rate, "baseline_protection": baseline,
                        "identification_rate": rate, "total_identified": identified,
                        "total_syn_records": n_syn})

    def _details(self, found: SearchResult, syn: pd.DataFrame, ori: pd.DataFrame,
                 tree: pd.DataFrame) -> pd.DataFrame:
        """One row per identified synthetic row, in the order they were found."""
        rows = np.flatnonzero(found.identified_by != NOT_FOUND)
        rows = rows[np.argsort(found.identified_by[rows], kind="stable")]
        records = []
        for row in rows:
            check = int(found.identified_by[row])
            combo = found.checked[check].columns
            names = [syn.columns[i] for i in combo]
            record: dict[str, Any] = {
                "risk_level": self._risk_level(len(combo), tree, check),
                "syn_idx": _python(syn.index[row]),
                "ori_idx": _python(ori.index[found.ori_row[row]]),
                "combo_size": len(combo), "field_combo": str(tuple(names)),
                "value_combo": str(tuple(_python(syn[n].iat[row]) for n in names))}
            if self.calculate_baseline:
                record["baseline_protection"] = tree["baseline_protection"].iat[check]
            records.append(record)
        columns = ["risk_level", "syn_idx", "ori_idx", "combo_size", "field_combo",
                   "value_combo"] + (["baseline_protection"] if self.calculate_baseline else [])
        return pd.DataFrame(records, columns=columns)

    def _risk_level(self, size: int, tree: pd.DataFrame, check: int) -> str:
        """high / medium / low: by the size of the identifying combination (<= 2, <= 4, more)
        and, with the baseline, by that combination's overall protection (< 0.3, < 0.7,
        more); the higher risk of the two counts."""
        by_size = 0 if size <= 2 else 1 if size <= 4 else 2
        if not self.calculate_baseline:
            return ("high", "medium", "low")[by_size]
        protection = tree["overall_protection"].iat[check]
        by_protection = 0 if protection < 0.3 else 1 if protection < 0.7 else 2
        return ("high", "medium", "low")[min(by_size, by_protection)]


def _overall(main: float, baseline: float) -> float:
    """Protection relative to what random data would give, at most 1."""
    return 0.0 if baseline == 0 else min(main / baseline, 1.0)
