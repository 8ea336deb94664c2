"""Preprocessor and Postprocessor through the Executor: predicted schema equals the produced
one, every field change is recorded, and the Postprocessor restores the original form."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard import Executor
from petsard.exceptions import ConfigError

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def people(tmp_path: Path) -> Path:
    rng = np.random.default_rng(1)
    rows = 500
    frame = pd.DataFrame({
        "age": rng.integers(18, 80, rows),
        "income": rng.lognormal(10, 0.5, rows).round(2),
        "education": rng.choice(["HS", "BSc", "MSc", "PhD"], rows, p=[0.4, 0.3, 0.2, 0.1]),
        "city": rng.choice(["A", "B", None], rows),
        "joined": pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 700, rows), "D"),
    })
    path = tmp_path / "people.csv"
    frame.to_csv(path, index=False)
    return path


def run(config: dict) -> Executor:
    executor = Executor({**config, "Executor": {"store": "memory", "random_state": 2}})
    executor.run()
    return executor


def test_seed_schema_example_predicts_what_the_preprocessor_produces(people: Path) -> None:
    executor = run({
        "Loader": {"load_data": {"filepath": str(people)}},
        "Preprocessor": {"preprocess": {"scaling": {"age": "minmax", "income": "standard"},
                                        "encoding": {"education": "onehot"}}},
        "Synthesizer": {"generate": {"method": "default"}},
    })
    inferred = executor.get_inferred_schema("Preprocessor")
    produced = executor.status.get_metadata("Preprocessor")
    assert inferred is not None
    assert inferred.signature() == produced.signature()
    # PETsARD's one-hot: no field for the first category (BSc), new fields at the end.
    assert inferred.columns == ["age", "income", "city", "joined", "education_HS",
                                "education_MSc", "education_PhD"]
    descriptions = [c.description for c in executor.status.get_change_history("Preprocessor")]
    assert "age: numerical → numerical (minmax scaled)" in descriptions
    assert "income: numerical → numerical (standard scaled)" in descriptions
    assert "education: categorical → 3 one-hot fields" in descriptions
    for change in executor.status.get_change_history("Preprocessor"):
        assert change.module_context == "Preprocessor[preprocess]"
        assert change.change_type in {"create", "update", "delete"}
    created = [c.target_id for c in executor.status.get_change_history("Preprocessor")
               if c.change_type == "create"]
    assert created == ["education_HS", "education_MSc", "education_PhD"]


def test_postprocessor_restores_the_loaders_form_after_synthesis(people: Path) -> None:
    executor = run({
        "Loader": {"d": {"filepath": str(people)}},
        "Preprocessor": {"p": {"method": "default"}},
        "Synthesizer": {"s": {"method": "default"}},
        "Postprocessor": {"q": {"method": "default"}},
    })
    loaded = executor.status.get_metadata("Loader")
    [result] = executor.get_result().values()
    data = result["data"]
    assert list(data.columns) == loaded.columns
    assert [str(t) for t in data.dtypes] == [a.dtype for a in loaded]
    assert set(data["education"]) <= {"HS", "BSc", "MSc", "PhD"}
    assert 0.2 < data["city"].isna().mean() < 0.45  # missing values put back
    assert (data["income"].round(2) == data["income"]).all()


@pytest.mark.parametrize("dataset", ["insurance.csv", "titanic-train.csv"])
def test_reversible_steps_round_trip_exactly_without_a_synthesizer(dataset: str) -> None:
    executor = run({
        "Loader": {"d": {"filepath": str(DATA / dataset)}},
        "Preprocessor": {"p": {"sequence": ["encoder", "scaler"]}},
        "Postprocessor": {"q": {"method": "default"}},
    })
    original = executor.status.get_result("Loader")
    restored = next(iter(executor.get_result().values()))["data"]
    assert restored.dtypes.equals(original.dtypes)
    pd.testing.assert_frame_equal(restored, original, check_exact=False, rtol=1e-9)


def test_adult_round_trip_with_label_and_onehot_encoders(adult: pd.DataFrame) -> None:
    adult.head(3000).to_csv("adult.csv", index=False)
    executor = run({
        "Loader": {"d": {"filepath": "adult.csv"}},
        "Preprocessor": {"p": {"sequence": ["encoder", "scaler"],
                               "config": {"encoder": {"race": "encoder_onehot",
                                                      "workclass": "encoder_label"},
                                          "scaler": {"age": "scaler_minmax"}}}},
        "Postprocessor": {"q": {"method": "default"}},
    })
    original = executor.status.get_result("Loader")
    restored = next(iter(executor.get_result().values()))["data"]
    pd.testing.assert_frame_equal(restored, original, check_exact=False, rtol=1e-9)


BAD = [
    ({"scaling": {"education": "standard"}}, "Preprocessor.p.scaling.education:", "education"),
    ({"scaling": {"salary": "minmax"}}, "Preprocessor.p.scaling.salary: unknown field 'salary'",
     "salary"),
    ({"encoding": {"education": "onehot"}, "discretizing": {"age": "kbins"}},
     "Preprocessor.p.sequence: encoder and discretizing cannot both run", ""),
    ({"sequence": ["missing", "discretizing", "outlier"]},
     "Preprocessor.p.sequence: discretizing must be the last step", ""),
    ({"scaling": {"age": "minmaxx"}}, "Preprocessor.p.scaling.age: unknown scaler method "
                                      "'minmaxx'; did you mean 'minmax'?", ""),
    ({"config": {"scaler": {"joined": {"method": "scaler_timeanchor",
                                       "reference": "nowhere"}}}},
     "Preprocessor.p.config.scaler.joined:", "nowhere"),
]


@pytest.mark.parametrize(("params", "expected", "column"), BAD)
def test_bad_processing_config_fails_before_the_synthesizer_runs(
    people: Path, params: dict, expected: str, column: str
) -> None:
    executor = None
    with pytest.raises(ConfigError) as caught:
        executor = Executor({"Loader": {"d": {"filepath": str(people)}},
                             "Preprocessor": {"p": params},
                             "Synthesizer": {"s": {"method": "default"}},
                             "Executor": {"store": "memory"}})
        executor.run()
    assert expected in str(caught.value), str(caught.value)
    assert column in str(caught.value)
    if executor is not None:
        modules = {n.module_name for n in executor.status.get_node_states()}
        assert modules <= {"Loader"}  # nothing after the Loader ran


def test_log_scaling_of_non_positive_values_fails_at_fit_naming_the_column(tmp_path: Path
                                                                          ) -> None:
    pd.DataFrame({"x": [0.0, 1.0, 2.0], "y": ["a", "b", "c"]}).to_csv("d.csv", index=False)
    with pytest.raises(Exception, match="'x'") as caught:
        run({"Loader": {"d": {"filepath": "d.csv"}},
             "Preprocessor": {"p": {"sequence": ["scaler"], "scaling": {"x": "log"}}}})
    assert "scaler_log" in str(caught.value)


def test_inferred_schema_is_available_before_the_run_and_matches(people: Path) -> None:
    executor = Executor({"Loader": {"d": {"filepath": str(people)}},
                         "Preprocessor": {"p": {"encoding": {"education": "onehot"}}},
                         "Executor": {"store": "memory"}})
    before = executor.get_inferred_schema("Preprocessor")
    assert before is not None and "education_PhD" in before.columns
    assert executor.status.get_node_states() == []  # nothing ran
    executor.run()
    assert executor.status.get_metadata("Preprocessor").signature() == before.signature()


def test_a_postprocessor_without_a_preprocessor_leaves_the_data_as_it_is(adult_csv) -> None:
    executor = Executor({"Executor": {"store": "memory"},
                         "Loader": {"a": {"filepath": str(adult_csv)}},
                         "Synthesizer": {"s": {"method": "default"}},
                         "Postprocessor": {"p": {"method": "default"}}})
    executor.run()
    post = executor.status.get_result("Postprocessor")
    pd.testing.assert_frame_equal(post, executor.status.get_result("Synthesizer"))


def test_onehot_columns_do_not_depend_on_which_rows_the_default_steps_drop() -> None:
    # The default missing and outlier steps drop rows, among them every 'Preschool' row of
    # this sample; its one-hot column is still there, as predicted.
    executor = Executor({"Executor": {"store": "memory"},
                         "Loader": {"a": {"filepath": "benchmark://adult-income",
                                          "na_values": "?", "nrows": 3000}},
                         "Preprocessor": {"p": {"encoding": {"education": "onehot"}}}})
    predicted = executor.get_inferred_schema("Preprocessor")
    executor.run()
    produced = executor.status.get_metadata("Preprocessor")
    assert predicted.signature() == produced.signature()
    assert "education_Preschool" in produced.columns
