"""Runs a Synthesizer experiment: fit on the path's data without its direct identifiers,
sample, give identifiers surrogate values, and keep the input's dtypes."""

from __future__ import annotations

import pandas as pd

from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator
from petsard.exceptions import SchemaError, SynthesizerError
from petsard.schema.casting import conform
from petsard.schema.inference import infer_schema
from petsard.schema.schema import Schema
from petsard.synthesizer.custom_data import CustomDataSynthesizer
from petsard.synthesizer.identifiers import IdentifierPlan, IdentifierSettings


class SynthesizerOperator(Operator):
    module = "Synthesizer"
    options = IdentifierSettings

    def run(self, ctx: PathContext) -> NodeOutput:
        synthesizer = self.method()
        if isinstance(synthesizer, CustomDataSynthesizer) and ctx.input is None:
            # The config's first module (PETsARD's Describer demo): no input to match.
            with ctx.step("load"):
                synthetic, loaded = synthesizer.load(None)
            return NodeOutput(data=synthetic,
                              schema=loaded or infer_schema(synthetic, self.spec.name),
                              info={"method": self.spec.method, "rows_out": len(synthetic)})
        source = self.require_input(ctx)
        data = source.table("train")
        schema = source.schema
        if isinstance(synthesizer, CustomDataSynthesizer):
            with ctx.step("load"):
                synthetic, _ = synthesizer.load(data)
            return self._output(conformed(synthetic, data.dtypes, schema, self.spec.label),
                                schema, {}, {"rows_in": len(data), **synthesizer.info_})
        # A random_state in the experiment's parameters overrides the node's seed.
        own = synthesizer.random_state
        seed = ctx.seed if own is None else own
        plan = identifier_plan(ctx, data, self.settings(), self.spec.label, seed)
        num_rows = synthesizer.num_samples or len(data)
        with ctx.step("fit"):
            fitted = FittedSynthesizer.trained(synthesizer, data, schema, plan, seed,
                                               self.spec.label)
        with ctx.step("sample"):
            synthetic = fitted.sample(num_rows, seed)
        # The fitted model travels on (to checkpoints, the driver) only if a Constrainer may
        # draw more rows from it.
        kept = {"synthesizer": fitted} if "Constrainer" in ctx.later else {}
        return self._output(synthetic, schema, kept,
                            {"rows_in": len(data), **synthesizer.info_,
                             "identifiers": plan.info()})

    def _output(self, synthetic: pd.DataFrame, schema: Schema | None,
                artifacts: dict[str, object], info: dict[str, object]) -> NodeOutput:
        return NodeOutput(
            data=synthetic,
            schema=infer_schema(synthetic, schema.name if schema else self.spec.name),
            artifacts=artifacts,
            info={"method": self.spec.method, **info, "rows_out": len(synthetic)})


def identifier_plan(ctx: PathContext, data: pd.DataFrame, settings: IdentifierSettings,
                    label: str, seed: int) -> IdentifierPlan:
    """Identifier fields of the synthesizer's input, known from the real data as loaded
    (its schema carries the user's logical types)."""
    real = ctx.role("training")
    table = real.table if real is not None else data
    shared = [c for c in table.columns if c in data.columns]
    return IdentifierPlan.of(table[shared], real.schema if real is not None else None,
                             settings, label, seed=seed)


def conformed(rows: pd.DataFrame, dtypes: pd.Series, schema: Schema | None,
              label: str) -> pd.DataFrame:
    try:
        return conform(rows, dtypes, schema)
    except SchemaError as exc:
        raise SynthesizerError(f"{label} produced data that does not fit the input's schema: "
                               f"{exc}") from exc


class FittedSynthesizer:
    """A fitted synthesizer as later modules use it too (the Constrainer draws more rows):
    samples come back with the training data's dtypes and surrogate identifiers."""

    def __init__(self, synthesizer: object, dtypes: pd.Series, schema: Schema | None,
                 plan: IdentifierPlan, columns: list[str], label: str) -> None:
        self.synthesizer = synthesizer
        self.dtypes = dtypes
        self.schema = schema
        self.plan = plan
        self.columns = columns
        self.label = label

    @classmethod
    def trained(cls, synthesizer: object, data: pd.DataFrame, schema: Schema | None,
                plan: IdentifierPlan, seed: int, label: str) -> FittedSynthesizer:
        """``synthesizer`` fitted on ``data`` without the fields ``plan`` hides (a YAML node
        and the notebook Synthesizer alike)."""
        learnt, learnt_schema = plan.learnt(data, schema)
        synthesizer.fit(learnt, learnt_schema, seed)  # type: ignore[attr-defined]
        return cls(synthesizer, learnt.dtypes, schema, plan,
                   plan.output_columns(list(data.columns)), label)

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        rows = self.synthesizer.sample(num_rows, seed)  # type: ignore[attr-defined]
        rows = conformed(rows, self.dtypes, self.schema, self.label)
        return self.plan.complete(rows, self.columns, seed)
