"""Splitter: train/validation splits, expanded samples with bounded overlap, pre-split files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petsard import Config, Executor
from petsard.exceptions import ConfigError, SplitterError


def run(config: dict) -> Executor:
    executor = Executor({**config, "Executor": {"store": "memory", "random_state": 5}})
    executor.run()
    return executor


def test_default_split_keeps_every_row_once_and_the_loaders_schema(adult_csv: Path) -> None:
    executor = run({"Loader": {"a": {"filepath": str(adult_csv)}},
                    "Splitter": {"s": {"train_split_ratio": 0.75}}})
    [result] = executor.get_result().values()
    tables = executor.status.get_result("Splitter")
    assert set(tables) == {"train", "validation"}
    assert (len(tables["train"]), len(tables["validation"])) == (450, 150)
    assert not set(tables["train"].index) & set(tables["validation"].index)
    assert len(result["data"]) == 450  # a leaf's data is the training part
    loader = executor.status.get_metadata("Loader")
    assert executor.status.get_metadata("Splitter") == loader
    assert executor.status.get_change_history("Splitter") == []
    assert executor.status.get_exist_train_indices() == [set(tables["train"].index)]


def test_num_samples_expands_into_zero_padded_experiments(adult_csv: Path) -> None:
    executor = run({"Loader": {"a": {"filepath": str(adult_csv)}},
                    "Splitter": {"s": {"num_samples": 10, "max_overlap_ratio": 0.9}},
                    "Synthesizer": {"c": {"method": "custom_data",
                                          "filepath": str(adult_csv)}}})
    keys = list(executor.get_result())
    assert keys[0] == "Loader[a]_Splitter[s_[10-01]]_Synthesizer[c]"
    assert keys[-1] == "Loader[a]_Splitter[s_[10-10]]_Synthesizer[c]"
    trains = executor.status.get_exist_train_indices()
    assert len(trains) == 10
    for i, first in enumerate(trains):
        for second in trains[i + 1:]:
            assert len(first & second) / len(first) <= 0.9


def test_same_seed_gives_the_same_splits_whatever_else_is_in_the_tree(adult_csv: Path) -> None:
    def trains(extra: dict) -> list[set]:
        executor = run({"Loader": {"a": {"filepath": str(adult_csv)}},
                        "Splitter": {"s": {"num_samples": 2}}, **extra})
        return executor.status.get_exist_train_indices()

    assert trains({}) == trains({"Reporter": {"t": {"method": "save_timing"}}})


def test_impossible_overlap_fails_with_what_to_change(adult_csv: Path) -> None:
    with pytest.raises(SplitterError, match="raise max_overlap_ratio or max_attempts"):
        run({"Loader": {"a": {"filepath": str(adult_csv)}},
             "Splitter": {"s": {"num_samples": 3, "max_overlap_ratio": 0.1,
                                "max_attempts": 5}}})


def test_custom_data_splitter_reads_pre_split_files_without_a_loader(tmp_path: Path,
                                                                     adult: pd.DataFrame) -> None:
    adult.head(80).to_csv("train.csv", index=False)
    adult.tail(20).to_csv("control.csv", index=False)
    executor = run({"Splitter": {"files": {"method": "custom_data",
                                           "filepath": {"ori": "train.csv",
                                                        "control": "control.csv"}}}})
    tables = executor.status.get_result("Splitter")
    assert (len(tables["train"]), len(tables["validation"])) == (80, 20)


def test_custom_data_splitter_takes_loader_settings_for_both_files_or_each(
        tmp_path: Path) -> None:
    Path("ori.csv").write_text("age,city\n31,Taipei\n?,Tainan\n")
    Path("control.csv").write_text("age,city\n40,N/A\n")
    Path("city.yaml").write_text("fields:\n  city: {category: true}\n")
    executor = run({"Splitter": {"files": {
        "method": "custom_data", "filepath": {"ori": "ori.csv", "control": "control.csv"},
        "na_values": {"ori": "?", "control": "N/A"}, "schema": "city.yaml"}}})
    tables = executor.status.get_result("Splitter")
    assert tables["train"]["age"].isna().sum() == 1
    assert tables["validation"]["city"].isna().all()
    assert executor.status.get_metadata("Splitter")["city"].kind == "categorical"


def test_a_bad_loader_setting_for_one_file_names_that_file() -> None:
    with pytest.raises(ConfigError) as caught:
        Config({"Splitter": {"s": {"method": "custom_data",
                                   "filepath": {"ori": "a.csv", "control": "b.csv"},
                                   "schema": {"ori": "missing.yaml", "control": "gone.yaml"}}}})
    assert caught.value.problems == [
        "Splitter.s.schema.ori: schema file not found: 'missing.yaml'",
        "Splitter.s.schema.control: schema file not found: 'gone.yaml'"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"train_split_ratio": 1.5}, "Splitter.s.train_split_ratio: must be < 1, got 1.5"),
    ({"num_samples": 0}, "Splitter.s.num_samples: must be >= 1, got 0"),
    ({"max_overlap_ratio": -0.1}, "Splitter.s.max_overlap_ratio: must be >= 0"),
    ({"method": "custom_data", "filepath": {"train": "a.csv"}},
     "Splitter.s.filepath: expected exactly the keys ori and control (or train and "
     "validation)"),
])
def test_bad_splitter_config_names_the_parameter(params: dict, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Executor({"Loader": {"a": {"filepath": "x.csv"}}, "Splitter": {"s": params}})
    assert expected in str(caught.value)
