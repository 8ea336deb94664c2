"""Differential privacy through smartnoise-synth: real MST and AIM fits on small adult-income
samples, the budget in the record, config and data problems named before anything fits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard import Executor
from petsard.exceptions import ConfigError, SynthesizerError
from petsard.html_report import write_report
from petsard.schema.inference import infer_schema
from petsard.synthesizer import REGISTRY
from petsard.synthesizer.smartnoise_columns import from_records, plan_columns, to_records

FIVE = ["age", "workclass", "education", "gender", "income"]


@pytest.fixture
def adult_five(adult: pd.DataFrame) -> pd.DataFrame:
    """300 adult rows, 5 columns; workclass has missing values."""
    return adult[FIVE].sample(300, random_state=1).reset_index(drop=True)


def method(name: str, **params):
    cls = REGISTRY.get(name)
    clean, problems = cls.validate_params(params, f"Synthesizer.{name}")
    assert problems == []
    return cls(**clean)


def test_mst_records_its_budget_for_status_and_the_page(adult_five: pd.DataFrame,
                                                         tmp_path: Path) -> None:
    # Setup: age's range is declared, so finding it costs nothing of epsilon.
    adult_five.to_csv("adult.csv", index=False)
    config = {
        "Executor": {"random_state": 7, "log_level": "WARNING"},
        "Loader": {"adult": {"filepath": "adult.csv", "schema": {"attributes": {
            "age": {"type": "int", "constraints": {"min": 17, "max": 90}}}}}},
        "Synthesizer": {"mst": {"method": "smartnoise-mst", "epsilon": 1,
                                "preprocessor_eps": 0.1}},
        # resampling checkpoints the fitted model and draws more rows from it
        "Constrainer": {"adults": {"method": "resample", "field_constraints": ["age >= 21"]}},
    }

    # Run
    executor = Executor(config)
    executor.run()

    # Assert: the output has the input's fields and dtypes, inside the declared range.
    loaded = executor.status.get_snapshots("Loader")[0].metadata_after
    synthetic = executor.status.get_result("Synthesizer")
    assert list(synthetic.columns) == FIVE
    assert [str(t) for t in synthetic.dtypes] == [a.dtype for a in loaded]
    assert len(synthetic) == 300 and synthetic["age"].between(17, 90).all()
    assert set(synthetic["gender"]) <= set(adult_five["gender"])
    [result] = executor.get_result().values()
    assert len(result["data"]) == 300 and (result["data"]["age"] >= 21).all()
    [snapshot] = executor.status.get_snapshots("Synthesizer")
    budget = snapshot.context["info"]["privacy"]
    assert {k: budget[k] for k in ("mechanism", "epsilon", "delta", "preprocessor_eps")} == {
        "mechanism": "MST", "epsilon": 1.0, "delta": 1e-9, "preprocessor_eps": 0.0}
    assert budget["library"] == "smartnoise-synth 1.0.8"

    status = subprocess.run([sys.executable, "-m", "petsard", "status", "latest"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert status.returncode == 0, status.stderr
    assert ("Privacy budget (differential privacy)\n"
            "  Loader[adult]_Synthesizer[mst]: MST: ε=1, δ=1e-09\n") in status.stdout

    page = write_report(executor.run_dir).read_text(encoding="utf-8")
    assert '<th scope="col">Privacy budget</th>' in page
    assert "<td>MST: ε=1, δ=1e-09</td>" in page
    # the privacy section: the budget beside the identifier handling (no evaluator here)
    privacy = page[page.index('<section id="privacy"'):]
    privacy = privacy[:privacy.index("</section>")]
    assert "<td>none found</td><td>MST: ε=1, δ=1e-09</td>" in privacy


def test_aim_spends_preprocessor_eps_on_ranges_and_sampling_follows_the_seed(
        adult_five: pd.DataFrame) -> None:
    data = adult_five[["age", "gender", "income"]]
    aim = method("smartnoise-aim", epsilon=2.0, delta=1e-6, preprocessor_eps=0.2, rounds=8)

    aim.fit(data, infer_schema(data, "adult"), seed=1)

    assert aim.info_["privacy"]["preprocessor_eps"] == pytest.approx(0.2)
    assert aim.info_["privacy"]["delta"] == 1e-6
    first, again, other = aim.sample(50, seed=3), aim.sample(50, seed=3), aim.sample(50, seed=4)
    assert first.equals(again) and not first.equals(other)
    assert list(first.columns) == ["age", "gender", "income"]
    # a binned age is drawn within its bin, not only at the bins' centres
    assert first["age"].nunique() > aim.bins


@pytest.mark.parametrize(("params", "expected"), [
    ({}, "Synthesizer.dp.epsilon: required parameter is missing"),
    ({"epsilon": 0}, "Synthesizer.dp.epsilon: must be > 0, got 0"),
    ({"epsilon": 1, "preprocessor_eps": 1}, "Synthesizer.dp.preprocessor_eps: must be less "
                                             "than epsilon (1), which it is spent from; got 1"),
    ({"epsilon": 1, "delta": 2}, "Synthesizer.dp.delta: must be < 1, got 2"),
    ({"epsilom": 1}, "Synthesizer.dp.epsilom: unknown parameter; did you mean 'epsilon'?"),
])
def test_a_bad_budget_is_a_config_error_with_its_yaml_path(params: dict, expected: str) -> None:
    with pytest.raises(ConfigError) as error:
        Executor({"Loader": {"d": {"filepath": "d.csv"}},
                  "Synthesizer": {"dp": {"method": "smartnoise-mst", **params}}})
    assert expected in str(error.value)


def test_a_gan_batch_must_be_even() -> None:
    with pytest.raises(ConfigError, match=r"Synthesizer.g.batch_size: .*multiple of 2"):
        Executor({"Loader": {"d": {"filepath": "d.csv"}},
                  "Synthesizer": {"g": {"method": "smartnoise-dpctgan", "epsilon": 1,
                                        "batch_size": 99}}})


@pytest.mark.parametrize(("name", "params", "rows", "expected"), [
    ("smartnoise-mst", {}, 50, "numerical field(s) 'age' need a range: set preprocessor_eps"),
    ("smartnoise-pategan", {"preprocessor_eps": 0.1}, 50,
     "it trains one teacher per 1,000 rows and needs at least 1,000; the data has 50"),
    ("smartnoise-dpctgan", {"preprocessor_eps": 0.1}, 50,
     "batch_size (500) is larger than the data (50 rows)"),
    ("smartnoise-aim", {"preprocessor_eps": 0.1, "rounds": 2}, 50,
     "rounds must be at least 3"),
])
def test_data_a_mechanism_cannot_fit_is_named_before_fitting(
        adult: pd.DataFrame, name: str, params: dict, rows: int, expected: str) -> None:
    data = adult[["age", "gender", "income"]].head(rows)
    with pytest.raises(SynthesizerError) as error:
        method(name, epsilon=1.0, **params).fit(data, infer_schema(data, "t"), seed=0)
    assert f"{name} cannot fit this data: {expected}" in str(error.value)


def test_mwem_refuses_one_histogram_too_large_to_fit_and_says_to_split(
        adult: pd.DataFrame) -> None:
    data = adult[["age", "workclass", "education", "marital-status", "occupation",
                  "relationship", "race", "gender"]].head(2000)
    with pytest.raises(SynthesizerError, match=r"smartnoise-mwem cannot fit this data: one "
                                               r"histogram of its 8 fields would have [\d,]+ "
                                               r"cells .* set split_factor \(e.g. 3\)"):
        method("smartnoise-mwem", epsilon=1.0, preprocessor_eps=0.1).fit(
            data, infer_schema(data, "t"), seed=0)


def test_every_smartnoise_name_loads_the_class_of_that_mechanism() -> None:
    from petsard.synthesizer import REGISTRY

    names = [n for n in REGISTRY.names() if n.startswith("smartnoise-")]
    assert len(names) == 7
    assert all(REGISTRY.get(name).method_name() == name for name in names)


def test_free_text_is_refused_with_what_to_do() -> None:
    data = pd.DataFrame({"name": [f"person {i}" for i in range(80)], "n": range(80)})
    with pytest.raises(SynthesizerError, match=r"field\(s\) 'name' hold free text .* Name them "
                                               r"in the Synthesizer's identifiers"):
        method("smartnoise-mst", epsilon=1.0, preprocessor_eps=0.1).fit(
            data, infer_schema(data, "t"), seed=0)


def test_dates_booleans_and_missing_values_reach_the_mechanism_and_come_back() -> None:
    data = pd.DataFrame({
        "when": pd.to_datetime(["2020-01-01", None, "2021-06-30"]).tz_localize("Asia/Taipei"),
        "flag": pd.array([True, None, False], dtype="boolean"),
        "x": [1.5, 2.0, np.nan]})
    columns = plan_columns(data, infer_schema(data, "t"), "m")
    assert [(c.name, c.categorical, c.nullable) for c in columns] == [
        ("when", False, True), ("flag", True, True), ("x", False, True)]

    records = to_records(data, columns)
    assert records["when"].tolist()[1] is None and records["flag"].tolist() == [True, None, False]
    back = from_records(records, columns, np.random.default_rng(0))
    assert back["when"].equals(data["when"]) and back["x"].equals(data["x"])


def test_a_missing_dp_extra_names_the_install_command(adult_five: pd.DataFrame) -> None:
    adult_five.to_csv("adult.csv", index=False)
    code = ("import sys; sys.modules['snsynth'] = None\n"  # as if smartnoise were not installed
            "from petsard import Executor\n"
            "Executor({'Executor': {'store': 'memory'},\n"
            "          'Loader': {'a': {'filepath': 'adult.csv'}},\n"
            "          'Synthesizer': {'dp': {'method': 'smartnoise-mst', 'epsilon': 1,\n"
            "                                 'preprocessor_eps': 0.1}}}).run()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert result.returncode != 0
    assert ("MissingDependencyError: [EXEC_005] node Loader[a]_Synthesizer[dp] failed: "
            "Synthesizer method 'smartnoise-mst' needs the optional package 'smartnoise-synth', "
            "which is not installed: run pip install 'petsard[dp]'") in result.stderr


def test_importing_petsard_leaves_smartnoise_jax_and_torch_unimported() -> None:
    code = ("import sys, petsard, petsard.synthesizer; "
            "print(sorted(m for m in ('snsynth', 'jax', 'torch', 'opacus') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert result.stdout.strip() == "[]"


def test_mwem_counts_a_timestamp_field_by_its_bins_not_its_distinct_values(
        adult: pd.DataFrame) -> None:
    """Dates are binned as numbers are: 2,000 distinct timestamps span ``bins`` cells."""
    from petsard.synthesizer.smartnoise_columns import plan_columns

    data = adult[["workclass", "education", "race", "gender", "income"]].head(2000).copy()
    data["seen"] = pd.date_range("2024-01-01", periods=len(data), freq="h")
    mwem = method("smartnoise-mwem", epsilon=1.0, preprocessor_eps=0.1)
    columns = plan_columns(data, infer_schema(data, "t"), "mwem")
    assert mwem.data_problems(data, columns) == []
