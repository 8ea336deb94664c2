"""save_report writes PETsARD's files: one per granularity, every evaluator merged into it with
its name as prefix, rows named by the experiments of their path."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pandas as pd
import pytest

from petsard import Config, Executor
from petsard.exceptions import ConfigError

MODULES = ["full_expt_name", "Loader", "Synthesizer", "Evaluator"]


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory, adult: pd.DataFrame
              ) -> tuple[Executor, Path]:
    """Two synthetic tables, three evaluators, save_report with and without eval and compact."""
    folder = tmp_path_factory.mktemp("save_report")
    sample = adult.sample(900, random_state=1)
    for name, part in (("real", sample[:500]), ("s1", sample[500:700]), ("s2", sample[700:])):
        part.to_csv(folder / f"{name}.csv", index=False)
    with contextlib.chdir(folder):
        executor = Executor({
            "Executor": {"store": "memory", "random_state": 0},
            "Loader": {"a": {"filepath": "real.csv"}},
            "Synthesizer": {"s1": {"method": "custom_data", "filepath": "s1.csv"},
                            "s2": {"method": "custom_data", "filepath": "s2.csv"}},
            "Evaluator": {"quality": {"method": "sdmetrics-qualityreport"},
                          "diagnostic": {"method": "sdmetrics-diagnosticreport"},
                          "utility": {"method": "mlutility", "task_type": "classification",
                                      "target": "income", "experiment_design": "domain_transfer"}},
            "Reporter": {
                "all": {"method": "save_report", "granularity": ["global", "columnwise",
                                                                 "pairwise", "details"]},
                "some": {"method": "save_report", "granularity": ["Global", "columnwise"],
                         "eval": ["diagnostic", "quality"], "output": "some"},
                "short": {"method": "save_report", "granularity": ["global", "columnwise"],
                          "naming_strategy": "compact"},
                "short_named": {"method": "save_report", "granularity": "global",
                                "eval": "utility", "naming_strategy": "compact",
                                "output": "reports/mine"}}})
        executor.run()
    return executor, folder


def scores(executor: Executor, evaluator: str, granularity: str,
           key_columns: tuple[str, ...] = ()) -> list[str]:
    """The columns an evaluator's recorded table becomes: its name as prefix."""
    tables = executor.status.get_evaluations()
    table = next(t[granularity] for k, t in tables.items() if k.endswith(f"[{evaluator}]"))
    return [f"{evaluator}_{c}" for c in table.columns if c not in key_columns]


def test_one_file_per_granularity_named_as_petsard_names_it(evaluated) -> None:
    _, folder = evaluated
    assert sorted(p.name for p in folder.glob("*.csv") if "Reporter" in p.name
                  or ".report." in p.name) == [
        "petsard.report.Rp.columnwise.C.csv", "petsard.report.Rp.global.G.csv",
        "petsard_Reporter[columnwise].csv", "petsard_Reporter[details].csv",
        "petsard_Reporter[global].csv", "petsard_Reporter[pairwise].csv",
        "some_Reporter[diagnostic-quality_columnwise].csv",
        "some_Reporter[diagnostic-quality_global].csv"]
    assert [p.name for p in (folder / "reports").iterdir()] == [
        "mine.report.Rp.utility_global.G.csv"]


def test_every_evaluator_shares_the_global_file_with_its_name_as_prefix(evaluated) -> None:
    executor, folder = evaluated
    report = pd.read_csv(folder / "petsard_Reporter[global].csv")
    assert list(report.columns) == [
        *MODULES, *scores(executor, "quality", "global"),
        *scores(executor, "diagnostic", "global"), *scores(executor, "utility", "global")]
    assert report["full_expt_name"].unique().tolist() == [
        "Loader[a]_Synthesizer[s1]_Evaluator[global]",
        "Loader[a]_Synthesizer[s2]_Evaluator[global]"]
    assert set(report["Evaluator"]) == {"[global]"}
    # mlutility has one row per metric: the other evaluators' scores repeat on each
    per_path = report.groupby("Synthesizer")
    assert per_path.size().tolist() == [12, 12]
    assert per_path["quality_Score"].nunique().tolist() == [1, 1]
    assert per_path["utility_metric"].nunique().tolist() == [12, 12]


def test_columnwise_and_pairwise_rows_are_named_by_their_fields(evaluated, adult) -> None:
    executor, folder = evaluated
    columnwise = pd.read_csv(folder / "petsard_Reporter[columnwise].csv")
    assert list(columnwise.columns) == [
        *MODULES, "column", *scores(executor, "quality", "columnwise", ("column",)),
        *scores(executor, "diagnostic", "columnwise", ("column",))]
    assert len(columnwise) == 2 * adult.shape[1]
    assert sorted(columnwise["column"].unique()) == sorted(adult.columns)
    pairwise = pd.read_csv(folder / "petsard_Reporter[pairwise].csv")
    assert list(pairwise.columns) == [*MODULES, "column1", "column2", *scores(
        executor, "quality", "pairwise", ("column_1", "column_2"))]
    pairs = adult.shape[1] * (adult.shape[1] - 1) // 2
    assert len(pairwise) == 2 * pairs
    assert not pairwise.duplicated(["Synthesizer", "column1", "column2"]).any()


def test_details_keep_the_row_number_as_index(evaluated) -> None:
    executor, folder = evaluated
    details = pd.read_csv(folder / "petsard_Reporter[details].csv")
    assert list(details.columns) == [*MODULES, "index", *scores(executor, "utility", "details")]
    assert details.groupby("Synthesizer")["index"].apply(list).tolist() == [list(range(12))] * 2


def test_eval_keeps_those_experiments_and_names_the_file_and_rows_after_them(evaluated
                                                                             ) -> None:
    executor, folder = evaluated
    report = pd.read_csv(folder / "some_Reporter[diagnostic-quality_global].csv")
    assert list(report.columns) == [  # in run order, whatever order eval lists them
        *MODULES, *scores(executor, "quality", "global"), *scores(executor, "diagnostic", "global")]
    assert set(report["Evaluator"]) == {"[diagnostic-quality_global]"}
    assert report["full_expt_name"].tolist() == [
        "Loader[a]_Synthesizer[s1]_Evaluator[diagnostic-quality_global]",
        "Loader[a]_Synthesizer[s2]_Evaluator[diagnostic-quality_global]"]


def test_compact_names_hold_the_same_table(evaluated) -> None:
    _, folder = evaluated
    compact = pd.read_csv(folder / "petsard.report.Rp.global.G.csv")
    pd.testing.assert_frame_equal(compact, pd.read_csv(folder / "petsard_Reporter[global].csv"))
    utility = pd.read_csv(folder / "reports" / "mine.report.Rp.utility_global.G.csv")
    assert set(utility["Evaluator"]) == {"[utility_global]"} and len(utility) == 24


def test_a_describer_below_evaluators_is_reported_once_per_path(adult_csv: Path,
                                                                tmp_path: Path) -> None:
    executor = Executor({
        "Executor": {"store": "memory", "random_state": 0},
        "Loader": {"a": {"filepath": str(adult_csv)}},
        "Synthesizer": {"s": {"method": "custom_data", "filepath": str(adult_csv)}},
        "Evaluator": {"e1": {"method": "stats"}, "e2": {"method": "stats"}},
        "Describer": {"d": {"method": "describe", "source": "Synthesizer"}},
        "Reporter": {"r": {"method": "save_report", "granularity": ["global", "pairwise"]}},
    })
    executor.run()
    report = pd.read_csv(tmp_path / "petsard_Reporter[global].csv")
    assert list(report.columns[:5]) == [*MODULES, "e1_mean_pct_change"]
    assert report["full_expt_name"].tolist() == [
        "Loader[a]_Synthesizer[s]_Describer[global]Evaluator[global]",
        "Loader[a]_Synthesizer[s]_Evaluator[global]"]
    assert report["Describer"].tolist()[0] == "[global]"
    pairwise = pd.read_csv(tmp_path / "petsard_Reporter[pairwise].csv")  # describe's pairs
    assert list(pairwise.columns) == [*MODULES, "Describer", *scores(executor, "d", "pairwise")]
    described = [t["pairwise"] for k, t in executor.status.get_evaluations().items()
                 if k.endswith("Describer[d]")]
    assert len(described) == 2 and len(pairwise) == len(described[0])


@pytest.mark.parametrize(("params", "problem"), [
    ({"granularity": ["global", "glob"]},
     "Reporter.r.granularity: 'glob' is not a granularity; did you mean 'global'?"),
    ({"eval": ["qualty"]}, "Reporter.r.eval: 'qualty' is not an Evaluator or Describer "
                           "experiment of this config; did you mean 'quality'?")])
def test_eval_and_granularity_are_checked_with_the_config(params: dict, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Config({"Loader": {"a": {"filepath": "x.csv"}},
                "Evaluator": {"quality": {"method": "sdmetrics-qualityreport"}},
                "Reporter": {"r": {"method": "save_report", **params}}})
    [found] = caught.value.problems
    assert found.startswith(problem)
