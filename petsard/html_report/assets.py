"""The page's own style sheet and script (plotly.js is embedded separately, once)."""

CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --soft: #f5f7fa;
  --accent: #2563eb; --bad: #b91c1c; --changed: #fef3c7; --changed-line: #d97706; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
header.top { background: #102a43; color: #fff; padding: 14px 24px; }
header.top h1 { margin: 0; font-size: 1.35rem; font-weight: 600; }
header.top p { margin: 2px 0 0; color: #bcccdc; font-size: .9rem; }
nav.toc { position: sticky; top: 0; z-index: 5; background: #fff;
  border-bottom: 1px solid var(--line); padding: 6px 24px; }
nav.toc ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 18px; }
nav.toc a { color: var(--accent); text-decoration: none; font-weight: 500; }
nav.toc a:hover, nav.toc a:focus { text-decoration: underline; }
main { max-width: 1280px; margin: 0 auto; padding: 8px 24px 48px; }
section { margin-top: 28px; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--line); padding-bottom: 4px;
  margin: 0 0 12px; }
h3 { font-size: 1.05rem; margin: 22px 0 8px; }
h3 small { color: var(--muted); font-weight: 400; }
p.intro, p.note, figcaption { color: var(--muted); font-size: .9rem; }
p.empty { color: var(--muted); font-style: italic; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; max-width: 100%; }
table { border-collapse: collapse; font-size: .86rem; }
caption { text-align: left; color: var(--muted); font-size: .85rem; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left;
  vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; }
tbody th { font-weight: 500; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th button { all: unset; cursor: pointer; white-space: nowrap; }
th button:focus-visible { outline: 2px solid var(--accent); }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
th[aria-sort="none"] button::after { content: " ⇅"; color: #9aa5b1; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 12px; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; min-width: 96px; }
.tile dt { font-size: .75rem; text-transform: uppercase; color: var(--muted); }
.tile dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
.tile-failed dd { color: var(--bad); }
.columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 20px; }
@media (max-width: 900px) { .columns { grid-template-columns: minmax(0, 1fr); } }
table.hashes code { word-break: break-all; font-size: .78rem; }
pre { background: var(--soft); border: 1px solid var(--line); padding: 8px 10px;
  overflow: auto; font-size: .82rem; margin: 4px 0; }
pre.config { max-height: 420px; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: .78rem;
  font-weight: 600; background: #e4e7eb; color: #323f4b; }
.state-done, .state-completed { background: #d1fae5; color: #065f46; }
.state-failed { background: #fee2e2; color: var(--bad); }
.state-reused { background: #ede9fe; color: #5b21b6; }
.state-running { background: #dbeafe; color: #1e40af; }
.state-interrupted { background: #fef3c7; color: #92400e; }
.state-skipped { background: #f3f4f6; color: #6b7280; }
table.tree { min-width: 70%; }
table.tree th[scope="row"] { white-space: nowrap; }
.tree-mark { color: #9aa5b1; }
tr.detail-error td pre { border-color: #fca5a5; background: #fef2f2; color: var(--bad);
  white-space: pre-wrap; }
tr.detail-reason td pre { white-space: pre-wrap; color: var(--muted); }
.failures { border: 1px solid #fca5a5; background: #fef2f2; padding: 4px 14px;
  border-radius: 6px; }
.error-text { color: var(--bad); }
ul.plain { margin: 0; padding-left: 16px; }
table.privacy td { min-width: 110px; }
td.changed { background: var(--changed) !important; box-shadow: inset 3px 0 var(--changed-line); }
.changed-key { background: var(--changed); padding: 0 4px; }
td.absent { color: #9aa5b1; }
td small, th small { color: var(--muted); font-weight: 400; }
.schema-table td { min-width: 120px; }
.change-lists { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
  gap: 8px 20px; font-size: .86rem; }
.change-lists ul { margin: 4px 0; padding-left: 18px; }
.picker select { max-width: 100%; font: inherit; padding: 2px 4px; }
.chart-figure { margin: 8px 0 4px; }
.chart { width: 100%; min-height: 120px; }
.chart[data-error] { color: var(--bad); }
details { margin: 6px 0; }
summary { cursor: pointer; font-weight: 500; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
footer { color: var(--muted); font-size: .8rem; margin-top: 40px; }
"""

SCRIPT = r"""
(function () {
  function fail(element, error) {
    element.setAttribute('data-error', String(error));
    element.textContent = 'This chart could not be drawn: ' + error;
    console.error('petsard report: chart ' + element.id + ' failed: ' + error);
  }
  function drawCharts() {
    var charts = document.querySelectorAll('.chart[data-figure]');
    Array.prototype.forEach.call(charts, function (element) {
      if (typeof Plotly === 'undefined') { fail(element, 'plotly.js is missing'); return; }
      try {
        var figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
        Plotly.newPlot(element, figure.data, figure.layout,
                       {responsive: true, displaylogo: false}).then(function () {
          element.setAttribute('data-rendered', 'true');
          element.setAttribute('data-bars-rendered',
                               String(element.querySelectorAll('.barlayer .point').length));
        }, function (error) { fail(element, error); });
      } catch (error) { fail(element, error); }
    });
  }
  function sortKey(cell) {
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : null;
    if (raw === null) { return {missing: true}; }
    var number = Number(raw);
    return isNaN(number) || raw.trim() === '' ? {text: raw.toLowerCase()} : {number: number};
  }
  function compare(a, b) {
    if (a.missing || b.missing) { return (a.missing ? 1 : 0) - (b.missing ? 1 : 0); }
    if (a.number !== undefined && b.number !== undefined) { return a.number - b.number; }
    var x = a.number !== undefined ? String(a.number) : a.text;
    var y = b.number !== undefined ? String(b.number) : b.text;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  function sortable(table) {
    var headers = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(headers, function (header, column) {
      var button = header.querySelector('button');
      if (!button) { return; }
      button.addEventListener('click', function () {
        var ascending = header.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (other) {
          other.setAttribute('aria-sort', 'none');
        });
        header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var a = sortKey(r1.cells[column]), b = sortKey(r2.cells[column]);
          if (a.missing || b.missing) { return compare(a, b); }
          return ascending ? compare(a, b) : compare(b, a);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function pickers() {
    Array.prototype.forEach.call(document.querySelectorAll('select[data-views]'),
      function (select) {
        select.addEventListener('change', function () {
          var views = document.querySelectorAll('.' + select.dataset.views);
          Array.prototype.forEach.call(views, function (view) {
            view.hidden = view.id !== select.value;
          });
        });
      });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), sortable);
  pickers();
  drawCharts();
})();
"""
