"""Runs an Evaluator experiment: score the path's latest data against the original."""

from __future__ import annotations

from typing import Any

from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator
from petsard.evaluator.evaluation_data import evaluation_data
from petsard.experiment import ExperimentSpec


class EvaluatorOperator(Operator):
    """Scores go to ``artifacts['evaluation']`` ({granularity: table}); the data passes
    through unchanged, so later modules see the same table. What the scores measure is
    recorded as ``info['measures']`` (see ``EvaluatorMethod.measures``)."""

    module = "Evaluator"

    @classmethod
    def declared_info(cls, spec: ExperimentSpec) -> dict[str, Any]:
        return {"measures": spec.method_cls.measures_of(spec.params)}

    def run(self, ctx: PathContext) -> NodeOutput:
        evaluator = self.method()
        data, latest = evaluation_data(ctx, self.spec.label)
        with ctx.step("evaluate"):
            tables = evaluator.evaluate(data)
        info = {"method": self.spec.method, **self.declared_info(self.spec),
                "seed": data.seed, "rows_ori": len(data.ori),
                "rows_syn": len(data.syn),
                "rows_control": None if data.control is None else len(data.control),
                **evaluator.info_}
        return NodeOutput(data=latest.data, schema=latest.schema,
                          artifacts={"evaluation": tables}, info=info)
