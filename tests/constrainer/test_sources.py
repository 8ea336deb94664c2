"""Validate mode on the tables ``source`` names (PETsARD's form), each reported on its own."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petsard import Config, Executor
from petsard.exceptions import ConfigError


def test_each_source_is_validated_and_written_on_its_own(adult_csv: Path,
                                                         tmp_path: Path) -> None:
    executor = Executor({
        "Executor": {"store": "memory"},
        "Loader": {"a": {"filepath": str(adult_csv), "na_values": "?"}},
        "Splitter": {"s": {"train_split_ratio": 0.8}},
        "Synthesizer": {"ext": {"method": "custom_data", "filepath": str(adult_csv),
                                "na_values": "?"}},
        "Constrainer": {"c": {"source": ["Loader", "Splitter.ori", "Splitter.control"],
                              "field_constraints": ["age >= 30"]}},
        "Reporter": {"v": {"method": "save_validation", "output_dir": "out"}}})
    executor.run()

    info = executor.status.get_validation_result()
    (per_source,) = [v["sources"] for v in info.values()]
    assert list(per_source) == ["Loader", "Splitter.ori", "Splitter.control"]
    assert [per_source[s]["rows_in"] for s in per_source] == [600, 480, 120]
    assert per_source["Loader"]["rows_passed"] == (pd.read_csv(adult_csv)["age"] >= 30).sum()
    names = {p.name for p in (tmp_path / "out").iterdir()}  # PETsARD's names, per source
    assert {f"petsard_[Validation]_Source[{source}]_Constrainer[c]_{part}.csv"
            for source in per_source for part in ("summary", "violations", "details")} == names
    (result,) = executor.get_result().values()
    assert len(result["data"]) == 600  # the path's data passes through unchanged


def test_sources_are_checked_with_the_config() -> None:
    with pytest.raises(ConfigError) as caught:
        Config({"Loader": {"a": {"filepath": "x.csv"}},
                "Constrainer": {"c": {"method": "resample", "source": "Splitter.ori",
                                      "field_constraints": ["age > 1"]}}})
    assert caught.value.problems == [
        "Constrainer.c.source: names tables to validate; resample draws from the path's "
        "Synthesizer (use method: validate or auto)"]
    with pytest.raises(ConfigError, match=r"Constrainer\.c\.source: module 'Splitter' is not"):
        Config({"Loader": {"a": {"filepath": "x.csv"}},
                "Constrainer": {"c": {"source": "Splitter.ori",
                                      "field_constraints": ["age > 1"]}}})
