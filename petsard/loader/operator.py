"""Runs a Loader experiment: the root of every path."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator

if TYPE_CHECKING:
    from petsard.plan import Node
    from petsard.schema.schema import Schema


class LoaderOperator(Operator):
    module = "Loader"

    def run(self, ctx: PathContext) -> NodeOutput:
        loader = self.method()
        with ctx.step("load"):
            data, schema = loader.load(self.spec.name)
        info = {"filepath": loader.filepath, "rows": len(data), "columns": data.shape[1]}
        if loader.notes_:  # values the user's schema changed: coerced, filled, dropped...
            info["schema_notes"] = list(loader.notes_)
        return NodeOutput(data=data, schema=schema, rebuild=partial(_table, loader, self.spec.name),
                          info=info)


def _table(loader: object, name: str) -> pd.DataFrame:
    """The loaded table again (input files are hash-checked before a run resumes)."""
    return loader.load(name)[0]  # type: ignore[attr-defined]


def schema_before_run(node: Node) -> Schema:
    """A Loader node's schema, its data read now and not recorded (``petsard plan``, a
    prediction before a run); read it once and pass it on, a file may be large."""
    return LoaderOperator(node.spec).method().load(node.experiment)[1]
