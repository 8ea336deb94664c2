"""Metadater / SchemaMetadater: schemas from data, a dict or YAML, compared with data and
data aligned to them, as PETsARD's metadater docs call them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from petsard import Metadater
from petsard.exceptions import ConfigError, SchemaError
from petsard.metadater import Attribute, Metadata, Schema, SchemaMetadater

USERS = pd.DataFrame({"id": [1, 2, 3], "name": ["Ann", "Bob", "Cid"],
                      "email": ["a@example.com", "b@example.com", None]})
EXPECTED = {"id": "expected", "schemas": {"users": {"id": "users", "attributes": {
    "id": {"name": "id", "type": "int", "nullable": False},
    "name": {"name": "name", "type": "str", "nullable": False},
    "age": {"name": "age", "type": "int", "nullable": True}}}}}


def test_from_data_of_a_dataframe_is_its_schema_and_of_a_dict_a_metadata() -> None:
    schema = Metadater.from_data(USERS)
    assert isinstance(schema, Schema) and schema.stats.row_count == 3
    metadata = Metadater.from_data({"users": USERS}, id="crm", name="CRM tables")
    assert isinstance(metadata, Metadata) and (metadata.id, metadata.name) == ("crm", "CRM tables")
    users = Metadater.get(metadata, "users")
    assert users.id == "users"
    assert {n: a.type_attr.nullable for n, a in users.attributes.items()} == {
        "id": False, "name": False, "email": True}
    with pytest.raises(SchemaError, match="has no table 'orders'; it has users"):
        Metadater.get(metadata, "orders")


def test_from_dict_declares_types_and_diff_says_how_data_differs() -> None:
    metadata = Metadater.from_dict(EXPECTED)
    schema = metadata.schemas["users"]
    assert [(a.name, a.type, a.dtype) for a in schema] == [
        ("id", "int", "int64"), ("name", "str", "object"), ("age", "int", "Int64")]
    assert Metadater.diff(metadata, {"users": USERS.assign(age=[20, None, 40])}) == {
        "table_diffs": {"users": {"extra_columns": ["email"],
                                  "type_mismatches": {"age": {"expected": "int",
                                                              "actual": "float"}}}}}
    found = Metadater.diff(metadata, {"orders": USERS, "users": USERS.assign(
        name=[None, "b", "c"], age=[1, 2, 3])})
    assert found == {"extra_tables": ["orders"], "table_diffs": {
        "users": {"extra_columns": ["email"], "nullable_mismatches": {"name": 1}}}}
    assert Metadater.diff(metadata, {"users": USERS.drop(columns="email").assign(
        age=[1, 2, 3])}) == {}


def test_align_orders_types_and_completes_fields() -> None:
    metadata = Metadater.from_dict({"id": "m", "schemas": {"t": {"attributes": {
        "id": {"type": "int", "nullable": False}, "value": {"type": "float"},
        "ok": {"type": "bool", "nullable": False}}}}})
    raw = pd.DataFrame({"extra": ["x", "y"], "ok": [1, 0], "id": ["1", "2"]})
    aligned = Metadater.align(metadata, {"t": raw, "other": raw})
    assert list(aligned) == ["t"]
    table = aligned["t"]
    assert list(table.columns) == ["id", "value", "ok", "extra"]
    assert table.dtypes.astype(str).tolist() == ["int64", "float64", "bool", "object"]
    assert table["value"].isna().all() and table["ok"].tolist() == [True, False]
    with pytest.raises(SchemaError, match="column 'id'"):
        SchemaMetadater.align(metadata.schemas["t"], raw.assign(id=["1", "x"]))


def test_schema_yaml_files_and_bad_dicts(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    path.write_text(yaml.safe_dump({"id": "users", "attributes": {
        "email": {"type": "str", "logical_type": "email"},
        "score": {"type": "float", "precision": 2}}}))
    schema = SchemaMetadater.from_yaml(str(path))
    assert schema["email"].logical_type == "email" and schema["score"].type_attr.precision == 2
    with pytest.raises(ConfigError, match=r"schema\.attributes\.age\.name: 'years' differs"):
        SchemaMetadater.from_dict({"attributes": {"age": {"name": "years", "type": "int"}}})
    with pytest.raises(ConfigError, match="expected a DataFrame or a dict"):
        Metadater.from_data(np.zeros(3))


def test_attributes_and_schemas_are_written_as_petsards_docs_write_them() -> None:
    age = Attribute(name="age", type="int", type_attr={"nullable": True, "category": False})
    code = Attribute(name="code", type="str", type_attr={"nullable": False, "category": True})
    assert (age.dtype, age.enable_null, age.kind) == ("Int64", True, "numerical")
    assert (code.dtype, code.enable_null, code.kind) == ("category", False, "categorical")
    schema = Schema(id="users", attributes={"age": age, "code": code})
    assert schema.columns == ["age", "code"] and schema.name == "users"
    aligned = SchemaMetadater.align(schema, pd.DataFrame({"code": ["a", "b"]}))
    assert aligned["age"].isna().all() and aligned["code"].dtype == "category"
