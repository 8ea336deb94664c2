"""``method: custom_method``: a user's evaluator class from a Python file.

Two contracts are accepted. PETsARD's, so its users' classes run unchanged::

    class MyEvaluator:
        REQUIRED_INPUT_KEYS = ["ori", "syn", "control"]
        AVAILABLE_SCORES_GRANULARITY = ["global", "columnwise", "pairwise", "details"]
        def __init__(self, config: dict): ...          # the experiment's parameters
        def eval(self, data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]: ...

and petsard's: ``MyEvaluator(**params)`` with ``evaluate(data: EvaluationData)`` (``ori``,
``syn``, ``control``, ``schema``, ``seed``). Both return tables keyed by granularity
(``global`` should be one row of scores). Either may say what its scores measure with a
class attribute, ``measures = "privacy"`` (or fidelity, utility, validity, statistics), which
reports group it by; without one, the HTML page recognises a privacy evaluator by its
``global`` table's columns. The class runs with the user's rights: trusted files only. It
is imported when the config is checked, so a missing file or class (or an unknown
``measures``) is reported before anything runs.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from petsard.custom_code import CustomCodeError, load_class
from petsard.evaluator.base import MEASURES, EvaluatorMethod, Measure
from petsard.evaluator.evaluation_data import EvaluationData
from petsard.exceptions import CustomMethodEvaluatorError
from petsard.experiment.source_ref import ConfigModules

PETSARD_CONTRACT = {"__init__": ("config",), "eval": ("data",)}
OUR_CONTRACT = {"evaluate": ("data",)}


def _user_class(module_path: str, class_name: str) -> type:
    """The user's class, checked against whichever contract it follows."""
    found = load_class(module_path, class_name)
    contract = PETSARD_CONTRACT if callable(getattr(found, "eval", None)) else OUR_CONTRACT
    if not callable(getattr(found, "evaluate", None)) and contract is OUR_CONTRACT:
        raise CustomCodeError(f"{class_name} needs eval(data) (PETsARD's contract) or "
                              "evaluate(data)", "class_name")
    found = load_class(module_path, class_name, contract)
    measures = getattr(found, "measures", None)
    if measures is not None and measures not in MEASURES:
        raise CustomCodeError(f"{class_name}.measures must be one of {', '.join(MEASURES)}; "
                              f"got {measures!r}", "class_name")
    return found


class CustomMethodEvaluator(EvaluatorMethod):
    """Runs ``class_name`` from the Python file ``module_path`` (contracts above)."""

    def __init__(self, *, module_path: str, class_name: str, **params: Any) -> None:
        self.module_path = module_path
        self.class_name = class_name
        self.params = params

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        clean, problems = super().validate_params(params, path)
        if problems:
            return clean, problems
        if not clean["class_name"].isidentifier():
            problems.append(f"{path}.class_name: not a Python class name: "
                            f"'{clean['class_name']}'")
        try:
            _user_class(clean["module_path"], clean["class_name"])
        except CustomCodeError as exc:
            if not (problems and exc.key == "class_name"):
                problems.insert(0, f"{path}.{exc.key}: {exc}")
        return clean, problems

    @classmethod
    def check_pipeline(cls, params: dict[str, Any], path: str,
                       modules: ConfigModules) -> list[str]:
        try:
            found = _user_class(params["module_path"], params["class_name"])
        except (KeyError, CustomCodeError):  # reported by validate_params
            return []
        wanted = getattr(found, "REQUIRED_INPUT_KEYS", None) or []
        if "control" in wanted and "Splitter" not in modules:
            return [f"{path}.class_name: {params['class_name']} needs control data "
                    "(REQUIRED_INPUT_KEYS): add a Splitter before it"]
        return []

    @classmethod
    def measures_of(cls, params: dict[str, Any]) -> Measure | None:
        try:
            found = _user_class(params["module_path"], params["class_name"])
        except CustomCodeError:  # the file changed since the config was checked
            return None
        return getattr(found, "measures", None)

    @classmethod
    def input_files(cls, params: dict[str, Any]) -> list[str]:
        return [params["module_path"]]

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        try:
            found = _user_class(self.module_path, self.class_name)
        except CustomCodeError as exc:
            raise CustomMethodEvaluatorError(f"custom_method: {exc}") from exc
        if callable(getattr(found, "eval", None)):
            result = self._petsard_eval(found, data)
        else:
            try:
                instance = found(**self.params)
            except TypeError as exc:
                raise CustomMethodEvaluatorError(
                    f"custom_method: {self.class_name}(**{self.params}) failed: {exc}") from exc
            result = _call(self.class_name, instance.evaluate, data)
            self.info_ = dict(getattr(instance, "info_", None) or {})
        if not isinstance(result, dict) or not all(
                isinstance(k, str) and isinstance(v, pd.DataFrame) for k, v in result.items()):
            raise CustomMethodEvaluatorError(
                f"custom_method: {self.class_name} must return a dict of granularity names to "
                f"DataFrames, got {type(result).__name__}")
        self.info_ = {"module_path": self.module_path, "class_name": self.class_name,
                      **self.info_}
        return result

    def _petsard_eval(self, found: type, data: EvaluationData) -> Any:
        tables = {"ori": data.ori, "syn": data.syn, "control": data.control}
        wanted = list(getattr(found, "REQUIRED_INPUT_KEYS", None) or tables)
        absent = [key for key in wanted if tables.get(key) is None]
        if absent:
            raise CustomMethodEvaluatorError(f"custom_method: {self.class_name} needs {absent} "
                                 "(REQUIRED_INPUT_KEYS); add a Splitter for control data")
        config = {"eval_method": "custom_method", "module_path": self.module_path,
                  "class_name": self.class_name, **self.params}
        return _call(self.class_name, found(config=config).eval,
                     {key: tables[key] for key in wanted})


def _call(class_name: str, method: Any, data: Any) -> Any:
    """The user's method on ``data``; its failure named as the user's class's."""
    try:
        return method(data=data)
    except Exception as exc:
        raise CustomMethodEvaluatorError(f"custom_method: {class_name} failed: "
                                         f"{type(exc).__name__}: {exc}") from exc
