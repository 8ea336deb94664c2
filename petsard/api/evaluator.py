"""PETsARD's ``Evaluator`` for notebooks: ``Evaluator(method, **parameters)``, ``create()``,
then ``eval({'ori': ..., 'syn': ..., 'control': ...}) -> {granularity: DataFrame}``, over
the Evaluator methods the YAML config runs."""

from __future__ import annotations

from typing import Any

import pandas as pd

from petsard.api.building import method_params, read_tables
from petsard.evaluator import REGISTRY
from petsard.evaluator.evaluation_data import EvaluationData, schema_for
from petsard.exceptions import UncreatedError

PATH = "Evaluator"
# Evaluations draw (attacks, splits, models) from this seed unless the method takes a
# random_state: the same tables give the same scores.
SEED = 0


class Evaluator:
    """``method``: any Evaluator method of the YAML config (``default`` = sdmetrics quality
    report, ``sdmetrics-diagnosticreport``, ``anonymeter-singlingout`` / ``-linkability`` /
    ``-inference``, ``mpuccs``, ``mlutility`` (with ``task_type``) and ``mlutility-*``,
    ``stats``, ``custom_method``); the other keyword arguments are its parameters, checked at
    once (ConfigError)."""

    def __init__(self, method: str = "default", **kwargs: Any) -> None:
        self.method = method
        self._cls, self._params = method_params(REGISTRY, method, kwargs, PATH)
        self._impl: Any = None

    def create(self) -> None:
        """Make the evaluator (optional packages are imported when it evaluates)."""
        self._impl = self._cls(**self._params)

    def eval(self, data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Scores of ``data['syn']`` against ``data['ori']`` (and ``data['control']``, real
        rows the synthesizer did not see, which privacy and ML-utility methods need), keyed
        by granularity: ``global``, ``columnwise``, ``pairwise``, ``details``..."""
        if self._impl is None:
            raise UncreatedError(f"{PATH}: call create() before eval()")
        tables = read_tables(data, f"{PATH}.eval", ("ori", "syn"), ("control",))
        ori = tables["ori"]
        return self._impl.evaluate(EvaluationData(
            ori=ori, syn=tables["syn"], control=tables.get("control"),
            schema=schema_for(ori, None), seed=SEED))

