/**
 * The only code a report runs: it reads the chart specs from the page's JSON block and draws
 * them with the inlined uPlot, then appends " ✓" to the document title so a test (or a
 * screenshot job) knows drawing finished. On failure it says so on the page and ends the
 * title with " ✗" instead. Plain ES5-style JavaScript kept as a string: it runs in the
 * browser, never in Node, and the browser test exercises every line of it.
 *
 * uPlot, not Chart.js: every chart here is a line chart, and uPlot draws them in 51 KB where
 * Chart.js took 210 KB — a fifth of a report's 1 MB budget. What Chart.js did for free is done
 * here: category axes (rounds, percentiles, baselines) are index positions with their labels,
 * series on their own x values are joined on one x axis, the confidence band is two hidden
 * series filled between, and the legend shows the value under the cursor with its interval.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var HEIGHT = 260;
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
  // Series on a linear x axis each bring their own x values; uPlot wants one shared x array.
  function joinLinear(series) {
    var xs = [];
    series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); }); });
    xs.sort(function (a, b) { return a - b; });
    var unique = xs.filter(function (x, i) { return i === 0 || x !== xs[i - 1]; });
    var index = {};
    unique.forEach(function (x, i) { index[x] = i; });
    var columns = series.map(function (s) {
      var column = unique.map(function () { return null; });
      s.points.forEach(function (p) { column[index[p[0]]] = p[1]; });
      return column;
    });
    return { x: unique, columns: columns };
  }
  function build(spec, width) {
    var linearX = spec.x.kind === 'linear';
    var data, columns;
    if (linearX) {
      var joined = joinLinear(spec.series);
      data = [joined.x];
      columns = joined.columns;
    } else {
      data = [spec.x.labels.map(function (_, i) { return i; })];
      columns = spec.series.map(function (s) { return s.points; });
    }
    var series = [{ label: spec.x.title, value: function (u, v) { return v === null ? '–' : linearX ? fmt(v) : String(spec.x.labels[v]); } }];
    var bands = [];
    var hidden = [];
    spec.series.forEach(function (s, i) {
      var band = s.band && !linearX ? s.band : null;
      if (band) {
        // The interval as a band: its high and low edges as invisible series, filled between.
        var edge = { stroke: 'transparent', width: 0, points: { show: false }, value: function () { return ''; } };
        data.push(band.high);
        series.push(Object.assign({ label: s.label + ' CI high' }, edge));
        data.push(band.low);
        series.push(Object.assign({ label: s.label + ' CI low' }, edge));
        bands.push({ series: [series.length - 2, series.length - 1], fill: s.color + '2e' });
        hidden.push(series.length - 2, series.length - 1);
      }
      data.push(columns[i]);
      series.push({
        label: s.label,
        stroke: s.color,
        width: 1.5,
        dash: s.dashed ? [6, 4] : undefined,
        spanGaps: linearX,
        points: { show: true, size: 5, fill: s.dashed ? '#ffffff' : s.color, stroke: s.color },
        value: function (u, v, si, idx) {
          if (v === null || v === undefined) return '–';
          var text = fmt(v) + ' ' + spec.y.unit;
          if (band && idx !== null && band.low[idx] !== null && band.high[idx] !== null) {
            text += ' (' + (band.label || '95% CI') + ' ' + fmt(band.low[idx]) + ' – ' + fmt(band.high[idx]) + ')';
          }
          return text;
        }
      });
    });
    var labels = spec.x.labels;
    var xAxis = { label: spec.x.title, labelSize: 24 };
    if (!linearX) {
      // One tick per category while they fit, else every k-th, always labelled with the category.
      xAxis.splits = function (u) {
        var n = labels.length;
        var room = Math.max(1, Math.floor(u.bbox.width / (window.devicePixelRatio || 1) / 44));
        var step = Math.max(1, Math.ceil(n / room));
        var out = [];
        for (var i = 0; i < n; i += step) out.push(i);
        return out;
      };
      xAxis.values = function (u, splits) { return splits.map(function (i) { return String(labels[i]); }); };
    }
    var yAxis = { label: spec.y.title, labelSize: 24, size: 64 };
    if (spec.y.log) yAxis.values = function (u, splits) { return splits.map(logTick); };
    else yAxis.values = function (u, splits) { return splits.map(fmt); };
    var n = data[0].length;
    return {
      hidden: hidden,
      options: {
        width: width,
        height: HEIGHT,
        series: series,
        bands: bands,
        scales: {
          x: linearX ? { time: false } : { time: false, range: [-0.5, n - 0.5] },
          y: spec.y.log ? { distr: 3, log: 10 } : {}
        },
        axes: [xAxis, yAxis],
        legend: { live: true },
        cursor: { points: { size: 7 } }
      },
      data: data
    };
  }
  function draw(box, spec) {
    var built = build(spec, Math.max(280, box.clientWidth));
    box.textContent = '';
    var plot = new uPlot(built.options, built.data, box);
    // The band edges have no legend row of their own.
    var rows = box.querySelectorAll('.u-legend .u-series');
    built.hidden.forEach(function (i) { if (rows[i]) rows[i].style.display = 'none'; });
    return plot;
  }
  try {
    var specs = JSON.parse(document.getElementById('dyno-charts').textContent);
    var boxes = document.querySelectorAll('[data-chart]');
    var plots = [];
    for (var i = 0; i < boxes.length; i++) {
      var spec = specs[boxes[i].getAttribute('data-chart')];
      if (spec) plots.push({ box: boxes[i], plot: draw(boxes[i], spec) });
    }
    window.dynoCharts = plots.map(function (p) { return p.plot; });
    var pending = null;
    window.addEventListener('resize', function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        plots.forEach(function (p) { p.plot.setSize({ width: Math.max(280, p.box.clientWidth), height: HEIGHT }); });
      }, 100);
    });
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
