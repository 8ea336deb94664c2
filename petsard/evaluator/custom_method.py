"""``method: custom_method``: a user's evaluator class from a Python file."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from typing import Any

import pandas as pd

from petsard.evaluator.base import EvaluatorMethod
from petsard.evaluator.evaluation_data import EvaluationData, EvaluatorError


class CustomMethodEvaluator(EvaluatorMethod):
    """Runs ``class_name`` from the Python file ``module_path``.

    This executes the user's code with the user's rights: use trusted files only.

    The contract: the class is constructed with the experiment's other parameters as keyword
    arguments (``MyEvaluator(**params)``) and has ``evaluate(data: EvaluationData) ->
    dict[str, pandas.DataFrame]``, keys being granularities (``global``, ``columnwise``,
    ``pairwise``, ``details``...); ``global`` should be one row of scores. ``data`` holds
    ``ori``, ``syn``, ``control`` (or None), ``schema`` and ``seed``. An ``info_`` dict on
    the instance, if set, is recorded with the result. The file is loaded when the node runs,
    not when the config is read.
    """

    def __init__(self, *, module_path: str, class_name: str, **params: Any) -> None:
        self.module_path = module_path
        self.class_name = class_name
        self.params = params

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        clean, problems = super().validate_params(params, path)
        if problems:
            return clean, problems
        file = Path(clean["module_path"])
        if file.suffix != ".py":
            problems.append(f"{path}.module_path: expected a .py file, got '{file}'")
        elif not file.is_file():
            problems.append(f"{path}.module_path: file not found: '{file}' "
                            f"(looked in {Path.cwd()})")
        if not clean["class_name"].isidentifier():
            problems.append(f"{path}.class_name: not a Python class name: "
                            f"'{clean['class_name']}'")
        return clean, problems

    @classmethod
    def input_files(cls, params: dict[str, Any]) -> list[str]:
        return [params["module_path"]]

    def load(self) -> type:
        """The user's class (imports the file: runs its top-level code)."""
        file = Path(self.module_path)
        if not file.is_file():
            raise EvaluatorError(f"custom_method: module_path '{file}' not found")
        digest = hashlib.sha256(str(file.resolve()).encode()).hexdigest()[:12]
        spec = importlib.util.spec_from_file_location(f"petsard_custom_{digest}", file)
        if spec is None or spec.loader is None:
            raise EvaluatorError(f"custom_method: cannot import '{file}' as a Python module")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise EvaluatorError(f"custom_method: importing '{file}' failed: "
                                 f"{type(exc).__name__}: {exc}") from exc
        found = getattr(module, self.class_name, None)
        if not isinstance(found, type):
            names = sorted(n for n, v in vars(module).items()
                           if isinstance(v, type) and v.__module__ == module.__name__)
            raise EvaluatorError(f"custom_method: '{file}' has no class '{self.class_name}' "
                                 f"(classes: {', '.join(names) or 'none'})")
        if not callable(getattr(found, "evaluate", None)):
            raise EvaluatorError(f"custom_method: {self.class_name} has no evaluate(data) "
                                 "method")
        return found

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        cls = self.load()
        try:
            instance = cls(**self.params)
        except TypeError as exc:
            raise EvaluatorError(f"custom_method: {self.class_name}(**{self.params}) failed: "
                                 f"{exc}") from exc
        result = instance.evaluate(data)
        if not isinstance(result, dict) or not all(
                isinstance(k, str) and isinstance(v, pd.DataFrame) for k, v in result.items()):
            raise EvaluatorError(f"custom_method: {self.class_name}.evaluate must return a dict "
                                 "of granularity names to DataFrames, got "
                                 f"{type(result).__name__}")
        self.info_ = {"module_path": self.module_path, "class_name": self.class_name,
                      **dict(getattr(instance, "info_", None) or {})}
        return result
