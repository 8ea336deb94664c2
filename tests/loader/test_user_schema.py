"""A user schema (dict or YAML file) overrides inference field by field, and a schema that
does not fit the config or the data is reported with its YAML path or its column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from petsard.exceptions import LoaderError
from petsard.loader.file_loader import FileLoader
from petsard.schema import Schema

CSV = ("id,code,amount,day,flag,score,note\n"
       "1,007,10,2024-01-02,yes,1.234,a\n"
       "2,010,,2024-02-03,no,2.5,b\n"
       "3,123,30,2024-03-04,yes,3.75,\n")


@pytest.fixture
def csv_path(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def load(path: Path, schema, **params) -> tuple[pd.DataFrame, Schema]:
    return FileLoader(filepath=str(path), schema=schema, **params).load("table")


def problems(params: dict) -> list[str]:
    return FileLoader.validate_params(params, "Loader.load")[1]


# --- overriding inference -----------------------------------------------------------------------


def test_schema_dict_overrides_inferred_types(csv_path):
    schema = {"fields": {"id": {"type": "str"}, "code": {"type": "int"},
                         "amount": {"type": "float"}, "flag": {"type": "boolean"},
                         "note": {"type": "category"}}}

    data, result = load(csv_path, schema)

    assert data["id"].tolist() == ["1", "2", "3"]
    assert data["code"].tolist() == [7, 10, 123] and data["code"].dtype == "int64"
    assert data["amount"].dtype == "float64"
    assert data["flag"].tolist() == [True, False, True] and data["flag"].dtype == "bool"
    assert isinstance(data["note"].dtype, pd.CategoricalDtype)
    assert [result[c].type for c in ["id", "code", "amount", "flag", "note"]] == [
        "str", "int", "float", "boolean", "str"]
    assert result["note"].type_attr["category"] and result["note"].kind == "categorical"
    assert result["day"].type == "datetime" and result["day"].source == "inferred"
    assert result["code"].source == "user"


def test_schema_yaml_file_overrides_inferred_types(csv_path, tmp_path):
    schema_file = tmp_path / "schema.yaml"
    schema_file.write_text(yaml.safe_dump({
        "name": "people",
        "fields": {"code": {"type": "str", "description": "branch code"},
                   "day": {"type": "str"}, "amount": {"type": "int"}},
    }), encoding="utf-8")

    data, result = load(csv_path, str(schema_file))

    assert result.name == "people"
    assert data["day"].tolist() == ["2024-01-02", "2024-02-03", "2024-03-04"]
    assert data["amount"].dtype == "Int64" and data["amount"].isna().sum() == 1
    assert result["code"].description == "branch code"


def test_attributes_and_enable_null_are_accepted_as_petsard_aliases(csv_path):
    schema = {"attributes": {"amount": {"type": "int", "enable_null": True}}}

    data, result = load(csv_path, schema)

    assert data["amount"].dtype == "Int64" and result["amount"].type_attr.nullable


def test_zero_padded_codes_declared_int_lose_their_padding_on_request(csv_path):
    data, _ = load(csv_path, {"fields": {"code": {"type": "int"}}})

    assert data["code"].tolist() == [7, 10, 123]


def test_logical_type_and_description_annotate_without_changing_the_values(csv_path):
    schema = {"fields": {"id": {"logical_type": "phone", "description": "row id"}}}

    data, result = load(csv_path, schema)

    assert data["id"].dtype == "int64" and result["id"].kind == "numerical"
    assert result["id"].logical_type == "phone" and result["id"].description == "row id"


def test_declared_datetime_uses_the_given_format(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("d\n03/04/2024\n12/31/2024\n", encoding="utf-8")

    data, _ = load(path, {"fields": {"d": {"type": "datetime", "format": "%m/%d/%Y"}}})

    assert data["d"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-12-31")]


def test_schema_na_values_mark_missing_only_in_their_field(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n-1,-1\n2,3\n", encoding="utf-8")

    data, result = load(path, {"fields": {"a": {"na_values": "-1"}}})

    assert data["a"].isna().tolist() == [True, False] and data["a"].dtype == "Int64"
    assert data["b"].tolist() == [-1, 3]
    assert result["a"].type_attr.nullable and not result["b"].type_attr.nullable


def test_fields_without_na_values_keep_every_value(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n(),x\n[],y\n", encoding="utf-8")

    data, _ = load(path, {"fields": {"a": {"type": "str"}, "b": {"type": "str"}}})

    assert data["a"].tolist() == ["()", "[]"]


def test_precision_rounds_floats_and_is_recorded(csv_path):
    data, result = load(csv_path, {"fields": {"score": {"type": "float", "precision": 1}}})

    assert data["score"].tolist() == [1.2, 2.5, 3.8]
    assert result["score"].type_attr.precision == 1


def test_precision_zero_on_an_int_field_is_harmless(csv_path):
    data, result = load(csv_path, {"fields": {"id": {"precision": 0}}})

    assert data["id"].tolist() == [1, 2, 3] and result["id"].type_attr.precision == 0


def test_nullable_false_on_a_complete_field_is_kept(csv_path):
    _, result = load(csv_path, {"fields": {"id": {"nullable": False}}})

    assert result["id"].type_attr.nullable is False and result["id"].source == "user"


def test_nullable_true_on_a_complete_field_is_recorded(csv_path):
    _, result = load(csv_path, {"fields": {"id": {"nullable": True}}})

    assert result["id"].type_attr.nullable is True


def test_schema_applies_to_parquet_columns(tmp_path):
    path = tmp_path / "t.parquet"
    pd.DataFrame({"n": [1.0, 2.0, None], "s": [1, 2, 3], "c": ["x", "y", "x"]}).to_parquet(path)

    data, result = load(path, {"fields": {"n": {"type": "int"}, "s": {"type": "str"},
                                          "c": {"type": "category"}}})

    assert data["n"].dtype == "Int64" and data["n"].tolist()[:2] == [1, 2]
    assert data["s"].tolist() == ["1", "2", "3"]
    assert result["c"].type == "str" and result["c"].kind == "categorical"


def test_loaded_table_with_user_schema_round_trips(csv_path):
    _, result = load(csv_path, {"name": "people", "fields": {
        "score": {"type": "float", "precision": 2, "description": "test score"},
        "note": {"type": "category"}}})

    assert Schema.from_dict(result.to_dict()) == result


# --- data that does not fit the schema (cast_errors: raise) ------------------------------------


def test_schema_naming_a_column_not_in_the_file_lists_the_file_columns(csv_path):
    with pytest.raises(LoaderError) as info:
        load(csv_path, {"fields": {"age": {"type": "int"}}})

    message = str(info.value)
    assert "['age']" in message and "people.csv" in message and "'note'" in message


def test_nullable_false_with_missing_values_counts_them(csv_path):
    with pytest.raises(LoaderError, match=r"'amount'.*nullable: false.*1 missing") as info:
        load(csv_path, {"fields": {"amount": {"nullable": False}}})

    assert "people.csv" in str(info.value) and "nullable: true" in str(info.value)


def test_declared_int_with_fractional_values_names_the_first_row(csv_path):
    with pytest.raises(LoaderError, match=r"'score' has 3 non-integer value\(s\) "
                                          r"\(first at data row 1\)") as info:
        load(csv_path, {"fields": {"score": {"type": "int", "cast_errors": "raise"}}})

    assert "1.234" not in str(info.value)


def test_declared_int_on_parquet_floats_with_fractions_is_not_rounded_silently(tmp_path):
    path = tmp_path / "t.parquet"
    pd.DataFrame({"f": [1.0, 2.5]}).to_parquet(path)

    with pytest.raises(LoaderError, match=r"'f' has 1 non-integer value\(s\) .*data row 2"):
        load(path, {"fields": {"f": {"type": "int", "cast_errors": "raise"}}})


def test_declared_number_on_text_counts_bad_values_without_showing_them(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('amount\n5\n"1,234"\nSecretValue\n', encoding="utf-8")

    with pytest.raises(LoaderError, match=r"'amount' has 2 value\(s\) that are not float "
                                          r"\(first at data row 2\)") as info:
        load(path, {"fields": {"amount": {"type": "float", "cast_errors": "raise"}}})

    assert "SecretValue" not in str(info.value) and "na_values" in str(info.value)


def test_declared_datetime_with_unparseable_values_is_an_error(csv_path):
    with pytest.raises(LoaderError, match=r"'note' has 2 value\(s\) that are not datetime"):
        load(csv_path, {"fields": {"note": {"type": "datetime", "cast_errors": "raise"}}})


def test_declared_boolean_with_other_values_is_a_loader_error(csv_path):
    with pytest.raises(LoaderError, match=r"column 'note'.*not booleans"):
        load(csv_path, {"fields": {"note": {"type": "boolean", "cast_errors": "raise"}}})


def test_precision_on_a_text_field_is_an_error(csv_path):
    with pytest.raises(LoaderError, match=r"'note' has a precision.*numbers only"):
        load(csv_path, {"fields": {"note": {"precision": 2}}})


def test_invalid_schema_given_directly_to_load_is_a_loader_error(csv_path):
    with pytest.raises(LoaderError, match=r"schema\.fields\.id\.type: unknown type 'integr'"):
        load(csv_path, {"fields": {"id": {"type": "integr"}}})


# --- config-time validation ---------------------------------------------------------------------


def test_valid_schema_has_no_config_problems(csv_path):
    assert problems({"filepath": str(csv_path), "schema": {"fields": {
        "id": {"type": "int", "nullable": False, "precision": 0, "na_values": ["?", "-"],
               "logical_type": "url", "description": "row id"},
        "day": {"type": "datetime", "format": "%Y-%m-%d"}}}}) == []


@pytest.mark.parametrize("field, expected", [
    ({"type": "integr"}, "Loader.load.schema.fields.age.type: unknown type 'integr'; "
                         "did you mean 'integer'?"),
    ({"logical_type": "numerical"}, "Loader.load.schema.fields.age.logical_type: expected "
                                    "what the values mean (email, url, phone...), got "
                                    "'numerical'"),
    ({"nullable": "yes"}, "Loader.load.schema.fields.age.nullable: expected true or false"),
    ({"precision": -1}, "Loader.load.schema.fields.age.precision: expected an integer >= 0"),
    ({"precison": 2}, "Loader.load.schema.fields.age.precison: unknown field setting; "
                      "did you mean 'precision'?"),
])
def test_each_bad_field_setting_is_reported_with_its_yaml_path(csv_path, field, expected):
    found = problems({"filepath": str(csv_path), "schema": {"fields": {"age": field}}})

    assert len(found) == 1 and found[0].startswith(expected)


def test_all_schema_problems_are_reported_at_once(csv_path):
    found = problems({"filepath": str(csv_path), "schema": {
        "fieds": {}, "fields": {"a": {"type": "?"}, "b": {"nullable": 1}, "c": "int"}}})

    assert [p.split(":")[0] for p in found] == [
        "Loader.load.schema.fieds", "Loader.load.schema.fields.a.type",
        "Loader.load.schema.fields.b.nullable", "Loader.load.schema.fields.c"]


def test_attributes_problems_use_the_attributes_path(csv_path):
    found = problems({"filepath": str(csv_path),
                      "schema": {"attributes": {"a": {"type": "nope"}}}})

    assert found[0].startswith("Loader.load.schema.attributes.a.type:")


def test_missing_schema_file_is_a_config_problem(csv_path, tmp_path):
    found = problems({"filepath": str(csv_path), "schema": str(tmp_path / "nope.yaml")})

    assert found == [f"Loader.load.schema: schema file not found: '{tmp_path / 'nope.yaml'}'"]


def test_schema_file_with_invalid_yaml_is_a_config_problem(csv_path, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("fields: [unclosed\n", encoding="utf-8")

    found = problems({"filepath": str(csv_path), "schema": str(bad)})

    assert len(found) == 1 and found[0].startswith("Loader.load.schema: schema file")
    assert "not valid YAML" in found[0]


def test_schema_that_is_not_a_mapping_is_a_config_problem(csv_path):
    found = problems({"filepath": str(csv_path), "schema": ["id", "int"]})

    assert found and found[0].startswith("Loader.load.schema")


def test_column_types_with_an_unknown_type_is_a_config_problem(csv_path):
    found = problems({"filepath": str(csv_path), "column_types": {"categry": ["code"]}})

    assert found[0].startswith("Loader.load.column_types.categry: unknown type")


def test_column_typed_twice_in_schema_and_column_types_is_a_config_problem(csv_path):
    found = problems({"filepath": str(csv_path), "column_types": {"category": ["code"]},
                      "schema": {"fields": {"code": {"type": "str"}}}})

    assert found == ["Loader.load.column_types: fields ['code'] are also typed in schema; "
                     "keep one of the two"]


@pytest.mark.parametrize("params, prefix", [
    ({"filepath": "x.csv", "nrows": 0}, "Loader.load.nrows:"),
    ({"filepath": "x.csv", "nrows": "ten"}, "Loader.load.nrows:"),
    ({"filepath": "x.csv", "filpath": "x.csv"},
     "Loader.load.filpath: unknown parameter; did you mean 'filepath'?"),
    ({"nrows": 10}, "Loader.load.filepath: required parameter is missing"),
    ({"filepath": "benchmark://adult"}, "Loader.load.filepath: unknown benchmark"),
])
def test_bad_loader_parameters_are_config_problems(params, prefix):
    found = problems(params)

    assert len(found) == 1 and found[0].startswith(prefix)
