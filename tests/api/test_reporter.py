"""Reporter(method=...): create(data) then report(processed), writing the files PETsARD's docs
name, in the working folder."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from petsard import Constrainer, Reporter
from petsard.exceptions import ConfigError

SYN = pd.DataFrame({"age": [30, 41], "income": ["<=50K", ">50K"]})
GLOBAL = pd.DataFrame({"Score": [0.9], "Column Shapes": [0.95]})
COLUMNWISE = pd.DataFrame({"Score": [0.9, 0.8]}, index=pd.Index(["age", "income"]))


def files() -> list[str]:
    return sorted(p.name for p in Path.cwd().iterdir())


def test_save_data_writes_the_sources_tables() -> None:
    reporter = Reporter(method="save_data", source="Synthesizer")
    processed = reporter.create({("Loader", "a", "Synthesizer", "exp1"): SYN,
                                 ("Loader", "a"): SYN.head(1),
                                 "Synthesizer_exp1": SYN})  # not a tuple: left out
    assert list(processed) == ["Loader[a]_Synthesizer[exp1]"]
    assert reporter.report(processed) == processed
    assert files() == ["petsard_Loader[a]_Synthesizer[exp1].csv"]
    assert pd.read_csv("petsard_Loader[a]_Synthesizer[exp1].csv").equals(SYN)


def test_save_data_with_a_prefix_and_compact_names() -> None:
    reporter = Reporter(method="save_data", source="Synthesizer", output="results",
                        naming_strategy="compact")
    reporter.report(reporter.create({("Synthesizer", "exp1"): SYN}))
    assert files() == ["results_Synthesizer_exp1.csv"]


def test_save_report_writes_one_file_per_evaluation_and_granularity() -> None:
    reporter = Reporter(method="save_report", granularity=["global", "columnwise"])
    processed = reporter.create({
        ("Synthesizer", "a", "Evaluator", "eval1_[global]"): GLOBAL,
        ("Synthesizer", "b", "Evaluator", "eval1_[global]"): GLOBAL,
        ("Synthesizer", "a", "Evaluator", "eval1_[columnwise]"): COLUMNWISE,
        ("Synthesizer", "a", "Evaluator", "eval1_[pairwise]"): GLOBAL})
    entry = processed["Reporter"]["global"]  # as the YAML Reporter merges them
    assert (entry["eval_expt_name"], entry["granularity"]) == ("global", "global")
    assert entry["report"]["Synthesizer"].tolist() == ["a", "b"]
    assert entry["report"]["eval1_Score"].tolist() == [0.9, 0.9]
    assert list(processed["Reporter"]["columnwise"]["report"].columns) == [
        "full_expt_name", "Synthesizer", "Evaluator", "column", "eval1_Score"]
    reporter.report(processed)
    assert files() == ["petsard_Reporter[columnwise].csv", "petsard_Reporter[global].csv"]


def test_save_report_filters_evaluations_and_names_compactly() -> None:
    reporter = Reporter(method="save_report", granularity="global", eval="eval2",
                        naming_strategy="compact", output="my_analysis")
    reporter.report(reporter.create({("Evaluator", "eval1_[global]"): GLOBAL,
                                     ("Evaluator", "eval2_[global]"): GLOBAL}))
    assert files() == ["my_analysis.report.Rp.eval2_global.G.csv"]


def test_save_report_adds_earlier_rows_and_warns_when_nothing_matches(
        caplog: pytest.LogCaptureFixture) -> None:
    reporter = Reporter(method="save_report", granularity="global")
    earlier = pd.DataFrame({"Synthesizer": ["old"], "Score": [0.5]})
    merged = reporter.create({("Synthesizer", "new", "Evaluator", "q_[global]"): GLOBAL,
                              "exist_report": {"global": earlier}})
    assert merged["Reporter"]["global"]["report"]["Synthesizer"].tolist() == ["old", "new"]
    empty = reporter.create({("Evaluator", "q_[columnwise]"): COLUMNWISE})
    assert empty["Reporter"]["global"]["report"] is None
    with caplog.at_level(logging.WARNING, logger="petsard"):
        reporter.report(empty)
    assert "no report data to save under global granularity" in caplog.text
    assert files() == []


def test_save_timing_filters_modules_and_converts_units() -> None:
    timing = pd.DataFrame({"module_name": ["Loader", "Synthesizer"], "step_name": ["load", "fit"],
                           "duration_seconds": [30.0, 120.0]})
    reporter = Reporter(method="save_timing", time_unit="minutes", module="Synthesizer")
    processed = reporter.create({"timing_data": timing})
    assert processed.to_dict("list") == {"module_name": ["Synthesizer"], "step_name": ["fit"],
                                         "duration_minutes": [2.0]}
    reporter.report(processed)
    assert reporter.create({}) is None
    assert files() == ["petsard_[Timing].csv"]


def test_save_validation_writes_a_constrainers_validation_tables() -> None:
    result = Constrainer({"field_constraints": ["age >= 35"]}).validate(SYN)
    reporter = Reporter(method="save_validation")
    processed = reporter.create({("Constrainer", "rules"): result})
    tables = processed["Reporter"]["rules"]
    assert tables["violations"].loc[0, "Rule"] == "Rule 1: age >= 35"
    reporter.report(processed)
    assert files() == ["petsard_[Validation]_Constrainer[rules]_details.csv",
                       "petsard_[Validation]_Constrainer[rules]_summary.csv",
                       "petsard_[Validation]_Constrainer[rules]_violations.csv"]


def test_bad_settings_raise_config_error_naming_them() -> None:
    with pytest.raises(ConfigError, match=r"Reporter\.source: required parameter is missing"):
        Reporter(method="save_data")
    with pytest.raises(ConfigError, match=r"Reporter\.time_unit: expected one of"):
        Reporter(method="save_timing", time_unit="weeks")
    with pytest.raises(ConfigError, match="writes from a whole run's record"):
        Reporter(method="save_html")
    with pytest.raises(ConfigError, match=r"Reporter\.method: unknown Reporter method "
                                          r"'save_dta'; did you mean 'save_data'\?"):
        Reporter(method="save_dta", source="Synthesizer")
    with pytest.raises(ConfigError, match="replaces files of the same name"):
        Reporter(method="save_data", source="Synthesizer", overwrite=False)
