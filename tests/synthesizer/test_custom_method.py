"""method: custom_method — a user's synthesizer class with PETsARD's contract."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petsard import Config, Executor
from petsard.exceptions import ConfigError

USER_CODE = '''
import numpy as np
import pandas as pd

from petsard.metadater import Metadata


class Shuffle:
    """Each column shuffled on its own (PETsARD's tutorial idea, written for this test)."""

    def __init__(self, config: dict, metadata: Metadata):
        self.config = config
        self.metadata = metadata
        self.seen = {}

    def fit(self, data: pd.DataFrame) -> None:
        self.seen["rows_at_fit"] = self.config["sample_num_rows"]
        self.seen["fields"] = {name: (a.type, a.type_attr.get("category"))
                               for name, a in self.metadata.attributes.items()}
        self.data = data

    def sample(self) -> pd.DataFrame:
        rows = self.config["sample_num_rows"]
        picked = {c: np.random.permutation(self.data[c].to_numpy())[:rows]
                  for c in self.data.columns}
        return pd.DataFrame(picked)


class NoSample:
    def __init__(self, config, metadata):
        pass

    def fit(self, data):
        pass
'''


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    (tmp_path / "my_synth.py").write_text(USER_CODE)
    return tmp_path / "my_synth.py"


def config(adult_csv: Path, **synthesizer) -> dict:
    return {"Executor": {"store": "memory", "random_state": 3},
            "Loader": {"a": {"filepath": str(adult_csv), "na_values": "?"}},
            "Synthesizer": {"mine": {"method": "custom_method", "module_path": "my_synth.py",
                                     "class_name": "Shuffle", **synthesizer}}}


def test_a_petsard_class_gets_its_config_and_metadata_and_runs(adult_csv: Path,
                                                               user_file: Path) -> None:
    executor = Executor(config(adult_csv, epochs=2, sample_num_rows=250))
    executor.run()

    (result,) = executor.get_result().values()
    data = result["data"]
    assert len(data) == 250 and list(data.columns) == list(pd.read_csv(adult_csv).columns)
    assert pd.api.types.is_integer_dtype(data["age"])


def test_the_same_seed_gives_the_same_rows(adult_csv: Path, user_file: Path) -> None:
    runs = []
    for _ in range(2):
        executor = Executor(config(adult_csv))
        executor.run()
        runs.append(next(iter(executor.get_result().values()))["data"])
    pd.testing.assert_frame_equal(runs[0], runs[1])
    assert len(runs[0]) == 600  # the training data's rows unless the experiment says


@pytest.mark.parametrize(("params", "expected"), [
    ({"module_path": "gone.py"}, "Synthesizer.mine.module_path: file not found: 'gone.py'"),
    ({"class_name": "Missing"}, "Synthesizer.mine.class_name: 'my_synth.py' has no class "
                                "'Missing' (classes: NoSample, Shuffle)"),
    ({"class_name": "NoSample"}, "Synthesizer.mine.class_name: NoSample has no method "
                                 "sample()"),
])
def test_a_missing_file_class_or_method_is_a_config_error(adult_csv: Path, user_file: Path,
                                                          params: dict, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Config(config(adult_csv, **params))
    assert caught.value.problems[0].startswith(expected)
