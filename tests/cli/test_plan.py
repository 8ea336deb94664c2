"""`petsard plan` in this process: how often it reads each Loader's data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from petsard.cli import cmd_plan, parser


def write(folder: Path, config: dict) -> None:
    (folder / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))


def test_plan_reads_each_loaders_data_once_for_identifiers_and_predictions(
        tmp_path: Path, adult_csv: Path, counting_loader: Counter[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    # Setup: two Loaders, each feeding two Preprocessors and a Synthesizer, so both the
    # identifiers and the predicted schemas need every Loader's schema.
    titanic = Path(__file__).parents[1] / "data" / "titanic-train.csv"
    write(tmp_path, {"Loader": {"a": {"method": "counting", "filepath": str(adult_csv)},
                                "t": {"method": "counting", "filepath": str(titanic)}},
                     "Preprocessor": {"p": {"method": "default"},
                                      "q": {"sequence": ["missing", "encoder"]}},
                     "Synthesizer": {"x": {"method": "default"}}})
    # Run
    code = cmd_plan(parser().parse_args(["plan", "config.yaml"]))
    # Assert
    out = capsys.readouterr().out
    assert code == 0
    assert "direct identifiers in Loader[t]" in out
    assert out.count("\npredicted schema of ") == 4
    assert counting_loader == {"a": 1, "t": 1}


def test_plan_without_a_synthesizer_reads_each_loaders_data_once_for_predictions(
        tmp_path: Path, adult_csv: Path, counting_loader: Counter[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"Loader": {"a": {"method": "counting", "filepath": str(adult_csv)}},
                     "Preprocessor": {"p": {"method": "default"}}})

    assert cmd_plan(parser().parse_args(["plan", "config.yaml"])) == 0

    assert "predicted schema of Loader[a]_Preprocessor[p]" in capsys.readouterr().out
    assert counting_loader == {"a": 1}
