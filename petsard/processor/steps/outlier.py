"""Outlier steps: find rows whose value is extreme for the field and drop them. Missing values
are never outliers. Dropping rows is not invertible: transform and inverse change nothing."""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.exceptions import MissingDependencyError
from petsard.processor.base import STEPS, Step, predicted
from petsard.processor.steps.conversions import to_float
from petsard.schema.attribute import Attribute


class _OutlierStep(Step):
    kind = "outlier"
    accepts = ("numerical",)
    drops_rows = True
    label = ""

    def __init__(self) -> None:
        """No parameters."""

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        return [predicted(attr)]

    def describe(self) -> str:
        return f"outliers removed ({self.label})"

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> _OutlierStep:
        values = to_float(series)
        self._learn(values[~np.isnan(values)])
        return self

    def _learn(self, values: np.ndarray) -> None:
        raise NotImplementedError

    def _is_outlier(self, values: np.ndarray) -> np.ndarray:
        """For non-missing ``values``: which are outliers."""
        raise NotImplementedError

    def keep_rows(self, series: pd.Series) -> np.ndarray:
        values = to_float(series)
        present = ~np.isnan(values)
        keep = np.ones(len(values), dtype=bool)
        if present.any():
            keep[present] = ~self._is_outlier(values[present])
        return keep

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        return series

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        return data


@STEPS.register("outlier_zscore")
class OutlierZScore(_OutlierStep):
    """Values more than 3 standard deviations from the mean."""

    registered_name = "outlier_zscore"
    label = "z-score"

    def _learn(self, values: np.ndarray) -> None:
        self.mean_ = float(values.mean()) if values.size else 0.0
        self.std_ = float(values.std()) if values.size else 0.0

    def _is_outlier(self, values: np.ndarray) -> np.ndarray:
        if not self.std_ > 0:  # a constant field has no outliers
            return np.zeros(len(values), dtype=bool)
        return np.abs(values - self.mean_) / self.std_ > 3


@STEPS.register("outlier_iqr")
class OutlierIQR(_OutlierStep):
    """Values outside [Q1 - 1.5 IQR, Q3 + 1.5 IQR]."""

    registered_name = "outlier_iqr"
    accepts = ("numerical", "datetime")
    label = "IQR"

    def _learn(self, values: np.ndarray) -> None:
        if not values.size:
            self.lower_, self.upper_ = -np.inf, np.inf
            return
        q1, q3 = np.quantile(values, [0.25, 0.75])
        self.lower_ = float(q1 - 1.5 * (q3 - q1))
        self.upper_ = float(q3 + 1.5 * (q3 - q1))

    def _is_outlier(self, values: np.ndarray) -> np.ndarray:
        return (values < self.lower_) | (values > self.upper_)


class _ModelOutlier(_OutlierStep):
    """A scikit-learn detector fitted on the field's non-missing values (one feature)."""

    def _model(self) -> Any:
        raise NotImplementedError

    def _learn(self, values: np.ndarray) -> None:
        model = self._model()  # imports scikit-learn, so a missing install is always reported
        # With fewer than two distinct values nothing can stand out.
        self.model_ = model.fit(values.reshape(-1, 1)) if np.unique(values).size > 1 else None

    def _is_outlier(self, values: np.ndarray) -> np.ndarray:
        if self.model_ is None:
            return np.zeros(len(values), dtype=bool)
        return self.model_.predict(values.reshape(-1, 1)) == -1


@STEPS.register("outlier_isolationforest")
class OutlierIsolationForest(_ModelOutlier):
    """Values an isolation forest isolates quickly (scikit-learn, contamination 'auto')."""

    registered_name = "outlier_isolationforest"
    label = "isolation forest"

    def __init__(self, *, random_state: Annotated[int, Field(ge=0)] = 0) -> None:
        self.random_state = random_state

    def _model(self) -> Any:
        try:
            from sklearn.ensemble import IsolationForest
        except ImportError as exc:
            raise MissingDependencyError("scikit-learn", "eval", self.name()) from exc
        return IsolationForest(random_state=self.random_state)


@STEPS.register("outlier_lof")
class OutlierLOF(_ModelOutlier):
    """Values in sparse neighbourhoods (local outlier factor, scikit-learn). Rows are scored
    as new data (``novelty=True``), so any table with the field can be filtered."""

    registered_name = "outlier_lof"
    label = "LOF"

    def __init__(self, *, n_neighbors: Annotated[int, Field(ge=1)] = 20) -> None:
        self.n_neighbors = n_neighbors

    def _learn(self, values: np.ndarray) -> None:
        self.size_ = values.size
        super()._learn(values)

    def _model(self) -> Any:
        try:
            from sklearn.neighbors import LocalOutlierFactor
        except ImportError as exc:
            raise MissingDependencyError("scikit-learn", "eval", self.name()) from exc
        return LocalOutlierFactor(n_neighbors=max(1, min(self.n_neighbors, self.size_ - 1)),
                                  novelty=True)
