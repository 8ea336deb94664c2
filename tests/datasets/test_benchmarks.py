"""benchmark:// datasets offline, with the copies PETsARD's tutorials read from benchmark/."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from petsard import Config, Executor
from petsard.datasets import BENCHMARKS
from petsard.exceptions import ConfigError, LoaderError


def load(filepath: str, **params) -> dict:
    executor = Executor({"Executor": {"store": "memory"},
                         "Loader": {"x": {"filepath": filepath, **params}}})
    executor.run()
    return executor.get_result()["Loader[x]"]


def bundled_lines(name: str) -> list[str]:
    return gzip.decompress(BENCHMARKS[name].path.read_bytes()).decode().splitlines()


def test_loading_a_benchmark_leaves_the_original_file_in_benchmark(tmp_path: Path) -> None:
    result = load("benchmark://adult-income")

    copy = tmp_path / "benchmark" / "adult-income.csv"
    assert copy.read_text().splitlines() == bundled_lines("adult-income")
    assert len(result["data"]) == 32561 and result["data"]["workclass"].isna().sum() == 1836
    assert load("benchmark/adult-income.csv")["data"].shape == (32561, 15)  # '?' kept as text


def test_the_benchmark_schema_types_every_field(tmp_path: Path) -> None:
    result = load("benchmark://adult-income", schema="benchmark://adult-income_schema")

    schema = result["schema"]
    assert schema["age"].type == "int" and schema["age"].description == "age in years"
    assert schema["workclass"].kind == "categorical" and schema["workclass"].type_attr.nullable
    assert result["data"]["occupation"].isna().sum() == 1843
    assert (tmp_path / "benchmark" / "adult-income_schema.yaml").is_file()


def test_ori_and_control_split_every_row_once_and_syn_is_as_long_as_ori() -> None:
    header, *rows = bundled_lines("adult-income")
    _, *ori = bundled_lines("adult-income_ori")
    _, *control = bundled_lines("adult-income_control")
    _, *syn = bundled_lines("adult-income_syn")

    assert (len(ori), len(control)) == (26049, 6512)
    assert sorted(ori + control) == sorted(rows)
    assert len(syn) == len(ori) and bundled_lines("adult-income_syn")[0] == header


def test_a_tutorial_path_to_a_bundled_file_is_written_from_the_bundle(tmp_path: Path) -> None:
    result = load("benchmark/adult-income_ori.csv", schema="benchmark/adult-income_schema.yaml")

    assert len(result["data"]) == 26049 and result["data"]["workclass"].isna().any()
    assert (tmp_path / "benchmark" / "adult-income_ori.csv").is_file()


def test_a_users_file_in_benchmark_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "benchmark").mkdir()
    (tmp_path / "benchmark" / "adult-income.csv").write_text("a,b\n1,2\n")

    load("benchmark://adult-income")

    assert (tmp_path / "benchmark" / "adult-income.csv").read_text() == "a,b\n1,2\n"


def test_a_petsard_benchmark_not_bundled_is_read_from_benchmark_when_copied_there(
        tmp_path: Path) -> None:
    config = {"Loader": {"x": {"filepath": "benchmark://best-practices_multi-table"}}}
    Config(config)  # a valid name: its file may be in benchmark/ when the run starts
    with pytest.raises(LoaderError, match="bundles only adult-income"):
        load("benchmark://best-practices_multi-table")

    (tmp_path / "benchmark").mkdir(exist_ok=True)
    (tmp_path / "benchmark" / "best-practices_multi-table.csv").write_text("a,b\n1,x\n2,y\n")
    assert load("benchmark://best-practices_multi-table")["data"].shape == (2, 2)


def test_an_unknown_benchmark_is_a_config_error_with_the_closest_name() -> None:
    with pytest.raises(ConfigError, match="unknown benchmark dataset 'adult-incom'; did you "
                                          "mean 'adult-income'"):
        Config({"Loader": {"x": {"filepath": "benchmark://adult-incom"}}})


def test_a_loader_without_filepath_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"Loader\.x\.filepath: required parameter"):
        Config({"Loader": {"x": {"na_values": "?"}}})
