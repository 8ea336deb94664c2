"""Progress of a run: a live bar on a terminal, plain log lines elsewhere (CI, files)."""

from __future__ import annotations

import sys
import time
from typing import Any

from petsard.logs import get_logger
from petsard.plan import Node

log = get_logger("progress")
FINAL = ("done", "failed", "reused", "skipped")


class Progress:
    """Counts nodes; ``live`` draws a rich progress bar on stderr with elapsed time and ETA."""

    def __init__(self, total: int, already: int = 0, live: bool | None = None) -> None:
        self.total = total
        self.count = already
        self.started = time.perf_counter()
        self.live = sys.stderr.isatty() if live is None else live
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.live:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), TimeRemainingColumn(), transient=False)
            self._bar.start()
            self._task = self._bar.add_task("starting", total=self.total, completed=self.count)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def on_node(self, event: str, node: Node, seconds: float | None) -> None:
        if event in FINAL:
            self.count += 1
        if self._bar is not None:
            self._bar.update(self._task, completed=self.count,
                             description=f"{node.node_key.label} {event}")
            return
        took = f" in {seconds:.2f}s" if seconds is not None else ""
        log.info("node %d/%d %s: %s%s%s", self.count if event in FINAL else self.count + 1,
                 self.total, node.key, event, took, self._eta())

    def _eta(self) -> str:
        if not self.count or self.count >= self.total:
            return ""
        elapsed = time.perf_counter() - self.started
        remaining = elapsed / self.count * (self.total - self.count)
        return f" (elapsed {elapsed:.0f}s, about {remaining:.0f}s left)"
