"""Data Validity and Data Structure: whether synthetic values could be real ones, and whether
the synthetic table has the real table's columns.

BoundaryAdherence (numerical, datetime): the share of synthetic values within the real
column's [min, max]. CategoryAdherence (categorical, boolean): the share of synthetic values
that are real categories. In both, a missing synthetic value is valid when the real column
has missing values and invalid otherwise (sdmetrics 0.32's rule). TableStructure: shared
(name, dtype) pairs over all (name, dtype) pairs of the two tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from petsard.evaluator.fidelity.columns import (
    CONTINUOUS,
    DISCRETE,
    Codes,
    Columns,
    datetime_integers,
)
from petsard.evaluator.fidelity.details import single_column_details


def _share(valid: np.ndarray) -> float:
    return float(valid.sum() / len(valid)) if len(valid) else float("nan")


def boundary_adherence(real: np.ndarray, syn: np.ndarray, real_missing: np.ndarray,
                       syn_missing: np.ndarray) -> float:
    """Values with their missing masks. A missing synthetic value is left out when the real
    column has missing values, else invalid: NaN compares false, and NaT's integer (the
    smallest int64) lies below any bound."""
    present = real[~real_missing]
    if real_missing.any():
        syn = syn[~syn_missing]
    if not len(present):
        return _share(np.zeros(len(syn), dtype=bool))
    with np.errstate(invalid="ignore"):
        return _share((syn >= present.min()) & (syn <= present.max()))


def _boundary_inputs(columns: Columns, column: str
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Datetimes as exact integers (NaT the int64 minimum), other numbers as numpy has them."""
    if columns.sdtypes[column] == "datetime":
        real, syn = columns.real[column], columns.syn[column]
        return (datetime_integers(real), datetime_integers(syn), np.asarray(real.isna()),
                np.asarray(syn.isna()))
    real, syn = columns.numbers(column)
    return real, syn, pd.isna(real), pd.isna(syn)


def category_adherence(codes: Codes) -> float:
    """Codes from ``Columns.codes`` (-1 for missing)."""
    known = np.zeros(codes.size + 1, dtype=bool)  # the last slot stands for missing
    known[codes.real[codes.real >= 0]] = True
    known[-1] = bool((codes.real < 0).any())
    return _share(known[codes.syn])


def data_validity(columns: Columns) -> pd.DataFrame:
    """sdmetrics' details: Column, Metric, Score."""
    rows = []
    for column, sdtype in columns.sdtypes.items():
        if sdtype in CONTINUOUS:
            score = boundary_adherence(*_boundary_inputs(columns, column))
            rows.append((column, "BoundaryAdherence", score, None))
        elif sdtype in DISCRETE:
            score = category_adherence(columns.codes(column))
            rows.append((column, "CategoryAdherence", score, None))
    return single_column_details(rows)


def table_structure(real: pd.DataFrame, syn: pd.DataFrame) -> pd.DataFrame:
    """sdmetrics' details: one row, Metric TableStructure and its Score."""
    real_columns = set(zip(real.columns, map(str, real.dtypes), strict=True))
    syn_columns = set(zip(syn.columns, map(str, syn.dtypes), strict=True))
    union = real_columns | syn_columns
    score = len(real_columns & syn_columns) / len(union) if union else float("nan")
    return pd.DataFrame({"Metric": "TableStructure", "Score": score}, index=[0])
