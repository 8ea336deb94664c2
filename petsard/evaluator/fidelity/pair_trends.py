"""Column Pair Trends: whether pairs of columns move together alike in both tables.

Two numerical/datetime columns: CorrelationSimilarity, ``1 - |r_real - r_syn| / 2`` with
Pearson's r over the rows where both are present (an error if a column is constant).
Otherwise ContingencySimilarity, ``1 - (total variation distance of the two-way
frequencies)``, missing values counting as a category; a numerical or datetime column paired
with a categorical one is first cut into 10 histogram bins, each table with its own edges,
exactly as sdmetrics 0.32 does. Tables of more than ``subsample_rows`` rows are subsampled
per pair as sdmetrics does (pandas ``sample`` from numpy's legacy generator): drawn from
``np.random.RandomState(seed)`` here, so the same seed given to numpy's global generator
before sdmetrics runs draws the same rows.

Thresholds (sdmetrics 0.32's ``real_correlation_threshold`` / ``real_association_threshold``)
leave a pair out of the average unless the real data's |r| (Cramér's V) exceeds them; 0
scores every pair.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from petsard.evaluator.fidelity.columns import CONTINUOUS, DISCRETE, Columns
from petsard.evaluator.fidelity.details import MetricError, pair_details

#: sdmetrics' DEFAULT_NUM_ROWS_SUBSAMPLE.
SUBSAMPLE_ROWS = 50_000
#: Two-way tables up to this many cells are counted densely; larger ones by their
#: observed cells only.
DENSE_CELLS = 1 << 22


def _unit(values: np.ndarray) -> np.ndarray:
    """Centred and scaled to norm 1 as scipy's pearsonr does; NaN if constant."""
    if not len(values) or (values == values[0]).all():
        return np.full(len(values), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):  # infinite values give NaN, as scipy
        centred = values - values.mean()
        largest = np.abs(centred).max()
        return centred / (largest * np.linalg.norm(centred / largest))


def _pearson_r(dot: float, rows: int) -> float:
    """scipy's last steps: clipped to [-1, 1], rounded to ±1 for two rows."""
    r = float(np.clip(dot, -1.0, 1.0))
    return float(np.round(r)) if rows == 2 and not np.isnan(r) else r


class Pearson:
    """Pearson's r between one table's continuous columns: columns without missing values
    all at once (one matrix product), others pair by pair on the rows both have."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays = arrays
        self.complete = [c for c, v in arrays.items() if not np.isnan(v).any()]
        self.rows = len(next(iter(arrays.values()))) if arrays else 0
        self.position = {c: i for i, c in enumerate(self.complete)}
        units = np.column_stack([_unit(arrays[c]) for c in self.complete]) if (
            self.complete and self.rows >= 2) else np.empty((self.rows, 0))
        self.matrix = units.T @ units

    def __call__(self, a: str, b: str) -> float:
        if a in self.position and b in self.position:
            if self.rows < 2:
                raise MetricError("ValueError: `x` and `y` must have length at least 2.")
            return _pearson_r(self.matrix[self.position[a], self.position[b]], self.rows)
        x, y = self.arrays[a], self.arrays[b]
        both = ~(np.isnan(x) | np.isnan(y))
        x, y = x[both], y[both]
        if len(x) < 2:
            raise MetricError("ValueError: `x` and `y` must have length at least 2.")
        return _pearson_r(float(_unit(x) @ _unit(y)), len(x))


def _constant_error(columns: list[str], which: str) -> MetricError:
    where = (f"columns '{', '.join(columns)}'" if len(columns) > 1 else
             f"column '{columns[0]}'")
    return MetricError(f"ConstantInputError: The {which} in {where} contains a constant "
                       "value. Correlation is undefined for constant data.")


def correlation_similarity(columns: Columns, pearson: tuple[Pearson, Pearson], a: str, b: str,
                           threshold: float) -> tuple[float, float, float]:
    """(score, real r, synthetic r)."""
    flags = [columns.is_constant(a), columns.is_constant(b)]
    for side, which in ((0, "real data"), (1, "synthetic data")):
        constant = [name for name, flag in zip((a, b), flags, strict=True) if flag[side]]
        if constant:
            raise _constant_error(constant, which)
    real = pearson[0](a, b)
    if abs(real) <= threshold:
        return float("nan"), real, float("nan")
    syn = pearson[1](a, b)
    if np.isnan(real) or np.isnan(syn):
        return float("nan"), real, syn
    return 1 - abs(real - syn) / 2, real, syn


def _cramers_v(table: np.ndarray) -> float:
    """scipy's ``association(table, method='cramer')``: chi-square without correction."""
    total = table.sum()
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / total
    chi2 = ((table - expected) ** 2 / expected).sum()
    return math.sqrt(chi2 / total / (min(table.shape) - 1))


def _sparse_cramers_v(first: np.ndarray, second: np.ndarray) -> float:
    """Cramér's V from the observed cells only (tables too large to hold densely):
    chi2 = n * (sum O^2 / (row * col) - 1)."""
    rows, first = np.unique(first, return_inverse=True)
    cols, second = np.unique(second, return_inverse=True)
    if len(first) == 0 or min(len(rows), len(cols)) < 2:
        return float("nan")
    row_sums, col_sums = np.bincount(first), np.bincount(second)
    cells, counts = np.unique(first * len(cols) + second, return_counts=True)
    share = (counts.astype(np.float64) ** 2
             / (row_sums[cells // len(cols)] * col_sums[cells % len(cols)].astype(np.float64)))
    chi2 = len(first) * (share.sum() - 1)
    return math.sqrt(max(chi2, 0.0) / len(first) / (min(len(rows), len(cols)) - 1))


def _association(first: np.ndarray, second: np.ndarray, sizes: tuple[int, int]) -> float:
    """Cramér's V of the real table's two-way counts (NaN when it has fewer than two
    observed categories in a column, where sdmetrics returns no association)."""
    if sizes[0] * sizes[1] > DENSE_CELLS:
        return _sparse_cramers_v(first, second)
    table = np.bincount(first * sizes[1] + second,
                        minlength=sizes[0] * sizes[1]).reshape(sizes)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if table.sum() == 0 or min(table.shape) < 2:
        return float("nan")
    return _cramers_v(table)


def _frequency_distance(real: np.ndarray, syn: np.ndarray, cells: int) -> float:
    """Half the L1 distance between the frequencies of joint codes."""
    if cells > DENSE_CELLS:
        _, inverse = np.unique(np.concatenate([real, syn]), return_inverse=True)
        cells = int(inverse.max()) + 1 if len(inverse) else 0
        real, syn = inverse[: len(real)], inverse[len(real):]
    real_share = np.bincount(real, minlength=cells) / max(len(real), 1)
    syn_share = np.bincount(syn, minlength=cells) / max(len(syn), 1)
    return float((np.abs(real_share - syn_share) / 2).sum())


def contingency_similarity(real: tuple[np.ndarray, np.ndarray],
                           syn: tuple[np.ndarray, np.ndarray], sizes: tuple[int, int],
                           threshold: float) -> tuple[float, float]:
    """(score, real association); codes are non-negative integers below ``sizes``."""
    association = float("nan")
    if threshold > 0:
        association = _association(*real, sizes)
        if np.isnan(association) or association <= threshold:
            return float("nan"), association
    cells = sizes[0] * sizes[1]
    distance = _frequency_distance(real[0] * sizes[1] + real[1],
                                   syn[0] * sizes[1] + syn[1], cells)
    return 1 - distance, association


def _contingency_codes(columns: Columns, column: str
                       ) -> tuple[np.ndarray, np.ndarray, int, str | None]:
    """(real, syn, size, error): a discrete column's codes (missing a code of its own); a
    continuous one's bins (it is only ever paired so with a discrete column)."""
    if columns.sdtypes[column] in CONTINUOUS:
        binned = columns.binned(column)
        return binned.real, binned.syn, binned.size, binned.error
    real, syn, size = columns.codes(column).with_missing
    return real, syn, size, None


def _draw(generator: np.random.RandomState, rows: int, limit: int) -> np.ndarray:
    """The rows pandas' ``sample(min(limit, rows))`` takes from numpy's legacy generator."""
    return generator.choice(rows, min(limit, rows), replace=False)


def _contingency_pair(columns: Columns, a: str, b: str, threshold: float,
                      generator: np.random.RandomState | None, limit: int
                      ) -> tuple[float, float]:
    """(score, real association) of a pair with a discrete column, on a subsample of each
    table's rows when ``generator`` is given."""
    first, second = _contingency_codes(columns, a), _contingency_codes(columns, b)
    if first[3] or second[3]:
        raise MetricError(first[3] or second[3])
    real, syn = (first[0], second[0]), (first[1], second[1])
    if generator is not None:
        pick_real = _draw(generator, len(real[0]), limit)
        pick_syn = _draw(generator, len(syn[0]), limit)
        real, syn = (real[0][pick_real], real[1][pick_real]), (syn[0][pick_syn], syn[1][pick_syn])
    return contingency_similarity(real, syn, (first[2], second[2]), threshold)


def _meets(strength: float, threshold: float) -> bool:
    return threshold <= 0 or (not np.isnan(strength) and abs(strength) > threshold)


def column_pair_trends(columns: Columns, *, correlation_threshold: float = 0.0,
                       association_threshold: float = 0.0,
                       subsample_rows: int | None = SUBSAMPLE_ROWS,
                       seed: int = 0) -> pd.DataFrame:
    """sdmetrics' details: one row per pair of scored columns, in the columns' order."""
    scored = [c for c, t in columns.sdtypes.items() if t in CONTINUOUS | DISCRETE]
    continuous = [c for c in scored if columns.sdtypes[c] in CONTINUOUS]
    pearson = (Pearson({c: columns.floats(c)[0] for c in continuous}),
               Pearson({c: columns.floats(c)[1] for c in continuous}))
    subsample = bool(subsample_rows) and max(len(columns.real),
                                             len(columns.syn)) > subsample_rows
    generator = np.random.RandomState(seed) if subsample else None
    rows, errors = [], []
    for a, b in itertools.combinations(scored, 2):
        correlation = a in continuous and b in continuous
        score = real_r = syn_r = association = float("nan")
        meets, error = None, None  # an error leaves every number missing
        try:
            if correlation:
                score, real_r, syn_r = correlation_similarity(
                    columns, pearson, a, b, correlation_threshold)
                meets = _meets(real_r, correlation_threshold)
            else:
                score, association = _contingency_pair(
                    columns, a, b, association_threshold, generator, subsample_rows or 0)
                meets = _meets(association, association_threshold)
        except MetricError as exc:
            error = str(exc)
        metric = "CorrelationSimilarity" if correlation else "ContingencySimilarity"
        rows.append((a, b, metric, score, real_r, syn_r, association, meets))
        errors.append(error)
    return pair_details(rows, errors)
