"""Runs a Synthesizer experiment: fit on the path's data, sample, and keep the input's dtypes."""

from __future__ import annotations

from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator
from petsard.exceptions import SchemaError, SynthesizerError
from petsard.schema.casting import conform
from petsard.schema.inference import infer_schema
from petsard.synthesizer.custom_data import CustomDataSynthesizer


class SynthesizerOperator(Operator):
    module = "Synthesizer"

    def run(self, ctx: PathContext) -> NodeOutput:
        source = self.require_input(ctx)
        data = source.table("train")
        schema = source.schema
        synthesizer = self.method()
        if isinstance(synthesizer, CustomDataSynthesizer):
            with ctx.step("load"):
                synthetic = synthesizer.load(data, schema)
        else:
            num_rows = synthesizer.num_samples or len(data)
            with ctx.step("fit"):
                synthesizer.fit(data, schema, ctx.seed)
            with ctx.step("sample"):
                synthetic = synthesizer.sample(num_rows, ctx.seed)
        try:
            synthetic = conform(synthetic, data.dtypes, schema)
        except SchemaError as exc:
            raise SynthesizerError(f"{self.spec.label} produced data that does not fit the "
                                   f"input's schema: {exc}") from exc
        return NodeOutput(
            data=synthetic,
            schema=infer_schema(synthetic, schema.name if schema else self.spec.name),
            info={"method": self.spec.method, "rows_in": len(data), "rows_out": len(synthetic),
                  **({"model": synthesizer.model or synthesizer.default_model}
                     if hasattr(synthesizer, "model_params") else {})},
        )
