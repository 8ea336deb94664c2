"""Describer: describe one module's table, compare two; checks before the run."""

from __future__ import annotations

import pandas as pd
import pytest

from petsard.describer import REGISTRY, CompareMethod, DescribeMethod, DescriberOperator
from petsard.engine.context import NodeOutput, PathContext
from petsard.exceptions import NodeError
from petsard.experiment import ExperimentSpec
from petsard.parameters import validate_signature
from petsard.schema.inference import infer_schema


@pytest.fixture(scope="module")
def path(adult: pd.DataFrame) -> dict[str, NodeOutput]:
    sample = adult.sample(600, random_state=5).reset_index(drop=True)
    train, validation = sample.iloc[:480], sample.iloc[480:]
    synthetic = train.sample(frac=1, random_state=1).assign(age=lambda d: d["age"] + 1)
    return {
        "Loader": NodeOutput(data=sample, schema=infer_schema(sample, "adult")),
        "Splitter": NodeOutput(data={"train": train, "validation": validation},
                               schema=infer_schema(sample, "adult")),
        "Synthesizer": NodeOutput(data=synthetic, schema=infer_schema(synthetic, "s")),
    }


def run(method: str, ancestors: dict[str, NodeOutput], **params) -> tuple[NodeOutput,
                                                                           PathContext]:
    spec = ExperimentSpec("Describer", "d", method, params, REGISTRY.get(method))
    ctx = PathContext(node_key="Describer[d]", module="Describer", experiment="d", seed=1,
                      ancestors={m: (m.lower(), o) for m, o in ancestors.items()})
    return DescriberOperator(spec).run(ctx), ctx


def test_describe_a_module_table(path) -> None:
    output, ctx = run("describe", path, source="Splitter", stats_method=["mean", "nunique"])
    tables = output.artifacts["evaluation"]
    assert tables["global"].to_dict("records") == [
        {"rows": 480, "columns": 15, "missing_cells": int(
            path["Splitter"].data["train"].isna().sum().sum())}]
    rows = tables["columnwise"].set_index("column")
    assert list(rows.columns) == ["logical_type", "missing", "mean", "nunique", "note"]
    assert rows.loc["age", "mean"] == pytest.approx(path["Splitter"].data["train"]["age"].mean())
    assert output.data is path["Synthesizer"].data
    assert [t.step_name for t in ctx.timings] == ["describe"]


def test_describe_defaults_to_the_latest_data(path) -> None:
    output, _ = run("default", path)
    assert output.info["source"] is None
    assert output.artifacts["evaluation"]["global"].loc[0, "rows"] == 480
    assert "mean" in output.artifacts["evaluation"]["columnwise"].columns


def test_compare_splitter_train_with_synthesizer(path) -> None:
    output, _ = run("compare", path, source={"base": "Splitter", "target": "Synthesizer"},
                    compare_method="diff")
    rows = output.artifacts["evaluation"]["columnwise"].set_index("column")
    assert rows.loc["age", "mean_diff"] == pytest.approx(1.0)
    assert rows.loc["age", "mean_base"] == pytest.approx(
        path["Splitter"].data["train"]["age"].mean())
    assert rows.loc["income", "jsdivergence"] == pytest.approx(0.0)
    assert output.info["compare_method"] == "diff"
    assert output.artifacts["evaluation"]["global"].loc[0, "mean_diff"] > 0


def test_a_source_not_on_the_path_is_a_node_error(path) -> None:
    with pytest.raises(NodeError, match="module 'Synthesizer' has no data on this path"):
        run("compare", {"Loader": path["Loader"]},
            source={"base": "Loader", "target": "Synthesizer"})


def test_check_sources_before_the_run() -> None:
    modules = ["Loader", "Splitter", "Describer", "Reporter"]
    assert CompareMethod.check_pipeline(
        {"source": {"base": "Splitter", "target": "Synthesizer"}}, "Describer.c", modules) == [
        "Describer.c.source.target: module 'Synthesizer' is not in this config (modules: "
        "Loader, Splitter, Describer, Reporter)"]
    assert DescribeMethod.check_pipeline({"source": "Reporter"}, "Describer.d", modules) == [
        "Describer.d.source: 'Reporter' cannot be described (choose a module before the "
        "Describer)"]
    assert DescribeMethod.check_pipeline({}, "Describer.d", modules) == []


def test_compare_source_needs_base_and_target() -> None:
    _, problems = validate_signature(CompareMethod, {"source": {"base": "Splitter"}}, "D.c")
    assert problems == ["D.c.source.target: required parameter is missing"]
    _, problems = validate_signature(CompareMethod, {"source": "Splitter"}, "D.c")
    assert problems == ["D.c.source: expected a mapping, got 'Splitter'"]
    clean, problems = validate_signature(
        CompareMethod, {"source": {"base": "Splitter", "target": "Synthesizer"},
                        "stats_method": ["mean"]}, "D.c")
    assert problems == [] and clean["source"] == {"base": "Splitter", "target": "Synthesizer"}
