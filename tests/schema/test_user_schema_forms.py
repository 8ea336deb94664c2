"""A user's schema is read in every form PETsARD's Schema YAML documents (flat or nested
type_attr, attributes or fields, one table under schemas:), and every problem in it is
reported before anything runs, with its YAML path (and its line, in a file)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from petsard.schema.user_fields import FieldSpec
from petsard.schema.user_schema import UserSchema, read_user_schema

ROOT = "Loader.load.schema"


def read(value) -> tuple[UserSchema | None, list[str]]:
    return read_user_schema(value, ROOT)


def field(settings: dict) -> FieldSpec:
    user, problems = read({"attributes": {"f": settings}})
    assert problems == []
    return user.fields["f"]


def problems_of(settings: dict) -> list[str]:
    return read({"attributes": {"f": settings}})[1]


# --- forms that mean the same -------------------------------------------------------------------


@pytest.mark.parametrize("settings", [
    {"type": "float", "nullable": False, "precision": 2, "category": False},
    {"type": "float", "type_attr": {"nullable": False, "precision": 2, "category": False}},
    {"type": "float", "nullable": False, "type_attr": {"precision": 2}, "category": False},
])
def test_type_attr_settings_read_the_same_flat_or_nested(settings):
    spec = field(settings)

    assert (spec.type, spec.nullable, spec.precision, spec.category) == ("float", False, 2, False)


def test_attributes_and_fields_list_the_same_fields():
    by_attributes, _ = read({"attributes": {"a": {"type": "integer"}}})
    by_fields, _ = read({"fields": {"a": {"type": "integer"}}})

    assert by_attributes == by_fields and by_fields.fields["a"].type == "int"


def test_top_level_id_name_and_description_name_the_table():
    user, problems = read({"id": "people", "name": "People of 2024",
                           "description": "one row per person", "attributes": {}})

    assert problems == []
    assert (user.id, user.name, user.description) == ("people", "People of 2024",
                                                      "one row per person")


def test_one_table_under_schemas_is_that_tables_schema():
    user, problems = read({"id": "shop", "name": "Shop data", "schemas": {
        "customers": {"attributes": {"email": {"type": "string",
                                               "logical_type": "email"}}}}})

    assert problems == []
    assert user.id == "customers" and user.fields["email"].logical_type == "email"


def test_a_table_under_schemas_keeps_its_own_id():
    user, _ = read({"schemas": {"t": {"id": "customers_v2", "attributes": {}}}})

    assert user.id == "customers_v2"


def test_a_field_may_repeat_its_name():
    assert field({"name": "f", "type": "str"}).type == "str"


def test_every_documented_setting_is_read():
    spec = field({
        "type": "date", "format": "%d/%m/%Y", "description": "day of the visit",
        "na_values": ["?", "n/a"], "default_value": "01/01/2000", "cast_errors": "raise",
        "null_strategy": "fill", "constraints": {"min": "1990-01-01", "max": "2030-12-31"},
        "enable_stats": False, "enable_optimize_type": True,
        "stats": {"row_count": 3}, "is_constant": False,
    })

    assert (spec.type, spec.format, spec.na_values) == ("date", "%d/%m/%Y", ("?", "n/a"))
    assert (spec.default_value, spec.cast_errors, spec.missing_values) == (
        "01/01/2000", "raise", "fill")
    assert spec.constraints == {"min": "1990-01-01", "max": "2030-12-31"}
    assert spec.enable_stats is False and spec.enable_optimize_type is True


def test_unquoted_yaml_dates_are_accepted_whatever_the_format():
    spec = field({"type": "date", "format": "%d/%m/%Y", "default_value": dt.date(2024, 5, 6),
                  "constraints": {"min": dt.date(2020, 1, 1)}})

    assert spec.default_value == dt.date(2024, 5, 6) and spec.constraints == {
        "min": "2020-01-01"}


def test_a_default_value_alone_fills_missing_values():
    assert field({"type": "int", "default_value": 0}).missing_values == "fill"
    assert field({"type": "int"}).missing_values == "keep"


@pytest.mark.parametrize(("settings", "implied"), [
    ({"width": 5}, "str"), ({"format": "%Y"}, "datetime"), ({"category": True}, "str"),
])
def test_a_setting_implies_the_type_it_needs_when_none_is_written(settings, implied):
    assert field(settings).type == implied


def test_schema_wide_switches_apply_to_fields_that_do_not_set_their_own():
    user, _ = read({"enable_stats": False, "enable_optimize_type": True, "attributes": {
        "a": {}, "b": {"enable_stats": True, "enable_optimize_type": False}}})

    assert not user.stats_enabled("a") and user.stats_enabled("b")
    assert not user.stats_enabled("not_listed")
    assert user.optimizes("a") and not user.optimizes("b")


def test_cast_errors_defaults_to_coerce_as_documented():
    assert field({"type": "int"}).cast_errors == "coerce"


# --- problems, each with its path ---------------------------------------------------------------


@pytest.mark.parametrize(("settings", "expected"), [
    ({"type_attr": {"nullable": "no"}},
     "Loader.load.schema.attributes.f.type_attr.nullable: expected true or false, got 'no'"),
    ({"type_attr": {"precison": 2}},
     "Loader.load.schema.attributes.f.type_attr.precison: unknown type_attr setting; did you "
     "mean 'precision'?"),
    ({"type_attr": ["nullable"]},
     "Loader.load.schema.attributes.f.type_attr: expected a mapping"),
    ({"nullable": False, "type_attr": {"nullable": False}},
     "Loader.load.schema.attributes.f.nullable: also set as "
     "Loader.load.schema.attributes.f.type_attr.nullable; keep one of the two"),
    ({"type_attr": {"width": 0}},
     "Loader.load.schema.attributes.f.type_attr.width: expected an integer >= 1"),
    ({"type": "int", "width": 5},
     "Loader.load.schema.attributes.f.width: width restores the leading zeros of text codes, "
     "but this field is int"),
    ({"type": "str", "type_attr": {"format": "%Y"}},
     "Loader.load.schema.attributes.f.type_attr.format: format is how dates and datetimes are "
     "written, but this field is str"),
    ({"type": "date", "precision": 1},
     "Loader.load.schema.attributes.f.precision: precision is the number of decimals"),
    ({"cast_errors": "coerse"},
     "Loader.load.schema.attributes.f.cast_errors: expected one of raise, coerce, ignore, got "
     "'coerse'; did you mean 'coerce'?"),
    ({"null_strategy": "fill"},
     "Loader.load.schema.attributes.f.null_strategy: fill needs a default_value"),
    ({"null_strategy": "drop", "default_value": 1},
     "Loader.load.schema.attributes.f.null_strategy: drop removes the rows"),
    ({"null_strategy": "keep", "default_value": 1},
     "Loader.load.schema.attributes.f.null_strategy: keep leaves missing values, but "
     "default_value fills them"),
    ({"type": "int", "default_value": "none"},
     "Loader.load.schema.attributes.f.default_value: 'none' does not fit the field's type (int)"),
    ({"type": "str", "default_value": 0},
     "Loader.load.schema.attributes.f.default_value: 0 does not fit the field's type (str); "
     "write text in quotes ('0')"),
    ({"type": "date", "format": "%Y-%m-%d", "default_value": "soon"},
     "Loader.load.schema.attributes.f.default_value: 'soon' does not fit"),
    ({"default_value": [1, 2]},
     "Loader.load.schema.attributes.f.default_value: [1, 2] does not fit"),
    ({"constraints": {"minimum": 0}},
     "Loader.load.schema.attributes.f.constraints.minimum: unknown constraint; did you mean "
     "'min'?"),
    ({"type": "int", "constraints": {"min": "ten"}},
     "Loader.load.schema.attributes.f.constraints.min: expected a number, got 'ten'"),
    ({"type": "str", "constraints": {"max": 3}},
     "Loader.load.schema.attributes.f.constraints.max: max applies to numbers and dates"),
    ({"type": "int", "constraints": {"min": 5, "max": 1}},
     "Loader.load.schema.attributes.f.constraints: min 5 is greater than max 1"),
    ({"constraints": {"pattern": "(unclosed"}},
     "Loader.load.schema.attributes.f.constraints.pattern: not a valid regular expression"),
    ({"type": "int", "constraints": {"pattern": "^1"}},
     "Loader.load.schema.attributes.f.constraints.pattern: a pattern applies to text"),
    ({"constraints": [1, 2]},
     "Loader.load.schema.attributes.f.constraints: expected a mapping of min, max, pattern"),
    ({"enable_stats": "no"},
     "Loader.load.schema.attributes.f.enable_stats: expected true or false"),
    ({"enable_optimize_type": 1},
     "Loader.load.schema.attributes.f.enable_optimize_type: expected true or false"),
    ({"name": "g"},
     "Loader.load.schema.attributes.f.name: 'g' differs from the field's key 'f'"),
    ({"na_values": {"a": 1}},
     "Loader.load.schema.attributes.f.na_values: expected a value or a list of values"),
    ({"enable_null": True, "nullable": True},
     "Loader.load.schema.attributes.f.enable_null: nullable is set too"),
    ({"stat": {}},
     "Loader.load.schema.attributes.f.stat: unknown field setting; did you mean 'stats'?"),
])
def test_each_bad_setting_is_reported_with_its_yaml_path(settings, expected):
    found = problems_of(settings)

    assert len(found) == 1 and found[0].startswith(expected), found


@pytest.mark.parametrize(("schema", "expected"), [
    ({"attributes": {}, "fields": {}}, "Loader.load.schema: has both attributes and fields"),
    ({"id": "t", "enable_stats": "yes"},
     "Loader.load.schema.enable_stats: expected true or false"),
    ({"id": ["t"]}, "Loader.load.schema.id: expected text"),
    ({"name": "a", "title": "b"}, "Loader.load.schema.title: name is set too"),
    ({"schemas": {"a": {}, "b": {}}},
     "Loader.load.schema.schemas: describes 2 tables (a, b); a Loader reads one table"),
    ({"schemas": {}}, "Loader.load.schema.schemas: describes no table"),
    ({"schemas": {"t": {"attributes": {}}}, "attributes": {}},
     "Loader.load.schema.attributes: unknown key of a dataset schema"),
    ({"schemas": {"t": {"schemas": {}}}},
     "Loader.load.schema.schemas.t.schemas: unknown schema key"),
    ({"schemas": {"t": {"attributes": {"a": {"type": "nope"}}}}},
     "Loader.load.schema.schemas.t.attributes.a.type: unknown type 'nope'"),
])
def test_each_bad_schema_level_setting_is_reported_with_its_yaml_path(schema, expected):
    found = read(schema)[1]

    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_key_written_twice_in_a_schema_file_is_named_with_both_lines(tmp_path: Path):
    file = tmp_path / "people.yaml"
    file.write_text("id: people\n"
                    "attributes:\n"
                    "  age:\n"
                    "    type: int\n"
                    "  age:\n"
                    "    type: float\n", encoding="utf-8")

    _, found = read(str(file))

    assert found == ["Loader.load.schema.attributes.age: written twice (in people.yaml, lines "
                     "3 and 5); YAML keeps only the last one, so keep one of them"]


def test_problems_in_a_schema_file_name_the_file_and_line(tmp_path: Path):
    file = tmp_path / "people.yaml"
    file.write_text("attributes:\n"
                    "  age:\n"
                    "    type: integer\n"
                    "    type_attr:\n"
                    "      nullable: maybe\n", encoding="utf-8")

    _, found = read(str(file))

    assert found == ["Loader.load.schema.attributes.age.type_attr.nullable: expected true or "
                     "false, got 'maybe' (in people.yaml, line 5)"]


def test_a_misindented_field_is_a_problem_not_a_silent_field(tmp_path: Path):
    file = tmp_path / "people.yaml"
    file.write_text("attributes:\n"
                    "  capital-gain:\n"
                    "  type: integer\n", encoding="utf-8")

    _, found = read(str(file))

    assert found == ["Loader.load.schema.attributes.type: expected a mapping of field settings "
                     "(in people.yaml, line 3)"]
