"""The run report: one self-contained HTML page per run, built from the run record alone.

    write_report(run_dir)                 -> <run_dir>/report.html
    write_report(run_dir, out=path, include_samples=True)

Sections: overview, experiment tree, timeline, schema evolution, scores, privacy, data. plotly.js is
embedded once; the page needs no network.
"""

from petsard.html_report.page import REPORT_FILE, build_page, write_report

__all__ = ["REPORT_FILE", "build_page", "write_report"]
