"""ML utility: models trained on ori vs syn, scored on control; degenerate data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petsard.evaluator import EvaluatorError, MLUtilityEvaluator
from petsard.evaluator.mlutility import METRICS


def scores(tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    return tables["global"].iloc[0].to_dict()


def test_classification_scores_every_metric_for_ori_and_syn(adult_eval) -> None:
    evaluator = MLUtilityEvaluator(task_type="classification", target="income")
    tables = evaluator.evaluate(adult_eval)
    row = scores(tables)
    assert len(tables["global"]) == 1
    for metric in METRICS["classification"]:
        for source in ("ori", "syn"):
            low = -1 if metric == "mcc" else 0
            assert low <= row[f"{metric}_{source}"] <= 1, (metric, source)
        assert row[f"{metric}_diff"] == pytest.approx(row[f"{metric}_syn"] - row[f"{metric}_ori"])
    assert row["roc_auc_ori"] > 0.75  # income is predictable from the other columns
    assert list(tables["details"]["metric"]) == list(METRICS["classification"])
    assert evaluator.info_["test_source"] == "control"
    assert evaluator.info_["rows_test"] == len(adult_eval.control)
    roles = tables["columnwise"].set_index("column")["role"]
    assert roles["income"] == "target" and (roles.drop("income") == "feature").all()


def test_regression_and_clustering(adult_eval) -> None:
    regression = scores(MLUtilityEvaluator(task_type="regression", target="age",
                                           metrics=["r2", "mae"]).evaluate(adult_eval))
    assert set(regression) == {"r2_ori", "r2_syn", "r2_diff", "mae_ori", "mae_syn", "mae_diff"}
    assert 0 < regression["r2_ori"] <= 1 and regression["mae_ori"] > 0
    clustering = scores(MLUtilityEvaluator(task_type="clustering", n_clusters=[3]).evaluate(
        adult_eval))
    assert set(clustering) == {"silhouette_k3_ori", "silhouette_k3_syn", "silhouette_k3_diff"}
    assert -1 <= clustering["silhouette_k3_syn"] <= 1


def test_same_seed_gives_the_same_scores(adult_eval) -> None:
    def run() -> pd.DataFrame:
        return MLUtilityEvaluator(task_type="classification", target="income",
                                  model="random_forest").evaluate(adult_eval)["global"]

    pd.testing.assert_frame_equal(run(), run())


def test_without_control_a_holdout_of_ori_is_used_and_said(adult_split, make_data) -> None:
    ori, _, syn = adult_split
    evaluator = MLUtilityEvaluator(task_type="classification", target="income",
                                   model="linear", metrics=["accuracy"])
    row = scores(evaluator.evaluate(make_data(ori, syn)))
    assert "no control data: 20% of ori held out (240 rows)" in evaluator.info_["test_source"]
    assert evaluator.info_["rows_train_ori"] == 960
    assert 0.5 < row["accuracy_ori"] <= 1


def test_identifier_and_high_cardinality_columns_are_dropped_with_a_note(adult_split,
                                                                         make_data) -> None:
    ori, control, syn = adult_split
    ori, control, syn = (t.assign(row_id=np.arange(len(t)),
                                  token=[f"t{i}" for i in range(len(t))],
                                  many=[f"m{i % 80}" for i in range(len(t))])
                         for t in (ori, control, syn))
    evaluator = MLUtilityEvaluator(task_type="classification", target="income",
                                   metrics=["f1"], max_categories=60)
    tables = evaluator.evaluate(make_data(ori, syn, control))
    notes = tables["columnwise"].set_index("column")
    assert notes.loc["row_id", "role"] == "dropped"
    assert "identifier-like" in notes.loc["row_id", "note"]
    assert "free text" in notes.loc["token", "note"] or "identifier" in notes.loc["token", "note"]
    assert "high cardinality (80 values > max_categories 60)" in notes.loc["many", "note"]
    assert set(evaluator.info_["dropped_columns"]) == {"row_id", "token", "many"}
    assert not np.isnan(scores(tables)["f1_syn"])


def test_categories_seen_in_only_one_table_do_no_harm(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    control = control.assign(workclass="Never-seen-before")
    syn = syn.assign(occupation=syn["occupation"].where(syn.index % 2 == 0, "Synthetic-only"))
    row = scores(MLUtilityEvaluator(task_type="classification", target="income").evaluate(
        make_data(ori, syn, control)))
    assert all(np.isfinite(v) for v in row.values())


def test_constant_target_in_syn_gives_nan_with_the_reason(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    tables = MLUtilityEvaluator(task_type="classification", target="income").evaluate(
        make_data(ori, syn.assign(income="<=50K"), control))
    row = scores(tables)
    assert np.isnan(row["f1_syn"]) and np.isfinite(row["f1_ori"])
    assert "syn: target 'income' is constant" in tables["details"]["note"].iloc[0]


def test_target_missing_from_syn_or_not_numerical_gives_nan(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    missing = MLUtilityEvaluator(task_type="classification", target="income").evaluate(
        make_data(ori, syn.drop(columns="income"), control))
    assert np.isnan(scores(missing)["f1_ori"])
    assert "missing from syn" in missing["details"]["note"].iloc[0]
    text = MLUtilityEvaluator(task_type="regression", target="income").evaluate(
        make_data(ori, syn, control))
    assert "regression needs a numerical target" in text["details"]["note"].iloc[0]


def test_a_target_not_in_the_data_is_an_error(adult_eval) -> None:
    with pytest.raises(EvaluatorError, match="target 'salary' is not a column"):
        MLUtilityEvaluator(task_type="classification", target="salary").evaluate(adult_eval)


def test_binary_scores_use_the_rarer_class_unless_told(adult_eval) -> None:
    rare = scores(MLUtilityEvaluator(task_type="classification", target="income",
                                     metrics=["recall"]).evaluate(adult_eval))
    common = scores(MLUtilityEvaluator(task_type="classification", target="income",
                                       metrics=["recall"], positive_label="<=50K"
                                       ).evaluate(adult_eval))
    assert common["recall_ori"] > rare["recall_ori"]


def test_multiclass_targets_use_macro_averages(adult_eval) -> None:
    row = scores(MLUtilityEvaluator(task_type="classification", target="race",
                                    model="linear").evaluate(adult_eval))
    assert all(np.isnan(v) or -1 <= v <= 1 for k, v in row.items() if not k.endswith("_diff"))
    assert np.isfinite(row["roc_auc_ori"])


def test_validate_config_reports_every_problem() -> None:
    _, problems = MLUtilityEvaluator.validate_params(
        {"task_type": "classification", "metrics": ["f1_score", "r2"], "n_clusters": [3]},
        "Evaluator.utility")
    assert problems == [
        "Evaluator.utility.target: required for task_type classification",
        "Evaluator.utility.metrics: 'r2' is not a classification metric; valid: accuracy, f1, "
        "mcc, pr_auc, precision, recall, roc_auc",
        "Evaluator.utility.n_clusters: used only by task_type clustering",
    ]
    clean, problems = MLUtilityEvaluator.validate_params(
        {"task_type": "regression", "target": "age", "metrics": ["R2_score", "rmse"]}, "E.u")
    assert problems == [] and clean["metrics"] == ["r2", "rmse"]
