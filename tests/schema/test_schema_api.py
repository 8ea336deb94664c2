"""Schemas read with PETsARD's names: id, name, attributes, type, type_attr, logical_type,
stats; and they survive the record (dict round trip, pickling, older records)."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from petsard.schema import Schema, infer_schema
from petsard.schema.attribute import TypeAttr
from petsard.schema.logical_types import infer_logical_type, is_integer_key


@pytest.fixture
def people() -> pd.DataFrame:
    return pd.DataFrame({
        "age": [31, 45, None, 28],
        "score": [1.25, 2.5, 3.75, 4.0],
        "city": pd.Categorical(["Taipei", "Tainan", "Taipei", "Hsinchu"]),
        "email": ["a@x.org", "b@y.com", "c@z.tw", None],
        "joined": pd.to_datetime(["2020-01-01", "2021-05-06", "2022-07-08", "2023-09-10"]),
        "member": [True, False, True, True],
    })


def test_a_schema_reads_as_petsards(people: pd.DataFrame) -> None:
    schema = infer_schema(people, "people")

    assert schema.id == schema.name == "people"
    assert list(schema.attributes) == list(people.columns)
    assert schema.stats.row_count == 4 and schema.stats.column_count == 6
    age = schema.attributes["age"]
    assert (age.type, age.dtype, age.kind) == ("float", "float64", "numerical")
    assert age.type_attr["nullable"] and not age.type_attr["category"]
    assert age.stats.na_count == 1 and age.stats.min == 28 and age.stats.max == 45
    assert age.stats.median == 31
    city = schema.attributes["city"]
    assert city.type == "str" and city.type_attr.get("category") is True
    assert city.kind == "categorical" and city.stats.mode == "Taipei"
    assert city.stats.mode_frequency == 2 and city.stats.category_distribution["Hsinchu"] == 1
    assert "precision" not in city.type_attr and schema["score"].type_attr["precision"] == 2
    assert schema["email"].logical_type == "email" and schema["age"].logical_type is None
    assert schema["joined"].kind == "datetime" and schema["member"].kind == "boolean"


def test_type_attr_is_a_read_only_mapping_of_the_settings_that_are_set() -> None:
    attr = TypeAttr(category=True, nullable=False, precision=None)

    assert dict(attr) == {"category": True, "nullable": False}
    assert attr == {"category": True, "nullable": False}
    with pytest.raises(TypeError):
        attr["category"] = False  # type: ignore[index]


def test_schemas_survive_the_record_and_worker_processes(people: pd.DataFrame) -> None:
    schema = infer_schema(people, "people")

    assert Schema.from_dict(schema.to_dict()) == schema
    assert pickle.loads(pickle.dumps(schema)) == schema
    assert schema != schema.with_attributes(reversed(list(schema)))  # order matters


def test_schemas_of_older_records_are_read_into_the_current_form() -> None:
    old = {"spec_version": 1, "name": "t", "num_rows": 10, "fields": [
        {"name": "city", "type": "categorical", "dtype": "category",
         "logical_type": "categorical", "nullable": True, "missing_ratio": 0.2,
         "unique_count": 3, "categories": ["a", "b", "c"]},
        {"name": "n", "type": "int", "dtype": "int64", "logical_type": "numerical",
         "precision": 0, "min": 1, "max": 9}]}

    schema = Schema.from_dict(old)

    assert schema.stats.row_count == 10
    assert schema["city"].kind == "categorical" and schema["city"].stats.na_count == 2
    assert schema["n"].kind == "numerical" and schema["n"].stats.max == 9


@pytest.mark.parametrize(("values", "expected"), [
    (["ann@example.org", "bo@mail.example.com"], "email"),
    (["https://example.org/a", "http://x.tw", "www.example.com"], "url"),
    (["+886 2 2345 6789", "(02) 2345-6789", "0912-345-678"], "phone"),
    (["0912345678", "0223456789"], None),  # bare digits: codes as often as phones
    (["see ann@example.org", "no address here"], None),
    (["Taipei", "Tainan"], None),
])
def test_logical_types_are_read_from_every_value_of_a_sample(values: list[str],
                                                             expected: str | None) -> None:
    assert infer_logical_type("field", pd.Series(values), len(values),
                              mostly_distinct=False) == expected


@pytest.mark.parametrize(("field", "values", "expected"), [
    ("who", ["Braund, Mr. Owen Harris", "Heikkinen, Miss. Laina", "Allen, Mr. William Henry"],
     "name"),
    ("Passenger", ["王小明", "陳美玲", "林志強"], "name"),
    ("full_name", ["ann lee", "bo chen", "cy diaz"], "name"),
    ("home", ["12 Baker Street, London", "221 Oak Ave", "9 Elm Road"], "address"),
    ("ref", ["P0001", "P0002", "Q0003"], "id"),
    ("ticket", ["A/5 21171", "PC 17599", "113803"], "code"),
    ("remark", ["I enjoyed the trip on the ship with my family very much",
                "A long sentence about nothing in particular that goes on",
                "Yet another comment that is long enough to be free text"], None),
])
def test_direct_identifiers_are_read_from_mostly_distinct_text(
        field: str, values: list[str], expected: str | None) -> None:
    assert infer_logical_type(field, pd.Series(values), len(values),
                              mostly_distinct=True) == expected


def test_integer_keys_are_numbered_in_order_or_named_as_keys() -> None:
    rows = 40
    numbered = pd.Series(range(101, 101 + rows))
    assert is_integer_key("n", numbered, rows)
    assert not is_integer_key("n", numbered.sample(frac=1, random_state=0), rows)
    assert is_integer_key("customer_id", numbered.sample(frac=1, random_state=0), rows)
    assert not is_integer_key("score", pd.Series([1, 2] * 20), rows)
