/** The catalog's one stylesheet and one script (search and filters on the index); no external resource. */

export const CATALOG_CSS = `:root{color-scheme:light}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#fff}
header{background:#1f2a44;padding:10px 24px}header a{color:#fff;text-decoration:none;font-weight:600}
main{padding:16px 24px;max-width:1200px}
h1{font-size:1.6em;margin:.3em 0}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:1.05em}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #dde1e6;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f5f7fa}tr[hidden]{display:none}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88em}
pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:10px;overflow:auto}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:.8em;border:1px solid #999;margin-left:6px;vertical-align:middle}
.status-active{background:#e6f6ea;border-color:#2e8540}.status-proposed{background:#eef4ff;border-color:#3b6fd8}.status-deprecated{background:#fde8e8;border-color:#c62828}
tr.deprecated td:first-child a,h1.deprecated span.name{text-decoration:line-through}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:10px 0}
.filters input{padding:5px 8px;min-width:260px}.filters select{padding:4px}
.req{color:#c62828;font-weight:bold}.muted{color:#666}
.depth-1 td:first-child{padding-left:22px}.depth-2 td:first-child{padding-left:38px}.depth-3 td:first-child{padding-left:54px}
.diagram{max-width:100%;height:auto;border:1px solid #e1e4e8;background:#fcfcfd}
.sev-breaking{color:#c62828;font-weight:600}.sev-warning{color:#a86200}.sev-info{color:#3b6fd8}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
`;

export const CATALOG_JS = `// Search and filters of the index: rows carry data-* attributes; nothing is fetched.
(function () {
  var search = document.getElementById('search');
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('#events tbody tr'));
  var count = document.getElementById('count');
  var empty = document.getElementById('empty');
  function apply() {
    var text = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = !text || row.getAttribute('data-search').indexOf(text) >= 0;
      selects.forEach(function (select) {
        var want = select.value;
        if (!want || !ok) return;
        var have = row.getAttribute('data-' + select.getAttribute('data-filter')) || '';
        ok = select.getAttribute('data-filter') === 'consumers' ? have.split(' ').indexOf(want) >= 0 : have === want;
      });
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = String(shown);
    empty.hidden = shown > 0;
  }
  search.addEventListener('input', apply);
  selects.forEach(function (select) { select.addEventListener('change', apply); });
  apply();
})();
`;
