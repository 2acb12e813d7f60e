// report.html: one self-contained file — CSS, Chart.js, the page script and the data inline — that
// opens offline. A Content-Security-Policy forbids every network fetch, so a report can never
// leak or depend on anything outside itself.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CLIENT_JS } from './client.js';
import type { ReportData } from './types.js';

let chartJs: string | undefined;

/** Chart.js 4's UMD build, made safe to inline (no source-map fetch, no early `</script>`). */
export function inlineChartJs(): string {
  if (chartJs === undefined) {
    // chart.js's "exports" map hides dist/ subpaths; its CommonJS entry sits beside the UMD build.
    const path = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
    chartJs = scriptSafe(readFileSync(path, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, ''));
  }
  return chartJs;
}

/** JS source inside <script>: `</script` would end the element early; `<\/script` means the same to JS. */
export function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * JSON inside <script type="application/json">: `<`, `>` and `&` become \u escapes, so no
 * sample text (HTML, `</script>`, `<!--`) can end or change the element; U+2028/9 are escaped
 * for older parsers. JSON.parse turns them back into the same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
:root { --fg: #1d2330; --muted: #667085; --line: #e4e7ec; --bg: #fff; --soft: #f6f7f9; --err: #b42318; --flip: #b54708; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 1280px; margin: 0 auto; padding: 16px 24px; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 10px; } h3 { font-size: 16px; margin: 16px 0 8px; }
h4 { font-size: 13px; margin: 0 0 6px; color: var(--muted); font-weight: 600; }
#meta, .note { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); position: sticky; top: 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 16px; }
.chart { border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
.chart-box { position: relative; height: 260px; }
.filters { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
.browser { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; }
.table-wrap { max-height: 640px; overflow: auto; border: 1px solid var(--line); }
tr.sample-row { cursor: pointer; } tr.sample-row:hover { background: var(--soft); }
tr.is-error td:last-child { color: var(--err); } tr.is-flip td:nth-child(6) { color: var(--flip); font-weight: 600; }
#sample-detail { border: 1px solid var(--line); border-radius: 6px; padding: 10px; max-height: 640px; overflow: auto; }
pre { white-space: pre-wrap; word-break: break-word; background: var(--soft); padding: 6px 8px; margin: 0 0 10px; font-size: 12px; }
pre.error { color: var(--err); } .trace li { margin-bottom: 8px; } .tool { font-weight: 600; }
`;

export function renderReportHtml(data: ReportData): string {
  const title = escapeHtml(data.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<header><h1 id="title">${title}</h1><div id="meta"></div></header>
<main>
<h2>Leaderboard</h2>
<div id="leaderboard"></div>
<h2>Runs</h2>
<div id="runs"></div>
<h2>Benchmarks</h2>
<div id="benchmarks"></div>
<h2>Samples</h2>
<div class="filters">
  <label>show <select id="filter-kind">
    <option value="all">all records</option>
    <option value="flips">flips between runs</option>
    <option value="errors">errors</option>
    <option value="unsolved">unsolved</option>
  </select></label>
  <label>run <select id="filter-run"><option value="all">all runs</option></select></label>
  <label>search <input id="filter-text" type="search" placeholder="problem id or text"></label>
  <span id="sample-count" class="note"></span>
</div>
<div id="omitted"></div>
<div class="browser">
  <div class="table-wrap"><table id="samples"><thead><tr><th>benchmark</th><th>run</th><th>problem</th><th>sample</th><th>scores</th><th>flip</th><th>tools</th><th>error</th></tr></thead><tbody></tbody></table></div>
  <div id="sample-detail"><p class="note">Click a row to see its question, output, trace and scores.</p></div>
</div>
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${inlineChartJs()}</script>
<script>${scriptSafe(CLIENT_JS)}</script>
</body>
</html>
`;
}
