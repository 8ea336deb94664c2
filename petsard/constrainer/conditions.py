"""Type checks and vectorised evaluation of a parsed ``field_constraints`` expression.

A comparison with a missing value on either side is false (as in SQL): ``age >= 18`` rejects
a row whose age is missing. ``IS`` / ``IS NOT`` are the null-safe forms: ``x IS pd.NA`` tests
for a missing value and ``x IS NOT 'US'`` keeps missing values. A quoted string compared
with a datetime field is read as a timestamp.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from petsard.constrainer.expression import (
    Compare,
    Field,
    Literal,
    Logical,
    Node,
    Null,
    parse_timestamp,
)
from petsard.exceptions import ExpressionError
from petsard.registry import closest
from petsard.schema.attribute import Attribute
from petsard.schema.inference import kind_of

_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
        ">": operator.gt, ">=": operator.ge}
_EQUALITY = ("==", "!=", "IS", "IS NOT")
CONDITION = "condition"


def kind_of_attribute(attr: Attribute) -> str:
    """numerical | string | datetime | boolean: what a field's values compare as."""
    if attr.type in ("int", "float"):  # categories of numbers too
        return "numerical"
    if attr.type in ("datetime", "date"):
        return "datetime"
    return "boolean" if attr.type == "boolean" else "string"


def kind_of_series(series: pd.Series) -> str:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        numeric = pd.api.types.is_numeric_dtype(dtype.categories.dtype)
        return "numerical" if numeric else "string"
    kind = kind_of(dtype)
    return "string" if kind == "categorical" else kind


# --- type checks ---------------------------------------------------------------------------

def check(node: Node, text: str, kinds: Mapping[str, str]) -> list[ExpressionError]:
    """Every problem of the rule against fields of these kinds (unknown fields, mismatches)."""
    problems: list[ExpressionError] = []
    root = _kind(node, text, kinds, problems)
    if root not in (CONDITION, "boolean", None):
        what = f"field '{node.name}'" if isinstance(node, Field) else "a value"
        problems.append(ExpressionError(f"the rule is {what}, not a condition: compare it "
                                        "(e.g. age >= 18)", text, node.start, node.end))
    if not problems and not _names_a_field(node):
        problems.append(ExpressionError("the rule names no field; it is the same for every row",
                                        text, node.start, node.end))
    return problems


def _names_a_field(node: Node) -> bool:
    if isinstance(node, Field):
        return True
    if isinstance(node, Compare):
        return _names_a_field(node.left) or _names_a_field(node.right)
    if isinstance(node, Logical):
        return any(_names_a_field(t) for t in node.terms)
    return False


def _kind(node: Node, text: str, kinds: Mapping[str, str],
          problems: list[ExpressionError]) -> str | None:
    """The node's kind, or None when a problem below it was already reported."""
    if isinstance(node, Field):
        if node.name not in kinds:
            guess = closest(node.name, list(kinds))
            hint = f" (did you mean '{guess}'?)" if guess else ""
            problems.append(ExpressionError(f"unknown field '{node.name}'{hint}", text,
                                            node.start, node.end))
            return None
        return kinds[node.name]
    if isinstance(node, Literal):
        return {"number": "numerical"}.get(node.kind, node.kind)
    if isinstance(node, Null):
        return "null"
    if isinstance(node, Logical):
        for term in node.terms:
            kind = _kind(term, text, kinds, problems)
            if kind not in (CONDITION, "boolean", None):
                problems.append(ExpressionError(
                    f"'{node.op}' joins conditions, but this is {_describe(term, kind)}",
                    text, term.start, term.end))
        return CONDITION
    left = _kind(node.left, text, kinds, problems)
    right = _kind(node.right, text, kinds, problems)
    if left is None or right is None:
        return CONDITION
    problem = _mismatch(node, left, right)
    if problem:
        problems.append(ExpressionError(problem, text, node.start, node.end))
    elif "datetime" in (left, right):
        for side in (node.left, node.right):
            if isinstance(side, Literal) and side.kind == "string":
                try:
                    parse_timestamp(side.value, text, side.start, side.end)
                except ExpressionError as exc:
                    problems.append(exc)
    return CONDITION


def _mismatch(node: Compare, left: str, right: str) -> str | None:
    op = node.op
    if right == "null":
        return None
    truthy = {CONDITION, "boolean"}
    if left in truthy and right in truthy:
        return None if op in _EQUALITY else f"'{op}' cannot order conditions; use == or !="
    if {left, right} == {"boolean", "numerical"} and op in _EQUALITY:
        number = node.right if right == "numerical" else node.left
        if isinstance(number, Literal) and number.value in (0, 1):
            return None
    if left == right:
        return None
    if {left, right} == {"datetime", "string"}:
        string = node.left if left == "string" else node.right
        if isinstance(string, Literal):
            return None
    left_text, right_text = _describe(node.left, left), _describe(node.right, right)
    message = f"cannot compare {left_text} with {right_text}"
    literal = node.right if isinstance(node.right, Literal) else node.left
    if isinstance(literal, Literal) and literal.kind == "string" and "numerical" in (left, right):
        try:
            float(literal.value)
            return f"{message}: write the number without quotes"
        except ValueError:
            return message
    if isinstance(literal, Literal) and literal.kind == "number" and "string" in (left, right):
        return f"{message}: quote the value ('{literal.value}')"
    if isinstance(literal, Literal) and literal.kind == "number" and "datetime" in (left, right):
        return f"{message}: write the date as DATE('2020-01-31') or '2020-01-31'"
    return message


def _describe(node: Node, kind: str | None) -> str:
    if isinstance(node, Field):
        return f"{kind} field '{node.name}'"
    if isinstance(node, Literal):
        shown = f"'{node.value}'" if node.kind == "string" else str(node.value)
        return {"string": f"the string {shown}", "number": f"the number {shown}",
                "boolean": f"the value {shown}", "datetime": f"the date {node.value}"}[node.kind]
    return "a condition"


# --- evaluation ----------------------------------------------------------------------------

@dataclass
class _Values:
    values: Any  # ndarray, or a scalar for a literal
    na: Any  # bool ndarray, or a bool for a literal
    kind: str


def evaluate(node: Node, text: str, data: pd.DataFrame) -> np.ndarray:
    """A boolean array: which rows satisfy the rule."""
    result = _condition(node, text, data)
    return np.broadcast_to(result, (len(data),)).copy()


def _condition(node: Node, text: str, data: pd.DataFrame) -> np.ndarray:
    if isinstance(node, Logical):
        combine = np.logical_and if node.op == "&" else np.logical_or
        result = _condition(node.terms[0], text, data)
        for term in node.terms[1:]:
            result = combine(result, _condition(term, text, data))
        return result
    if isinstance(node, Compare):
        return _compare(node, text, data)
    operand = _operand(node, text, data, None)
    if operand.kind != "boolean":
        raise ExpressionError("not a condition: compare it (e.g. age >= 18)", text,
                              node.start, node.end)
    return np.asarray(operand.values, dtype=bool) & ~np.asarray(operand.na, dtype=bool)


def _compare(node: Compare, text: str, data: pd.DataFrame) -> np.ndarray:
    if isinstance(node.right, Null):
        na = _operand(node.left, text, data, None).na
        na = np.broadcast_to(na, (len(data),))
        return na.copy() if node.op == "IS" else ~na
    left = _operand(node.left, text, data, _static_kind(node.right, data))
    right = _operand(node.right, text, data, left.kind)
    op = "==" if node.op in ("IS", "IS NOT") else node.op
    both = np.logical_not(np.logical_or(left.na, right.na))
    result = np.zeros(len(data), dtype=bool)
    both = np.broadcast_to(both, (len(data),))
    if both.any():
        lv = left.values[both] if np.ndim(left.values) else left.values
        rv = right.values[both] if np.ndim(right.values) else right.values
        try:
            with np.errstate(invalid="ignore"):
                result[both] = np.asarray(_OPS[op](lv, rv), dtype=bool)
        except TypeError as exc:
            raise ExpressionError(f"cannot compare these values ({exc})", text,
                                  node.start, node.end) from exc
    if node.op in ("IS", "IS NOT"):
        result |= np.broadcast_to(np.logical_and(left.na, right.na), (len(data),))
        if node.op == "IS NOT":
            result = ~result
    return result


def _static_kind(node: Node, data: pd.DataFrame) -> str | None:
    if isinstance(node, Field) and node.name in data.columns:
        return kind_of_series(data[node.name])
    return None


def _operand(node: Node, text: str, data: pd.DataFrame, other: str | None) -> _Values:
    if isinstance(node, Field):
        if node.name not in data.columns:
            guess = closest(node.name, [str(c) for c in data.columns])
            hint = f" (did you mean '{guess}'?)" if guess else ""
            raise ExpressionError(f"unknown field '{node.name}'{hint}", text, node.start,
                                  node.end)
        return _column(data[node.name])
    if isinstance(node, Literal):
        value = node.value
        if node.kind == "string" and other == "datetime":
            value = parse_timestamp(value, text, node.start, node.end)
        if isinstance(value, pd.Timestamp):
            if value.tz is not None:
                value = value.tz_convert("UTC").tz_localize(None)
            return _Values(value.to_datetime64(), False, "datetime")
        if node.kind == "boolean" and other == "numerical":
            return _Values(float(value), False, "numerical")
        kind = {"number": "numerical"}.get(node.kind, node.kind)
        return _Values(float(value) if kind == "numerical" else value, False, kind)
    if isinstance(node, Null):
        return _Values(None, True, "null")
    values = _condition(node, text, data)
    return _Values(values, np.zeros(len(values), dtype=bool), "boolean")


def _column(series: pd.Series) -> _Values:
    kind = kind_of_series(series)
    na = series.isna().to_numpy()
    if kind == "numerical":
        values = np.asarray(series.astype(float) if isinstance(series.dtype, pd.CategoricalDtype)
                            else series.to_numpy(dtype=float, na_value=np.nan), dtype=float)
    elif kind == "datetime":
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_convert("UTC").dt.tz_localize(None)
        values = series.to_numpy(dtype="datetime64[ns]")
    elif kind == "boolean":
        values = series.to_numpy(dtype=object, na_value=False).astype(bool)
    else:
        values = series.to_numpy(dtype=object)
    return _Values(values, na, kind)
