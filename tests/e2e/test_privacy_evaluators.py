"""Privacy evaluators configured as PETsARD 1.10.1's documentation writes them, on an
adult-income sample: they validate, run, and report PETsARD's result columns."""

from __future__ import annotations

import pytest

from petsard import Executor

DATA = """
Executor: {random_state: 5, log_level: WARNING, store: memory}
Loader:      {data: {filepath: benchmark://adult-income, nrows: 1000}}
Splitter:    {split: {train_split_ratio: 0.8}}
Synthesizer: {gc: {method: default}}
"""
EVALUATORS = """
Evaluator:
  singling_out_risk:
    method: anonymeter-singlingout
    n_attacks: 400
    n_cols: 3
    max_attempts: 4000
  linkability_risk:
    method: anonymeter-linkability
    max_n_attacks: true
    n_neighbors: 1
    aux_cols:
      -
        - workclass
        - education
        - occupation
        - race
        - gender
      -
        - age
        - marital-status
        - relationship
        - native-country
        - income
  inference_risk:
    method: anonymeter-inference
    max_n_attacks: true
    secret: income
  mpuccs_assessment:
    method: mpuccs
    max_baseline_cols: 2
    min_entropy_delta: 0.01
    field_decay_factor: 0.5
    renyi_alpha: 2.0
    numeric_precision: null
    datetime_precision: null
    calculate_baseline: true
"""
ANONYMETER_GLOBAL = ["risk", "risk_CI_btm", "risk_CI_top", "attack_rate", "attack_rate_err",
                     "baseline_rate", "baseline_rate_err", "control_rate", "control_rate_err"]


def _experiment(node_key: str) -> str:
    return node_key.split("Evaluator[")[1].rstrip("]")


@pytest.fixture(scope="module")
def executor() -> Executor:
    executor = Executor(DATA + EVALUATORS)
    executor.run()
    return executor


@pytest.fixture(scope="module")
def evaluations(executor: Executor) -> dict[str, dict]:
    return {_experiment(key): value for key, value in executor.status.get_evaluations().items()}


def test_anonymeter_entries_report_petsards_columns(evaluations) -> None:
    for name in ("singling_out_risk", "linkability_risk", "inference_risk"):
        assert list(evaluations[name]["global"].columns) == ANONYMETER_GLOBAL, name
    assert set(evaluations["singling_out_risk"]) == {"global", "details"}
    assert set(evaluations["linkability_risk"]) == {"global", "details"}
    assert set(evaluations["inference_risk"]) == {"global"}


def test_linkability_and_inference_attack_every_control_row(executor: Executor) -> None:
    info = {_experiment(s.node_key): s.context["info"]
            for s in executor.status.get_snapshots("Evaluator")}
    for name in ("linkability_risk", "inference_risk"):
        assert info[name]["n_attacks"] == info[name]["rows_control"] == 200, name
    assert info["singling_out_risk"]["n_attacks"] == 400


def test_mpuccs_entry_reports_its_three_tables(evaluations) -> None:
    tables = evaluations["mpuccs_assessment"]
    assert set(tables) == {"global", "details", "tree"}
    assert tables["global"]["total_syn_records"].iloc[0] > 0
    assert tables["tree"]["combo_size"].max() == 2


def test_the_default_evaluation_entries_validate_as_written() -> None:
    Executor(DATA + """
Evaluator:
  singling_out_risk:
    method: anonymeter-singlingout
  linkability_risk:
    method: anonymeter-linkability
    aux_cols: [[workclass, education, occupation, race, gender],
               [age, marital-status, relationship, native-country, income]]
  inference_risk:
    method: 'anonymeter-inference'
    secret: 'income'
""")
