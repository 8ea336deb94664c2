"""ML utility metrics on hand-checked predictions: confusion counts and rates, areas under
curves, PETsARD's conventions for undefined values."""

from __future__ import annotations

import numpy as np
import pytest

from petsard.evaluator.mlutility import classification, clustering

TRUTH = np.array(["yes", "yes", "yes", "no", "no", "no", "no", "no"])
GUESS = np.array(["yes", "yes", "no", "yes", "no", "no", "no", "no"])


def test_binary_confusion_counts_and_rates() -> None:
    counts = classification.confusion(TRUTH, GUESS, positive="yes")
    assert (counts["tp"], counts["tn"], counts["fp"], counts["fn"]) == (2, 4, 1, 1)
    assert counts["sensitivity"] == counts["recall"] == pytest.approx(2 / 3)
    assert counts["specificity"] == pytest.approx(4 / 5)
    assert counts["precision"] == pytest.approx(2 / 3)
    assert counts["dor"] == pytest.approx(2 * 4 / (1 * 1))
    assert counts["informedness"] == pytest.approx(2 / 3 + 4 / 5 - 1)


def test_undefined_rates_are_zero_and_a_perfect_odds_ratio_is_infinite() -> None:
    counts = classification.confusion(TRUTH, TRUTH, positive="yes")
    assert counts["fp"] == counts["fn"] == 0
    assert counts["fdr"] == 0.0 and counts["dor"] == np.inf


def test_multiclass_counts_are_summed_one_vs_rest() -> None:
    truth = np.array(["a", "a", "b", "c"])
    guess = np.array(["a", "b", "b", "b"])
    counts = classification.confusion(truth, guess, positive=None)
    # per class (tp, fp, fn): a (1, 0, 1), b (1, 2, 0), c (0, 0, 1); tn = 3 * 4 - 2 - 2 - 2
    assert (counts["tp"], counts["fp"], counts["fn"], counts["tn"]) == (2, 2, 2, 6)


def test_scores_of_a_binary_model() -> None:
    proba = np.array([[0.1, 0.9], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7],
                      [0.9, 0.1], [0.8, 0.2], [0.7, 0.3], [0.95, 0.05]])
    scores, notes = classification.scores(
        TRUTH, GUESS, proba, np.array(["no", "yes"]), "yes",
        ["accuracy", "f1_score", "roc_auc", "pr_auc", "mcc", "tp"])
    assert notes == []
    assert scores["accuracy"] == pytest.approx(6 / 8)
    assert scores["f1_score"] == pytest.approx(2 / 3)
    assert scores["roc_auc"] == pytest.approx(14 / 15)  # one of 15 pairs misordered
    assert 0 < scores["pr_auc"] <= 1 and scores["tp"] == 2


def test_a_class_the_model_never_saw_gets_probability_zero() -> None:
    proba = np.array([[1.0]] * len(TRUTH))  # a model trained on "no" rows only
    scores, _ = classification.scores(TRUTH, np.array(["no"] * len(TRUTH)), proba,
                                      np.array(["no"]), "yes", ["roc_auc", "recall"])
    assert scores == {"roc_auc": 0.5, "recall": 0.0}


def test_one_test_class_only_leaves_the_areas_undefined_with_a_note() -> None:
    truth = np.array(["no"] * 4)
    scores, notes = classification.scores(truth, truth, np.full((4, 2), 0.5),
                                          np.array(["no", "yes"]), "yes", ["roc_auc"])
    assert np.isnan(scores["roc_auc"])
    assert notes == ["roc_auc: the test rows hold one class only"]


def test_positive_class_is_the_last_label_in_sorted_order() -> None:
    assert classification.positive_class(TRUTH, None) == "yes"
    assert classification.positive_class(np.array([1.0, 0.0, 1.0]), None) == 1.0
    assert classification.positive_class(TRUTH, "no") == "no"
    assert classification.positive_class(np.array(["a", "b", "c"]), None) is None


def test_a_silhouette_of_one_cluster_scores_minus_one_as_petsard() -> None:
    rng = np.random.default_rng(0)
    train = rng.normal(size=(50, 2))
    same = np.zeros((10, 2))  # every test row lands in the same cluster
    scores, notes = clustering.silhouettes(train, same, 3, seed=0, sample_size=None)
    assert scores == {"silhouette_score": -1.0}
    assert notes == ["silhouette_score: the test rows fall in fewer than 2 clusters: -1"]
