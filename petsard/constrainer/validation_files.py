"""A validate-mode Constrainer's result as PETsARD's save_validation writes it: a summary
(``Metric``, ``Value``), one row per rule that failed (``violations``) and, per such rule, its
first failing rows (``details``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

VIOLATION_COLUMNS = ["Constraint Type", "Rule", "Failed Count", "Fail Rate",
                     "Violation Examples", "Error Message"]
EXAMPLES_PER_RULE = 6  # row numbers listed in violations
DETAILS_PER_RULE = 10  # rows listed in details
SUMMARY_METRICS = ["total_rows", "passed_rows", "failed_rows", "pass_rate",
                   "is_fully_compliant"]


def rule_label(rule_id: str, description: str) -> str:
    """A rule as PETsARD names it: ``Rule <n>: <rule>`` for list entries, the field's rule
    for nan_groups."""
    _, _, rest = rule_id.partition(".")
    return f"Rule {int(rest) + 1}: {description}" if rest.isdigit() else description


def rate_text(rate: float) -> str:
    """A rate as the validation files write it: six decimals."""
    return f"{rate:.6f}"


def summary_table(total: int, passed: int, failed: int, pass_rate: float,
                  compliant: bool) -> pd.DataFrame:
    """The summary file: one ``Metric``/``Value`` row per count, the rate with six decimals."""
    return pd.DataFrame({"Metric": SUMMARY_METRICS,
                         "Value": [total, passed, failed, rate_text(pass_rate), compliant]})


def validation_stem(constrainer: str, source: str = "") -> str:
    """The part of PETsARD's default file name that names the validated table."""
    return f"_[Validation]_{source}Constrainer[{constrainer}]"


def validation_report(tables: dict[str, pd.DataFrame], info: dict[str, Any],
                      include_details: bool = True) -> dict[str, pd.DataFrame]:
    """{'summary', 'violations'[, 'details']} from one validated table's ``tables`` (summary
    per rule, failing rows) and ``info`` (counts recorded with the node)."""
    total = int(info["rows_in"])
    failing = tables["failing_rows"]
    rules = tables["summary"]
    rules = rules[rules["failed"] > 0]
    names = failing["failed_rules"].astype(str).str.split("; ")  # split once for all rules
    rows_of = {rule: failing[names.map(lambda found, r=rule: r in found)]
               for rule in rules["rule"]}
    violations = pd.DataFrame([{
        "Constraint Type": rule.kind, "Rule": rule_label(rule.rule, rule.description),
        "Failed Count": int(rule.failed), "Fail Rate": rate_text(rule.failed / total),
        "Violation Examples": ", ".join(
            str(i) for i in rows_of[rule.rule]["row"].head(EXAMPLES_PER_RULE)) or "-",
        "Error Message": ""} for rule in rules.itertuples()], columns=VIOLATION_COLUMNS)
    compliant = info["rows_failed"] == 0 and info.get("proportions_met", True)
    report = {"summary": summary_table(total, int(info["rows_passed"]), int(info["rows_failed"]),
                                       info["pass_rate"], bool(compliant)),
              "violations": violations}
    details = [_examples(rows_of[rule.rule], rule.kind, rule_label(rule.rule, rule.description))
               for rule in rules.itertuples() if len(rows_of[rule.rule])]
    if include_details and details:
        report["details"] = pd.concat(details, ignore_index=True)
    return report


def _examples(rows: pd.DataFrame, kind: str, rule: str) -> pd.DataFrame:
    frame = rows.head(DETAILS_PER_RULE).drop(columns=["row", "failed_rules"])
    frame.insert(0, "Violation Index", range(1, len(frame) + 1))
    frame.insert(0, "Rule", rule)
    frame.insert(0, "Constraint Type", kind)
    return frame
