"""Classification: how well a model of the target labels real rows. Binary targets are
scored on one positive class; multiclass f1/precision/recall/roc_auc/pr_auc are macro
averages."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from petsard.evaluator.evaluation_data import EvaluatorError

METRICS = ("f1", "roc_auc", "accuracy", "precision", "recall", "mcc", "pr_auc")


def estimator(model: str, seed: int) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression

    return {"gradient_boosting": lambda: HistGradientBoostingClassifier(random_state=seed),
            "random_forest": lambda: RandomForestClassifier(random_state=seed, n_jobs=1),
            "linear": lambda: LogisticRegression(max_iter=1000)}[model]()


def positive_class(labels: pd.Series, positive_label: Any) -> Any:
    """The class binary scores are about: ``positive_label``, else the rarer class of the
    real data; None for multiclass targets (macro averages)."""
    counts = labels.value_counts()
    if len(counts) != 2:
        return None
    if positive_label is not None:
        matches = [v for v in counts.index if v == positive_label
                   or str(v) == str(positive_label)]
        if not matches:
            raise EvaluatorError(f"mlutility: positive_label {positive_label!r} is "
                                 f"not a value of the target ({list(counts.index)})")
        return matches[0]
    rarest = counts[counts == counts.min()].index
    return sorted(rarest, key=str)[-1]


def scores(y_true: np.ndarray, y_pred: np.ndarray, proba: np.ndarray,
                           classes: np.ndarray, positive: Any, metrics: list[str]
                           ) -> tuple[dict[str, float], list[str]]:
    """Scores on the test rows; classes the model never saw get probability 0."""
    from sklearn import metrics as m

    notes: list[str] = []
    labels = list(classes) + [c for c in pd.unique(y_true) if c not in set(classes)]
    full = np.zeros((len(y_true), len(labels)))
    full[:, : len(classes)] = proba
    column = {label: i for i, label in enumerate(labels)}

    def auc(score: Any) -> float:
        if positive is not None:
            truth = y_true == positive
            if truth.all() or not truth.any():
                notes.append("roc_auc/pr_auc: the test rows hold one class only")
                return float("nan")
            scores = full[:, column[positive]] if positive in column else np.zeros(len(y_true))
            return float(score(truth, scores))
        values = []
        for label in pd.unique(y_true):
            truth = y_true == label
            if truth.all():
                continue
            values.append(score(truth, full[:, column[label]]))
        if not values:
            notes.append("roc_auc/pr_auc: the test rows hold one class only")
            return float("nan")
        return float(np.mean(values))

    if positive is not None:  # as booleans: a syn model may predict a class ori lacks
        truth, guess, averaged = y_true == positive, y_pred == positive, {}
    else:
        truth, guess = y_true, y_pred
        averaged = {"average": "macro", "labels": sorted(pd.unique(y_true), key=str)}
    funcs = {
        "f1": lambda: m.f1_score(truth, guess, zero_division=0, **averaged),
        "precision": lambda: m.precision_score(truth, guess, zero_division=0, **averaged),
        "recall": lambda: m.recall_score(truth, guess, zero_division=0, **averaged),
        "accuracy": lambda: m.accuracy_score(y_true, y_pred),
        "mcc": lambda: m.matthews_corrcoef(y_true, y_pred),
        "roc_auc": lambda: auc(m.roc_auc_score),
        "pr_auc": lambda: auc(m.average_precision_score),
    }
    scores = {name: float(funcs[name]()) for name in metrics}
    return scores, list(dict.fromkeys(notes))
