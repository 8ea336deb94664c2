"""sdmetrics' record-level privacy metrics in a whole run: Loader -> Splitter -> default
Synthesizer -> the four evaluators -> save_report, on a 500-row adult-income sample, with the
run recorded in SQLite."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pandas as pd
import pytest

from petsard import Executor, Status
from petsard.exceptions import ConfigError

CONFIG = """
Executor: {random_state: 11, log_level: WARNING}
Loader:      {data: {filepath: benchmark://adult-income, nrows: 500}}
Splitter:    {split: {train_split_ratio: 0.8}}
Synthesizer: {gc: {method: default}}
Evaluator:
  dcr_baseline:
    method: sdmetrics-dcrbaselineprotection
  dcr_overfitting:
    method: sdmetrics-dcroverfittingprotection
    num_rows_subsample: 100
    num_iterations: 3
  disclosure:
    method: sdmetrics-DisclosureProtection
    known_column_names: [age, gender, race]
    sensitive_column_names: [income]
    continuous_column_names: [age]
  disclosure_estimate:
    method: sdmetrics-single_table-disclosureprotectionestimate
    known_column_names: [age, gender, race]
    sensitive_column_names: [income]
    computation_method: ZERO_CAP
    num_rows_subsample: 200
    num_iterations: 3
Reporter:
  report: {method: save_report, granularity: global}
"""
EXPERIMENTS = ("dcr_baseline", "dcr_overfitting", "disclosure", "disclosure_estimate")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Executor, Path]:
    folder = tmp_path_factory.mktemp("sdmetrics-privacy")
    with contextlib.chdir(folder):
        executor = Executor(CONFIG)
        executor.run()
    return executor, folder


def _experiment(node_key: str) -> str:
    return node_key.split("Evaluator[")[1].rstrip("]")


def test_the_report_holds_every_score_beside_its_cost_settings(run) -> None:
    _, folder = run
    report = pd.read_csv(folder / "petsard_Reporter[global].csv")
    assert len(report) == 1
    row = report.iloc[0]
    for name in EXPERIMENTS:
        assert 0 <= row[f"{name}_score"] <= 1, name
    assert pd.isna(row["dcr_baseline_num_rows_subsample"])  # all rows compared
    assert row["dcr_baseline_num_iterations"] == 1
    assert row["dcr_baseline_median_DCR_to_real_data.random_data_baseline"] > 0
    assert (row["dcr_overfitting_num_rows_subsample"], row["dcr_overfitting_num_iterations"]
            ) == (100, 3)
    assert 0 < row["dcr_overfitting_synthetic_data_percentages.closer_to_training"] < 1
    assert row["disclosure_baseline_protection"] == 0.5
    assert (row["disclosure_estimate_num_rows_subsample"],
            row["disclosure_estimate_num_iterations"]) == (200, 3)


def test_each_evaluator_records_the_seed_of_its_node_beside_its_scores(run) -> None:
    executor, _ = run
    reopened = Status.open(executor.run_dir)
    info = {_experiment(s.node_key): s.context["info"]
            for s in reopened.get_snapshots("Evaluator")}
    assert set(info) == set(EXPERIMENTS)
    for key, tables in reopened.get_evaluations().items():
        name = _experiment(key)
        if name != "disclosure":
            assert tables["global"]["seed"].iloc[0] == info[name]["seed"], name
    seeds = {info[name]["seed"] for name in ("dcr_baseline", "dcr_overfitting",
                                             "disclosure_estimate")}
    assert len(seeds) == 3  # one seed per node, derived from the run's
    assert info["disclosure_estimate"]["computation_method"] == "zero_cap"


def test_a_second_run_with_the_same_seed_gives_the_same_scores(run) -> None:
    executor, _ = run
    again = Executor(CONFIG.split("Reporter:")[0].replace("log_level: WARNING",
                                                          "log_level: WARNING, store: memory"))
    again.run()
    second = {_experiment(k): t for k, t in again.status.get_evaluations().items()}
    for key, tables in executor.status.get_evaluations().items():
        pd.testing.assert_frame_equal(tables["global"], second[_experiment(key)]["global"])


def test_overfitting_without_a_splitter_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as error:
        Executor("""
Loader:      {data: {filepath: benchmark://adult-income, nrows: 100}}
Synthesizer: {gc: {method: default}}
Evaluator:
  dcr: {method: sdmetrics-dcroverfittingprotection}
  baseline: {method: sdmetrics-dcrbaselineprotection, num_iterations: 2}
  cap: {method: sdmetrics-disclosureprotection, known_column_names: [age],
        sensitive_column_names: [age]}
""")
    message = str(error.value)
    assert ("Evaluator.dcr: sdmetrics-dcroverfittingprotection needs control data (real rows "
            "the synthesizer did not see): add a Splitter before it") in message
    assert ("Evaluator.baseline.num_iterations: more than 1 iteration needs "
            "num_rows_subsample") in message
    assert "Evaluator.cap.sensitive_column_names: ['age'] are also known columns" in message
