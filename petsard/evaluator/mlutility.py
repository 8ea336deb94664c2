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
from petsard.evaluator.data import (
    Aligned,
    EvaluationData,
    EvaluatorError,
    align,
    as_text,
    one_row,
    require,
    seed_of,
)
from petsard.registry import did_you_mean

METRICS = {
    "classification": ("f1", "roc_auc", "accuracy", "precision", "recall", "mcc", "pr_auc"),
    "regression": ("r2", "rmse", "mae", "mape"),
    "clustering": ("silhouette",),
}
ALIASES = {"f1_score": "f1", "r2_score": "r2", "silhouette_score": "silhouette",
           "accuracy_score": "accuracy", "precision_score": "precision",
           "recall_score": "recall"}
ID_MIN_ROWS = 20  # a column with this many rows, all distinct, looks like an identifier
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
        names = list(self.metrics or METRICS[self.task_type])
        if self.task_type == "clustering":
            return [f"silhouette_k{k}" for k in self._clusters()]
        return names

    def _clusters(self) -> list[int]:
        return list(self.n_clusters or [4, 5, 6])

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
        features, dropped = self._features(aligned, target)
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

    def _features(self, aligned: Aligned, target: str | None) -> tuple[list[str], dict]:
        features, dropped = [], {}
        for column in aligned.columns:
            if column == target:
                continue
            kind = aligned.logical[column]
            values = aligned.ori[column].dropna()
            distinct = values.nunique()
            if kind == "text":
                dropped[column] = "free text: dropped"
            elif kind in ("categorical", "boolean") and distinct > self.max_categories:
                dropped[column] = (f"high cardinality ({distinct} values > max_categories "
                                   f"{self.max_categories}): dropped")
            elif (len(values) >= ID_MIN_ROWS and distinct == len(values)
                  and (kind != "numerical" or _integral(values))):
                dropped[column] = "identifier-like (every value distinct): dropped"
            else:
                features.append(column)
        return features, dropped

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

    def _pipeline(self, kinds: dict[str, str], seed: int, n_clusters: int | None = None) -> Any:
        from sklearn.cluster import KMeans
        from sklearn.compose import ColumnTransformer
        from sklearn.ensemble import (
            HistGradientBoostingClassifier,
            HistGradientBoostingRegressor,
            RandomForestClassifier,
            RandomForestRegressor,
        )
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LinearRegression, LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OneHotEncoder, StandardScaler

        numbers = [c for c, k in kinds.items() if k in ("numerical", "datetime")]
        categories = [c for c in kinds if c not in numbers]
        scale = self.model == "linear" or self.task_type == "clustering"
        number_steps = [SimpleImputer(strategy="median")] + ([StandardScaler()] if scale else [])
        encode = ColumnTransformer([
            ("numbers", make_pipeline(*number_steps), numbers),
            ("categories", make_pipeline(
                SimpleImputer(strategy="constant", fill_value="<missing>"),
                OneHotEncoder(handle_unknown="ignore", sparse_output=False)), categories),
        ])
        if self.task_type == "clustering":
            estimator = KMeans(n_clusters=n_clusters, random_state=seed, n_init=10)
        else:
            estimator = {
                ("classification", "gradient_boosting"):
                    lambda: HistGradientBoostingClassifier(random_state=seed),
                ("classification", "random_forest"):
                    lambda: RandomForestClassifier(random_state=seed, n_jobs=1),
                ("classification", "linear"): lambda: LogisticRegression(max_iter=1000),
                ("regression", "gradient_boosting"):
                    lambda: HistGradientBoostingRegressor(random_state=seed),
                ("regression", "random_forest"):
                    lambda: RandomForestRegressor(random_state=seed, n_jobs=1),
                ("regression", "linear"): LinearRegression,
            }[(self.task_type, self.model)]()
        return make_pipeline(encode, estimator)

    def _inputs(self, table: pd.DataFrame, features: list[str], kinds: dict[str, str]
                ) -> pd.DataFrame:
        out = {}
        for column in features:
            series = table[column]
            if kinds[column] == "datetime":
                out[column] = (series - pd.Timestamp(0)) / pd.Timedelta(days=1)
            elif kinds[column] == "numerical":
                out[column] = series.astype(float)
            else:
                out[column] = as_text(series).astype(object)
        return pd.DataFrame(out, index=table.index)

    def _labels(self, series: pd.Series, kind: str) -> pd.Series:
        return series.astype(float) if kind == "numerical" else as_text(series)

    def _score(self, train: pd.DataFrame, test: pd.DataFrame, target: str | None,
               features: list[str], kinds: dict[str, str], reference: pd.DataFrame,
               seed: int) -> tuple[dict[str, float], str | None]:
        if self.task_type == "clustering":
            return self._cluster(train, test, features, kinds, seed)
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
        model = self._pipeline(kinds, seed)
        model.fit(self._inputs(train, features, kinds), y_train.to_numpy())
        x_test = self._inputs(test_rows, features, kinds)
        if self.task_type == "regression":
            return _regression_scores(y_test.to_numpy(), model.predict(x_test),
                                      self.metric_names()), "; ".join(notes) or None
        positive = self._positive(self._labels(reference[target].dropna(), kind))
        scores, more = _classification_scores(
            y_test.to_numpy(), model.predict(x_test), model.predict_proba(x_test),
            model.classes_, positive, self.metric_names())
        return scores, "; ".join(notes + more) or None

    def _positive(self, labels: pd.Series) -> Any:
        counts = labels.value_counts()
        if len(counts) != 2:
            return None  # multiclass: macro averages
        if self.positive_label is not None:
            matches = [v for v in counts.index if v == self.positive_label
                       or str(v) == str(self.positive_label)]
            if not matches:
                raise EvaluatorError(f"mlutility: positive_label {self.positive_label!r} is "
                                     f"not a value of the target ({list(counts.index)})")
            return matches[0]
        rarest = counts[counts == counts.min()].index
        return sorted(rarest, key=str)[-1]

    def _cluster(self, train: pd.DataFrame, test: pd.DataFrame, features: list[str],
                 kinds: dict[str, str], seed: int) -> tuple[dict[str, float], str | None]:
        from sklearn.metrics import silhouette_score

        scores, notes = {}, []
        x_train, x_test = self._inputs(train, features, kinds), self._inputs(test, features, kinds)
        for k in self._clusters():
            name = f"silhouette_k{k}"
            if len(x_train) <= k:
                scores[name] = float("nan")
                notes.append(f"{name}: only {len(x_train)} training rows")
                continue
            model = self._pipeline(kinds, seed, n_clusters=k).fit(x_train)
            labels = model.predict(x_test)
            if len(set(labels)) < 2 or len(x_test) <= len(set(labels)):
                scores[name] = float("nan")
                notes.append(f"{name}: the test rows fall in fewer than 2 clusters")
                continue
            encoded = model[:-1].transform(x_test)
            size = min(self.silhouette_sample_size, len(x_test))
            scores[name] = float(silhouette_score(encoded, labels, sample_size=size,
                                                  random_state=seed))
        return scores, "; ".join(notes) or None

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


def _integral(values: pd.Series) -> bool:
    numbers = values.to_numpy(dtype=float)
    return bool(np.all(np.equal(np.mod(numbers, 1), 0)))


def _regression_scores(y_true: np.ndarray, y_pred: np.ndarray, metrics: list[str]
                       ) -> dict[str, float]:
    from sklearn import metrics as m

    funcs = {
        "r2": lambda: m.r2_score(y_true, y_pred) if len(y_true) > 1 else float("nan"),
        "rmse": lambda: float(np.sqrt(m.mean_squared_error(y_true, y_pred))),
        "mae": lambda: m.mean_absolute_error(y_true, y_pred),
        "mape": lambda: m.mean_absolute_percentage_error(y_true, y_pred),
    }
    return {name: float(funcs[name]()) for name in metrics}


def _classification_scores(y_true: np.ndarray, y_pred: np.ndarray, proba: np.ndarray,
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
