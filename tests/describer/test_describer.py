"""The Describer on a path: which tables it reads, what it records, and paths it skips."""

from __future__ import annotations

import pandas as pd
import pytest

from petsard.describer import REGISTRY, DescriberOperator
from petsard.engine.context import NodeOutput, PathContext
from petsard.exceptions import NodeError
from petsard.experiment import ExperimentSpec
from petsard.schema.inference import infer_schema


@pytest.fixture(scope="module")
def path(adult: pd.DataFrame) -> dict[str, tuple[str, NodeOutput]]:
    sample = adult.sample(600, random_state=5).reset_index(drop=True)
    train, validation = sample.iloc[:480], sample.iloc[480:]
    synthetic = train.sample(frac=1, random_state=1).assign(age=lambda d: d["age"] + 1)
    return {
        "Loader": ("load", NodeOutput(data=sample, schema=infer_schema(sample, "adult"))),
        "Splitter": ("split_[1-1]", NodeOutput(data={"train": train, "validation": validation},
                                               schema=infer_schema(sample, "adult"))),
        "Synthesizer": ("gc", NodeOutput(data=synthetic, schema=infer_schema(synthetic, "s"))),
    }


def run(ancestors: dict[str, tuple[str, NodeOutput]], method: str = "default",
        **params) -> tuple[NodeOutput, PathContext]:
    spec = ExperimentSpec("Describer", "d", method, params, REGISTRY.get(method))
    ctx = PathContext(node_key="Describer[d]", module="Describer", experiment="d", seed=1,
                      ancestors=ancestors)
    return DescriberOperator(spec).run(ctx), ctx


def test_default_describes_one_source_a_splitter_part(path) -> None:
    output, ctx = run(path, source="Splitter.control")
    tables = output.artifacts["evaluation"]
    assert list(tables) == ["global", "columnwise", "pairwise"]
    assert tables["global"].loc[0, "row_count"] == 120
    rows = tables["columnwise"].set_index("column")
    validation = path["Splitter"][1].data["validation"]
    assert rows.loc["age", "mean"] == pytest.approx(validation["age"].mean())
    assert output.info["mode"] == "describe"
    assert output.info["source"] == {"data": "Splitter.control"}
    assert output.data is path["Synthesizer"][1].data  # the path's data passes through
    assert [t.step_name for t in ctx.timings] == ["describe"]


def test_default_compares_base_with_target(path) -> None:
    output, _ = run(path, source={"ori": "Splitter", "syn": "Synthesizer.gc"},
                    compare_method="diff")
    tables = output.artifacts["evaluation"]
    assert list(tables) == ["global", "columnwise"]
    rows = tables["columnwise"].set_index("column")
    assert rows.loc["age", "mean_diff"] == pytest.approx(1.0)
    assert rows.loc["age", "mean_base"] == pytest.approx(
        path["Splitter"][1].data["train"]["age"].mean())  # a Splitter's train table
    assert rows.loc["income", "jsdivergence"] == pytest.approx(0.0)
    assert tables["global"].columns[0] == "Score"
    assert output.info["mode"] == "compare"
    assert output.info["source"] == {"base": "Splitter", "target": "Synthesizer.gc"}


def test_a_list_of_two_compares_its_first_with_its_second(path) -> None:
    output, _ = run(path, "compare", source=["Loader", "Splitter.validation"],
                    stats_method=["nunique"])
    assert output.info["rows_base"] == 600 and output.info["rows_target"] == 120
    assert list(output.artifacts["evaluation"]["columnwise"].columns) == [
        "column", "nunique_base", "nunique_target", "nunique_pct_change"]


def test_describe_with_two_sources_describes_the_first(path) -> None:
    output, _ = run(path, "describe", source=["Synthesizer", "Loader"],
                    describe_method=["row_count"])
    assert output.artifacts["evaluation"]["global"].to_dict("records") == [{"row_count": 480}]


def test_a_path_through_another_experiment_is_skipped_and_says_why(path) -> None:
    output, ctx = run(path, source={"base": "Splitter.train", "target": "Synthesizer.ctgan"})
    assert "evaluation" not in output.artifacts
    assert output.info["skipped"] == ("source 'Synthesizer.ctgan' is not on this path (it runs "
                                      "Synthesizer[gc])")
    assert output.data is path["Synthesizer"][1].data and ctx.timings == []


def test_a_splitter_part_the_path_lacks_is_a_node_error(path) -> None:
    ancestors = {**path, "Splitter": ("split_[1-1]", NodeOutput(
        data={"train": path["Splitter"][1].data["train"]}, schema=path["Splitter"][1].schema))}
    with pytest.raises(NodeError, match=r"source 'Splitter\.control' has no table on this path"):
        run(ancestors, source="Splitter.control")


def test_columns_only_one_table_has_are_left_out_and_named(path) -> None:
    narrower = path["Synthesizer"][1].data.drop(columns=["fnlwgt"])
    ancestors = {**path, "Synthesizer": ("gc", NodeOutput(
        data=narrower, schema=infer_schema(narrower, "s")))}
    output, _ = run(ancestors, source=["Loader", "Synthesizer"], stats_method=["mean"])
    assert "fnlwgt" not in set(output.artifacts["evaluation"]["columnwise"]["column"])
    assert output.info["columns_only_in_base"] == ["fnlwgt"]
    assert "columns_only_in_target" not in output.info
