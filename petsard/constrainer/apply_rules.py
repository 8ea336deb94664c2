"""Check a table against a RuleSet (validate), or draw until enough rows pass (resample).

Counts add up: every row drawn is either valid or dropped by exactly one rule, the first
it breaks in the order rules apply (``dropped``); ``failed`` counts every rule a row breaks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from petsard.constrainer.proportions import Shortfall, draws_for, proportion_table, select
from petsard.constrainer.ruleset import RuleSet
from petsard.exceptions import ConstraintError
from petsard.logs import get_logger

log = get_logger("constrainer")
SUMMARY_COLUMNS = ["rule", "kind", "description", "checked", "passed", "failed", "pass_rate",
                   "dropped", "satisfied"]


@dataclass
class Tally:
    """Per-rule counts over every row checked."""

    rules: RuleSet
    checked: int = 0
    failed: np.ndarray = field(init=False)
    dropped: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.failed = np.zeros(len(self.rules.rules), dtype=np.int64)
        self.dropped = np.zeros(len(self.rules.rules), dtype=np.int64)

    def add(self, failures: np.ndarray) -> np.ndarray:
        """Count a batch's failures (rows x rules); return which rows are valid."""
        broken = failures.any(axis=1)
        self.checked += len(failures)
        self.failed += failures.sum(axis=0)
        if broken.any():
            self.dropped += np.bincount(failures[broken].argmax(axis=1),
                                        minlength=len(self.rules.rules))
        return ~broken

    def worst(self) -> str:
        """The rule that rejected the most rows, as a sentence."""
        if not len(self.failed) or self.failed.max() == 0:
            return "no row rule rejected any row"
        j = int(np.argmax(self.failed))
        rule = self.rules.rules[j]
        return (f"the rule rejecting most is {rule.rule_id} ({rule.text}): {self.failed[j]:,} of "
                f"{self.checked:,} rows ({self.failed[j] / self.checked:.1%}) broke it")

    def summary(self, proportions: pd.DataFrame, keeps_all_rows: bool) -> pd.DataFrame:
        records = []
        for j, rule in enumerate(self.rules.rules):
            failed = int(self.failed[j])
            records.append(_record(rule, self.checked, failed,
                                   0 if keeps_all_rows else int(self.dropped[j])))
        for rule in self.rules.proportions:
            part = proportions[proportions["rule"] == rule.rule_id]
            checked = int(part["rows"].sum())
            records.append(_record(rule, checked, int(part["rows"][~part["within"]].sum()), 0,
                                   bool(part["within"].all())))
        return pd.DataFrame(records, columns=SUMMARY_COLUMNS)


def _record(rule: object, checked: int, failed: int, dropped: int,
            satisfied: bool | None = None) -> dict:
    return {"rule": rule.rule_id, "kind": rule.kind, "description": rule.text,
            "checked": checked, "passed": checked - failed, "failed": failed,
            "pass_rate": (checked - failed) / checked if checked else 1.0, "dropped": dropped,
            "satisfied": failed == 0 if satisfied is None else satisfied}


@dataclass
class Validated:
    summary: pd.DataFrame
    proportions: pd.DataFrame
    failing_rows: pd.DataFrame
    tally: Tally
    passed: int


def validate(rules: RuleSet, data: pd.DataFrame, reference: pd.DataFrame) -> Validated:
    """Which rows break which rule (nan_groups repairs count as breaks); the data is kept."""
    tally = Tally(rules)
    failures = rules.failures(data)
    valid = tally.add(failures)
    broken = ~valid
    names = np.full(int(broken.sum()), "", dtype=object)
    for j, rule in enumerate(rules.rules):
        names = np.where(failures[broken, j], names + rule.rule_id + "; ", names)
    failing = data[broken].copy()
    failing.insert(0, "failed_rules", [n[:-2] for n in names])
    failing.insert(0, "row", data.index[broken])
    proportions = proportion_table(list(rules.proportions), data, reference)
    return Validated(tally.summary(proportions, keeps_all_rows=True), proportions,
                     failing.reset_index(drop=True), tally, int(valid.sum()))


@dataclass
class Resampled:
    data: pd.DataFrame
    summary: pd.DataFrame
    proportions: pd.DataFrame
    tally: Tally
    trials: int
    rows_drawn: int
    rows_valid: int
    gave_up: str | None = None  # why fewer rows than asked for came back (partial mode)


Draw = Callable[[int, int], pd.DataFrame]  # (rows, trial) -> fresh rows


@dataclass
class Resampler:
    """Draws until ``target_rows`` rows satisfy every rule; ``first`` is checked before any
    draw (it is the Synthesizer's own sample)."""

    rules: RuleSet
    draw: Draw
    target_rows: int
    reference: pd.DataFrame
    sampling_ratio: float = 10.0
    max_trials: int = 300
    verbose_step: int = 10
    label: str = "Constrainer"
    #: On giving up, raise a ConstraintError ('raise'), or return the valid rows found so far
    #: with the reason in ``gave_up`` ('partial': PETsARD's Python API warns and returns them).
    give_up: Literal["raise", "partial"] = "raise"

    def run(self, first: pd.DataFrame) -> Resampled:
        tally = Tally(self.rules)
        parts: list[pd.DataFrame] = []
        valid = drawn = trial = 0
        batch = first
        while True:
            if len(batch):
                repaired = self.rules.repair(batch)
                good = repaired[tally.add(self.rules.failures(repaired))]
                if len(good):
                    parts.append(good)
                valid += len(good)
                drawn += len(batch)
            shortfall = None
            if valid >= self.target_rows:
                pool = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
                parts = [pool]
                picked, shortfall = select(pool, self.target_rows, list(self.rules.proportions),
                                           self.reference)
                if picked is not None:
                    output = pool.iloc[picked].reset_index(drop=True)
                    table = proportion_table(list(self.rules.proportions), output, self.reference)
                    return Resampled(output, tally.summary(table, keeps_all_rows=False), table,
                                     tally, trial, drawn, valid)
                missing = draws_for(shortfall, valid)
            else:
                missing = self.target_rows - valid
            try:
                self._give_up_if_hopeless(tally, trial, drawn, valid, missing, shortfall)
            except ConstraintError as exc:
                if self.give_up == "raise":
                    raise
                return self._partial(parts, first, tally, trial, drawn, valid, str(exc))
            trial += 1
            size = math.ceil(self.sampling_ratio * min(missing, self.target_rows))
            if self.verbose_step and trial % self.verbose_step == 0:
                log.info("%s: trial %d: %d of %d valid rows, drawing %d", self.label, trial,
                         min(valid, self.target_rows), self.target_rows, size)
            batch = self.draw(max(1, size), trial)

    def _partial(self, parts: list[pd.DataFrame], first: pd.DataFrame, tally: Tally,
                 trial: int, drawn: int, valid: int, reason: str) -> Resampled:
        """The valid rows found so far (at most ``target_rows``), for ``give_up='partial'``."""
        pool = pd.concat(parts, ignore_index=True) if parts else first.iloc[:0]
        output = pool.iloc[:self.target_rows].reset_index(drop=True)
        table = proportion_table(list(self.rules.proportions), output, self.reference)
        return Resampled(output, tally.summary(table, keeps_all_rows=False), table, tally,
                         trial, drawn, valid, gave_up=reason)

    def _give_up_if_hopeless(self, tally: Tally, trial: int, drawn: int, valid: int,
                             missing: int, shortfall: Shortfall | None) -> None:
        """After ``max_trials``, or earlier when the pass rate seen so far (taken at its upper
        95% bound) could not reach the target in the trials left, raise a ConstraintError."""
        left = self.max_trials - trial
        if shortfall is not None:
            per_trial = (shortfall.have + 3) / max(drawn, 1) * math.ceil(
                self.sampling_ratio * self.target_rows)
            needed = shortfall.needed / per_trial
            have = (f"the pool has {shortfall.have:,}" if shortfall.have else
                    "no valid row has it so far: a row rule may exclude it")
            what = (f"{min(valid, self.target_rows):,} valid rows, but {shortfall.rule_id} needs "
                    f"{shortfall.needed:,} more rows of '{shortfall.label}' ({have})")
        else:
            rate = min((valid + 3) / max(drawn, 1) * self.sampling_ratio, 1 - 1e-12)
            needed = math.log(missing + 1) / -math.log1p(-rate)
            what = (f"only {valid:,} of the {self.target_rows:,} rows asked for satisfy every "
                    f"rule (pass rate {valid / max(drawn, 1):.2%}); {tally.worst()}")
            if valid:
                what += (f"; at this pass rate sampling_ratio: {math.ceil(2 * drawn / valid):,} "
                         "would need few trials")
        # the geometric model of the rows case is rough: stop only when far out of reach
        slack = 1 if shortfall is not None else 2
        if left > 0 and needed <= slack * left:
            return
        if left > 0:
            done = (f"after {trial} trials ({drawn:,} rows drawn)" if trial else
                    f"after checking the first {drawn:,} rows")
            reason = (f"stopped early {done}: at this rate reaching the target would take "
                      f"about {needed:,.0f} more trials (max_trials: {self.max_trials})")
        else:
            reason = f"gave up after {trial} trials ({drawn:,} rows drawn, max_trials reached)"
        raise ConstraintError(
            f"{self.label}: {reason}: {what}. Loosen the rules, or raise max_trials or "
            f"sampling_ratio ({self.sampling_ratio:g})")
