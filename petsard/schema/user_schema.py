"""A schema written by the user (a mapping or a YAML file) that overrides inference field by
field, in PETsARD's Schema YAML forms: ``id``/``name``/``description``, the fields under
``attributes`` or ``fields``, schema-wide ``enable_stats``/``enable_optimize_type``, or one
table under ``schemas:``. Every problem is collected with its YAML path (and, for a file,
its line); a key written twice in a file is one of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from petsard import yaml_source
from petsard.datasets import local_path
from petsard.exceptions import LoaderError
from petsard.registry import did_you_mean
from petsard.schema.user_fields import FieldSpec, read_field

TOP_KEYS = {
    "id", "name", "description", "fields", "attributes", "enable_stats", "enable_optimize_type",
    "stats",  # written by PETsARD itself: accepted, recomputed from the data
    # Older PETsARD names: 'title' for name; 'optimize_dtypes' and 'nullable_int' are accepted
    # for compatibility (our Loader keeps nullable integers as Int64 in any case).
    "title", "optimize_dtypes", "nullable_int",
}
# A dataset of tables (PETsARD's Metadata level); a Loader reads one table.
DATASET_KEYS = {"id", "name", "description", "schemas"}


@dataclass(frozen=True)
class UserSchema:
    """One table's schema as the user wrote it. ``enable_stats`` and ``enable_optimize_type``
    apply to every field that does not set its own."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    enable_stats: bool = True
    enable_optimize_type: bool = False

    def stats_enabled(self, name: str) -> bool:
        spec = self.fields.get(name)
        own = spec.enable_stats if spec is not None else None
        return self.enable_stats if own is None else own

    def optimizes(self, name: str) -> bool:
        spec = self.fields.get(name)
        own = spec.enable_optimize_type if spec is not None else None
        return self.enable_optimize_type if own is None else own


def read_user_schema(value: Any, path: str) -> tuple[UserSchema | None, list[str]]:
    """Parse ``value`` (a mapping or a YAML file path) into a UserSchema, collecting problems."""
    if isinstance(value, str):
        try:  # benchmark://adult-income_schema, or benchmark/adult-income_schema.yaml
            file = local_path(value, leave_copy=False)
        except LoaderError as exc:
            return None, [f"{path}: {exc}"]
        if not file.is_file():
            return None, [f"{path}: schema file not found: '{value}'"]
        return _read_file(file, path)
    return _read_mapping(value, path, tables_allowed=True)


def _read_file(file: Path, path: str) -> tuple[UserSchema | None, list[str]]:
    try:
        text = file.read_text(encoding="utf-8-sig")
        data = yaml_source.parse(text)
    except yaml.YAMLError as exc:
        return None, [f"{path}: schema file '{file}' is not valid YAML"
                      f"{yaml_source.describe(exc)}"]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{path}: cannot read schema file '{file}': {exc}"]
    repeated = [f"{'.'.join((path, *key))}: written twice (in {file.name}, lines {first} and "
                f"{again}); YAML keeps only the last one, so keep one of them"
                for key, first, again in yaml_source.duplicate_keys(text)]
    user, found = _read_mapping(data, path, tables_allowed=True)
    lines = yaml_source.key_lines(text)
    return user, repeated + [_at_line(p, path, lines, file.name) for p in found]


def _at_line(problem: str, root: str, lines: yaml_source.Lines, file: str) -> str:
    """'<root>.a.b: msg' -> '<root>.a.b: msg (in schema.yaml, line 7)'."""
    where, _, _ = problem.partition(": ")
    line = yaml_source.line_of(where[len(root) + 1:], lines) if where != root else None
    return f"{problem} (in {file}, line {line})" if line else f"{problem} (in {file})"


def _read_mapping(value: Any, path: str,
                  tables_allowed: bool) -> tuple[UserSchema | None, list[str]]:
    if not isinstance(value, Mapping):
        return None, [f"{path}: expected a mapping or the path of a YAML file"]
    if tables_allowed and "schemas" in value:
        return _read_one_table(value, path)
    problems = [f"{path}.{key}: unknown schema key{did_you_mean(str(key), sorted(TOP_KEYS))}"
                for key in value if key not in TOP_KEYS]
    if "fields" in value and "attributes" in value:
        problems.append(f"{path}: has both attributes and fields; list the fields under one")
    fields_path = f"{path}.{'attributes' if 'attributes' in value else 'fields'}"
    raw_fields = value.get("attributes", value.get("fields")) or {}
    if not isinstance(raw_fields, Mapping):
        return None, [*problems, f"{fields_path}: expected a mapping of field name to settings"]
    specs = {}
    for name, spec in raw_fields.items():
        parsed, found = read_field(spec, str(name), f"{fields_path}.{name}")
        problems += found
        if parsed is not None:
            specs[str(name)] = parsed
    texts = {key: _text(value, key, path, problems) for key in ("id", "name", "title",
                                                                 "description")}
    if texts["name"] is not None and texts["title"] is not None:
        problems.append(f"{path}.title: name is set too; keep one of the two")
    flags = {key: _flag(value, key, path, problems)
             for key in ("enable_stats", "enable_optimize_type")}
    return UserSchema(
        id=texts["id"], name=texts["name"] or texts["title"], description=texts["description"],
        fields=specs, enable_stats=flags["enable_stats"] is not False,
        enable_optimize_type=flags["enable_optimize_type"] is True,
    ), problems


def _read_one_table(value: Mapping[str, Any], path: str) -> tuple[UserSchema | None, list[str]]:
    """``schemas: {table: {...}}``: a dataset of tables, of which a Loader takes its one."""
    problems = [f"{path}.{key}: unknown key of a dataset schema"
                f"{did_you_mean(str(key), sorted(DATASET_KEYS))}"
                for key in value if key not in DATASET_KEYS]
    for key in ("id", "name", "description"):
        _text(value, key, path, problems)
    tables = value["schemas"]
    if not isinstance(tables, Mapping) or len(tables) != 1:
        names = ", ".join(map(str, tables)) if isinstance(tables, Mapping) else ""
        count = f"describes {len(tables)} tables ({names})" if names else "describes no table"
        return None, [*problems, f"{path}.schemas: {count}; a Loader reads one table: give it "
                                 "the schema of its own table (schemas: with one entry, or that "
                                 "table's id, attributes... at the top)"]
    (table, schema), = tables.items()
    user, found = _read_mapping(schema, f"{path}.schemas.{table}", tables_allowed=False)
    if user is not None and user.id is None:
        user = replace(user, id=str(table))
    return user, problems + found


def _text(value: Mapping[str, Any], key: str, path: str, problems: list[str]) -> str | None:
    found = value.get(key)
    if found is None or isinstance(found, str):
        return found
    if isinstance(found, (int, float)) and not isinstance(found, bool) and key == "id":
        return str(found)
    problems.append(f"{path}.{key}: expected text, got {found!r}")
    return None


def _flag(value: Mapping[str, Any], key: str, path: str, problems: list[str]) -> bool | None:
    found = value.get(key)
    if found is None or isinstance(found, bool):
        return found
    problems.append(f"{path}.{key}: expected true or false, got {found!r}")
    return None
