"""Describer(method='describe', mode=...): create(), eval(data) -> {granularity: table}, as
PETsARD's docs call them (``from petsard.evaluator import Describer``)."""

from __future__ import annotations

import pandas as pd
import pytest

from petsard.evaluator import Describer
from petsard.exceptions import ConfigError, UncreatedError

BASE = pd.DataFrame({"value": [1.0, 2.0, 3.0, 4.0, 5.0], "type": ["A", "B", "A", "C", "B"]})
TARGET = pd.DataFrame({"value": [1.1, 2.2, 2.9, 4.1, 5.2], "type": ["A", "B", "A", "C", "B"]})


def test_describe_mode_summarizes_one_table() -> None:
    describer = Describer(method="describe")
    describer.create()
    results = describer.eval(data={"data": BASE})
    assert results["global"].loc[0, "row_count"] == 5
    assert results["columnwise"].set_index("column").loc["value", "mean"] == 3.0


def test_describe_method_and_percentile_choose_the_statistics() -> None:
    describer = Describer(method="describe", describe_method=["mean", "percentile"],
                          percentile=0.95)
    describer.create()
    columnwise = describer.eval(data={"data": BASE})["columnwise"].set_index("column")
    assert columnwise.loc["value"].tolist() == pytest.approx([3.0, 4.8])


@pytest.mark.parametrize("keys", [("ori", "syn"), ("base", "target")])
def test_compare_mode_sets_two_tables_side_by_side(keys: tuple[str, str]) -> None:
    describer = Describer(method="describe", mode="compare",
                          stats_method=["mean", "std", "jsdivergence"],
                          compare_method="pct_change")
    describer.create()
    results = describer.eval(data=dict(zip(keys, (BASE, TARGET), strict=True)))
    assert "Score" in results["global"].columns
    columnwise = results["columnwise"].set_index("column")
    assert columnwise.loc["value", "mean_pct_change"] == pytest.approx(0.1 / 3)


def test_bad_settings_and_misuse_raise_errors_that_say_what_to_do() -> None:
    with pytest.raises(ConfigError, match=r"Describer\.method: unknown Describer method"):
        Describer(method="summary")
    with pytest.raises(ConfigError, match=r"Describer\.mode: expected 'describe' or 'compare'"):
        Describer(method="describe", mode="contrast")
    with pytest.raises(ConfigError, match=r"Describer\.stats_method: not used when the "
                                          r"Describer describes one source"):
        Describer(method="describe", stats_method=["mean"])
    describer = Describer(method="describe", mode="compare")
    with pytest.raises(UncreatedError):
        describer.eval(data={"base": BASE, "target": TARGET})
    describer.create()
    with pytest.raises(ConfigError, match="expected the keys base, target"):
        describer.eval(data={"data": BASE})
