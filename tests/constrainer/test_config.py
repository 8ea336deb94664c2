"""Constrainer parameters: every problem is found when the config is read, with its path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from petsard.constrainer import REGISTRY, ConstrainerMethod, ResampleConstrainer
from petsard.exceptions import ConfigError

PATH = "Constrainer.rules"


def check(method: str, **params) -> tuple[dict, list[str]]:
    return REGISTRY.get(method).validate_params(params, PATH)


def test_the_issue_config_is_valid_inline():
    params, problems = check(
        "auto", target_rows=1000, sampling_ratio=10.0, max_trials=300,
        nan_groups={"workclass": "delete", "occupation": {"erase": ["income"]},
                    "age": {"copy": "educational-num"},
                    "capital-gain": {"nan_if_condition": {"workclass": "Never-worked"}}},
        field_constraints=["age >= 18 & age <= 65",
                           "hours-per-week >= 20 & hours-per-week <= 60",
                           "income == '<=50K' | (age > 50 & hours-per-week < 40)",
                           "occupation IS pd.NA", "native-country IS NOT 'United-States'"],
        field_combinations=[[{"education": "income"},
                             {"Doctorate": [">50K"], "Masters": [">50K", "<=50K"]}]],
        field_proportions=[{"fields": "education", "mode": "all", "tolerance": 0.1},
                           {"fields": "workclass", "mode": "missing", "tolerance": 0.03}])
    assert problems == []
    assert params["target_rows"] == 1000


def test_every_bad_rule_is_reported_at_once_with_its_path():
    _, problems = check("auto", field_constraints=["age >= 18", "age >= ", "age == 'x' |"],
                        field_proportions=[{"fields": "education", "mode": "both"}])
    assert [p.split(":")[0] for p in problems] == [
        f"{PATH}.field_constraints.1", f"{PATH}.field_constraints.2",
        f"{PATH}.field_proportions.0.mode"]
    assert "^" in problems[0]


def test_rules_file_and_inline_sections_together_are_a_config_error(tmp_path: Path):
    (tmp_path / "rules.yaml").write_text("field_constraints: ['age > 1']\n")
    _, problems = check("auto", constraints_yaml=str(tmp_path / "rules.yaml"),
                        field_constraints=["age > 2"])
    assert problems == [f"{PATH}: give constraints_yaml or the constraint sections "
                        "(field_constraints), not both"]


def test_no_rules_at_all_is_a_config_error():
    assert "no constraints" in check("auto")[1][0]


def test_a_missing_rules_file_is_a_config_error():
    assert check("auto", constraints_yaml="nowhere.yaml")[1][0].startswith(
        f"{PATH}.constraints_yaml: file not found: 'nowhere.yaml'")


def test_a_rules_file_is_read_and_recorded_as_an_input(tmp_path: Path):
    path = tmp_path / "rules.yaml"
    path.write_text("field_constraints:\n  - age >= 18\nnan_groups:\n  workclass: delete\n")
    params, problems = check("resample", constraints_yaml=str(path))
    assert problems == []
    assert ConstrainerMethod.input_files(params) == [str(path)]
    assert len(ConstrainerMethod(**params).rules()) == 2


@pytest.mark.parametrize(("params", "message"), [
    ({"sampling_ratio": 0}, f"{PATH}.sampling_ratio: must be > 0, got 0"),
    ({"max_trials": 0}, f"{PATH}.max_trials: must be >= 1, got 0"),
    ({"target_row": 5}, f"{PATH}.target_row: unknown parameter; did you mean 'target_rows'?"),
    ({"field_constraints": "age > 1"}, f"{PATH}.field_constraints: expected a list"),
    ({"field_constraints": ["age > 1", 5]}, f"{PATH}.field_constraints.1: expected a string"),
])
def test_ill_typed_parameters_are_reported(params, message):
    _, problems = check("auto", **({"field_constraints": ["a > 1"]} | params))
    assert any(message in p for p in problems)


def test_an_integer_sampling_ratio_is_accepted():
    assert check("auto", field_constraints=["a > 1"], sampling_ratio=5)[1] == []


def test_validate_mode_rejects_resampling_settings():
    _, problems = check("validate", field_constraints=["a > 1"], max_trials=5)
    assert problems == [f"{PATH}.max_trials: only used when resampling (method: resample or "
                        "auto)"]


def test_resample_without_a_synthesizer_in_the_config_is_a_problem():
    found = ResampleConstrainer.check_pipeline({}, PATH, ["Loader", "Constrainer"])
    assert "use method: validate" in found[0]
    assert ConstrainerMethod.check_pipeline({}, PATH, ["Loader", "Constrainer"]) == []


def test_tuple_keyed_combinations_are_stored_as_json():
    params, problems = check("auto", field_combinations=[
        [{("education", "gender"): "income"}, {("Doctorate", "Female"): [">50K"]}]])
    assert problems == []
    assert json.loads(json.dumps(params))["field_combinations"] == [{
        "source": ["education", "gender"], "target": "income",
        "allowed": [{"source": ["Doctorate", "Female"], "target": [">50K"]}]}]


def test_registry_names_and_unknown_method():
    assert REGISTRY.names() == ["auto", "default", "resample", "validate"]
    with pytest.raises(ConfigError, match="did you mean 'resample'"):
        REGISTRY.get("resampel")


def test_rules_raise_a_config_error_naming_each_problem():
    with pytest.raises(ConfigError) as caught:
        ConstrainerMethod(field_constraints=["age >", "x ="]).rules("Constrainer.r")
    assert len(caught.value.problems) == 2


def test_rules_are_checked_against_a_known_schema_before_the_run(adult):
    from petsard.schema.inference import infer_schema

    params = {"field_constraints": ["age >= 18", "age >= '18'", "agee > 1"],
              "nan_groups": {"workclas": "delete"}}
    found = ConstrainerMethod.check_schema(params, infer_schema(adult), PATH)
    assert [p.split(":")[0] for p in found] == [
        f"{PATH}.nan_groups.workclas", f"{PATH}.field_constraints.1",
        f"{PATH}.field_constraints.2"]
    assert "did you mean 'workclass'?" in found[0]


def test_target_rows_written_as_none_means_the_synthesizers_rows():
    clean, problems = check("auto", field_constraints=["a > 1"], target_rows="None")
    assert problems == [] and "target_rows" not in clean
