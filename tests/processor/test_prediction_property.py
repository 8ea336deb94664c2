"""Property: for any valid processing config on a mixed-type table, the schema predicted
from the config alone equals the schema the Preprocessor produces."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petsard.exceptions import ConfigError
from petsard.processor.pipeline import produced_schema
from petsard.processor.preprocessor import plan_preprocessing
from petsard.schema import infer_schema

ROWS = 300


def mixed_frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({
        "int_col": rng.integers(1, 100, ROWS),
        "nullable_int": pd.array(np.where(rng.random(ROWS) < 0.1, None,
                                          rng.integers(1, 9, ROWS)), dtype="Int64"),
        "float_col": rng.normal(5, 2, ROWS).round(3),
        "float_nan": np.where(rng.random(ROWS) < 0.2, np.nan, rng.lognormal(1, 1, ROWS)),
        "cat": rng.choice(["a", "b", "c"], ROWS),
        "cat_nan": rng.choice(["x", "y", None], ROWS),
        "category": pd.Categorical(rng.choice(["lo", "mid", "hi"], ROWS)),
        "flag": rng.random(ROWS) > 0.5,
        "when": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 300, ROWS), "D"),
    })
    frame["later"] = (frame["when"] + pd.to_timedelta(rng.integers(1, 90, ROWS), "D")).mask(
        rng.random(ROWS) < 0.1)
    return frame


FRAME = mixed_frame()
SCHEMA = infer_schema(FRAME, "mixed")
NUMERIC = ["int_col", "nullable_int", "float_col", "float_nan"]
CATEGORICAL = ["cat", "cat_nan", "category", "flag"]

missing = st.sampled_from(["missing_mean", "missing_median", "missing_mode", "missing_drop",
                           None])
outlier = st.sampled_from(["outlier_zscore", "outlier_iqr", None])
joint_outlier = st.sampled_from([None, None, "outlier_isolationforest", "outlier_lof"])
encoder = st.sampled_from(["encoder_uniform", "encoder_label", "encoder_onehot", None])
scaler = st.sampled_from(["scaler_standard", "scaler_minmax", "scaler_zerocenter", None])
dates = st.sampled_from([
    {},
    {"encoder": {"later": {"method": "encoder_datediff", "baseline_date": "when",
                           "diff_unit": "weeks"}}},
    {"scaler": {"later": {"method": "scaler_timeanchor", "reference": "when"}}},
    {"scaler": {"when": {"method": "scaler_timeanchor", "reference": ["later"]}}},
])


@st.composite
def configs(draw: st.DrawFn) -> dict:
    discretize = draw(st.booleans())
    config: dict = {"missing": {c: draw(missing) for c in NUMERIC},
                    "outlier": draw(joint_outlier) or {c: draw(outlier) for c in NUMERIC}}
    config["missing"].update({c: draw(st.sampled_from(["missing_mode", "missing_drop", None]))
                              for c in CATEGORICAL})
    if discretize:
        config["discretizing"] = {c: draw(st.sampled_from(["discretizing_kbins", None]))
                                  for c in NUMERIC}
        return {"sequence": ["missing", "outlier", "discretizing"], "config": config}
    config["encoder"] = {c: draw(encoder) for c in CATEGORICAL}
    config["scaler"] = {c: draw(scaler) for c in NUMERIC}
    for kind, fields in draw(dates).items():
        config[kind].update(fields)
    return {"config": config}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=configs(), seed=st.integers(0, 2**16))
def test_predicted_schema_equals_the_produced_schema(params: dict, seed: int) -> None:
    try:
        pipeline = plan_preprocessing(params, SCHEMA, "Preprocessor.p")
    except ConfigError:
        return  # a combination the checks refuse up front (e.g. onehot after label)
    produced = pipeline.fit_transform(FRAME, np.random.default_rng(seed))
    predicted = pipeline.predict()
    assert produced_schema(predicted, produced).signature() == predicted.signature()
