"""Model inputs for the ML utility evaluation, prepared as PETsARD does: rows with a missing
value are dropped, categories are one-hot encoded and every feature is standardized, with the
encoder and scaler fitted on the training tables only (ori and syn), so categories seen only
in the test rows are encoded as all zeros."""

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


def complete_rows(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The rows of ``table`` with a value in every one of ``columns``."""
    return table[table[columns].notna().all(axis=1)]


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


def fitted_encoder(kinds: dict[str, str], training: list[pd.DataFrame]) -> Any:
    """A transformer (one-hot categories, then every column standardized) fitted on the
    training tables (``kinds``: feature column -> logical type)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    features = list(kinds)
    numbers = [c for c, k in kinds.items() if k in ("numerical", "datetime")]
    categories = [c for c in features if c not in numbers]
    columns = ColumnTransformer([
        ("numbers", "passthrough", numbers),
        ("categories", OneHotEncoder(handle_unknown="ignore", sparse_output=False),
         categories),
    ])
    encoder = make_pipeline(columns, StandardScaler())
    frames = [model_inputs(t, features, kinds) for t in training]
    return encoder.fit(pd.concat(frames, ignore_index=True))


def _integral(values: pd.Series) -> bool:
    numbers = values.to_numpy(dtype=float)
    return bool(np.all(np.equal(np.mod(numbers, 1), 0)))
