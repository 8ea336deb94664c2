"""Overview (what the run was and how it ended) and the experiment tree."""

from __future__ import annotations

from collections import Counter

from petsard.html_report.facts import RunFacts
from petsard.html_report.markup import (
    Markup,
    badge,
    element_id,
    esc,
    fmt_duration,
    fmt_number,
    fmt_time,
    section,
    table,
)
from petsard.status.queries import describe_budget

STATES = ("done", "reused", "failed", "skipped", "running", "interrupted")


def state_counts(facts: RunFacts) -> dict[str, int]:
    counts = Counter(facts.state(n.node_key) for n in facts.nodes)
    result = {state: counts.get(state, 0) for state in STATES}
    planned = facts.info.planned_nodes if facts.info else 0
    result["pending"] = max(planned - len(facts.nodes), 0)
    return result


def run_duration(facts: RunFacts) -> float | None:
    info = facts.info
    if info is None or info.ended_at is None:
        return None
    return (info.ended_at - info.started_at).total_seconds()


def overview_section(facts: RunFacts) -> Markup:
    info = facts.info
    counts = state_counts(facts)
    tiles = "".join(
        f'<div class="tile tile-{esc(state)}"><dt>{esc(state)}</dt>'
        f'<dd>{esc(fmt_number(number))}</dd></div>'
        for state, number in counts.items() if number or state in ("done", "failed", "reused",
                                                                     "skipped"))
    state = info.state if info else "not started"
    rows = [
        ("Run id", info.run_id if info else "—"),
        ("State", badge(state)),
        ("Started", fmt_time(info.started_at if info else None)),
        ("Ended", fmt_time(info.ended_at if info else None)),
        ("Duration", fmt_duration(run_duration(facts)) if info and info.ended_at
         else "still running"),
        ("Process", (info.owner if info else None) or "—"),
        ("Seed", fmt_number(info.seed) if info and info.seed is not None else "—"),
        ("Config", (info.config_name or "—") if info else "—"),
        ("Nodes planned", fmt_number(info.planned_nodes) if info else "—"),
        ("Run folder", str(facts.run_dir)),
    ]
    note = ""
    if state in ("running", "resumed"):
        note = ('<p class="note">This page was written while the run was in progress (by a '
                "<code>save_html</code> Reporter, or while the run was still going). "
                "<code>petsard report &lt;run&gt;</code> writes it again from the record.</p>")
    elif state == "interrupted" and info is not None:
        note = ('<p class="note">The run was interrupted (stopped by a signal, or its process '
                "ended) before it finished. What finished is kept: "
                f"<code>petsard resume {esc(info.run_id)}</code> goes on from there.</p>")
    versions = table(["Package", "Version"], sorted((info.versions or {}).items()) if info
                     else [], caption="Package versions")
    hashes = table(["Input file", "SHA-256"],
                   [(path, Markup(f"<code>{esc(digest)}</code>"))
                    for path, digest in sorted((info.input_hashes or {}).items())] if info
                   else [], caption="Input files and their hashes", classes="hashes")
    config = (f'<h3>Config as written</h3><pre class="config">{esc(info.config_text)}</pre>'
              if info and info.config_text else "")
    body = (f'{note}<dl class="tiles" aria-label="Node counts">{tiles}</dl>'
            f'<div class="columns">{table(["Fact", "Value"], rows, caption="Run")}'
            f'<div>{versions}{hashes}</div></div>{config}')
    return section("overview", "Overview", body)


def tree_section(facts: RunFacts) -> Markup:
    if not facts.nodes:
        return section("tree", "Experiment tree", '<p class="empty">No node has started.</p>')
    rows = []
    failed = []
    private = bool(facts.budgets)  # a column for the budget only in runs that spend one
    budget_head = '<th scope="col">Privacy budget</th>' if private else ""
    for node in facts.nodes:
        key = node.node_key
        state = facts.state(key)
        snapshot = facts.snapshots.get(key)
        rows_out = snapshot.context.get("rows_out") if snapshot is not None else None
        anchor = element_id("node", key)
        depth = facts.depth(key)
        budget = facts.budgets.get(key)
        budget_cell = (f"<td>{esc(describe_budget(budget)) if budget else '—'}</td>"
                       if private else "")
        rows.append(
            f'<tr id="{anchor}" class="row-{esc(state)}">'
            f'<th scope="row" style="padding-left:{0.6 + 1.4 * depth:.1f}em" '
            f'title="{esc(key)}"><span class="tree-mark" aria-hidden="true">'
            f'{"└ " if depth else ""}</span>{esc(facts.label(key))}</th>'
            f"<td>{esc(facts.method(key) or '—')}</td><td>{badge(state)}</td>"
            f'<td class="num">{esc(fmt_duration(node.duration_seconds))}</td>'
            f'<td class="num">{esc(fmt_number(rows_out))}</td>{budget_cell}</tr>')
        if node.error:
            kind = "error" if state == "failed" else "reason"
            rows.append(f'<tr class="detail-{kind}"><td colspan="{6 if private else 5}"><pre>'
                        f"{esc(node.error)}</pre></td></tr>")
        if state == "failed":
            failed.append(f'<li><a href="#{anchor}">{esc(key)}</a>: '
                          f"{esc((node.error or '').splitlines()[0] if node.error else '')}</li>")
    summary = (f'<div class="failures" role="alert"><h3>Failed nodes</h3><ul>{"".join(failed)}'
               "</ul></div>" if failed else "")
    body = (f'{summary}<div class="table-wrap"><table class="tree"><caption>Every node, '
            "parents before their children</caption><thead><tr>"
            '<th scope="col">Node</th><th scope="col">Method</th><th scope="col">State</th>'
            '<th scope="col">Duration</th><th scope="col">Rows out</th>'
            f"{budget_head}</tr></thead>"
            f'<tbody>{"".join(rows)}</tbody></table></div>')
    return section("tree", "Experiment tree", body)
