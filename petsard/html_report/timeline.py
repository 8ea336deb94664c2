"""The timeline: one bar per timing record over wall-clock time, and the slowest steps."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from petsard.html_report.facts import RunFacts
from petsard.html_report.markup import (
    PALETTE,
    Markup,
    base_layout,
    chart,
    esc,
    fmt_duration,
    fmt_time,
    section,
    table,
)
from petsard.status.records import TimingRecord

SLOWEST = 10
WHOLE_NODE = "run"  # the step name of a record timing a whole node


def _plotly_time(moment: datetime) -> str:
    """Plotly date axes have no time zones: UTC, written without an offset."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def _end(record: TimingRecord, fallback: datetime) -> datetime:
    if record.end_time is not None:
        return record.end_time
    return fallback  # a step still running when the record was read (or the run killed)


def timeline_figure(facts: RunFacts) -> tuple[dict[str, Any], bool]:
    """The Gantt chart as a plotly figure dict, and whether lanes are workers."""
    records = facts.timings
    workers = {r.worker for r in records if r.worker}
    parallel = len(workers) > 1
    last = max(_end(r, r.start_time) for r in records)
    first = min(r.start_time for r in records)
    span = max((last - first).total_seconds(), 1e-3)
    shortest = span * 0.003  # thinner bars would not show; the hover has the real duration
    lanes: dict[str, int] = {}
    lane_text: list[str] = []
    modules: dict[str, dict[str, list[Any]]] = {}
    for record in records:
        lane = (record.worker or "main") if parallel else (record.node_key or record.module_name)
        if lane not in lanes:
            lanes[lane] = len(lanes)
            lane_text.append(lane if parallel else facts.path_label(lane))
        end = _end(record, last)
        seconds = record.duration_seconds
        if seconds is None:
            seconds = (end - record.start_time).total_seconds()
        whole = record.step_name == WHOLE_NODE
        trace = modules.setdefault(record.module_name, {
            "y": [], "x": [], "base": [], "width": [], "opacity": [], "text": [],
            "line_color": [], "line_width": []})
        trace["y"].append(lanes[lane])
        trace["x"].append(max(seconds, shortest) * 1000)
        trace["base"].append(_plotly_time(record.start_time))
        trace["width"].append(0.8 if whole else 0.42)
        trace["opacity"].append(0.35 if whole else 0.95)
        failed = record.status == "failed"
        trace["line_color"].append("#b91c1c" if failed else "rgba(0,0,0,0)")
        trace["line_width"].append(2 if failed else 0)
        node = record.node_key or record.module_name
        trace["text"].append(
            f"<b>{esc(record.step_name)}</b> · {esc(facts.label(node))}<br>"
            f"{esc(fmt_duration(seconds))} · {esc(record.status)}"
            + (f" · {esc(record.worker)}" if record.worker else "")
            + f"<br>{esc(fmt_time(record.start_time))}"
            + (f"<br>{esc(facts.path_label(node))}" if parallel else "")
            + (f"<br>{esc(record.error)}" if record.error else ""))
    data = []
    for number, (module, trace) in enumerate(modules.items()):
        data.append({
            "type": "bar", "orientation": "h", "name": module, "y": trace["y"],
            "x": trace["x"], "base": trace["base"], "width": trace["width"],
            "text": trace["text"], "hoverinfo": "text", "textposition": "none",
            "marker": {"color": PALETTE[number % len(PALETTE)], "opacity": trace["opacity"],
                       "line": {"color": trace["line_color"], "width": trace["line_width"]}},
        })
    per_lane = 26 if len(lanes) <= 30 else 16
    height = min(max(140 + per_lane * len(lanes), 280), 2600)
    layout = base_layout(
        barmode="overlay", height=height, bargap=0.1, hovermode="closest",
        margin={"l": 20, "r": 20, "t": 40, "b": 50},
        legend={"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom",
                "title": {"text": "module "}},
        xaxis={"type": "date", "title": {"text": "wall-clock time (UTC)"}, "showgrid": True,
               "gridcolor": "#e5e7eb", "automargin": True},
        yaxis={"tickmode": "array", "tickvals": list(range(len(lanes))),
               "ticktext": lane_text, "autorange": "reversed", "automargin": True,
               "title": {"text": "worker" if parallel else ""}, "tickfont": {"size": 11}},
    )
    return {"data": data, "layout": layout}, parallel


def slowest_steps(facts: RunFacts, count: int = SLOWEST) -> list[TimingRecord]:
    steps = [r for r in facts.timings if r.step_name != WHOLE_NODE] or list(facts.timings)
    return sorted(steps, key=lambda r: r.duration_seconds or 0.0, reverse=True)[:count]


def timeline_section(facts: RunFacts) -> Markup:
    records = facts.timings
    if not records:
        return section("timeline", "Timeline", '<p class="empty">No timing records.</p>')
    figure, parallel = timeline_figure(facts)
    lanes = "one lane per worker process" if parallel else "one lane per node"
    caption = (f"{len(records)} timing records, {lanes}. Wide pale bars time whole nodes; "
               "narrow bars their steps (fit, sample, evaluate...); red outlines mark failed "
               "steps. Hover a bar for its node, duration and worker.")
    rows = [(r.step_name, facts.path_label(r.node_key) if r.node_key else r.module_name,
             fmt_duration(r.duration_seconds),
             fmt_time(r.start_time), r.worker or "—", r.status) for r in slowest_steps(facts)]
    sort = [(r.step_name, r.node_key, r.duration_seconds, r.start_time.isoformat(), r.worker,
             r.status) for r in slowest_steps(facts)]
    slow = table(["Step", "Node", "Duration", "Started", "Worker", "Status"], rows,
                 caption=f"The {len(rows)} slowest steps", sortable=True, sort_values=sort,
                 classes="slowest")
    body = chart("timeline-chart", figure, caption,
                 {"timing-records": len(records), "lanes": "workers" if parallel else "nodes"})
    return section("timeline", "Timeline", Markup(body + slow))
