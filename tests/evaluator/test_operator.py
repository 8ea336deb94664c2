"""EvaluatorOperator on a hand-built path: what it reads, returns and records."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from petsard.engine.context import NodeOutput, PathContext
from petsard.evaluator import REGISTRY, EvaluatorError, EvaluatorOperator, StatsEvaluator
from petsard.exceptions import MissingDependencyError, NodeError
from petsard.experiment import ExperimentSpec
from petsard.parameters import validate_signature
from petsard.schema.inference import infer_schema


def spec(method: str, **params) -> ExperimentSpec:
    return ExperimentSpec("Evaluator", "eval", method, params, REGISTRY.get(method))


def context(ancestors: dict[str, NodeOutput], seed: int = 11) -> PathContext:
    return PathContext(node_key="Evaluator[eval]", module="Evaluator", experiment="eval",
                       seed=seed, ancestors={m: (m.lower(), o) for m, o in ancestors.items()})


@pytest.fixture
def path(adult_split) -> dict[str, NodeOutput]:
    ori, control, syn = adult_split
    loaded = pd.concat([ori, control])
    return {
        "Loader": NodeOutput(data=loaded, schema=infer_schema(loaded, "adult")),
        "Splitter": NodeOutput(data={"train": ori, "validation": control},
                               schema=infer_schema(loaded, "adult")),
        "Synthesizer": NodeOutput(data=syn, schema=infer_schema(syn, "gc")),
    }


def test_operator_scores_syn_against_the_splitter_train_and_passes_data_through(path) -> None:
    ctx = context(path)
    output = EvaluatorOperator(spec("stats")).run(ctx)
    assert output.data is path["Synthesizer"].data
    assert output.schema is path["Synthesizer"].schema
    tables = output.artifacts["evaluation"]
    assert set(tables) == {"global", "columnwise"} and len(tables["global"]) == 1
    assert output.info["method"] == "stats" and output.info["seed"] == 11
    assert output.info["measures"] == "statistics"
    assert (output.info["rows_ori"], output.info["rows_syn"], output.info["rows_control"]) == (
        1200, 1200, 300)
    assert output.info["compare_method"] == "pct_change"
    assert [t.step_name for t in ctx.timings] == ["evaluate"]
    assert ctx.timings[0].status == "completed"


def test_without_a_splitter_ori_is_the_loader_data_and_there_is_no_control(path) -> None:
    ancestors = {"Loader": path["Loader"], "Synthesizer": path["Synthesizer"]}
    output = EvaluatorOperator(spec("stats")).run(context(ancestors))
    assert output.info["rows_ori"] == 1500 and output.info["rows_control"] is None


def test_evaluation_data_reaches_the_method(path, monkeypatch) -> None:
    seen = {}

    def capture(self, data):
        seen["data"] = data
        return {"global": pd.DataFrame([{"x": 1.0}])}

    monkeypatch.setattr(StatsEvaluator, "evaluate", capture)
    EvaluatorOperator(spec("stats")).run(context(path))
    data = seen["data"]
    assert data.ori is path["Splitter"].data["train"]
    assert data.control is path["Splitter"].data["validation"]
    assert data.syn is path["Synthesizer"].data
    assert data.seed == 11 and data.schema.columns == list(data.ori.columns)
    assert data.schema["income"].kind == "categorical"


def test_a_failing_evaluation_is_timed_as_failed(path) -> None:
    ctx = context({"Loader": path["Loader"], "Synthesizer": path["Synthesizer"]})
    with pytest.raises(EvaluatorError, match="needs control data"):
        EvaluatorOperator(spec("anonymeter-linkability",
                               aux_cols=[["age"], ["education"]])).run(ctx)
    assert ctx.timings[0].status == "failed"


def test_without_original_data_the_operator_says_what_to_add(path) -> None:
    with pytest.raises(NodeError, match="needs the original data: add a Loader"):
        EvaluatorOperator(spec("stats")).run(context({"Synthesizer": path["Synthesizer"]}))


def test_every_method_is_registered_with_a_validated_constructor() -> None:
    assert REGISTRY.names() == sorted([
        "default", "sdmetrics-qualityreport", "sdmetrics-diagnosticreport",
        "anonymeter-singlingout", "anonymeter-linkability", "anonymeter-inference",
        "mpuccs", "mlutility", "stats", "custom_method",
        "sdmetrics-dcrbaselineprotection", "sdmetrics-dcroverfittingprotection",
        "sdmetrics-disclosureprotection", "sdmetrics-disclosureprotectionestimate",
        # PETsARD's older names (and the same prefix for sdmetrics' privacy metrics)
        "sdmetrics-single_table-qualityreport", "sdmetrics-single_table-diagnosticreport",
        "sdmetrics-single_table-dcrbaselineprotection",
        "sdmetrics-single_table-dcroverfittingprotection",
        "sdmetrics-single_table-disclosureprotection",
        "sdmetrics-single_table-disclosureprotectionestimate",
        "mlutility-classification", "mlutility-regression", "mlutility-cluster"])
    assert REGISTRY.get("default") is REGISTRY.get("sdmetrics-qualityreport")
    required = {"anonymeter-inference": {"secret": "income"},
                "anonymeter-linkability": {"aux_cols": [["age"], ["education"]]},
                "mlutility": {"task_type": "classification", "target": "income"},
                "mlutility-classification": {"task_type": "classification", "target": "income"},
                "mlutility-regression": {"task_type": "regression", "target": "age"},
                "mlutility-cluster": {"task_type": "clustering"},
                "custom_method": {"module_path": "x.py", "class_name": "X"}}
    attack = {"known_column_names": ["age"], "sensitive_column_names": ["income"]}
    for metric in ("disclosureprotection", "disclosureprotectionestimate"):
        for prefix in ("sdmetrics-", "sdmetrics-single_table-"):
            required[prefix + metric] = attack
    for name in REGISTRY.names():
        cls = REGISTRY.get(name)
        params, problems = validate_signature(cls, required.get(name, {}), f"Evaluator.{name}")
        assert problems == [], name
        assert callable(cls(**params).evaluate)
        _, problems = validate_signature(cls, {"n_atacks": 5}, f"Evaluator.{name}")
        if name != "custom_method":  # its extra parameters go to the user's class
            assert any("unknown parameter" in p for p in problems), name


@pytest.mark.parametrize("method, package, blocked", [
    ("sdmetrics-qualityreport", "sdmetrics", ["sdmetrics", "sdmetrics.reports"]),
    ("anonymeter-inference", "anonymeter", ["anonymeter", "anonymeter.evaluators"]),
    ("mlutility", "scikit-learn", ["sklearn"]),
    ("mlutility", "xgboost-cpu", ["xgboost"]),
])
def test_a_missing_optional_package_names_the_extra(method, package, blocked, path,
                                                    monkeypatch) -> None:
    for module in blocked:
        monkeypatch.setitem(sys.modules, module, None)
    params = {"anonymeter-inference": {"secret": "income"},
              "mlutility": {"task_type": "classification", "target": "income"},
              "sdmetrics-qualityreport": {"engine": "sdmetrics"}}
    operator = EvaluatorOperator(spec(method, **params.get(method, {})))
    with pytest.raises(MissingDependencyError, match=f"'{package}'.*petsard\\[eval\\]"):
        operator.run(context(path))


def test_resampling_without_imbalanced_learn_names_the_extra(path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "imblearn", None)
    operator = EvaluatorOperator(spec("mlutility", task_type="classification", target="income",
                                      resampling="smote-enn"))
    with pytest.raises(MissingDependencyError, match=r"'imbalanced-learn'.*petsard\[eval\]"):
        operator.run(context(path))


def test_importing_the_packages_does_not_import_the_optional_libraries() -> None:
    code = ("import sys, petsard.evaluator, petsard.describer; "
            "print(sorted(m for m in ('sdmetrics', 'anonymeter', 'sklearn', 'polars', 'xgboost', "
            "'imblearn') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
