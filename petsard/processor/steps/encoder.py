"""Encoder steps: categories (and booleans) to numbers, missing values as a category of their
own, so that decoding gives back exactly the original values; datediff turns a date into a
number of time units from another date of the same row."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.exceptions import ProcessorError
from petsard.processor.base import STEPS, Step, predicted
from petsard.processor.steps.conversions import (
    UNIT_NAMES,
    UNIT_NS,
    category_codes,
    datetime_column,
    float_series,
    from_codes,
    observed_categories,
    shift_ns,
    to_float,
    to_ns,
)
from petsard.schema.attribute import Attribute

_NUMBER = {"type": "float", "dtype": "float64", "category": False, "precision": None,
           "categories": None}


class _CategoryEncoder(Step):
    """Learns the field's categories (sorted as text), whether it had missing values, and its
    dtype, so that decoding restores all three."""

    kind = "encoder"
    accepts: ClassVar[tuple[str, ...]] = ("categorical", "boolean", "text")

    def __init__(self) -> None:
        """No parameters."""

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> _CategoryEncoder:
        self.field_ = series.name
        self.dtype_ = series.dtype
        self.categories_ = observed_categories(series)
        self.nullable_ = bool(series.isna().any())
        self._learn(category_codes(series, self.categories_, self.name()))
        return self

    def _learn(self, codes: np.ndarray) -> None:
        """More state from the fitted field's codes (-1: missing)."""

    def _decode(self, codes: np.ndarray, like: pd.Series | pd.DataFrame, name: Any) -> pd.Series:
        return from_codes(codes, self.categories_, self.dtype_, like, name)


@STEPS.register("encoder_uniform")
class EncoderUniform(_CategoryEncoder):
    """Each category owns an interval of [0, 1) as wide as its frequency (most frequent
    first, ties by text); a value becomes a uniform draw from its interval."""

    registered_name = "encoder_uniform"

    def _learn(self, codes: np.ndarray) -> None:
        k = len(self.categories_)
        counts = np.bincount(codes[codes >= 0], minlength=k).astype(float)
        counts = np.append(counts, float((codes < 0).sum()))  # missing is code k
        keys = [str(v) for v in self.categories_] + [""]
        order = sorted(range(k + 1), key=lambda i: (-counts[i], i == k, keys[i]))
        widths = counts[order] / counts.sum() if counts.sum() else np.eye(k + 1)[order][:, k]
        self.order_ = np.array(order)  # interval position -> code
        self.position_ = np.argsort(self.order_)  # code -> interval position
        self.upper_ = np.cumsum(widths)
        self.upper_[-1] = 1.0
        self.lower_ = np.concatenate([[0.0], self.upper_[:-1]])

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        return [predicted(attr, nullable=False, **_NUMBER)]

    def describe(self) -> str:
        return "uniform encoded"

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        codes = category_codes(series, self.categories_, self.name())
        codes[codes < 0] = len(self.categories_)
        position = self.position_[codes]
        low, high = self.lower_[position], self.upper_[position]
        draws = rng.uniform(low, high)
        # A draw can round up to its interval's end, which belongs to the next category.
        draws = np.where(draws >= high, np.maximum(low, np.nextafter(high, 0.0)), draws)
        return float_series(draws, series)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        values = np.clip(to_float(data), 0.0, np.nextafter(1.0, 0.0))
        position = np.searchsorted(self.upper_, np.nan_to_num(values, nan=1.0), side="right")
        codes = self.order_[np.minimum(position, len(self.order_) - 1)]
        codes[np.isnan(values)] = -1
        codes[codes == len(self.categories_)] = -1
        return self._decode(codes, data, data.name)


@STEPS.register("encoder_label")
class EncoderLabel(_CategoryEncoder):
    """Categories sorted as text become 0..k-1; missing becomes k."""

    registered_name = "encoder_label"

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        return [predicted(attr, type="int", dtype="int64", category=False,
                          nullable=False, precision=0, categories=None)]

    def describe(self) -> str:
        return "label encoded"

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        codes = category_codes(series, self.categories_, self.name())
        codes[codes < 0] = len(self.categories_)
        return pd.Series(codes.astype(np.int64), index=series.index, name=series.name)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        k = len(self.categories_)
        highest = max(k - 1 + int(self.nullable_), 0)
        values = np.round(to_float(data))
        codes = np.clip(np.nan_to_num(values, nan=k), 0, highest).astype(np.int64)
        codes[codes == k] = -1
        return self._decode(codes, data, data.name)


@STEPS.register("encoder_onehot")
class EncoderOneHot(_CategoryEncoder):
    """One 0/1 field per category, named '<field>_<category>'; missing is all zeros."""

    registered_name = "encoder_onehot"
    accepts = ("categorical", "boolean")

    def __init__(self, *, max_categories: Annotated[int, Field(ge=1)] = 1000) -> None:
        self.max_categories = max_categories

    def check(self, attr: Attribute) -> str | None:
        instead = "use encoder_uniform or encoder_label instead"
        if attr.kind == "text":
            return (f"encoder_onehot on '{attr.name}': the field is free text (mostly distinct "
                    f"values), one field per value would be too many; {instead}")
        problem = super().check(attr)
        if problem:
            return problem
        count = (len(attr.categories) if attr.categories is not None
                 else attr.stats.unique_count if attr.stats is not None else 0)
        if count > self.max_categories:
            return (f"encoder_onehot on '{attr.name}': {count} categories exceed "
                    f"max_categories ({self.max_categories}); {instead}")
        if attr.categories is None:
            return (f"encoder_onehot on '{attr.name}': its categories are not known before "
                    f"the data is seen, so its output fields cannot be named; {instead}")
        return None

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        problem = self.check(attr)
        if problem:
            raise ProcessorError(problem)
        outputs = [predicted(attr, name=f"{attr.name}_{value}", type="int", dtype="int64",
                             category=False, nullable=False, precision=0,
                             categories=None, description=None)
                   for value in attr.categories or ()]
        self._predicted_count = len(outputs)  # for describe() before fitting
        return outputs

    def describe(self) -> str:
        if hasattr(self, "categories_"):
            return f"one-hot encoded into {len(self.categories_)} fields"
        if hasattr(self, "_predicted_count"):
            return f"one-hot encoded into {self._predicted_count} fields"
        return "one-hot encoded"

    def _learn(self, codes: np.ndarray) -> None:
        if len(self.categories_) > self.max_categories:
            raise ProcessorError(
                f"encoder_onehot on '{self.field_}': {len(self.categories_)} categories exceed "
                f"max_categories ({self.max_categories}); use encoder_uniform or encoder_label "
                "instead")

    def names(self, field: Any) -> list[str]:
        return [f"{field}_{value}" for value in self.categories_]

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.DataFrame:
        codes = category_codes(series, self.categories_, self.name())
        matrix = (codes[:, None] == np.arange(len(self.categories_))[None, :]).astype(np.int64)
        return pd.DataFrame(matrix, index=series.index, columns=self.names(series.name))

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        columns = self.names(self.field_)
        matrix = np.nan_to_num(data[columns].to_numpy(dtype=float, na_value=np.nan))
        if not columns:
            codes = np.full(len(data), -1)
        else:
            codes = matrix.argmax(axis=1)
            if self.nullable_:
                codes[matrix.max(axis=1) <= 0] = -1
        return self._decode(codes, data, self.field_)


@STEPS.register("encoder_datediff")
class EncoderDateDiff(Step):
    """The number of ``unit``s from the ``baseline`` datetime field to this one (D: days,
    W: weeks, M: months of 365.2425/12 days, Y: years of 365.2425 days)."""

    registered_name = "encoder_datediff"
    kind = "encoder"
    accepts = ("datetime",)

    def __init__(self, *, baseline: str, unit: Literal["D", "W", "M", "Y"] = "D") -> None:
        self.baseline = baseline
        self.unit = unit

    def check(self, attr: Attribute) -> str | None:
        problem = super().check(attr)
        if problem is None and attr.name == self.baseline:
            return (f"encoder_datediff on '{attr.name}': the baseline is the field itself; "
                    "name another datetime field")
        return problem

    def references(self) -> list[str]:
        return [self.baseline]

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        """``others`` (the table's fields) tells whether the baseline has missing values."""
        baseline = (others or {}).get(self.baseline)
        nullable = attr.type_attr.nullable or bool(
            baseline is not None and baseline.type_attr.nullable)
        return [predicted(attr, nullable=nullable, **_NUMBER)]

    def describe(self) -> str:
        return f"{UNIT_NAMES[self.unit]} since '{self.baseline}'"

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> EncoderDateDiff:
        datetime_column(frame, self.baseline, self.name(), series.name)
        self.dtype_ = series.dtype
        return self

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        baseline = datetime_column(frame, self.baseline, self.name(), series.name)
        ns, missing = to_ns(series)
        base_ns, base_missing = to_ns(baseline)
        values = (ns - base_ns).astype(float) / UNIT_NS[self.unit]
        values[missing | base_missing] = np.nan
        return float_series(values, series)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        baseline = datetime_column(frame, self.baseline, self.name(), data.name)
        base_ns, base_missing = to_ns(baseline)
        values = to_float(data)
        missing = np.isnan(values) | base_missing
        dates = shift_ns(base_ns, values * UNIT_NS[self.unit], missing)
        return pd.Series(dates, index=data.index, name=data.name).astype(self.dtype_)
