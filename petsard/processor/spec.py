"""The Preprocessor's config, in PETsARD's long form or the short form, checked up front.

Long form (``sequence`` may also sit inside ``config``, as some of PETsARD's pages write it)::

    sequence: [missing, outlier, encoder, scaler]
    config: {missing: {age: missing_mean}, encoder: {gender: encoder_onehot}}

Short form::

    scaling: {age: minmax, income: standard}
    encoding: {education: onehot}

A field's method is a name or ``{method: name, <parameters>}``. Fields not named keep their
kind's default step; ``null`` (or ``None`` unquoted, as PETsARD's docs write it) skips a step
for a field. ``outlier: outlier_isolationforest`` (or ``outlier_lof``) judges every numerical
field together; naming either for one field does the same, as in PETsARD.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from petsard.parameters import is_yaml_null, validate_signature
from petsard.processor.base import KINDS, STEPS
from petsard.registry import did_you_mean

DEFAULT_SEQUENCE = ("missing", "outlier", "encoder", "scaler")
DISCRETIZING_SEQUENCE = ("missing", "outlier", "discretizing")
# Both spellings are accepted in both forms, and as a method's prefix (encoding_uniform).
KIND_ALIASES = {"missing": "missing", "outlier": "outlier", "encoder": "encoder",
                "encoding": "encoder", "scaler": "scaler", "scaling": "scaler",
                "discretizing": "discretizing"}
SHORT_FORM_KEYS = ("missing", "outlier", "encoding", "encoder", "scaling", "scaler",
                   "discretizing")
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
    """Validated processing config: which kinds run in which order, per-field choices (a
    StepSpec, or None to skip) that override the defaults, and per kind at most one joint
    step that replaces them all (it judges every numerical field together)."""

    sequence: tuple[str, ...]
    overrides: dict[str, dict[str, StepSpec | None]]
    joint: dict[str, StepSpec] = field(default_factory=dict)
    paths: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)
    joint_paths: dict[str, str] = field(default_factory=dict, compare=False)
    # What the config asks that will not happen as written, for the run's log.
    notes: tuple[str, ...] = field(default=(), compare=False)

    def path_of(self, kind: str, column: str, base: str) -> str:
        return self.paths.get((kind, column), f"{base}.{kind}.{column}")


def parse_spec(params: dict[str, Any], path: str) -> tuple[ProcessingSpec | None, list[str]]:
    """Read both forms; report every problem with its YAML path."""
    parsed = _Parsed()
    sections, nested_sequence = _sections(params, path, parsed.problems)
    for key, value, where in sections:
        kind = KIND_ALIASES.get(str(key))
        if kind is None:
            hint = did_you_mean(str(key), list(KIND_ALIASES))
            parsed.problems.append(f"{where}: unknown step kind{hint}")
        elif is_yaml_null(value):
            continue
        elif isinstance(value, str):
            parsed.one_method_for_all(kind, value, where)
        elif not isinstance(value, dict):
            parsed.problems.append(f"{where}: expected a mapping of field names to methods")
        else:
            for column, choice in value.items():
                parsed.field_choice(kind, str(column), choice, f"{where}.{column}")
    notes = parsed.joint_notes()
    raw, where = params.get("sequence"), f"{path}.sequence"
    if nested_sequence is not None:
        if raw is not None and raw != nested_sequence:
            parsed.problems.append(f"{path}.config.sequence: differs from {where}; give the "
                                   "sequence once")
        raw, where = nested_sequence, f"{path}.config.sequence"
    configured = {**parsed.overrides, **parsed.joint}
    sequence, found = _sequence(raw, configured, where)
    if parsed.problems or found:
        return None, parsed.problems + found
    return ProcessingSpec(
        sequence, parsed.overrides, joint={k: s for k, (s, _) in parsed.joint.items()},
        paths=parsed.paths, joint_paths={k: w for k, (_, w) in parsed.joint.items()},
        notes=tuple(notes)), []


def _sections(params: dict[str, Any], path: str, problems: list[str]
              ) -> tuple[list[tuple[Any, Any, str]], Any]:
    """(kind key, value, YAML path) of every section of both forms, and ``config.sequence``."""
    sections: list[tuple[Any, Any, str]] = []
    nested_sequence = None
    long_form = params.get("config")
    if long_form is not None and not is_yaml_null(long_form):
        if not isinstance(long_form, dict):
            problems.append(f"{path}.config: expected a mapping of step kinds to fields")
        else:
            for key, value in long_form.items():
                if key == "sequence":
                    nested_sequence = value
                else:
                    sections.append((key, value, f"{path}.config.{key}"))
    sections += [(key, params[key], f"{path}.{key}") for key in SHORT_FORM_KEYS if key in params]
    return sections, nested_sequence


@dataclass
class _Parsed:
    """What the sections set so far: a step may be set once per kind and field."""

    overrides: dict[str, dict[str, StepSpec | None]] = field(default_factory=dict)
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    joint: dict[str, tuple[StepSpec, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def one_method_for_all(self, kind: str, choice: str, where: str) -> None:
        step_cls = self._resolve(kind, choice, where)
        if step_cls is None:
            return
        if not step_cls.joint:
            joint = " or ".join(n for n in STEPS.names() if STEPS.get(n).joint)
            name = step_cls.name()
            self.problems.append(
                f"{where}: one method for every field works only with {joint}, which judge the "
                f"numerical fields together; set {name} per field: {{<field>: {name}}}")
            return
        self._set_joint(kind, StepSpec(step_cls.name()), where)

    def field_choice(self, kind: str, column: str, choice: Any, where: str) -> None:
        if is_yaml_null(choice):
            self._set(kind, column, None, where)
            return
        params: dict[str, Any] = {}
        if isinstance(choice, dict):
            params = dict(choice)
            if "method" not in params:
                self.problems.append(f"{where}.method: required (the step's name, e.g. "
                                     f"{kind}_...)")
                return
            choice = params.pop("method")
            if is_yaml_null(choice):
                self._set(kind, column, None, where)
                return
        if not isinstance(choice, str):
            self.problems.append(f"{where}: expected a method name, got {choice!r}")
            return
        step_cls = self._resolve(kind, choice, where)
        if step_cls is None:
            return
        for target, target_params in step_cls.configured_fields(column, params).items():
            here = where if target == column else f"{where}.reference"
            if target_params is None:
                self._set(kind, target, None, here)
                continue
            clean, found = validate_signature(step_cls, target_params, where)
            self.problems += [p for p in found if p not in self.problems]
            if found:
                continue
            spec = StepSpec(step_cls.name(), clean)
            if step_cls.joint:
                self._set_joint(kind, spec, where)
            else:
                self._set(kind, target, spec, here)

    def _resolve(self, kind: str, choice: str, where: str) -> type | None:
        """The step class ``choice`` names for ``kind`` ('minmax', 'scaler_minmax' and
        'scaling_minmax' are one), or None after recording the problem."""
        lowered = choice.strip().lower()
        prefix, _, rest = lowered.partition("_")
        if rest and prefix in KIND_ALIASES:
            lowered = f"{KIND_ALIASES[prefix]}_{rest}"
        name = lowered if lowered in STEPS else f"{kind}_{lowered}"
        allowed = [n for n in STEPS.names() if n.startswith(f"{kind}_")] + list(
            ALSO_ALLOWED.get(kind, ()))
        if name not in [a.lower() for a in allowed]:
            short = [a.split("_", 1)[1] if a.startswith(f"{kind}_") else a for a in allowed]
            self.problems.append(
                f"{where}: unknown {kind} method '{choice}'{did_you_mean(choice, short)}")
            return None
        return STEPS.get(name)

    def _set(self, kind: str, column: str, spec: StepSpec | None, where: str) -> None:
        earlier = self.paths.get((kind, column))
        if earlier is not None:
            self.problems.append(f"{where}: the {kind} step of '{column}' is already set at "
                                 f"{earlier}; set it once")
            return
        self.overrides.setdefault(kind, {})[column] = spec
        self.paths[(kind, column)] = where

    def _set_joint(self, kind: str, spec: StepSpec, where: str) -> None:
        earlier = self.joint.get(kind)
        if earlier is not None and earlier[0] != spec:
            self.problems.append(
                f"{where}: only one joint {kind} method can run, and {earlier[1]} already sets "
                f"{earlier[0].name}{_params(earlier[0])}; use the same method and parameters")
        elif earlier is None:
            self.joint[kind] = (spec, where)

    def joint_notes(self) -> list[str]:
        """Per-field settings a joint step overrides (PETsARD does the same, with a
        warning)."""
        notes = []
        for kind, (spec, _) in self.joint.items():
            ignored = [self.paths[(kind, c)] for c in self.overrides.get(kind, {})]
            if ignored:
                notes.append(f"{', '.join(ignored)}: ignored: {spec.name} judges every "
                             "numerical field together")
        return notes


def _params(spec: StepSpec) -> str:
    return f" ({', '.join(f'{k}={v!r}' for k, v in spec.params.items())})" if spec.params else ""


def _sequence(raw: Any, configured: dict[str, Any], where: str
              ) -> tuple[tuple[str, ...], list[str]]:
    if raw is None:
        if "discretizing" in configured:
            if "encoder" in configured:
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
    missing = [k for k in configured if k not in kinds]
    if missing and not problems:
        problems.append(f"{where}: steps are configured for {missing} but the sequence "
                        f"{raw} does not run them")
    return tuple(kinds), problems
