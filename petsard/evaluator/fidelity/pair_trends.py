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

from petsard.evaluator.fidelity.columns import CONTINUOUS, DISCRETE, Columns, Grouped
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


def _pandas_lines(column: Grouped) -> tuple[int, list[int]]:
    """How many rows (or columns) pandas' unstacked real counts have, and which are empty:
    missing values first if any, then every category of a categorical column (an unused one
    is an empty line), or else each value observed."""
    if column.categories is None:
        return len(np.unique(column.real)), []
    positions, count = column.categories
    missing = int((positions < 0).any())
    used = np.zeros(count, dtype=bool)
    used[positions[positions >= 0]] = True
    return missing + count, [missing + int(p) for p in np.flatnonzero(~used)]


def _association(first: Grouped, second: Grouped) -> float:
    """Cramér's V of the real table's two-way counts: NaN when pandas' table has fewer than
    two rows or columns; scipy's error when a line of it is empty (an unused category)."""
    (rows, empty_rows), (cols, empty_cols) = _pandas_lines(first), _pandas_lines(second)
    if not len(first.real) or min(rows, cols) < 2:
        return float("nan")
    if empty_rows or empty_cols:  # scipy names the first zero expected frequency
        at = (0, 0) if empty_rows[:1] == [0] else (0, empty_cols[0]) if empty_cols else (
            empty_rows[0], 0)
        raise MetricError("ValueError: The internally computed table of expected frequencies "
                          f"has a zero element at {at}.")
    if first.size * second.size > DENSE_CELLS:
        return _sparse_cramers_v(first.real, second.real)
    table = np.bincount(first.real * second.size + second.real,
                        minlength=first.size * second.size).reshape(first.size, second.size)
    return _cramers_v(table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0])


def _frequency_distance(real: np.ndarray, syn: np.ndarray, cells: int) -> float:
    """Half the L1 distance between the frequencies of joint codes."""
    if cells > DENSE_CELLS:
        _, inverse = np.unique(np.concatenate([real, syn]), return_inverse=True)
        cells = int(inverse.max()) + 1 if len(inverse) else 0
        real, syn = inverse[: len(real)], inverse[len(real):]
    real_share = np.bincount(real, minlength=cells) / max(len(real), 1)
    syn_share = np.bincount(syn, minlength=cells) / max(len(syn), 1)
    return float((np.abs(real_share - syn_share) / 2).sum())


def contingency_similarity(first: Grouped, second: Grouped, threshold: float
                           ) -> tuple[float, float]:
    """(score, real association)."""
    association = float("nan")
    if threshold > 0:
        association = _association(first, second)
        if np.isnan(association) or association <= threshold:
            return float("nan"), association
    distance = _frequency_distance(first.real * second.size + second.real,
                                   first.syn * second.size + second.syn,
                                   first.size * second.size)
    return 1 - distance, association


def _draw(generator: np.random.RandomState, rows: int, limit: int) -> np.ndarray:
    """The rows pandas' ``sample(min(limit, rows))`` takes from numpy's legacy generator."""
    return generator.choice(rows, min(limit, rows), replace=False)


def _contingency_pair(columns: Columns, a: str, b: str, threshold: float,
                      generator: np.random.RandomState | None, limit: int
                      ) -> tuple[float, float]:
    """(score, real association) of a pair with a discrete column, on a subsample of each
    table's rows when ``generator`` is given."""
    (first, first_error), (second, second_error) = columns.grouped(a), columns.grouped(b)
    if first is None or second is None:
        raise MetricError(first_error or second_error)
    if generator is not None:
        rows = (_draw(generator, len(first.real), limit), _draw(generator, len(first.syn), limit))
        first, second = first.take(*rows), second.take(*rows)
    return contingency_similarity(first, second, threshold)


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
