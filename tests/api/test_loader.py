"""Loader(filepath, schema=...).load() -> (data, schema), as PETsARD's docs call it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from petsard import Loader
from petsard.exceptions import ConfigError


def test_load_returns_the_table_and_a_schema_named_after_the_file(adult_csv: Path) -> None:
    data, schema = Loader(str(adult_csv)).load()
    assert data.shape == (600, 15)
    assert schema.id == "adult" and len(schema.attributes) == 15
    assert schema.attributes["age"].type == "int"


def test_a_schema_dict_types_fields_and_names_the_schema(adult_csv: Path) -> None:
    schema_dict = {"id": "adult_schema", "name": "Adult sample",
                   "attributes": {"age": {"type": "float"}, "workclass": {"na_values": "?"}}}
    data, schema = Loader(str(adult_csv), schema=schema_dict).load()
    assert (schema.id, schema.name) == ("adult_schema", "Adult sample")
    assert data["age"].dtype == "float64" and schema["age"].type == "float"
    assert data["workclass"].isna().any() and "?" not in set(data["workclass"].dropna())


def test_a_schema_yaml_file_is_read(adult_csv: Path, tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump({"attributes": {"educational-num": {"type": "str",
                                                                        "category": True}}}))
    data, schema = Loader(str(adult_csv), schema=str(path)).load()
    assert schema["educational-num"].kind == "categorical"
    assert data["educational-num"].dtype == "category"


def test_a_schema_from_an_earlier_load_loads_the_same_types(adult_csv: Path) -> None:
    first, schema = Loader(str(adult_csv), na_values="?").load()
    again, same = Loader(str(adult_csv), na_values="?", schema=schema).load()
    assert again.dtypes.equals(first.dtypes)
    assert [a.kind for a in same] == [a.kind for a in schema]


def test_the_older_settings_still_work(tmp_path: Path) -> None:
    path = tmp_path / "noheader.csv"
    pd.DataFrame({"a": [1, 2, 3, 4], "b": ["x", "?", "y", "x"]}).to_csv(path, index=False,
                                                                      header=False)
    data, schema = Loader(str(path), header_names=["code", "kind"], na_values="?", nrows=3,
                          column_types={"category": ["code"]}).load()
    assert list(data.columns) == ["code", "kind"] and len(data) == 3
    assert data["kind"].isna().sum() == 1 and schema["code"].kind == "categorical"


def test_bad_settings_raise_config_error_naming_them() -> None:
    with pytest.raises(ConfigError, match=r"Loader\.filepath: required parameter is missing"):
        Loader()
    with pytest.raises(ConfigError) as raised:
        Loader("data.csv", nrows=0, sepp=";")
    assert raised.value.problems == [
        "Loader.nrows: must be >= 1, got 0",
        "Loader.sepp: unknown parameter; did you mean 'sep'? valid: column_types, encoding, "
        "filepath, header_names, na_values, nrows, schema, sep, sheet_name"]
