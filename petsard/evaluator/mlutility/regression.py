"""Regression: how well a model of the target predicts real rows."""

from __future__ import annotations

from typing import Any

import numpy as np

METRICS = ("r2", "rmse", "mae", "mape")


def estimator(model: str, seed: int) -> Any:
    from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
    from sklearn.linear_model import LinearRegression

    return {"gradient_boosting": lambda: HistGradientBoostingRegressor(random_state=seed),
            "random_forest": lambda: RandomForestRegressor(random_state=seed, n_jobs=1),
            "linear": LinearRegression}[model]()


def scores(y_true: np.ndarray, y_pred: np.ndarray, metrics: list[str]) -> dict[str, float]:
    from sklearn import metrics as m

    funcs = {
        "r2": lambda: m.r2_score(y_true, y_pred) if len(y_true) > 1 else float("nan"),
        "rmse": lambda: float(np.sqrt(m.mean_squared_error(y_true, y_pred))),
        "mae": lambda: m.mean_absolute_error(y_true, y_pred),
        "mape": lambda: m.mean_absolute_percentage_error(y_true, y_pred),
    }
    return {name: float(funcs[name]()) for name in metrics}
