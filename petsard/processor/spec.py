"""The Preprocessor's config, in PETsARD's long form or the short form, checked up front.

Long form::

    sequence: [missing, outlier, encoder, scaler]
    config: {missing: {age: missing_mean}, encoder: {gender: encoder_onehot}}

Short form::

    scaling: {age: minmax, income: standard}
    encoding: {education: onehot}

Fields not named keep their type's default step; ``null`` skips a step for a field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from petsard.parameters import validate_signature
from petsard.processor.base import KINDS, STEPS
from petsard.registry import did_you_mean

DEFAULT_SEQUENCE = ("missing", "outlier", "encoder", "scaler")
DISCRETIZING_SEQUENCE = ("missing", "outlier", "discretizing")
# Both spellings are accepted in both forms.
KIND_ALIASES = {"missing": "missing", "outlier": "outlier", "encoder": "encoder",
                "encoding": "encoder", "scaler": "scaler", "scaling": "scaler",
                "discretizing": "discretizing"}
# Steps each kind may use when its own prefix is not the step's (categorical fields are
# label-encoded when a sequence discretizes).
ALSO_ALLOWED = {"discretizing": ("encoder_label",)}
DEFAULTS: dict[str, dict[str, str]] = {
    "missing": {"numerical": "missing_mean", "categorical": "missing_drop",
                "datetime": "missing_drop", "boolean": "missing_drop", "text": "missing_drop"},
    "outlier": {"numerical": "outlier_iqr", "datetime": "outlier_iqr"},
    "encoder": {"categorical": "encoder_uniform", "boolean": "encoder_uniform",
                "text": "encoder_uniform"},
    "scaler": {"numerical": "scaler_standard", "datetime": "scaler_standard"},
    "discretizing": {"numerical": "discretizing_kbins", "datetime": "discretizing_kbins",
                     "categorical": "encoder_label", "boolean": "encoder_label",
                     "text": "encoder_label"},
}


@dataclass(frozen=True)
class StepSpec:
    name: str
    params: dict[str, Any] = field(default_factory=dict)

    def build(self) -> Any:
        return STEPS.get(self.name)(**self.params)


@dataclass(frozen=True)
class ProcessingSpec:
    """Validated processing config: which kinds run in which order, and per-field choices
    (a StepSpec, or None to skip) that override the defaults."""

    sequence: tuple[str, ...]
    overrides: dict[str, dict[str, StepSpec | None]]
    paths: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)

    def path_of(self, kind: str, column: str, base: str) -> str:
        return self.paths.get((kind, column), f"{base}.{kind}.{column}")


def parse_spec(params: dict[str, Any], path: str) -> tuple[ProcessingSpec | None, list[str]]:
    """Read both forms; report every problem with its YAML path."""
    problems: list[str] = []
    overrides: dict[str, dict[str, StepSpec | None]] = {}
    paths: dict[tuple[str, str], str] = {}
    sections: list[tuple[str, Any, str]] = []
    long_form = params.get("config")
    if long_form is not None:
        if not isinstance(long_form, dict):
            problems.append(f"{path}.config: expected a mapping of step kinds to fields")
        else:
            sections += [(k, v, f"{path}.config.{k}") for k, v in long_form.items()]
    for key in ("missing", "outlier", "encoding", "encoder", "scaling", "scaler",
                "discretizing"):
        if key in params:
            sections.append((key, params[key], f"{path}.{key}"))
    for key, value, where in sections:
        kind = KIND_ALIASES.get(str(key))
        if kind is None:
            hint = did_you_mean(str(key), list(KIND_ALIASES))
            problems.append(f"{where}: unknown step kind{hint}")
            continue
        if value is None:
            continue
        if not isinstance(value, dict):
            problems.append(f"{where}: expected a mapping of field names to methods")
            continue
        for column, choice in value.items():
            spec, found = _step(kind, choice, f"{where}.{column}")
            problems += found
            if not found:
                overrides.setdefault(kind, {})[str(column)] = spec
                paths[(kind, str(column))] = f"{where}.{column}"
    sequence, found = _sequence(params.get("sequence"), overrides, f"{path}.sequence")
    problems += found
    if problems:
        return None, problems
    return ProcessingSpec(sequence, overrides, paths), []


def _step(kind: str, choice: Any, where: str) -> tuple[StepSpec | None, list[str]]:
    if choice is None:
        return None, []
    params: dict[str, Any] = {}
    if isinstance(choice, dict):
        params = dict(choice)
        choice = params.pop("method", None)
        if choice is None:
            return None, [f"{where}.method: required (the step's name, e.g. {kind}_...)"]
    if not isinstance(choice, str):
        return None, [f"{where}: expected a method name, got {choice!r}"]
    name = choice if choice.lower() in STEPS else f"{kind}_{choice}"
    allowed = [n for n in STEPS.names() if n.startswith(f"{kind}_")] + list(
        ALSO_ALLOWED.get(kind, ()))
    if name.lower() not in [a.lower() for a in allowed]:
        short = [a.split("_", 1)[1] if a.startswith(f"{kind}_") else a for a in allowed]
        return None, [f"{where}: unknown {kind} method '{choice}'{did_you_mean(choice, short)}"]
    step_cls = STEPS.get(name)
    clean, problems = validate_signature(step_cls, params, where)
    return StepSpec(step_cls.name(), clean), problems


def _sequence(raw: Any, overrides: dict[str, Any], where: str
              ) -> tuple[tuple[str, ...], list[str]]:
    if raw is None:
        if "discretizing" in overrides:
            if "encoder" in overrides:
                return (), [f"{where}: encoder and discretizing cannot both run: discretizing "
                            "already turns every field into bins (categories are label-encoded)"]
            return DISCRETIZING_SEQUENCE, []
        return DEFAULT_SEQUENCE, []
    if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
        return (), [f"{where}: expected a list of step kinds, e.g. {list(DEFAULT_SEQUENCE)}"]
    kinds = [KIND_ALIASES.get(k, k) for k in raw]
    problems = [f"{where}: unknown step kind '{k}'{did_you_mean(k, list(KINDS))}"
                for k in kinds if k not in KINDS]
    if len(set(kinds)) != len(kinds):
        problems.append(f"{where}: each step kind may appear once, got {raw}")
    if "discretizing" in kinds and "encoder" in kinds:
        problems.append(f"{where}: encoder and discretizing cannot both run: discretizing "
                        "already turns every field into bins (categories are label-encoded)")
    if "discretizing" in kinds and kinds[-1] != "discretizing":
        problems.append(f"{where}: discretizing must be the last step, got {raw}")
    missing = [k for k in overrides if k not in kinds]
    if missing and not problems:
        problems.append(f"{where}: steps are configured for {missing} but the sequence "
                        f"{raw} does not run them")
    return tuple(kinds), problems
