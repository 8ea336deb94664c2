"""``custom_data``: synthetic data made elsewhere, read from a file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from petsard import Executor


def test_custom_data_may_be_the_first_module_of_a_config(adult_csv: Path) -> None:
    executor = Executor({"Executor": {"store": "memory"},
                         "Synthesizer": {"external": {"method": "custom_data",
                                                      "filepath": str(adult_csv)}}})
    executor.run()
    (result,) = executor.get_result().values()
    assert len(result["data"]) == 600
    assert pd.api.types.is_integer_dtype(result["data"]["age"])
    assert result["schema"]["age"].kind == "numerical"
