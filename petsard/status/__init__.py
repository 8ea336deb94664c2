"""The run record: Status (recorder, queries, current path), its records and stores."""

from petsard.status.events import NodeEvent, NodeFacts
from petsard.status.memory_store import MemoryStore
from petsard.status.records import (
    ExecutionSnapshot,
    MetadataChange,
    NodeState,
    RunInfo,
    TimingRecord,
)
from petsard.status.sqlite_store import SQLiteStore
from petsard.status.status import Status
from petsard.status.store import StatusStore

__all__ = [
    "ExecutionSnapshot",
    "MemoryStore",
    "MetadataChange",
    "NodeEvent",
    "NodeFacts",
    "NodeState",
    "RunInfo",
    "SQLiteStore",
    "Status",
    "StatusStore",
    "TimingRecord",
]
