"""PETsARD's ``Constrainer`` for notebooks: ``Constrainer(config)``, then ``apply``,
``validate`` and ``resample_until_satisfy``, plus ``Constrainer.register`` for a user's own
constraint types, over the rules the YAML Constrainer runs."""

from __future__ import annotations

import inspect
import math
import warnings
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from petsard.api.building import require_frame
from petsard.constrainer.apply_rules import Resampler
from petsard.constrainer.constrainer_base import BaseConstrainer
from petsard.constrainer.proportions import select
from petsard.constrainer.rules import NanDelete, Rule, kinds_of
from petsard.constrainer.ruleset import SECTIONS, RuleSet, read_rules
from petsard.constrainer.validation_files import rule_label
from petsard.exceptions import ConfigError, ConstraintError
from petsard.registry import did_you_mean
from petsard.schema.schema import Schema

PATH = "Constrainer"
LISTS = ("field_constraints", "field_combinations")


class Constrainer:
    """The four constraint sections of PETsARD's config (``nan_groups``,
    ``field_constraints``, ``field_combinations``, ``field_proportions``) and any registered
    type, read at once: a rule that cannot parse, or (with ``metadata``) names an unknown
    field, raises ConfigError listing every problem. Built-in rules apply in PETsARD's
    order, then registered types in config order."""

    _registered: ClassVar[dict[str, type[BaseConstrainer]]] = {}

    def __init__(self, config: dict[str, Any], metadata: Schema | None = None) -> None:
        if not isinstance(config, dict):
            raise ConfigError(f"{PATH}: config must be a mapping of constraint sections "
                              f"({', '.join(SECTIONS)}), got {type(config).__name__}")
        self.config = config
        self.metadata = metadata
        self.resample_trails: int | None = None
        self.validation_result: dict[str, Any] | None = None
        problems: list[str] = []
        built_in = {}
        self._custom: dict[str, BaseConstrainer] = {}
        for key, section in config.items():
            if key in self._registered:
                self._custom[key] = _build(self._registered[key], section, metadata)
            elif key in SECTIONS:
                built_in[key] = section
            else:
                valid = [*SECTIONS, *self._registered]
                problems.append(f"{PATH}.{key}: unknown constraint type"
                                f"{did_you_mean(str(key), valid)}")
        rules = RuleSet(())
        if any(built_in.values()):
            found_rules, found = read_rules(
                built_in, lambda sub: f"{PATH}.{sub}" if sub else PATH)
            problems += found
            rules = found_rules or rules
        if metadata is not None and not problems:
            problems += rules.check(metadata, PATH)
        if problems:
            raise ConfigError.from_problems(problems)
        self._rules = rules

    @classmethod
    def register(cls, name: str, constraint_class: type) -> None:
        """Make ``name:`` sections of later configs build ``constraint_class`` (a
        BaseConstrainer), for every Constrainer; a built-in section's name overrides it."""
        if not (isinstance(constraint_class, type)
                and issubclass(constraint_class, BaseConstrainer)):
            raise ValueError(f"Constrainer.register('{name}'): the class must inherit from "
                             "petsard.constrainer.constrainer_base.BaseConstrainer")
        cls._registered[name] = constraint_class

    def apply(self, df: pd.DataFrame, target_rows: int | None = None) -> pd.DataFrame:
        """The rows satisfying every constraint (nan_groups repairs applied; a copy with a
        fresh index). With ``target_rows`` and field_proportions, at most that many rows
        whose category shares stay within tolerance of ``df``'s."""
        frame = self._checked(df, "apply")
        repaired = self._rules.repair(frame)
        kept = repaired[~self._rules.failures(repaired).any(axis=1)]
        for constraint in self._custom.values():
            kept = constraint.apply(kept)
        if target_rows is not None and self._rules.proportions:
            kept = self._proportioned(kept, target_rows, frame)
        return kept.reset_index(drop=True)

    def validate(self, data: pd.DataFrame, return_details: bool = True,
                 max_examples_per_rule: int = 6) -> dict[str, Any]:
        """Which rows break which rule, without changing ``data`` (a row a nan_groups rule
        would repair breaks it). PETsARD's result: total_rows, passed_rows, failed_rows,
        pass_rate, is_fully_compliant, constraint_violations ({section: {rule: counts and
        example row labels}}) and, with ``return_details``, violation_details (the failing
        rows with a ``__violated_...__`` column per broken rule). field_proportions compare
        with original data, which validate does not have: they are not checked here."""
        frame = self._checked(data, "validate")
        if frame.empty:
            raise ConfigError(f"{PATH}.validate: the data has no rows to validate")
        if self._rules.proportions:
            warnings.warn("Constrainer.validate: field_proportions are not checked (they "
                          "compare with the original data; apply or resample_until_satisfy "
                          "keep them)", stacklevel=2)
        marks = self._marks(frame)
        failed_any = np.zeros(len(frame), dtype=bool)
        violations: dict[str, dict[str, Any]] = {}
        for (section, rule_name, _), failed in marks.items():
            failed_any |= failed
            labels = frame.index[failed]
            violations.setdefault(section, {})[rule_name] = {
                "failed_count": int(failed.sum()), "fail_rate": float(failed.mean()),
                "violation_examples": labels[:max_examples_per_rule].tolist()}
        passed = int((~failed_any).sum())
        result: dict[str, Any] = {
            "total_rows": len(frame), "passed_rows": passed,
            "failed_rows": len(frame) - passed, "pass_rate": passed / len(frame),
            "is_fully_compliant": passed == len(frame), "constraint_violations": violations}
        if return_details:
            details = frame[failed_any].copy()
            for (_, _, column), failed in marks.items():
                details[column] = failed[failed_any]
            result["violation_details"] = details
        self.validation_result = result
        return result

    def resample_until_satisfy(self, data: pd.DataFrame, target_rows: int, synthesizer: Any,
                               postprocessor: Any = None, max_trials: int = 300,
                               sampling_ratio: float = 10.0, verbose_step: int = 10
                               ) -> pd.DataFrame:
        """``target_rows`` rows satisfying every constraint: ``data``'s (may be empty) first,
        then fresh ones from the fitted ``synthesizer`` (``postprocessor.inverse_transform``
        applied to each draw when given), drawing ``sampling_ratio`` times the rows still
        missing per trial. If ``max_trials`` pass (or the pass rate shows the target is out
        of reach) a warning says why and the rows found so far come back.
        ``resample_trails`` counts the draws."""
        _check_settings(target_rows, max_trials, sampling_ratio, verbose_step)
        frame = require_frame(data, f"{PATH}.resample_until_satisfy: data")

        named = list(dict.fromkeys(f for rule in self._rules.all() for f in rule.fields()))

        def draw(rows: int, trial: int) -> pd.DataFrame:
            batch = synthesizer.sample(rows)
            if postprocessor is not None:
                batch = postprocessor.inverse_transform(batch)
            missing = [f for f in named if f not in batch.columns]
            if missing:
                raise ConstraintError(
                    f"{PATH}.resample_until_satisfy: the synthesizer's rows lack {missing}, "
                    "which the constraints name: fit it on data with these fields (or give "
                    "the postprocessor that restores them)")
            return self._custom_applied(batch)

        drew_first = frame.empty
        first = draw(math.ceil(sampling_ratio * target_rows), 0) if drew_first else (
            self._custom_applied(frame))
        self._checked(first, "resample_until_satisfy")
        resampler = Resampler(self._rules, draw, target_rows, first, sampling_ratio,
                              max_trials, verbose_step, PATH, give_up="partial")
        result = resampler.run(first)
        self.resample_trails = result.trials + int(drew_first)
        if result.gave_up is not None:
            warnings.warn(f"{result.gave_up}; returning the {len(result.data)} rows found",
                          stacklevel=2)
        return result.data

    def _checked(self, data: Any, action: str) -> pd.DataFrame:
        frame = require_frame(data, f"{PATH}.{action}: data")
        problems = self._rules.check(kinds_of(frame), PATH)
        if problems:
            raise ConfigError.from_problems(problems)
        return frame

    def _custom_applied(self, frame: pd.DataFrame) -> pd.DataFrame:
        for constraint in self._custom.values():
            frame = constraint.apply(frame)
        return frame

    def _proportioned(self, pool: pd.DataFrame, target_rows: int,
                      reference: pd.DataFrame) -> pd.DataFrame:
        rows = min(target_rows, len(pool))
        picked, shortfall = select(pool, rows, list(self._rules.proportions), reference)
        if picked is None:
            warnings.warn(f"{PATH}.{shortfall.rule_id}: {rows} rows cannot keep the "
                          f"proportions: '{shortfall.label}' lacks {shortfall.needed} rows; "
                          f"the {len(pool)} rows satisfying the other rules are returned",
                          stacklevel=3)
            return pool
        return pool.iloc[picked]

    def _marks(self, frame: pd.DataFrame) -> dict[tuple[str, str, str], np.ndarray]:
        """{(section, rule name, marker column): rows failing it}, for rules some row fails."""
        marks = {}
        failures = self._rules.failures(frame)
        for j, rule in enumerate(self._rules.rules):
            if failures[:, j].any():
                marks[_naming(rule)] = failures[:, j]
        for name, constraint in self._custom.items():
            kept = constraint.apply(frame.copy())
            failed = ~frame.index.isin(kept.index)
            if failed.any():
                marks[(name, name, f"__violated_{name}__")] = failed
        return marks


def _build(cls: type[BaseConstrainer], section: Any, metadata: Schema | None
           ) -> BaseConstrainer:
    """A registered type from its section (and the schema, if its constructor takes one)."""
    if "metadata" in inspect.signature(cls.__init__).parameters:
        return cls(section, metadata=metadata)  # type: ignore[call-arg]
    return cls(section)


def _naming(rule: Rule) -> tuple[str, str, str]:
    """PETsARD's names of a rule: (section, 'Rule 2: <rule>' or the nan_groups rule,
    '__violated_<section>_rule1__' or '__violated_nan_groups_<field>[_<action>]__')."""
    section, _, rest = rule.rule_id.partition(".")
    label = rule_label(rule.rule_id, rule.text)
    if section in LISTS:
        return section, label, f"__violated_{section}_rule{rest}__"
    field = rule.field  # type: ignore[attr-defined]  # every nan_groups rule has one
    action = "" if isinstance(rule, NanDelete) else "_" + rule.rule_id.rsplit(".", 1)[1]
    return section, label, f"__violated_{section}_{field}{action}__"


def _check_settings(target_rows: Any, max_trials: Any, sampling_ratio: Any,
                    verbose_step: Any) -> None:
    problems = []
    for name, value, low in (("target_rows", target_rows, 1), ("max_trials", max_trials, 1),
                             ("verbose_step", verbose_step, 0)):
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            problems.append(f"{PATH}.resample_until_satisfy.{name}: must be an integer >= "
                            f"{low}, got {value!r}")
    if isinstance(sampling_ratio, bool) or not isinstance(sampling_ratio, (int, float)) or (
            sampling_ratio <= 0):
        problems.append(f"{PATH}.resample_until_satisfy.sampling_ratio: must be a number > 0, "
                        f"got {sampling_ratio!r}")
    if problems:
        raise ConfigError.from_problems(problems)
