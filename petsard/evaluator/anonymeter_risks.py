"""Privacy risks measured by anonymeter's attacks: singling out, linkability, inference.

Each attack is run on ori (the synthesizer's training rows) and on control (real rows it
never saw); the risk is the attack's excess success on ori over control, with a confidence
interval. So every method needs control data: a Splitter in the config (checked before the
run by ``check_pipeline``) and at least MIN_CONTROL_ROWS control rows (checked at evaluate
time).

Settings and results follow PETsARD 1.10.1: the ``global`` table has ``risk``,
``risk_CI_btm``, ``risk_CI_top`` and each attacker's rate and error; ``details`` lists the
successful singling-out queries or the linkability links (inference has none). Linkability
and inference attack every control row by default (``max_n_attacks: true``); missing values
of their columns become "missing" (categories) or -999999 (numbers), as PETsARD does. When
ori or syn has fewer rows than the attacks need, the attacks are reduced and
``info['notes']`` says so.

Seeding: anonymeter draws targets with numpy's global generator (seeded here and restored
afterwards), singling out takes a seed, and the linkability baseline (unseeded in anonymeter
1.1) is redrawn here with the seed.
"""

from __future__ import annotations

import warnings
from typing import Annotated, Any, ClassVar, Literal

import pandas as pd
from pydantic import Field

from petsard.evaluator.anonymeter_shims import (
    SINGLING_OUT_MODULE,
    anonymeter_evaluators,
    baseline_queries,
    linkability_links,
    logged,
    ordered_singling_out,
    seed_linkability_baseline,
)
from petsard.evaluator.base import EvaluatorMethod
from petsard.evaluator.evaluation_data import (
    Aligned,
    EvaluationData,
    EvaluatorError,
    align,
    as_text,
    control_in_pipeline,
    numpy_seed,
    one_row,
    require,
    require_control,
    seed_of,
)

PositiveInt = Annotated[int, Field(ge=1)]
ConfidenceLevel = Annotated[float, Field(gt=0, lt=1)]
Seed = Annotated[int, Field(ge=0)] | None
ROLES = ("attack", "baseline", "control")
GLOBAL_COLUMNS = ("risk", "risk_CI_btm", "risk_CI_top", "attack_rate", "attack_rate_err",
                  "baseline_rate", "baseline_rate_err", "control_rate", "control_rate_err")
MISSING_CATEGORY = "missing"
MISSING_NUMBER = -999999.0


def _attack_table(table: pd.DataFrame, aligned: Aligned, fill_missing: bool) -> pd.DataFrame:
    """anonymeter's type detection must agree across tables: numbers as floats (datetimes as
    days since 1970), everything else as text; ``fill_missing`` replaces missing values."""
    out = {}
    for name in table.columns:
        series = table[name]
        kind = aligned.logical.get(str(name), "categorical")
        if kind in ("numerical", "datetime"):
            numbers = (series.astype(float) if kind == "numerical"
                       else (series - pd.Timestamp(0)) / pd.Timedelta(days=1))
            out[name] = numbers.fillna(MISSING_NUMBER) if fill_missing else numbers
        else:
            text = as_text(series)
            out[name] = text.fillna(MISSING_CATEGORY) if fill_missing else text
    return pd.DataFrame(out, index=table.index)


def _check_n_jobs(params: dict[str, Any], path: str) -> list[str]:
    n_jobs = params.get("n_jobs", 1)
    if n_jobs == 0 or n_jobs < -2:
        return [f"{path}.n_jobs: must be -2 (all cores but one), -1 (all cores) or a number "
                f">= 1, got {n_jobs}"]
    return []


class _AnonymeterRisk(EvaluatorMethod):
    """Shared steps: control checks, type alignment, seeding, result tables."""

    measures = "privacy"
    name: ClassVar[str]
    #: Columns of the ``details`` table; empty: the method has no details.
    details_columns: ClassVar[tuple[str, ...]] = ()
    #: Linkability and inference: missing values filled as PETsARD does.
    fills_missing: ClassVar[bool] = True
    confidence_level: float
    random_state: int | None

    @classmethod
    def check_pipeline(cls, params: dict[str, Any], path: str, modules: list[str]) -> list[str]:
        return control_in_pipeline(cls.name, path, modules)

    def _prepare(self, data: EvaluationData) -> tuple[Aligned, list[str]]:
        """Aligned tables (as anonymeter expects them) and notes on set-aside columns."""
        require_control(data, self.name)
        aligned = align(data)
        notes = aligned.note_lines()
        aligned.ori = _attack_table(aligned.ori, aligned, self.fills_missing)
        aligned.syn = _attack_table(aligned.syn, aligned, self.fills_missing)
        aligned.control = _attack_table(aligned.control, aligned, self.fills_missing)
        return aligned, notes

    def _unscored(self, reason: str, notes: list[str]) -> dict[str, pd.DataFrame]:
        """NaN scores, with the reason in ``info['notes']``."""
        self.info_["notes"] = [reason, *notes]
        tables = {"global": one_row(dict.fromkeys(GLOBAL_COLUMNS, float("nan")))}
        if self.details_columns:
            tables["details"] = pd.DataFrame(columns=list(self.details_columns))
        return tables

    def _tables(self, evaluator: Any, notes: list[str], details: pd.DataFrame | None = None
                ) -> dict[str, pd.DataFrame]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            results = evaluator.results(confidence_level=self.confidence_level)
            risk = results.risk()
        notes = notes + [str(w.message) for w in caught]
        rates = {"attack": results.attack_rate, "baseline": results.baseline_rate,
                 "control": results.control_rate}
        attempts = {"attack": results.n_attacks_ori, "baseline": results.n_attacks_baseline,
                    "control": results.n_attacks_control}
        successes = {"attack": results.n_success, "baseline": results.n_baseline,
                     "control": results.n_control}
        self.info_["attacks"] = {role: {"n_attacks": int(attempts[role]),
                                        "n_success": float(successes[role])} for role in ROLES}
        self.info_["notes"] = notes
        scores: dict[str, float] = {"risk": float(risk.value), "risk_CI_btm": float(risk.ci[0]),
                                    "risk_CI_top": float(risk.ci[1])}
        for role in ROLES:
            scores[f"{role}_rate"] = float(rates[role].value)
            scores[f"{role}_rate_err"] = float(rates[role].error)
        tables = {"global": one_row(scores)}
        if details is not None:
            tables["details"] = details
        return tables


class _AttackEveryControlRow(_AnonymeterRisk):
    """Linkability and inference: how many records to attack (``max_n_attacks``)."""

    n_attacks: int | None
    max_n_attacks: bool

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str
                        ) -> tuple[dict[str, Any], list[str]]:
        params, problems = super().validate_params(params, path)
        if problems:
            return params, problems
        if not params.get("max_n_attacks", True) and params.get("n_attacks") is None:
            problems.append(f"{path}.n_attacks: required when max_n_attacks is false (or set "
                            "max_n_attacks: true to attack every control row)")
        return params, problems + _check_n_jobs(params, path)

    def _attack_count(self, aligned: Aligned, notes: list[str]) -> int:
        """Every control row (max_n_attacks) or n_attacks, at most the rows of ori, syn and
        control (targets are drawn without replacement)."""
        rows = {"ori": len(aligned.ori), "syn": len(aligned.syn),
                "control": 0 if aligned.control is None else len(aligned.control)}
        if self.max_n_attacks:
            wanted = rows["control"]
            if self.n_attacks is not None and self.n_attacks != wanted:
                notes.append(f"n_attacks {self.n_attacks} ignored: max_n_attacks is true, so "
                             f"each of the {wanted} control rows is attacked")
        elif self.n_attacks is None:
            raise EvaluatorError(f"{self.name}: n_attacks is required when max_n_attacks is "
                                 "false")
        else:
            wanted = self.n_attacks
        smallest = min(rows.values())
        if smallest < wanted:
            notes.append(f"n_attacks reduced from {wanted} to {smallest} (rows in the "
                         f"smallest of ori, syn, control)")
            return smallest
        return wanted


class SinglingOutEvaluator(_AnonymeterRisk):
    """Singling out: queries built on syn that match exactly one ori row.

    n_attacks: queries to generate; max_attempts: cap on generation tries (when the data
    has too few unique combinations, fewer queries than n_attacks are found, which is
    noted); mode: univariate (one column per query) or multivariate (``n_cols`` columns).
    ``details``: the successful attack and baseline (random) queries.
    """

    name = "anonymeter-singlingout"
    details_columns = ("query_type", "query")
    fills_missing = False

    def __init__(
        self,
        *,
        n_attacks: PositiveInt = 2000,
        mode: Literal["univariate", "multivariate"] = "multivariate",
        n_cols: PositiveInt = 3,
        max_attempts: PositiveInt = 500_000,
        confidence_level: ConfidenceLevel = 0.95,
        random_state: Seed = None,
    ) -> None:
        self.n_attacks = n_attacks
        self.mode = mode
        self.n_cols = n_cols
        self.max_attempts = max_attempts
        self.confidence_level = confidence_level
        self.random_state = random_state

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        evaluators = anonymeter_evaluators()
        aligned, notes = self._prepare(data)
        seed = seed_of(self.random_state, data)
        n_cols = 1 if self.mode == "univariate" else self.n_cols
        self.info_: dict[str, Any] = {
            "n_attacks": self.n_attacks, "mode": self.mode, "n_cols": n_cols,
            "max_attempts": self.max_attempts, "confidence_level": self.confidence_level,
            "seed": seed, "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
            "rows_control": len(aligned.control)}
        if n_cols > len(aligned.columns):
            set_aside = f" ({'; '.join(notes)})" if notes else ""
            raise EvaluatorError(f"{self.name}: n_cols is {n_cols} but only "
                                 f"{len(aligned.columns)} columns can be attacked{set_aside}: "
                                 "lower n_cols")
        evaluator = evaluators.SinglingOutEvaluator(
            ori=aligned.ori, syn=aligned.syn, control=aligned.control,
            n_attacks=self.n_attacks, n_cols=n_cols, max_attempts=self.max_attempts, seed=seed)
        module = require(SINGLING_OUT_MODULE, "anonymeter", "anonymeter privacy evaluation")
        with (numpy_seed(seed), warnings.catch_warnings(), logged(SINGLING_OUT_MODULE) as logs,
              ordered_singling_out(module) as ordered):
            warnings.simplefilter("ignore")
            evaluator.evaluate(mode=self.mode)
        self.info_["deterministic"] = ordered
        # e.g. "Attack `multivariate` could generate only 120 singling out queries out of
        # the requested 200": max_attempts reached, the risk may be underestimated.
        notes += [m for m in logs if "could generate only" in m]
        found = {"attack": evaluator.queries(), "baseline": baseline_queries(evaluator)}
        details = pd.DataFrame([(kind, str(query)) for kind, queries in found.items()
                                for query in queries], columns=list(self.details_columns))
        return self._tables(evaluator, notes, details)


class LinkabilityEvaluator(_AttackEveryControlRow):
    """Linkability: can two partial views of a record (``aux_cols``: two lists of columns,
    e.g. what two organisations each hold) be linked through their nearest synthetic
    neighbours?

    n_neighbors: a link counts if the views share one of this many nearest neighbours.
    ``details``: per attacker, each attack (numbered in draw order) that found a link and
    the synthetic row (its label in syn) that linked it.
    """

    name = "anonymeter-linkability"
    details_columns = ("attack_type", "attack_number", "syn_idx")

    def __init__(
        self,
        *,
        aux_cols: Annotated[list[Annotated[list[str], Field(min_length=1)]],
                            Field(min_length=2, max_length=2)],
        n_attacks: PositiveInt | None = None,
        max_n_attacks: bool = True,
        n_neighbors: PositiveInt = 1,
        n_jobs: int = 1,
        confidence_level: ConfidenceLevel = 0.95,
        random_state: Seed = None,
    ) -> None:
        self.aux_cols = aux_cols
        self.n_attacks = n_attacks
        self.max_n_attacks = max_n_attacks
        self.n_neighbors = n_neighbors
        self.n_jobs = n_jobs
        self.confidence_level = confidence_level
        self.random_state = random_state

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str
                        ) -> tuple[dict[str, Any], list[str]]:
        params, problems = super().validate_params(params, path)
        if problems:
            return params, problems
        first, second = params["aux_cols"]
        shared = [c for c in first if c in second]
        if shared:
            problems.append(f"{path}.aux_cols: the two lists share {shared}: each column "
                            "belongs to one side only")
        return params, problems

    def _aux(self, data: EvaluationData, aligned: Aligned, notes: list[str]) -> list[list[str]]:
        known = [str(c) for c in data.ori.columns]
        unknown = [c for group in self.aux_cols for c in group if c not in known]
        if unknown:
            raise EvaluatorError(f"{self.name}: aux_cols name columns not in the data: "
                                 f"{unknown} (columns: {', '.join(known)})")
        groups = []
        for group in self.aux_cols:
            kept = [c for c in group if c in aligned.columns]
            if len(kept) < len(group):
                notes.append(f"aux_cols: {[c for c in group if c not in kept]} set aside "
                             "(see the column notes)")
            groups.append(kept)
        return groups

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        evaluators = anonymeter_evaluators()
        aligned, notes = self._prepare(data)
        n_attacks = self._attack_count(aligned, notes)
        seed = seed_of(self.random_state, data)
        aux = self._aux(data, aligned, notes)
        self.info_: dict[str, Any] = {
            "n_attacks": n_attacks, "max_n_attacks": self.max_n_attacks,
            "n_neighbors": self.n_neighbors, "aux_cols": aux, "n_jobs": self.n_jobs,
            "confidence_level": self.confidence_level, "seed": seed,
            "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
            "rows_control": len(aligned.control)}
        if not all(aux):
            return self._unscored("an aux_cols group has no column that can be attacked",
                                  notes)
        n_neighbors = min(self.n_neighbors, len(aligned.syn))
        evaluator = evaluators.LinkabilityEvaluator(
            ori=aligned.ori, syn=aligned.syn, control=aligned.control, n_attacks=n_attacks,
            aux_cols=(aux[0], aux[1]), n_neighbors=n_neighbors)
        with numpy_seed(seed), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            evaluator.evaluate(n_jobs=self.n_jobs)
        seed_linkability_baseline(evaluator, seed, len(aligned.syn), n_neighbors, n_attacks)
        rows = [(role, number, aligned.syn.index[position])
                for role, links in linkability_links(evaluator, n_neighbors).items()
                for number, positions in sorted(links.items())
                for position in sorted(positions)]
        details = pd.DataFrame(rows, columns=list(self.details_columns))
        return self._tables(evaluator, notes, details)


class InferenceEvaluator(_AttackEveryControlRow):
    """Inference: guess the ``secret`` column of a record from its ``aux_cols`` (default:
    every other column) using the nearest synthetic record.

    regression: whether the secret is a quantity (a guess within 5% counts); by default
    true when the secret is numerical in ori's schema. No ``details`` (as in PETsARD).
    """

    name = "anonymeter-inference"

    def __init__(
        self,
        *,
        secret: str,
        aux_cols: Annotated[list[str], Field(min_length=1)] | None = None,
        regression: bool | None = None,
        n_attacks: PositiveInt | None = None,
        max_n_attacks: bool = True,
        n_jobs: int = 1,
        confidence_level: ConfidenceLevel = 0.95,
        random_state: Seed = None,
    ) -> None:
        self.secret = secret
        self.aux_cols = aux_cols
        self.regression = regression
        self.n_attacks = n_attacks
        self.max_n_attacks = max_n_attacks
        self.n_jobs = n_jobs
        self.confidence_level = confidence_level
        self.random_state = random_state

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str
                        ) -> tuple[dict[str, Any], list[str]]:
        params, problems = super().validate_params(params, path)
        if problems:
            return params, problems
        if params["secret"] in (params.get("aux_cols") or []):
            problems.append(f"{path}.aux_cols: must not include the secret "
                            f"'{params['secret']}' (the attacker tries to guess it)")
        return params, problems

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        evaluators = anonymeter_evaluators()
        known = [str(c) for c in data.ori.columns]
        named = [self.secret, *(self.aux_cols or [])]
        unknown = [c for c in named if c not in known]
        if unknown:
            raise EvaluatorError(f"{self.name}: secret/aux_cols name columns not in the data: "
                                 f"{unknown} (columns: {', '.join(known)})")
        aligned, notes = self._prepare(data)
        n_attacks = self._attack_count(aligned, notes)
        seed = seed_of(self.random_state, data)
        aux = [c for c in (self.aux_cols or aligned.columns)
               if c != self.secret and c in aligned.columns]
        if self.aux_cols and len(aux) < len(self.aux_cols):
            notes.append(f"aux_cols: {[c for c in self.aux_cols if c not in aux]} set aside")
        regression = (self.regression if self.regression is not None
                      else aligned.logical.get(self.secret) == "numerical")
        self.info_: dict[str, Any] = {
            "n_attacks": n_attacks, "max_n_attacks": self.max_n_attacks,
            "secret": self.secret, "aux_cols": aux, "regression": regression,
            "n_jobs": self.n_jobs, "confidence_level": self.confidence_level, "seed": seed,
            "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
            "rows_control": len(aligned.control)}
        if self.secret not in aligned.columns:
            reason = aligned.notes.get(self.secret, "cannot be compared")
            return self._unscored(f"secret '{self.secret}': {reason}", notes)
        if not aux:
            return self._unscored("no auxiliary column can be used", notes)
        evaluator = evaluators.InferenceEvaluator(
            ori=aligned.ori, syn=aligned.syn, control=aligned.control, aux_cols=aux,
            secret=self.secret, regression=regression, n_attacks=n_attacks)
        with numpy_seed(seed), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            evaluator.evaluate(n_jobs=self.n_jobs)
        return self._tables(evaluator, notes)

