"""Runs a Describer experiment: statistics of tables on the path (no scoring)."""

from __future__ import annotations

import pandas as pd

from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator
from petsard.evaluator.evaluation_data import schema_for
from petsard.exceptions import NodeError
from petsard.schema.schema import Schema


class DescriberOperator(Operator):
    """Tables go to ``artifacts['evaluation']`` ({granularity: table}), as the Evaluator's;
    the path's data passes through unchanged."""

    module = "Describer"

    def run(self, ctx: PathContext) -> NodeOutput:
        method = self.method()
        latest = self.require_input(ctx)
        tables = {role: self._table(ctx, module) for role, module in method.roles().items()}
        with ctx.step("describe"):
            result = method.describe(**tables)
        info = {"method": self.spec.method, **method.info_}
        return NodeOutput(data=latest.data, schema=latest.schema,
                          artifacts={"evaluation": result}, info=info)

    def _table(self, ctx: PathContext, module: str | None) -> tuple[pd.DataFrame, Schema]:
        """A module's table on this path (a Splitter's train table); None: the latest."""
        output = ctx.input if module is None else ctx.output_of(module)
        if output is None or output.table() is None:
            raise NodeError(f"{self.spec.label}: module '{module}' has no data on this path "
                            f"(path: {', '.join(m for m, _ in ctx.path)})", ctx.node_key)
        table = output.table("train") if isinstance(output.data, dict) and (
            output.table("train") is not None) else output.table()
        return table, schema_for(table, output.schema)
