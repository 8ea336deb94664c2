"""The records a Status keeps in memory: bounded caches of the latest ones, and the counts
that number new records on from what the store already holds."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TypeVar

from petsard.status.records import ExecutionSnapshot, MetadataChange, RecordBatch, TimingRecord
from petsard.status.store import StatusStore

R = TypeVar("R")
KINDS = ("snapshots", "changes", "timings")


class RecentRecords:
    """Caches of at most ``max_*`` records each. While ``complete`` (this process wrote every
    record of the run, and no cache overflowed) queries are answered from memory; otherwise
    from the store."""

    def __init__(self, store: StatusStore, max_snapshots: int, max_changes: int,
                 max_timings: int) -> None:
        self.store = store
        self.snapshots: deque[ExecutionSnapshot] = deque(maxlen=max_snapshots)
        self.changes: deque[MetadataChange] = deque(maxlen=max_changes)
        self.timings: deque[TimingRecord] = deque(maxlen=max_timings)
        self.written = dict.fromkeys(KINDS, 0)
        self.complete = True  # False once the store holds records this object never saw
        self._offsets: dict[str, int] | None = None

    def add(self, batch: RecordBatch) -> None:
        self.snapshots.extend(batch.snapshots)
        self.changes.extend(batch.changes)
        self.timings.extend(batch.timings)
        self.written["snapshots"] += len(batch.snapshots)
        self.written["changes"] += len(batch.changes)
        self.written["timings"] += len(batch.timings)

    def next_number(self, kind: str, offset: int = 0) -> int:
        """The number of the next record of ``kind`` (plus ``offset`` within a batch)."""
        return self._offset(kind) + self.written[kind] + offset + 1

    def _offset(self, kind: str) -> int:
        """Records already in the store before this object started writing (reopened runs)."""
        if self.complete:
            return 0
        if self._offsets is None:
            self._offsets = self.store.counts()
        return self._offsets[kind]

    def answer(self, kind: str, fetch: Callable[[], list[R]], keep: Callable[[R], bool]
               ) -> list[R]:
        """Cached records that ``keep`` accepts, or ``fetch()`` from the store when the cache
        cannot hold the answer."""
        cache = getattr(self, kind)
        if self.complete and self.written[kind] <= (cache.maxlen or 0):
            return [r for r in cache if keep(r)]
        return fetch()
