"""The Preprocessor and Postprocessor modules: methods and operators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator
from petsard.exceptions import ConfigError
from petsard.loader.operator import schema_before_run
from petsard.logs import get_logger
from petsard.method import Method
from petsard.processor.pipeline import ProcessingPipeline, check_prediction, produced_schema
from petsard.processor.spec import ProcessingSpec, parse_spec
from petsard.schema.inference import infer_schema
from petsard.schema.schema import Schema

log = get_logger("processor")
# A kind's fields and methods; a text names one method for every field (the joint outliers).
Section = dict[str, Any] | str | None


class DefaultPreprocessor(Method):
    """Each field's type default (numerical: missing mean, outlier IQR, standard scaler;
    categorical: drop missing, uniform encoder; datetime: drop missing, outlier IQR, standard
    scaler), overridden per field by the long form (``sequence`` + ``config``) or the short
    form (``missing``, ``outlier``, ``encoding``, ``scaling``, ``discretizing``); see
    ``petsard/processor/spec.py`` for every form PETsARD's docs use."""

    def __init__(self, *, sequence: list[str] | None = None, config: Section = None,
                 missing: Section = None, outlier: Section = None, encoding: Section = None,
                 encoder: Section = None, scaling: Section = None, scaler: Section = None,
                 discretizing: Section = None) -> None:
        self.params = {k: v for k, v in {
            "sequence": sequence, "config": config, "missing": missing, "outlier": outlier,
            "encoding": encoding, "encoder": encoder, "scaling": scaling, "scaler": scaler,
            "discretizing": discretizing}.items() if v is not None}

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        _, problems = super().validate_params(params, path)
        if not problems:
            problems = parse_spec(params, path)[1]
        return params, problems

    def spec(self) -> ProcessingSpec:
        spec, problems = parse_spec(self.params, "Preprocessor")
        if spec is None:
            raise ConfigError.from_problems(problems)
        return spec


def plan_preprocessing(spec_params: dict[str, Any], schema: Schema, path: str
                       ) -> ProcessingPipeline:
    """The pipeline for ``schema``; ConfigError naming path and field if a step cannot apply."""
    spec, problems = parse_spec(spec_params, path)
    if spec is None:
        raise ConfigError.from_problems(problems)
    pipeline = ProcessingPipeline(spec, schema, path)
    if pipeline.problems:
        raise ConfigError.from_problems(pipeline.problems)
    return pipeline


class PreprocessorOperator(Operator):
    module = "Preprocessor"

    def run(self, ctx: PathContext) -> NodeOutput:
        source = self.require_input(ctx)
        data = source.table("train")
        schema = source.schema or infer_schema(data)
        pipeline = plan_preprocessing(self.spec.params, schema,
                                      f"{self.module}.{self.spec.name}")
        for note in pipeline.notes:
            log.warning("%s: %s", ctx.node_key, note)
        with ctx.step("fit_transform"):
            processed = pipeline.fit_transform(data, ctx.rng())
        produced = produced_schema(pipeline.predict(), processed)
        for mismatch in check_prediction(pipeline.predict(), produced):
            log.warning("%s: the processed schema differs from its prediction: %s",
                        ctx.node_key, mismatch)
        return NodeOutput(
            data=processed, schema=produced,
            artifacts={"processor": pipeline}, changes=pipeline.changes(),
            info={"rows_in": len(data), "rows_out": len(processed),
                  "fields_in": len(schema), "fields_out": processed.shape[1]},
        )


class DefaultPostprocessor(Method):
    """Inverts the path's Preprocessor in reverse order: decodes, unscales, puts missing
    values back at their learned rates, and restores the Loader's dtypes and precision."""

    def __init__(self) -> None:
        pass


class PostprocessorOperator(Operator):
    module = "Postprocessor"

    def run(self, ctx: PathContext) -> NodeOutput:
        source = self.require_input(ctx)
        processed = ctx.output_of("Preprocessor")
        pipeline = processed.artifacts.get("processor") if processed else None
        if pipeline is None:  # nothing to invert: PETsARD documents it as a no-op
            return NodeOutput(data=source.data, schema=source.schema,
                              info={"inverted": False,
                                    "note": "no Preprocessor on this path: data unchanged"})
        synthesized = ctx.output_of("Synthesizer")
        replaced = [name for name, facts in (synthesized.info.get("identifiers") or {}).items()
                    if facts["handling"] != "keep"] if synthesized is not None else []
        with ctx.step("inverse_transform"):
            restored = pipeline.inverse_transform(source.table(), ctx.rng(), replaced)
        return NodeOutput(data=restored, schema=infer_schema(restored, pipeline.schema.name),
                          info={"rows": len(restored), "fields_out": restored.shape[1]})


def predict_before_run(plan: Any, loaded: Mapping[str, Schema] | None = None
                       ) -> dict[str, Schema]:
    """{Preprocessor node key: predicted schema}, from each Loader's data read now (not
    recorded): what ``petsard plan`` shows and ``get_inferred_schema`` gives before a run.
    ``loaded``: {Loader node key: schema} already read, so no file is read twice."""
    schemas = dict(loaded or {})
    predicted: dict[str, Schema] = {}
    for node in plan.dfs():
        if node.module == "Loader" and node.key not in schemas:
            schemas[node.key] = schema_before_run(node)
        elif node.module == "Preprocessor":
            root = plan.path(node.key)[0].key
            if root in schemas:
                predicted[node.key] = plan_preprocessing(
                    node.spec.params, schemas[root], f"Preprocessor.{node.experiment}"
                ).predict()
    return predicted
