// The script of report.html, run in the browser: renders the embedded JSON with the DOM (text
// only — never innerHTML, since outputs hold HTML and `</script>`) and Chart.js (inlined).
// Kept as plain ES2017 in a string: no backticks or template placeholders inside.
export const CLIENT_JS = String.raw`
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('report-data').textContent);
  var PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
  var MAX_ROWS = 1000;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function fmt(x, d) { return x === null || x === undefined || !isFinite(x) ? '–' : Number(x).toFixed(d === undefined ? 1 : d); }
  // One colour per model in every chart: models take palette entries in the order runs are listed,
  // then models seen only in the history, in the order they appear.
  var COLORS = {};
  var nextColor = 0;
  function colorOf(modelKey) {
    if (!Object.prototype.hasOwnProperty.call(COLORS, modelKey)) COLORS[modelKey] = PALETTE[nextColor++ % PALETTE.length];
    return COLORS[modelKey];
  }
  DATA.runs.forEach(function (r) { colorOf(r.model_key); });
  function table(headers, rows, cls) {
    return el('table', { class: cls || '' }, [
      el('thead', {}, [el('tr', {}, headers.map(function (h) { return el('th', { text: h }); }))]),
      el('tbody', {}, rows.map(function (r) { return el('tr', {}, r.map(function (c) { return el('td', { text: String(c) }); })); }))
    ]);
  }

  document.title = DATA.title;
  document.getElementById('title').textContent = DATA.title;
  document.getElementById('meta').textContent = 'generated ' + DATA.generated_at + ' · agenteval ' + DATA.version + ' · ' + DATA.runs.length + ' run(s)';
  DATA.leaderboard.forEach(function (section) {
    var h = document.createElement('h3');
    h.textContent = section.benchmark;
    document.getElementById('leaderboard').appendChild(h);
    document.getElementById('leaderboard').appendChild(table(section.table.headers, section.table.rows, 'lb'));
  });
  document.getElementById('runs').appendChild(table(['#', 'run', 'benchmark', 'model', 'n', 'problems', 'errors', 'fingerprint', 'folder'],
    DATA.runs.map(function (r) { return [r.id, r.label, r.benchmark, r.model, r.n, r.problems, r.errors, r.fingerprint, r.dir]; })));

  // 95% CI whiskers over bars and points: datasets carry 'ci' as [low, high] per element.
  var whiskers = {
    id: 'ciWhiskers',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      chart.data.datasets.forEach(function (ds, di) {
        if (!ds.ci) return;
        var meta = chart.getDatasetMeta(di);
        if (meta.hidden) return;
        var y = chart.scales[meta.yAxisID || 'y'];
        meta.data.forEach(function (elem, i) {
          var ci = ds.ci[i];
          if (!ci || ci[0] === null || ci[1] === null) return;
          var top = y.getPixelForValue(ci[1]);
          var bottom = y.getPixelForValue(ci[0]);
          var w = elem.width ? Math.max(3, Math.min(10, elem.width / 5)) : 4;
          ctx.save();
          ctx.strokeStyle = ds.whiskerColor || '#222';
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          ctx.moveTo(elem.x, top); ctx.lineTo(elem.x, bottom);
          ctx.moveTo(elem.x - w, top); ctx.lineTo(elem.x + w, top);
          ctx.moveTo(elem.x - w, bottom); ctx.lineTo(elem.x + w, bottom);
          ctx.stroke();
          ctx.restore();
        });
      });
    }
  };
  var charts = [];
  function chartBox(parent, title) {
    var canvas = el('canvas', { role: 'img', 'aria-label': title });
    parent.appendChild(el('div', { class: 'chart' }, [el('h4', { text: title }), el('div', { class: 'chart-box' }, [canvas])]));
    return canvas;
  }
  function ciLabel(ctx) {
    var ci = ctx.dataset.ci && ctx.dataset.ci[ctx.dataIndex];
    return ctx.dataset.label + ': ' + fmt(ctx.parsed.y, 2) + (ci && ci[0] !== null ? ' [95% CI ' + fmt(ci[0], 2) + ', ' + fmt(ci[1], 2) + ']' : '');
  }
  function barChart(canvas, m) {
    var highs = m.bars.map(function (b) { return b.high; });
    charts.push(new Chart(canvas, {
      type: 'bar',
      data: {
        labels: m.bars.map(function (b) { return b.label; }),
        datasets: [{
          label: m.label,
          data: m.bars.map(function (b) { return b.value; }),
          ci: m.bars.map(function (b) { return [b.low, b.high]; }),
          backgroundColor: m.bars.map(function (b) { return colorOf(DATA.runs[b.run].model_key); })
        }]
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: ciLabel } } },
        scales: { y: { beginAtZero: true, suggestedMax: Math.max.apply(null, highs.concat([0])) } }
      },
      plugins: [whiskers]
    }));
  }
  function lineChart(canvas, c, timeAxis) {
    var xs = [];
    c.series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p.x); }); });
    var lo = Math.min.apply(null, xs), hi = Math.max.apply(null, xs);
    var xType = !timeAxis && lo > 0 && hi / lo >= 8 ? 'logarithmic' : 'linear';
    var x = { type: xType, title: { display: true, text: timeAxis ? 'date (UTC)' : 'k' } };
    if (timeAxis) {
      x.ticks = { callback: function (v) { return new Date(v).toISOString().slice(0, 10); } };
      if (hi - lo <= 62 * 864e5) x.ticks.stepSize = 864e5;
      if (hi === lo) { x.min = lo - 864e5; x.max = hi + 864e5; }
    } else {
      x.ticks = { callback: function (v) { return Number.isInteger(v) ? String(v) : ''; } };
    }
    charts.push(new Chart(canvas, {
      type: 'line',
      data: {
        datasets: c.series.map(function (s) {
          var c0 = colorOf(s.model_key);
          return {
            label: s.label,
            data: s.points.map(function (p) { return { x: p.x, y: p.y }; }),
            ci: s.points.map(function (p) { return [p.low, p.high]; }),
            whiskerColor: c0, borderColor: c0, backgroundColor: c0, pointRadius: 3, tension: 0
          };
        })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: true,
        plugins: { tooltip: { callbacks: { label: ciLabel } } },
        scales: { x: x, y: { beginAtZero: true } }
      },
      plugins: [whiskers]
    }));
  }

  var benchRoot = document.getElementById('benchmarks');
  DATA.benchmarks.forEach(function (b) {
    var grid = el('div', { class: 'grid' });
    benchRoot.appendChild(el('section', { class: 'bench', id: 'bench-' + b.name }, [el('h3', { text: b.name }), grid]));
    b.metrics.forEach(function (m) { barChart(chartBox(grid, m.label + ' (95% CI)'), m); });
    b.passk.forEach(function (c) { lineChart(chartBox(grid, c.label), c, false); });
    if (b.trends.length) b.trends.forEach(function (c) { lineChart(chartBox(grid, c.label), c, true); });
    else grid.appendChild(el('p', { class: 'note', text: DATA.history ? 'No history for ' + b.name + '.' : 'No trend lines: no history database (runs are indexed into results/history.sqlite as they finish; pass --history).' }));
  });

  // ---------------------------------------------------------------- sample browser
  var kindSel = document.getElementById('filter-kind');
  var runSel = document.getElementById('filter-run');
  var textIn = document.getElementById('filter-text');
  var tbody = document.querySelector('#samples tbody');
  var count = document.getElementById('sample-count');
  DATA.runs.forEach(function (r) { runSel.appendChild(el('option', { value: String(r.id), text: r.benchmark + ' · ' + r.label })); });
  Object.keys(DATA.omitted).forEach(function (id) {
    document.getElementById('omitted').appendChild(el('p', { class: 'note', text: DATA.runs[Number(id)].label + ': ' + DATA.omitted[id] + ' more records not embedded (raise --max-samples).' }));
  });

  function scoresText(row) {
    if (!row.scores) return '';
    // Scores as recorded (0/1, 0–10 judge scores), trailing zeros dropped: em=1 f1=0.67.
    return Object.keys(row.scores).map(function (k) { var v = row.scores[k]; return k + '=' + (isFinite(v) ? String(Number(Number(v).toFixed(3))) : '–'); }).join(' ');
  }
  function matches(row) {
    var kind = kindSel.value;
    if (kind === 'flips' && !row.flip) return false;
    if (kind === 'errors' && !row.error) return false;
    if (kind === 'unsolved' && row.solved !== false) return false;
    if (runSel.value !== 'all' && String(row.r) !== runSel.value) return false;
    var q = textIn.value.trim().toLowerCase();
    if (q && row.id.toLowerCase().indexOf(q) < 0 && (row.q || '').toLowerCase().indexOf(q) < 0 && (row.out || '').toLowerCase().indexOf(q) < 0 && (row.ref || '').toLowerCase().indexOf(q) < 0) return false;
    return true;
  }
  function block(parent, title, text, cls) {
    parent.appendChild(el('div', { class: 'block' }, [el('h4', { text: title }), el('pre', { class: cls || '', text: text })]));
  }
  function showDetail(idx) {
    var row = DATA.samples[idx];
    var run = DATA.runs[row.r];
    var d = document.getElementById('sample-detail');
    d.textContent = '';
    d.appendChild(el('h3', { text: run.benchmark + ' · ' + run.label + ' · problem ' + row.id + ' · sample ' + row.s + (row.flip ? ' · ' + row.flip : '') }));
    block(d, 'Question', row.q === null ? '(not recorded: this run predates recorded questions; run with --log-messages to keep the prompt)' : row.q, 'question');
    block(d, 'Reference (gold answer / SQL)', row.ref === null ? '(not recorded)' : row.ref, 'reference');
    block(d, 'Output', row.out === null ? '(none)' : row.out, 'output');
    block(d, 'Scores', row.scores ? scoresText(row) : '(none)', 'scores');
    if (row.error) block(d, 'Error (' + (row.ek || 'unknown') + ')', row.error, 'error');
    if (row.reasoning) block(d, 'Reasoning', row.reasoning, 'reasoning');
    var steps = el('ol', { class: 'trace' });
    row.trace.forEach(function (t) {
      steps.appendChild(el('li', {}, [
        el('div', { class: 'tool', text: 'turn ' + t.turn + ' · ' + t.tool + (t.error ? ' · error: ' + t.error : '') }),
        el('pre', { class: 'tool-input', text: t.input }),
        el('pre', { class: 'tool-output', text: t.output })
      ]));
    });
    d.appendChild(el('div', { class: 'block' }, [el('h4', { text: 'Trace: ' + row.tools + ' tool call(s), ' + row.turns + ' turn(s)' }), row.trace.length ? steps : el('p', { class: 'note', text: 'no tool calls' })]));
  }
  function render() {
    tbody.textContent = '';
    var total = 0, shown = 0;
    DATA.samples.forEach(function (row, idx) {
      if (!matches(row)) return;
      total++;
      if (shown >= MAX_ROWS) return;
      shown++;
      var run = DATA.runs[row.r];
      var tr = el('tr', { class: 'sample-row' + (row.error ? ' is-error' : '') + (row.flip ? ' is-flip' : ''), 'data-idx': String(idx) }, [
        el('td', { text: run.benchmark }), el('td', { text: run.label }), el('td', { text: row.id }), el('td', { text: String(row.s) }),
        el('td', { text: scoresText(row) }), el('td', { text: row.flip || '' }), el('td', { text: String(row.tools) }),
        el('td', { text: row.error ? (row.ek || 'error') + ': ' + row.error : '' })
      ]);
      tr.addEventListener('click', function () { showDetail(idx); });
      tbody.appendChild(tr);
    });
    count.textContent = total + ' of ' + DATA.samples.length + ' records' + (total > shown ? ' (first ' + shown + ' shown)' : '');
  }
  [kindSel, runSel].forEach(function (s) { s.addEventListener('change', render); });
  textIn.addEventListener('input', render);
  render();
  document.body.setAttribute('data-charts', String(charts.length));
  document.body.setAttribute('data-ready', 'true');
})();
`;
