"""field_constraints expressions: grammar, NA semantics, dates, and errors that point."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petsard.constrainer.conditions import check, evaluate, kind_of_series
from petsard.constrainer.expression import Compare, Logical, fields_of, parse, tokenize
from petsard.exceptions import ExpressionError


@pytest.fixture
def people() -> pd.DataFrame:
    return pd.DataFrame({
        "age": [17, 30, 55, 70, None],
        "hours-per-week": [10, 40, 35, 20, 45],
        "income": ["<=50K", ">50K", "<=50K", None, ">50K"],
        "country": ["US", "TW", None, "US", "TW"],
        "weekly hours": [1, 2, 3, 4, 5],
        "member": pd.array([True, False, None, True, False], dtype="boolean"),
    })


def rows(rule: str, data: pd.DataFrame) -> list[int]:
    kinds = {c: kind_of_series(data[c]) for c in data}
    node = parse(rule)
    assert check(node, rule, kinds) == []
    return list(np.flatnonzero(evaluate(node, rule, data)))


def parse_error(rule: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        parse(rule)
    return caught.value


def test_and_binds_tighter_than_or():
    node = parse("a == 1 | b == 2 & c == 3")
    assert isinstance(node, Logical) and node.op == "|"
    assert isinstance(node.terms[1], Logical) and node.terms[1].op == "&"


def test_parentheses_override_precedence(people):
    assert rows("age > 50 | age < 20 & income == '>50K'", people) == [2, 3]
    assert rows("(age > 50 | age < 20) & income == '<=50K'", people) == [0, 2]


def test_hyphenated_field_names_are_one_token(people):
    assert fields_of(parse("hours-per-week >= 20 & hours-per-week <= 40")) == ["hours-per-week"]
    assert rows("hours-per-week >= 20 & hours-per-week <= 40", people) == [1, 2, 3]


def test_backticks_quote_field_names_with_spaces(people):
    assert rows("`weekly hours` > 3", people) == [3, 4]


def test_operators_inside_quoted_strings_are_text(people):
    assert rows("income == '<=50K'", people) == [0, 2]
    assert rows('income == ">50K"', people) == [1, 4]
    assert parse(r"x == 'it\'s'").right.value == "it's"


def test_comparison_with_a_missing_value_is_false(people):
    assert rows("age >= 18", people) == [1, 2, 3]
    assert rows("country != 'US'", people) == [1, 4]


def test_is_and_is_not_test_missing_values(people):
    assert rows("income IS pd.NA", people) == [3]
    assert rows("income IS NOT pd.NA", people) == [0, 1, 2, 4]
    assert rows("age IS None", people) == rows("age IS np.nan", people) == [4]


def test_is_not_with_a_value_keeps_missing_values(people):
    assert rows("country IS NOT 'US'", people) == [1, 2, 4]
    assert rows("country IS 'US'", people) == [0, 3]


def test_a_field_compares_with_a_field(people):
    assert rows("hours-per-week > age", people) == [1]


def test_conditions_compare_with_conditions(people):
    assert rows("(country == 'US') == (income == '>50K')", people) == [2]


def test_boolean_fields_are_conditions(people):
    assert rows("member", people) == [0, 3]
    assert rows("member == False & age > 20", people) == [1]


def test_numbers_negative_float_and_exponent():
    tokens = tokenize("x > -1.5 & y < 1e3 & z == 42")
    numbers = [t.value for t in tokens if t.kind == "NUMBER"]
    assert numbers == [-1.5, 1000.0, 42]
    assert isinstance(numbers[2], int)


@pytest.mark.parametrize("rule", [
    "__import__('os')",
    "__import__('os').system('echo hacked')",
    "age > 5; import os",
    "exec('x')",
    "age.__class__ > 1 | open('x')",
])
def test_python_code_is_a_parse_error_not_run(rule):
    error = parse_error(rule)
    assert "^" in str(error)


@pytest.mark.parametrize(("rule", "message", "column"), [
    ("age >= 18 &", "ends early", 11),
    ("(age > 5", "')' to close the '(' at column 1", 8),
    ("age = 5", "use == to compare", 4),
    ("age > 5 > 3", "comparisons do not chain", 8),
    ("age >= 18 and age < 5", "use & for AND", 10),
    ("age == pd.NA", "use IS pd.NA", 7),
    ("income == 'unterminated", "unterminated string", 10),
    ("age + 1 > 5", "arithmetic is not supported", 4),
    ("age > 5 && age < 6", "write a single '&'", 8),
    ("", "empty expression", 0),
    ("date >= DATE('not a date')", "is not a date", 13),
])
def test_parse_errors_point_at_their_position(rule, message, column):
    error = parse_error(rule)
    assert message in error.problem
    assert error.start == column
    caret_line = str(error).splitlines()[-1]
    assert caret_line.index("^") - len("    ") == column


def test_unknown_fields_are_named_with_a_suggestion(people):
    kinds = {c: kind_of_series(people[c]) for c in people}
    rule = "agee >= 18 & incme == '>50K'"
    errors = check(parse(rule), rule, kinds)
    assert [e.problem for e in errors] == ["unknown field 'agee' (did you mean 'age'?)",
                                           "unknown field 'incme' (did you mean 'income'?)"]
    assert errors[1].start == rule.index("incme")


@pytest.mark.parametrize(("rule", "message"), [
    ("age >= '18'", "write the number without quotes"),
    ("income == 5", "quote the value ('5')"),
    ("age", "not a condition"),
    ("5 == 5", "names no field"),
    ("(age > 5) < (age > 6)", "cannot order conditions"),
    ("age > 5 & income", "joins conditions"),
])
def test_type_problems_are_found_before_evaluation(people, rule, message):
    kinds = {c: kind_of_series(people[c]) for c in people}
    errors = check(parse(rule), rule, kinds)
    assert errors and message in errors[0].problem


def test_dates_compare_with_dates_and_quoted_strings():
    stays = pd.DataFrame({
        "start": pd.to_datetime(["2020-01-01", "2021-06-15", None, "2019-12-31"]),
        "end": pd.to_datetime(["2020-02-01", "2021-06-01", "2022-01-01", None]),
    })
    assert rows("end >= start", stays) == [0]
    assert rows("start >= '2020-01-01'", stays) == [0, 1]
    assert rows("start < DATE('2020-01-01') | start IS pd.NaT", stays) == [2, 3]
    kinds = {"start": "datetime", "end": "datetime"}
    for rule, message in [("start > 5", "DATE('2020-01-31')"),
                          ("start > 'yesterday-ish'", "is not a date")]:
        assert message in check(parse(rule), rule, kinds)[0].problem


def test_timezone_aware_datetimes_compare_with_naive_dates():
    data = pd.DataFrame({"t": pd.to_datetime(["2020-01-01 10:00", "2020-01-03 00:00"]).tz_localize(
        "UTC")})
    assert rows("t < '2020-01-02'", data) == [0]


def test_parsed_rules_are_small_trees_not_code():
    node = parse("a >= 1")
    assert isinstance(node, Compare) and node.op == ">=" and node.left.name == "a"
