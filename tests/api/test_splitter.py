"""Splitter(...).split(data=, metadata=) -> (split_data, metadata, train_indices), in
PETsARD's shapes."""

from __future__ import annotations

import pandas as pd
import pytest

from petsard import Metadater, Splitter
from petsard.exceptions import ConfigError, SplitterError


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"feature1": range(100), "feature2": range(100, 200),
                         "target": [0, 1] * 50}, index=range(500, 600))


def test_split_returns_petsards_three_shapes_numbered_from_one(frame: pd.DataFrame) -> None:
    split_data, metadata, train_indices = Splitter(
        num_samples=3, train_split_ratio=0.8).split(data=frame)
    assert list(split_data) == [1, 2, 3] and list(metadata) == [1, 2, 3]
    for number, parts in split_data.items():
        train, validation = parts["train"], parts["validation"]
        assert (len(train), len(validation)) == (80, 20)
        assert list(train.index) == list(range(80))  # copies with a fresh index
        positions = train_indices[number - 1]
        assert set(train["feature1"]) == positions  # positions in the data, not its labels
        assert set(validation["feature1"]).isdisjoint(positions)
        assert metadata[number]["train"].stats.row_count == 80
        assert "train=80 rows, validation=20 rows" in metadata[number]["validation"].description


def test_the_metadata_given_describes_each_part(frame: pd.DataFrame) -> None:
    schema = Metadater.from_data(frame, description="three columns")
    _, metadata, _ = Splitter(random_state=0).split(data=frame, metadata=schema)
    part = metadata[1]["validation"]
    assert part.attributes == schema.attributes and part.stats.row_count == 20
    assert part.description.startswith("three columns | Split info")


def test_training_sets_overlap_at_most_max_overlap_ratio_and_avoid_earlier_ones(
        frame: pd.DataFrame) -> None:
    splitter = Splitter(num_samples=2, train_split_ratio=0.3, max_overlap_ratio=0.5,
                        random_state=4)
    _, _, first = splitter.split(data=frame)
    assert len(first[0] & first[1]) <= 15
    _, _, later = splitter.split(data=frame, exist_train_indices=first)
    assert all(len(new & old) <= 15 for new in later for old in first)


def test_a_text_or_float_random_state_repeats_the_split(frame: pd.DataFrame) -> None:
    for seed in ("experiment_v1", 0.5, 42):
        assert Splitter(random_state=seed).split(data=frame)[2] == Splitter(
            random_state=seed).split(data=frame)[2]
    assert Splitter(random_state="a").split(data=frame)[2] != Splitter(
        random_state="b").split(data=frame)[2]


def test_bad_settings_and_impossible_splits_say_what_to_change(frame: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match=r"Splitter\.train_split_ratio: must be < 1, got 1.5"):
        Splitter(train_split_ratio=1.5)
    with pytest.raises(ConfigError, match=r"Splitter\.split: data: expected a pandas DataFrame"):
        Splitter().split()
    with pytest.raises(SplitterError, match="raise max_overlap_ratio or max_attempts"):
        Splitter(num_samples=5, max_overlap_ratio=0.0, max_attempts=3).split(data=frame)
    with pytest.raises(ConfigError, match=r"outside 0\.\.99"):
        Splitter().split(data=frame, exist_train_indices=[{100}])


def test_a_text_random_state_draws_the_rows_a_yaml_splitter_draws(frame: pd.DataFrame) -> None:
    from petsard.splitter.methods import RandomSplitter

    yaml_train = RandomSplitter(random_state="exp_v1").split(frame, "exp_v1", 1)["train"]
    (split, _, _) = Splitter(random_state="exp_v1").split(data=frame)
    assert split[1]["train"]["feature1"].tolist() == yaml_train["feature1"].tolist()
