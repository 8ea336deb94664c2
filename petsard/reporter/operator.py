"""Runs a Reporter experiment: writes files, and passes the path's data through unchanged."""

from __future__ import annotations

from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator


class ReporterOperator(Operator):
    module = "Reporter"

    def run(self, ctx: PathContext) -> NodeOutput:
        reporter = self.method()
        with ctx.step("write"):
            files = reporter.report(ctx)
        source = ctx.input
        return NodeOutput(
            data=source.data if source else None,
            schema=source.schema if source else None,
            artifacts={"files": [str(f) for f in files]},
            info={"method": self.spec.method, "files_written": len(files)},
        )
