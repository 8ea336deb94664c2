"""Contract tests run over every registered processing step and every kind of field it takes.

The core promise: what ``predict`` announces for a field is exactly what schema inference
sees in ``transform``'s output, so the Preprocessor's output schema can be predicted from the
config. Then: the inverse gives the field back, problems are reported before running, and
randomness comes only from the generator passed in.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import petsard.processor.steps  # noqa: F401  (fills the registry)
from petsard.exceptions import MissingDependencyError, ProcessorError
from petsard.parameters import validate_signature
from petsard.processor.base import STEPS, Step
from petsard.schema.attribute import Attribute
from petsard.schema.inference import infer_attribute

ADULT = Path(__file__).resolve().parents[2] / "petsard" / "datasets" / "adult-income.csv.gz"
DATETIME_TOLERANCE = pd.Timedelta(microseconds=1)


# ----- data -----------------------------------------------------------------------------------

def every_kind_frame(n: int = 120) -> pd.DataFrame:
    """One column per input dtype the steps take, most with missing values."""
    rng = np.random.default_rng(3)
    gaps = rng.random(n) < 0.15
    dates = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 10**8, n), unit="s")
    text = np.array([f"note {i}" for i in range(n)], dtype=object)
    text[gaps] = np.nan  # missing text is NaN, as the Loader reads it
    return pd.DataFrame({
        "int": rng.integers(-50, 100, n).astype(np.int64),
        "int_na": pd.array(np.where(gaps, None, rng.integers(0, 9, n)), dtype="Int64"),
        "float_nan": np.where(gaps, np.nan, rng.normal(10, 3, n).round(3)),
        "positive": rng.lognormal(3, 1, n),
        "strings": pd.Series(rng.choice(["north", "south", "east"], n), dtype=object).mask(gaps),
        "category": pd.Categorical(np.where(gaps, None, rng.choice(["lo", "mid"], n)),
                                   categories=["lo", "mid", "hi"]),
        "category_int": pd.Categorical(rng.choice([1, 2, 3], n)),
        "bool": rng.random(n) < 0.3,
        "boolean_na": pd.array(np.where(gaps, None, rng.random(n) < 0.6), dtype="boolean"),
        "date": pd.Series(dates).mask(gaps).astype("datetime64[ns]"),
        "date2": (pd.Timestamp("2019-06-01")
                  + pd.to_timedelta(rng.integers(0, 10**4, n), unit="D")).astype("datetime64[ns]"),
        "free_text": text,
    })


def edge_frame(n: int = 30) -> pd.DataFrame:
    """Constant, single-value and all-missing fields of every kind."""
    single = np.full(n, np.nan)
    single[4] = 1.5
    return pd.DataFrame({
        "constant_int": np.full(n, 7, dtype=np.int64),
        "constant_float": np.full(n, 2.5),
        "single_value": single,
        "all_missing_float": np.full(n, np.nan),
        "all_missing_int": pd.array([None] * n, dtype="Int64"),
        "all_missing_strings": pd.Series([np.nan] * n, dtype=object),
        "all_missing_category": pd.Categorical([None] * n, categories=["x", "y"]),
        "all_missing_boolean": pd.array([None] * n, dtype="boolean"),
        "constant_strings": pd.Series(["same"] * n, dtype=object),
        "constant_bool": np.ones(n, dtype=bool),
        "constant_date": pd.Series([pd.Timestamp("2021-05-05 12:00")] * n, dtype="datetime64[ns]"),
        "all_missing_date": pd.Series([pd.NaT] * n, dtype="datetime64[ns]"),
        "date2": pd.date_range("2020-01-01", periods=n, freq="D").astype("datetime64[ns]"),
    })


@cache
def table(name: str) -> pd.DataFrame:
    if name == "kinds":
        return every_kind_frame()
    if name == "edges":
        return edge_frame()
    adult = pd.read_csv(ADULT, na_values=["?"])
    return adult.sample(2000, random_state=0).reset_index(drop=True)


# ----- steps, configured for a field ----------------------------------------------------------

FILL_VALUES = {"int": 0, "float": 1.5, "boolean": True, "datetime": "2021-06-01",
               "str": "unknown", "date": "2021-06-01"}

# Every registered step appears here, some with more than one configuration.
CONFIGS: dict[str, tuple[str, dict[str, Any]]] = {
    "missing_mean": ("missing_mean", {}),
    "missing_median": ("missing_median", {}),
    "missing_mode": ("missing_mode", {}),
    "missing_simple": ("missing_simple", {}),  # value chosen for the field's type
    "missing_drop": ("missing_drop", {}),
    "outlier_zscore": ("outlier_zscore", {}),
    "outlier_iqr": ("outlier_iqr", {}),
    "outlier_isolationforest": ("outlier_isolationforest", {}),
    "outlier_lof": ("outlier_lof", {}),
    "encoder_uniform": ("encoder_uniform", {}),
    "encoder_label": ("encoder_label", {}),
    "encoder_onehot": ("encoder_onehot", {}),
    "encoder_datediff": ("encoder_datediff", {"baseline_date": "date2"}),
    "encoder_datediff_years": ("encoder_datediff", {"baseline_date": "date2",
                                                    "diff_unit": "years"}),
    "encoder_datediff_absolute": ("encoder_datediff", {"baseline_date": "date2",
                                                       "absolute_value": True}),
    "scaler_standard": ("scaler_standard", {}),
    "scaler_minmax": ("scaler_minmax", {}),
    "scaler_zerocenter": ("scaler_zerocenter", {}),
    "scaler_log": ("scaler_log", {}),
    "scaler_log1p": ("scaler_log1p", {}),
    "scaler_timeanchor_field": ("scaler_timeanchor", {"reference": "date2"}),
    "scaler_timeanchor_date": ("scaler_timeanchor", {"reference": "2020-01-01", "unit": "S"}),
    "discretizing_kbins": ("discretizing_kbins", {}),
    "discretizing_kbins_quantile": ("discretizing_kbins", {"n_bins": 4, "strategy": "quantile",
                                                           "inverse": "uniform"}),
}
# Log scaling takes only values above its floor (that it refuses others is tested below).
LOG_FLOOR = {"scaler_log": 0.0, "scaler_log1p": -1.0}


def make_step(config: str, attr: Attribute) -> Step:
    name, params = CONFIGS[config]
    if name == "missing_simple":
        params = {"value": FILL_VALUES[attr.type]}
    return STEPS.get(name)(**params)


def applies(config: str, attr: Attribute) -> bool:
    name = CONFIGS[config][0]
    step = make_step(config, attr)
    if step.check(attr) is not None or attr.name in step.references():
        return False
    floor = LOG_FLOOR.get(name)
    low = attr.stats.min if attr.stats is not None else None
    return floor is None or low is None or low > floor


def attribute(table_name: str, column: str) -> Attribute:
    frame = table(table_name)
    return infer_attribute(column, frame[column], len(frame))


def all_cases() -> list[tuple[str, str, str]]:
    cases = []
    for config in CONFIGS:
        for table_name in ("kinds", "edges", "adult"):
            for column in table(table_name).columns:
                if applies(config, attribute(table_name, column)):
                    cases.append((config, table_name, column))
    return cases


CASES = all_cases()


@cache
def fitted(config: str, table_name: str, column: str) -> tuple[Step, pd.Series, pd.DataFrame]:
    """The step fitted on the field, and the field and table it then transforms (without the
    rows a row-dropping step rejects)."""
    frame = table(table_name)
    step = make_step(config, attribute(table_name, column)).fit(frame[column], frame)
    if step.drops_rows:
        frame = frame[step.keep_rows(frame[column])]
    return step, frame[column], frame


def outputs(data: pd.Series | pd.DataFrame) -> pd.DataFrame:
    return data if isinstance(data, pd.DataFrame) else data.to_frame()


@pytest.fixture(params=CASES, ids=["-".join(case) for case in CASES])
def case(request: pytest.FixtureRequest) -> tuple[str, str, str]:
    return request.param


# ----- the contract over every step and field -------------------------------------------------

def test_every_registered_step_is_exercised_on_every_kind_of_field_it_accepts():
    tested = {(CONFIGS[config][0], attribute(t, c).kind) for config, t, c in CASES}
    for name in STEPS.names():
        step_class = STEPS.get(name)
        assert step_class.name() == name
        for kind in step_class.accepts:
            assert (name, kind) in tested, f"{name} is not tested on a {kind}"


def test_every_input_dtype_is_exercised():
    dtypes = {str(table(t)[c].dtype) for _, t, c in CASES}
    assert {"int64", "Int64", "float64", "object", "category", "bool", "boolean",
            "datetime64[ns]"} <= dtypes


def test_predicted_fields_are_what_transform_outputs(case):
    _, table_name, column = case
    step, series, frame = fitted(*case)

    out = outputs(step.transform(series, frame, np.random.default_rng(0)))

    expected = step.predict(attribute(table_name, column))
    inferred = [infer_attribute(name, out[name], len(out)) for name in out.columns]
    assert [a.signature() for a in expected] == [a.signature() for a in inferred]
    assert [a.categories for a in expected] == [a.categories for a in inferred]
    assert out.index.equals(series.index)


def test_inverse_transform_gives_the_field_back(case):
    _, table_name, column = case
    step, series, frame = fitted(*case)
    original = table(table_name)[column]

    out = step.transform(series, frame, np.random.default_rng(1))
    back = step.inverse_transform(out, frame, np.random.default_rng(2))

    assert back.name == column and back.index.equals(series.index)
    if step.kind == "outlier":
        assert back is out
    elif step.kind == "missing":
        if isinstance(original.dtype, pd.CategoricalDtype):  # may hold the fill value too
            assert set(original.cat.categories) <= set(back.cat.categories)
        else:
            assert back.dtype == original.dtype
        both = series.notna() & back.notna()
        assert back[both].equals(series[both].astype(back.dtype))
        # round(rate * n) rows, n being the rows left (missing_drop: after dropping)
        assert back.isna().sum() == round(original.isna().mean() * len(back))
        if len(back) >= 2000:
            assert abs(back.isna().mean() - original.isna().mean()) <= 0.02
    elif step.kind == "discretizing":
        again = step.transform(back, frame, np.random.default_rng(3))
        pd.testing.assert_series_equal(again, out)
    elif getattr(step, "absolute_value", False):  # the distance from the baseline comes back
        baseline = frame[step.baseline_date]
        both = back.notna() & series.notna()
        error = ((back - baseline).abs() - (series - baseline).abs())[both].abs()
        assert back.isna().equals(series.isna() | baseline.isna())
        assert error.empty or error.max() <= DATETIME_TOLERANCE
    elif pd.api.types.is_datetime64_any_dtype(series.dtype):
        assert back.dtype == "datetime64[ns]"
        assert back.isna().equals(series.isna())
        assert (back - series).abs().max(skipna=True) <= DATETIME_TOLERANCE or series.isna().all()
    elif step.kind == "scaler":
        assert back.dtype == "float64"
        np.testing.assert_allclose(back, series.astype("Float64").to_numpy(float, na_value=np.nan),
                                   rtol=1e-9, atol=1e-9)
    else:
        pd.testing.assert_series_equal(back, series)


def test_same_seed_gives_same_output_and_global_random_state_is_untouched(case):
    step, series, frame = fitted(*case)
    state = np.random.get_state()[1].copy()

    runs = []
    for _ in range(2):
        out = step.transform(series, frame, np.random.default_rng(5))
        runs.append((out, step.inverse_transform(out, frame, np.random.default_rng(6))))

    assert outputs(runs[0][0]).equals(outputs(runs[1][0]))
    assert runs[0][1].equals(runs[1][1])
    assert np.array_equal(np.random.get_state()[1], state)


def test_every_step_describes_itself_and_validates_its_parameters_from_its_signature(case):
    config = case[0]
    step, _, _ = fitted(*case)
    name, params = CONFIGS[config]
    if name == "missing_simple":
        params = {"value": step.value}

    assert step.describe() and "\n" not in step.describe()
    assert validate_signature(type(step), params, "pre.x")[1] == []
    assert validate_signature(type(step), {**params, "bogus": 1}, "pre.x")[1]


# ----- what each step does ---------------------------------------------------------------------

def run(step: Step, series: pd.Series, frame: pd.DataFrame | None = None, seed: int = 0):
    frame = series.to_frame() if frame is None else frame
    step.fit(series, frame)
    return step.transform(series, frame, np.random.default_rng(seed))


def test_describe_phrases_read_as_change_records():
    onehot = STEPS.get("encoder_onehot")()
    onehot.predict(attribute("adult", "race"))
    assert onehot.describe() == "one-hot encoded into 4 fields"  # known before fitting
    run(onehot, table("kinds")["strings"])
    assert onehot.describe() == "one-hot encoded into 3 fields"
    assert STEPS.get("missing_mean")().describe() == "missing filled with mean"
    assert STEPS.get("missing_drop")().describe() == "rows with missing values dropped"
    assert STEPS.get("outlier_iqr")().describe() == "outliers removed (IQR)"
    assert STEPS.get("scaler_minmax")().describe() == "minmax scaled"
    assert STEPS.get("scaler_log")().describe() == "log scaled"
    assert STEPS.get("discretizing_kbins")().describe() == "discretized into 5 bins"


def test_missing_fill_values_are_mean_median_mode_or_given_and_integers_stay_integers():
    series = pd.Series(pd.array([1, 2, None, 10, 2], dtype="Int64"), name="n")
    assert run(STEPS.get("missing_mean")(), series).tolist() == [1, 2, 4, 10, 2]
    assert run(STEPS.get("missing_median")(), series).tolist() == [1, 2, 2, 10, 2]
    assert run(STEPS.get("missing_mode")(), series).tolist() == [1, 2, 2, 10, 2]
    filled = run(STEPS.get("missing_simple")(value=6.6), series)
    assert filled.tolist() == [1, 2, 7, 10, 2] and filled.dtype == "int64"


def test_missing_inverse_puts_back_the_learned_share_of_missing_values():
    series = pd.Series(np.where(np.arange(2000) % 10 == 0, np.nan, 1.0), name="x")
    step = STEPS.get("missing_mean")()
    filled = run(step, series)

    back = step.inverse_transform(filled, series.to_frame(), np.random.default_rng(0))

    assert step.missing_rate_ == pytest.approx(0.1)
    assert back.isna().sum() == 200


def test_missing_inverse_restores_nullable_dtypes():
    step = STEPS.get("missing_mode")()
    series = pd.Series(pd.array([True, None, False, True], dtype="boolean"), name="b")
    filled = run(step, series)
    assert filled.dtype == bool

    back = step.inverse_transform(filled, series.to_frame(), np.random.default_rng(0))

    assert back.dtype == "boolean" and back.isna().sum() == 1


def test_missing_drop_keeps_exactly_the_rows_with_a_value():
    series = table("kinds")["int_na"]
    step = STEPS.get("missing_drop")().fit(series, table("kinds"))

    keep = step.keep_rows(series)

    assert keep.dtype == bool and np.array_equal(keep, series.notna().to_numpy())
    assert step.transform(series[keep], table("kinds"), np.random.default_rng(0)).dtype == "int64"


def test_missing_drop_refuses_to_transform_rows_it_should_have_dropped():
    series = table("kinds")["int_na"]
    step = STEPS.get("missing_drop")().fit(series, table("kinds"))

    with pytest.raises(ProcessorError, match=r"missing_drop on 'int_na'.*keep_rows"):
        step.transform(series, table("kinds"), np.random.default_rng(0))


@pytest.mark.parametrize("name", ["outlier_zscore", "outlier_iqr", "outlier_isolationforest",
                                  "outlier_lof"])
def test_outlier_steps_drop_the_extreme_value_and_keep_missing_ones(name):
    values = np.random.default_rng(0).normal(0, 1, 300)
    values[7] = 40.0
    values[[3, 11]] = np.nan
    series = pd.Series(values, name="x")
    step = STEPS.get(name)().fit(series, series.to_frame())

    keep = step.keep_rows(series)

    assert not keep[7] and keep[3] and keep[11]
    assert keep.sum() >= 255  # isolation forest ('auto' contamination) also trims the tails
    assert step.transform(series, series.to_frame(), np.random.default_rng(0)) is series


def test_zscore_and_iqr_drop_exactly_what_their_rules_say():
    series = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10] * 3 + [100.0], name="x")
    zscore = STEPS.get("outlier_zscore")().fit(series, series.to_frame())
    iqr = STEPS.get("outlier_iqr")().fit(series, series.to_frame())

    assert np.flatnonzero(~zscore.keep_rows(series)).tolist() == [30]
    assert np.flatnonzero(~iqr.keep_rows(series)).tolist() == [30]


def test_isolation_forest_without_scikit_learn_names_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.ensemble", None)
    series = pd.Series([1.0, 2.0, 3.0], name="x")

    with pytest.raises(MissingDependencyError, match=r"petsard\[eval\]") as error:
        STEPS.get("outlier_isolationforest")().fit(series, series.to_frame())
    assert error.value.package == "scikit-learn"


def test_uniform_encoder_gives_each_category_an_interval_as_wide_as_its_frequency():
    series = pd.Series(["a"] * 6 + ["b"] * 3 + [None], name="c", dtype=object)
    step = STEPS.get("encoder_uniform")()

    out = run(step, series)

    assert ((out[:6] >= 0) & (out[:6] < 0.6)).all()
    assert ((out[6:9] >= 0.6) & (out[6:9] < 0.9)).all()
    assert 0.9 <= out[9] < 1
    decoded = step.inverse_transform(pd.Series([-3.0, 0.65, 0.95, 7.0], name="c"),
                                     series.to_frame(), np.random.default_rng(0))
    assert decoded.tolist()[:2] == ["a", "b"] and decoded.isna().tolist() == [False, False,
                                                                               True, True]


def test_label_encoder_numbers_sorted_categories_and_missing_last():
    series = pd.Series(["b", None, "a", "c"], name="c", dtype=object)
    step = STEPS.get("encoder_label")()

    assert run(step, series).tolist() == [1, 3, 0, 2]
    decoded = step.inverse_transform(pd.Series([-2.0, 0.6, 2.4, 9.0], name="c"),
                                     series.to_frame(), np.random.default_rng(0))
    assert decoded.tolist()[:3] == ["a", "b", "c"] and pd.isna(decoded[3])


def test_onehot_drops_the_first_category_and_gives_missing_values_a_field_as_petsard():
    series = pd.Series(["b", None, "a"], name="c", dtype=object)
    step = STEPS.get("encoder_onehot")()

    out = run(step, series)

    assert list(out.columns) == ["c_b", "c_nan"]  # 'a' is the row of zeros
    assert out.to_numpy().tolist() == [[1, 0], [0, 1], [0, 0]]
    assert (out.dtypes == "int64").all()
    synthetic = pd.DataFrame({"c_b": [0.2, 0.0, 0.7], "c_nan": [0.1, 0.0, 0.1]})
    decoded = step.inverse_transform(synthetic, series.to_frame(), np.random.default_rng(0))
    assert decoded.tolist()[::2] == ["a", "b"] and decoded[1] == "a" and decoded.name == "c"
    assert pd.isna(step.inverse_transform(pd.DataFrame({"c_b": [0.0], "c_nan": [0.9]}),
                                          series.to_frame(), np.random.default_rng(0))[0])


def test_onehot_orders_numbers_by_value_and_avoids_names_the_table_has():
    frame = pd.DataFrame({"x": pd.Categorical([10, 2, 1, 2]), "x_2": [0, 0, 0, 0]})
    step = STEPS.get("encoder_onehot")()

    out = run(step, frame["x"], frame)

    assert list(out.columns) == ["x__2", "x__10"]
    assert out.to_numpy().tolist() == [[0, 1], [1, 0], [0, 0], [1, 0]]


def test_encoders_refuse_categories_they_did_not_see_when_fitted():
    step = STEPS.get("encoder_label")()
    run(step, pd.Series(["a", "b"], name="c"))

    with pytest.raises(ProcessorError, match="encoder_label on 'c': 1 values were not seen"):
        step.transform(pd.Series(["a", "z"], name="c"), pd.DataFrame(), np.random.default_rng(0))


def test_datediff_counts_units_from_the_baseline_field_as_petsard():
    frame = pd.DataFrame({"end": pd.to_datetime(["2020-01-15", "2020-03-01", None, "2019-12-01"]),
                          "start": pd.to_datetime(["2020-01-01"] * 4)})
    datediff = STEPS.get("encoder_datediff")

    days = run(datediff(baseline_date="start"), frame["end"], frame)
    weeks = run(datediff(baseline_date="start", diff_unit="weeks"), frame["end"], frame)
    months = run(datediff(baseline_date="start", diff_unit="months"), frame["end"], frame)
    years = run(datediff(baseline_date="start", diff_unit="years"), frame["end"], frame)
    distance = run(datediff(baseline_date="start", absolute_value=True), frame["end"], frame)

    assert days[[0, 1, 3]].tolist() == [14.0, 60.0, -31.0] and np.isnan(days[2])
    assert weeks[0] == 2.0
    assert months[1] == pytest.approx(60 / 30.44) and years[1] == pytest.approx(60 / 365.25)
    assert distance[3] == 31.0
    assert datediff(baseline_date="start").references() == ["start"]
    assert datediff(baseline_date="start", absolute_value=True).describe() == (
        "days since 'start' (absolute)")


def test_steps_reading_another_field_predict_missing_values_it_brings():
    frame = pd.DataFrame({"end": pd.to_datetime(["2020-01-15", "2020-03-01"]),
                          "start": pd.to_datetime(["2020-01-01", None])})
    others = {c: infer_attribute(c, frame[c], 2) for c in frame}
    for step in (STEPS.get("encoder_datediff")(baseline_date="start"),
                 STEPS.get("scaler_timeanchor")(reference="start")):
        out = run(step, frame["end"], frame)

        assert step.predict(others["end"], others)[0].signature() == infer_attribute(
            "end", out, 2).signature()


def test_timeanchor_takes_a_field_or_an_iso_date_as_reference():
    frame = table("kinds")
    by_date = STEPS.get("scaler_timeanchor")(reference="2020-01-01")
    by_field = STEPS.get("scaler_timeanchor")(reference="date2", unit="S")

    assert by_date.references() == [] and by_field.references() == ["date2"]
    assert run(by_date, pd.Series(pd.to_datetime(["2020-01-03 12:00"]), name="d")).iloc[0] == 2.5
    with pytest.raises(ProcessorError, match=r"scaler_timeanchor on 'date': .*'nowhere'"):
        STEPS.get("scaler_timeanchor")(reference="nowhere").fit(frame["date"], frame)


@pytest.mark.parametrize("name", ["scaler_standard", "scaler_minmax", "scaler_zerocenter"])
def test_scalers_map_a_constant_field_to_zero_and_back(name):
    series = pd.Series([4.0] * 5, name="x")
    step = STEPS.get(name)()

    out = run(step, series)

    assert out.tolist() == [0.0] * 5
    assert step.inverse_transform(out, series.to_frame(), None).tolist() == [4.0] * 5


def test_minmax_scales_to_the_unit_interval():
    assert run(STEPS.get("scaler_minmax")(), pd.Series([2, 4, 6], name="x")).tolist() == [
        0.0, 0.5, 1.0]


@pytest.mark.parametrize(("name", "values", "floor"), [
    ("scaler_log", [3.0, 0.0, -2.0, np.nan], "<= 0"),
    ("scaler_log1p", [3.0, -1.0, -5.0, np.nan], "<= -1"),
])
def test_log_scalers_refuse_values_outside_their_domain_naming_the_field(name, values, floor):
    series = pd.Series(values, name="income")

    with pytest.raises(ProcessorError) as error:
        STEPS.get(name)().fit(series, series.to_frame())

    message = str(error.value)
    assert message.startswith(f"{name} on 'income': 2 values are {floor}")
    assert "use scaler_" in message and "-5" not in message and "-2" not in message


def test_kbins_bins_are_categories_and_inverse_gives_midpoints_as_petsard_or_draws():
    series = pd.Series([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 10, np.nan], name="x")
    step = STEPS.get("discretizing_kbins")()  # 5 bins of equal width
    drawing = STEPS.get("discretizing_kbins")(inverse="uniform")

    out = run(step, series)
    run(drawing, series)

    assert out.cat.codes.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, -1]
    back = step.inverse_transform(out, series.to_frame(), np.random.default_rng(0))
    assert back[:10].tolist() == [1.0, 1.0, 3.0, 3.0, 5.0, 5.0, 7.0, 7.0, 9.0, 9.0]
    assert np.isnan(back[10])
    drawn = drawing.inverse_transform(out, series.to_frame(), np.random.default_rng(0))
    assert (np.floor(drawn[:10] / 2).clip(upper=4) == out[:10].astype(float)).all()
    assert drawn[:10].nunique() == 10


# ----- problems reported before running --------------------------------------------------------

def test_a_scaler_on_a_categorical_field_names_the_step_and_the_field():
    problem = STEPS.get("scaler_standard")().check(attribute("adult", "workclass"))
    assert problem == ("scaler_standard needs a numerical or datetime field; "
                       "'workclass' is categorical")


def test_onehot_over_max_categories_suggests_uniform_or_label_encoding():
    attr = attribute("adult", "native-country")

    problem = STEPS.get("encoder_onehot")(max_categories=10).check(attr)

    assert problem.startswith("encoder_onehot on 'native-country':")
    assert "max_categories (10)" in problem
    assert "encoder_uniform or encoder_label" in problem
    assert STEPS.get("encoder_onehot")().check(attr) is None


def test_onehot_on_free_text_or_unknown_categories_suggests_other_encoders():
    onehot = STEPS.get("encoder_onehot")()
    text = attribute("kinds", "free_text")
    unknown = attribute("adult", "race").with_changes(categories=None)

    assert text.kind == "text"
    for attr in (text, unknown):
        assert "encoder_uniform or encoder_label" in onehot.check(attr)
    with pytest.raises(ProcessorError, match="encoder_onehot on 'race'"):
        onehot.predict(unknown)


def test_missing_simple_needs_a_value_of_the_fields_type():
    age = attribute("adult", "age")

    problem = STEPS.get("missing_simple")(value="unknown").check(age)

    assert problem == ("missing_simple on 'age': the fill value 'unknown' (0.0 unless given) "
                       "is a str but 'age' is numerical (int); give a number as value")
    assert STEPS.get("missing_simple")(value=0).check(age) is None
    assert STEPS.get("missing_simple")().value == 0.0  # PETsARD's default
    assert "0.0 unless given" in STEPS.get("missing_simple")().check(
        attribute("adult", "workclass"))
    assert STEPS.get("missing_simple")(value=3).check(attribute("kinds", "date"))
    with pytest.raises(ProcessorError, match="missing_simple on 'age'"):
        STEPS.get("missing_simple")(value="x").fit(table("adult")["age"], table("adult"))


def test_datediff_on_its_own_baseline_is_a_problem():
    problem = STEPS.get("encoder_datediff")(baseline_date="date").check(
        attribute("kinds", "date"))
    assert problem.startswith("encoder_datediff on 'date': the baseline is the field itself")


@pytest.mark.parametrize(("name", "params"), [
    ("discretizing_kbins", {"n_bins": 1}),
    ("discretizing_kbins", {"strategy": "kmeans"}),
    ("encoder_datediff", {"baseline_date": "d", "diff_unit": "D"}),
    ("encoder_datediff", {"baseline": "d"}),
    ("discretizing_kbins", {"inverse": "mean"}),
    ("encoder_onehot", {"max_categories": 0}),
    ("missing_simple", {"value": [1]}),
])
def test_bad_parameters_are_reported_from_the_signature(name, params):
    assert validate_signature(STEPS.get(name), params, "pre.x")[1]
