"""Runs a Loader experiment: the root of every path."""

from __future__ import annotations

from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator


class LoaderOperator(Operator):
    module = "Loader"

    def run(self, ctx: PathContext) -> NodeOutput:
        loader = self.method()
        with ctx.step("load"):
            data, schema = loader.load(self.spec.name)
        return NodeOutput(data=data, schema=schema,
                          info={"filepath": loader.filepath, "rows": len(data),
                                "columns": data.shape[1]})
