"""The page's privacy section: identifier handling, budget and risk beside fidelity, from real
small runs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petsard import Executor, Status
from petsard.html_report import write_report
from petsard.html_report.markup import fmt_number


def privacy_section(page: str) -> str:
    start = page.index('<section id="privacy"')
    return page[start:page.index("</section>", start)]


@pytest.fixture(scope="module")
def people_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 adult rows with a customer key and an email; two synthesizers (identifiers by
    default, and email kept / key dropped), singling-out risk, DCR and fidelity, save_html."""
    folder = tmp_path_factory.mktemp("people")
    adult = pd.read_csv(Path(__file__).parents[2] / "petsard" / "datasets" /
                        "adult-income.csv.gz", na_values=["?"])
    table = adult[["age", "workclass", "education", "gender", "income"]].sample(
        200, random_state=0).reset_index(drop=True)
    table.insert(0, "customer_id", range(1000, 1200))
    table["email"] = [f"person{i}@example.org" for i in range(len(table))]
    table.to_csv(folder / "people.csv", index=False)
    executor = Executor({
        "Executor": {"random_state": 3, "log_level": "WARNING", "runs_dir": str(folder)},
        "Loader": {"people": {"filepath": str(folder / "people.csv")}},
        "Splitter": {"split": {"train_split_ratio": 0.8}},
        "Synthesizer": {"default": {"method": "default"},
                        "kept": {"method": "default",
                                 "identifiers": {"email": "keep", "customer_id": "drop"}}},
        "Evaluator": {"singling": {"method": "anonymeter-singlingout", "n_attacks": 20},
                      "dcr": {"method": "sdmetrics-dcroverfittingprotection"},
                      "quality": {"method": "default"}},
        "Reporter": {"page": {"method": "save_html"}},
    })
    executor.run()
    assert executor.run_dir is not None
    return executor.run_dir


def test_each_combination_shows_its_identifier_handling_beside_risk_and_fidelity(
        people_run: Path) -> None:
    # Setup: the scores as recorded, per combination.
    status = Status.open(people_run)
    try:
        scores = {key: tables["global"].iloc[0]
                  for key, tables in status.get_evaluations().items()}
    finally:
        status.close()
    risk = {key.split("_Evaluator")[0].rsplit("_", 1)[-1]: row["risk"]
            for key, row in scores.items() if "Evaluator[singling]" in key}
    fidelity = [row["Score"] for key, row in scores.items() if "Evaluator[quality]" in key]

    # Run: the page save_html wrote during the run.
    section = privacy_section((people_run / "report.html").read_text(encoding="utf-8"))

    # Assert: one row per synthesizer, its handling, and its scores beside each other.
    rows = section.split("<tr>")[2:]
    assert [r.split("</th>")[0].rsplit(">", 1)[-1] for r in rows] == [
        "Synthesizer[default]", "Synthesizer[kept]"]
    default, kept = rows
    assert "<code>customer_id</code> <small>(id)</small>: surrogate" in default
    assert "<code>email</code> <small>(email)</small>: surrogate" in default
    assert "<code>customer_id</code> <small>(id)</small>: drop" in kept
    for row, name in ((default, "Synthesizer[default]"), (kept, "Synthesizer[kept]")):
        assert f'<td class="num">{fmt_number(float(risk[name]))} <small>risk (CI ' in row
    for value in fidelity:
        assert f'<td class="num">{fmt_number(float(value))}</td>' in section
    assert "nearest-record share" in section and "privacy · Evaluator[dcr]" in section
    assert section.count("not applied") == 2  # no differential privacy here
    assert "person1@example.org" not in section  # names of fields, never their values


def test_a_kept_identifier_is_flagged_as_released(people_run: Path) -> None:
    section = privacy_section((people_run / "report.html").read_text(encoding="utf-8"))

    kept = section.split("<tr>")[-1]
    assert ('<code>email</code> <small>(email)</small>: <strong class="error-text risk-flag">'
            "keep — real values released</strong>") in kept
    alert = section[section.index('role="alert"'):section.index("</div>")]
    assert "<li><code>email</code> in Synthesizer[kept]</li>" in alert
    assert "customer_id" not in alert  # dropped, so not released


OWN_EVALUATORS = '''
import pandas as pd


class ReidentificationRisk:
    measures = "privacy"

    def evaluate(self, data):
        return {"global": pd.DataFrame([{"reidentification_rate": 0.125, "attacks": 40}])}


class BrokenRisk:
    measures = "privacy"

    def evaluate(self, data):
        raise RuntimeError("attack model unavailable")


class AttackTable:  # says nothing, but its table is anonymeter's shape
    def evaluate(self, data):
        row = {"risk": 0.25, "risk_CI_btm": 0.125, "risk_CI_top": 0.375}
        return {"global": pd.DataFrame([row])}


class RowCount:
    def evaluate(self, data):
        return {"global": pd.DataFrame([{"rows": len(data.syn)}])}
'''


def test_custom_evaluators_that_say_they_measure_privacy_get_a_privacy_column(
        tmp_path: Path) -> None:
    # Setup: a Loader and four user evaluators, two declaring privacy (one fails), two not.
    (tmp_path / "own.py").write_text(OWN_EVALUATORS)
    own = {"method": "custom_method", "module_path": str(tmp_path / "own.py")}
    executor = Executor({
        "Executor": {"random_state": 1, "log_level": "CRITICAL", "on_error": "continue",
                     "runs_dir": str(tmp_path)},
        "Loader": {"adult": {"filepath": "benchmark://adult-income", "nrows": 50}},
        "Evaluator": {"reid": {**own, "class_name": "ReidentificationRisk"},
                      "broken": {**own, "class_name": "BrokenRisk"},
                      "attack": {**own, "class_name": "AttackTable"},
                      "rows": {**own, "class_name": "RowCount"}},
    })
    executor.run()
    assert executor.run_dir is not None

    # Run
    section = privacy_section(write_report(executor.run_dir).read_text(encoding="utf-8"))

    # Assert: its own scores, named; the failed one keeps its column; of the undeclared ones,
    # the one with a privacy table the page knows is read as such, the other is left out.
    assert "privacy · Evaluator[reid]" in section and "privacy · Evaluator[broken]" in section
    assert "<td>reidentification_rate 0.125 · attacks 40</td>" in section
    assert '<span class="badge state-failed">failed</span>' in section
    assert "privacy · Evaluator[attack]" in section
    assert '<td class="num">0.25 <small>risk (CI 0.125–0.375)</small></td>' in section
    assert "Evaluator[rows]" not in section


def test_a_run_without_identifiers_budget_or_privacy_evaluator_says_so(
        finished_run: Path) -> None:
    section = privacy_section(write_report(finished_run).read_text(encoding="utf-8"))

    assert '<p class="empty">No direct identifier, differential-privacy budget or privacy ' \
           "evaluation in this run.</p>" in section
    assert "<table" not in section
