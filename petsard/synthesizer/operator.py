"""Runs a Synthesizer experiment: fit on the path's data, sample, and keep the input's dtypes."""

from __future__ import annotations

import pandas as pd

from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator
from petsard.exceptions import SchemaError, SynthesizerError
from petsard.schema.casting import conform
from petsard.schema.inference import infer_schema
from petsard.schema.schema import Schema
from petsard.synthesizer.custom_data import CustomDataSynthesizer


class SynthesizerOperator(Operator):
    module = "Synthesizer"

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
        else:
            num_rows = synthesizer.num_samples or len(data)
            # A random_state in the experiment's parameters overrides the node's seed.
            own = synthesizer.random_state
            seed = ctx.seed if own is None else own
            with ctx.step("fit"):
                synthesizer.fit(data, schema, seed)
            with ctx.step("sample"):
                synthetic = synthesizer.sample(num_rows, seed)
        try:
            synthetic = conform(synthetic, data.dtypes, schema)
        except SchemaError as exc:
            raise SynthesizerError(f"{self.spec.label} produced data that does not fit the "
                                   f"input's schema: {exc}") from exc
        # The fitted model travels on (to checkpoints, the driver) only if a Constrainer may
        # draw more rows from it.
        fitted = {} if isinstance(synthesizer, CustomDataSynthesizer) or (
            "Constrainer" not in ctx.later) else {
            "synthesizer": FittedSynthesizer(synthesizer, data.dtypes, schema)}
        return NodeOutput(
            data=synthetic,
            schema=infer_schema(synthetic, schema.name if schema else self.spec.name),
            artifacts=fitted,
            info={"method": self.spec.method, "rows_in": len(data), "rows_out": len(synthetic),
                  **synthesizer.info_},
        )


class FittedSynthesizer:
    """A fitted synthesizer as later modules use it (the Constrainer draws more rows): samples
    come back with the training data's dtypes."""

    def __init__(self, synthesizer: object, dtypes: pd.Series, schema: Schema | None) -> None:
        self.synthesizer = synthesizer
        self.dtypes = dtypes
        self.schema = schema

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        rows = self.synthesizer.sample(num_rows, seed)  # type: ignore[attr-defined]
        return conform(rows, self.dtypes, self.schema)
