"""The report rendered in headless Chromium (Debian's ``chromium``; skipped without it): no
console errors, every section and chart drawn, one timeline bar per timing record, and a
screenshot under the test's temporary folder."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from petsard import Status
from petsard.html_report import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium); "
                             "the page structure is still tested in test_page.py")
SECTIONS = ("overview", "tree", "timeline", "schemas", "scores", "privacy", "data")
CONSOLE_PROBLEMS = ("Uncaught", "ERROR:CONSOLE", "petsard report:")


def chromium(page: Path, profile: Path, *action: str) -> subprocess.CompletedProcess[str]:
    """Open ``page`` offline: no network services, a throwaway profile, console to stderr."""
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
               "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000", *action,
               page.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if any(p in line for p in CONSOLE_PROBLEMS)]


def chart_attributes(dom: str) -> dict[str, dict[str, str]]:
    charts = {}
    for tag in re.findall(r'<div id="[^"]+" class="chart[^"]*"[^>]*>', dom):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        charts[attributes["id"]] = attributes
    return charts


def test_page_renders_every_section_and_one_timeline_bar_per_timing_record(
        finished_run: Path, tmp_path: Path) -> None:
    # Setup
    page = write_report(finished_run, tmp_path / "report.html")
    status = Status.open(finished_run)
    records = len(status.get_timing_records())
    status.close()
    # Run
    result = chromium(page, tmp_path / "profile", "--dump-dom")
    # Assert
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_problems(result.stderr) == []
    for anchor in SECTIONS:
        assert f'<section id="{anchor}"' in dom
    charts = chart_attributes(dom)
    assert "timeline-chart" in charts and len(charts) >= 2  # timeline and quality scores
    for name, attributes in charts.items():
        assert attributes.get("data-rendered") == "true", name
        assert "data-error" not in attributes, name
    timeline = charts["timeline-chart"]
    assert timeline["data-timing-records"] == str(records)
    assert timeline["data-bars-rendered"] == str(records)


def test_screenshot_of_the_page(finished_run: Path, tmp_path: Path) -> None:
    page = write_report(finished_run, tmp_path / "report.html")
    shot = tmp_path / "shot.png"
    result = chromium(page, tmp_path / "profile", f"--screenshot={shot}",
                      "--window-size=1400,2400")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_problems(result.stderr) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 30_000  # a drawn page, not a blank one
    print(f"screenshot: {shot}")


def test_failed_run_page_renders_without_console_errors(failed_run: Path,
                                                        tmp_path: Path) -> None:
    page = write_report(failed_run, tmp_path / "report.html")
    result = chromium(page, tmp_path / "profile", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_problems(result.stderr) == []
    assert "Failed nodes" in result.stdout
    assert "alert(1)" in result.stdout and "<script>alert" not in result.stdout
    charts = chart_attributes(result.stdout)
    assert charts["timeline-chart"]["data-rendered"] == "true"
