"""The Preprocessor takes the forms PETsARD 1.10.1's docs write, from YAML as a user has it:
``None`` unquoted, one joint outlier method for every numerical field, encoder_datediff and
scaler_timeanchor with PETsARD's parameters, missing_simple without a value, ``sequence``
inside ``config``; the schema stays predicted and the Postprocessor still inverts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard import Executor
from petsard.exceptions import ConfigError

NUMERICAL = ["age", "fnlwgt", "educational-num", "capital-gain", "capital-loss",
             "hours-per-week"]


@pytest.fixture
def companies(tmp_path: Path) -> Path:
    """Companies with an establishment date and several later dates, some missing."""
    rng = np.random.default_rng(4)
    rows = 300
    founded = pd.Timestamp("2012-03-01") + pd.to_timedelta(rng.integers(0, 3000, rows), "D")

    def later(start: pd.Series | pd.DatetimeIndex, days: int, gaps: float) -> pd.Series:
        dates = pd.Series(start + pd.to_timedelta(rng.integers(1, days, rows), "D"))
        return dates.mask(rng.random(rows) < gaps)

    frame = pd.DataFrame({"founded": founded, "sector": rng.choice(["farm", "shop"], rows)})
    frame["applied"] = later(founded, 900, 0.0)
    frame["approved"] = later(frame["applied"], 120, 0.25)
    frame["reviewed"] = later(frame["applied"], 600, 0.1)
    frame["loan"] = pd.Series(rng.lognormal(11, 1, rows).round(0)).mask(rng.random(rows) < 0.1)
    path = tmp_path / "companies.csv"
    frame.to_csv(path, index=False)
    return path


def run_yaml(text: str, data: Path, post: bool = False) -> Executor:
    """Run a config written as YAML (so ``None`` is read as YAML reads it) on ``data``."""
    tail = "Postprocessor:\n  q:\n    method: default\n" if post else ""
    Path("config.yaml").write_text(
        f"Loader:\n  d:\n    filepath: {data}\n    na_values: ['?']\n{text}{tail}"
        "Executor:\n  store: memory\n  random_state: 3\n  log_level: WARNING\n")
    executor = Executor("config.yaml")
    executor.run()
    return executor


def processed(executor: Executor) -> pd.DataFrame:
    return executor.status.get_result("Preprocessor")


def assert_prediction_held(executor: Executor) -> None:
    assert (executor.status.get_inferred_schema("Preprocessor").signature()
            == executor.status.get_metadata("Preprocessor").signature())


def test_none_written_unquoted_skips_that_fields_step(adult_csv: Path) -> None:
    executor = run_yaml("""
Preprocessor:
  p:
    sequence: [missing, encoder]
    config:
      missing:
        workclass: None
        occupation: None
        native-country: missing_drop
      encoder:
        workclass: None
        occupation: None
        income: None
        gender: none
""", adult_csv)

    out = processed(executor)
    assert out["occupation"].isna().any() and out["workclass"].isna().any()
    assert not out["native-country"].isna().any()
    assert set(out["income"]) == {"<=50K", ">50K"} and set(out["gender"]) == {"Male", "Female"}
    assert out["race"].dtype == "float64"  # fields not named keep their default encoder
    assert_prediction_held(executor)


@pytest.mark.parametrize("method", ["outlier_isolationforest", "outlier_lof"])
def test_one_joint_outlier_method_judges_every_numerical_field_together(
    adult_csv: Path, method: str
) -> None:
    from sklearn.ensemble import IsolationForest
    from sklearn.neighbors import LocalOutlierFactor

    executor = run_yaml(f"""
Preprocessor:
  p:
    sequence: [outlier]
    config:
      outlier: '{method}'
""", adult_csv)

    loaded = executor.status.get_result("Loader")
    model = (IsolationForest(random_state=0) if method == "outlier_isolationforest"
             else LocalOutlierFactor())
    inliers = model.fit_predict(loaded[NUMERICAL].to_numpy(float)) == 1
    assert 0 < (~inliers).sum() < len(loaded) // 4
    pd.testing.assert_frame_equal(processed(executor), loaded[inliers].reset_index(drop=True))
    assert_prediction_held(executor)
    changes = {c.target_id: c.description
               for c in executor.status.get_change_history("Preprocessor")}
    assert set(changes) == set(NUMERICAL)  # categorical fields are not judged
    assert "over 6 numerical fields" in changes["age"]


def test_a_joint_method_named_for_one_field_overrides_the_others_with_a_warning(
    adult_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    executor = run_yaml("""
Preprocessor:
  p:
    sequence: [outlier]
    config:
      outlier:
        age: outlier_lof
        fnlwgt: outlier_zscore
""", adult_csv)
    by_field = processed(executor)
    warned = capsys.readouterr().out
    together = processed(run_yaml("""
Preprocessor:
  p:
    sequence: [outlier]
    config: {outlier: outlier_lof}
""", adult_csv))

    pd.testing.assert_frame_equal(by_field, together)
    assert ("Preprocessor.p.config.outlier.fnlwgt: ignored: outlier_lof judges every "
            "numerical field together") in warned


@pytest.mark.parametrize(("outlier", "expected"), [
    ("outlier_iqr", "Preprocessor.p.config.outlier: one method for every field works only "
                    "with outlier_isolationforest or outlier_lof"),
    ({"age": "outlier_lof", "fnlwgt": "outlier_isolationforest"},
     "Preprocessor.p.config.outlier.fnlwgt: only one joint outlier method can run"),
    ({"age": "outlier_lof", "fnlwgt": {"method": "outlier_lof", "n_neighbors": 5}},
     "use the same method and parameters"),
])
def test_conflicting_or_per_field_methods_as_one_outlier_method_are_config_errors(
    adult_csv: Path, outlier: object, expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        Executor({"Loader": {"d": {"filepath": str(adult_csv)}},
                  "Preprocessor": {"p": {"config": {"outlier": outlier}}},
                  "Executor": {"store": "memory"}})
    assert expected in str(caught.value)


def test_datediff_with_petsard_parameters_and_the_postprocessor_restores_dates(
    companies: Path
) -> None:
    executor = run_yaml("""
Preprocessor:
  p:
    sequence: [encoder]
    config:
      encoder:
        applied:
          method: encoder_datediff
          baseline_date: founded
          diff_unit: weeks
        reviewed:
          method: encoder_datediff
          baseline_date: approved
          absolute_value: true
""", companies, post=True)

    loaded = executor.status.get_result("Loader")
    out = processed(executor)
    weeks = (loaded["applied"] - loaded["founded"]).dt.days / 7
    np.testing.assert_allclose(out["applied"], weeks)
    distance = (loaded["reviewed"] - loaded["approved"]).dt.days.abs()
    np.testing.assert_array_equal(out["reviewed"].isna(), distance.isna())
    np.testing.assert_allclose(out["reviewed"].dropna(), distance.dropna())
    assert_prediction_held(executor)
    restored = next(iter(executor.get_result().values()))["data"]
    pd.testing.assert_series_equal(restored["applied"], loaded["applied"])


def test_timeanchor_with_a_list_keeps_the_anchor_and_counts_days_to_each_reference(
    companies: Path
) -> None:
    executor = run_yaml("""
Preprocessor:
  p:
    method: default
    sequence: [scaler]
    config:
      scaler:
        founded:
          method: scaler_timeanchor
          reference:
            - applied
            - approved
            - reviewed
          unit: D
""", companies, post=True)

    loaded = executor.status.get_result("Loader")
    out = processed(executor)
    assert out["founded"].equals(loaded["founded"])  # the anchor stays a date
    for field in ("applied", "approved", "reviewed"):
        days = (loaded[field] - loaded["founded"]).dt.days
        np.testing.assert_array_equal(out[field].isna(), days.isna())  # missing stays missing
        np.testing.assert_allclose(out[field].dropna(), days.dropna())
    assert out["loan"].mean() == pytest.approx(0, abs=1e-9)  # others keep their defaults
    assert_prediction_held(executor)
    restored = next(iter(executor.get_result().values()))["data"]
    pd.testing.assert_frame_equal(restored, loaded, check_exact=False, rtol=1e-9)


@pytest.mark.parametrize(("scaler", "expected"), [
    ({"founded": {"method": "scaler_timeanchor", "reference": ["applied"]},
      "applied": "scaler_minmax"},
     "Preprocessor.p.config.scaler.applied: the scaler step of 'applied' is already set at "
     "Preprocessor.p.config.scaler.founded.reference"),
    ({"founded": {"method": "scaler_timeanchor", "reference": ["applied", "nowhere"]}},
     "Preprocessor.p.config.scaler.founded.reference: unknown field 'nowhere'"),
    ({"founded": {"method": "scaler_timeanchor", "reference": ["sector"]}},
     "Preprocessor.p.config.scaler.founded.reference: scaler_timeanchor needs a datetime"),
])
def test_timeanchor_reference_lists_are_checked_before_anything_runs(
    companies: Path, scaler: dict, expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        Executor({"Loader": {"d": {"filepath": str(companies)}},
                  "Preprocessor": {"p": {"sequence": ["scaler"], "config": {"scaler": scaler}}},
                  "Executor": {"store": "memory"}}).run()
    assert expected in str(caught.value)


def test_missing_simple_without_a_value_fills_zero(companies: Path) -> None:
    executor = run_yaml("""
Preprocessor:
  p:
    sequence: [missing]
    config:
      missing:
        loan: missing_simple
        approved: None
        reviewed: None
""", companies)

    loaded = executor.status.get_result("Loader")
    out = processed(executor)
    assert (out["loan"][loaded["loan"].isna().to_numpy()] == 0.0).all()


def test_sequence_may_sit_inside_config(adult_csv: Path) -> None:
    executor = run_yaml("""
Preprocessor:
  p:
    method: default
    config:
      sequence: [encoder, scaler]
      scaler:
        fnlwgt: scaler_log
""", adult_csv)

    out = processed(executor)
    loaded = executor.status.get_result("Loader")
    assert len(out) == len(loaded)  # no missing or outlier step ran
    np.testing.assert_allclose(out["fnlwgt"], np.log(loaded["fnlwgt"]))


def test_a_sequence_given_twice_differently_is_a_config_error(adult_csv: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        Executor({"Loader": {"d": {"filepath": str(adult_csv)}},
                  "Preprocessor": {"p": {"sequence": ["missing"],
                                         "config": {"sequence": ["encoder"]}}},
                  "Executor": {"store": "memory"}})
    assert ("Preprocessor.p.config.sequence: differs from Preprocessor.p.sequence"
            in str(caught.value))


def test_methods_may_be_spelt_with_the_encoding_and_scaling_prefixes(adult_csv: Path) -> None:
    executor = run_yaml("""
Preprocessor:
  p:
    sequence: [encoder, scaler]
    encoder:
      workclass: encoding_label
    scaling:
      age: scaling_minmax
""", adult_csv)

    out = processed(executor)
    assert out["workclass"].dtype == "int64"
    assert out["age"].min() == 0.0 and out["age"].max() == 1.0


def test_skipping_a_field_the_data_lacks_is_a_warning_not_an_error(
    adult_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_yaml("""
Preprocessor:
  p:
    sequence: [outlier]
    config:
      outlier:
        education-num: None
""", adult_csv)

    assert ("Preprocessor.p.config.outlier.education-num: no field 'education-num' to skip; "
            "did you mean 'educational-num'?") in capsys.readouterr().out


def test_kbins_with_petsard_defaults_and_custom_bins(adult_csv: Path) -> None:
    executor = run_yaml("""
Preprocessor:
  p:
    method: default
    sequence: [missing, outlier, discretizing]
    config:
      discretizing:
        age:
          method: discretizing_kbins
          n_bins: 10
        fnlwgt:
          method: discretizing_kbins
""", adult_csv)

    out = processed(executor)
    assert set(out["age"].cat.categories) == set(range(10))
    assert set(out["fnlwgt"].cat.categories) == set(range(5))
    assert out["workclass"].dtype == "int64"  # categories are label-encoded
    assert_prediction_held(executor)


def test_a_skipped_field_whose_missing_rows_another_step_drops_stays_as_predicted(
    adult_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Adult's occupation is missing only where workclass is, and workclass drops its rows.
    executor = run_yaml("""
Preprocessor:
  p:
    sequence: [missing]
    config:
      missing:
        occupation: None
""", adult_csv)

    assert not processed(executor)["occupation"].isna().any()
    assert executor.status.get_metadata("Preprocessor")["occupation"].type_attr.nullable
    assert_prediction_held(executor)
    assert "differs from its prediction" not in capsys.readouterr().out
