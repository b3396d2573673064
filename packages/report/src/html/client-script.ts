/**
 * The only code a report runs: it reads the chart specs from the page's JSON block and draws
 * them with the inlined Chart.js, then appends " ✓" to the document title so a test (or a
 * screenshot job) knows drawing finished. On failure it says so on the page and ends the
 * title with " ✗" instead. Plain ES5-style JavaScript kept as a string: it runs in the
 * browser, never in Node, and the browser test exercises every line of it.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
    return String(Number(v.toPrecision(4)));
  }
  function logTick(v) {
    if (!(v > 0)) return '';
    var m = v / Math.pow(10, Math.floor(Math.log(v) / Math.LN10 + 1e-9));
    var r = Math.round(m);
    return Math.abs(m - r) < 1e-6 ? fmt(v) : '';
  }
  function datasets(spec, linearX) {
    var out = [];
    spec.series.forEach(function (s) {
      if (s.band && !linearX) {
        // The interval as a band: its low edge (invisible), then its high edge filled down to it.
        var edge = { borderWidth: 0, pointRadius: 0, pointHoverRadius: 0, spanGaps: false, tension: 0, dynoBand: true, label: s.label + ' CI' };
        out.push(Object.assign({}, edge, { data: s.band.low, borderColor: s.color, backgroundColor: s.color + '2e', fill: false }));
        out.push(Object.assign({}, edge, { data: s.band.high, borderColor: s.color, backgroundColor: s.color + '2e', fill: '-1' }));
      }
      out.push({
        label: s.label,
        data: linearX ? s.points.map(function (p) { return { x: p[0], y: p[1] }; }) : s.points,
        borderColor: s.color,
        backgroundColor: s.color,
        borderDash: s.dashed ? [6, 4] : [],
        borderWidth: 1.5,
        pointRadius: 2.5,
        pointHoverRadius: 4,
        pointStyle: s.dashed ? 'rectRot' : 'circle',
        spanGaps: false,
        tension: 0,
        dynoInterval: s.band && !linearX ? s.band : null
      });
    });
    return out;
  }
  function config(spec) {
    var linearX = spec.x.kind === 'linear';
    return {
      type: 'line',
      data: {
        labels: linearX ? undefined : spec.x.labels,
        datasets: datasets(spec, linearX)
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: linearX ? 'linear' : 'category', title: { display: true, text: spec.x.title } },
          y: {
            type: spec.y.log ? 'logarithmic' : 'linear',
            title: { display: true, text: spec.y.title },
            // Linear axes keep Chart.js's own labels, which carry as many decimals as the
            // tick step needs; the log axis labels only whole mantissas (1, 2, 5…).
            ticks: spec.y.log ? { callback: logTick } : {}
          }
        },
        plugins: {
          legend: {
            position: 'bottom',
            labels: { boxWidth: 14, filter: function (item, data) { return !data.datasets[item.datasetIndex].dynoBand; } }
          },
          tooltip: {
            filter: function (item) { return !item.dataset.dynoBand; },
            callbacks: {
              label: function (c) {
                var text = c.dataset.label + ': ' + fmt(c.parsed.y) + ' ' + spec.y.unit;
                var band = c.dataset.dynoInterval;
                if (band && band.low[c.dataIndex] !== null && band.high[c.dataIndex] !== null) {
                  text += ' (95% CI ' + fmt(band.low[c.dataIndex]) + ' – ' + fmt(band.high[c.dataIndex]) + ')';
                }
                return text;
              }
            }
          }
        }
      }
    };
  }
  try {
    var specs = JSON.parse(document.getElementById('dyno-charts').textContent);
    var canvases = document.querySelectorAll('canvas[data-chart]');
    for (var i = 0; i < canvases.length; i++) {
      var spec = specs[canvases[i].getAttribute('data-chart')];
      if (spec) new Chart(canvases[i], config(spec));
    }
    document.title = document.title + ' \\u2713';
  } catch (error) {
    var box = document.getElementById('script-error');
    if (box) {
      box.hidden = false;
      box.textContent = 'The charts could not be drawn: ' + error + '. The tables and plots drawn without script are complete.';
    }
    document.title = document.title + ' \\u2717';
  }
})();
`
