"""ML utility: the two experiment designs, PETsARD's table shape, XGBoost and its parameters,
resampling, regression and clustering, degenerate data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petsard.evaluator import EvaluatorError, MLUtilityEvaluator
from petsard.evaluator.mlutility.classification import DEFAULT_METRICS


def scores(tables: dict[str, pd.DataFrame], column: str = "syn_to_ori") -> dict[str, float]:
    """{metric: value} of one column of the unrounded details table."""
    return tables["details"].set_index("metric")[column].to_dict()


def complete(table: pd.DataFrame) -> pd.DataFrame:
    return table.dropna()


def test_domain_transfer_trains_on_synthetic_and_tests_on_original(adult_eval) -> None:
    evaluator = MLUtilityEvaluator(task_type="classification", target="income",
                                   experiment_design="domain_transfer")
    tables = evaluator.evaluate(adult_eval)
    assert set(tables) == {"global", "details"}
    assert list(tables["global"].columns) == ["metric", "syn_to_ori"]
    assert list(tables["global"]["metric"]) == list(DEFAULT_METRICS)
    row = scores(tables)
    assert evaluator.info_["experiment_design"] == "domain_transfer"
    assert evaluator.info_["model"] == "XGBClassifier"
    # every complete ori row is a test row; control is not used
    assert row["tp"] + row["tn"] + row["fp"] + row["fn"] == len(complete(adult_eval.ori))
    assert evaluator.info_["rows"] == {"ori": len(complete(adult_eval.ori)),
                                       "syn": len(complete(adult_eval.syn))}
    assert 0.7 < row["roc_auc"] <= 1  # income is predictable from the other columns
    assert row["specificity"] == pytest.approx(row["tn"] / (row["tn"] + row["fp"]))
    assert row["recall"] == pytest.approx(row["tp"] / (row["tp"] + row["fn"]))


def test_dual_model_control_scores_a_model_of_ori_and_one_of_syn_on_control(adult_eval) -> None:
    evaluator = MLUtilityEvaluator(task_type="classification", target="income",
                                   experiment_design="dual_model_control")
    tables = evaluator.evaluate(adult_eval)
    assert list(tables["global"].columns) == ["metric", "ori", "syn", "diff"]
    details = tables["details"].set_index("metric")
    assert (details["diff"] == details["syn"] - details["ori"]).all()
    test_rows = len(complete(adult_eval.control))
    for source in ("ori", "syn"):
        counts = details.loc[["tp", "tn", "fp", "fn"], source]
        assert counts.sum() == test_rows
    assert evaluator.info_["test_source"] == "control"
    assert details.loc["roc_auc", "ori"] > 0.75


def test_global_is_rounded_to_two_decimals_and_details_keeps_every_digit(adult_eval) -> None:
    tables = MLUtilityEvaluator(experiment_design="domain_transfer",
                                task_type="classification", target="income",
                                metrics=["roc_auc", "tp"]).evaluate(adult_eval)
    exact = scores(tables)
    rounded = tables["global"].set_index("metric")["syn_to_ori"]
    assert rounded["roc_auc"] == round(exact["roc_auc"], 2) != exact["roc_auc"]
    assert rounded["tp"] == exact["tp"]
    assert list(tables["details"].columns) == ["metric", "syn_to_ori", "note"]


def test_random_state_defaults_to_42_and_the_same_seed_gives_the_same_scores(adult_eval
                                                                            ) -> None:
    def run(**params) -> tuple[pd.DataFrame, int]:
        evaluator = MLUtilityEvaluator(experiment_design="domain_transfer",
                                       task_type="classification", target="income", **params)
        return evaluator.evaluate(adult_eval)["details"], evaluator.info_["seed"]

    (first, seed), (again, _) = run(), run()
    assert seed == 42
    pd.testing.assert_frame_equal(first, again)
    assert run(random_state=None)[1] == adult_eval.seed


def test_xgb_params_reach_the_model(adult_eval) -> None:
    def auc(**params) -> float:
        return scores(MLUtilityEvaluator(experiment_design="domain_transfer",
                                         task_type="classification", target="income",
                                         metrics=["roc_auc"], **params).evaluate(adult_eval)
                      )["roc_auc"]

    assert auc(xgb_params={"n_estimators": 1, "max_depth": 1}) < auc() - 0.05


def test_a_parameter_xgboost_does_not_use_is_an_error_naming_it(adult_eval) -> None:
    evaluator = MLUtilityEvaluator(experiment_design="domain_transfer",
                                   task_type="classification", target="income",
                                   xgb_params={"max_dept": 3})
    with pytest.raises(EvaluatorError,
                       match=r"does not use 'max_dept' \(did you mean 'max_depth'\?\)"):
        evaluator.evaluate(adult_eval)


@pytest.mark.parametrize("method", ["smote-enn", "smote-tomek"])
def test_resampling_rebalances_the_training_rows_only(adult_eval, method) -> None:
    def run(resampling: str | None) -> tuple[dict[str, float], MLUtilityEvaluator]:
        evaluator = MLUtilityEvaluator(experiment_design="domain_transfer",
                                       task_type="classification", target="income",
                                       resampling=resampling)
        return scores(evaluator.evaluate(adult_eval)), evaluator

    plain, _ = run(None)
    resampled, evaluator = run(method)
    assert any(note.startswith(f"syn_to_ori: {method}: 1,") for note in evaluator.info_["notes"])
    # the test rows (ori) are the same rows, the positive class is predicted more often
    assert sum(resampled[k] for k in ("tp", "tn", "fp", "fn")) == len(complete(adult_eval.ori))
    assert resampled["tp"] + resampled["fp"] > plain["tp"] + plain["fp"]
    assert resampled["recall"] > plain["recall"]


def test_resampling_that_cannot_run_trains_on_the_rows_as_they_are(adult_split,
                                                                   make_data) -> None:
    ori, control, syn = adult_split
    few = syn[syn["income"] == "<=50K"].head(300)
    few = pd.concat([few, syn[syn["income"] == ">50K"].head(3)])  # SMOTE needs 6 neighbours
    evaluator = MLUtilityEvaluator(experiment_design="domain_transfer",
                                   task_type="classification", target="income",
                                   resampling="smote-enn", metrics=["accuracy"])
    row = scores(evaluator.evaluate(make_data(ori, few, control)))
    assert np.isfinite(row["accuracy"])
    assert any("smote-enn could not resample" in n for n in evaluator.info_["notes"])


def test_rows_with_a_missing_value_are_dropped_and_counted(adult_eval) -> None:
    evaluator = MLUtilityEvaluator(task_type="classification", target="income",
                                   experiment_design="dual_model_control")
    evaluator.evaluate(adult_eval)
    missing = {name: int(table.isna().any(axis=1).sum()) for name, table in
               (("ori", adult_eval.ori), ("syn", adult_eval.syn), ("control", adult_eval.control))}
    assert evaluator.info_["rows_dropped_missing"] == missing
    assert any(n.startswith("rows with a missing value dropped: ori ") for n in
               evaluator.info_["notes"])


def test_regression_standardizes_the_target(adult_eval) -> None:
    evaluator = MLUtilityEvaluator(task_type="regression", target="age",
                                   experiment_design="dual_model_control",
                                   metrics=["r2_score", "mse", "rmse", "mae", "mape"])
    tables = evaluator.evaluate(adult_eval)
    ori = scores(tables, "ori")
    assert evaluator.info_["model"] == "XGBRegressor"
    assert 0 < ori["r2_score"] < 1
    assert ori["rmse"] == pytest.approx(np.sqrt(ori["mse"]))
    assert ori["mse"] < 1  # in units of the target's variance: better than the mean
    assert 5 < ori["mape"] < 50  # a percentage of the ages themselves
    default = MLUtilityEvaluator(experiment_design="domain_transfer",
                                 task_type="regression", target="age").evaluate(adult_eval)
    assert list(default["global"]["metric"]) == ["r2_score", "rmse"]


def test_mape_of_a_target_with_zeros_is_infinite_with_a_note(adult_eval) -> None:
    evaluator = MLUtilityEvaluator(experiment_design="domain_transfer",
                                   task_type="regression", target="capital-gain",
                                   metrics=["mape", "r2_score"])
    row = scores(evaluator.evaluate(adult_eval))
    assert row["mape"] == np.inf and np.isfinite(row["r2_score"])
    assert "syn_to_ori: mape: some test rows have target 0: infinite" in evaluator.info_["notes"]


def test_clustering_takes_an_integer_or_a_list_of_cluster_counts(adult_eval) -> None:
    evaluator = MLUtilityEvaluator(experiment_design="domain_transfer", task_type="clustering")
    one = evaluator.evaluate(adult_eval)["global"]
    assert list(one["metric"]) == ["silhouette_score"]
    assert evaluator.info_["n_clusters"] == 3 and evaluator.info_["model"] == "KMeans"
    assert -1 <= one["syn_to_ori"].iloc[0] <= 1
    several = MLUtilityEvaluator(task_type="clustering", n_clusters=[2, 4],
                                 experiment_design="dual_model_control").evaluate(adult_eval)
    assert list(several["global"]["metric"]) == ["silhouette_score_k2", "silhouette_score_k4"]
    assert several["details"][["ori", "syn"]].abs().le(1).all().all()


def test_a_target_given_to_clustering_is_ignored_with_a_note(adult_eval) -> None:
    evaluator = MLUtilityEvaluator(experiment_design="domain_transfer",
                                   task_type="clustering", target="income")
    evaluator.evaluate(adult_eval)
    assert evaluator.info_["target"] is None
    assert "target is not used by task_type clustering: ignored" in evaluator.info_["notes"]


def test_identifier_and_high_cardinality_columns_are_dropped_with_a_note(adult_split,
                                                                         make_data) -> None:
    ori, control, syn = adult_split
    ori, control, syn = (t.assign(row_id=np.arange(len(t)),
                                  token=[f"t{i}" for i in range(len(t))],
                                  many=[f"m{i % 80}" for i in range(len(t))])
                         for t in (ori, control, syn))
    evaluator = MLUtilityEvaluator(experiment_design="domain_transfer",
                                   task_type="classification", target="income",
                                   metrics=["f1_score"], max_categories=60)
    tables = evaluator.evaluate(make_data(ori, syn, control))
    dropped = evaluator.info_["dropped_columns"]
    assert set(dropped) == {"row_id", "token", "many"}
    assert "identifier" in dropped["row_id"]
    assert "free text" in dropped["token"] or "identifier" in dropped["token"]
    assert "high cardinality (80 values > max_categories 60)" in dropped["many"]
    assert not np.isnan(scores(tables)["f1_score"])


def test_categories_seen_in_only_one_table_do_no_harm(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    control = control.assign(workclass="Never-seen-before")
    syn = syn.assign(occupation=syn["occupation"].where(syn.index % 2 == 0, "Synthetic-only"))
    tables = MLUtilityEvaluator(task_type="classification", target="income",
                                experiment_design="dual_model_control").evaluate(
        make_data(ori, syn, control))
    assert np.isfinite(tables["details"][["ori", "syn"]].to_numpy(dtype=float)).all()


def test_constant_target_in_syn_gives_nan_with_the_reason(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    tables = MLUtilityEvaluator(task_type="classification", target="income",
                                experiment_design="dual_model_control").evaluate(
        make_data(ori, syn.assign(income="<=50K"), control))
    row = tables["details"].set_index("metric")
    assert row["syn"].isna().all() and row["ori"].notna().all()
    assert "syn: target 'income' is constant" in row["note"].iloc[0]


def test_target_missing_from_syn_or_not_numerical_gives_nan(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    missing = MLUtilityEvaluator(experiment_design="domain_transfer",
                                 task_type="classification", target="income").evaluate(
        make_data(ori, syn.drop(columns="income"), control))
    assert missing["details"]["syn_to_ori"].isna().all()
    assert "missing from syn" in missing["details"]["note"].iloc[0]
    text = MLUtilityEvaluator(experiment_design="domain_transfer",
                              task_type="regression", target="income").evaluate(
        make_data(ori, syn, control))
    assert "regression needs a numerical target" in text["details"]["note"].iloc[0]


def test_a_target_not_in_the_data_is_an_error(adult_eval) -> None:
    with pytest.raises(EvaluatorError, match="target 'salary' is not a column"):
        MLUtilityEvaluator(experiment_design="domain_transfer",
                           task_type="classification", target="salary").evaluate(adult_eval)


def test_binary_scores_use_the_last_label_in_sorted_order_unless_told(adult_eval) -> None:
    default = scores(MLUtilityEvaluator(experiment_design="domain_transfer",
                                        task_type="classification", target="income",
                                        metrics=["tp", "fn", "recall"]).evaluate(adult_eval))
    assert default["tp"] + default["fn"] == (complete(adult_eval.ori)["income"] == ">50K").sum()
    common = scores(MLUtilityEvaluator(experiment_design="domain_transfer",
                                       task_type="classification", target="income",
                                       metrics=["recall"], positive_label="<=50K"
                                       ).evaluate(adult_eval))
    assert common["recall"] > default["recall"]


def test_a_numerical_binary_target_is_classified(adult_split, make_data) -> None:
    ori, control, syn = (t.assign(income=(t["income"] == ">50K").astype(int))
                         for t in adult_split)
    row = scores(MLUtilityEvaluator(experiment_design="domain_transfer",
                                    task_type="classification", target="income",
                                    metrics=["roc_auc", "tp", "fn"]).evaluate(
        make_data(ori, syn, control)))
    assert row["tp"] + row["fn"] == complete(ori)["income"].sum()
    assert row["roc_auc"] > 0.7


def test_multiclass_targets_use_weighted_scores_and_summed_counts(adult_eval) -> None:
    metrics = ["f1_score", "roc_auc", "pr_auc", "accuracy", "precision", "tp", "tn", "fp", "fn"]
    row = scores(MLUtilityEvaluator(experiment_design="domain_transfer",
                                    task_type="classification", target="race",
                                    metrics=metrics).evaluate(adult_eval))
    test = complete(adult_eval.ori)
    rows, classes = len(test), test["race"].nunique()
    assert row["tp"] + row["fn"] == rows and row["fp"] == row["fn"]
    assert row["tp"] + row["tn"] + row["fp"] + row["fn"] == rows * classes
    assert row["precision"] == pytest.approx(row["accuracy"])  # micro precision
    assert all(0 <= row[m] <= 1 for m in ("f1_score", "roc_auc", "pr_auc"))
