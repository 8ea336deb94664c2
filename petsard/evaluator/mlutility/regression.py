"""Regression: how well an XGBoost model predicts the target of real rows.

As PETsARD, the target is standardized (scaler fitted on ori and syn), so r2_score, mse, rmse
and mae are in units of the target's standard deviation and compare across targets. mape is
a percentage of the target's own values (a percentage of standardized values would mean
nothing), infinite when a test row's target is 0, as PETsARD's."""

from __future__ import annotations

import numpy as np

DEFAULT_METRICS = ("r2_score", "rmse")
METRICS = ("r2_score", "mse", "rmse", "mae", "mape")


def scores(y_true: np.ndarray, y_pred: np.ndarray, raw_true: np.ndarray, raw_pred: np.ndarray,
           metrics: list[str]) -> tuple[dict[str, float], list[str]]:
    """(scores, notes): ``y_*`` standardized, ``raw_*`` in the target's units."""
    from sklearn import metrics as m

    notes = []
    if "mape" in metrics and np.any(raw_true == 0):
        notes.append("mape: some test rows have target 0: infinite")
    funcs = {
        "r2_score": lambda: m.r2_score(y_true, y_pred) if len(y_true) > 1 else float("nan"),
        "mse": lambda: m.mean_squared_error(y_true, y_pred),
        "rmse": lambda: np.sqrt(m.mean_squared_error(y_true, y_pred)),
        "mae": lambda: m.mean_absolute_error(y_true, y_pred),
        "mape": lambda: (float(np.mean(np.abs((raw_true - raw_pred) / raw_true)) * 100)
                         if np.all(raw_true != 0) else float("inf")),
    }
    return {name: float(funcs[name]()) for name in metrics}, notes
