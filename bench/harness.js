// Meshboard vs uPlot (and wasm vs JSON.parse), measured inside one page of one browser.
// Each case: one warm-up, then RUNS runs, the two sides alternating so machine noise hits
// both alike. A run is timed with performance.now() around the work plus one
// requestAnimationFrame, so the paint the work caused is counted. Results land in
// window.__bench (read by bench/run.mjs).

const RUNS = Number(new URLSearchParams(location.search).get('runs') || 7);
const stage = document.getElementById('stage');
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

async function timed(work) {
  const t0 = performance.now();
  const result = work();
  await frame();
  return { ms: performance.now() - t0, result };
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

function canvasPair(width, height) {
  const box = document.createElement('div');
  box.style.position = 'relative';
  box.style.width = `${width}px`;
  box.style.height = `${height}px`;
  const data = document.createElement('canvas');
  const overlay = document.createElement('canvas');
  overlay.style.position = 'absolute';
  overlay.style.left = '0';
  overlay.style.top = '0';
  box.append(data, overlay);
  stage.append(box);
  return { box, data, overlay };
}

// uPlot's bench/uPlot.html prepares its packed data set like this: CPU = 100 - idle,
// RAM = used / (used + free), TCP out = send; epoch minutes become seconds.
function prepUplotData(packed) {
  const numFields = packed[0];
  const rows = packed.slice(numFields + 1);
  const n = rows.length / numFields;
  const data = [new Array(n), new Array(n), new Array(n), new Array(n)];
  for (let i = 0, j = 0; i < rows.length; i += numFields, j++) {
    data[0][j] = rows[i] * 60;
    data[1][j] = Math.round((100 - rows[i + 1]) * 1000) / 1000;
    data[2][j] = Math.round((100 * rows[i + 5]) / (rows[i + 5] + rows[i + 6]) * 100) / 100;
    data[3][j] = rows[i + 3];
  }
  return data;
}

function meshboardChart(bindings, width, height, timesMs, seriesValues, rightAxis) {
  const { box, data, overlay } = canvasPair(width, height);
  const chart = new bindings.BenchChart(data, overlay);
  const flat = new Float64Array(timesMs.length * seriesValues.length);
  seriesValues.forEach((values, i) => flat.set(values, i * timesMs.length));
  chart.load(Float64Array.from(timesMs), flat, Uint32Array.from(rightAxis));
  chart.resize(width, height, window.devicePixelRatio || 1);
  return { chart, box };
}

async function uplotBench(bindings) {
  const packed = await (await fetch('uplot-bench-data.json')).json();
  const data = prepUplotData(packed);
  const timesMs = data[0].map((s) => s * 1000);
  const opts = {
    width: 1920, height: 600, title: 'uPlot bench',
    series: [{}, { label: 'CPU', scale: '%', stroke: 'red' }, { label: 'RAM', scale: '%', stroke: 'blue' }, { label: 'TCP Out', scale: 'mb', stroke: 'green' }],
    axes: [{}, { scale: '%' }, { side: 1, scale: 'mb', grid: { show: false } }],
  };
  const ours = [];
  const theirs = [];
  let points = 0;
  for (let run = 0; run <= RUNS; run++) {
    const { chart, box } = meshboardChart(bindings, 1920, 600, timesMs, [data[1], data[2], data[3]], [2]);
    const mine = await timed(() => chart.render());
    points = mine.result;
    chart.free();
    box.remove();
    const host = document.createElement('div');
    stage.append(host);
    const other = await timed(() => new uPlot(opts, data, host));
    other.result.destroy();
    host.remove();
    if (run > 0) { ours.push(mine.ms); theirs.push(other.ms); }
  }
  return { ours: stats(ours), theirs: stats(theirs), points, total_points: (data.length - 1) * data[0].length };
}

function syntheticSeries(nSeries, nPoints, t0 = Date.UTC(2026, 10, 21), stepMs = 1000) {
  const times = new Float64Array(nPoints);
  for (let i = 0; i < nPoints; i++) times[i] = t0 + i * stepMs;
  const series = [];
  for (let s = 0; s < nSeries; s++) {
    const v = new Float64Array(nPoints);
    let x = 50 + s;
    for (let i = 0; i < nPoints; i++) { x += Math.sin(i * 0.013 + s) * 0.7 + ((i * 7919 + s * 104729) % 17 - 8) * 0.05; v[i] = x; }
    series.push(v);
  }
  return { times, series };
}

async function million(bindings) {
  const { times, series } = syntheticSeries(10, 100_000);
  const samples = [];
  let points = 0;
  for (let run = 0; run <= RUNS; run++) {
    const { chart, box } = meshboardChart(bindings, 1600, 400, times, series, []);
    const r = await timed(() => chart.render());
    points = r.result;
    chart.free();
    box.remove();
    if (run > 0) samples.push(r.ms);
  }
  return { ...stats(samples), points };
}

async function rerender(bindings) {
  const { times, series } = syntheticSeries(10, 11_000);
  const charts = [];
  for (let i = 0; i < 20; i++) charts.push(meshboardChart(bindings, 600, 200, times, series, []));
  charts.forEach(({ chart }) => chart.render());
  await frame();
  const samples = [];
  const t0 = times[0];
  const span = times[times.length - 1] - t0;
  for (let run = 0; run <= RUNS; run++) {
    // Zoom into a different window each run, as a drag-zoom would.
    const from = t0 + span * (0.1 + 0.02 * run);
    const to = from + span * 0.5;
    const r = await timed(() => charts.forEach(({ chart }) => { chart.set_range(from, to); chart.render(); }));
    if (run > 0) samples.push(r.ms);
  }
  charts.forEach(({ chart, box }) => { chart.free(); box.remove(); });
  return stats(samples);
}

async function hover(bindings) {
  const { times, series } = syntheticSeries(60, 2_000);
  const { chart, box } = meshboardChart(bindings, 1200, 400, times, series, []);
  chart.render();
  await frame();
  const samples = [];
  for (let run = 0; run <= RUNS; run++) {
    const moves = 50;
    const t0 = performance.now();
    let seen = 0;
    for (let i = 0; i < moves; i++) seen += chart.hover(100 + ((i * 37 + run * 11) % 1000), 200);
    const ms = (performance.now() - t0) / moves;
    if (seen === 0) throw new Error('hover found no series');
    if (run > 0) samples.push(ms);
  }
  chart.free();
  box.remove();
  return stats(samples);
}

function promBody(nSeries, nPoints) {
  const t0 = 1795275045;
  const result = [];
  for (let s = 0; s < nSeries; s++) {
    const values = new Array(nPoints);
    for (let i = 0; i < nPoints; i++) values[i] = [t0 + i * 15, String(Math.round((s * 31 + i * 0.37) * 1000) / 1000)];
    result.push({ metric: { __name__: 'agent_mesh_p2p_messages_total', job: 'agent-mesh', instance: `trainer-${s}:9091`, direction: 'sent', message_type: 'gradient' }, values });
  }
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

async function parse(bindings) {
  const text = promBody(1000, 1000);
  const mb = new TextEncoder().encode(text).length / 1e6;
  const parser = new bindings.BenchParser(text);
  const wasm = [];
  const js = [];
  for (let run = 0; run <= RUNS; run++) {
    let t0 = performance.now();
    const samples = parser.parse();
    const wasmMs = performance.now() - t0;
    t0 = performance.now();
    const body = JSON.parse(text);
    let count = 0;
    for (const series of body.data.result) {
      const times = new Float64Array(series.values.length);
      const values = new Float64Array(series.values.length);
      series.values.forEach(([t, v], i) => { times[i] = t * 1000; values[i] = parseFloat(v); });
      count += values.length;
    }
    const jsMs = performance.now() - t0;
    if (samples !== count) throw new Error(`parsers disagree: ${samples} vs ${count}`);
    if (run > 0) { wasm.push(mb / (wasmMs / 1000)); js.push(mb / (jsMs / 1000)); }
  }
  parser.free();
  return { wasm: stats(wasm), js: stats(js), mb };
}

async function main() {
  await new Promise((resolve) => {
    if (window.wasmBindings) resolve();
    else addEventListener('TrunkApplicationStarted', () => resolve(), { once: true });
  });
  const bindings = window.wasmBindings;
  const results = { runs: RUNS, browser: navigator.userAgent };
  try {
    results.uplot = await uplotBench(bindings);
    results.wasm_memory_bytes = bindings.wasm_memory_bytes();
    results.million = await million(bindings);
    results.rerender = await rerender(bindings);
    results.hover = await hover(bindings);
    results.parse = await parse(bindings);
  } catch (e) {
    results.error = String(e && e.stack || e);
  }
  window.__bench = results;
  document.title = 'done';
}

main();
