"""A resumed run checks its Preprocessors against their parents' recorded schemas: it does not
read a finished Loader's file again for that."""

from __future__ import annotations

import contextlib
import shutil
from collections import Counter
from pathlib import Path

from petsard import Executor


def test_a_resumed_run_does_not_read_a_finished_loaders_file_to_check_preprocessing(
        tmp_path: Path, adult_csv: Path, counting_loader: Counter[str]) -> None:
    # Setup: Loader a's subtree finishes; Loader b fails, its file not there yet (the run
    # goes on past it).
    late = tmp_path / "late.csv"
    config = {"Executor": {"random_state": 1, "runs_dir": "runs", "log_level": "ERROR",
                           "on_error": "continue"},
              "Loader": {name: {"method": "counting", "filepath": str(path), "nrows": 300}
                         for name, path in (("a", adult_csv), ("b", late))},
              "Preprocessor": {"p": {"method": "default"}},
              "Synthesizer": {"s": {"method": "default"}},
              "Postprocessor": {"q": {"method": "default"}}}
    with contextlib.chdir(tmp_path):
        assert Executor(config).run().failed_nodes == ("Loader[b]",)
        assert counting_loader == {"a": 1, "b": 1}
        shutil.copy(adult_csv, late)
        # Run
        summary = Executor(config, resume="latest").run()
    # Assert: only b is read again; a's schema comes from the record.
    assert summary.state == "completed"
    assert counting_loader == {"a": 1, "b": 2}
