"""The run record: Status (recorder and queries), its records and stores."""

from petsard.status.records import (
    ExecutionSnapshot,
    MetadataChange,
    NodeState,
    RunInfo,
    TimingRecord,
)
from petsard.status.sqlite_store import SQLiteStore
from petsard.status.status import Status
from petsard.status.store import MemoryStore, StatusStore

__all__ = [
    "ExecutionSnapshot",
    "MemoryStore",
    "MetadataChange",
    "NodeState",
    "RunInfo",
    "SQLiteStore",
    "Status",
    "StatusStore",
    "TimingRecord",
]
