"""FileLoader on well-formed files: every format, type inference, loader options, benchmarks."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard import Executor
from petsard.exceptions import ConfigError, LoaderError
from petsard.loader.file_loader import FileLoader
from petsard.schema import Schema

TABLE = pd.DataFrame({
    "id": [1, 2, 3],
    "city": ["Taipei", "Tainan", None],
    "score": [1.5, 2.25, None],
    "joined": pd.to_datetime(["2024-01-02", "2024-02-03", "2024-03-04"]),
})


def load(path: Path | str, **params) -> tuple[pd.DataFrame, Schema]:
    return FileLoader(filepath=str(path), **params).load("table")


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def dtypes(data: pd.DataFrame) -> dict[str, str]:
    return {column: str(dtype) for column, dtype in data.dtypes.items()}


# --- formats ----------------------------------------------------------------------------------


def test_csv_with_byte_order_mark_has_clean_first_column_name(tmp_path):
    path = write(tmp_path, "bom.csv", "id,name\n1,a\n2,b\n", encoding="utf-8-sig")

    data, schema = load(path)

    assert list(data.columns) == ["id", "name"]
    assert schema.columns == ["id", "name"]
    assert data["id"].tolist() == [1, 2]


def test_csv_with_byte_order_mark_is_clean_even_when_encoding_is_plain_utf8(tmp_path):
    path = write(tmp_path, "bom.csv", "id,name\n1,a\n", encoding="utf-8-sig")

    data, _ = load(path, encoding="utf-8")

    assert list(data.columns) == ["id", "name"]


def test_tsv_is_split_on_tabs(tmp_path):
    path = write(tmp_path, "t.tsv", "a\tb\n1\tx, y\n2\tz\n")

    data, _ = load(path)

    assert data.to_dict("list") == {"a": [1, 2], "b": ["x, y", "z"]}


def test_explicit_separator_is_used_for_semicolon_files(tmp_path):
    path = write(tmp_path, "semi.csv", "a;b\n1;2,5\n")

    data, _ = load(path, sep=";")

    assert data.to_dict("list") == {"a": [1], "b": ["2,5"]}


def test_gzipped_csv_is_read_transparently(tmp_path):
    path = tmp_path / "g.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("a,b\n1,x\n2,y\n")

    data, _ = load(path)

    assert data.to_dict("list") == {"a": [1, 2], "b": ["x", "y"]}
    assert dtypes(data) == {"a": "int64", "b": "object"}


def test_parquet_keeps_its_stored_dtypes(tmp_path):
    path = tmp_path / "t.parquet"
    TABLE.to_parquet(path)

    data, schema = load(path)

    assert dtypes(data) == {"id": "int64", "city": "object", "score": "float64",
                            "joined": "datetime64[ns]"}
    assert [a.type for a in schema] == ["int", "str", "float", "datetime"]
    assert schema["score"].type_attr.nullable and schema["score"].type_attr.precision == 2


@pytest.mark.parametrize("suffix, engine", [(".xlsx", "openpyxl"), (".ods", "odf")])
def test_spreadsheets_are_typed_like_csv(tmp_path, suffix, engine):
    path = tmp_path / f"t{suffix}"
    TABLE.to_excel(path, index=False, engine=engine)

    data, schema = load(path)

    assert dtypes(data) == {"id": "int64", "city": "object", "score": "float64",
                            "joined": "datetime64[ns]"}
    assert data["id"].tolist() == [1, 2, 3]
    assert data["city"].isna().tolist() == [False, False, True]
    assert data["joined"].iloc[1] == pd.Timestamp("2024-02-03")
    assert schema["score"].type_attr.precision == 2


def test_legacy_xls_workbooks_are_typed_like_csv():
    """tests/data/table.xls holds TABLE, written by xlwt (Excel 97-2003 format)."""
    data, schema = load(Path(__file__).parents[1] / "data" / "table.xls")

    assert dtypes(data) == {"id": "int64", "city": "object", "score": "float64",
                            "joined": "datetime64[ns]"}
    assert data["city"].isna().tolist() == [False, False, True]
    assert data["joined"].iloc[1] == pd.Timestamp("2024-02-03")
    assert schema["score"].type_attr.precision == 2


def test_spreadsheet_sheet_is_chosen_by_name(tmp_path):
    path = tmp_path / "two.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name="first", index=False)
        pd.DataFrame({"b": ["x", "y"]}).to_excel(writer, sheet_name="second", index=False)

    data, _ = load(path, sheet_name="second")

    assert data.to_dict("list") == {"b": ["x", "y"]}


def test_spreadsheet_nrows_counts_data_rows_not_the_header(tmp_path):
    path = tmp_path / "t.xlsx"
    TABLE.to_excel(path, index=False)

    data, _ = load(path, nrows=2)

    assert data["id"].tolist() == [1, 2]


# --- type inference from text -------------------------------------------------------------------


def test_text_columns_are_inferred_to_the_most_specific_type(tmp_path):
    path = write(tmp_path, "t.csv",
                 "count,gappy,code,price,day,flag,flag_gappy,name\n"
                 "1,10,007,1.5,2024-01-02,true,True,bob\n"
                 "2,,010,2.25,2024-02-29,false,,alice\n"
                 "3,30,123,3,2024-12-31,TRUE,false,carol\n")

    data, schema = load(path)

    assert dtypes(data) == {
        "count": "int64", "gappy": "Int64", "code": "object", "price": "float64",
        "day": "datetime64[ns]", "flag": "bool", "flag_gappy": "boolean", "name": "object",
    }
    assert data["code"].tolist() == ["007", "010", "123"]
    assert data["gappy"].isna().tolist() == [False, True, False]
    assert data["flag"].tolist() == [True, False, True]
    assert {a.name: a.kind for a in schema} == {
        "count": "numerical", "gappy": "numerical", "code": "categorical",
        "price": "numerical", "day": "datetime", "flag": "boolean", "flag_gappy": "boolean",
        "name": "categorical",
    }


def test_float_precision_is_the_number_of_decimals_observed(tmp_path):
    path = write(tmp_path, "t.csv", "one,two,three,whole\n1.5,1.25,0.125,2.0\n2.0,3.10,1.5,3.0\n")

    _, schema = load(path)

    assert {a.name: a.type_attr.precision for a in schema} == {
        "one": 1, "two": 2, "three": 3, "whole": 0}
    assert schema["one"].type == "float"


def test_integer_attributes_carry_min_max_and_precision_zero(tmp_path):
    path = write(tmp_path, "t.csv", "n\n5\n-3\n12\n")

    _, schema = load(path)

    field = schema["n"]
    assert (field.type, field.dtype, field.type_attr.precision) == ("int", "int64", 0)
    assert (field.stats.min, field.stats.max, field.stats.unique_count) == (-3, 12, 3)
    assert field.type_attr.nullable is False and field.stats.na_percentage == 0.0


def test_numbers_with_thousands_separators_stay_strings(tmp_path):
    path = write(tmp_path, "t.csv", 'amount\n"1,234"\n"2,000,000"\n')

    data, schema = load(path)

    assert data["amount"].tolist() == ["1,234", "2,000,000"]
    assert schema["amount"].type == "str"


def test_numbers_with_surrounding_spaces_are_still_numbers(tmp_path):
    path = write(tmp_path, "t.csv", "n,x\n 5 ,1.5\n6, 2.25 \n")

    data, _ = load(path)

    assert data["n"].tolist() == [5, 6] and data["n"].dtype == "int64"
    assert data["x"].tolist() == [1.5, 2.25]


def test_text_with_surrounding_spaces_is_kept_verbatim(tmp_path):
    path = write(tmp_path, "t.csv", "name\n bob \nalice\n")

    data, _ = load(path)

    assert data["name"].tolist() == [" bob ", "alice"]


def test_mixed_numbers_and_words_stay_strings(tmp_path):
    path = write(tmp_path, "t.csv", "v\n1\ntwo\n3.5\n")

    data, schema = load(path)

    assert data["v"].tolist() == ["1", "two", "3.5"]
    assert schema["v"].type == "str"


def test_integers_beyond_int64_stay_strings(tmp_path):
    path = write(tmp_path, "t.csv", "big\n99999999999999999999\n1\n")

    data, _ = load(path)

    assert data["big"].tolist() == ["99999999999999999999", "1"]


def test_all_missing_column_is_nullable_with_full_missing_ratio(tmp_path):
    path = write(tmp_path, "t.csv", "a,empty\n1,\n2,\n")

    data, schema = load(path)

    assert data["empty"].isna().all()
    assert schema["empty"].type_attr.nullable and schema["empty"].stats.na_percentage == 1.0
    assert schema["a"].dtype == "int64"


def test_single_row_file_is_typed(tmp_path):
    path = write(tmp_path, "t.csv", "a,b,c\n1,x,2024-05-06\n")

    data, schema = load(path)

    assert len(data) == 1 and schema.stats.row_count == 1
    assert dtypes(data) == {"a": "int64", "b": "object", "c": "datetime64[ns]"}


def test_a_header_without_rows_fails_at_the_loader_naming_the_file(tmp_path):
    path = write(tmp_path, "t.csv", "a,b\n")

    with pytest.raises(LoaderError, match=r"'t\.csv' has a header but no rows"):
        load(path)


def test_default_missing_markers_are_missing(tmp_path):
    path = write(tmp_path, "t.csv", "a,b\n1,x\nNA,\n3,NaN\n")

    data, _ = load(path)

    assert data["a"].dtype == "Int64" and data["a"].isna().tolist() == [False, True, False]
    assert data["b"].isna().tolist() == [False, True, True]


# --- loader options -----------------------------------------------------------------------------


def test_na_values_string_applies_to_every_column(tmp_path):
    path = write(tmp_path, "t.csv", "a,b\n1,x\n-,y\n3,-\n")

    data, schema = load(path, na_values="-")

    assert data["a"].dtype == "Int64" and data["a"].isna().tolist() == [False, True, False]
    assert data["b"].isna().tolist() == [False, False, True]
    assert schema["a"].type_attr.nullable
    assert schema["a"].stats.na_count == 1 and schema["a"].stats.na_percentage == 0.3333


def test_na_values_list_marks_every_listed_value(tmp_path):
    path = write(tmp_path, "t.csv", "a,b\n1,x\n-99,unknown\n3,y\n")

    data, _ = load(path, na_values=["-99", "unknown"])

    assert data["a"].tolist()[0] == 1 and data["a"].isna().tolist() == [False, True, False]
    assert data["b"].isna().tolist() == [False, True, False]


def test_na_values_match_cells_with_surrounding_spaces(tmp_path):
    path = write(tmp_path, "t.csv", "b\nx\n ? \n")

    data, _ = load(path, na_values="?")

    assert data["b"].isna().tolist() == [False, True]


def test_na_values_per_column_only_touch_their_column(tmp_path):
    path = write(tmp_path, "t.csv", "a,b\n0,0\n1,x\n2,y\n")

    data, _ = load(path, na_values={"a": "0", "b": ["x"]})

    assert data["a"].isna().tolist() == [True, False, False] and data["a"].dtype == "Int64"
    assert data["b"].isna().tolist() == [False, True, False]
    assert data["b"].tolist()[0] == "0"


def test_na_values_in_typed_parquet_integer_column_give_nullable_integers(tmp_path):
    path = tmp_path / "t.parquet"
    pd.DataFrame({"a": [1, 99, 3], "ok": [True, False, True]}).to_parquet(path)

    data, schema = load(path, na_values=99)

    assert data["a"].dtype == "Int64"
    assert data["a"].isna().tolist() == [False, True, False]
    assert data["ok"].dtype == "bool"
    assert schema["a"].type == "int" and schema["a"].type_attr.nullable


def test_nrows_reads_only_the_first_rows_and_types_them(tmp_path):
    path = write(tmp_path, "t.csv", "a,b\n1,x\n2,y\n3.5,z\n")

    data, schema = load(path, nrows=2)

    assert data["a"].tolist() == [1, 2] and data["a"].dtype == "int64"
    assert schema.stats.row_count == 2


def test_header_names_name_the_columns_of_a_file_without_header(tmp_path):
    path = write(tmp_path, "t.csv", "1,x\n2,y\n")

    data, schema = load(path, header_names=["n", "letter"])

    assert data.to_dict("list") == {"n": [1, 2], "letter": ["x", "y"]}
    assert schema.columns == ["n", "letter"]


def test_header_names_rename_parquet_columns(tmp_path):
    path = tmp_path / "t.parquet"
    TABLE.to_parquet(path)

    data, _ = load(path, header_names=["A", "B", "C", "D"], nrows=1)

    assert list(data.columns) == ["A", "B", "C", "D"] and len(data) == 1


def test_column_types_force_category_and_datetime(tmp_path):
    path = write(tmp_path, "t.csv", "zip,day,n\n100,20240102,1\n200,20240203,2\n")

    data, schema = load(path, column_types={"category": ["zip"], "datetime": ["day"]})

    assert isinstance(data["zip"].dtype, pd.CategoricalDtype)
    assert data["zip"].tolist() == ["100", "200"]
    assert data["day"].dtype == "datetime64[ns]"
    assert data["day"].tolist() == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-02-03")]
    assert schema["zip"].kind == "categorical" and schema["n"].dtype == "int64"


def test_column_types_naming_a_missing_column_is_an_error(tmp_path):
    path = write(tmp_path, "t.csv", "a\n1\n")

    with pytest.raises(LoaderError, match=r"not in 't.csv': \['nope'\]"):
        load(path, column_types={"category": ["nope"]})


def test_latin1_file_is_read_when_encoding_is_given(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("name,city\nJosé,Zürich\n".encode("latin-1"))

    data, _ = load(path, encoding="latin-1")

    assert data.to_dict("list") == {"name": ["José"], "city": ["Zürich"]}


# --- schema -------------------------------------------------------------------------------------


def test_loaded_schema_round_trips_through_a_dict(tmp_path):
    path = write(tmp_path, "t.csv",
                 "i,g,f,d,b,s\n1,,1.5,2024-01-02,true,x\n2,5,2.25,2024-01-03,false,\n")

    _, schema = load(path, schema={"fields": {"f": {"description": "a float"}}})

    again = Schema.from_dict(schema.to_dict())
    assert again == schema
    assert again.content_hash() == schema.content_hash()


def test_schema_records_the_table_name_and_row_count(tmp_path):
    path = write(tmp_path, "t.csv", "a\n1\n2\n")

    _, schema = load(path)

    assert schema.name == "table" and schema.stats.row_count == 2


def test_titanic_file_keeps_quoted_commas_and_types_each_column():
    data, schema = load(Path(__file__).parents[1] / "data" / "titanic-train.csv")

    assert data.shape == (891, 12)
    assert data["Name"].iloc[0] == "Braund, Mr. Owen Harris"
    assert schema["Name"].kind == "text"
    assert schema["Age"].type == "float" and schema["Age"].type_attr.nullable
    assert schema["Pclass"].dtype == "int64" and schema["Fare"].type_attr.precision == 4
    assert schema["Cabin"].stats.na_percentage == pytest.approx(0.771, abs=0.001)


# --- benchmarks ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def adult() -> tuple[pd.DataFrame, Schema]:
    return FileLoader(filepath="benchmark://adult-income").load("adult")


def test_adult_income_benchmark_has_its_documented_shape(adult):
    data, schema = adult

    assert data.shape == (32561, 15)
    assert schema.stats.row_count == 32561 and len(schema) == 15
    assert set(map(str, data.dtypes)) == {"int64", "object"}
    assert data["age"].dtype == "int64" and data["workclass"].dtype == object


def test_adult_income_question_marks_are_missing(adult):
    data, schema = adult

    assert not (data == "?").any().any()
    assert schema["workclass"].type_attr.nullable
    assert schema["workclass"].stats.na_percentage == pytest.approx(0.056, abs=0.001)
    assert schema["age"].type_attr.nullable is False


def test_benchmark_name_is_case_insensitive_and_accepts_csv_suffix(tmp_path):
    data, _ = FileLoader(filepath="benchmark://Adult-Income.csv", nrows=5).load("adult")

    assert data.shape == (5, 15)


def test_unknown_benchmark_error_lists_the_known_ones():
    with pytest.raises(LoaderError, match="adult-income") as info:
        FileLoader(filepath="benchmark://unknown").load("x")

    assert "unknown" in str(info.value)


# --- end to end ---------------------------------------------------------------------------------


def run(loader: dict) -> dict:
    executor = Executor({"Loader": {"x": loader}, "Executor": {"store": "memory"}})
    executor.run()
    return executor.get_result()


def test_executor_returns_the_loaded_table_and_schema(tmp_path):
    path = write(tmp_path, "t.csv", "a,b\n1,x\n2,y\n")

    result = run({"filepath": str(path), "schema": {"fields": {"b": {"type": "category"}}}})

    (key, value), = result.items()
    assert key == "Loader[x]"
    assert value["data"]["a"].tolist() == [1, 2]
    assert value["schema"]["b"].type == "str" and value["schema"]["b"].kind == "categorical"


def test_executor_reports_a_bad_schema_before_running(tmp_path):
    path = write(tmp_path, "t.csv", "a\n1\n")
    config = {"Loader": {"x": {"filepath": str(path),
                               "schema": {"fields": {"a": {"type": "integr"}}}}},
              "Executor": {"store": "memory"}}

    with pytest.raises(ConfigError, match=r"Loader\.x\.schema\.fields\.a\.type"):
        Executor(config)


def test_executor_rejects_an_unknown_benchmark_before_running():
    config = {"Loader": {"x": {"filepath": "benchmark://unknown"}},
              "Executor": {"store": "memory"}}

    with pytest.raises(ConfigError, match=r"Loader\.x\.filepath: .*adult-income"):
        Executor(config)


def test_executor_load_failure_names_the_node(tmp_path):
    executor = Executor({"Loader": {"x": {"filepath": str(tmp_path / "missing.csv")}},
                         "Executor": {"store": "memory"}})

    with pytest.raises(LoaderError, match=r"Loader\[x\].*missing\.csv"):
        executor.run()


def test_inferred_types_survive_the_executor(tmp_path):
    path = write(tmp_path, "t.csv", "n,g,code\n1,1,007\n2,,008\n")

    data = run({"filepath": str(path)})["Loader[x]"]["data"]

    assert dtypes(data) == {"n": "int64", "g": "Int64", "code": "object"}
    assert np.array_equal(data["n"].to_numpy(), [1, 2])
