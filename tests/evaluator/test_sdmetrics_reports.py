"""The quality and diagnostic reports' tables, as PETsARD 1.10.1 writes them, on real and on
degenerate data; and a default run that never imports sdmetrics."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard.evaluator import DiagnosticReportEvaluator, QualityReportEvaluator

INSURANCE = Path(__file__).resolve().parents[1] / "data" / "insurance.csv"


@pytest.fixture(scope="module")
def quality(adult_eval) -> tuple[QualityReportEvaluator, dict[str, pd.DataFrame]]:
    evaluator = QualityReportEvaluator()
    return evaluator, evaluator.evaluate(adult_eval)


def test_quality_report_has_petsards_tables_with_every_column_and_every_pair(quality) -> None:
    evaluator, tables = quality
    assert list(tables) == ["global", "columnwise", "pairwise"]
    assert list(tables["global"].columns) == ["Score", "Column Shapes", "Column Pair Trends"]
    [row] = tables["global"].to_dict("records")
    assert all(0 <= v <= 1 for v in row.values())
    assert row["Score"] == pytest.approx((row["Column Shapes"] + row["Column Pair Trends"]) / 2)
    columnwise = tables["columnwise"]
    assert list(columnwise.columns) == ["column", "Property", "Metric", "Score"]
    assert len(columnwise) == 15 and set(columnwise["Property"]) == {"Column Shapes"}
    assert set(columnwise["Metric"]) == {"KSComplement", "TVComplement"}
    pairwise = tables["pairwise"]
    assert list(pairwise.columns) == ["column_1", "column_2", "Property", "Metric", "Score",
                                      "Real Correlation", "Synthetic Correlation"]
    assert len(pairwise) == 15 * 14 // 2 and pairwise["Score"].between(0, 1).all()
    numeric = pairwise[pairwise["Metric"] == "CorrelationSimilarity"]
    assert numeric["Real Correlation"].notna().all()
    assert evaluator.info_["engine"] == "native"
    assert evaluator.info_["pair_rows_subsampled"] is None  # under sdmetrics' 50,000 rows
    assert evaluator.info_["real_correlation_threshold"] == 0
    assert evaluator.info_["real_association_threshold"] == 0


def test_quality_report_is_deterministic(quality, adult_eval) -> None:
    _, first = quality
    second = QualityReportEvaluator().evaluate(adult_eval)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_sdmetrics_thresholds_leave_weak_pairs_out_and_say_which(quality, adult_eval) -> None:
    _, every_pair = quality
    evaluator = QualityReportEvaluator(all_pairs=False)
    tables = evaluator.evaluate(adult_eval)
    assert evaluator.info_["real_correlation_threshold"] == 0.5
    assert evaluator.info_["real_association_threshold"] == 0.3
    pairwise = tables["pairwise"]
    assert list(pairwise.columns[-2:]) == ["Real Association", "Meets Threshold?"]
    met = pairwise["Meets Threshold?"].fillna(False).astype(bool)
    assert 0 < met.sum() < len(pairwise)
    assert pairwise.loc[~met, "Score"].isna().all()
    assert tables["global"].loc[0, "Column Pair Trends"] == pytest.approx(
        pairwise.loc[met, "Score"].mean())
    assert tables["global"].loc[0, "Column Shapes"] == every_pair["global"].loc[
        0, "Column Shapes"]


def degenerate_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(0)
    n = 200
    ori = pd.DataFrame({
        "x": rng.normal(size=n), "y": rng.normal(size=n), "constant": 5.0, "empty": np.nan,
        "category": rng.choice(["a", "b"], n), "code": rng.choice([1, 2, 3], n),
        "gone": rng.normal(size=n), "kind": rng.choice(["p", "q"], n),
    })
    syn = ori.sample(frac=1, random_state=1).reset_index(drop=True)
    syn = syn.drop(columns="gone").assign(
        kind=rng.normal(size=n),                 # categorical in ori, numbers in syn: as text
        x=rng.choice(["u", "v"], n),             # numerical in ori, text in syn: mismatch
        code=lambda d: d["code"].astype(str),    # numerical in ori, text in syn: mismatch
        extra=1)
    return ori, syn


@pytest.mark.parametrize("engine", ["native", "sdmetrics"])
def test_degenerate_columns_get_a_missing_score_with_the_reason(make_data, engine) -> None:
    ori, syn = degenerate_tables()
    tables = QualityReportEvaluator(engine=engine).evaluate(make_data(ori, syn))
    rows = tables["columnwise"].set_index("column")
    assert list(rows.index) == [*ori.columns, "extra"]
    assert np.isnan(rows.loc["empty", "Score"])
    assert "all values missing" in rows.loc["empty", "Error"]
    assert "missing from syn" in rows.loc["gone", "Error"]
    assert "type mismatch" in rows.loc["x", "Error"] and np.isnan(rows.loc["x", "Score"])
    assert "type mismatch" in rows.loc["code", "Error"]
    assert "only in syn" in rows.loc["extra", "Error"]
    assert rows.loc["constant", "Score"] == 1.0 and rows.loc["constant", "Error"] is None
    assert 0 <= rows.loc["kind", "Score"] <= 1
    pairs = tables["pairwise"]
    constant = pairs[(pairs["column_1"] == "constant") | (pairs["column_2"] == "constant")]
    with_numbers = constant[constant["Metric"] == "CorrelationSimilarity"]
    assert with_numbers["Error"].str.startswith("ConstantInputError").all()
    assert 0 <= tables["global"].loc[0, "Score"] <= 1


@pytest.mark.parametrize("engine", ["native", "sdmetrics"])
def test_nothing_comparable_gives_missing_scores(make_data, engine) -> None:
    ori = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    syn = pd.DataFrame({"b": [1.0, 2.0, 3.0]})
    tables = QualityReportEvaluator(engine=engine).evaluate(make_data(ori, syn))
    assert tables["global"].isna().all(axis=None)
    assert list(tables["columnwise"]["column"]) == ["a", "b"]
    assert tables["pairwise"].empty
    diagnostic = DiagnosticReportEvaluator(engine=engine).evaluate(make_data(ori, syn))
    assert np.isnan(diagnostic["global"].loc[0, "Data Validity"])
    assert diagnostic["global"].loc[0, "Data Structure"] == 0.0


def test_diagnostic_report_scores_validity_and_structure(adult_eval, make_data) -> None:
    tables = DiagnosticReportEvaluator().evaluate(adult_eval)
    assert list(tables) == ["global", "columnwise"]
    assert list(tables["global"].columns) == ["Score", "Data Validity", "Data Structure"]
    [row] = tables["global"].to_dict("records")
    assert all(0 <= v <= 1 for v in row.values())
    assert list(tables["columnwise"].columns) == ["column", "Property", "Metric", "Score"]
    assert len(tables["columnwise"]) == 15

    ori, syn = degenerate_tables()
    degenerate = DiagnosticReportEvaluator().evaluate(make_data(ori, syn))
    assert degenerate["global"].loc[0, "Data Structure"] < 1
    assert degenerate["columnwise"].set_index("column").loc["gone", "Error"]


def test_datetime_and_boolean_columns_are_scored(make_data) -> None:
    rng = np.random.default_rng(1)
    n = 150
    table = pd.DataFrame({
        "when": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, n), "D"),
        "flag": rng.random(n) > 0.4, "value": rng.normal(size=n)})
    syn = table.sample(frac=1, random_state=2).reset_index(drop=True)
    tables = QualityReportEvaluator().evaluate(make_data(table, syn))
    assert tables["columnwise"]["Score"].notna().all()
    assert tables["global"].loc[0, "Column Shapes"] == pytest.approx(1.0)


def test_a_default_run_never_imports_sdmetrics(tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text(textwrap.dedent(f"""
        Executor: {{random_state: 1, log_level: WARNING}}
        Loader: {{data: {{filepath: '{INSURANCE.as_posix()}'}}}}
        Synthesizer: {{gc: {{method: default}}}}
        Evaluator:
          quality: {{method: default}}
          diagnostic: {{method: sdmetrics-diagnosticreport}}
        Reporter:
          report: {{method: save_report, granularity: [global, columnwise, pairwise]}}
    """), encoding="utf-8")
    code = ("import sys\nfrom petsard import Executor\n"
            f"Executor({str(config)!r}).run()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sdmetrics'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
    # the columns PETsARD 1.10.1's save_report wrote for these evaluators
    report = pd.read_csv(tmp_path / "petsard_Reporter[global].csv")
    assert list(report.columns[-6:]) == [
        "quality_Score", "quality_Column Shapes", "quality_Column Pair Trends",
        "diagnostic_Score", "diagnostic_Data Validity", "diagnostic_Data Structure"]
    columnwise = pd.read_csv(tmp_path / "petsard_Reporter[columnwise].csv")
    assert list(columnwise.columns[-7:]) == [
        "column", "quality_Property", "quality_Metric", "quality_Score",
        "diagnostic_Property", "diagnostic_Metric", "diagnostic_Score"]
    pairwise = pd.read_csv(tmp_path / "petsard_Reporter[pairwise].csv")
    assert list(pairwise.columns[-7:]) == [
        "column1", "column2", "quality_Property", "quality_Metric", "quality_Score",
        "quality_Real Correlation", "quality_Synthetic Correlation"]
