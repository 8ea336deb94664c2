"""Scores compared across experiment combinations: small bar charts per metric of each
evaluation's global table, a sortable table, and privacy risks with confidence intervals."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from petsard.html_report.facts import RunFacts
from petsard.html_report.markup import (
    PALETTE,
    Markup,
    base_layout,
    chart,
    element_id,
    esc,
    fmt_number,
    is_missing,
    section,
    table,
)
from petsard.status.records import NodeState

RISK_COLUMNS = ("risk", "risk_CI_btm", "risk_CI_top")
MAX_CHARTED_METRICS = 24
PER_ROW = 4


@dataclass(frozen=True)
class ScoreGroup:
    """One evaluator experiment (``Evaluator[quality]``) over every combination it ran on: its
    global tables stacked, one row per combination."""

    name: str
    method: str | None
    labels: tuple[str, ...]
    keys: tuple[str, ...]
    table: pd.DataFrame

    @property
    def metrics(self) -> list[str]:
        numeric = self.table.select_dtypes(include="number").columns
        return [c for c in numeric if self.table[c].notna().any()]

    @property
    def is_risk(self) -> bool:
        return all(c in self.table.columns for c in RISK_COLUMNS)


def plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def varying_labels(facts: RunFacts, paths: list[list[NodeState]]) -> list[str]:
    """Each path named by what differs between them: 'Synthesizer[gc]'."""
    labels = [[facts.label(n.node_key) for n in path] for path in paths]
    if len(paths) == 1 or len({len(p) for p in labels}) != 1:
        return [" › ".join(n.experiment_name for n in path) for path in paths]
    varying = [i for i in range(len(labels[0])) if len({p[i] for p in labels}) > 1]
    return [" · ".join(p[i] for i in varying) for p in labels]


def _combination_labels(facts: RunFacts, keys: list[str]) -> list[str]:
    """The combinations evaluator nodes ran on (their paths without themselves)."""
    labels = varying_labels(facts, [facts.path(k)[:-1] for k in keys])
    return [label or key for label, key in zip(labels, keys, strict=True)]


def _one_row_of_metrics(frame: pd.DataFrame) -> pd.DataFrame:
    """A global table with one row per ``metric`` (mlutility's, as PETsARD's) as one row with
    a column per metric (per metric and value column when there are several)."""
    if "metric" not in frame.columns:
        return frame.reset_index(drop=True)
    values = frame.set_index("metric")
    single = len(values.columns) == 1
    return pd.DataFrame([{metric if single else f"{metric} {column}": value
                          for metric, row in values.iterrows() for column, value in row.items()}])


def score_groups(facts: RunFacts) -> list[ScoreGroup]:
    order = {n.node_key: i for i, n in enumerate(facts.nodes)}
    grouped: dict[str, list[str]] = {}
    for key in sorted(facts.evaluations, key=lambda k: order.get(k, len(order))):
        if "global" in facts.evaluations[key]:
            grouped.setdefault(facts.label(key), []).append(key)
    groups = []
    for name, keys in grouped.items():
        labels = _combination_labels(facts, keys)
        frames = []
        for label, key in zip(labels, keys, strict=True):
            frame = _one_row_of_metrics(facts.evaluations[key]["global"])
            names = [label] if len(frame) == 1 else [f"{label} #{i + 1}" for i in range(len(frame))]
            frames.append(frame.assign(combination=names))
        stacked = pd.concat(frames, ignore_index=True)
        stacked = stacked[["combination"] + [c for c in stacked.columns if c != "combination"]]
        groups.append(ScoreGroup(name, facts.method(keys[0]), tuple(stacked["combination"]),
                                 tuple(keys), stacked))
    return groups


def _unit_range(values: pd.Series) -> dict[str, Any]:
    finite = values.dropna()
    if len(finite) and finite.between(0, 1).all():
        return {"range": [0, 1.05]}
    return {"autorange": True}


def _domain(low: float, high: float) -> list[float]:
    return [round(min(max(low, 0.0), 1.0), 6), round(min(max(high, 0.0), 1.0), 6)]


def metric_figure(group: ScoreGroup) -> dict[str, Any]:
    """One small bar chart per metric, one bar (and colour) per combination."""
    metrics = group.metrics[:MAX_CHARTED_METRICS]
    columns = min(PER_ROW, len(metrics))
    rows = math.ceil(len(metrics) / columns)
    gap_x, gap_y = 0.06, min(0.16, 0.5 / rows) if rows > 1 else 0.0
    width = (1 - gap_x * (columns - 1)) / columns
    height_share = (1 - gap_y * (rows - 1)) / rows
    labels = list(group.labels)
    many = len(labels) > 1
    data: list[dict[str, Any]] = []
    layout = base_layout(height=max(210 * rows, 240), showlegend=many, barmode="group",
                         margin={"l": 50, "r": 10, "t": 40, "b": 20}, annotations=[],
                         legend={"orientation": "h", "y": -0.06, "yanchor": "top"})
    for index, metric in enumerate(metrics):
        row, column = divmod(index, columns)
        axis = "" if index == 0 else str(index + 1)
        x0 = column * (width + gap_x)
        top = 1 - row * (height_share + gap_y)
        layout[f"xaxis{axis}"] = {"domain": _domain(x0, x0 + width), "anchor": f"y{axis}",
                                  "showticklabels": False, "fixedrange": True}
        layout[f"yaxis{axis}"] = {"domain": _domain(top - height_share, top), "anchor": f"x{axis}",
                                  "gridcolor": "#e5e7eb", "zeroline": True,
                                  "zerolinecolor": "#9ca3af", "fixedrange": True,
                                  **_unit_range(group.table[metric])}
        layout["annotations"].append({
            "text": f"<b>{esc(metric)}</b>", "x": x0 + width / 2, "y": top, "xref": "paper",
            "yref": "paper", "xanchor": "center", "yanchor": "bottom", "showarrow": False,
            "font": {"size": 12}})
        for number, label in enumerate(labels):
            value = plain(group.table[metric].iloc[number])
            data.append({
                "type": "bar", "x": [label], "y": [None if is_missing(value) else value],
                "name": label, "legendgroup": label, "showlegend": many and index == 0,
                "xaxis": f"x{axis}", "yaxis": f"y{axis}",
                "marker": {"color": PALETTE[number % len(PALETTE)]},
                "hovertemplate": f"{esc(label)}<br>{esc(metric)}: %{{y:.4g}}<extra></extra>",
            })
    return {"data": data, "layout": layout}


def risk_figure(groups: list[ScoreGroup]) -> dict[str, Any]:
    """Privacy risk per attack (x) and combination (colour), with confidence intervals."""
    labels: list[str] = []
    for group in groups:
        labels.extend(label for label in group.labels if label not in labels)
    data = []
    for number, label in enumerate(labels):
        xs, ys, plus, minus = [], [], [], []
        for group in groups:
            if label not in group.labels:
                continue
            row = group.table.iloc[group.labels.index(label)]
            risk = plain(row["risk"])
            xs.append(group.name)
            ys.append(risk)
            plus.append(max(plain(row["risk_CI_top"]) - risk, 0))
            minus.append(max(risk - plain(row["risk_CI_btm"]), 0))
        data.append({
            "type": "bar", "name": label, "x": xs, "y": ys,
            "marker": {"color": PALETTE[number % len(PALETTE)]},
            "error_y": {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus,
                        "color": "#374151", "thickness": 1.5, "width": 6},
            "hovertemplate": (f"{esc(label)}<br>%{{x}}: risk %{{y:.3f}}"
                              "<extra>CI shown as error bar</extra>"),
        })
    layout = base_layout(
        height=360, barmode="group", showlegend=True,
        legend={"orientation": "h", "y": -0.15, "yanchor": "top"},
        yaxis={"title": {"text": "risk"}, "range": [0, 1.05], "gridcolor": "#e5e7eb"},
        xaxis={"fixedrange": True})
    return {"data": data, "layout": layout}


def _group_table(group: ScoreGroup) -> Markup:
    columns = list(group.table.columns)
    rows, sort = [], []
    for record in group.table.itertuples(index=False):
        values = [plain(v) for v in record]
        rows.append([values[0]] + [fmt_number(v) for v in values[1:]])
        sort.append([values[0]] + [None if is_missing(v) else v for v in values[1:]])
    headers = ["Combination", *columns[1:]]
    return table(headers, rows, sortable=True, sort_values=sort, classes="scores",
                 caption=f"{group.name}: global scores, one row per combination "
                         "(click a heading to sort)")


def scores_section(facts: RunFacts) -> Markup:
    groups = score_groups(facts)
    if not groups:
        return section("scores", "Scores", '<p class="empty">No evaluation results in this '
                       "run.</p>")
    parts = []
    risks = [g for g in groups if g.is_risk]
    if risks:
        parts.append(
            "<h3>Privacy risks</h3>"
            + chart("scores-privacy", risk_figure(risks),
                    "Estimated privacy risk of each attack per combination; error bars span "
                    "the confidence interval (risk_CI_btm to risk_CI_top).",
                    {"groups": len(risks)}))
    for group in groups:
        method = f" <small>({esc(group.method)})</small>" if group.method else ""
        parts.append(f"<h3>{esc(group.name)}{method}</h3>")
        if group.metrics and not group.is_risk:
            skipped = len(group.metrics) - MAX_CHARTED_METRICS
            note = f" The table has {skipped} more metrics." if skipped > 0 else ""
            parts.append(chart(element_id("scores", group.name), metric_figure(group),
                               f"{group.name}: one chart per metric, one bar per "
                               f"combination.{note}"))
        parts.append(_group_table(group))
    return section("scores", "Scores", Markup("".join(parts)),
                   "Global scores of every evaluation, compared across the experiment "
                   "combinations they ran on.")
