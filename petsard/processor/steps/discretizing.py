"""Discretizing: numbers (and datetimes) to bin indices, a categorical field; the inverse gives
the bin's midpoint, as PETsARD, or a uniform draw within the bin."""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.processor.base import STEPS, Step, predicted
from petsard.processor.steps.conversions import from_ns, is_datetime, to_float
from petsard.schema.attribute import Attribute


@STEPS.register("discretizing_kbins")
class DiscretizingKBins(Step):
    """``n_bins`` bins of equal width ('uniform', as PETsARD) or equal counts ('quantile'; bins
    whose edges coincide merge). The output is a categorical field (pandas category dtype)
    whose categories are 0..n_bins-1, so that schema inference sees it as categorical and
    encoders can follow. ``inverse``: 'midpoint' (PETsARD's) gives each bin's middle value,
    'uniform' a draw within the bin (spreads synthetic values like the original's)."""

    registered_name = "discretizing_kbins"
    kind = "discretizing"
    accepts = ("numerical", "datetime")

    def __init__(self, *, n_bins: Annotated[int, Field(ge=2)] = 5,
                 strategy: Literal["uniform", "quantile"] = "uniform",
                 inverse: Literal["midpoint", "uniform"] = "midpoint") -> None:
        self.n_bins = n_bins
        self.strategy = strategy
        self.inverse = inverse

    def _dtype(self) -> pd.CategoricalDtype:
        return pd.CategoricalDtype(categories=list(range(self.n_bins)))

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        return [predicted(attr, type="int", dtype="category", category=True, precision=None,
                          categories=tuple(sorted(range(self.n_bins), key=str)))]

    def describe(self) -> str:
        count = len(self.edges_) - 1 if hasattr(self, "edges_") else self.n_bins
        return f"discretized into {count} bins"

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> DiscretizingKBins:
        self.datetime_ = is_datetime(series)
        values = to_float(series)
        values = values[~np.isnan(values)]
        if not values.size:
            self.edges_ = np.array([0.0, 0.0])
            return self
        if self.strategy == "quantile":
            edges = np.unique(np.quantile(values, np.linspace(0, 1, self.n_bins + 1)))
        else:
            edges = np.linspace(values.min(), values.max(), self.n_bins + 1)
        self.edges_ = edges if len(edges) > 1 else np.repeat(edges, 2)  # a constant field
        return self

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        values = to_float(series)
        codes = np.digitize(values, self.edges_[1:-1]).astype(np.int64)
        codes[np.isnan(values)] = -1
        bins = pd.Categorical.from_codes(codes, dtype=self._dtype())
        return pd.Series(bins, index=series.index, name=series.name)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        codes = np.round(to_float(data))
        missing = np.isnan(codes)
        bins = np.clip(codes[~missing], 0, len(self.edges_) - 2).astype(np.int64)
        values = np.full(len(codes), np.nan)
        low, high = self.edges_[bins], self.edges_[bins + 1]
        midpoint = self.inverse == "midpoint"
        values[~missing] = (low + high) / 2 if midpoint else rng.uniform(low, high)
        if self.datetime_:
            dates = from_ns(np.nan_to_num(np.round(values)).astype(np.int64), missing)
            return pd.Series(dates, index=data.index, name=data.name)
        return pd.Series(values, index=data.index, name=data.name)
