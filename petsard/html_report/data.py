"""Original versus synthetic data, per column, from the statistics the schemas hold.

No row of the original data reaches the page: it is a privacy tool. With ``include_samples``
a few synthetic rows are added, read from the synthetic node's checkpoint when there is one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from petsard.html_report.facts import RunFacts
from petsard.html_report.markup import (
    Markup,
    esc,
    fmt_number,
    fmt_percent,
    is_missing,
    section,
    table,
)
from petsard.schema.attribute import Attribute
from petsard.schema.schema import Schema

SYNTHETIC_MODULES = ("Synthesizer", "Postprocessor", "Constrainer")
SAMPLE_ROWS = 5
MAX_LISTED = 5


def comparisons(facts: RunFacts) -> list[tuple[str, str]]:
    """(original node, synthetic node) pairs: the Loader of each path, and the last node of the
    Synthesizer → Postprocessor → Constrainer run that follows it (its data is the released
    one)."""
    pairs: list[tuple[str, str]] = []
    for leaf in facts.leaves():
        path = facts.path(leaf)
        original = next((n.node_key for n in path if n.module_name == "Loader"
                         and _schema(facts, n.node_key) is not None), None)
        start = next((i for i, n in enumerate(path) if n.module_name == "Synthesizer"), None)
        if original is None or start is None:
            continue
        synthetic = None
        for node in path[start:]:
            if node.module_name not in SYNTHETIC_MODULES:
                break
            if _schema(facts, node.node_key) is not None:
                synthetic = node.node_key
        if synthetic is not None and (original, synthetic) not in pairs:
            pairs.append((original, synthetic))
    return pairs


def _schema(facts: RunFacts, key: str) -> Schema | None:
    snapshot = facts.snapshots.get(key)
    return snapshot.metadata_after if snapshot is not None else None


def _numeric(value: Any) -> float | None:
    if isinstance(value, bool) or is_missing(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _bound(value: Any, outside: bool) -> str:
    text = esc(fmt_number(value))
    if not outside:
        return f'<td class="num">{text}</td>'
    return (f'<td class="num changed" title="outside the original range">{text}'
            '<span class="visually-hidden"> (outside the original range)</span></td>')


def _categories(original: Attribute | None, synthetic: Attribute | None) -> str:
    def count(attr: Attribute | None) -> str:
        if attr is None:
            return "—"
        if attr.categories is not None:
            return fmt_number(len(attr.categories))
        return "—" if attr.kind not in ("categorical", "boolean") else "many"

    cells = f'<td class="num">{esc(count(original))}</td><td class="num">{esc(count(synthetic))}'
    if original is not None and synthetic is not None and original.categories is not None \
            and synthetic.categories is not None:
        known = set(original.categories)
        new = [c for c in synthetic.categories if c not in known]
        if new:
            shown = ", ".join(str(c) for c in new[:MAX_LISTED])
            more = f" and {len(new) - MAX_LISTED} more" if len(new) > MAX_LISTED else ""
            cells += f'<br><small class="error-text">not in original: {esc(shown)}{esc(more)}' \
                     "</small>"
    return cells + "</td>"


def stat(attr: Attribute | None, name: str) -> Any:
    """A statistic of the values ``attr`` describes (None when unknown)."""
    return getattr(attr.stats, name) if attr is not None and attr.stats is not None else None


def _row(name: str, original: Attribute | None, synthetic: Attribute | None) -> str:
    kind = original or synthetic
    assert kind is not None
    kind_text = esc(f"{kind.kind} ({kind.dtype})")
    if original is not None and synthetic is not None and original.kind != synthetic.kind:
        kind_text = Markup(f'{kind_text}<br><small class="error-text">synthetic: '
                           f"{esc(synthetic.kind)}</small>")
    low, high = (_numeric(stat(original, "min")), _numeric(stat(original, "max")))
    syn_low, syn_high = _numeric(stat(synthetic, "min")), _numeric(stat(synthetic, "max"))
    below = low is not None and syn_low is not None and syn_low < low
    above = high is not None and syn_high is not None and syn_high > high

    return (f'<tr><th scope="row">{esc(name)}</th><td>{kind_text}</td>'
            f'<td class="num">{esc(fmt_percent(stat(original, "na_percentage")))}</td>'
            f'<td class="num">{esc(fmt_percent(stat(synthetic, "na_percentage")))}</td>'
            f'<td class="num">{esc(fmt_number(stat(original, "unique_count")))}</td>'
            f'<td class="num">{esc(fmt_number(stat(synthetic, "unique_count")))}</td>'
            f'<td class="num">{esc(fmt_number(stat(original, "min")))}</td>'
            f'{_bound(stat(synthetic, "min"), below)}'
            f'<td class="num">{esc(fmt_number(stat(original, "max")))}</td>'
            f'{_bound(stat(synthetic, "max"), above)}'
            f"{_categories(original, synthetic)}</tr>")


def comparison_table(facts: RunFacts, original_key: str, synthetic_key: str) -> str:
    original = _schema(facts, original_key)
    synthetic = _schema(facts, synthetic_key)
    assert original is not None and synthetic is not None
    names = original.columns + [n for n in synthetic.columns if n not in original]
    pair = ("original", "synthetic")
    second = "".join(f'<th scope="col">{p}</th>' for p in pair * 5)
    groups = "".join(f'<th scope="colgroup" colspan="2">{label}</th>'
                     for label in ("Missing", "Unique values", "Min", "Max", "Categories"))
    caption = (f"Original: {facts.label(original_key)}, "
               f"{fmt_number(original.stats.row_count)} rows · "
               f"synthetic: {facts.path_label(synthetic_key)}, "
               f"{fmt_number(synthetic.stats.row_count)} rows")
    rows = "".join(_row(n, original.get(n), synthetic.get(n)) for n in names)
    return ('<div class="table-wrap"><table class="data-table">'
            f"<caption>{esc(caption)}</caption>"
            '<colgroup><col><col></colgroup>' + '<colgroup span="2"></colgroup>' * 5 +
            '<thead><tr><th scope="col" rowspan="2">Field</th>'
            f'<th scope="col" rowspan="2">Type</th>{groups}</tr><tr>{second}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def sample_rows(facts: RunFacts, key: str, count: int = SAMPLE_ROWS) -> pd.DataFrame | None:
    """The first rows of a node's output from its checkpoint (only its table file is read)."""
    snapshot = facts.snapshots.get(key)
    identity = snapshot.context.get("identity") if snapshot is not None else None
    if not identity:
        return None
    file = Path(facts.run_dir) / "checkpoints" / str(identity) / "table0.parquet"
    if not file.is_file():
        return None
    import pyarrow.parquet as pq

    batch = next(pq.ParquetFile(file).iter_batches(batch_size=count), None)
    if batch is None:
        return None
    frame = batch.to_pandas()
    return frame[[c for c in frame.columns if not str(c).startswith("__index_level_")]]


def _samples(facts: RunFacts, key: str) -> str:
    frame = sample_rows(facts, key)
    if frame is None:
        return ('<p class="note">No synthetic rows available: this node has no checkpoint '
                "table in the run folder.</p>")
    rows = [[fmt_number(v) if not isinstance(v, str) else v for v in row]
            for row in frame.itertuples(index=False)]
    return table(list(map(str, frame.columns)), rows, row_headers=False, classes="samples",
                 caption=f"{len(frame)} synthetic rows from {facts.label(key)} "
                         "(include_samples); no original rows are shown")


def data_section(facts: RunFacts, include_samples: bool = False) -> Markup:
    pairs = comparisons(facts)
    if not pairs:
        return section("data", "Data", '<p class="empty">No synthetic data was recorded in this '
                       "run (no Synthesizer finished).</p>")
    parts = []
    for number, (original, synthetic) in enumerate(pairs):
        title = f"<h3>{esc(facts.path_label(synthetic))}</h3>"
        body = comparison_table(facts, original, synthetic)
        if include_samples:
            body += _samples(facts, synthetic)
        if number == 0:
            parts.append(title + body)
        else:
            parts.append(f"<details><summary>{esc(facts.path_label(synthetic))}</summary>"
                         f"{body}</details>")
    return section("data", "Data", Markup("".join(parts)),
                   "Summary statistics of the original and the synthetic data per column, "
                   "from the schemas in the run record. No original rows are shown"
                   + (" (a few synthetic rows are, as include_samples asks)."
                      if include_samples else "."))
