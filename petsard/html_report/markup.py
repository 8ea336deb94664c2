"""Small HTML building blocks: escaping, number and time formats, tables, charts.

Everything that reaches the page goes through ``esc`` unless it is ``Markup`` already, so a
field or experiment name can never inject markup.
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any


class Markup(str):
    """Text that is already HTML (built here from escaped parts)."""


def esc(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


def element_id(prefix: str, text: str) -> str:
    """A stable id for ``text`` (node keys are long and may hold any character)."""
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: Any) -> str:
    """4 significant digits for floats, thousands separators for integers."""
    if is_missing(value):
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()
                                  and abs(value) < 1e15):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def fmt_percent(ratio: Any) -> str:
    return "—" if is_missing(ratio) else f"{100 * float(ratio):.1f} %"


def fmt_duration(seconds: float | None) -> str:
    if seconds is None or is_missing(seconds):
        return "—"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.2f} s"
    if seconds < 3600:
        minutes, rest = divmod(seconds, 60)
        return f"{int(minutes)} min {rest:02.0f} s"
    hours, rest = divmod(seconds, 3600)
    return f"{int(hours)} h {int(rest // 60):02d} min"


def fmt_time(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def badge(state: str) -> Markup:
    return Markup(f'<span class="badge state-{esc(state)}">{esc(state)}</span>')


def section(anchor: str, title: str, body: str, intro: str | None = None) -> Markup:
    lead = f'<p class="intro">{esc(intro)}</p>' if intro else ""
    return Markup(f'<section id="{esc(anchor)}" aria-labelledby="{esc(anchor)}-title">'
                  f'<h2 id="{esc(anchor)}-title">{esc(title)}</h2>{lead}{body}</section>')


def table(headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, caption: str | None = None,
          row_headers: bool = True, sortable: bool = False, classes: str = "",
          sort_values: Iterable[Sequence[Any]] | None = None) -> Markup:
    """A table with ``<th scope>`` headers; with ``row_headers`` the first cell of each row is
    a row header. ``sortable`` adds header buttons (page script) sorting on ``sort_values``
    (defaults to the cell text)."""
    head = "".join(
        f'<th scope="col" aria-sort="none"><button type="button">{esc(h)}</button></th>'
        if sortable else f'<th scope="col">{esc(h)}</th>' for h in headers)
    sort_rows = list(sort_values) if sort_values is not None else None
    body = []
    for number, row in enumerate(rows):
        cells = []
        for index, cell in enumerate(row):
            key = ""
            if sort_rows is not None and not is_missing(sort_rows[number][index]):
                key = f' data-sort="{esc(sort_rows[number][index])}"'
            tag = "th" if row_headers and index == 0 else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}{key}>{esc(cell)}</{tag}>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    kinds = " ".join(filter(None, [classes, "sortable" if sortable else ""]))
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return Markup(f'<div class="table-wrap"><table class="{kinds}">{cap}<thead><tr>{head}</tr>'
                  f'</thead><tbody>{"".join(body)}</tbody></table></div>')


def figure_json(figure: Any) -> str:
    """A plotly figure as JSON that is safe inside a ``<script>`` element."""
    import plotly.io as pio

    text = pio.to_json(figure, validate=True, pretty=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart(anchor: str, figure: Any, caption: str, attributes: dict[str, Any] | None = None
          ) -> Markup:
    """A figure drawn by the page script from its embedded JSON (plotly.js is in the head)."""
    extra = "".join(f' data-{esc(k)}="{esc(v)}"' for k, v in (attributes or {}).items())
    return Markup(
        f'<figure class="chart-figure"><div id="{esc(anchor)}" class="chart" '
        f'data-figure="{esc(anchor)}-data"{extra}>'
        '<noscript>This chart needs JavaScript; the table below has the same numbers.</noscript>'
        f'</div><figcaption>{esc(caption)}</figcaption></figure>'
        f'<script type="application/json" id="{esc(anchor)}-data">{figure_json(figure)}</script>')


def base_layout(**changes: Any) -> dict[str, Any]:
    """Plain layout without plotly's default template (which weighs ~10 kB per figure)."""
    layout: dict[str, Any] = {
        "template": "none",
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12,
                 "color": "#1f2933"},
        "margin": {"l": 60, "r": 20, "t": 30, "b": 40},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"align": "left"},
    }
    layout.update(changes)
    return layout


PALETTE = ("#2563eb", "#d97706", "#059669", "#dc2626", "#7c3aed", "#0891b2", "#db2777",
           "#65a30d", "#4b5563", "#ea580c", "#0d9488", "#9333ea")

