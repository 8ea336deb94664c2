"""Scaler steps: numbers (and datetimes, as nanoseconds) to a float scale the synthesizers
handle well. Missing values stay missing. The inverse gives floats for numbers (the
Postprocessor restores the original dtypes) and datetime64[ns] for datetimes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from petsard.exceptions import ProcessorError
from petsard.processor.base import STEPS, Step, predicted
from petsard.processor.steps.conversions import (
    UNIT_NAMES,
    UNIT_NS,
    datetime_column,
    float_series,
    is_datetime,
    parse_date,
    shift_ns,
    to_float,
    to_ns,
)
from petsard.schema.attribute import Attribute


class _Scaler(Step):
    kind = "scaler"
    accepts = ("numerical",)

    def __init__(self) -> None:
        """No parameters."""

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        return [predicted(attr, type="float", dtype="float64", category=False,
                          precision=None, categories=None)]


class _AffineScaler(_Scaler):
    """(x - offset) / scale. Datetimes are shifted in integer nanoseconds first, so that the
    round trip keeps them to the nanosecond (up to float rounding of the scaled offset)."""

    accepts = ("numerical", "datetime")

    def _offset_scale(self, values: np.ndarray) -> tuple[float, float]:
        """Offset and scale learned from the non-missing values (not empty)."""
        raise NotImplementedError

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> _AffineScaler:
        self.datetime_ = is_datetime(series)
        if self.datetime_:
            ns, missing = to_ns(series)
            anchor = int(ns[~missing].min()) if (~missing).any() else 0
            values = (ns[~missing] - anchor).astype(float)
        else:
            anchor = 0
            values = to_float(series)
            values = values[~np.isnan(values)]
        offset, scale = self._offset_scale(values) if values.size else (0.0, 1.0)
        if not np.isfinite(scale) or scale == 0:  # a constant field maps to 0
            scale = 1.0
        self.scale_ = float(scale)
        if self.datetime_:
            self.offset_: Any = anchor + int(np.round(offset))
        else:
            self.offset_ = float(offset)
        return self

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        if self.datetime_:
            ns, missing = to_ns(series)
            values = (ns - self.offset_).astype(float)
            values[missing] = np.nan
        else:
            values = to_float(series) - self.offset_
        return float_series(values / self.scale_, series)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        values = to_float(data) * self.scale_
        if self.datetime_:
            dates = shift_ns(self.offset_, values, np.isnan(values))
            return pd.Series(dates, index=data.index, name=data.name)
        return float_series(values + self.offset_, data)


@STEPS.register("scaler_standard")
class ScalerStandard(_AffineScaler):
    """Zero mean, unit (population) standard deviation."""

    registered_name = "scaler_standard"

    def _offset_scale(self, values: np.ndarray) -> tuple[float, float]:
        return float(values.mean()), float(values.std())

    def describe(self) -> str:
        return "standard scaled"


@STEPS.register("scaler_minmax")
class ScalerMinMax(_AffineScaler):
    """To [0, 1] by the minimum and maximum seen."""

    registered_name = "scaler_minmax"

    def _offset_scale(self, values: np.ndarray) -> tuple[float, float]:
        return float(values.min()), float(values.max() - values.min())

    def describe(self) -> str:
        return "minmax scaled"


@STEPS.register("scaler_zerocenter")
class ScalerZeroCenter(_AffineScaler):
    """Minus the mean."""

    registered_name = "scaler_zerocenter"

    def _offset_scale(self, values: np.ndarray) -> tuple[float, float]:
        return float(values.mean()), 1.0

    def describe(self) -> str:
        return "zero-centered"


class _LogScaler(_Scaler):
    """A log transform (``forward``, undone by ``backward``) of values above ``floor``;
    anything else is an error."""

    floor: float
    advice: str
    label: str
    forward: ClassVar[Callable[[np.ndarray], np.ndarray]]
    backward: ClassVar[Callable[[np.ndarray], np.ndarray]]

    def _check_domain(self, series: pd.Series) -> np.ndarray:
        values = to_float(series)
        bad = int((values <= self.floor).sum())
        if bad:
            raise ProcessorError(
                f"{self.name()} on '{series.name}': {bad} values are <= {self.floor:g}; "
                f"{self.advice}")
        return values

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> _LogScaler:
        self._check_domain(series)
        return self

    def describe(self) -> str:
        return f"{self.label} scaled"

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        return float_series(type(self).forward(self._check_domain(series)), series)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        return float_series(type(self).backward(to_float(data)), data)


@STEPS.register("scaler_log")
class ScalerLog(_LogScaler):
    """Natural logarithm; values must be > 0."""

    registered_name = "scaler_log"
    floor = 0.0
    advice = "log needs positive values: use scaler_log1p (values > -1) or scaler_minmax"
    label = "log"
    forward, backward = np.log, np.exp


@STEPS.register("scaler_log1p")
class ScalerLog1p(_LogScaler):
    """log(1 + x); values must be > -1."""

    registered_name = "scaler_log1p"
    floor = -1.0
    advice = "log1p needs values > -1: use scaler_minmax or scaler_standard"
    label = "log1p"
    forward, backward = np.log1p, np.expm1


@STEPS.register("scaler_timeanchor")
class ScalerTimeAnchor(_Scaler):
    """Time from ``reference`` in ``unit``s (D: days, S: seconds); ``reference`` is another
    datetime field of the table or an ISO date such as '2020-01-01'.

    A list of references is PETsARD's multi-reference form: the configured field is the
    anchor and stays a datetime (no scaler), and each listed field becomes the time from it.
    """

    registered_name = "scaler_timeanchor"
    accepts = ("datetime",)

    def __init__(self, *, reference: str, unit: Literal["D", "S"] = "D") -> None:
        self.reference = reference
        self.unit = unit

    @classmethod
    def configured_fields(cls, field: str, params: dict[str, Any]
                          ) -> dict[str, dict[str, Any] | None]:
        references = params.get("reference")
        if not (isinstance(references, list) and references
                and all(isinstance(r, str) for r in references)):
            return {field: params}
        return {field: None, **{r: {**params, "reference": field} for r in references}}

    def _date(self) -> pd.Timestamp | None:
        return parse_date(self.reference)

    def references(self) -> list[str]:
        return [] if self._date() is not None else [self.reference]

    def check(self, attr: Attribute) -> str | None:
        problem = super().check(attr)
        if problem is None and attr.name == self.reference:
            return (f"scaler_timeanchor on '{attr.name}': the reference is the field itself; "
                    "name another datetime field or an ISO date")
        return problem

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        """``others`` (the table's fields) tells whether a reference field has missing
        values."""
        reference = (others or {}).get(self.reference) if self._date() is None else None
        out = super().predict(attr)[0]
        nullable = attr.type_attr.nullable or bool(reference and reference.type_attr.nullable)
        return [out.with_changes(nullable=nullable)]

    def describe(self) -> str:
        return f"{UNIT_NAMES[self.unit]} since '{self.reference}'"

    def _reference_ns(self, frame: pd.DataFrame, field: Any) -> tuple[Any, np.ndarray | bool]:
        date = self._date()
        if date is not None:
            return int(date.as_unit("ns").value), False
        return to_ns(datetime_column(frame, self.reference, self.name(), field))

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> ScalerTimeAnchor:
        self._reference_ns(frame, series.name)
        self.dtype_ = series.dtype
        return self

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        reference, reference_missing = self._reference_ns(frame, series.name)
        ns, missing = to_ns(series)
        values = (ns - reference).astype(float) / UNIT_NS[self.unit]
        values[missing | reference_missing] = np.nan
        return float_series(values, series)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        reference, reference_missing = self._reference_ns(frame, data.name)
        values = to_float(data)
        dates = shift_ns(reference, values * UNIT_NS[self.unit],
                         np.isnan(values) | reference_missing)
        return pd.Series(dates, index=data.index, name=data.name)
