"""The report page's structure, read with the stdlib HTML parser (no browser needed)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from petsard import Status
from petsard.exceptions import ReporterError
from petsard.html_report import REPORT_FILE, write_report
from petsard.reporter import REGISTRY as REPORTERS
from petsard.reporter.save_html import SaveHtml
from petsard.status.records import RunInfo, now

MAX_BYTES = 5_000_000
SECTIONS = {"overview": "Overview", "tree": "Experiment tree", "timeline": "Timeline",
            "schemas": "Schema evolution", "scores": "Scores", "privacy": "Privacy",
            "data": "Data"}


class Page(HTMLParser):
    """Tags with their attributes, h2 texts by section, and the text of script elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: dict[str, str] = {}
        self.scripts: dict[str, str] = {}
        self._section: str | None = None
        self._in: list[str] = []
        self._script_id: str | None = None
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section":
            self._section = attributes.get("id")
        if tag in ("h2", "script"):
            self._in.append(tag)
            self._text = []
            self._script_id = attributes.get("id") if tag == "script" else None

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()
            text = "".join(self._text)
            if tag == "h2" and self._section:
                self.headings[self._section] = text
            if tag == "script" and self._script_id:
                self.scripts[self._script_id] = text

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def find(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag
                and all(a.get(k.replace("_", "-")) == v for k, v in wanted.items())]


@pytest.fixture(scope="module")
def page(finished_run: Path) -> tuple[str, Page]:
    text = write_report(finished_run).read_text(encoding="utf-8")
    return text, Page(text)


def test_report_is_written_atomically_into_the_run_folder_and_stays_small(
        finished_run: Path) -> None:
    written = write_report(finished_run)
    assert written == finished_run / REPORT_FILE
    assert not list(finished_run.glob(f".{REPORT_FILE}.*"))  # no temporary file left behind
    assert written.stat().st_size < MAX_BYTES


def test_report_goes_where_out_says(finished_run: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "run.html"
    assert write_report(finished_run, target) == target
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_page_embeds_plotly_once_and_loads_nothing_from_the_network(
        page: tuple[str, Page]) -> None:
    from plotly.offline import get_plotlyjs

    text, parsed = page
    assert text.count(get_plotlyjs()[:300]) == 1
    assert not [a for t, a in parsed.tags if t in ("script", "img", "iframe") and a.get("src")]
    assert not parsed.find("link")
    assert "cdn.plot.ly" not in text.split("</head>", 1)[1]


def test_every_section_has_its_heading_and_a_link_in_the_navigation(
        page: tuple[str, Page]) -> None:
    _, parsed = page
    assert parsed.headings == SECTIONS
    links = {a.get("href") for a in parsed.find("a")}
    assert {f"#{anchor}" for anchor in SECTIONS} <= links


def test_every_table_header_has_a_scope(page: tuple[str, Page]) -> None:
    _, parsed = page
    headers = parsed.find("th")
    assert headers
    assert all(h.get("scope") in ("col", "row", "colgroup") for h in headers)


def test_timeline_has_one_bar_per_timing_record(finished_run: Path,
                                                 page: tuple[str, Page]) -> None:
    _, parsed = page
    status = Status.open(finished_run)
    records = len(status.get_timing_records())
    status.close()
    [chart] = parsed.find("div", id="timeline-chart")
    assert chart["data-timing-records"] == str(records)
    figure = json.loads(parsed.scripts["timeline-chart-data"])
    assert sum(len(trace["x"]) for trace in figure["data"]) == records
    assert {trace["name"] for trace in figure["data"]} >= {"Loader", "Synthesizer", "Evaluator"}


def test_overview_shows_config_seed_versions_and_input_hashes(finished_run: Path,
                                                              page: tuple[str, Page]) -> None:
    text, _ = page
    status = Status.open(finished_run)
    info = status.get_run_info()
    status.close()
    assert info is not None
    assert '<pre class="config">' in text and "benchmark://adult-income" in text
    assert f"<td>{info.seed}</td>" in text
    for digest in info.input_hashes.values():
        assert digest in text
    assert f"<td>{info.versions['pandas']}</td>" in text


def test_tree_has_a_row_per_node_and_scores_compare_the_quality_report(
        finished_run: Path, page: tuple[str, Page]) -> None:
    text, parsed = page
    status = Status.open(finished_run)
    nodes = status.get_node_states()
    status.close()
    assert len([a for t, a in parsed.tags if t == "tr" and (a.get("id") or "").startswith(
        "node-")]) == len(nodes)
    assert "Evaluator[quality]" in text
    assert parsed.find("table", **{"class": "scores sortable"})


def test_ml_utility_scores_show_one_column_per_metric(page: tuple[str, Page]) -> None:
    text, _ = page
    start = text.index("Evaluator[utility]: global scores")
    headers = text[start:text.index("</thead>", start)]
    assert ">roc_auc</button>" in headers and ">f1_score</button>" in headers
    assert ">syn_to_ori</button>" not in headers


def test_schema_evolution_offers_every_leaf_and_data_shows_no_rows_by_default(
        finished_run: Path, page: tuple[str, Page]) -> None:
    _, parsed = page
    status = Status.open(finished_run)
    nodes = status.get_node_states()
    status.close()
    leaves = {n.node_key for n in nodes} - {n.parent_key for n in nodes}
    assert len(parsed.find("option")) == len(leaves)
    assert parsed.find("table", **{"class": "schema-table"})
    assert parsed.find("table", **{"class": "data-table"})
    assert not parsed.find("table", **{"class": "samples"})


def test_include_samples_adds_a_few_synthetic_rows(finished_run: Path, tmp_path: Path) -> None:
    text = write_report(finished_run, tmp_path / "r.html", include_samples=True).read_text()
    parsed = Page(text)
    assert parsed.find("table", **{"class": "samples"})
    samples = text.split('class="samples"', 1)[1].split("</table>", 1)[0]
    assert 1 <= samples.count("<tr>") - 1 <= 5  # header row + at most 5 rows
    assert "from Synthesizer[default]" in samples


def test_failed_run_shows_its_errors_escaped(failed_run: Path) -> None:
    text = write_report(failed_run).read_text(encoding="utf-8")
    parsed = Page(text)
    assert parsed.headings == SECTIONS
    assert 'class="badge state-failed"' in text
    assert "Failed nodes" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)" not in text
    assert 'class="badge state-skipped"' in text


def test_save_html_writes_the_page_for_its_run(finished_run: Path, tmp_path: Path) -> None:
    record = SimpleNamespace(get_run_info=lambda: RunInfo("x", now(), "", run_dir=str(
        finished_run)))
    assert SaveHtml().report_run(record) == [finished_run / REPORT_FILE]
    [written] = SaveHtml(output="page", output_dir=str(tmp_path)).report_run(record)
    assert written == tmp_path / "page.html"
    with pytest.raises(ReporterError, match="sqlite"):
        SaveHtml().report_run(SimpleNamespace(get_run_info=lambda: RunInfo("x", now(), "")))


@pytest.mark.skipif("save_html" not in REPORTERS,
                    reason="save_html is not registered in petsard.reporter yet")
def test_save_html_in_a_config_writes_report_html_in_the_run_folder(tmp_path: Path) -> None:
    from petsard import Executor

    executor = Executor({
        "Executor": {"random_state": 1, "log_level": "WARNING", "runs_dir": str(tmp_path)},
        "Loader": {"a": {"filepath": "benchmark://adult-income", "nrows": 200}},
        "Synthesizer": {"s": {"method": "default"}},
        "Reporter": {"html": {"method": "save_html"}},
    })
    executor.run()
    assert executor.run_dir is not None
    page = Page((executor.run_dir / REPORT_FILE).read_text(encoding="utf-8"))
    assert page.headings == SECTIONS


def test_run_that_never_ended_is_reported_as_it_stands_with_reused_nodes(tmp_path: Path
                                                                           ) -> None:
    # Setup: a record written by hand, as a killed run leaves it (no end, a node running).
    from petsard import Schema
    from petsard.schema.attribute import Attribute
    from petsard.status.events import NodeEvent, NodeFacts
    from petsard.status.sqlite_store import SQLiteStore

    status = Status(store=SQLiteStore(tmp_path / "record.sqlite"))
    status.begin_run(RunInfo(run_id="killed", started_at=now(), config_text="Loader: {}",
                             sequence=("Loader", "Synthesizer"), planned_nodes=3))
    schema = Schema.of("t", [Attribute("age", "int", "int64")], row_count=10)
    status.record(NodeEvent("reused", NodeFacts("Loader[a]", "Loader", "a", method="default"),
                            schema=schema, reused_from="earlier",
                            note="reused from run earlier"))
    status.record(NodeEvent("started", NodeFacts("Loader[a]_Synthesizer[s]", "Synthesizer", "s",
                                                 "Loader[a]")))
    status.close()
    # Run
    text = write_report(tmp_path).read_text(encoding="utf-8")
    # Assert
    parsed = Page(text)
    assert parsed.headings == SECTIONS
    assert '<dt>reused</dt><dd>1</dd>' in text and '<dt>pending</dt><dd>1</dd>' in text
    assert 'class="badge state-running"' in text and "reused from run earlier" in text
    assert "No timing records." in text and "No synthetic data" in text
