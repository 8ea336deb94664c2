"""``custom_data``: synthetic data made elsewhere, read from a file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petsard import Config, Executor
from petsard.exceptions import ConfigError


def test_custom_data_may_be_the_first_module_of_a_config(adult_csv: Path) -> None:
    executor = Executor({"Executor": {"store": "memory"},
                         "Synthesizer": {"external": {"method": "custom_data",
                                                      "filepath": str(adult_csv)}}})
    executor.run()
    (result,) = executor.get_result().values()
    assert len(result["data"]) == 600
    assert pd.api.types.is_integer_dtype(result["data"]["age"])
    assert result["schema"]["age"].kind == "numerical"


def test_custom_data_takes_every_loader_setting_and_keeps_the_first_rows(tmp_path: Path) -> None:
    (tmp_path / "syn.csv").write_text("age,city\n31,Taipei\n-,Tainan\n45,-\n52,Taipei\n")
    executor = Executor({"Executor": {"store": "memory"},
                         "Synthesizer": {"external": {
                             "method": "custom_data", "filepath": "syn.csv", "na_values": "-",
                             "schema": {"fields": {"city": {"category": True}}},
                             "sample_num_rows": 3}}})
    executor.run()
    (result,) = executor.get_result().values()
    assert len(result["data"]) == 3 and result["data"]["age"].isna().sum() == 1
    assert result["schema"]["city"].kind == "categorical"


def test_a_bad_loader_setting_of_custom_data_names_its_yaml_path() -> None:
    with pytest.raises(ConfigError) as caught:
        Config({"Synthesizer": {"external": {"method": "custom_data", "filepath": "s.csv",
                                             "nrows": 0, "na_value": "?"}}})
    assert caught.value.problems == [
        "Synthesizer.external.na_value: unknown parameter; valid: filepath, column_types, "
        "encoding, header_names, na_values, nrows, schema, sep, sheet_name",
        "Synthesizer.external.nrows: must be >= 1, got 0"]
