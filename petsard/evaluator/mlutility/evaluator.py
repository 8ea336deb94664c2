"""``method: mlutility``: is the synthetic data as useful for machine learning as the real?

Two experiment designs, as PETsARD's:

- ``domain_transfer`` (default): a model trained on syn is scored on ori. ``global`` has one
  row per metric and the columns ``metric, syn_to_ori``.
- ``dual_model_control``: a model trained on ori and one trained on syn are both scored on
  control (real rows neither saw). ``global`` has the columns ``metric, ori, syn, diff``
  (diff = syn - ori). Without control data, 20% of ori is held out instead and the ori model
  trains on the rest (``info['test_source']`` says which).

``global`` values are rounded to 2 decimals as PETsARD's; ``details`` holds the same table
unrounded, with the notes. Models: XGBoost for classification and regression (``xgb_params``
go to it), k-means for clustering. Before PETsARD's preparation (features.py), free text,
identifier-like columns (every value distinct) and categorical columns with more than
``max_categories`` values are dropped with a note rather than exploded into thousands of
one-hot columns.
"""

from __future__ import annotations

import dataclasses
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
    require,
    seed_of,
)
from petsard.evaluator.mlutility import boosting, classification, clustering, regression
from petsard.evaluator.mlutility.features import (
    complete_rows,
    fitted_encoder,
    model_inputs,
    select_features,
)
from petsard.parameters import is_yaml_null
from petsard.registry import did_you_mean

METRICS = {
    "classification": classification.METRICS,
    "regression": regression.METRICS,
    "clustering": clustering.METRICS,
}
DEFAULT_METRICS = {
    "classification": classification.DEFAULT_METRICS,
    "regression": regression.DEFAULT_METRICS,
    "clustering": clustering.METRICS,
}
#: Older names, accepted and reported under PETsARD's.
ALIASES = {"f1": "f1_score", "r2": "r2_score", "silhouette": "silhouette_score",
           "accuracy_score": "accuracy", "precision_score": "precision",
           "recall_score": "recall"}
PURPOSE = "the ML utility evaluation"


def canonical(metric: str) -> str:
    name = str(metric).lower()
    return ALIASES.get(name, name)


class MLUtilityEvaluator(EvaluatorMethod):
    """Models trained on syn (and ori), scored on real rows.

    task_type: classification (of ``target``), regression (of a numerical ``target``) or
        clustering (k-means with ``n_clusters``: an integer, or a list for one score each).
    experiment_design: dual_model_control (train on ori and on syn, test both on control;
        PETsARD 1.10.1's default in code, where its docs say domain_transfer) or
        domain_transfer (train on syn, test on ori).
    resampling: smote-enn or smote-tomek rebalance the training rows of a classification
        (imbalanced-learn); never the test rows.
    metrics: PETsARD's names (default: the task's defaults). Binary classification scores the
        ``positive_label`` class (default: the last of ori's two labels in sorted order).
    xgb_params: extra parameters for XGBClassifier / XGBRegressor (not random_state).
    silhouette_sample_size: score the silhouette on a sample of this many test rows (default:
        every row, as PETsARD; its cost grows with the square of the rows).
    random_state: seeds the models, the resampling and a holdout; None: the node's seed.
    """

    measures = "utility"

    def __init__(
        self,
        *,
        task_type: Literal["classification", "regression", "clustering"],
        target: str | None = None,
        experiment_design: Literal["domain_transfer", "dual_model_control"] = "dual_model_control",
        resampling: str | None = None,
        metrics: list[str] | None = None,
        xgb_params: dict[str, Any] | None = None,
        n_clusters: (Annotated[int, Field(ge=2)]
                     | list[Annotated[int, Field(ge=2)]]) = clustering.DEFAULT_CLUSTERS,
        positive_label: str | int | bool | None = None,
        max_categories: Annotated[int, Field(ge=1)] = 50,
        holdout_ratio: Annotated[float, Field(gt=0, lt=1)] = 0.2,
        silhouette_sample_size: Annotated[int, Field(ge=2)] | None = None,
        random_state: Annotated[int, Field(ge=0)] | None = 42,
    ) -> None:
        self.task_type = task_type
        self.target = target
        self.experiment_design = experiment_design
        self.resampling = resampling
        self.metrics = metrics
        self.xgb_params = xgb_params
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
        if "resampling" in clean:
            problems += cls._check_resampling(clean, task, path)
        if clean.get("metrics") is not None:
            valid = list(METRICS[task])
            names = [canonical(m) for m in clean["metrics"]]
            for given, name in zip(clean["metrics"], names, strict=True):
                if name not in valid:
                    problems.append(f"{path}.metrics: '{given}' is not a {task} metric"
                                    f"{did_you_mean(str(given), valid)}")
            if not names:
                problems.append(f"{path}.metrics: expected at least one metric")
            clean["metrics"] = names
        for key in boosting.RESERVED:
            if key in (clean.get("xgb_params") or {}):
                problems.append(f"{path}.xgb_params.{key}: set the evaluator's random_state "
                                "instead (it seeds XGBoost)")
        return clean, problems

    @staticmethod
    def _check_resampling(clean: dict[str, Any], task: str, path: str) -> list[str]:
        if is_yaml_null(clean["resampling"]):
            clean["resampling"] = None
            return []
        name = str(clean["resampling"]).lower()
        if name not in classification.RESAMPLERS:
            return [f"{path}.resampling: expected smote-enn, smote-tomek or None, got "
                    f"{clean['resampling']!r}{did_you_mean(name, list(classification.RESAMPLERS))}"]
        clean["resampling"] = name
        if task != "classification":
            return [f"{path}.resampling: only for task_type classification, not {task}"]
        return []

    def metric_names(self) -> list[str]:
        if self.task_type == "clustering":
            return clustering.metric_names(self.n_clusters)
        return [canonical(m) for m in self.metrics or DEFAULT_METRICS[self.task_type]]

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        require("sklearn", "scikit-learn", PURPOSE)
        if self.task_type != "clustering":
            require("xgboost", "xgboost-cpu", PURPOSE)
        resampling = None if is_yaml_null(self.resampling) else str(self.resampling).lower()
        if resampling is not None:
            require("imblearn", "imbalanced-learn", PURPOSE)
        seed = seed_of(self.random_state, data)
        target = self.target if self.task_type != "clustering" else None
        if target is not None and target not in [str(c) for c in data.ori.columns]:
            raise EvaluatorError(f"mlutility: target '{target}' is not a column of the data "
                                 f"(columns: {', '.join(map(str, data.ori.columns))})")
        transfer = self.experiment_design == "domain_transfer"
        aligned = align(dataclasses.replace(data, control=None) if transfer else data)
        if transfer:
            tables = {"ori": aligned.ori, "syn": aligned.syn}
            runs = {"syn_to_ori": ("syn", "ori")}
            test_source = "ori: the model trained on syn is scored on every ori row"
        else:
            train_ori, test, test_source = self._split(aligned, seed)
            tables = {"ori": train_ori, "syn": aligned.syn, "control": test}
            runs = {"ori": ("ori", "control"), "syn": ("syn", "control")}
        self.info_: dict[str, Any] = {
            "task_type": self.task_type, "experiment_design": self.experiment_design,
            "target": target, "model": self._model_name(), "resampling": resampling,
            "xgb_params": dict(self.xgb_params or {}), "metrics": self.metric_names(),
            "seed": seed, "test_source": test_source}
        if self.task_type == "clustering":
            self.info_["n_clusters"] = self.n_clusters
            self.info_["silhouette_sample_size"] = self.silhouette_sample_size
        notes = self._ignored_params()
        features, dropped = select_features(aligned, target, self.max_categories)
        self.info_["dropped_columns"] = {**dropped, **{c: n for c, n in aligned.notes.items()
                                                       if c != target}}
        problem = self._problem(aligned, target, features)
        if problem:
            return self._tables({}, [*notes, problem])
        used = features + ([target] if target else [])
        complete = {name: complete_rows(table, used) for name, table in tables.items()}
        missing = {name: len(tables[name]) - len(rows) for name, rows in complete.items()}
        self.info_["rows"] = {name: len(rows) for name, rows in complete.items()}
        self.info_["rows_dropped_missing"] = missing
        if any(missing.values()):
            notes.append("rows with a missing value dropped: " + ", ".join(
                f"{name} {n:,} of {len(tables[name]):,}" for name, n in missing.items()))
        scores = self._score_runs(complete, runs, features, target,
                                  {c: aligned.logical[c] for c in used}, seed, resampling,
                                  positive=self._positive(aligned, target), notes=notes)
        return self._tables(scores, notes)

    # -- data -----------------------------------------------------------------------------

    def _split(self, aligned: Aligned, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, str]:
        if aligned.control is not None:
            return aligned.ori, aligned.control, "control"
        order = np.random.default_rng(seed).permutation(len(aligned.ori))
        size = max(1, round(len(aligned.ori) * self.holdout_ratio))
        test, train = aligned.ori.iloc[order[:size]], aligned.ori.iloc[order[size:]]
        return train, test, (f"no control data: {self.holdout_ratio:.0%} of ori held out "
                             f"({size} rows); the ori model trains on the rest")

    def _model_name(self) -> str:
        return {"classification": "XGBClassifier", "regression": "XGBRegressor",
                "clustering": "KMeans"}[self.task_type]

    def _ignored_params(self) -> list[str]:
        """Parameters PETsARD accepts but this task does not use (noted, not an error)."""
        if self.task_type != "clustering":
            return []
        ignored = [name for name in ("target", "xgb_params") if getattr(self, name)]
        return [f"{name} is not used by task_type clustering: ignored" for name in ignored]

    def _problem(self, aligned: Aligned, target: str | None, features: list[str]) -> str | None:
        if target is not None and target not in aligned.columns:
            return f"target '{target}': {aligned.notes.get(target, 'cannot be compared')}"
        if target is not None and self.task_type == "regression" and (
                aligned.logical[target] != "numerical"):
            return (f"regression needs a numerical target; '{target}' is "
                    f"{aligned.logical[target]}")
        if not features:
            return "no usable feature column (see info dropped_columns)"
        return None

    def _positive(self, aligned: Aligned, target: str | None) -> Any:
        if self.task_type != "classification" or target is None:
            return None
        labels = _target_values(aligned.ori[target].dropna(), aligned.logical[target])
        return classification.positive_class(labels, self.positive_label)

    # -- models ---------------------------------------------------------------------------

    def _score_runs(self, complete: dict[str, pd.DataFrame], runs: dict[str, tuple[str, str]],
                    features: list[str], target: str | None, kinds: dict[str, str], seed: int,
                    resampling: str | None, positive: Any, notes: list[str]
                    ) -> dict[str, dict[str, float]]:
        """{run: scores}; a run that cannot be scored gets no scores and a note."""
        fit_on = [complete[name] for name in ("ori", "syn") if len(complete[name])]
        if not fit_on:
            notes.append("no complete row in ori or syn")
            return {}
        feature_kinds = {c: kinds[c] for c in features}
        encoder = fitted_encoder(feature_kinds, fit_on)
        x = {name: encoder.transform(model_inputs(rows, features, feature_kinds))
             for name, rows in complete.items() if len(rows)}
        y = {} if target is None else {
            name: _target_values(rows[target], kinds[target]).to_numpy()
            for name, rows in complete.items()}
        scaler = None
        if self.task_type == "regression":
            from sklearn.preprocessing import StandardScaler

            scaler = StandardScaler().fit(np.concatenate(
                [y[name] for name in ("ori", "syn")]).reshape(-1, 1))
        scores = {}
        for run, (train, test) in runs.items():
            try:
                if train not in x or test not in x:
                    empty = train if train not in x else test
                    raise _Unscored(f"no complete row in {empty}")
                if self.task_type == "clustering":
                    scores[run], more = clustering.silhouettes(
                        x[train], x[test], self.n_clusters, seed, self.silhouette_sample_size)
                elif self.task_type == "regression":
                    scores[run], more = self._regression(x[train], y[train], x[test], y[test],
                                                         scaler, seed)
                else:
                    scores[run], more = self._classification(
                        x[train], y[train], x[test], y[test], seed, resampling, positive)
            except _Unscored as exc:
                more = [str(exc)]
            notes.extend(f"{run}: {note}" for note in more)
        return scores

    def _classification(self, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray,
                        y_test: np.ndarray, seed: int, resampling: str | None, positive: Any
                        ) -> tuple[dict[str, float], list[str]]:
        notes = []
        if len(np.unique(y_train)) < 2:
            raise _Unscored(f"target '{self.target}' is constant in the training data")
        if resampling is not None:
            try:
                resampled = classification.resample(resampling, x_train, y_train, seed)
            except ValueError as exc:  # e.g. too few rows of a class for SMOTE's neighbours
                notes.append(f"{resampling} could not resample ({exc}): trained on the rows "
                             "as they are")
            else:
                notes.append(f"{resampling}: {len(y_train):,} -> {len(resampled[1]):,} "
                             "training rows")
                x_train, y_train = resampled
        classes, codes = np.unique(y_train, return_inverse=True)
        if len(classes) < 2:
            raise _Unscored(f"{resampling} left one class only")
        model = boosting.fit("classifier", x_train, codes, seed, dict(self.xgb_params or {}))
        predicted = classes[model.predict(x_test).astype(int)]
        scores, more = classification.scores(y_test, predicted, model.predict_proba(x_test),
                                             classes, positive, self.metric_names())
        return scores, notes + more

    def _regression(self, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray,
                    y_test: np.ndarray, scaler: Any, seed: int
                    ) -> tuple[dict[str, float], list[str]]:
        def standard(values: np.ndarray) -> np.ndarray:
            return scaler.transform(values.reshape(-1, 1)).ravel()

        model = boosting.fit("regressor", x_train, standard(y_train), seed,
                             dict(self.xgb_params or {}))
        predicted = model.predict(x_test).astype(float)
        raw = scaler.inverse_transform(predicted.reshape(-1, 1)).ravel()
        return regression.scores(standard(y_test), predicted, y_test, raw, self.metric_names())

    # -- tables ---------------------------------------------------------------------------

    def _tables(self, scores: dict[str, dict[str, float]], notes: list[str]
                ) -> dict[str, pd.DataFrame]:
        nan = float("nan")
        rows = []
        for metric in self.metric_names():
            if self.experiment_design == "domain_transfer":
                rows.append({"metric": metric,
                             "syn_to_ori": scores.get("syn_to_ori", {}).get(metric, nan)})
            else:
                o = scores.get("ori", {}).get(metric, nan)
                s = scores.get("syn", {}).get(metric, nan)
                rows.append({"metric": metric, "ori": o, "syn": s, "diff": s - o})
        self.info_["notes"] = list(notes)
        note = "; ".join(notes) or None
        return {"global": pd.DataFrame([{k: _rounded(v) for k, v in r.items()} for r in rows]),
                "details": pd.DataFrame([{**r, "note": note} for r in rows])}


def _target_values(series: pd.Series, kind: str) -> pd.Series:
    """Numbers as floats, other labels as text (so labels compare across dtypes)."""
    return series.astype(float) if kind == "numerical" else as_text(series)


def _rounded(value: Any) -> Any:
    """As PETsARD's global table: floats to 2 decimals, counts and names unchanged."""
    if isinstance(value, str | int | np.integer):
        return value
    return round(float(value), 2)


class _Unscored(Exception):
    """This run cannot be scored; the message is the reason (recorded as a note)."""
