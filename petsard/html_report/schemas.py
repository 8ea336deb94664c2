"""Schema evolution along one path of the tree: the schema after each module, side by side,
changed fields highlighted, with the change records' descriptions."""

from __future__ import annotations

from dataclasses import dataclass

from petsard.html_report.facts import RunFacts
from petsard.html_report.markup import Markup, esc, fmt_number, section
from petsard.schema.attribute import Attribute
from petsard.schema.schema import Schema
from petsard.status.records import MetadataChange


@dataclass(frozen=True)
class Step:
    """One column of the side-by-side view: a node, the schema after it, the fields it changed
    (structure or change records) and its change records."""

    key: str
    schema: Schema
    changed: frozenset[str]
    changes: tuple[MetadataChange, ...]


@dataclass(frozen=True)
class Evolution:
    steps: tuple[Step, ...]
    failed: tuple[str, ...]  # nodes of the path that failed: no schema after them


# Modules that report on the data rather than change it: shown only when they did change it.
OBSERVERS = ("Evaluator", "Describer", "Reporter")


def _changed_fields(before: Schema, after: Schema) -> set[str]:
    changed = set()
    for attr in after:
        old = before.get(attr.name)
        if old is None or old.structure() != attr.structure():
            changed.add(attr.name)
    changed.update(name for name in before.columns if name not in after)
    return changed


def evolution(facts: RunFacts, leaf: str) -> Evolution:
    """The schema after each module of the path from the root to ``leaf``."""
    steps: list[Step] = []
    failed: list[str] = []
    previous: Schema | None = None
    for node in facts.path(leaf):
        key = node.node_key
        snapshot = facts.snapshots.get(key)
        if node.state == "failed":
            failed.append(key)
        if snapshot is None or snapshot.metadata_after is None:
            continue
        schema = snapshot.metadata_after
        records = tuple(facts.changes.get(key, ()))
        if previous is None:  # the schema's creation: every field is new, none highlighted
            steps.append(Step(key, schema, frozenset(), records))
        else:
            changed = _changed_fields(previous, schema) | {
                c.target_id for c in records if c.target_type == "field"}
            if node.module_name not in OBSERVERS or changed or records \
                    or schema.columns != previous.columns:
                steps.append(Step(key, schema, frozenset(changed), records))
        previous = schema
    return Evolution(tuple(steps), tuple(failed))


def _cell(attr: Attribute | None, deleted: bool, changed: bool, notes: list[str]) -> str:
    title = f' title="{esc("; ".join(notes))}"' if notes else ""
    if attr is None:
        if deleted:
            return (f'<td class="changed deleted"{title}>deleted'
                    '<span class="visually-hidden"> (changed here)</span></td>')
        return '<td class="absent">—</td>'
    extra = " · ".join([attr.dtype] + (["nullable"] if attr.type_attr.nullable else [])
                       + ([attr.logical_type] if attr.logical_type else []))
    mark = '<span class="visually-hidden"> (changed here)</span>' if changed else ""
    css = ' class="changed"' if changed else ""
    return (f"<td{css}{title}>{esc(attr.kind)} <small>{esc(extra)}</small>"
            f"{mark}</td>")


def _view(facts: RunFacts, evo: Evolution, anchor: str, hidden: bool) -> str:
    if not evo.steps:
        return (f'<div class="schema-view" id="{esc(anchor)}"{" hidden" if hidden else ""}>'
                '<p class="empty">No schema was recorded on this path.</p></div>')
    names: list[str] = []
    for step in evo.steps:
        names.extend(n for n in step.schema.columns if n not in names)
    head = "".join(
        f'<th scope="col" title="{esc(s.key)}">{esc(facts.label(s.key))}<br><small>'
        f"{esc(fmt_number(s.schema.stats.row_count))} rows · {esc(len(s.schema))} fields"
        "</small></th>" for s in evo.steps)
    rows = []
    for name in names:
        cells = []
        seen = False
        for step in evo.steps:
            attr = step.schema.get(name)
            notes = [c.description for c in step.changes
                     if c.target_type == "field" and c.target_id == name and c.description]
            cells.append(_cell(attr, seen and attr is None and name in step.changed,
                               name in step.changed, notes))
            seen = seen or attr is not None
        rows.append(f'<tr><th scope="row">{esc(name)}</th>{"".join(cells)}</tr>')
    lists = []
    for step in evo.steps:
        if not step.changes:
            continue
        items = "".join(f"<li>{esc(c.description or c.change_type + ' ' + c.target_id)}</li>"
                        for c in step.changes)
        opened = " open" if len(step.changes) <= 8 else ""
        lists.append(f"<details{opened}><summary>{esc(facts.label(step.key))}: "
                     f"{len(step.changes)} change record(s)</summary><ul>{items}</ul></details>")
    notes = ["Evaluator, Describer and Reporter nodes are shown only when they changed the "
             "schema."]
    if evo.failed:
        notes.append('<strong class="error-text">Failed on this path: '
                     + ", ".join(esc(facts.label(k)) for k in evo.failed) + "</strong>.")
    return (f'<div class="schema-view" id="{esc(anchor)}"{" hidden" if hidden else ""}>'
            '<div class="table-wrap"><table class="schema-table"><caption>Schema after each '
            'module of the path; <span class="changed-key">highlighted</span> fields '
            f'changed at that module</caption><thead><tr><th scope="col">Field</th>{head}</tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table></div>'
            f'<p class="note">{" ".join(notes)}</p>'
            f'<div class="change-lists">{"".join(lists)}</div></div>')


def schema_section(facts: RunFacts) -> Markup:
    leaves = facts.leaves()
    if not leaves:
        return section("schemas", "Schema evolution", '<p class="empty">No schema recorded.</p>')
    anchors: dict[tuple, str] = {}  # leaves differing only after the last change share one
    views: list[str] = []
    choice: list[tuple[str, str]] = []
    for leaf in leaves:
        evo = evolution(facts, leaf)
        identity = (tuple(s.key for s in evo.steps), evo.failed)
        if identity not in anchors:
            anchors[identity] = f"schema-view-{len(anchors)}"
            views.append(_view(facts, evo, anchors[identity], hidden=bool(views)))
        choice.append((leaf, anchors[identity]))
    options = "".join(
        f'<option value="{esc(anchor)}"{" selected" if number == 0 else ""} title="{esc(leaf)}">'
        f"{esc(facts.path_label(leaf))}</option>" for number, (leaf, anchor) in enumerate(choice))
    picker = (f'<p class="picker"><label for="schema-path">Path ({len(leaves)} leaves): </label>'
              f'<select id="schema-path" data-views="schema-view">{options}</select></p>')
    body = picker + "".join(views)
    return section("schemas", "Schema evolution", Markup(body),
                   "The schema after each module of one path of the experiment tree, from the "
                   "first leaf by default. Hover a highlighted cell for what changed.")
