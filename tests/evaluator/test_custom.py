"""method: custom_method — a user's evaluator class from a .py file."""

from __future__ import annotations

from pathlib import Path

import pytest

from petsard import Config
from petsard.evaluator import CustomMethodEvaluator, EvaluatorError
from petsard.exceptions import ConfigError

USER_CODE = '''
import pandas as pd


class RowCount:
    def __init__(self, scale=1):
        self.scale = scale
        self.info_ = {"scale": scale}

    def evaluate(self, data):
        ratio = len(data.syn) / len(data.ori) * self.scale
        return {"global": pd.DataFrame([{"row_ratio": ratio, "seed": data.seed}])}


class Broken:
    def evaluate(self, data):
        return [1, 2]
'''


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "my_eval.py"
    path.write_text(USER_CODE)
    return path


def test_user_class_gets_its_params_and_the_data(user_file: Path, adult_eval) -> None:
    evaluator = CustomMethodEvaluator(module_path=str(user_file), class_name="RowCount",
                                      scale=2)
    tables = evaluator.evaluate(adult_eval)
    assert tables["global"].to_dict("records") == [{"row_ratio": 2.0, "seed": 7}]
    assert evaluator.info_ == {"module_path": str(user_file), "class_name": "RowCount",
                               "scale": 2}


def test_contract_violations_are_clear_errors(user_file: Path, adult_eval) -> None:
    with pytest.raises(EvaluatorError, match="must return a dict of granularity names"):
        CustomMethodEvaluator(module_path=str(user_file), class_name="Broken").evaluate(
            adult_eval)
    with pytest.raises(EvaluatorError, match="has no class 'Nope' \\(classes: Broken, RowCount"):
        CustomMethodEvaluator(module_path=str(user_file), class_name="Nope").evaluate(
            adult_eval)
    with pytest.raises(EvaluatorError, match=r"RowCount.*failed.*unexpected keyword"):
        CustomMethodEvaluator(module_path=str(user_file), class_name="RowCount",
                              alpha=1).evaluate(adult_eval)


def test_a_failing_import_names_the_file(tmp_path: Path, adult_eval) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("raise RuntimeError('boom')\n")
    with pytest.raises(EvaluatorError, match=r"importing .*bad.py. failed: RuntimeError: boom"):
        CustomMethodEvaluator(module_path=str(bad), class_name="X").evaluate(adult_eval)


def test_validate_config_checks_the_file_before_the_run(user_file: Path) -> None:
    clean, problems = CustomMethodEvaluator.validate_params(
        {"module_path": str(user_file), "class_name": "RowCount", "scale": 3}, "Evaluator.mine")
    assert problems == [] and clean["scale"] == 3
    _, problems = CustomMethodEvaluator.validate_params(
        {"module_path": "missing.py", "class_name": "not a name"}, "Evaluator.mine")
    assert problems[0].startswith("Evaluator.mine.module_path: file not found: 'missing.py'")
    assert problems[1] == "Evaluator.mine.class_name: not a Python class name: 'not a name'"
    _, problems = CustomMethodEvaluator.validate_params({"class_name": "A"}, "Evaluator.mine")
    assert problems == ["Evaluator.mine.module_path: required parameter is missing"]
    assert CustomMethodEvaluator.input_files({"module_path": "a.py"}) == ["a.py"]



PETSARD_STYLE = '''
import pandas as pd


class Coverage:
    REQUIRED_INPUT_KEYS = ["ori", "syn", "control"]
    AVAILABLE_SCORES_GRANULARITY = ["global", "columnwise"]

    def __init__(self, config: dict):
        self.config = config

    def eval(self, data: dict) -> dict:
        shared = [c for c in data["ori"].columns if c in data["syn"].columns]
        rows = {c: data["syn"][c].isin(data["ori"][c]).mean() for c in shared}
        return {"global": pd.DataFrame({"coverage": [sum(rows.values()) / len(rows)],
                                        "weight": [self.config["weight"]],
                                        "control_rows": [len(data["control"])]}),
                "columnwise": pd.DataFrame({"coverage": rows})}
'''


def test_a_class_with_petsards_contract_gets_config_and_the_data_it_asks_for(
        tmp_path: Path, adult_eval) -> None:
    (tmp_path / "coverage.py").write_text(PETSARD_STYLE)
    evaluator = CustomMethodEvaluator(module_path="coverage.py", class_name="Coverage",
                                      weight=0.5)
    tables = evaluator.evaluate(adult_eval)
    row = tables["global"].iloc[0]
    assert 0 < row["coverage"] <= 1 and row["weight"] == 0.5
    assert row["control_rows"] == len(adult_eval.control)
    assert set(tables["columnwise"].index) == set(adult_eval.ori.columns)


def test_petsards_required_control_needs_a_splitter_in_the_config(tmp_path: Path) -> None:
    (tmp_path / "coverage.py").write_text(PETSARD_STYLE)
    with pytest.raises(ConfigError, match=r"Evaluator\.c\.class_name: Coverage needs control"):
        Config({"Loader": {"a": {"filepath": "x.csv"}},
                "Evaluator": {"c": {"method": "custom_method", "module_path": "coverage.py",
                                    "class_name": "Coverage", "weight": 1}}})


DECLARING = '''
import pandas as pd


class LinkRisk:
    measures = "privacy"

    def evaluate(self, data):
        return {"global": pd.DataFrame([{"link_rate": 0.1}])}


class Misnamed:
    measures = "risk"

    def evaluate(self, data):
        return {"global": pd.DataFrame([{"link_rate": 0.1}])}
'''


def test_a_user_class_says_what_it_measures_with_a_class_attribute(
        tmp_path: Path, user_file: Path) -> None:
    (tmp_path / "declaring.py").write_text(DECLARING)
    declared = {"module_path": str(tmp_path / "declaring.py"), "class_name": "LinkRisk"}
    undeclared = {"module_path": str(user_file), "class_name": "RowCount"}

    assert CustomMethodEvaluator.measures_of(declared) == "privacy"
    assert CustomMethodEvaluator.measures_of(undeclared) is None  # the page reads its table


def test_an_unknown_measure_is_a_config_problem_naming_the_valid_ones(tmp_path: Path) -> None:
    (tmp_path / "declaring.py").write_text(DECLARING)
    _, problems = CustomMethodEvaluator.validate_params(
        {"module_path": str(tmp_path / "declaring.py"), "class_name": "Misnamed"},
        "Evaluator.mine")
    assert problems == ["Evaluator.mine.class_name: Misnamed.measures must be one of privacy, "
                        "fidelity, utility, validity, statistics; got 'risk'"]
