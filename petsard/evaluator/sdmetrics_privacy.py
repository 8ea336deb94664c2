"""What sdmetrics' record-level privacy metrics share around them: their import, their
settings' types and sdmetrics' warnings kept as notes (their metadata and set-aside
columns' notes come from ``evaluation_data``).

sdmetrics 0.32 draws its subsamples with ``DataFrame.sample`` (numpy's global generator), so
a metric that subsamples runs inside ``evaluation_data.numpy_seed`` (seeded, then restored);
see each metric's module for what else it draws.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.evaluator.evaluation_data import require

PositiveInt = Annotated[int, Field(ge=1)]
Seed = Annotated[int, Field(ge=0)] | None
Result = TypeVar("Result")


def privacy_metrics() -> Any:
    """``sdmetrics.single_table``, imported when a metric runs."""
    return require("sdmetrics.single_table", "sdmetrics", "sdmetrics privacy metrics")


def plain_dtypes(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with numpy's dtypes where sdmetrics 0.32 needs them: it cannot fill or compare
    pandas' missing value in nullable columns (Int64, boolean, string), and compares columns
    of two tables with ``==``, which pandas refuses between categoricals of different
    categories. Such columns become floats (numbers) or plain values, missing as NaN."""
    table = table.copy()
    for name in table.columns:
        column = table[name]
        if not isinstance(column.dtype, pd.api.extensions.ExtensionDtype) or isinstance(
                column.dtype, pd.DatetimeTZDtype):
            continue
        if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(
                column.dtype) and not isinstance(column.dtype, pd.CategoricalDtype):
            table[name] = column.astype("float64")
        else:
            table[name] = column.astype(object).where(column.notna(), np.nan)
    return table


def quiet(compute: Callable[[], Result]) -> tuple[Result, list[str]]:
    """``compute()``, and the warnings sdmetrics raised (e.g. a small validation set) as
    notes instead of console output."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = compute()
    notes = [str(w.message) for w in caught
             if not issubclass(w.category, (DeprecationWarning, FutureWarning))]
    return result, list(dict.fromkeys(notes))


