"""Every way an input file can be unusable ends in a LoaderError that says what, where and
what to do, and never echoes the file's data rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petsard import Executor
from petsard.exceptions import LoaderError
from petsard.loader.file_loader import FileLoader

SECRET = "Alice-Secret-4242"


def load(path: Path | str, **params):
    return FileLoader(filepath=str(path), **params).load("table")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path | str, **params) -> str:
    with pytest.raises(LoaderError) as info:
        load(path, **params)
    message = str(info.value)
    assert SECRET not in message, "error messages must not contain data"
    return message


# --- the file itself ----------------------------------------------------------------------------


def test_missing_file_is_reported_with_its_path(tmp_path):
    message = load_error(tmp_path / "nowhere.csv")

    assert "file not found" in message and "nowhere.csv" in message


def test_folder_is_not_a_data_file(tmp_path):
    folder = tmp_path / "data.csv"
    folder.mkdir()

    message = load_error(folder)

    assert "folder" in message and "data.csv" in message


def test_empty_file_is_reported_as_empty(tmp_path):
    path = write(tmp_path, "empty.csv", "")

    message = load_error(path)

    assert "empty" in message and "empty.csv" in message


def test_file_of_blank_lines_has_no_data(tmp_path):
    path = write(tmp_path, "blank.csv", "\n\n  \n")

    message = load_error(path)

    assert "no data" in message and "blank.csv" in message


@pytest.mark.parametrize("name", ["data.json", "data.sav", "data"])
def test_unsupported_extension_lists_the_supported_ones(tmp_path, name):
    path = write(tmp_path, name, "{}")

    message = load_error(path)

    assert "unsupported file type" in message and name in message
    assert ".csv" in message and ".parquet" in message and ".xlsx" in message


def test_latin1_file_without_encoding_asks_for_the_encoding(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(f"name,city\n{SECRET},Zürich\n".encode("latin-1"))

    message = load_error(path)

    assert "cannot decode" in message and "latin.csv" in message
    assert "encoding" in message and "latin-1" in message


def test_unterminated_quote_is_a_malformed_file(tmp_path):
    path = write(tmp_path, "quote.csv", f'a,b\n"{SECRET},2\n')

    message = load_error(path)

    assert "not a well-formed" in message and "quote.csv" in message


def test_rows_longer_than_the_header_are_an_error_not_silently_shifted(tmp_path):
    path = write(tmp_path, "long.csv", f"a,b\n1,2\n{SECRET},3,4\n")

    message = load_error(path)

    assert "long.csv" in message and ("more fields" in message or "line 3" in message)


def test_first_data_row_longer_than_the_header_names_its_row(tmp_path):
    path = write(tmp_path, "long.csv", f"a,b\n{SECRET},3,4\n1,2\n")

    message = load_error(path)

    assert "more fields than the 2 header columns" in message and "data row 1" in message


def test_trailing_separators_are_tolerated(tmp_path):
    path = write(tmp_path, "trail.csv", "a,b\n1,2,\n3,4,\n")

    data, _ = load(path)

    assert data.to_dict("list") == {"a": [1, 3], "b": [2, 4]}


def test_short_rows_are_padded_with_missing_values(tmp_path):
    path = write(tmp_path, "short.csv", "a,b,c\n1,2\n3,4\n")

    data, schema = load(path)

    assert data["c"].isna().all() and schema["c"].type_attr.nullable


def test_text_file_named_xlsx_is_not_a_readable_spreadsheet(tmp_path):
    path = write(tmp_path, "fake.xlsx", f"a,b\n{SECRET},1\n")

    message = load_error(path)

    assert "fake.xlsx" in message and "spreadsheet" in message


def test_damaged_parquet_file_is_reported(tmp_path):
    path = write(tmp_path, "bad.parquet", "not parquet at all")

    message = load_error(path)

    assert "bad.parquet" in message and "Parquet" in message


def test_unknown_sheet_is_reported_by_name(tmp_path):
    path = tmp_path / "t.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(path, index=False)

    message = load_error(path, sheet_name="Results")

    assert "'Results'" in message and "t.xlsx" in message


# --- the header ---------------------------------------------------------------------------------


def test_duplicate_column_names_are_named_in_the_error(tmp_path):
    path = write(tmp_path, "dup.csv", f"id,name,name\n1,{SECRET},x\n")

    message = load_error(path)

    assert "duplicate column names ['name']" in message and "dup.csv" in message
    assert "rename" in message


def test_column_names_that_differ_only_by_spaces_are_duplicates(tmp_path):
    path = write(tmp_path, "dup.csv", "a, a\n1,2\n")

    assert "duplicate column names ['a']" in load_error(path)


def test_blank_column_name_gives_its_position(tmp_path):
    path = write(tmp_path, "blank.csv", f"a,,c\n1,{SECRET},3\n")

    message = load_error(path)

    assert "[2]" in message and "no name" in message and "header_names" in message


def test_duplicate_header_in_spreadsheet_is_an_error(tmp_path):
    path = tmp_path / "dup.xlsx"
    pd.DataFrame([["a", "a"], [1, 2]]).to_excel(path, index=False, header=False)

    assert "duplicate column names ['a']" in load_error(path)


def test_blank_header_cell_in_spreadsheet_is_an_error(tmp_path):
    path = tmp_path / "blank.ods"
    pd.DataFrame([["a", None], [1, 2]]).to_excel(path, index=False, header=False, engine="odf")

    assert "no name" in load_error(path)


@pytest.mark.parametrize("names", [["a"], ["a", "b", "c"]])
def test_header_names_with_the_wrong_count_give_both_counts(tmp_path, names):
    path = write(tmp_path, "t.csv", "1,2\n3,4\n")

    message = load_error(path, header_names=names)

    assert f"header_names has {len(names)} names but the file has 2 columns" in message


def test_header_names_with_the_wrong_count_fail_for_parquet_too(tmp_path):
    path = tmp_path / "t.parquet"
    pd.DataFrame({"a": [1], "b": [2]}).to_parquet(path)

    assert "header_names has 1 names but the file has 2 columns" in load_error(
        path, header_names=["x"])


def test_header_names_with_the_wrong_count_fail_for_spreadsheets_too(tmp_path):
    path = tmp_path / "t.xlsx"
    pd.DataFrame({"a": [1], "b": [2]}).to_excel(path, index=False)

    assert "header_names has 3 names" in load_error(path, header_names=["x", "y", "z"])


def test_duplicate_header_names_are_rejected(tmp_path):
    path = write(tmp_path, "t.csv", "1,2\n")

    assert "duplicate column names ['x']" in load_error(path, header_names=["x", "x"])


# --- options that do not fit the file -----------------------------------------------------------


def test_na_values_for_a_column_not_in_the_file_lists_the_columns(tmp_path):
    path = write(tmp_path, "t.csv", "a,b\n1,2\n")

    message = load_error(path, na_values={"c": "?"})

    assert "na_values" in message and "['c']" in message and "['a', 'b']" in message


def test_unknown_benchmark_lists_the_available_ones():
    message = load_error("benchmark://unknown")

    assert "unknown benchmark dataset 'unknown'" in message and "adult-income" in message


def test_load_error_from_executor_names_the_node_and_file(tmp_path):
    path = write(tmp_path, "dup.csv", "a,a\n1,2\n")
    executor = Executor({"Loader": {"raw": {"filepath": str(path)}},
                         "Executor": {"store": "memory"}})

    with pytest.raises(LoaderError) as info:
        executor.run()

    assert "Loader[raw]" in str(info.value) and "dup.csv" in str(info.value)
