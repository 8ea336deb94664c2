"""Column Shapes: how alike each column's distribution is in the real and synthetic table.

KSComplement for numerical and datetime columns (1 - the two-sample Kolmogorov-Smirnov
statistic, missing values left out), TVComplement for categorical and boolean columns
(1 - the total variation distance of the category frequencies, missing values left out; a
category only the synthetic table has counts 1e-6 times in the real one, as sdmetrics
regularises it). Columns of other sdtypes are not scored.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from petsard.evaluator.fidelity.columns import CONTINUOUS, DISCRETE, Codes, Columns
from petsard.evaluator.fidelity.details import MetricError, single_column_details

#: sdmetrics' weight for a category the real table lacks.
UNSEEN_CATEGORY_COUNT = 1e-6
TV_EMPTY = ("IncomputableMetricError: The TVComplement metric must have 1 or more "
            "non-null values.")


def _cdf_gaps_by_counting(real: np.ndarray, syn: np.ndarray, low: int, size: int
                          ) -> np.ndarray:
    """Integers in a small range: the CDFs at each observed value from cumulative counts
    (the same counts, so the same floats, as searching sorted arrays)."""
    real_counts = np.bincount(real - low, minlength=size)
    syn_counts = np.bincount(syn - low, minlength=size)
    seen = (real_counts + syn_counts) > 0
    return (np.cumsum(real_counts)[seen] / len(real)
            - np.cumsum(syn_counts)[seen] / len(syn))


def ks_complement(real: np.ndarray, syn: np.ndarray) -> float:
    """1 - D, D as scipy's ks_2samp computes it (largest gap between the empirical CDFs at
    every observed value); NaN when a table has no values."""
    if not len(real) or not len(syn):
        return float("nan")
    if real.dtype.kind in "iu" and syn.dtype.kind in "iu":
        low = min(int(real.min()), int(syn.min()))
        size = max(int(real.max()), int(syn.max())) - low + 1
        if size <= len(real) + len(syn):
            gaps = _cdf_gaps_by_counting(real, syn, low, size)
            return 1 - max(float(np.clip(-gaps.min(), 0, 1)), float(gaps.max()))
    real, syn = np.sort(real), np.sort(syn)
    both = np.concatenate([real, syn])
    gaps = (np.searchsorted(real, both, side="right") / len(real)
            - np.searchsorted(syn, both, side="right") / len(syn))
    return 1 - max(float(np.clip(-gaps.min(), 0, 1)), float(gaps.max()))


def tv_complement(codes: Codes) -> float:
    """1 - the total variation distance of the present values' frequencies."""
    real = np.bincount(codes.real[codes.real >= 0], minlength=codes.size).astype(np.float64)
    syn = np.bincount(codes.syn[codes.syn >= 0], minlength=codes.size).astype(np.float64)
    if not real.sum() or not syn.sum():
        raise MetricError(TV_EMPTY)
    seen = (real > 0) | (syn > 0)
    real, syn = real[seen], syn[seen]
    real[real == 0] = UNSEEN_CATEGORY_COUNT
    distance = np.abs(syn / syn.sum() - real / real.sum()).sum()
    return float(1 - 0.5 * distance)


def column_shapes(columns: Columns) -> pd.DataFrame:
    """sdmetrics' details: Column, Metric, Score (and Error when a column failed)."""
    rows = []
    for column, sdtype in columns.sdtypes.items():
        if sdtype in CONTINUOUS:
            metric, score, error = "KSComplement", ks_complement(*columns.ks_values(column)), None
        elif sdtype in DISCRETE:
            metric = "TVComplement"
            try:
                score, error = tv_complement(columns.codes(column)), None
            except MetricError as exc:
                score, error = float("nan"), str(exc)
        else:
            continue
        rows.append((column, metric, score, error))
    return single_column_details(rows)
