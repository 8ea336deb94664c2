"""PETsARD's ``Describer`` for notebooks (``from petsard.evaluator import Describer`` as in
PETsARD, or ``from petsard import Describer``): ``Describer(method='describe', mode=...)``,
``create()``, then ``eval(data) -> {granularity: DataFrame}``, over the Describer methods
the YAML config runs."""

from __future__ import annotations

from typing import Any

import pandas as pd

from petsard.api.building import read_tables
from petsard.describer.methods import CompareMethod, DescribeMethod
from petsard.evaluator.evaluation_data import schema_for
from petsard.exceptions import ConfigError, UncreatedError

PATH = "Describer"
METHODS = ("default", "describe", "compare")
# The tables eval() takes in each mode: PETsARD's names, then the older ones.
KEYS = {"describe": (("data",),), "compare": (("base", "target"), ("ori", "syn"))}


class Describer:
    """``mode='describe'`` (default): statistics of one table, ``eval({'data': df})``
    (``describe_method``, ``percentile``); ``mode='compare'`` (or ``method='compare'``): two
    tables side by side and their change, ``eval({'base': df1, 'target': df2})`` or
    ``{'ori': ..., 'syn': ...}`` (``stats_method``, ``compare_method``...). Parameters are
    checked at once (ConfigError)."""

    def __init__(self, method: str = "describe", mode: str = "describe", **kwargs: Any) -> None:
        if not isinstance(method, str) or method.lower() not in METHODS:
            raise ConfigError(f"{PATH}.method: unknown Describer method {method!r}; valid: "
                              f"{', '.join(METHODS)}")
        mode = "compare" if method.lower() == "compare" else mode
        if mode not in KEYS:
            raise ConfigError(f"{PATH}.mode: expected 'describe' or 'compare', got {mode!r}")
        if "source" in kwargs:
            raise ConfigError(f"{PATH}.source: names tables of a YAML config; in Python give "
                              "the tables to eval()")
        self.method = method
        self.mode = mode
        self._cls = CompareMethod if mode == "compare" else DescribeMethod
        source = {"base": "base", "target": "target"} if mode == "compare" else "data"
        self._params, problems = self._cls.params_from({"source": source, **kwargs}, PATH)
        if problems:
            raise ConfigError.from_problems(problems)
        self._impl: Any = None

    def create(self) -> None:
        """Make the describer."""
        self._impl = self._cls(**self._params)

    def eval(self, data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Statistics keyed by granularity (global, columnwise, pairwise)."""
        if self._impl is None:
            raise UncreatedError(f"{PATH}: call create() before eval()")
        where = f"{PATH}.eval"
        names = next((keys for keys in KEYS[self.mode]
                      if isinstance(data, dict) and set(keys) <= set(data)), KEYS[self.mode][0])
        tables = read_tables(data, where, names)
        roles = ("data",) if self.mode == "describe" else ("base", "target")
        return self._impl.describe(**{role: (tables[key], schema_for(tables[key], None))
                                      for role, key in zip(roles, names, strict=True)})
