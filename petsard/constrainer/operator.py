"""Runs a Constrainer experiment: resample from the path's fitted Synthesizer until enough
rows satisfy every rule, or validate the path's data and report, per rule, what fails."""

from __future__ import annotations

import numpy as np
import pandas as pd

from petsard.constrainer.apply_rules import Resampler, validate
from petsard.constrainer.ruleset import RuleSet
from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator
from petsard.exceptions import ConfigError, ConstraintError, NodeError, SchemaError
from petsard.schema.casting import conform
from petsard.schema.inference import infer_schema
from petsard.schema.schema import Schema


def trial_seed(seed: int, trial: int) -> int:
    """A distinct, reproducible seed for each draw of a node."""
    return int(np.random.SeedSequence([seed, trial]).generate_state(1)[0])


def fitted_synthesizer(ctx: PathContext) -> object | None:
    """The path's fitted synthesizer (``.sample(num_rows, seed)``); None for custom_data."""
    output = ctx.output_of("Synthesizer")
    if output is None or output.info.get("method") == "custom_data":
        return None
    return output.artifacts.get("synthesizer")


def reference_table(ctx: PathContext, fallback: pd.DataFrame) -> pd.DataFrame:
    """The original data field_proportions compare with: the path's training data, else (a
    path without a Loader) the data being constrained."""
    training = ctx.role("training")
    return fallback if training is None else training.table


class ConstrainerOperator(Operator):
    module = "Constrainer"

    def run(self, ctx: PathContext) -> NodeOutput:
        method = self.method()
        where = f"{self.module}.{self.spec.name}"
        rules = method.rules(where)
        if method.source is not None:
            return self._validate_sources(ctx, method.source, rules, where)
        source = self.require_input(ctx)
        data = source.table()
        schema = source.schema or infer_schema(data, self.spec.name)
        _check(rules, schema, where)
        reference = _reference(ctx, rules, data)
        synthesizer = fitted_synthesizer(ctx)
        mode = method.mode
        if mode == "auto":
            mode = "resample" if synthesizer is not None else "validate"
        if mode == "validate":
            with ctx.step("constrain"):
                tables, info = _validated(rules, data, reference)
            return NodeOutput(data=data, schema=schema, artifacts={"validation": tables},
                              info=info)
        if synthesizer is None:
            raise NodeError(f"{self.spec.label} resamples from a fitted Synthesizer, but its "
                            "path has none (no Synthesizer, or custom_data); use method: "
                            "validate", ctx.node_key)
        draw = self._drawer(ctx, synthesizer, data, schema)
        target = method.target_rows or len(data)
        resampler = Resampler(rules, draw, target, reference, method.sampling_ratio,
                              method.max_trials, method.verbose_step, self.spec.label)
        with ctx.step("constrain"):
            result = resampler.run(data)
        output = result.data
        return NodeOutput(
            data=output, schema=infer_schema(output, schema.name),
            artifacts={"validation": {"summary": result.summary,
                                      "proportions": result.proportions}},
            info={"mode": "resample", "rows_in": len(data), "rows_out": len(output),
                  "target_rows": target, "trials": result.trials,
                  "rows_drawn": result.rows_drawn, "rows_valid": result.rows_valid,
                  "rows_unused": result.rows_valid - len(output),
                  "pass_rate": result.rows_valid / result.rows_drawn if result.rows_drawn
                  else 1.0,
                  "dropped": _per_rule(rules, result.tally.dropped),
                  "failed": _per_rule(rules, result.tally.failed)})

    def _validate_sources(self, ctx: PathContext, source: str | list[str], rules: RuleSet,
                          where: str) -> NodeOutput:
        """Validate each table ``source`` names on this path, each reported on its own; the
        path's data passes through."""
        tables, infos = {}, {}
        for text in [source] if isinstance(source, str) else source:
            ref = ctx.reference(text)
            found = ctx.source(ref) if ref is not None else None
            if found is None:
                continue  # the path runs another experiment of that module
            _check(rules, found.schema or infer_schema(found.table, text), where)
            with ctx.step("constrain"):
                tables[text], infos[text] = _validated(
                    rules, found.table, _reference(ctx, rules, found.table))
        passing = ctx.input
        return NodeOutput(data=passing.data if passing else None,
                          schema=passing.schema if passing else None,
                          artifacts={"validation": tables},
                          info={"mode": "validate", "sources": infos})

    def _drawer(self, ctx: PathContext, synthesizer: object, data: pd.DataFrame,
                schema: Schema):
        """rows, trial -> fresh rows shaped like ``data`` (through the Postprocessor's
        inversion when the path has one)."""
        processor = None
        if ctx.output_of("Postprocessor") is not None:
            processed = ctx.output_of("Preprocessor")
            processor = processed.artifacts.get("processor") if processed else None
            if processor is None:
                raise NodeError(f"{self.spec.label}: the path has a Postprocessor but no fitted "
                                "Preprocessor to invert fresh samples with", ctx.node_key)

        def draw(rows: int, trial: int) -> pd.DataFrame:
            seed = trial_seed(ctx.seed, trial)
            with ctx.step("sample"):
                batch = synthesizer.sample(rows, seed)
                if processor is not None:
                    batch = processor.inverse_transform(batch, np.random.default_rng(seed))
            try:
                return conform(batch, data.dtypes, schema)
            except SchemaError as exc:
                raise ConstraintError(f"{self.spec.label}: fresh samples do not fit the "
                                      f"input's columns: {exc}") from exc

        return draw


def _check(rules: RuleSet, schema: Schema, where: str) -> None:
    problems = rules.check(schema, where)
    if problems:
        raise ConfigError.from_problems(problems)


def _reference(ctx: PathContext, rules: RuleSet, data: pd.DataFrame) -> pd.DataFrame:
    """The table field_proportions compare with: the original's rows that the row rules
    allow (after nan_groups' repairs), so proportions never ask for rows another rule forbids
    (``data`` when the original lacks a field)."""
    reference = reference_table(ctx, data)
    missing = [f for r in rules.proportions for f in r.fields() if f not in reference]
    if missing or not rules.proportions:
        return data if missing else reference
    repaired = rules.repair(reference)
    allowed = repaired[~rules.failures(repaired).any(axis=1)]
    return allowed if len(allowed) else reference


def _validated(rules: RuleSet, data: pd.DataFrame, reference: pd.DataFrame
               ) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """The validation tables of ``data`` and the counts recorded with the node."""
    result = validate(rules, data, reference)
    info = {"mode": "validate", "rows_in": len(data), "rows_out": len(data),
            "rows_passed": result.passed, "rows_failed": len(data) - result.passed,
            "pass_rate": result.passed / len(data) if len(data) else 1.0,
            "failed": _per_rule(rules, result.tally.failed),
            "proportions_met": bool(result.proportions["within"].all())}
    return {"summary": result.summary, "proportions": result.proportions,
            "failing_rows": result.failing_rows}, info


def _per_rule(rules, counts: np.ndarray) -> dict[str, int]:
    return {rule.rule_id: int(n) for rule, n in zip(rules.rules, counts, strict=True)}
