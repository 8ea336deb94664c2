"""The four constraint sections, in PETsARD's YAML format, read into one RuleSet.

Each rule gets an id that is its YAML path below the sections (``field_constraints.2``,
``nan_groups.occupation.erase``), so every problem and every report line names it.
Row rules apply in PETsARD's order: ``nan_groups`` deletions, the other ``nan_groups``
actions, ``field_constraints``, ``field_combinations``; ``field_proportions`` then picks
the output rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from petsard import yaml_source
from petsard.constrainer.conditions import kind_of_attribute
from petsard.constrainer.expression import parse
from petsard.constrainer.proportions import FieldProportion
from petsard.constrainer.rules import (
    FieldCombination,
    FieldConstraint,
    NanCopy,
    NanDelete,
    NanErase,
    NanIfCondition,
    Rule,
    describe_values,
    is_na_marker,
)
from petsard.exceptions import ExpressionError
from petsard.registry import did_you_mean
from petsard.schema.schema import Schema

SECTIONS = ("nan_groups", "field_constraints", "field_combinations", "field_proportions")
NAN_ACTIONS = ("delete", "erase", "copy", "nan_if_condition")
Locate = Callable[[str], str]


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]  # row rules, in the order they apply
    proportions: tuple[FieldProportion, ...] = ()

    def __len__(self) -> int:
        return len(self.rules) + len(self.proportions)

    def all(self) -> list[Rule | FieldProportion]:
        return [*self.rules, *self.proportions]

    def check(self, schema: Schema | Mapping[str, str], where: str) -> list[str]:
        """Problems of every rule against the fields of ``schema`` (or a name -> kind map)."""
        if isinstance(schema, Schema):
            kinds = {attr.name: kind_of_attribute(attr) for attr in schema}
        else:
            kinds = dict(schema)
        return [f"{where}.{rule.rule_id}: {problem}"
                for rule in self.all() for problem in rule.check(kinds)]

    def repair(self, data: pd.DataFrame) -> pd.DataFrame:
        """A copy with every nan_groups repair applied, in order."""
        repaired = data.copy()
        for rule in self.rules:
            rule.repair(repaired)
        return repaired

    def failures(self, data: pd.DataFrame) -> np.ndarray:
        """rows x rules: True where the row breaks the rule."""
        matrix = np.zeros((len(data), len(self.rules)), dtype=bool)
        for j, rule in enumerate(self.rules):
            matrix[:, j] = rule.failing(data)
        return matrix


def read_rules(sections: Mapping[str, Any], locate: Locate) -> tuple[RuleSet | None, list[str]]:
    """The RuleSet of the four sections, or None and one problem per bad rule."""
    problems: list[str] = []
    deletes: list[Rule] = []
    repairs: list[Rule] = []
    constraints: list[Rule] = []
    combinations: list[Rule] = []
    proportions: list[FieldProportion] = []
    for key in sections:
        if key not in SECTIONS:
            problems.append(f"{locate(str(key))}: unknown constraint section"
                            f"{did_you_mean(str(key), list(SECTIONS))}")
    nan_groups = sections.get("nan_groups")
    if nan_groups is not None:
        _nan_groups(nan_groups, locate, deletes, repairs, problems)
    for i, item in _items(sections.get("field_constraints"), "field_constraints", locate,
                          problems):
        where = locate(f"field_constraints.{i}")
        if not isinstance(item, str):
            problems.append(f"{where}: expected an expression string, got {item!r}")
            continue
        try:
            constraints.append(FieldConstraint(f"field_constraints.{i}", item, parse(item)))
        except ExpressionError as exc:
            problems.append(f"{where}: {exc.render('      ')}")
    for i, item in _items(sections.get("field_combinations"), "field_combinations", locate,
                          problems):
        rule = _combination(f"field_combinations.{i}", item, locate, problems)
        if rule is not None:
            combinations.append(rule)
    seen: set[tuple] = set()
    for i, item in _items(sections.get("field_proportions"), "field_proportions", locate,
                          problems):
        rule = _proportion(f"field_proportions.{i}", item, locate, problems)
        if rule is not None:
            if (rule.columns, rule.mode) in seen:
                problems.append(f"{locate(rule.rule_id)}: fields {list(rule.columns)} with mode "
                                f"'{rule.mode}' are listed twice")
            seen.add((rule.columns, rule.mode))
            proportions.append(rule)
    if problems:
        return None, problems
    rules = RuleSet((*deletes, *repairs, *constraints, *combinations), tuple(proportions))
    if not len(rules):
        return None, [f"{locate('')}: no rules: give at least one of {', '.join(SECTIONS)}"]
    return rules, []


def _items(section: Any, name: str, locate: Locate, problems: list[str]) -> list[tuple]:
    if section is None:
        return []
    if not isinstance(section, (list, tuple)):
        problems.append(f"{locate(name)}: expected a list, got {type(section).__name__}")
        return []
    return list(enumerate(section))


def _names(value: Any) -> tuple[str, ...] | None:
    """A field name or a non-empty list of them, as a tuple; None if it is neither."""
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(v, str) and v for v in value):
        return tuple(value)
    return None


def _values(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _nan_groups(section: Any, locate: Locate, deletes: list[Rule], repairs: list[Rule],
                problems: list[str]) -> None:
    if not isinstance(section, Mapping):
        problems.append(f"{locate('nan_groups')}: expected a mapping of field names to "
                        f"actions, got {type(section).__name__}")
        return
    for field, action in section.items():
        base = f"nan_groups.{field}"
        if action == "delete" or (isinstance(action, Mapping) and list(action) == ["delete"]
                                  and action["delete"] in (None, True, field)):
            deletes.append(NanDelete(base, f"{field}: delete rows where it is missing", field))
            continue
        if not isinstance(action, Mapping) or not action:
            problems.append(f"{locate(base)}: expected 'delete' or a mapping of actions "
                            f"({', '.join(NAN_ACTIONS[1:])}), got {action!r}")
            continue
        if "delete" in action:
            problems.append(f"{locate(base)}: 'delete' cannot be combined with other actions")
            continue
        for name, target in action.items():
            rule_id = f"{base}.{name}"
            if name not in NAN_ACTIONS:
                problems.append(f"{locate(rule_id)}: unknown action"
                                f"{did_you_mean(str(name), list(NAN_ACTIONS))}")
                continue
            if name == "nan_if_condition":
                rule = _nan_if(rule_id, field, target, locate, problems)
                if rule is not None:
                    repairs.append(rule)
                continue
            targets = _names(target)
            if targets is None:
                problems.append(f"{locate(rule_id)}: expected a field name or a list of them, "
                                f"got {target!r}")
            elif field in targets:
                problems.append(f"{locate(rule_id)}: '{field}' cannot {name} itself")
            elif name == "erase":
                repairs.append(NanErase(rule_id, f"{field} missing -> {', '.join(targets)} "
                                        "missing", field, targets))
            else:
                repairs.append(NanCopy(rule_id, f"{field} present -> fills missing "
                                       f"{', '.join(targets)}", field, targets))


def _nan_if(rule_id: str, field: str, conditions: Any, locate: Locate,
            problems: list[str]) -> NanIfCondition | None:
    if not isinstance(conditions, Mapping) or not conditions:
        problems.append(f"{locate(rule_id)}: expected a mapping of condition fields to a value "
                        f"or a list of values, got {conditions!r}")
        return None
    pairs = []
    for name, values in conditions.items():
        if not isinstance(name, str) or (isinstance(values, (list, tuple)) and not values):
            problems.append(f"{locate(f'{rule_id}.{name}')}: expected a field name with a value "
                            "or a non-empty list of values")
            continue
        pairs.append((name, _values(values)))
    if len(pairs) != len(conditions):
        return None
    text = " or ".join(f"{name} in {describe_values(values)}" for name, values in pairs)
    return NanIfCondition(rule_id, f"{field} missing when {text}", field, tuple(pairs))


def _combination(rule_id: str, item: Any, locate: Locate,
                 problems: list[str]) -> FieldCombination | None:
    """PETsARD's ``[{source: target}, {source value: allowed targets}]`` (a tuple of source
    fields for several), or ``{source: [...], target: t, allowed: [{source: [...], target:
    [...]}]}`` for several source fields where YAML keys cannot be lists."""
    where = locate(rule_id)
    if isinstance(item, Mapping):
        return _explicit_combination(rule_id, item, where, problems)
    if not isinstance(item, (list, tuple)) or len(item) != 2 or not all(
            isinstance(part, Mapping) for part in item):
        problems.append(f"{where}: expected [{{source field: target field}}, {{source value: "
                        f"[allowed target values]}}], got {item!r}")
        return None
    field_map, conditions = item
    if len(field_map) != 1:
        problems.append(f"{where}: the first mapping names exactly one source: target pair, "
                        f"got {dict(field_map)!r}")
        return None
    source, target = next(iter(field_map.items()))
    sources = _names(source)
    if sources is None or not isinstance(target, str):
        problems.append(f"{where}: expected a source field (or a tuple of them) and a target "
                        f"field name, got {source!r}: {target!r}")
        return None
    allowed = [(_values(key) if len(sources) > 1 else (key,), _values(values))
               for key, values in conditions.items()]
    return _build_combination(rule_id, sources, target, allowed, where, problems)


def _explicit_combination(rule_id: str, item: Mapping, where: str,
                          problems: list[str]) -> FieldCombination | None:
    unknown = [k for k in item if k not in ("source", "target", "allowed")]
    sources, target, entries = _names(item.get("source")), item.get("target"), item.get("allowed")
    if unknown or sources is None or not isinstance(target, str) or not isinstance(
            entries, (list, tuple)):
        problems.append(f"{where}: expected source (field or list), target (field) and allowed "
                        "(a list of {source: values, target: [values]})")
        return None
    allowed = []
    for entry in entries:
        if not isinstance(entry, Mapping) or set(entry) != {"source", "target"}:
            problems.append(f"{where}.allowed: each entry needs exactly source and target, "
                            f"got {entry!r}")
            return None
        key = _values(entry["source"]) if len(sources) > 1 else (entry["source"],)
        allowed.append((key, _values(entry["target"])))
    return _build_combination(rule_id, sources, target, allowed, where, problems)


def _build_combination(rule_id: str, sources: tuple[str, ...], target: str, allowed: list,
                       where: str, problems: list[str]) -> FieldCombination | None:
    if not allowed:
        problems.append(f"{where}: list at least one source value and its allowed targets")
        return None
    for key, _ in allowed:
        if len(key) != len(sources):
            problems.append(f"{where}: source value {key!r} needs {len(sources)} values, one "
                            f"per source field {list(sources)}")
            return None
    text = ", ".join(sources) + f" -> {target}: " + "; ".join(
        f"{'/'.join('NA' if is_na_marker(v) else str(v) for v in key)} -> "
        f"{describe_values(values)}" for key, values in allowed)
    return FieldCombination(rule_id, text if len(text) <= 300 else text[:297] + "...",
                            sources, target, tuple(allowed))


def _proportion(rule_id: str, item: Any, locate: Locate,
                problems: list[str]) -> FieldProportion | None:
    where = locate(rule_id)
    if not isinstance(item, Mapping):
        problems.append(f"{where}: expected {{fields: ..., mode: all|missing, tolerance: 0.1}}, "
                        f"got {item!r}")
        return None
    found = len(problems)
    for key in item:
        if key not in ("fields", "mode", "tolerance"):
            problems.append(f"{locate(f'{rule_id}.{key}')}: unknown key"
                            f"{did_you_mean(str(key), ['fields', 'mode', 'tolerance'])}")
    columns = _names(item.get("fields"))
    if columns is None:
        problems.append(f"{locate(f'{rule_id}.fields')}: expected a field name or a list of "
                        f"them, got {item.get('fields')!r}")
    mode = item.get("mode")
    if mode not in ("all", "missing"):
        problems.append(f"{locate(f'{rule_id}.mode')}: expected 'all' or 'missing', "
                        f"got {mode!r}")
    tolerance = item.get("tolerance", 0.1)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not (
            0 <= tolerance <= 1):
        problems.append(f"{locate(f'{rule_id}.tolerance')}: expected a number from 0 to 1, "
                        f"got {tolerance!r}")
    if len(problems) > found:
        return None
    return FieldProportion(rule_id, columns, mode, float(tolerance))


def json_safe_combinations(items: Any) -> Any:
    """``field_combinations`` with tuple keys (several source fields, as Python configs write
    them) rewritten in the explicit form, so the run record can store them as JSON."""
    if not isinstance(items, (list, tuple)):
        return items
    safe = []
    for item in items:
        if (isinstance(item, (list, tuple)) and len(item) == 2
                and all(isinstance(part, Mapping) for part in item) and len(item[0]) == 1
                and isinstance(next(iter(item[0])), tuple)):
            (source, target), = item[0].items()
            safe.append({"source": list(_values(source)), "target": target, "allowed": [
                {"source": list(_values(k)), "target": list(_values(v))}
                for k, v in item[1].items()]})
        else:
            safe.append(item)
    return safe


# --- constraints_yaml ----------------------------------------------------------------------

class _RulesLoader(yaml.SafeLoader):
    """SafeLoader that reads a list used as a mapping key as a tuple, so PETsARD's multi-field
    ``field_combinations`` (``? [education, workclass] : income``) can be written."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        self.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.SequenceNode):
                key = tuple(self.construct_sequence(key_node, deep=True))
            else:
                key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError as exc:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"found an unhashable key ({type(key).__name__})", key_node.start_mark,
                ) from exc
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def load_rules_text(text: str) -> Any:
    """Parse rules YAML, with list keys read as tuples; yaml.YAMLError if malformed."""
    return yaml_source.parse(text, _RulesLoader)


def read_rules_file(filepath: str, where: str) -> tuple[RuleSet | None, list[str]]:
    """The RuleSet of a constraints_yaml file; problems name the file, rule and line."""
    path = Path(filepath)
    if not path.is_file():
        return None, [f"{where}: file not found: '{filepath}' (looked in {Path.cwd()})"]
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = load_rules_text(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{where}: cannot read '{filepath}': {exc}"]
    except yaml.YAMLError as exc:
        return None, [f"{where}: '{filepath}' is not valid YAML{yaml_source.describe(exc)}"]
    if not isinstance(data, Mapping):
        return None, [f"{where}: '{filepath}' must be a mapping of constraint sections "
                      f"({', '.join(SECTIONS)})"]
    lines = yaml_source.key_lines(text)

    def locate(sub: str) -> str:
        line = yaml_source.line_of(sub, lines)
        at = f" (line {line})" if line else ""
        return f"{where}: {path.name}, {sub}{at}" if sub else f"{where}: {path.name}"

    return read_rules(data, locate)
