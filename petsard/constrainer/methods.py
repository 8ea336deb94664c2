"""Constrainer methods: ``auto`` (alias ``default``), ``resample`` and ``validate``.

They share one constructor (the config): the rules, given as a ``constraints_yaml`` file or
as the four sections inline (not both), and the resampling settings. Every rule is parsed
when the config is read, so a rule that cannot parse fails before anything runs; rules are
checked against the data's fields when the Constrainer's input is known.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field

from petsard.constrainer.ruleset import (
    SECTIONS,
    RuleSet,
    json_safe_combinations,
    read_rules,
    read_rules_file,
)
from petsard.exceptions import ConfigError
from petsard.experiment.source_ref import ConfigModules, check_sources
from petsard.method import Method
from petsard.parameters import is_yaml_null
from petsard.schema.schema import Schema

RESAMPLING = ("target_rows", "sampling_ratio", "max_trials", "verbose_step")


class ConstrainerMethod(Method):
    """``method: auto``: resample when the path has a fitted Synthesizer (not custom_data),
    validate otherwise.

    constraints_yaml: a file holding the constraint sections (PETsARD's format).
    nan_groups, field_constraints, field_combinations, field_proportions: the sections inline.
    source: validate these tables instead of the path's data (PETsARD's form): a module, a
        ``Module.experiment``, ``Splitter.ori``/``.control``..., or a list of them; each is
        validated and reported on its own, and the path's data passes through unchanged.
    target_rows: rows wanted when resampling (default: the rows the Synthesizer produced).
    sampling_ratio: rows drawn per trial, as a multiple of the valid rows still missing.
    max_trials: draws before resampling gives up with an error.
    verbose_step: log progress every this many trials (0: never).
    """

    mode: ClassVar[str] = "auto"

    def __init__(
        self,
        *,
        constraints_yaml: str | None = None,
        nan_groups: dict[str, Any] | None = None,
        field_constraints: list[str] | None = None,
        field_combinations: list[Any] | None = None,
        field_proportions: list[Any] | None = None,
        source: str | list[str] | None = None,
        target_rows: Annotated[int, Field(ge=1)] | None = None,
        sampling_ratio: Annotated[float, Field(gt=0)] = 10.0,
        max_trials: Annotated[int, Field(ge=1)] = 300,
        verbose_step: Annotated[int, Field(ge=0)] = 10,
    ) -> None:
        self.constraints_yaml = constraints_yaml
        self.nan_groups = nan_groups
        self.field_constraints = field_constraints
        self.field_combinations = field_combinations
        self.field_proportions = field_proportions
        self.source = source
        self.target_rows = target_rows
        self.sampling_ratio = sampling_ratio
        self.max_trials = max_trials
        self.verbose_step = verbose_step

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        if "target_rows" in params and is_yaml_null(params["target_rows"]):  # PETsARD's None
            params = {k: v for k, v in params.items() if k != "target_rows"}
        clean, problems = super().validate_params(params, path)
        if problems:
            return clean, problems
        problems += _read(clean, path)[1]
        if cls.mode == "validate":
            problems += [f"{path}.{key}: only used when resampling (method: resample or auto)"
                         for key in RESAMPLING if key in clean]
        elif clean.get("source") is not None:
            problems += [f"{path}.{key}: only used when resampling; with source the tables named "
                         "are validated" for key in RESAMPLING if key in clean]
        if cls.mode == "resample" and clean.get("source") is not None:
            problems.append(f"{path}.source: names tables to validate; resample draws from the "
                            "path's Synthesizer (use method: validate or auto)")
        if clean.get("field_combinations") is not None:
            clean["field_combinations"] = json_safe_combinations(clean["field_combinations"])
        return clean, problems

    @classmethod
    def check_pipeline(cls, params: dict[str, Any], path: str, modules: ConfigModules) -> list[str]:
        if cls.mode == "resample" and "Synthesizer" not in modules:
            return [f"{path}.method: resample draws from a fitted Synthesizer, but this config "
                    "has none; use method: validate"]
        if params.get("source") is not None:
            return check_sources(params["source"], f"{path}.source", modules, "Constrainer")
        return []

    @classmethod
    def check_schema(cls, params: dict[str, Any], schema: Schema, path: str) -> list[str]:
        """Problems of the rules against the fields the Constrainer will see (unknown fields,
        values or comparisons of the wrong kind), for a check before the run."""
        rules, problems = _read(params, path)
        return problems if rules is None else rules.check(schema, path)

    @classmethod
    def input_files(cls, params: dict[str, Any]) -> list[str]:
        return [params["constraints_yaml"]] if params.get("constraints_yaml") else []

    def rules(self, path: str = "Constrainer") -> RuleSet:
        """The parsed rules; ConfigError naming each bad rule."""
        rules, problems = _read(self.__dict__, path)
        if rules is None:
            raise ConfigError.from_problems(problems)
        return rules


def _read(params: dict[str, Any], path: str) -> tuple[RuleSet | None, list[str]]:
    inline = {key: params[key] for key in SECTIONS if params.get(key) is not None}
    filepath = params.get("constraints_yaml")
    if filepath and inline:
        return None, [f"{path}: give constraints_yaml or the constraint sections "
                      f"({', '.join(inline)}), not both"]
    if filepath:
        return read_rules_file(filepath, f"{path}.constraints_yaml")
    if not inline:
        return None, [f"{path}: no constraints: give constraints_yaml (a rules file) or at "
                      f"least one of {', '.join(SECTIONS)}"]
    return read_rules(inline, lambda sub: f"{path}.{sub}" if sub else path)


class ResampleConstrainer(ConstrainerMethod):
    """``method: resample``: draw from the path's fitted Synthesizer until ``target_rows``
    rows satisfy every rule."""

    mode: ClassVar[str] = "resample"


class ValidateConstrainer(ConstrainerMethod):
    """``method: validate``: count, per rule, the rows that pass and fail; keep the data."""

    mode: ClassVar[str] = "validate"
