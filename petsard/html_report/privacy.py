"""Privacy per combination: how direct identifiers were handled, the differential-privacy
budget spent, and every privacy evaluator's headline score beside fidelity and utility.

A combination is the data a path produced (Loader … Constrainer); the Evaluator nodes under
it scored that data. Only field names and scores reach the page, never a value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from petsard.html_report.facts import RunFacts
from petsard.html_report.markup import (
    Markup,
    badge,
    esc,
    fmt_number,
    section,
)
from petsard.html_report.schemas import OBSERVERS
from petsard.html_report.scores import plain, varying_labels
from petsard.status.queries import describe_budget

# What an Evaluator node measures (its method's ``measures``, recorded in its info) gives
# its column here, in this order; validity and statistics are left to the Scores section.
SHOWN = ("privacy", "fidelity", "utility")
NEAREST_SHARE = "synthetic_data_percentages.closer_to_training"
SCORES_SHOWN = 4


def _interval(row: pd.Series) -> str:
    if "risk_CI_btm" not in row:
        return ""
    return (f" (CI {fmt_number(plain(row['risk_CI_btm']))}–"
            f"{fmt_number(plain(row['risk_CI_top']))})")


def _nearest_share(row: pd.Series) -> str:
    return f"; nearest-record share {fmt_number(plain(row[NEAREST_SHARE]))} (ideal 0.5)"


@dataclass(frozen=True)
class Headline:
    """How a privacy evaluator's global table is read: the column that marks it, the score
    shown, whether that score is a risk (0 is safest) or a protection (1 is safest), and
    what else of the row is said beside it."""

    marker: str
    score: str
    kind: str  # "risk" or "protection"
    more: Callable[[pd.Series], str] | None = None


# The score shown of a privacy table, recognised by its columns (also how a privacy
# evaluator that does not say what it measures is recognised, see _measures).
HEADLINES = (
    Headline("risk_CI_top", "risk", "risk", _interval),  # anonymeter's attacks
    Headline("privacy_risk_score", "privacy_risk_score", "risk"),  # mpuccs
    Headline("identification_rate", "identification_rate", "risk"),  # mpuccs, no baseline
    Headline(NEAREST_SHARE, "score", "protection", _nearest_share),  # DCR overfitting
    Headline("median_DCR_to_real_data.synthetic_data", "score", "protection"),  # DCR baseline
    Headline("cap_protection", "score", "protection"),  # sdmetrics disclosure
)


@dataclass(frozen=True)
class Combination:
    key: str  # the last node that produced data
    synthesizer: str | None  # its Synthesizer node, if any
    evaluators: dict[str, str]  # evaluator experiment label -> node key


def combinations(facts: RunFacts) -> list[Combination]:
    """Each path's data, in tree order, with the Evaluator nodes that scored it."""
    found: dict[str, Combination] = {}
    for leaf in facts.leaves():
        producing = [n for n in facts.path(leaf) if n.module_name not in OBSERVERS]
        if not producing or producing[-1].node_key in found:
            continue
        key = producing[-1].node_key
        synthesizers = [n.node_key for n in producing if n.module_name == "Synthesizer"]
        evaluators = {facts.label(child): child for child in facts.children.get(key, [])
                      if (node := facts.node(child)) is not None
                      and node.module_name == "Evaluator"}
        found[key] = Combination(key, synthesizers[-1] if synthesizers else None, evaluators)
    return list(found.values())


def _global(facts: RunFacts, key: str) -> pd.DataFrame | None:
    table = facts.evaluations.get(key, {}).get("global")
    return table if table is not None and len(table) else None


def headline(table: pd.DataFrame) -> Headline | None:
    return next((h for h in HEADLINES if h.marker in table.columns
                 and h.score in table.columns), None)


def _identifiers(facts: RunFacts, combination: Combination) -> dict[str, dict[str, Any]] | None:
    """{field: {logical_type, handling}} as the Synthesizer node recorded it (None: no
    record, e.g. no synthesizer or a custom_data one)."""
    if combination.synthesizer is None:
        return None
    snapshot = facts.snapshots.get(combination.synthesizer)
    found = snapshot.context.get("info", {}).get("identifiers") if snapshot else None
    return found if isinstance(found, dict) else None


def _kept(fields: dict[str, dict[str, Any]] | None) -> list[str]:
    return [name for name, how in (fields or {}).items() if how.get("handling") == "keep"]


def _identifier_cell(fields: dict[str, dict[str, Any]] | None, has_synthesizer: bool) -> str:
    if fields is None:
        return f"<td>{'not recorded' if has_synthesizer else '—'}</td>"
    if not fields:
        return "<td>none found</td>"
    items = []
    for name, how in fields.items():
        handling = how.get("handling", "?")
        text = (f"<code>{esc(name)}</code> <small>({esc(how.get('logical_type') or '?')})"
                f"</small>: ")
        if handling == "keep":
            text += ('<strong class="error-text risk-flag">keep — real values released'
                     "</strong>")
        else:
            text += esc(handling)
        items.append(f"<li>{text}</li>")
    return f'<td><ul class="plain">{"".join(items)}</ul></td>'


def _score_cell(facts: RunFacts, key: str | None, kind: str) -> str:
    if key is None:
        return '<td class="absent">—</td>'
    table = _global(facts, key)
    if table is None:
        state = facts.state(key)
        return f"<td>{badge(state)}</td>" if state != "done" else '<td class="absent">—</td>'
    row = table.iloc[0]
    if kind == "fidelity" and "Score" in table.columns:
        return f'<td class="num">{esc(fmt_number(plain(row["Score"])))}</td>'
    if kind == "utility" and "metric" in table.columns:
        return _utility_cell(table)
    found = headline(table) if kind == "privacy" else None
    if found is None:  # a table of its own (a custom evaluator's): its first scores, named
        return _listed_cell([(name, value) for name, value in row.items()
                             if isinstance(plain(value), int | float)])
    note = found.kind + (found.more(row) if found.more is not None else "")
    return (f'<td class="num">{esc(fmt_number(plain(row[found.score])))} '
            f"<small>{esc(note)}</small></td>")


def _utility_cell(table: pd.DataFrame) -> str:
    """mlutility's metrics as the model trained on synthetic data scored them."""
    column = next((c for c in ("syn_to_ori", "syn") if c in table.columns), None)
    if column is None:
        return '<td class="absent">—</td>'
    return _listed_cell(list(zip(table["metric"], table[column], strict=True)))


def _listed_cell(scores: list[tuple[Any, Any]]) -> str:
    """The first SCORES_SHOWN scores, named: 'f1_score 0.7 · roc_auc 0.81 …' (every score is
    in the Scores section)."""
    if not scores:
        return '<td class="absent">—</td>'
    parts = [f"{esc(name)} {esc(fmt_number(plain(value)))}" for name, value in scores]
    more = " · …" if len(parts) > SCORES_SHOWN else ""
    return f"<td>{' · '.join(parts[:SCORES_SHOWN])}{more}</td>"


def _measures(facts: RunFacts, key: str) -> str | None:
    """What the node measures, as its method declared. Undeclared (a custom class without
    ``measures``, a node recorded before methods declared it): judged by its global table's
    columns, the ones the cells read."""
    declared = facts.measures(key)
    table = _global(facts, key)
    if declared is not None or table is None:
        return declared
    if headline(table) is not None:
        return "privacy"
    if "Column Shapes" in table.columns:  # sdmetrics' QualityReport, not its DiagnosticReport
        return "fidelity"
    if "metric" in table.columns and {"syn", "syn_to_ori"} & set(table.columns):
        return "utility"
    return None


def _columns(facts: RunFacts, combos: list[Combination]) -> list[tuple[str, str, str | None]]:
    """(evaluator experiment label, kind, method) for each score column: privacy
    evaluators first, then fidelity, then utility."""
    kinds: dict[str, tuple[str, str | None]] = {}
    for combo in combos:
        for label, key in combo.evaluators.items():
            kind = _measures(facts, key)
            if kind in SHOWN:
                kinds.setdefault(label, (kind, facts.method(key)))
    return sorted(((label, kind, method) for label, (kind, method) in kinds.items()),
                  key=lambda column: SHOWN.index(column[1]))


def privacy_section(facts: RunFacts) -> Markup:
    combos = combinations(facts)
    columns = _columns(facts, combos)
    identifiers = {c.key: _identifiers(facts, c) for c in combos}
    budgets = {c.key: facts.budgets.get(c.synthesizer) if c.synthesizer else None
               for c in combos}
    private = any(k == "privacy" for _, k, _ in columns)
    shown = [c for c in combos if c.synthesizer is not None or
             any(label in c.evaluators for label, kind, _ in columns if kind == "privacy")]
    if not shown or not (private or any(identifiers.values()) or any(budgets.values())):
        return section("privacy", "Privacy", '<p class="empty">No direct identifier, '
                       "differential-privacy budget or privacy evaluation in this run.</p>")

    labels = varying_labels(facts, [facts.path(c.key) for c in shown])
    head = ['<th scope="col">Combination</th>', '<th scope="col">Direct identifiers</th>',
            '<th scope="col">Differential privacy</th>']
    head += [f'<th scope="col">{esc(kind)} · {esc(label)}'
             f"{f'<br><small>{esc(method)}</small>' if method else ''}</th>"
             for label, kind, method in columns]
    rows = []
    for combo, label in zip(shown, labels, strict=True):
        budget = budgets[combo.key]
        cells = [f'<th scope="row" title="{esc(facts.path_label(combo.key))}">{esc(label)}</th>',
                 _identifier_cell(identifiers[combo.key], combo.synthesizer is not None),
                 f"<td>{esc(describe_budget(budget)) if budget else 'not applied'}</td>"]
        cells += [_score_cell(facts, combo.evaluators.get(name), kind)
                  for name, kind, _ in columns]
        rows.append(f"<tr>{''.join(cells)}</tr>")

    kept = [(label, name) for combo, label in zip(shown, labels, strict=True)
            for name in _kept(identifiers[combo.key])]
    alert = ""
    if kept:
        listed = "".join(f"<li><code>{esc(name)}</code> in {esc(label)}</li>"
                         for label, name in kept)
        alert = ('<div class="failures" role="alert"><h3>Real identifier values released</h3>'
                 "<p>These direct identifiers were set to <code>keep</code>: the synthesizer "
                 f"learnt their real values and may output them.</p><ul>{listed}</ul></div>")
    body = (f'{alert}<div class="table-wrap"><table class="privacy"><caption>One row per '
            "combination. Risks: 0 is safest; protection scores: 1 is safest.</caption>"
            f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></div>")
    return section("privacy", "Privacy", Markup(body),
                   "How each combination handled direct identifiers, the differential-privacy "
                   "budget it spent, and its privacy risk next to its fidelity and utility.")
