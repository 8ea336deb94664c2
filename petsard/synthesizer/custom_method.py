"""``method: custom_method``: a user's synthesizer class from a Python file, with PETsARD's
contract, so classes written for PETsARD run unchanged::

    class MySynthesizer:
        def __init__(self, config: dict, metadata): ...   # metadata: petsard.metadater.Schema
        def fit(self, data: pd.DataFrame) -> None: ...
        def sample(self) -> pd.DataFrame: ...

``config`` holds the experiment's parameters (``module_path``, ``class_name`` and any other
key, e.g. ``epochs``), ``syn_method: 'custom_method'`` and ``sample_num_rows``: the rows to
return, set before ``fit`` and before each ``sample`` (the training data's row count unless
the experiment says). The class runs with the user's rights: trusted files only.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from petsard.custom_code import CustomCodeError, load_class
from petsard.exceptions import SynthesizerError
from petsard.schema.schema import Schema
from petsard.synthesizer.base import SynthesizerMethod

CONTRACT = {"__init__": ("config", "metadata"), "fit": ("data",), "sample": ()}


class CustomMethodSynthesizer(SynthesizerMethod):
    """Runs ``class_name`` of ``module_path`` (PETsARD's contract, above). numpy's and
    Python's global random generators are seeded with the node's seed before ``fit`` and
    ``sample``, so a class that draws from them gives the same rows on every run."""

    param_aliases: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"sample_num_rows": "num_samples"})

    def __init__(self, *, module_path: str, class_name: str, num_samples: int | None = None,
                 **config: Any) -> None:
        self.module_path = module_path
        self.class_name = class_name
        self.num_samples = num_samples
        self.config = config

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        clean, problems = super().validate_params(params, path)
        if problems:
            return clean, problems
        try:
            load_class(clean["module_path"], clean["class_name"], CONTRACT)
        except CustomCodeError as exc:
            problems.append(f"{path}.{exc.key}: {exc}")
        return clean, problems

    @classmethod
    def input_files(cls, params: dict[str, Any]) -> list[str]:
        return [params["module_path"]]

    def fit(self, data: pd.DataFrame, schema: Schema | None, seed: int) -> None:
        self._settings = {"syn_method": "custom_method", "module_path": self.module_path,
                          "class_name": self.class_name, **self.config,
                          "sample_num_rows": self.num_samples or len(data)}
        try:
            user_class = load_class(self.module_path, self.class_name, CONTRACT)
        except CustomCodeError as exc:
            raise SynthesizerError(f"custom_method: {exc}") from exc
        _seed_globals(seed)
        self._impl = user_class(config=self._settings, metadata=schema)
        self._impl.fit(data)

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        self._settings["sample_num_rows"] = num_rows  # the dict the class was given
        _seed_globals(seed)
        rows = self._impl.sample()
        if not isinstance(rows, pd.DataFrame):
            raise SynthesizerError(f"custom_method: {self.class_name}.sample() must return a "
                                   f"pandas DataFrame, got {type(rows).__name__}")
        self.info_ = {"module_path": self.module_path, "class_name": self.class_name,
                      "rows_asked": num_rows, "rows_returned": len(rows)}
        return rows


def _seed_globals(seed: int) -> None:
    np.random.seed(seed % 2**32)
    random.seed(seed)
