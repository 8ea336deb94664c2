"""The evaluation issue's configuration on a 3,000-row sample: CSV reports with one row per
experiment combination, scores in get_result() and in the reopened run record."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pandas as pd
import pytest

from petsard import Executor, Status
from petsard.exceptions import ConfigError

CONFIG = """
Executor: {random_state: 3, log_level: WARNING}
Loader:      {data: {filepath: benchmark://adult-income, nrows: 3000}}
Splitter:    {split: {train_split_ratio: 0.8}}
Preprocessor: {pre: {method: default}}
Synthesizer: {gc: {method: default}, ctgan: {method: sdv, model: CTGAN, epochs: 2}}
Postprocessor: {post: {method: default}}
Evaluator:
  quality:   {method: default}
  diagnostic: {method: sdmetrics-diagnosticreport}
  singling:  {method: anonymeter-singlingout, n_attacks: 20}
  linkability: {method: anonymeter-linkability, max_n_attacks: false, n_attacks: 20,
                aux_cols: [[age, gender], [race, education]]}
  inference: {method: anonymeter-inference, secret: income, max_n_attacks: false,
              n_attacks: 20}
  utility:   {method: mlutility, task_type: classification, target: income,
              experiment_design: domain_transfer}
Describer:   {compare: {method: compare, source: {base: Splitter, target: Synthesizer}}}
Reporter:
  report:    {method: save_report, granularity: [global, columnwise, details]}
  timing:    {method: save_timing}
"""


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Executor, Path]:
    folder = tmp_path_factory.mktemp("evaluation")
    with contextlib.chdir(folder):
        executor = Executor(CONFIG)
        executor.run()
    return executor, folder


def test_reports_have_one_file_per_granularity_with_every_evaluator(
        evaluated: tuple[Executor, Path]) -> None:
    _, folder = evaluated
    assert sorted(p.name for p in folder.glob("petsard_Reporter*.csv")) == [
        "petsard_Reporter[columnwise].csv", "petsard_Reporter[details].csv",
        "petsard_Reporter[global].csv"]
    report = pd.read_csv(folder / "petsard_Reporter[global].csv")
    assert list(report.columns[:7]) == ["full_expt_name", "Loader", "Splitter", "Preprocessor",
                                        "Synthesizer", "Postprocessor", "Evaluator"]
    assert "Describer" in report.columns  # added where the Describer's rows join, as PETsARD
    evaluators = report[report["Describer"].isna()]
    assert sorted(set(evaluators["Synthesizer"])) == ["ctgan", "gc"]
    for name in ("quality", "diagnostic", "singling", "linkability", "inference", "utility"):
        assert any(c.startswith(f"{name}_") for c in report.columns), name
    assert evaluators["quality_Score"].between(0, 1).all()
    # PETsARD's shape: mlutility has one row per metric; the one-row scores repeat beside it
    assert evaluators.groupby("Synthesizer").size().tolist() == [12, 12]
    assert list(evaluators["utility_syn_to_ori"].notna()) == [True] * 24
    described = report[report["Describer"].notna()]
    assert len(described) == 2 and described["compare_Score"].notna().all()
    assert (folder / "petsard_[Timing].csv").exists()


def test_scores_are_in_results_and_in_the_reopened_record(evaluated: tuple[Executor, Path]
                                                          ) -> None:
    executor, _ = evaluated
    results = executor.get_result()
    assert len(results) == 2 * 6 * 2  # synthesizers x evaluators x reporters
    some = next(iter(results.values()))
    assert set(some) == {"data", "schema", "evaluation"}
    assert any(k.startswith("Evaluator[") for k in some["evaluation"])
    reopened = Status.open(executor.run_dir)
    stored = reopened.get_evaluations()
    assert len(stored) == 2 * 6 + 2 * 6  # evaluator nodes + describer nodes
    key = next(k for k in stored if k.endswith("Evaluator[quality]"))
    assert "global" in stored[key]


def test_anonymeter_without_a_splitter_fails_before_the_run() -> None:
    with pytest.raises(ConfigError, match="needs control data"):
        Executor({"Loader": {"d": {"filepath": "benchmark://adult-income"}},
                  "Synthesizer": {"s": {"method": "default"}},
                  "Evaluator": {"e": {"method": "anonymeter-singlingout"}}})
