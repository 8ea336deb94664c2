"""Reporter files: named by experiment key, inside the output folder, written atomically."""

from __future__ import annotations

import errno
from pathlib import Path

import pandas as pd
import pytest
import yaml

from petsard import Executor
from petsard.exceptions import ReporterError, WriteError
from petsard.output_files import atomic_write, output_path, safe_filename


def run(config: dict) -> Executor:
    executor = Executor({**config, "Executor": {"store": "memory", "random_state": 0}})
    executor.run()
    return executor


def test_save_data_writes_one_csv_per_combination_with_the_input_dtypes(adult_csv: Path,
                                                                        tmp_path: Path) -> None:
    run({"Loader": {"a": {"filepath": str(adult_csv)}},
         "Synthesizer": {"s1": {"method": "custom_data", "filepath": str(adult_csv)},
                         "s2": {"method": "custom_data", "filepath": str(adult_csv)}},
         "Reporter": {"out": {"method": "save_data", "source": ["Loader", "Synthesizer"],
                              "output": "exp", "output_dir": "reports"}}})
    names = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert names == ["exp_Loader[a].csv", "exp_Loader[a]_Synthesizer[s1].csv",
                     "exp_Loader[a]_Synthesizer[s2].csv"]
    written = pd.read_csv(tmp_path / "reports" / "exp_Loader[a]_Synthesizer[s1].csv",
                          na_values="")
    assert len(written) == 600


def test_save_schema_and_save_timing(adult_csv: Path, tmp_path: Path) -> None:
    executor = run({"Loader": {"a": {"filepath": str(adult_csv), "na_values": "?"}},
                    "Reporter": {"schema": {"method": "save_schema", "source": "Loader",
                                            "yaml_output": True},
                                 "timing": {"method": "save_timing", "time_unit": "minutes"}}})
    described = yaml.safe_load((tmp_path / "petsard_schema_Loader[a].yaml").read_text())
    schema = executor.status.get_metadata("Loader")
    assert described["shape"] == {"rows": 600, "columns": 15}
    age = described["columns"]["age"]
    assert (age["type"], age["category"], age["dtype"]) == ("int", False, "int64")
    assert age["statistics"]["min"] == schema["age"].stats.min
    assert described["columns"]["income"]["categories"] == ["<=50K", ">50K"]
    summary = pd.read_csv(tmp_path / "petsard_schema_Loader_summary.csv")
    assert summary["source"].tolist() == ["Loader[a]"]
    assert summary.loc[0, "[age]_unique_count"] == schema["age"].stats.unique_count
    timing = pd.read_csv(tmp_path / "petsard_[Timing].csv")
    assert "duration_minutes" in timing.columns
    assert {"LoaderAdapter"} <= set(timing["module_name"])
    files = executor.status.get_files()
    assert len(files) == 3


def test_experiment_names_cannot_write_outside_the_output_folder(adult_csv: Path,
                                                                 tmp_path: Path) -> None:
    run({"Loader": {"../../escape": {"filepath": str(adult_csv)}},
         "Reporter": {"r": {"method": "save_data", "source": "Loader", "output_dir": "out"}}})
    [written] = (tmp_path / "out").iterdir()
    assert written.parent == tmp_path / "out"
    assert ".." not in written.name and "/" not in written.name


@pytest.mark.parametrize("name", ["../x", "a/b", "..", ".hidden", "x" * 400, "a\x00b"])
def test_safe_filenames_stay_in_their_folder(tmp_path: Path, name: str) -> None:
    target = output_path(tmp_path, name)
    assert target.parent == tmp_path.resolve()
    assert not safe_filename(name).startswith(".")


def test_output_path_refuses_an_escaping_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    monkeypatch.setattr("petsard.output_files.safe_filename", lambda name: name)
    with pytest.raises(ReporterError, match="outside the output folder"):
        output_path(tmp_path / "out", "../x.csv")


def test_failed_write_leaves_no_file_behind_and_names_the_file(tmp_path: Path) -> None:
    def fail(path: Path) -> None:
        path.write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(WriteError, match=r"^\[IO_001\] could not write the output file '.*out"
                                         r"\.csv': No space left on device \(free some space"):
        atomic_write(tmp_path / "out.csv", fail)
    assert list(tmp_path.iterdir()) == []


def test_a_file_from_an_earlier_run_is_kept_unless_overwrite(adult_csv: Path,
                                                             tmp_path: Path) -> None:
    config = {"Loader": {"a": {"filepath": str(adult_csv)}},
              "Reporter": {"r": {"method": "save_data", "source": "Loader"}}}
    first = run(config)
    second = run(config)
    names = sorted(p.name for p in tmp_path.glob("petsard_Loader*.csv"))
    assert names == ["petsard_Loader[a].csv", f"petsard_Loader[a]_{second.run_id}.csv"]
    assert first.run_id != second.run_id
    config["Reporter"]["r"]["overwrite"] = True
    run(config)
    assert len(list(tmp_path.glob("petsard_Loader*.csv"))) == 2


def test_save_data_takes_experiments_and_splitter_parts_as_petsard_writes_them(
        adult_csv: Path, tmp_path: Path) -> None:
    run({"Loader": {"a": {"filepath": str(adult_csv)}},
         "Splitter": {"s": {"num_samples": 2, "train_split_ratio": 0.8}},
         "Synthesizer": {"x": {"method": "custom_data", "filepath": str(adult_csv)},
                         "y": {"method": "custom_data", "filepath": str(adult_csv)}},
         "Reporter": {"out": {"method": "save_data", "output_dir": "reports",
                              "source": ["Splitter.ori", "Splitter.control", "Synthesizer.y"]}}})
    names = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert names == [
        "petsard_Loader[a]_Splitter[s_[2-1]]_Synthesizer[y].csv",
        "petsard_Loader[a]_Splitter[s_[2-1]]_train.csv",
        "petsard_Loader[a]_Splitter[s_[2-1]]_validation.csv",
        "petsard_Loader[a]_Splitter[s_[2-2]]_Synthesizer[y].csv",
        "petsard_Loader[a]_Splitter[s_[2-2]]_train.csv",
        "petsard_Loader[a]_Splitter[s_[2-2]]_validation.csv",
    ]
    assert len(pd.read_csv(tmp_path / "reports" / names[1])) == 480


def test_save_data_compact_names_and_an_output_path_of_folders(adult_csv: Path,
                                                                tmp_path: Path) -> None:
    run({"Loader": {"a": {"filepath": str(adult_csv)}},
         "Reporter": {"out": {"method": "save_data", "source": "Loader",
                              "output": "results/adult", "naming_strategy": "compact"}}})
    assert [p.name for p in (tmp_path / "results").iterdir()] == ["adult_Loader_a.csv"]


def test_a_source_module_the_config_lacks_saves_nothing_and_says_so(adult_csv: Path) -> None:
    with pytest.warns(UserWarning, match="'Postprocessor' is not in this config"):
        executor = run({"Loader": {"a": {"filepath": str(adult_csv)}},
                        "Reporter": {"out": {"method": "save_data",
                                             "source": "Postprocessor"}}})
    assert executor.status.get_files() == []
