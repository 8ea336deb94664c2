"""The four constraint kinds on adult-income, a small frame with dates, and NaN-heavy fields."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard.constrainer.apply_rules import validate
from petsard.constrainer.proportions import FieldProportion, proportion_table, select
from petsard.constrainer.rules import kinds_of
from petsard.constrainer.ruleset import RuleSet, read_rules, read_rules_file


def rules_of(**sections) -> RuleSet:
    rules, problems = read_rules(sections, lambda sub: f"C.r.{sub}" if sub else "C.r")
    assert problems == []
    return rules


def problems_of(data: pd.DataFrame | None = None, **sections) -> list[str]:
    rules, problems = read_rules(sections, lambda sub: f"C.r.{sub}" if sub else "C.r")
    if rules is not None and data is not None:
        problems = rules.check(kinds_of(data), "C.r")
    return problems


@pytest.fixture
def stays() -> pd.DataFrame:
    return pd.DataFrame({
        "start": pd.to_datetime(["2020-01-01", "2021-06-15", None, "2019-12-31", "2022-03-01"]),
        "end": pd.to_datetime(["2020-02-01", "2021-06-01", "2022-01-01", None, None]),
        "ward": ["A", "B", "A", None, "C"],
        "days": [31.0, None, 10.0, 3.0, None],
    })


# --- nan_groups ----------------------------------------------------------------------------

def test_nan_groups_delete_rejects_rows_missing_the_field(adult):
    result = validate(rules_of(nan_groups={"workclass": "delete"}), adult, adult)
    assert result.summary.loc[0, "failed"] == adult["workclass"].isna().sum()
    assert result.failing_rows["row"].tolist() == list(np.flatnonzero(adult["workclass"].isna()))


def test_nan_groups_erase_clears_targets_when_the_field_is_missing(adult):
    rules = rules_of(nan_groups={"occupation": {"erase": ["income", "workclass"]}})
    broken = adult["occupation"].isna() & (adult["income"].notna() | adult["workclass"].notna())
    assert rules.failures(adult)[:, 0].sum() == broken.sum() > 0
    repaired = rules.repair(adult)
    gone = adult["occupation"].isna()
    assert repaired.loc[gone, ["income", "workclass"]].isna().all().all()
    assert repaired.loc[~gone, "income"].equals(adult.loc[~gone, "income"])
    assert not rules.failures(repaired).any()


def test_nan_groups_copy_fills_a_missing_target_from_the_field(stays):
    rules = rules_of(nan_groups={"start": {"copy": "end"}})
    repaired = rules.repair(stays)
    assert repaired["end"].tolist()[3] == stays["start"][3]
    assert pd.isna(repaired["end"][4]) is False and repaired["end"][4] == stays["start"][4]
    assert repaired["end"][0] == stays["end"][0]


def test_nan_if_condition_sets_the_field_missing_where_a_condition_holds(adult):
    rules = rules_of(nan_groups={"capital-gain": {
        "nan_if_condition": {"workclass": ["Never-worked", "Without-pay"]}}})
    hit = adult["workclass"].isin(["Never-worked", "Without-pay"])
    assert rules.failures(adult)[:, 0].sum() == hit.sum() > 0
    repaired = rules.repair(adult)
    assert repaired.loc[hit, "capital-gain"].isna().all()
    assert repaired.loc[~hit, "capital-gain"].notna().all()


def test_nan_groups_rules_apply_deletes_first_in_the_documented_order():
    rules = rules_of(nan_groups={"occupation": {"erase": "income"}, "workclass": "delete"})
    assert [r.rule_id for r in rules.rules] == ["nan_groups.workclass",
                                               "nan_groups.occupation.erase"]


@pytest.mark.parametrize(("section", "message"), [
    ({"a": {"delete": True, "erase": "b"}}, "C.r.nan_groups.a: 'delete' cannot be combined"),
    ({"a": {"eras": "b"}}, "C.r.nan_groups.a.eras: unknown action; did you mean 'erase'?"),
    ({"a": "remove"}, "C.r.nan_groups.a: expected 'delete' or a mapping of actions"),
    ({"a": {"copy": "a"}}, "C.r.nan_groups.a.copy: 'a' cannot copy itself"),
    ({"a": {"erase": []}}, "C.r.nan_groups.a.erase: expected a field name or a list"),
    ({"a": {"nan_if_condition": "b"}}, "C.r.nan_groups.a.nan_if_condition: expected a mapping"),
    (["a"], "C.r.nan_groups: expected a mapping of field names"),
])
def test_bad_nan_groups_are_reported_with_their_path(section, message):
    assert any(message in p for p in problems_of(nan_groups=section))


def test_nan_groups_copy_between_kinds_is_a_schema_problem(adult):
    found = problems_of(adult, nan_groups={"age": {"copy": "workclass"}})
    assert found == ["C.r.nan_groups.age.copy: cannot copy numerical field 'age' into string "
                     "field 'workclass'"]


# --- field_constraints ---------------------------------------------------------------------

def test_field_constraints_count_the_rows_each_rule_rejects(adult):
    rules = rules_of(field_constraints=["age >= 18 & age <= 65",
                                        "hours-per-week >= 20 & hours-per-week <= 60",
                                        "income == '<=50K' | (age > 50 & hours-per-week < 40)"])
    summary = validate(rules, adult, adult).summary
    age, hours = adult["age"], adult["hours-per-week"]
    expected = [(~age.between(18, 65)).sum(), (~hours.between(20, 60)).sum(),
                (~((adult["income"] == "<=50K") | ((age > 50) & (hours < 40)))).sum()]
    assert summary["failed"].tolist() == expected
    assert (summary["passed"] + summary["failed"] == len(adult)).all()


def test_field_constraints_on_dates(stays):
    rules = rules_of(field_constraints=["end >= start", "start >= '2020-01-01' | start IS pd.NA"])
    failures = rules.failures(stays)
    assert failures[:, 0].tolist() == [False, True, True, True, True]
    assert failures[:, 1].tolist() == [False, False, False, True, False]


def test_unknown_fields_and_bad_types_are_named_per_rule(adult):
    found = problems_of(adult, field_constraints=["age > 18", "agee > 18", "workclass > 3"])
    assert found[0].startswith("C.r.field_constraints.1: unknown field 'agee' (did you mean "
                               "'age'?)")
    assert found[1].startswith("C.r.field_constraints.2: cannot compare string field "
                               "'workclass' with the number 3")
    assert len(found) == 2


# --- field_combinations --------------------------------------------------------------------

def test_field_combinations_constrain_only_listed_source_values(adult):
    rules = rules_of(field_combinations=[[{"education": "income"},
                                          {"Doctorate": [">50K"], "Masters": [">50K", "<=50K"]}]])
    doctor = adult["education"] == "Doctorate"
    masters = adult["education"] == "Masters"
    expected = (doctor & (adult["income"] != ">50K")) | (masters & ~adult["income"].isin(
        [">50K", "<=50K"]))
    assert rules.failures(adult)[:, 0].sum() == expected.sum() > 0


def test_field_combinations_with_several_source_fields_from_a_rules_file(adult, tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "field_combinations:\n"
        "  - - ? [education, gender]\n"
        "      : income\n"
        "    - ? [Doctorate, Female]\n"
        "      : ['>50K']\n")
    rules, problems = read_rules_file(str(path), "C.r.constraints_yaml")
    assert problems == []
    hit = (adult["education"] == "Doctorate") & (adult["gender"] == "Female")
    assert rules.failures(adult)[:, 0].sum() == (hit & (adult["income"] != ">50K")).sum() > 0


def test_field_combinations_explicit_form_matches_the_petsard_form(adult):
    explicit = rules_of(field_combinations=[{
        "source": ["education", "gender"], "target": "income",
        "allowed": [{"source": ["Doctorate", "Female"], "target": [">50K"]}]}])
    tupled = rules_of(field_combinations=[[{("education", "gender"): "income"},
                                           {("Doctorate", "Female"): [">50K"]}]])
    assert (explicit.failures(adult) == tupled.failures(adult)).all()


def test_field_combinations_match_missing_values_with_pd_na(adult):
    rules = rules_of(field_combinations=[[{"workclass": "occupation"}, {"pd.NA": ["pd.NA"]}]])
    broken = adult["workclass"].isna() & adult["occupation"].notna()
    assert rules.failures(adult)[:, 0].sum() == broken.sum()


def test_field_combinations_values_of_the_wrong_kind_are_problems(adult):
    found = problems_of(adult, field_combinations=[[{"educational-num": "income"},
                                                    {"sixteen": [">50K"]}]])
    assert found == ["C.r.field_combinations.0: 'sixteen' is text but 'educational-num' is "
                     "numerical: write the number without quotes"]


def test_numbers_in_yaml_match_text_fields():
    data = pd.DataFrame({"code": ["1", "2", "1"], "grade": ["A", "B", "B"]})
    rules = rules_of(field_combinations=[[{"code": "grade"}, {1: ["A"]}]])
    assert rules.failures(data)[:, 0].tolist() == [False, False, True]


# --- field_proportions ---------------------------------------------------------------------

def test_field_proportions_of_the_original_are_met_by_the_original(adult):
    rules = [FieldProportion("p.0", ("education",), "all", 0.01),
             FieldProportion("p.1", ("workclass",), "missing", 0.001)]
    table = proportion_table(rules, adult, adult)
    assert table["within"].all()
    assert table.groupby("rule")["rows"].sum().tolist() == [len(adult), len(adult)]


def test_selection_repairs_skewed_shares_within_tolerance(adult):
    skewed = pd.concat([adult, adult[adult["education"] == "HS-grad"]] * 2, ignore_index=True)
    rules = [FieldProportion("p.0", ("education",), "all", 0.005),
             FieldProportion("p.1", ("workclass", "occupation"), "missing", 0.002)]
    assert not proportion_table(rules, skewed.head(20_000), adult)["within"].all()
    picked, shortfall = select(skewed, 20_000, rules, adult)
    assert shortfall is None and len(picked) == 20_000 == len(set(picked))
    assert proportion_table(rules, skewed.iloc[picked], adult)["within"].all()


def test_selection_reports_a_category_the_pool_lacks(adult):
    pool = adult[adult["education"] != "Doctorate"]
    rules = [FieldProportion("p.0", ("education",), "all", 0.001)]
    picked, shortfall = select(pool, 10_000, rules, adult)
    assert picked is None
    assert (shortfall.rule_id, shortfall.label, shortfall.have) == ("p.0", "Doctorate", 0)
    assert shortfall.needed == int(np.ceil((413 / len(adult) - 0.001) * 10_000))


@pytest.mark.parametrize(("rule", "message"), [
    ({"fields": "education", "mode": "some"}, "C.r.field_proportions.0.mode: expected 'all'"),
    ({"fields": "education", "mode": "all", "tolerance": 2},
     "C.r.field_proportions.0.tolerance: expected a number from 0 to 1"),
    ({"fields": [], "mode": "all"}, "C.r.field_proportions.0.fields: expected a field name"),
    ({"field": "education", "mode": "all"}, "C.r.field_proportions.0.field: unknown key; did "
                                            "you mean 'fields'?"),
])
def test_bad_field_proportions_are_reported_with_their_path(rule, message):
    assert any(message in p for p in problems_of(field_proportions=[rule]))


def test_field_proportions_mode_all_needs_a_categorical_field(adult):
    found = problems_of(adult, field_proportions=[{"fields": "age", "mode": "all"}])
    assert "mode 'all' keeps category shares, but 'age' is numerical" in found[0]


def test_the_same_proportion_rule_twice_is_a_problem():
    rule = {"fields": "education", "mode": "all"}
    assert "listed twice" in problems_of(field_proportions=[rule, rule])[0]


# --- NaN-heavy fields ----------------------------------------------------------------------

def test_nan_heavy_fields_count_missing_values_as_failing_comparisons(adult):
    data = adult.copy()
    rng = np.random.default_rng(0)
    data.loc[rng.random(len(data)) < 0.9, "capital-gain"] = np.nan
    rules = rules_of(field_constraints=["capital-gain >= 0",
                                        "capital-gain IS pd.NA | capital-gain < 5000"],
                     field_proportions=[{"fields": "capital-gain", "mode": "missing",
                                         "tolerance": 0.01}])
    result = validate(rules, data, data)
    missing = data["capital-gain"].isna().sum()
    assert result.summary.loc[0, "failed"] == missing
    assert result.summary.loc[1, "failed"] == (data["capital-gain"] >= 5000).sum()
    assert result.proportions["within"].all()


def test_all_missing_field_validates_without_errors(stays):
    stays = stays.assign(ward=None)
    rules = rules_of(nan_groups={"ward": "delete"},
                     field_combinations=[[{"ward": "days"}, {"A": [1.0]}]])
    summary = validate(rules, stays, stays).summary
    assert summary["failed"].tolist() == [len(stays), 0]


def test_a_rules_file_reports_problems_with_file_rule_and_line(tmp_path: Path):
    path = tmp_path / "rules.yaml"
    path.write_text("field_constraints:\n  - age > 5\n  - age >> 5\nfield_proportion: []\n")
    _, problems = read_rules_file(str(path), "Constrainer.r.constraints_yaml")
    assert problems[0].startswith("Constrainer.r.constraints_yaml: rules.yaml, field_proportion "
                                  "(line 4): unknown constraint section; did you mean "
                                  "'field_proportions'?")
    assert problems[1].startswith("Constrainer.r.constraints_yaml: rules.yaml, "
                                  "field_constraints.1 (line 3): unexpected '>'")
