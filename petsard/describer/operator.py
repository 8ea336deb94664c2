"""Runs a Describer experiment: statistics of tables on the path (no scoring)."""

from __future__ import annotations

from petsard.describer.base import Table
from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator
from petsard.evaluator.evaluation_data import schema_for
from petsard.exceptions import NodeError


class DescriberOperator(Operator):
    """Tables go to ``artifacts['evaluation']`` ({granularity: table}), as the Evaluator's;
    the path's data passes through unchanged. A path that runs another experiment than a
    source names (``Synthesizer.ctgan`` on the path of ``Synthesizer[gc]``) has nothing to
    describe: its node records why in ``info['skipped']`` and writes no tables."""

    module = "Describer"

    def run(self, ctx: PathContext) -> NodeOutput:
        method = self.method()
        latest = self.require_input(ctx)
        roles = method.roles()
        info = {"method": self.spec.method, "source": roles}
        tables: dict[str, Table] = {}
        for role, text in roles.items():
            ref = ctx.reference(text)
            if ref is None:
                module = text.partition(".")[0]
                info["skipped"] = (f"source '{text}' is not on this path (it runs "
                                   f"{module}[{ctx.experiment_of(module)}])")
                return NodeOutput(data=latest.data, schema=latest.schema, info=info)
            found = ctx.source(ref)
            if found is None:
                raise NodeError(f"{self.spec.label}: source '{text}' has no table on this path "
                                f"(path: {', '.join(f'{m}[{e}]' for m, e in ctx.path)})",
                                ctx.node_key)
            tables[role] = (found.table, schema_for(found.table, found.schema))
        with ctx.step("describe"):
            result = method.describe(**tables)
        return NodeOutput(data=latest.data, schema=latest.schema,
                          artifacts={"evaluation": result}, info={**info, **method.info_})
