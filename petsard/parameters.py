"""Validate an experiment's parameters against its method's constructor.

The constructor is the config (scikit-learn's habit): a method declares its parameters as
typed keyword arguments, and this module turns that signature into a strict pydantic model,
so a misspelt or ill-typed parameter is reported with its YAML path before anything runs.
"""

from __future__ import annotations

import inspect
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from pydantic_core import PydanticUndefined

from petsard.registry import did_you_mean

_MESSAGES = {
    "int_type": "expected an integer",
    "int_parsing": "expected an integer",
    "int_from_float": "expected an integer",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected a string",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "none_required": "expected nothing (null)",
}


def build_model(name: str, fields: dict[str, tuple[Any, Any]], accepts_extra: bool = False
                ) -> type[BaseModel]:
    """A strict pydantic model of ``{name: (annotation, default)}`` (PydanticUndefined:
    required)."""
    config = ConfigDict(
        strict=True, extra="allow" if accepts_extra else "forbid", arbitrary_types_allowed=True,
        populate_by_name=False,
    )
    safe = {}
    for key, (annotation, default) in fields.items():
        if hasattr(BaseModel, key):  # e.g. 'schema': keep the user's name as an alias
            safe[f"{key}_"] = (annotation, Field(default, alias=key))
        else:
            safe[key] = (annotation, default)
    return create_model(name, __config__=config, **safe)


@cache
def _model_for(cls: type) -> tuple[type[BaseModel], bool]:
    """A strict pydantic model of ``cls.__init__``'s keyword parameters (cached per class)."""
    hints = typing.get_type_hints(cls.__init__, include_extras=True)
    fields: dict[str, Any] = {}
    accepts_extra = False
    for name, param in inspect.signature(cls.__init__).parameters.items():
        if name == "self":
            continue
        if param.kind is inspect.Parameter.VAR_KEYWORD:
            accepts_extra = True
            continue
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        annotation = hints.get(name, Any)
        default = PydanticUndefined if param.default is inspect.Parameter.empty else param.default
        fields[name] = (annotation, default)
    return build_model(f"{cls.__name__}Params", fields, accepts_extra), accepts_extra


def _names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def is_yaml_null(value: Any) -> bool:
    """True for null and for ``None`` written unquoted: YAML reads that as the text 'None',
    and PETsARD's configs use it to mean "nothing" (a field's processor, ``resampling``)."""
    return value is None or (isinstance(value, str) and value.strip().lower() == "none")


def describe_value(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problem(path: str, error: dict[str, Any], valid: list[str]) -> str:
    loc = ".".join(str(part) for part in error["loc"])
    where = f"{path}.{loc}" if loc else path
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return f"{where}: required parameter is missing"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        if not valid:
            return f"{where}: unknown parameter; it takes no parameters"
        return f"{where}: unknown parameter{did_you_mean(name, valid)}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{where}: expected one of {expected}, got {describe_value(value)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(error.get("ctx", {}).values()), "")
        bound = format(bound, "g") if isinstance(bound, float) else bound
        sign = {"greater_than_equal": ">=", "greater_than": ">",
                "less_than_equal": "<=", "less_than": "<"}[kind]
        return f"{where}: must be {sign} {bound}, got {describe_value(value)}"
    if kind in _MESSAGES:
        return f"{where}: {_MESSAGES[kind]}, got {describe_value(value)}"
    return f"{where}: {error['msg']}, got {describe_value(value)}"


def validate_signature(cls: type, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
    """Check ``params`` against ``cls``'s constructor; return (validated params, problems)."""
    return validate_model(_model_for(cls)[0], params, path)


def validate_model(model: type[BaseModel], params: dict[str, Any], path: str
                   ) -> tuple[dict, list[str]]:
    """Check ``params`` against a model from ``build_model``; return (params, problems)."""
    try:
        validated = model.model_validate(params)
    except ValidationError as exc:
        valid = _names(model)
        # pydantic reports one error per union member; keep the first per location.
        seen: dict[tuple, str] = {}
        for error in exc.errors():
            loc = error["loc"][:1] + tuple(
                part for part in error["loc"][1:] if not _is_union_tag(part))
            error = {**error, "loc": loc}
            seen.setdefault(loc, _problem(path, error, valid))
        return {}, list(seen.values())
    values = validated.model_dump(by_alias=True, exclude_unset=True, round_trip=False)
    return {k: values[k] for k in params if k in values} | dict(validated.model_extra or {}), []


def _is_union_tag(part: Any) -> bool:
    """pydantic inserts member names ('int', 'list[str]'...) into the loc of union errors."""
    return isinstance(part, str) and ("[" in part or part in {
        "int", "float", "str", "bool", "none", "dict", "list", "function-after",
        "constrained-int", "constrained-float", "literal",
    } or part.startswith("literal["))
