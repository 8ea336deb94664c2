"""``method: save_html``: the run's report page (see petsard.html_report), written last."""

from __future__ import annotations

from pathlib import Path

from petsard.exceptions import ReporterError
from petsard.output_files import output_path
from petsard.reporter.base import ReporterMethod
from petsard.status.queries import RecordQueries


class SaveHtml(ReporterMethod):
    """One self-contained HTML page of the whole run: ``<output_dir>/<output>.html``, by default
    ``report.html`` in the run folder. Written from the run record after every other node, so
    it shows the run as it stands then (its own Reporter nodes still running);
    ``petsard report <run>`` rewrites it once the run has ended. ``include_samples`` adds a few
    synthetic rows (never original ones)."""

    def __init__(self, *, output: str = "report", output_dir: str | None = None,
                 include_samples: bool = False) -> None:
        self.output = output
        self.output_dir = output_dir
        self.include_samples = include_samples

    scope = "run"  # after every other node, so the page holds every result

    def report_run(self, record: RecordQueries) -> list[Path]:
        from petsard.html_report import write_report  # the page's code, only when written

        info = record.get_run_info()
        if info is None or info.run_dir is None:
            raise ReporterError("save_html builds its page from the run record, and this run "
                                "has none on disk: use Executor.store: sqlite (the default)")
        run_dir = Path(info.run_dir)
        target = output_path(run_dir if self.output_dir is None else self.output_dir,
                             f"{self.output}.html")
        return [write_report(run_dir, target, self.include_samples)]
