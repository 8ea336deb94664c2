"""Outlier steps: find rows whose values are extreme and drop them: z-score and IQR judge one
field, isolation forest and LOF all numerical fields together. Missing values are never
outliers. Dropping rows is not invertible: transform and inverse change nothing."""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.exceptions import MissingDependencyError, ProcessorError
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


class _JointOutlier(_OutlierStep):
    """A scikit-learn detector over several numerical fields at once, as PETsARD's global
    outlier methods: the Preprocessor gives it every numerical field of the table (``over``);
    alone it judges its own field. Like PETsARD it labels the rows it is fitted on
    (``fit_predict``), on the raw values; rows with a missing value in any of the fields are
    not judged and stay."""

    joint = True

    def over(self, fields: list[str]) -> _JointOutlier:
        self.fields_ = list(fields)
        return self

    def describe(self) -> str:
        fields = getattr(self, "fields_", None)
        over = f" over {len(fields)} numerical fields" if fields else ""
        return f"outliers removed ({self.label}{over})"

    def _model(self, rows: int) -> Any:
        raise NotImplementedError

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> _JointOutlier:
        columns = getattr(self, "fields_", None) or [series.name]
        values = np.column_stack([to_float(frame[c]) for c in columns])
        complete = ~np.isnan(values).any(axis=1)
        model = self._model(int(complete.sum()))  # imports scikit-learn: always reported
        self.keep_ = np.ones(len(values), dtype=bool)
        rows = values[complete]
        # With fewer than two distinct rows nothing can stand out.
        if len(rows) > 1 and len(np.unique(rows, axis=0)) > 1:
            self.keep_[complete] = model.fit_predict(rows) != -1
        return self

    def keep_rows(self, series: pd.Series) -> np.ndarray:
        if len(series) != len(self.keep_):
            raise ProcessorError(f"{self.name()} judges the rows it was fitted on; fit it on "
                                 f"this table first ({len(series)} rows, fitted on "
                                 f"{len(self.keep_)})")
        return self.keep_


@STEPS.register("outlier_isolationforest")
class OutlierIsolationForest(_JointOutlier):
    """Rows an isolation forest isolates quickly (scikit-learn's defaults, contamination
    'auto'), judged over every numerical field together."""

    registered_name = "outlier_isolationforest"
    label = "isolation forest"

    def __init__(self, *, random_state: Annotated[int, Field(ge=0)] = 0) -> None:
        self.random_state = random_state

    def _model(self, rows: int) -> Any:
        try:
            from sklearn.ensemble import IsolationForest
        except ImportError as exc:
            raise MissingDependencyError("scikit-learn", "eval", self.name()) from exc
        return IsolationForest(random_state=self.random_state)


@STEPS.register("outlier_lof")
class OutlierLOF(_JointOutlier):
    """Rows in sparse neighbourhoods (local outlier factor, scikit-learn's defaults), judged
    over every numerical field together."""

    registered_name = "outlier_lof"
    label = "LOF"

    def __init__(self, *, n_neighbors: Annotated[int, Field(ge=1)] = 20) -> None:
        self.n_neighbors = n_neighbors

    def _model(self, rows: int) -> Any:
        try:
            from sklearn.neighbors import LocalOutlierFactor
        except ImportError as exc:
            raise MissingDependencyError("scikit-learn", "eval", self.name()) from exc
        return LocalOutlierFactor(n_neighbors=max(1, min(self.n_neighbors, rows - 1)))
