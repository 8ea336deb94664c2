"""What a Reporter method is: it writes files, for each path or once for the whole run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from petsard.exceptions import ReporterError
from petsard.method import Method

if TYPE_CHECKING:
    from petsard.engine.context import PathContext
    from petsard.status.queries import RecordQueries


class ReporterMethod(Method):
    """A reporter of ``scope = "path"`` implements ``report(ctx)`` and runs at each of its
    nodes; one of ``scope = "run"`` implements ``report_run(record)`` and runs once after
    the tree, from the run record (tables comparing every combination, timings, the run's
    page). Both return the files written."""

    def report(self, ctx: PathContext) -> list[Path]:
        raise ReporterError(f"{type(self).__name__} does not report per path (scope "
                            f"{self.scope!r}); implement report(ctx)")

    def report_run(self, record: RecordQueries) -> list[Path]:
        raise ReporterError(f"{type(self).__name__} does not report per run (scope "
                            f"{self.scope!r}); implement report_run(record)")
