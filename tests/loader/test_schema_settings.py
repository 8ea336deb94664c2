"""Each setting of PETsARD's Schema YAML has its documented effect when the Loader reads a
table, and is recorded in the loaded schema; every change to the values is told (as counts,
never values) in the log and the loader's notes."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard import Executor
from petsard.exceptions import LoaderError
from petsard.loader.file_loader import FileLoader
from petsard.schema import Schema

ADULT_SCHEMA = Path(__file__).parents[1] / "data" / "schemas" / "adult-income.yaml"


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path, schema, **params) -> tuple[pd.DataFrame, Schema, FileLoader]:
    loader = FileLoader(filepath=str(path), schema=schema, **params)
    data, result = loader.load("table")
    return data, result, loader


# --- a whole schema in the documented form ------------------------------------------------------


def test_a_hand_written_schema_in_the_documented_form_types_the_adult_table(adult_csv):
    data, schema, _ = load(adult_csv, str(ADULT_SCHEMA))  # '?' marks missing in this file

    assert (schema.id, schema.name) == ("adult-income", "Adult census income")
    assert schema.description.startswith("Census extract")
    assert data["age"].dtype == "int64" and schema["age"].kind == "numerical"
    assert schema["age"].description == "Age in years"
    categorical = [a.name for a in schema if a.kind == "categorical"]
    assert categorical == ["workclass", "education", "marital-status", "occupation",
                           "relationship", "race", "gender", "native-country", "income"]
    assert isinstance(data["workclass"].dtype, pd.CategoricalDtype)
    assert "?" not in set(data["workclass"].dropna()) and data["workclass"].isna().any()
    assert schema["workclass"].na_values == ("?",) and schema["workclass"].type_attr.nullable
    assert all(a.source == "user" for a in schema)


def test_the_documented_schema_applies_to_the_bundled_benchmark_too():
    data, schema, _ = load("benchmark://adult-income", str(ADULT_SCHEMA), nrows=200)

    assert len(data) == 200 and schema.id == "adult-income"
    assert schema["income"].kind == "categorical"


def test_one_table_under_schemas_loads_like_the_table_schema(tmp_path):
    path = write(tmp_path, "user_id,email\n1,a@example.org\n2,b@example.org\n")

    data, schema, _ = load(path, {"id": "shop", "schemas": {"users": {
        "attributes": {"user_id": {"type": "int"}, "email": {"type": "str"}}}}})

    assert schema.id == schema.name == "users"
    assert data["user_id"].tolist() == [1, 2] and schema["email"].logical_type == "email"


# --- cast_errors --------------------------------------------------------------------------------


@pytest.fixture
def amounts(tmp_path: Path) -> Path:
    return write(tmp_path, "amount,n\n5,1\nSecret,2\n7.5,3\n")


def test_cast_errors_coerce_is_the_default_and_tells_how_many_values_became_missing(
        amounts, caplog):
    with caplog.at_level(logging.INFO, logger="petsard"):
        data, schema, loader = load(amounts, {"attributes": {"amount": {"type": "int"}}})

    assert data["amount"].tolist()[0] == 5 and data["amount"].isna().sum() == 2
    assert data["amount"].dtype == "Int64" and schema["amount"].cast_errors == "coerce"
    assert loader.notes_ == (
        "field 'amount' has 1 value(s) that are not int (first at data row 2) and 1 "
        "non-integer value(s) (first at data row 3); cast_errors: coerce made them missing",)
    assert "cast_errors: coerce made them missing" in caplog.text
    assert "Secret" not in caplog.text and "Secret" not in " ".join(loader.notes_)


def test_cast_errors_coerce_counts_every_kind_of_unfit_value(tmp_path):
    path = write(tmp_path, "n\n1\nx\n2.5\n")

    data, _, loader = load(path, {"attributes": {"n": {"type": "int"}}})

    assert data["n"].isna().tolist() == [False, True, True] and data["n"].dtype == "Int64"
    assert "1 value(s) that are not int (first at data row 2) and 1 non-integer" in (
        loader.notes_[0])


def test_cast_errors_ignore_keeps_the_column_as_read_and_says_so(amounts, caplog):
    with caplog.at_level(logging.WARNING, logger="petsard"):
        data, schema, loader = load(amounts, {"attributes": {
            "amount": {"type": "float", "cast_errors": "ignore", "precision": 1}}})

    assert data["amount"].tolist() == ["5", "Secret", "7.5"]
    assert schema["amount"].type == "str" and schema["amount"].cast_errors == "ignore"
    assert "precision" not in schema["amount"].type_attr
    assert loader.notes_ == ("field 'amount' has 1 value(s) that are not float (first at data "
                             "row 2); cast_errors: ignore kept the column as read (str)",)
    assert "ignore kept the column as read" in caplog.text


def test_cast_errors_raise_stops_the_load_without_showing_values(amounts):
    with pytest.raises(LoaderError, match=r"'amount' has 1 value\(s\) that are not float "
                                          r"\(first at data row 2\)") as info:
        load(amounts, {"attributes": {"amount": {"type": "float", "cast_errors": "raise"}}})

    assert "Secret" not in str(info.value)


def test_coerced_values_are_filled_with_the_default_value(amounts):
    data, _, loader = load(amounts, {"attributes": {
        "amount": {"type": "float", "default_value": 0}}})

    assert data["amount"].tolist() == [5.0, 0.0, 7.5]
    assert len(loader.notes_) == 2 and "1 missing value(s) filled" in loader.notes_[1]


def test_declared_booleans_coerce_unknown_words_to_missing(tmp_path):
    path = write(tmp_path, "flag\nyes\nmaybe\nno\n")

    data, _, _ = load(path, {"attributes": {"flag": {"type": "boolean"}}})

    assert data["flag"].dtype == "boolean" and data["flag"].isna().tolist() == [False, True,
                                                                                  False]


# --- missing values: default_value and null_strategy ---------------------------------------------


@pytest.fixture
def gaps(tmp_path: Path) -> Path:
    return write(tmp_path, "n,city,score\n1,Taipei,1.5\n,Tainan,\n3,,2.5\n4,Taipei,3.0\n")


def test_default_value_fills_missing_values_as_petsards_align_does(gaps):
    data, schema, loader = load(gaps, {"attributes": {
        "n": {"type": "int", "default_value": 0},
        "city": {"type": "str", "category": True, "default_value": "Unknown"}}})

    assert data["n"].tolist() == [1, 0, 3, 4] and data["n"].dtype == "int64"
    assert data["city"].tolist() == ["Taipei", "Tainan", "Unknown", "Taipei"]
    assert "Unknown" in data["city"].cat.categories
    assert schema["n"].default_value == 0 and schema["n"].null_strategy == "fill"
    assert not schema["n"].type_attr.nullable
    assert loader.notes_ == ("field 'n': 1 missing value(s) filled with its default_value",
                             "field 'city': 1 missing value(s) filled with its default_value")


def test_null_strategy_fill_with_a_default_value_fills(gaps):
    data, schema, _ = load(gaps, {"attributes": {
        "score": {"null_strategy": "fill", "default_value": 0.0}}})

    assert data["score"].tolist() == [1.5, 0.0, 2.5, 3.0]
    assert schema["score"].null_strategy == "fill"


def test_null_strategy_drop_removes_the_rows_and_counts_them(gaps, caplog):
    with caplog.at_level(logging.INFO, logger="petsard"):
        data, schema, loader = load(gaps, {"attributes": {"n": {"null_strategy": "drop"}}})

    assert data["n"].tolist() == [1, 3, 4] and data["n"].dtype == "int64"
    assert data.index.tolist() == [0, 1, 2] and schema.stats.row_count == 3
    assert schema["n"].null_strategy == "drop" and not schema["n"].type_attr.nullable
    assert loader.notes_ == ("null_strategy: drop removed 1 of 4 row(s) with missing values "
                             "('n' 1)",)
    assert "drop removed 1 of 4 row(s)" in caplog.text


def test_null_strategy_keep_leaves_missing_values(gaps):
    data, schema, loader = load(gaps, {"attributes": {"n": {"null_strategy": "keep"}}})

    assert data["n"].isna().sum() == 1 and schema["n"].null_strategy == "keep"
    assert loader.notes_ == ()


def test_nullable_false_holds_once_a_default_value_filled_the_gaps(gaps):
    data, schema, _ = load(gaps, {"attributes": {
        "n": {"type": "int", "nullable": False, "default_value": -1}}})

    assert data["n"].tolist() == [1, -1, 3, 4] and schema["n"].type_attr.nullable is False


def test_a_default_value_that_does_not_fit_the_inferred_type_is_a_loader_error(gaps):
    with pytest.raises(LoaderError, match=r"field 'n': default_value 'none' does not fit its "
                                          r"int values"):
        load(gaps, {"attributes": {"n": {"default_value": "none"}}})


# --- constraints --------------------------------------------------------------------------------


@pytest.fixture
def people(tmp_path: Path) -> Path:
    return write(tmp_path, "age,zip,joined\n34,10617,2021-03-04\n17,2A4,2019-12-31\n"
                           "71,30013,2022-06-01\n")


def test_values_within_their_constraints_load_and_the_constraints_are_recorded(people):
    _, schema, _ = load(people, {"attributes": {
        "age": {"type": "int", "constraints": {"min": 17, "max": 71}},
        "zip": {"type": "str", "constraints": {"pattern": r"[0-9A-Z]{3,5}$"}},
        "joined": {"type": "date", "constraints": {"min": "2019-01-01"}}}})

    assert schema["age"].constraints == {"min": 17, "max": 71}
    assert schema["zip"].constraints == {"pattern": r"[0-9A-Z]{3,5}$"}


def test_values_outside_min_or_max_are_an_error_with_counts_and_rows_not_values(people):
    with pytest.raises(LoaderError) as info:
        load(people, {"attributes": {"age": {"type": "int",
                                             "constraints": {"min": 18, "max": 70}}}})

    assert info.value.message == (
        "'t.csv': field 'age' breaks its constraints: 1 value(s) below its min 18 (first at "
        "data row 2); 1 value(s) above its max 70 (first at data row 3); fix the data or the "
        "schema's constraints")


def test_text_not_matching_the_pattern_is_an_error(people):
    with pytest.raises(LoaderError, match=r"field 'zip' breaks its constraints: 1 value\(s\) "
                                          r"not matching its pattern '\\d\{5\}' \(first at "
                                          r"data row 2\)") as info:
        load(people, {"attributes": {"zip": {"type": "str",
                                             "constraints": {"pattern": r"\d{5}"}}}})

    assert "2A4" not in str(info.value)


def test_date_constraints_compare_dates(people):
    with pytest.raises(LoaderError, match=r"1 value\(s\) below its min 2020-01-01"):
        load(people, {"attributes": {"joined": {"type": "date",
                                                "constraints": {"min": "2020-01-01"}}}})


def test_constraints_are_checked_after_missing_values_are_handled(tmp_path):
    path = write(tmp_path, "age,x\n20,a\n,b\n30,c\n")

    data, _, _ = load(path, {"attributes": {"age": {"constraints": {"min": 18}}}})

    assert data["age"].isna().sum() == 1


def test_a_min_on_a_field_that_holds_text_is_a_loader_error(people):
    with pytest.raises(LoaderError, match=r"field 'zip' holds str values; its constraint min"):
        load(people, {"attributes": {"zip": {"constraints": {"min": 3}}}})


# --- statistics ---------------------------------------------------------------------------------


def test_enable_stats_false_leaves_the_fields_statistics_out(gaps):
    _, schema, _ = load(gaps, {"attributes": {"score": {"enable_stats": False}}})

    assert schema["score"].stats is None and schema["score"].enable_stats is False
    assert schema["n"].stats is not None and schema["n"].enable_stats is True


def test_enable_stats_false_for_the_schema_keeps_the_table_counts(gaps):
    _, schema, _ = load(gaps, {"enable_stats": False,
                               "attributes": {"n": {"enable_stats": True}}})

    assert [a.name for a in schema if a.stats is not None] == ["n"]
    assert schema.stats.row_count == 4 and schema.stats.total_na_count == 3


# --- enable_optimize_type -----------------------------------------------------------------------


@pytest.fixture
def numbers(tmp_path: Path) -> Path:
    return write(tmp_path, "small,medium,large,gappy,price,wide\n1,300,70000,1,1.25,1234567.89\n"
                           "-5,-2,3000000000,,2.5,2.25\n")


def test_types_keep_int64_and_float64_unless_the_schema_asks(numbers):
    data, schema, _ = load(numbers, {"attributes": {"small": {"type": "int"}}})

    assert data["small"].dtype == "int64" and data["price"].dtype == "float64"
    assert schema["small"].enable_optimize_type is False


def test_enable_optimize_type_picks_the_smallest_dtype_that_holds_the_values(numbers):
    data, schema, _ = load(numbers, {"enable_optimize_type": True, "attributes": {}})

    assert [str(data[c].dtype) for c in data.columns] == [
        "int8", "int16", "int64", "Int64", "float32", "float64"]
    assert schema["small"].dtype == "int8" and schema["small"].enable_optimize_type is True
    assert data["price"].tolist() == [1.25, 2.5]


def test_enable_optimize_type_per_field(numbers):
    data, _, _ = load(numbers, {"attributes": {"medium": {"enable_optimize_type": True},
                                               "price": {"precision": 2}}})

    assert data["medium"].dtype == "int16" and data["small"].dtype == "int64"
    assert data["price"].dtype == "float64"


def test_an_optimized_float_keeps_its_declared_decimals(numbers):
    data, _, _ = load(numbers, {"attributes": {
        "price": {"type": "float", "precision": 2, "enable_optimize_type": True}}})

    assert data["price"].dtype == np.float32
    assert data["price"].astype("float64").round(2).tolist() == [1.25, 2.5]


# --- dates, width, names ------------------------------------------------------------------------


def test_type_date_reads_the_given_format_and_records_it(tmp_path):
    path = write(tmp_path, "born\n04/03/1990\n31/12/2001\n")

    data, schema, _ = load(path, {"attributes": {
        "born": {"type": "date", "type_attr": {"format": "%d/%m/%Y"}}}})

    assert data["born"].tolist() == [pd.Timestamp("1990-03-04"), pd.Timestamp("2001-12-31")]
    assert schema["born"].type == "date" and schema["born"].type_attr["format"] == "%d/%m/%Y"


def test_a_date_with_a_time_of_day_does_not_fit_type_date(tmp_path):
    path = write(tmp_path, "day\n2024-01-02\n2024-01-03 10:30\n")

    data, _, loader = load(path, {"attributes": {"day": {"type": "date"}}})

    assert data["day"].isna().tolist() == [False, True]
    assert "1 value(s) with a time of day" in loader.notes_[0]


def test_width_gives_text_codes_back_their_leading_zeros(tmp_path):
    path = tmp_path / "codes.parquet"
    pd.DataFrame({"zip": [7, 10617, 123], "branch": ["007", "12", None]}).to_parquet(path)

    data, schema, loader = load(path, {"attributes": {
        "zip": {"type": "str", "width": 5}, "branch": {"width": 3}}})

    assert data["zip"].tolist() == ["00007", "10617", "00123"]
    assert data["branch"].tolist()[:2] == ["007", "012"]
    assert schema["zip"].type_attr["width"] == 5 and schema["zip"].type == "str"
    assert loader.notes_[0] == "field 'zip': 2 value(s) given leading zeros up to width 5"


def test_zero_padded_codes_in_a_csv_keep_their_zeros_with_a_width(tmp_path):
    path = write(tmp_path, "code\n007\n042\n")

    data, _, loader = load(path, {"attributes": {"code": {"width": 3}}})

    assert data["code"].tolist() == ["007", "042"] and loader.notes_ == ()


def test_a_field_name_equal_to_its_key_is_accepted(tmp_path):
    path = write(tmp_path, "email\na@example.org\n")

    _, schema, _ = load(path, {"fields": {"email": {"name": "email", "type": "str",
                                                    "logical_type": "email"}}})

    assert schema["email"].logical_type == "email"


# --- the record ---------------------------------------------------------------------------------


def test_a_schema_with_every_setting_round_trips_through_the_record(gaps):
    _, schema, _ = load(gaps, {"id": "t", "name": "Gaps", "attributes": {
        "n": {"type": "int", "default_value": 0, "constraints": {"min": 0}},
        "city": {"type": "str", "category": True, "null_strategy": "drop",
                 "na_values": ["-"]},
        "score": {"enable_stats": False, "cast_errors": "raise"}}})

    again = Schema.from_dict(schema.to_dict())

    assert again == schema and again.content_hash() == schema.content_hash()
    assert again["n"].constraints == {"min": 0} and again["city"].na_values == ("-",)


def test_the_schema_name_survives_field_changes(gaps):
    _, schema, _ = load(gaps, {"id": "t", "name": "Gaps", "attributes": {}})

    assert schema.with_attributes(list(schema)[:1]).name == "Gaps"


def test_what_the_schema_changed_is_kept_in_the_run_record(gaps):
    executor = Executor({
        "Loader": {"load": {"filepath": str(gaps), "schema": {"attributes": {
            "n": {"null_strategy": "drop"}, "score": {"default_value": 0.0}}}}},
        "Executor": {"store": "memory"},
    })
    executor.run()

    [snapshot] = executor.status.get_snapshots("Loader")
    assert snapshot.context["info"]["schema_notes"] == [
        "field 'score': 1 missing value(s) filled with its default_value",
        "null_strategy: drop removed 1 of 4 row(s) with missing values ('n' 1)"]


def test_an_unquoted_yaml_date_fills_a_date_field_written_in_another_format(tmp_path):
    path = write(tmp_path, "day,n\n04/03/2024,1\n,2\n")
    schema = tmp_path / "schema.yaml"
    schema.write_text("attributes:\n"
                      "  day:\n"
                      "    type: date\n"
                      "    format: '%d/%m/%Y'\n"
                      "    default_value: 2000-01-01\n", encoding="utf-8")

    data, result, _ = load(path, str(schema))

    assert data["day"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2000-01-01")]
    assert result["day"].default_value == "2000-01-01"
    assert Schema.from_dict(result.to_dict()) == result


def test_a_schema_file_is_an_input_of_the_loader():
    files = FileLoader.input_files({"filepath": "data.csv", "schema": "schema.yaml"})

    assert files == ["data.csv", "schema.yaml"]
