"""The whole page: one self-contained HTML file per run, plotly.js embedded once."""

from __future__ import annotations

from pathlib import Path

from petsard.html_report.assets import CSS, SCRIPT
from petsard.html_report.data import data_section
from petsard.html_report.facts import RunFacts, load_facts
from petsard.html_report.markup import esc, fmt_time
from petsard.html_report.overview import overview_section, tree_section
from petsard.html_report.privacy import privacy_section
from petsard.html_report.schemas import schema_section
from petsard.html_report.scores import scores_section
from petsard.html_report.timeline import timeline_section
from petsard.output_files import atomic_write
from petsard.version import __version__

REPORT_FILE = "report.html"
SECTIONS = (("overview", "Overview"), ("tree", "Experiment tree"), ("timeline", "Timeline"),
            ("schemas", "Schema evolution"), ("scores", "Scores"), ("privacy", "Privacy"),
            ("data", "Data"))


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def build_page(facts: RunFacts, include_samples: bool = False) -> str:
    """The page's HTML text."""
    info = facts.info
    run_id = info.run_id if info else facts.run_dir.name
    state = info.state if info else "not started"
    subtitle = " · ".join(filter(None, [
        info.config_name if info else None, state,
        f"started {fmt_time(info.started_at)}" if info else None]))
    nav = "".join(f'<li><a href="#{anchor}">{esc(title)}</a></li>' for anchor, title in SECTIONS)
    sections = [overview_section(facts), tree_section(facts), timeline_section(facts),
                schema_section(facts), scores_section(facts), privacy_section(facts),
                data_section(facts, include_samples)]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>PETsARD run {esc(run_id)}</title>"
        f'<meta name="generator" content="petsard {esc(__version__)}">'
        f"<style>{CSS}</style>"
        f'<script type="text/javascript">{_plotly_js()}</script></head><body>'
        f'<header class="top"><h1>PETsARD run {esc(run_id)}</h1><p>{esc(subtitle)}</p></header>'
        f'<nav class="toc" aria-label="Sections"><ul>{nav}</ul></nav>'
        f'<main>{"".join(sections)}'
        f"<footer>Written by petsard {esc(__version__)} from the run record in "
        f"{esc(facts.run_dir)}. Everything is embedded: the page works offline.</footer>"
        f"</main><script>{SCRIPT}</script></body></html>\n")


def write_report(run_dir: Path, out: Path | None = None, include_samples: bool = False) -> Path:
    """Write the report of the run in ``run_dir`` (finished, failed or running) to ``out``
    (default ``<run_dir>/report.html``), atomically; returns the path written."""
    facts = load_facts(Path(run_dir))
    text = build_page(facts, include_samples)
    target = Path(out) if out is not None else facts.run_dir / REPORT_FILE
    return atomic_write(target, lambda path: path.write_text(text, encoding="utf-8"),
                        "the report page")
