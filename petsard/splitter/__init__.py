"""Splitter: train/validation splits; the validation part is the control data evaluators
need."""

from __future__ import annotations

from petsard.engine.context import NodeOutput, PathContext
from petsard.engine.operator import Operator
from petsard.experiment import NodeKey, derive_seed
from petsard.registry import Registry
from petsard.splitter.base import TRAIN, VALIDATION, SplitterMethod
from petsard.splitter.methods import CustomDataSplitter, RandomSplitter

REGISTRY: Registry[type] = Registry("Splitter")
REGISTRY.register("default")(RandomSplitter)
REGISTRY.register("custom_data")(CustomDataSplitter)


class SplitterOperator(Operator):
    module = "Splitter"

    def run(self, ctx: PathContext) -> NodeOutput:
        splitter = self.method()
        if isinstance(splitter, CustomDataSplitter):
            with ctx.step("load"):
                tables, schema = splitter.load()
            return NodeOutput(data=tables, schema=schema,
                              info={"rows_train": len(tables[TRAIN]),
                                    "rows_validation": len(tables[VALIDATION])})
        source = self.require_input(ctx)
        data = source.table()
        # Expanded samples share their base's seed, so they are drawn together and their
        # overlap can be bounded.
        base = NodeKey.parse(ctx.node_key).renamed(self.spec.base_name or self.spec.name)
        own = splitter.random_state  # PETsARD takes names too ('exp_v1')
        seed = derive_seed(ctx.run_seed, base) if own is None else own
        with ctx.step("split"):
            tables = splitter.split(data, seed, self.spec.index)
        # The split keeps the rows' types: its schema is its input's.
        return NodeOutput(data=tables, schema=source.schema, row_subsets=True,
                          info={"rows_train": len(tables[TRAIN]),
                                "rows_validation": len(tables[VALIDATION]),
                                "sample": self.spec.index, "seed": seed})


__all__ = ["REGISTRY", "CustomDataSplitter", "RandomSplitter", "SplitterMethod",
           "SplitterOperator"]
