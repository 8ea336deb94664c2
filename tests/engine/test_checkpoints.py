"""Checkpoints are read only when every file matches the checksum the record keeps: a
missing, truncated or altered one is reported, never loaded."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard.engine.checkpoints import REST, Checkpoints
from petsard.engine.context import NodeOutput
from petsard.exceptions import CheckpointError

TABLE = pd.DataFrame({"age": [31, 45, 27], "job": ["a", "b", np.nan]}, index=[4, 7, 9])


def flip_a_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1:]


class Tripwire:
    """Leaves a file behind if it is ever unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (Path.write_text, (self.marker, "unpickled"))


def saved(tmp_path: Path) -> tuple[Checkpoints, dict]:
    checkpoints = Checkpoints(tmp_path)
    manifest = checkpoints.save("a1", NodeOutput(data=TABLE, info={"rows": 3}))
    return checkpoints, manifest


def test_a_saved_checkpoint_reads_back_and_its_manifest_holds_each_file(tmp_path: Path) -> None:
    checkpoints, manifest = saved(tmp_path)
    assert set(manifest["files"]) == {"table0.parquet", REST} and manifest["needs"] == []
    assert checkpoints.problem("a1") is None
    # A new run object knows the checkpoint only from the manifest the record kept.
    reopened = Checkpoints(tmp_path, {"a1": manifest})
    pd.testing.assert_frame_equal(reopened.load("a1").table(), TABLE)
    assert reopened.load("a1", with_data=False).info == {"rows": 3}
    assert Checkpoints(tmp_path).problem("a1") == "no checkpoint was recorded"


@pytest.mark.parametrize(("damage", "problem"), [
    (lambda f: f.write_bytes(f.read_bytes()[:40]), r"table0.parquet is truncated \(40 of"),
    (lambda f: f.write_bytes(flip_a_byte(f.read_bytes())), "table0.parquet was altered"),
    (lambda f: f.unlink(), "table0.parquet is missing"),
])
def test_a_damaged_table_is_reported_and_not_read(tmp_path: Path, damage, problem: str) -> None:
    checkpoints, _ = saved(tmp_path)
    damage(checkpoints.path("a1") / "table0.parquet")
    assert re.match(problem, checkpoints.problem("a1") or "")
    with pytest.raises(CheckpointError, match=r"table0\.parquet"):
        checkpoints.load("a1")


def test_a_pickle_that_fails_its_checksum_is_never_loaded(tmp_path: Path) -> None:
    # Setup: replace the checkpoint's pickle by one that would act if it were unpickled.
    checkpoints, manifest = saved(tmp_path)
    marker = tmp_path / "marker"
    (checkpoints.path("a1") / REST).write_bytes(pickle.dumps(Tripwire(marker)))
    # Run
    with pytest.raises(CheckpointError, match="was altered or truncated"):
        Checkpoints(tmp_path, {"a1": manifest}).load("a1", with_data=False)
    # Assert
    assert not marker.exists()


def test_saving_over_a_damaged_checkpoint_writes_it_again(tmp_path: Path) -> None:
    checkpoints, manifest = saved(tmp_path)
    (checkpoints.path("a1") / REST).write_bytes(b"junk")
    again = checkpoints.save("a1", NodeOutput(data=TABLE, info={"rows": 3}))
    assert again == manifest and checkpoints.problem("a1") is None


def test_a_checkpoint_holding_row_labels_needs_the_one_with_the_table(tmp_path: Path) -> None:
    checkpoints, _ = saved(tmp_path)
    checkpoints.save("b2", NodeOutput(data={"train": TABLE.loc[[4, 9]]}, row_subsets=True),
                     rows_from="a1")
    assert checkpoints.needs("b2") == ["a1"] and checkpoints.has("b2")
    pd.testing.assert_frame_equal(checkpoints.load("b2").table("train"), TABLE.loc[[4, 9]])
    (checkpoints.path("a1") / "table0.parquet").unlink()
    assert checkpoints.problem("b2") is None and not checkpoints.has("b2")


def test_sweep_removes_what_a_cut_short_write_left(tmp_path: Path) -> None:
    checkpoints, _ = saved(tmp_path)
    (checkpoints.folder / ".a2.x1y2").mkdir()
    checkpoints.sweep()
    assert [p.name for p in checkpoints.folder.iterdir()] == ["a1"]
