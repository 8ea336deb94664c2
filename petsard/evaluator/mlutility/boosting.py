"""XGBoost, the model PETsARD trains for classification and regression, with the user's
``xgb_params``. A parameter XGBoost does not use is an error, not a warning lost in the log."""

from __future__ import annotations

import re
import warnings
from typing import Any, Literal

import numpy as np

from petsard.evaluator.evaluation_data import EvaluatorError
from petsard.registry import closest

#: Set by the evaluator's own ``random_state``, never inside ``xgb_params``.
RESERVED = ("random_state", "seed")


def fit(kind: Literal["classifier", "regressor"], x: np.ndarray, y: np.ndarray, seed: int,
        params: dict[str, Any]) -> Any:
    """An XGBClassifier or XGBRegressor fitted on (x, y)."""
    import xgboost

    cls = xgboost.XGBClassifier if kind == "classifier" else xgboost.XGBRegressor
    try:
        model = cls(random_state=seed, **params)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model.fit(x, y)
    except (xgboost.core.XGBoostError, TypeError, ValueError) as exc:
        raise EvaluatorError(f"mlutility: XGBoost rejected xgb_params {params}: "
                             f"{str(exc).strip().splitlines()[-1]}") from exc
    for warning in caught:
        unused = re.search(r"Parameters: \{(.*)\} are not used", str(warning.message), re.S)
        if unused:
            names = [n.strip().strip('"') for n in unused.group(1).split(",")]
            valid = sorted(cls().get_params())
            hints = ", ".join(f"'{n}'" + (f" (did you mean '{guess}'?)"
                                          if (guess := closest(n, valid)) else "")
                              for n in names)
            raise EvaluatorError(f"mlutility: xgb_params: XGBoost does not use {hints} "
                                 "(see https://xgboost.readthedocs.io/en/stable/parameter.html)")
        warnings.warn_explicit(warning.message, warning.category, warning.filename,
                               warning.lineno)
    return model
