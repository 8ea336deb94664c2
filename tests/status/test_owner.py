"""A run whose process died reads as 'interrupted'; a live run never does."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from petsard.status import Status
from petsard.status.owner import Owner, claim, release
from petsard.status.records import NodeState, RecordBatch, RunInfo, now
from petsard.status.sqlite_store import SQLiteStore


def ended_process() -> Owner:
    """The owner a finished (and reaped) process would have recorded."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    me = Owner.current()
    return replace(me, pid=int(child.stdout))


def test_this_process_owns_a_run_only_while_it_runs_it() -> None:
    me = Owner.current()
    claim("r1")
    assert me.alive("r1") is True
    release("r1")
    assert me.alive("r1") is False


def test_a_process_that_ended_is_not_alive() -> None:
    assert ended_process().alive("r1") is False


def test_a_live_process_of_another_run_is_alive() -> None:
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as child:
        try:
            assert Owner.of(child.pid).alive("r1") is True
        finally:
            child.kill()


def test_a_reused_process_id_is_not_taken_for_the_owner() -> None:
    me = Owner.current()
    boot, namespace, _ = me.process.split("/")
    earlier = replace(me, process=f"{boot}/{namespace}/1")  # same pid, started at another time
    assert earlier.alive("r1") is False


def test_a_run_owned_by_another_host_or_pid_namespace_is_never_declared_dead() -> None:
    me = Owner.current()
    assert replace(me, host="elsewhere", pid=999999).alive("r1") is None
    boot, _, started = me.process.split("/")
    other_namespace = replace(me, pid=999999, process=f"{boot}/pid:[1]/{started}")
    assert other_namespace.alive("r1") is None


def test_a_record_left_running_by_a_dead_process_reads_interrupted(tmp_path: Path) -> None:
    # Setup: a record whose run started and a node began, then its process died.
    store = SQLiteStore(tmp_path / "record.sqlite")
    store.start_run(RunInfo(run_id="r9", started_at=now(), config_text="Loader: {}"))
    store.write(RecordBatch(nodes=(NodeState("Loader[a]", "Loader", "a", "running", now()),)))
    dead = ended_process()
    store._db.execute("UPDATE owners SET pid = ?", (dead.pid,))
    store.close()
    release("r9")
    # Run
    reader = Status.open(tmp_path)
    # Assert
    info = reader.get_run_info()
    assert info.state == "interrupted" and info.ended_at == info.last_write
    assert info.owner == dead.describe()
    assert [n.state for n in reader.get_node_states()] == ["interrupted"]
    assert reader.get_status_summary()["nodes"]["interrupted"] == 1


def test_the_running_process_reads_its_own_run_as_running(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "record.sqlite")
    store.start_run(RunInfo(run_id="r8", started_at=now(), config_text="Loader: {}"))
    try:
        assert Status.open(tmp_path).get_run_info().state == "running"
    finally:
        store.add_run_event("completed", now())
    assert Status.open(tmp_path).get_run_info().state == "completed"
