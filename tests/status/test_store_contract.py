"""One contract, run over every StatusStore implementation."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

from petsard.exceptions import StoreError
from petsard.schema import infer_schema
from petsard.status.memory_store import MemoryStore
from petsard.status.records import (
    ExecutionSnapshot,
    MetadataChange,
    NodeState,
    RecordBatch,
    RunInfo,
    TimingRecord,
    now,
)
from petsard.status.sqlite_store import SQLiteStore
from petsard.status.store import StatusStore

SCHEMA = infer_schema(pd.DataFrame({"age": [1, 2, None], "name": ["a", "b", "c"]}), "t")


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StatusStore]:
    made = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "r.sqlite")
    yield made
    made.close()


def run_info() -> RunInfo:
    return RunInfo(run_id="r1", started_at=now(), config_text="Loader: {}", seed=7,
                   sequence=("Loader", "Synthesizer"), planned_nodes=2,
                   versions={"python": "3.11"}, input_hashes={"a.csv": "abc"})


def batch(number: int, module: str = "Loader") -> RecordBatch:
    moment = now()
    key = f"{module}[e{number}]"
    return RecordBatch(
        nodes=(NodeState(key, module, f"e{number}", "done", moment, 0.5),),
        snapshots=(ExecutionSnapshot(f"snapshot_{number:06d}", module, f"e{number}", moment,
                                     None, SCHEMA, {"node_key": key, "rows_out": 3}),),
        changes=(MetadataChange(f"change_{number:06d}", "create", "field", "age", None,
                                SCHEMA["age"].to_dict(), moment, f"{module}[e{number}]",
                                "age: created", key, f"snapshot_{number:06d}"),),
        timings=(TimingRecord(f"timing_{number:06d}", module, f"e{number}", "run", moment,
                              moment + timedelta(seconds=1), 1.0, "completed", key),),
        files=((key, "/tmp/out.csv"),),
        tables=((key, "global", pd.DataFrame({"Score": [0.123456789012345678]})),),
    )


def test_store_keeps_run_info_and_its_final_state(store: StatusStore) -> None:
    store.start_run(run_info())
    assert store.run_info().state == "running"
    store.add_run_event("completed", now())
    info = store.run_info()
    assert (info.run_id, info.state, info.seed, info.sequence) == (
        "r1", "completed", 7, ("Loader", "Synthesizer"))
    assert info.input_hashes == {"a.csv": "abc"} and info.ended_at is not None


def test_store_returns_records_in_write_order_and_by_module(store: StatusStore) -> None:
    store.write(batch(1))
    store.write(batch(2, "Synthesizer"))
    assert [s.snapshot_id for s in store.snapshots()] == ["snapshot_000001", "snapshot_000002"]
    assert [s.module_name for s in store.snapshots("Synthesizer")] == ["Synthesizer"]
    assert [c.change_id for c in store.changes("Loader")] == ["change_000001"]
    assert [t.record_id for t in store.timings("Synthesizer")] == ["timing_000002"]
    assert store.counts() == {"snapshots": 2, "changes": 2, "timings": 2}
    assert store.last_ids() == ("snapshot_000002", "change_000002")
    assert store.modules_with_metadata() == ["Loader", "Synthesizer"]
    assert store.files("Loader[e1]") == [("Loader[e1]", "/tmp/out.csv")]
    [(key, granularity, table)] = store.tables("Loader[e1]")
    assert (key, granularity) == ("Loader[e1]", "global")
    assert table["Score"].tolist() == [0.123456789012345678]  # every digit


def test_store_round_trips_records_by_value(store: StatusStore) -> None:
    written = batch(1)
    store.write(written)
    assert store.snapshot("snapshot_000001") == written.snapshots[0]
    assert store.changes() == list(written.changes)
    assert store.timings() == list(written.timings)
    assert store.snapshot("snapshot_999999") is None


def test_node_state_is_the_latest_event(store: StatusStore) -> None:
    moment = now()
    store.write(RecordBatch(nodes=(NodeState("L[a]", "Loader", "a", "running", moment),)))
    store.write(RecordBatch(nodes=(NodeState("L[a]", "Loader", "a", "failed", moment, 1.0,
                                             "boom"),)))
    [node] = store.nodes()
    assert (node.state, node.error, node.duration_seconds) == ("failed", "boom", 1.0)


def test_sqlite_record_reopens_with_the_same_content(tmp_path: Path) -> None:
    path = tmp_path / "record.sqlite"
    first = SQLiteStore(path)
    first.start_run(run_info())
    first.write(batch(1))
    first.close()
    reopened = SQLiteStore(path, create=False)
    assert reopened.snapshot("snapshot_000001").metadata_after == SCHEMA
    assert reopened.run_info().run_id == "r1"


def test_sqlite_batch_is_all_or_nothing(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "r.sqlite")
    store.write(batch(1))
    with pytest.raises(StoreError):
        store.write(batch(1))  # duplicate ids violate uniqueness: nothing of it is kept
    assert store.counts() == {"snapshots": 1, "changes": 1, "timings": 1}
    assert len(store.node_events()) == 1


def test_foreign_file_is_not_taken_for_a_record(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.sqlite"
    foreign.write_text("these are not the records you are looking for")
    with pytest.raises(StoreError, match="is not a petsard run record"):
        SQLiteStore(foreign, create=False)
    with pytest.raises(StoreError, match="no run record"):
        SQLiteStore(tmp_path / "absent.sqlite", create=False)


def test_store_keeps_the_latest_manifest_of_each_checkpoint(store: StatusStore) -> None:
    store.add_checkpoint("Loader[a]", "id1", {"files": {"output.pkl": [10, "aa"]}, "needs": []})
    store.add_checkpoint("Loader[a]", "id1", {"files": {"output.pkl": [12, "bb"]}, "needs": []})
    assert store.checkpoints() == {"id1": {"files": {"output.pkl": [12, "bb"]}, "needs": []}}
    assert store.files() == [] and store.tables() == []  # manifests are neither


def test_an_interrupted_run_has_ended(store: StatusStore) -> None:
    store.start_run(run_info())
    store.add_run_event("interrupted", now())
    info = store.run_info()
    assert info.state == "interrupted" and info.ended_at is not None


def test_a_record_the_disk_refuses_raises_a_write_error_naming_it(tmp_path: Path) -> None:
    # Setup: a record whose file may not grow (a file-size limit) in a child process.
    script = (
        "import resource, sys\n"
        "from petsard.status.sqlite_store import SQLiteStore\n"
        "from petsard.exceptions import WriteError\n"
        "store = SQLiteStore(sys.argv[1])\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))\n"
        "try:\n"
        "    for n in range(10_000):\n"
        "        store.add_checkpoint('L[a]', f'id{n}', {'files': {'x': [1, 'f' * 400]}})\n"
        "except WriteError as exc:\n"
        "    print(exc)\n"
        "    print(len(store.checkpoints()))\n"
    )
    # Run
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "record.sqlite")],
                          capture_output=True, text=True, timeout=60)
    # Assert
    message, kept = done.stdout.splitlines()
    assert message.startswith(f"[IO_001] could not write the run record '{tmp_path}")
    assert "file-size limit" in message and done.stderr == ""
    assert len(SQLiteStore(tmp_path / "record.sqlite", create=False).checkpoints()) == int(kept)
