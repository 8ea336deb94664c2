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

from petsard.evaluator.fidelity.columns import CONTINUOUS, DISCRETE, Codes, Columns
from petsard.evaluator.fidelity.details import single_column_details


def _share(valid: np.ndarray) -> float:
    return float(valid.sum() / len(valid)) if len(valid) else float("nan")


def boundary_adherence(real: np.ndarray, syn: np.ndarray) -> float:
    """``real`` and ``syn`` as ``columns.numbers`` gives them (NaN for missing)."""
    missing_real = pd.isna(real)
    present = real[~missing_real]
    if missing_real.any():
        syn = syn[~pd.isna(syn)]
    if not len(present):
        return _share(np.zeros(len(syn), dtype=bool))
    with np.errstate(invalid="ignore"):
        return _share((syn >= present.min()) & (syn <= present.max()))


def _datetime_adherence(real: pd.Series, syn: pd.Series) -> float:
    """Datetimes compared as integers; a missing synthetic value (NaT, the smallest integer)
    lies below any bound when the real column has no missing values."""
    missing_real = real.isna()
    if missing_real.any():
        syn = syn.dropna()
    present = np.asarray(real[~missing_real].array.asi8)
    values = np.asarray(syn.array.asi8)
    if not len(present):
        return _share(np.zeros(len(values), dtype=bool))
    return _share((values >= present.min()) & (values <= present.max()))


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
        if sdtype == "datetime":
            score = _datetime_adherence(columns.real[column], columns.syn[column])
        elif sdtype in CONTINUOUS:
            score = boundary_adherence(*columns.numbers(column))
        elif sdtype in DISCRETE:
            rows.append((column, "CategoryAdherence", category_adherence(columns.codes(column)),
                         None))
            continue
        else:
            continue
        rows.append((column, "BoundaryAdherence", score, None))
    return single_column_details(rows)


def table_structure(real: pd.DataFrame, syn: pd.DataFrame) -> pd.DataFrame:
    """sdmetrics' details: one row, Metric TableStructure and its Score."""
    real_columns = set(zip(real.columns, map(str, real.dtypes), strict=True))
    syn_columns = set(zip(syn.columns, map(str, syn.dtypes), strict=True))
    union = real_columns | syn_columns
    score = len(real_columns & syn_columns) / len(union) if union else float("nan")
    return pd.DataFrame({"Metric": "TableStructure", "Score": score}, index=[0])
