"""Model inputs for the ML utility evaluation: which columns become features, and how each
is encoded (numbers imputed, and scaled where the model needs it; categories one-hot, with
unknown categories ignored so a category seen in only one table does no harm)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from petsard.evaluator.evaluation_data import Aligned, as_text

ID_MIN_ROWS = 20  # a column with this many rows, all distinct, looks like an identifier


def select_features(aligned: Aligned, target: str | None, max_categories: int
                    ) -> tuple[list[str], dict[str, str]]:
    """(feature columns, {dropped column: why}): free text, identifier-like columns and
    categories with more than ``max_categories`` values are dropped rather than exploded
    into thousands of one-hot columns."""
    features, dropped = [], {}
    for column in aligned.columns:
        if column == target:
            continue
        kind = aligned.logical[column]
        values = aligned.ori[column].dropna()
        distinct = values.nunique()
        if kind == "text":
            dropped[column] = "free text: dropped"
        elif kind in ("categorical", "boolean") and distinct > max_categories:
            dropped[column] = (f"high cardinality ({distinct} values > max_categories "
                               f"{max_categories}): dropped")
        elif (len(values) >= ID_MIN_ROWS and distinct == len(values)
              and (kind != "numerical" or _integral(values))):
            dropped[column] = "identifier-like (every value distinct): dropped"
        else:
            features.append(column)
    return features, dropped


def encoder(kinds: dict[str, str], scale: bool) -> Any:
    """A scikit-learn transformer of the feature columns (``kinds``: column -> logical type)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numbers = [c for c, k in kinds.items() if k in ("numerical", "datetime")]
    categories = [c for c in kinds if c not in numbers]
    number_steps = [SimpleImputer(strategy="median")] + ([StandardScaler()] if scale else [])
    return ColumnTransformer([
        ("numbers", make_pipeline(*number_steps), numbers),
        ("categories", make_pipeline(
            SimpleImputer(strategy="constant", fill_value="<missing>"),
            OneHotEncoder(handle_unknown="ignore", sparse_output=False)), categories),
    ])


def model_inputs(table: pd.DataFrame, features: list[str], kinds: dict[str, str]
                 ) -> pd.DataFrame:
    """The feature columns as the encoder takes them: numbers as floats (datetimes as days
    since 1970), everything else as text."""
    out = {}
    for column in features:
        series = table[column]
        if kinds[column] == "datetime":
            out[column] = (series - pd.Timestamp(0)) / pd.Timedelta(days=1)
        elif kinds[column] == "numerical":
            out[column] = series.astype(float)
        else:
            out[column] = as_text(series).astype(object)
    return pd.DataFrame(out, index=table.index)


def _integral(values: pd.Series) -> bool:
    numbers = values.to_numpy(dtype=float)
    return bool(np.all(np.equal(np.mod(numbers, 1), 0)))
