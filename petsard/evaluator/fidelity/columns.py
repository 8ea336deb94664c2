"""Each column read once, the way sdmetrics 0.32's metrics read it, and shared by every metric.

sdmetrics converts and groups every column again for each metric and each pair; reading it
once here (numbers as arrays, categories as integer codes common to both tables) is what
makes the metrics vectorised. The conversions mirror sdmetrics' own, step for step, because
the scores must equal the library's: datetimes become integer nanoseconds, a missing value
is NaN, floats are rounded to 14 decimals before the Kolmogorov-Smirnov test, and
categories compare as pandas compares values when it groups them.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

#: sdmetrics' sdtypes a metric reads as numbers, and as categories ('ordinal' is theirs too).
CONTINUOUS = frozenset({"numerical", "datetime"})
DISCRETE = frozenset({"categorical", "ordinal", "boolean"})
#: sdmetrics rounds floats to this many decimals before the KS test (sys.float_info.dig - 1).
KS_DECIMALS = 14


def datetime_integers(series: pd.Series) -> np.ndarray:
    """Nanoseconds (the column's own unit) as int64, NaT as the int64 minimum (pandas)."""
    return np.asarray(series.array.asi8, dtype=np.int64)


def numbers(series: pd.Series, sdtype: str) -> np.ndarray:
    """The values sdmetrics' pair trends compute on: datetimes as integers with NaN for NaT
    (int64 when nothing is missing, as pandas leaves them), other numbers as numpy holds them
    (a nullable integer column with missing values becomes float with NaN)."""
    if sdtype == "datetime":
        values = datetime_integers(series)
        missing = np.asarray(series.isna())
        if missing.any():
            values = values.astype(np.float64)
            values[missing] = np.nan
        return values
    return np.asarray(series)


def ks_values(series: pd.Series, sdtype: str) -> np.ndarray:
    """The values KSComplement tests: present ones, datetimes as integers, floats rounded to
    14 decimals (integers are left as they are, exactly as pandas' ``round`` leaves them)."""
    present = series.dropna()
    if sdtype == "datetime":
        return datetime_integers(present)
    values = np.asarray(present)
    if values.dtype.kind == "f":
        values = np.round(values, KS_DECIMALS)
    return values


@dataclass(frozen=True)
class Codes:
    """A discrete column of both tables as integer codes in one space: code ``i`` is the
    ``i``-th distinct value in order of appearance (the real table first, then values only
    the synthetic table has: the order sdmetrics' frequency counts use); -1 is missing."""

    real: np.ndarray
    syn: np.ndarray
    size: int

    @classmethod
    def of(cls, real: pd.Series, syn: pd.Series) -> Codes:
        if real.dtype != syn.dtype:
            real, syn = real.astype(object), syn.astype(object)
        both = pd.concat([real, syn], ignore_index=True)
        codes, uniques = pd.factorize(both, use_na_sentinel=True)
        codes = codes.astype(np.int64, copy=False)
        return cls(codes[: len(real)], codes[len(real):], len(uniques))


@dataclass(frozen=True)
class Grouped:
    """A column as sdmetrics' two-way counts group it: a non-negative code per row of each
    table, below ``size``. ``categories``, for a real column of pandas' categorical dtype:
    each real row's category position (-1 for missing) and how many categories there are
    (pandas makes a group of every category, used or not, which Cramér's V sees)."""

    real: np.ndarray
    syn: np.ndarray
    size: int
    categories: tuple[np.ndarray, int] | None = None

    def take(self, real_rows: np.ndarray, syn_rows: np.ndarray) -> Grouped:
        categories = None if self.categories is None else (
            self.categories[0][real_rows], self.categories[1])
        return Grouped(self.real[real_rows], self.syn[syn_rows], self.size, categories)


def binned(real: np.ndarray, syn: np.ndarray) -> tuple[Grouped | None, str | None]:
    """A continuous column cut into sdmetrics' 10 histogram bins, each table with its own
    edges (sdmetrics bins the real and the synthetic column separately); the bin number is
    ``np.digitize``'s, so the maximum and missing values fall beyond the last edge. Or the
    error sdmetrics records when binning fails (e.g. infinite values)."""
    bins, error = [], None
    for values in (real, syn):
        try:
            present = values[~pd.isna(values)]
            with warnings.catch_warnings():  # numpy's note that it bins booleans as 0 and 1
                warnings.filterwarnings("ignore", "Converting input from bool",
                                        RuntimeWarning)
                edges = np.histogram_bin_edges(present)
            bins.append(np.digitize(values, bins=edges))
        except (ValueError, TypeError) as exc:  # the pairs' error, as sdmetrics records it
            error = f"{type(exc).__name__}: {exc}"
    if error:
        return None, error
    size = 1 + max((int(b.max()) for b in bins if len(b)), default=0)
    return Grouped(bins[0], bins[1], size), None


class Columns:
    """The columns of a real and a synthetic table under their sdtypes, each conversion
    computed once, when a metric first asks for it."""

    def __init__(self, real: pd.DataFrame, syn: pd.DataFrame, sdtypes: dict[str, str]):
        self.real, self.syn, self.sdtypes = real, syn, sdtypes
        self._cache: dict[tuple[str, str], object] = {}

    def _cached(self, kind: str, column: str, make: Callable[[], Any]) -> Any:
        key = (kind, column)
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def numbers(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        sdtype = self.sdtypes[column]
        return self._cached("numbers", column, lambda: (
            numbers(self.real[column], sdtype), numbers(self.syn[column], sdtype)))

    def floats(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """numbers() as float64: what scipy's pearsonr computes in."""
        return self._cached("floats", column, lambda: tuple(
            np.asarray(v, dtype=np.float64) for v in self.numbers(column)))

    def ks_values(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        sdtype = self.sdtypes[column]
        return (ks_values(self.real[column], sdtype), ks_values(self.syn[column], sdtype))

    def codes(self, column: str) -> Codes:
        return self._cached("codes", column,
                            lambda: Codes.of(self.real[column], self.syn[column]))

    def grouped(self, column: str) -> tuple[Grouped | None, str | None]:
        """The column as two-way counts group it (continuous ones binned), or the error."""
        return self._cached("grouped", column, lambda: self._grouped(column))

    def _grouped(self, column: str) -> tuple[Grouped | None, str | None]:
        if self.sdtypes[column] in CONTINUOUS:
            return binned(*self.numbers(column))
        codes, real = self.codes(column), self.real[column]
        categories = None
        if isinstance(real.dtype, pd.CategoricalDtype):
            categories = (np.asarray(real.cat.codes), len(real.cat.categories))
        # missing values as one more code (0): a group of their own, as groupby(dropna=False)
        return Grouped(codes.real + 1, codes.syn + 1, codes.size + 1, categories), None

    def is_constant(self, column: str) -> tuple[bool, bool]:
        """Whether the real and the synthetic column hold exactly one distinct value
        (missing values aside), sdmetrics' test before a correlation."""
        return self._cached("constant", column, lambda: tuple(
            pd.Series(v).nunique() == 1 for v in self.numbers(column)))
