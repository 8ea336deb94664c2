"""PETsARD's three Describer demo configs (with local files for its benchmark data) run and
write the report tables its users read."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petsard import Executor

REPORT = {"report": {"method": "save_report", "granularity": ["global", "columnwise",
                                                               "pairwise"]}}


@pytest.fixture
def files(adult: pd.DataFrame, tmp_path: Path) -> dict[str, str]:
    sample = adult.sample(500, random_state=2)
    paths = {}
    for name, table in (("ori", sample.iloc[:400]), ("control", sample.iloc[400:]),
                        ("syn", sample.iloc[:400].sample(300, random_state=4)),
                        ("all", sample)):
        paths[name] = str(tmp_path / f"{name}.csv")
        table.to_csv(paths[name], index=False)
    return paths


def run(config: dict) -> Executor:
    executor = Executor({"Executor": {"store": "memory", "log_level": "WARNING"}, **config,
                         "Reporter": REPORT})
    executor.run()
    return executor


def report(folder: Path, granularity: str, experiment: str, lead: list[str]) -> pd.DataFrame:
    """One granularity's report: PETsARD's leading columns, then ``experiment``'s own columns
    (PETsARD prefixes them with the experiment's name)."""
    table = pd.read_csv(folder / f"petsard_Reporter[{granularity}].csv")
    assert list(table.columns[:len(lead) + 1]) == ["full_expt_name", *lead]
    own = [c for c in table.columns[len(lead) + 1:] if c != "column"]
    assert all(c.startswith(f"{experiment}_") for c in own)
    return table.rename(columns=lambda c: c.removeprefix(f"{experiment}_")).drop(
        columns="full_expt_name")


def test_describe_demo_writes_three_granularities(files, tmp_path: Path) -> None:
    run({"Synthesizer": {"external_data": {"method": "custom_data", "filepath": files["syn"]}},
         "Describer": {"describer-describe": {"method": "default", "source": "Synthesizer"}}})
    lead = ["Synthesizer", "Describer"]
    glob = report(tmp_path, "global", "describer-describe", lead)
    assert list(glob.columns) == [*lead, "row_count", "col_count", "na_count"]
    assert glob.loc[0, "row_count"] == 300 and glob.loc[0, "Describer"] == "[global]"
    columnwise = report(tmp_path, "columnwise", "describer-describe", lead)
    assert list(columnwise.columns) == [
        *lead, "column", "mean", "median", "std", "min", "max", "kurtosis", "skew",
        "q1", "q3", "na_count", "nunique"]
    assert len(columnwise) == 15
    pairwise = report(tmp_path, "pairwise", "describer-describe", lead)
    assert list(pairwise.columns) == [*lead, "column1", "column2", "corr"]


def test_compare_demo_compares_the_splitter_train_table_with_synthetic_data(
        files, tmp_path: Path) -> None:
    run({"Splitter": {"external_split": {"method": "custom_data", "filepath": {
            "ori": files["ori"], "control": files["control"]}}},
         "Synthesizer": {"external_data": {"method": "custom_data", "filepath": files["syn"]}},
         "Describer": {"describer-compare": {"method": "default", "source": {
             "base": "Splitter.train", "target": "Synthesizer"}}}})
    lead = ["Splitter", "Synthesizer", "Describer"]
    glob = report(tmp_path, "global", "describer-compare", lead)
    stats = ["mean", "std", "median", "min", "max", "nunique"]
    assert list(glob.columns) == [*lead, "Score",
                                  *[f"{s}_pct_change" for s in stats], "jsdivergence"]
    columnwise = report(tmp_path, "columnwise", "describer-compare", lead)
    assert list(columnwise.columns[:7]) == [*lead, "column", "mean_base", "mean_target",
                                            "mean_pct_change"]
    age = columnwise.set_index("column").loc["age"]
    ori = pd.read_csv(files["ori"])
    assert age["mean_base"] == pytest.approx(ori["age"].mean())
    assert not (tmp_path / "petsard_Reporter[pairwise].csv").exists()


def test_custom_compare_demo_with_its_own_statistics(files, tmp_path: Path) -> None:
    run({"Loader": {"load_benchmark_with_schema": {"filepath": files["all"]}},
         "Synthesizer": {"external_data": {"method": "custom_data", "filepath": files["syn"]}},
         "Describer": {"custom_comparison": {
             "method": "compare", "source": {"base": "Loader", "target": "Synthesizer"},
             "stats_method": ["mean", "std", "nunique", "jsdivergence"],
             "compare_method": "diff", "aggregated_method": "mean", "summary_method": "mean"}}})
    glob = report(tmp_path, "global", "custom_comparison", ["Loader", "Synthesizer",
                                                            "Describer"])
    assert list(glob.columns) == ["Loader", "Synthesizer", "Describer", "Score", "mean_diff",
                                  "std_diff", "nunique_diff", "jsdivergence"]
    assert glob.loc[0, "Score"] == pytest.approx(glob.loc[0, "mean_diff":].mean())


def test_an_experiment_source_describes_only_its_own_paths(files) -> None:
    executor = run({
        "Loader": {"load": {"filepath": files["all"]}},
        "Synthesizer": {"a": {"method": "custom_data", "filepath": files["syn"]},
                        "b": {"method": "custom_data", "filepath": files["ori"]}},
        "Describer": {"only_a": {"source": ["Loader", "Synthesizer.a"]}}})
    evaluated = executor.status.get_evaluations()
    assert list(evaluated) == ["Loader[load]_Synthesizer[a]_Describer[only_a]"]
    skipped = [s.context["info"]["skipped"] for s in executor.status.get_snapshots("Describer")
               if "skipped" in s.context.get("info", {})]
    assert skipped == ["source 'Synthesizer.a' is not on this path (it runs Synthesizer[b])"]
