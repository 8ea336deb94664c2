"""Classification: how well an XGBoost model of the target labels real rows.

Metrics follow PETsARD. A binary target is scored on one positive class: ``positive_label``,
else the last of ori's two labels in sorted order (PETsARD's label encoding: '>50K' for
adult-income's income). Multiclass targets: f1/f2/f0.5 are support-weighted, roc_auc is
one-vs-rest weighted, pr_auc the mean over classes, and the confusion counts (tp, tn, fp,
fn) are summed over classes one-vs-rest, so precision and recall are micro averages.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from petsard.evaluator.evaluation_data import EvaluatorError

DEFAULT_METRICS = ("f1_score", "roc_auc", "accuracy", "precision", "recall", "specificity",
                   "mcc", "pr_auc", "tp", "tn", "fp", "fn")
METRICS = (*DEFAULT_METRICS, "sensitivity", "f2_score", "f0.5_score", "tpr", "tnr", "ppv",
           "npv", "fpr", "fnr", "fdr", "for", "informedness", "markedness", "prevalence", "dor")
RESAMPLERS = ("smote-enn", "smote-tomek")


def positive_class(labels: pd.Series, positive_label: Any) -> Any:
    """The class binary scores are about (None for a multiclass target)."""
    values = sorted(pd.unique(labels))
    if len(values) != 2:
        return None
    if positive_label is None:
        return values[-1]
    matches = [v for v in values if v == positive_label or str(v) == str(positive_label)]
    if not matches:
        raise EvaluatorError(f"mlutility: positive_label {positive_label!r} is not a value "
                             f"of the target ({values})")
    return matches[0]


def resample(method: str, x: np.ndarray, y: np.ndarray, seed: int
             ) -> tuple[np.ndarray, np.ndarray]:
    """Training rows rebalanced by SMOTE-ENN or SMOTE-Tomek (imbalanced-learn)."""
    from imblearn.combine import SMOTEENN, SMOTETomek

    resampler = (SMOTEENN if method == "smote-enn" else SMOTETomek)(random_state=seed)
    return resampler.fit_resample(x, y)


def confusion(truth: np.ndarray, guess: np.ndarray, positive: Any) -> dict[str, float]:
    """Confusion counts and the rates derived from them (0 where undefined, as PETsARD)."""
    if positive is not None:
        t, g = truth == positive, guess == positive
        tp, tn = int(np.sum(t & g)), int(np.sum(~t & ~g))
        fp, fn = int(np.sum(~t & g)), int(np.sum(t & ~g))
    else:
        labels = pd.unique(np.concatenate([truth, guess]))
        tp = int(np.sum(truth == guess))
        fp = fn = len(truth) - tp  # each error is a false positive of one class
        tn = len(labels) * len(truth) - tp - fp - fn

    def ratio(a: float, b: float) -> float:
        return a / b if b > 0 else 0.0

    out: dict[str, float] = {"tp": tp, "tn": tn, "fp": fp, "fn": fn,
                             "tpr": ratio(tp, tp + fn), "tnr": ratio(tn, tn + fp),
                             "ppv": ratio(tp, tp + fp), "npv": ratio(tn, tn + fn),
                             "fpr": ratio(fp, fp + tn), "fnr": ratio(fn, fn + tp),
                             "fdr": ratio(fp, fp + tp), "for": ratio(fn, fn + tn),
                             "prevalence": ratio(tp + fn, tp + tn + fp + fn),
                             "dor": tp * tn / (fp * fn) if fp * fn > 0 else float("inf")}
    out.update(sensitivity=out["tpr"], specificity=out["tnr"], precision=out["ppv"],
               recall=out["tpr"], informedness=out["tpr"] + out["tnr"] - 1,
               markedness=out["ppv"] + out["npv"] - 1)
    return out


def scores(y_true: np.ndarray, y_pred: np.ndarray, proba: np.ndarray, classes: np.ndarray,
           positive: Any, metrics: list[str]) -> tuple[dict[str, float], list[str]]:
    """Scores on the test rows; classes the model never saw get probability 0."""
    from sklearn import metrics as m

    notes: list[str] = []
    column = {label: i for i, label in enumerate(classes)}

    def probability(label: Any) -> np.ndarray:
        return proba[:, column[label]] if label in column else np.zeros(len(y_true))

    def area(curve: str, label: Any) -> float:
        truth = y_true == label
        if truth.all() or not truth.any():
            return float("nan")
        if curve == "roc":
            return float(m.roc_auc_score(truth, probability(label)))
        precision, recall, _ = m.precision_recall_curve(truth, probability(label))
        return float(m.auc(recall, precision))

    def summary(curve: str) -> float:
        if positive is not None:
            value = area(curve, positive)
        else:
            labels, support = np.unique(y_true, return_counts=True)
            values = np.array([area(curve, label) for label in labels])
            weights = support if curve == "roc" else np.ones(len(labels))
            keep = ~np.isnan(values)
            value = (float(np.average(values[keep], weights=weights[keep]))
                     if keep.any() else float("nan"))
        if np.isnan(value):
            notes.append(f"{curve}_auc: the test rows hold one class only")
        return value

    if positive is not None:  # as booleans: a syn model may predict a class ori lacks
        truth, guess, averaged = y_true == positive, y_pred == positive, {}
    else:
        truth, guess, averaged = y_true, y_pred, {"average": "weighted"}

    def f_score(beta: float) -> float:
        return float(m.fbeta_score(truth, guess, beta=beta, zero_division=0, **averaged))

    counts = confusion(y_true, y_pred, positive)
    funcs = {
        "accuracy": lambda: m.accuracy_score(y_true, y_pred),
        "f1_score": lambda: f_score(1.0),
        "f2_score": lambda: f_score(2.0),
        "f0.5_score": lambda: f_score(0.5),
        "mcc": lambda: m.matthews_corrcoef(y_true, y_pred),
        "roc_auc": lambda: summary("roc"),
        "pr_auc": lambda: summary("pr"),
    }
    out = {name: counts[name] if name in counts else float(funcs[name]())
           for name in metrics}
    return out, list(dict.fromkeys(notes))
