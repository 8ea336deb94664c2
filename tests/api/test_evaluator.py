"""Evaluator(method, ...): create(), eval({'ori', 'syn', 'control'}) -> {granularity: table},
as PETsARD's docs call them."""

from __future__ import annotations

import pandas as pd
import pytest

from petsard import Evaluator, Splitter, Synthesizer
from petsard.exceptions import ConfigError, EvaluatorError, UncreatedError


@pytest.fixture(scope="module")
def tables(adult_small: pd.DataFrame) -> dict[str, pd.DataFrame]:
    split, _, _ = Splitter(train_split_ratio=0.75, random_state=0).split(data=adult_small)
    synthesizer = Synthesizer(method="default", random_state=0)
    synthesizer.create()
    train = split[1]["train"]
    return {"ori": train, "syn": synthesizer.fit_sample(train),
            "control": split[1]["validation"]}


def test_default_scores_fidelity_by_granularity(tables: dict[str, pd.DataFrame]) -> None:
    evaluator = Evaluator("default")
    evaluator.create()
    result = evaluator.eval({"ori": tables["ori"], "syn": tables["syn"]})
    assert set(result) == {"global", "columnwise", "pairwise"}
    assert len(result["global"]) == 1 and 0 < result["global"].iloc[0, 0] <= 1
    assert len(result["columnwise"]) == 15


def test_privacy_risk_uses_the_control_data(tables: dict[str, pd.DataFrame]) -> None:
    evaluator = Evaluator("anonymeter-singlingout", n_attacks=20)
    evaluator.create()
    with pytest.raises(EvaluatorError, match="needs control data"):
        evaluator.eval({"ori": tables["ori"], "syn": tables["syn"]})
    risk = evaluator.eval(tables)["global"]
    assert {"risk", "risk_CI_btm", "risk_CI_top", "attack_rate"} <= set(risk.columns)


def test_ml_utility_with_a_task_type(tables: dict[str, pd.DataFrame]) -> None:
    evaluator = Evaluator("mlutility", task_type="classification", target="income")
    evaluator.create()
    scores = evaluator.eval(tables)["global"]
    assert {"ori", "syn"} <= set(scores.columns) and "f1_score" in set(scores["metric"])


def test_misuse_and_bad_settings_raise_errors_that_say_what_to_do(
        tables: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(ConfigError, match=r"Evaluator\.method: unknown Evaluator method "
                                          r"'sdmetrics-qualityreprot'; did you mean"):
        Evaluator("sdmetrics-qualityreprot")
    with pytest.raises(ConfigError, match=r"Evaluator\.task_typ: unknown parameter; did you "
                                          r"mean 'task_type'\?"):
        Evaluator("mlutility", task_typ="classification", target="income")
    evaluator = Evaluator("default")
    with pytest.raises(UncreatedError, match=r"call create\(\) before eval\(\)"):
        evaluator.eval(tables)
    evaluator.create()
    with pytest.raises(ConfigError, match=r"expected the keys ori, syn \(and optionally "
                                          r"control\), got ori, synthetic"):
        evaluator.eval({"ori": tables["ori"], "synthetic": tables["syn"]})
