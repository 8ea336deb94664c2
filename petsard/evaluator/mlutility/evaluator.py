"""``method: mlutility``: is the synthetic data as useful for machine learning as the real?

The same scikit-learn model is trained once on ori and once on syn and both are scored on
control (real rows neither saw). Without control data, 20% of ori is held out instead and
the ori model trains on the rest (``info['test_source']`` says which).

Features: numbers are median-imputed (and scaled for linear models and k-means), categories
are one-hot encoded with unknown categories ignored, so a category seen in only one table
does no harm. Free text, identifier-like columns (every value distinct) and categorical
columns with more than ``max_categories`` values are dropped with a note rather than
exploded into thousands of one-hot columns.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.evaluator.base import EvaluatorMethod
from petsard.evaluator.evaluation_data import (
    Aligned,
    EvaluationData,
    EvaluatorError,
    align,
    as_text,
    one_row,
    require,
    seed_of,
)
from petsard.evaluator.mlutility import classification, clustering, regression
from petsard.evaluator.mlutility.features import encoder, model_inputs, select_features
from petsard.registry import did_you_mean

METRICS = {
    "classification": classification.METRICS,
    "regression": regression.METRICS,
    "clustering": ("silhouette",),
}
ALIASES = {"f1_score": "f1", "r2_score": "r2", "silhouette_score": "silhouette",
           "accuracy_score": "accuracy", "precision_score": "precision",
           "recall_score": "recall"}
PURPOSE = "the ML utility evaluation"


class MLUtilityEvaluator(EvaluatorMethod):
    """Models trained on ori vs syn, scored on control.

    task_type: classification (of ``target``), regression (of a numerical ``target``) or
        clustering (k-means for each of ``n_clusters``, silhouette on control).
    metrics: a subset of the task's metrics (default: all of them). Binary classification
        scores the ``positive_label`` class (default: ori's rarer class); multiclass
        f1/precision/recall/roc_auc/pr_auc are macro averages.
    model: gradient_boosting (histogram GBM), random_forest or linear.
    """

    def __init__(
        self,
        *,
        task_type: Literal["classification", "regression", "clustering"],
        target: str | None = None,
        metrics: list[str] | None = None,
        model: Literal["gradient_boosting", "random_forest", "linear"] = "gradient_boosting",
        n_clusters: list[Annotated[int, Field(ge=2)]] | None = None,
        positive_label: str | int | bool | None = None,
        max_categories: Annotated[int, Field(ge=1)] = 50,
        holdout_ratio: Annotated[float, Field(gt=0, lt=1)] = 0.2,
        silhouette_sample_size: Annotated[int, Field(ge=2)] = 5000,
        random_state: Annotated[int, Field(ge=0)] | None = None,
    ) -> None:
        self.task_type = task_type
        self.target = target
        self.metrics = metrics
        self.model = model
        self.n_clusters = n_clusters
        self.positive_label = positive_label
        self.max_categories = max_categories
        self.holdout_ratio = holdout_ratio
        self.silhouette_sample_size = silhouette_sample_size
        self.random_state = random_state

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        clean, problems = super().validate_params(params, path)
        if problems:
            return clean, problems
        task = clean["task_type"]
        if task != "clustering" and not clean.get("target"):
            problems.append(f"{path}.target: required for task_type {task}")
        if task == "clustering" and clean.get("target"):
            problems.append(f"{path}.target: not used by task_type clustering; remove it")
        if clean.get("metrics") is not None:
            valid = list(METRICS[task])
            names = [ALIASES.get(str(m).lower(), str(m).lower()) for m in clean["metrics"]]
            for given, name in zip(clean["metrics"], names, strict=True):
                if name not in valid:
                    problems.append(f"{path}.metrics: '{given}' is not a {task} metric"
                                    f"{did_you_mean(str(given), valid)}")
            if not names:
                problems.append(f"{path}.metrics: expected at least one metric")
            clean["metrics"] = names
        if clean.get("n_clusters") is not None and task != "clustering":
            problems.append(f"{path}.n_clusters: used only by task_type clustering")
        return clean, problems

    def metric_names(self) -> list[str]:
        if self.task_type == "clustering":
            return clustering.metric_names(self._clusters())
        return list(self.metrics or METRICS[self.task_type])

    def _clusters(self) -> list[int]:
        return list(self.n_clusters or clustering.DEFAULT_CLUSTERS)

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        require("sklearn", "scikit-learn", PURPOSE)
        seed = seed_of(self.random_state, data)
        target = self.target if self.task_type != "clustering" else None
        if target is not None and target not in [str(c) for c in data.ori.columns]:
            raise EvaluatorError(f"mlutility: target '{target}' is not a column of the data "
                                 f"(columns: {', '.join(map(str, data.ori.columns))})")
        aligned = align(data)
        train_ori, test, test_source = self._split(aligned, seed)
        self.info_: dict[str, Any] = {
            "task_type": self.task_type, "target": target,
            "model": "kmeans" if self.task_type == "clustering" else self.model,
            "metrics": self.metric_names(), "seed": seed, "test_source": test_source,
            "rows_train_ori": len(train_ori), "rows_train_syn": len(aligned.syn),
            "rows_test": len(test)}
        if self.task_type == "clustering":
            self.info_["n_clusters"] = self._clusters()
            self.info_["silhouette_sample_size"] = self.silhouette_sample_size
        features, dropped = select_features(aligned, target, self.max_categories)
        columnwise = self._columnwise(aligned, target, features, dropped)
        self.info_["dropped_columns"] = dropped
        problem = self._problem(aligned, target, features)
        if problem:
            return self._tables({}, {}, {"ori": problem, "syn": problem}, columnwise)
        kinds = {c: aligned.logical[c] for c in features}
        scores, notes = {}, {}
        for name, train in (("ori", train_ori), ("syn", aligned.syn)):
            try:
                scores[name], notes[name] = self._score(train, test, target, features, kinds,
                                                        train_ori, seed)
            except _Unscored as exc:
                scores[name], notes[name] = {}, str(exc)
        return self._tables(scores["ori"], scores["syn"], notes, columnwise)

    # -- data -----------------------------------------------------------------------------

    def _split(self, aligned: Aligned, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, str]:
        if aligned.control is not None:
            return aligned.ori, aligned.control, "control"
        order = np.random.default_rng(seed).permutation(len(aligned.ori))
        size = max(1, round(len(aligned.ori) * self.holdout_ratio))
        test, train = aligned.ori.iloc[order[:size]], aligned.ori.iloc[order[size:]]
        return train, test, (f"no control data: {self.holdout_ratio:.0%} of ori held out "
                             f"({size} rows); the ori model trains on the rest")

    def _columnwise(self, aligned: Aligned, target: str | None, features: list[str],
                    dropped: dict[str, str]) -> pd.DataFrame:
        rows = []
        for column in aligned.every:
            if column == target:
                role, note = "target", aligned.notes.get(column)
            elif column in features:
                role, note = "feature", None
            else:
                role, note = "dropped", dropped.get(column) or aligned.notes.get(column)
            rows.append({"column": column, "role": role, "note": note})
        return pd.DataFrame(rows, columns=["column", "role", "note"])

    def _problem(self, aligned: Aligned, target: str | None, features: list[str]) -> str | None:
        if target is not None and target not in aligned.columns:
            return f"target '{target}': {aligned.notes.get(target, 'cannot be compared')}"
        if target is not None and self.task_type == "regression" and (
                aligned.logical[target] != "numerical"):
            return (f"regression needs a numerical target; '{target}' is "
                    f"{aligned.logical[target]}")
        if not features:
            return "no usable feature column (see the columnwise notes)"
        return None

    # -- models ---------------------------------------------------------------------------

    def _labels(self, series: pd.Series, kind: str) -> pd.Series:
        return series.astype(float) if kind == "numerical" else as_text(series)

    def _score(self, train: pd.DataFrame, test: pd.DataFrame, target: str | None,
               features: list[str], kinds: dict[str, str], reference: pd.DataFrame,
               seed: int) -> tuple[dict[str, float], str | None]:
        if self.task_type == "clustering":
            return clustering.silhouettes(train, test, features, kinds, self._clusters(), seed,
                                          self.silhouette_sample_size)
        kind = "numerical" if self.task_type == "regression" else (
            "numerical" if kinds.get(target) == "numerical" else "categorical")
        notes = []
        train = train[train[target].notna()]
        test_rows = test[test[target].notna()]
        if len(test_rows) < len(test):
            notes.append(f"{len(test) - len(test_rows)} test rows without a target skipped")
        if len(train) < 2:
            raise _Unscored("fewer than 2 training rows with a target")
        if len(test_rows) == 0:
            raise _Unscored("no test row has a target")
        y_train = self._labels(train[target], kind)
        y_test = self._labels(test_rows[target], kind)
        if y_train.nunique() < 2:
            raise _Unscored(f"target '{target}' is constant in the training data")
        from sklearn.pipeline import make_pipeline

        task = regression if self.task_type == "regression" else classification
        model = make_pipeline(encoder(kinds, scale=self.model == "linear"),
                              task.estimator(self.model, seed))
        model.fit(model_inputs(train, features, kinds), y_train.to_numpy())
        x_test = model_inputs(test_rows, features, kinds)
        if self.task_type == "regression":
            return regression.scores(y_test.to_numpy(), model.predict(x_test),
                                     self.metric_names()), "; ".join(notes) or None
        positive = classification.positive_class(
            self._labels(reference[target].dropna(), kind), self.positive_label)
        scores, more = classification.scores(
            y_test.to_numpy(), model.predict(x_test), model.predict_proba(x_test),
            model.classes_, positive, self.metric_names())
        return scores, "; ".join(notes + more) or None

    # -- tables ---------------------------------------------------------------------------

    def _tables(self, ori: dict[str, float], syn: dict[str, float],
                notes: dict[str, str | None], columnwise: pd.DataFrame
                ) -> dict[str, pd.DataFrame]:
        nan = float("nan")
        rows, scores = [], {}
        for metric in self.metric_names():
            o, s = ori.get(metric, nan), syn.get(metric, nan)
            note = "; ".join(f"{name}: {text}" for name, text in notes.items() if text) or None
            rows.append({"metric": metric, "ori": o, "syn": s, "diff": s - o, "note": note})
            scores.update({f"{metric}_ori": o, f"{metric}_syn": s, f"{metric}_diff": s - o})
        self.info_["notes"] = [f"{name}: {text}" for name, text in notes.items() if text]
        return {"global": one_row(scores),
                "details": pd.DataFrame(rows, columns=["metric", "ori", "syn", "diff", "note"]),
                "columnwise": columnwise}


class _Unscored(Exception):
    """This training table cannot be scored; the message is the reason (recorded as a note)."""
