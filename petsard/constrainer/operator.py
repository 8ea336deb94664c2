"""Runs a Constrainer experiment: resample from the path's fitted Synthesizer until enough
rows satisfy every rule, or validate the path's data and report, per rule, what fails."""

from __future__ import annotations

import numpy as np
import pandas as pd

from petsard.constrainer.apply_rules import Resampler, validate
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
        source = self.require_input(ctx)
        data = source.table()
        schema = source.schema or infer_schema(data, self.spec.name)
        method = self.method()
        where = f"{self.module}.{self.spec.name}"
        rules = method.rules(where)
        problems = rules.check(schema, where)
        if problems:
            raise ConfigError.from_problems(problems)
        reference = reference_table(ctx, data)
        missing = [f for r in rules.proportions for f in r.fields() if f not in reference]
        if missing:
            reference = data
        synthesizer = fitted_synthesizer(ctx)
        mode = method.mode
        if mode == "auto":
            mode = "resample" if synthesizer is not None else "validate"
        if mode == "validate":
            with ctx.step("constrain"):
                result = validate(rules, data, reference)
            info = {"mode": "validate", "rows_in": len(data), "rows_out": len(data),
                    "rows_passed": result.passed, "rows_failed": len(data) - result.passed,
                    "pass_rate": result.passed / len(data) if len(data) else 1.0,
                    "failed": _per_rule(rules, result.tally.failed),
                    "proportions_met": bool(result.proportions["within"].all())}
            return NodeOutput(
                data=data, schema=schema,
                artifacts={"validation": {"summary": result.summary,
                                          "proportions": result.proportions,
                                          "failing_rows": result.failing_rows}},
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


def _per_rule(rules, counts: np.ndarray) -> dict[str, int]:
    return {rule.rule_id: int(n) for rule, n in zip(rules.rules, counts, strict=True)}
