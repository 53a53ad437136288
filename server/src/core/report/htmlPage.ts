// Renders the report model as one self-contained HTML page: inline CSS, an inline SVG chart and
// a little inline script that sorts tables. A Content-Security-Policy of default-src 'none' makes
// the browser refuse any request the page might make, so it opens the same offline and in CI.
import { amount, measuredLabel, percent, sampleTypeWords } from '../profile/describe';
import type { ReportModel, ReportSite } from './htmlModel';

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Markdown code spans (`x`) as <code>, everything else escaped (escaping leaves backticks alone). */
function inline(markdown: string): string {
  return esc(markdown).replace(/(`+) ?([^`]*?) ?\1/g, (_m, _fence, body: string) => `<code>${body}</code>`);
}

const CSS = `
:root{--fg:#1d2330;--muted:#5d6677;--line:#d9dee7;--bg:#fff;--head:#f3f5f9;--bar:#3b6fd8;--hot:#c2410c;--moved:#b45309;--escapes:#1d4ed8;--leak:#6d28d9;--noescape:#047857}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header,section{max-width:1200px;margin:0 auto;padding:12px 20px}h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:18px 0 8px}
.meta{color:var(--muted);margin:2px 0}.messages{background:#fff7ed;border:1px solid #fed7aa;padding:8px 12px;border-radius:6px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:130px}.card b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--head);cursor:pointer;user-select:none;white-space:nowrap;position:sticky;top:0}th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f1f3f7;padding:0 3px;border-radius:3px}
.cat{font-weight:600}.cat-moved{color:var(--moved)}.cat-escapes{color:var(--escapes)}.cat-leak{color:var(--leak)}.cat-noescape{color:var(--noescape)}
.share{display:inline-block;height:8px;background:var(--hot);border-radius:2px;margin-right:6px;vertical-align:middle}
details summary{cursor:pointer;color:var(--muted)}details p{margin:4px 0 2px}svg text{font:12px system-ui,sans-serif;fill:var(--fg)}.empty{color:var(--muted)}
`;

// Sorts a table by the clicked column: numbers by data-v, text by its content; empty cells last.
const SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function(table){
  var heads=table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads,function(th,col){
    th.addEventListener('click',function(){
      var desc=th.getAttribute('aria-sort')!=='descending';
      Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort')});
      th.setAttribute('aria-sort',desc?'descending':'ascending');
      var num=th.classList.contains('num');
      var body=table.tBodies[0];
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[col].getAttribute('data-v'),y=b.cells[col].getAttribute('data-v');
        if(x===null||x==='')return (y===null||y==='')?0:1;
        if(y===null||y==='')return -1;
        var c=num?Number(x)-Number(y):x.localeCompare(y);
        return desc?-c:c;
      });
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
});
`;

function td(html: string, sortValue: string | number | undefined, cls = ''): string {
  const v = sortValue === undefined ? '' : String(sortValue);
  return `<td${cls ? ` class="${cls}"` : ''} data-v="${esc(v)}">${html}</td>`;
}

function shareCell(share: number | undefined): string {
  if (share === undefined) return td('<span class="empty">–</span>', undefined, 'num');
  const width = Math.max(1, Math.round(share * 60));
  return td(`<span class="share" style="width:${width}px"></span>${esc(percent(share))}`, share, 'num');
}

function valueCell(value: number | undefined, unit: string | undefined): string {
  return value === undefined || !unit ? td('<span class="empty">–</span>', undefined, 'num') : td(esc(amount(value, unit)), value, 'num');
}

function siteRow(s: ReportSite, model: ReportModel): string {
  const why = s.explanation ? `<details><summary>why</summary><p>${inline(s.explanation)}</p></details>` : '';
  const rule = s.ruleTitle ? `<div class="meta">${esc(s.ruleTitle)}</div>` : '';
  const cells = [
    td(`<code>${esc(`${s.file}:${s.line}:${s.column}`)}</code>`, `${s.file}:${String(s.line).padStart(7, '0')}:${String(s.column).padStart(5, '0')}`),
    td(esc(s.func), s.func),
    td(`${esc(s.message)}${rule}${why}`, s.message),
    td(`<span class="cat cat-${s.category}">${esc(s.category)}</span>`, s.category),
  ];
  if (model.sampleType) {
    cells.push(shareCell(s.share), valueCell(s.value, model.unit));
    if (model.profiles.length > 0 && model.unit === 'bytes') cells.push(valueCell(s.objects, 'count'));
  }
  if (model.measuredBenchmark) cells.push(td(s.measured ? esc(measuredLabel(s.measured)) : '<span class="empty">–</span>', s.measured?.allocsPerOp, 'num'));
  return `<tr id="${s.id}" data-category="${s.category}">${cells.join('')}</tr>`;
}

function chartSvg(model: ReportModel): string {
  if (model.chart.length === 0) return '<p class="empty">Nothing to chart.</p>';
  const labelWidth = 260;
  const barMax = 560;
  const rowH = 22;
  const max = Math.max(...model.chart.map((b) => b.value));
  const words = model.sampleType ? sampleTypeWords(model.sampleType) : model.chartUnit;
  const bars = model.chart.map((b, i) => {
    const w = max > 0 ? Math.max(1, Math.round((b.value / max) * barMax)) : 1;
    const y = i * rowH;
    const label = b.label.length > 38 ? `${b.label.slice(0, 37)}…` : b.label;
    const shown = model.sampleType && model.unit ? amount(b.value, model.unit) : String(b.value);
    return `<g class="bar"><title>${esc(`${b.label}: ${shown}`)}</title><text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${esc(label)}</text>`
      + `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowH - 8}" rx="2" fill="var(--bar)"></rect>`
      + `<text x="${labelWidth + w + 6}" y="${y + 15}">${esc(shown)}</text></g>`;
  });
  const height = model.chart.length * rowH + 4;
  return `<svg id="chart" role="img" aria-label="${esc(words)} by function" width="${labelWidth + barMax + 90}" height="${height}" viewBox="0 0 ${labelWidth + barMax + 90} ${height}">${bars.join('')}</svg>`;
}

interface Head {
  label: string;
  num?: boolean;
}

function table(id: string, heads: Head[], rows: string[]): string {
  const th = heads.map((h) => `<th${h.num ? ' class="num"' : ''}>${esc(h.label)}</th>`).join('');
  return `<table class="sortable" id="${id}"><thead><tr>${th}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderReportHtml(model: ReportModel): string {
  const hasProfile = model.sampleType !== undefined;
  const words = hasProfile ? sampleTypeWords(model.sampleType!) : '';
  const heapSites = model.sites.filter((s) => s.category === 'moved' || s.category === 'escapes').length;
  const profileLine = model.profiles.length > 0
    ? `Profile: ${model.profiles.map((p) => `<code>${esc(p.file)}</code> (${esc(sampleTypeWords(p.sampleType))}, ${esc(amount(p.total, p.unit))} in total)`).join(', ')}`
    : 'No profile given: sites are listed by place; pass --profile to rank them by what they cost.';
  const bench = model.measuredBenchmark ? `<p class="meta">Measured: <code>${esc(model.measuredBenchmark.name)}</code>, b.N = ${model.measuredBenchmark.n}, every allocation recorded.</p>` : '';
  const messages = model.messages.length > 0 ? `<div class="messages">${model.messages.map((m) => `<div>${esc(m)}</div>`).join('')}</div>` : '';

  const siteHeads: Head[] = [{ label: 'Location' }, { label: 'Function' }, { label: 'Finding' }, { label: 'Category' }];
  if (hasProfile) {
    siteHeads.push({ label: `Share of ${words}`, num: true }, { label: 'Value', num: true });
    if (model.unit === 'bytes') siteHeads.push({ label: 'Objects', num: true });
  }
  if (model.measuredBenchmark) siteHeads.push({ label: 'Measured per op', num: true });

  const fnRows = model.functions.map((f) => {
    const cells = [td(esc(f.name), f.name), td(esc(f.pkg), f.pkg), td(`<code>${esc(`${f.file}:${f.line}`)}</code>`, `${f.file}:${String(f.line).padStart(7, '0')}`), td(String(f.heapSites), f.heapSites, 'num'), td(String(f.sites), f.sites, 'num')];
    if (hasProfile) cells.push(shareCell(f.share), valueCell(f.value, model.unit));
    return `<tr>${cells.join('')}</tr>`;
  });
  const fnHeads: Head[] = [{ label: 'Function' }, { label: 'Package' }, { label: 'Where' }, { label: 'Heap sites', num: true }, { label: 'Findings', num: true }];
  if (hasProfile) fnHeads.push({ label: `Share of ${words}`, num: true }, { label: 'Value', num: true });

  const pkgRows = model.packages.map((p) => {
    const cells = [td(`${esc(p.dir)}${p.pgo ? `<div class="meta">compiled with PGO profile <code>${esc(p.pgo)}</code></div>` : ''}`, p.dir), td(String(p.heapSites), p.heapSites, 'num'), td(String(p.sites), p.sites, 'num')];
    if (hasProfile) cells.push(shareCell(p.share), valueCell(p.value, model.unit));
    return `<tr>${cells.join('')}</tr>`;
  });
  const pkgHeads: Head[] = [{ label: 'Package' }, { label: 'Heap sites', num: true }, { label: 'Findings', num: true }];
  if (hasProfile) pkgHeads.push({ label: `Share of ${words}`, num: true }, { label: 'Value', num: true });

  const chartTitle = hasProfile ? `${words[0].toUpperCase()}${words.slice(1)} by function` : 'Heap findings by function';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>go-escape report</title><style>${CSS}</style></head>
<body>
<header><h1>Heap allocations</h1>
<p class="meta">Generated ${esc(model.generatedAt)} by go-escape${model.goVersion ? ` from ${esc(model.goVersion)}` : ''}.</p>
<p class="meta">${profileLine}</p>${bench}${messages}
<div class="cards"><div class="card"><b id="count-packages">${model.packages.length}</b>packages</div><div class="card"><b id="count-functions">${model.functions.filter((f) => f.sites > 0).length}</b>functions with findings</div><div class="card"><b id="count-sites">${heapSites}</b>heap allocation sites</div><div class="card"><b>${model.sites.length}</b>findings shown</div></div>
</header>
<section id="chart-section"><h2>${esc(chartTitle)}</h2>${chartSvg(model)}</section>
<section id="sites"><h2>Allocation sites</h2><p class="meta">Click a column to sort. ${hasProfile ? 'Heap profiles count what was allocated at the line; CPU profiles, the time with the line on the stack.' : ''}</p>
${table('sites-table', siteHeads, model.sites.map((s) => siteRow(s, model)))}</section>
<section id="functions"><h2>Functions</h2>${table('functions-table', fnHeads, fnRows)}</section>
<section id="packages"><h2>Packages</h2>${table('packages-table', pkgHeads, pkgRows)}</section>
<script>${SCRIPT}</script>
</body></html>
`;
}
