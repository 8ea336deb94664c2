"""ML utility parameters: PETsARD's names and defaults, problems reported with their YAML path,
and PETsARD's configs validating and running end to end."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest

from petsard import Config, Executor
from petsard.evaluator import MLUtilityEvaluator
from petsard.exceptions import ConfigError


def validate(**params) -> tuple[dict, list[str]]:
    return MLUtilityEvaluator.validate_params(params, "Evaluator.u")


def test_defaults_are_petsards() -> None:
    defaults = {name: p.default for name, p in
                inspect.signature(MLUtilityEvaluator.__init__).parameters.items()}
    assert defaults["experiment_design"] == "dual_model_control"  # 1.10.1's code
    assert defaults["random_state"] == 42
    assert defaults["n_clusters"] == 3
    assert defaults["resampling"] is None


def test_validate_config_reports_every_problem() -> None:
    _, problems = validate(task_type="regression", metrics=["mcc", "r2"],
                           resampling="smote-enn", xgb_params={"random_state": 1})
    assert problems == [
        "Evaluator.u.target: required for task_type regression",
        "Evaluator.u.resampling: only for task_type classification, not regression",
        "Evaluator.u.metrics: 'mcc' is not a regression metric; valid: mae, mape, mse, "
        "r2_score, rmse",
        "Evaluator.u.xgb_params.random_state: set the evaluator's random_state instead (it "
        "seeds XGBoost)",
    ]


def test_petsards_metric_names_are_accepted_and_older_ones_renamed() -> None:
    clean, problems = validate(task_type="classification", target="income",
                               metrics=["specificity", "sensitivity", "tp", "tn", "fp", "fn",
                                        "mcc", "f1", "ROC_AUC"])
    assert problems == []
    assert clean["metrics"] == ["specificity", "sensitivity", "tp", "tn", "fp", "fn", "mcc",
                                "f1_score", "roc_auc"]
    clean, problems = validate(task_type="regression", target="age", metrics=["mse", "r2"])
    assert problems == [] and clean["metrics"] == ["mse", "r2_score"]
    _, problems = validate(task_type="classification", target="income", metrics=["specifity"])
    assert "did you mean 'specificity'?" in problems[0]


@pytest.mark.parametrize("given", ["None", "none", None])
def test_resampling_none_written_unquoted_in_yaml_means_no_resampling(given) -> None:
    clean, problems = validate(task_type="classification", target="income", resampling=given)
    assert problems == [] and clean["resampling"] is None


def test_an_unknown_resampling_or_design_is_reported() -> None:
    _, problems = validate(task_type="classification", target="income", resampling="smote")
    assert problems[0].startswith("Evaluator.u.resampling: expected smote-enn, smote-tomek or "
                                  "None, got 'smote'")
    _, problems = validate(task_type="classification", target="income",
                           experiment_design="transfer")
    assert problems == ["Evaluator.u.experiment_design: expected one of 'domain_transfer' or "
                        "'dual_model_control', got 'transfer'"]


def test_n_clusters_is_an_integer_or_a_list_of_integers() -> None:
    assert validate(task_type="clustering", n_clusters=5)[1] == []
    assert validate(task_type="clustering", n_clusters=[3, 4])[1] == []
    _, problems = validate(task_type="clustering", n_clusters=1)
    assert problems == ["Evaluator.u.n_clusters: must be >= 2, got 1"]


CONFIG = """
Executor: {log_level: WARNING}
Loader: {data: {filepath: adult.csv}}
Splitter: {split: {train_split_ratio: 0.8}}
Synthesizer: {syn: {method: default}}
Evaluator:
  classification_utility:
    method: mlutility
    task_type: classification
    target: income
    experiment_design: domain_transfer
    resampling: None
    metrics: [mcc, f1_score, roc_auc, accuracy]
    random_state: 42
    xgb_params: {scale_pos_weight: 3, max_depth: 5, min_child_weight: 3, subsample: 0.8,
                 colsample_bytree: 0.8}
  regression_utility:
    method: mlutility
    task_type: regression
    target: capital-gain
    experiment_design: domain_transfer
    metrics: [r2_score, rmse]
    xgb_params: {n_estimators: 200, max_depth: 8}
  clustering_utility:
    method: mlutility
    task_type: clustering
    metrics: [silhouette_score]
    n_clusters: 3
  control_utility:
    method: mlutility
    task_type: classification
    target: income
    experiment_design: dual_model_control
    resampling: smote-tomek
    metrics: [specificity, sensitivity, tp, tn, fp, fn]
Reporter:
  save_report: {method: save_report, granularity: [global, details]}
"""


def test_petsards_utility_configs_run_and_report_its_columns(adult: pd.DataFrame) -> None:
    adult.dropna().sample(800, random_state=2).to_csv("adult.csv", index=False)
    Config(CONFIG)
    Executor(CONFIG).run()

    def report(name: str, granularity: str = "global") -> pd.DataFrame:
        """One evaluator's rows and columns of PETsARD's report file, unprefixed (a table of
        one row repeats beside the others' rows there)."""
        table = pd.read_csv(Path(f"petsard_Reporter[{granularity}].csv"))
        own = [c for c in table.columns if c.startswith(f"{name}_")]
        table = table.dropna(subset=own, how="all").drop_duplicates(subset=own)
        table = table[["Loader", "Splitter", "Synthesizer", *own]]
        return table.rename(columns=lambda c: c.removeprefix(f"{name}_")).reset_index(drop=True)

    leading = ["Loader", "Splitter", "Synthesizer"]
    classification = report("classification_utility")
    assert list(classification.columns) == [*leading, "metric", "syn_to_ori"]
    assert list(classification["metric"]) == ["mcc", "f1_score", "roc_auc", "accuracy"]
    assert classification["syn_to_ori"].between(-1, 1).all()
    assert list(report("regression_utility")["metric"]) == ["r2_score", "rmse"]
    assert list(report("clustering_utility")["metric"]) == ["silhouette_score"]
    control = report("control_utility")
    assert list(control.columns) == [*leading, "metric", "ori", "syn", "diff"]
    assert control.set_index("metric").loc[["tp", "tn", "fp", "fn"], "ori"].sum() == 160
    details = report("control_utility", "details")
    assert list(details.columns) == [*leading, "metric", "ori", "syn", "diff", "note"]
    assert details["note"].str.contains("smote-tomek").all()


def test_a_config_problem_names_its_yaml_path() -> None:
    bad = CONFIG.replace("resampling: smote-tomek", "resampling: smote-tomeck")
    with pytest.raises(ConfigError, match=r"Evaluator.control_utility.resampling: expected "
                                          r"smote-enn, smote-tomek or None, got 'smote-tomeck'"):
        Config(bad)
