// Meshboard vs uPlot (and wasm vs JSON.parse), measured inside one page of one browser.
// Each case: one warm-up, then RUNS runs, the two sides alternating so machine noise hits
// both alike. A run is timed with performance.now() around the work plus one
// requestAnimationFrame, so the paint the work caused is counted. Results land in
// window.__bench (read by bench/run.mjs).

const RUNS = Number(new URLSearchParams(location.search).get('runs') || 7);
// `?cases=rerender,hover` runs only those cases (`cargo xtask bench` with BENCH_ONLY=big).
const CASES = new URLSearchParams(location.search).get('cases')?.split(',');
const wanted = (name) => !CASES || CASES.includes(name);
const stage = document.getElementById('stage');
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

// A task boundary: every microtask queued so far (uPlot draws in one, Leptos' effects run as
// microtasks) has run.
const nextTask = () => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(0);
});

// Chromium records canvas 2D calls and rasterises them later: reading one pixel makes it
// rasterise now, inside the timed span.
function rasterise(root) {
  for (const canvas of root.querySelectorAll('canvas')) {
    if (canvas.width > 0 && canvas.height > 0) canvas.getContext('2d').getImageData(0, 0, 1, 1);
  }
}

// `ms`: performance.now() around the work plus one requestAnimationFrame (the figure the
// report keys hold). `work_ms`: the same span stopped before the frame wait, after pending
// microtasks ran and the canvases under `root` were rasterised; free of the up-to-16.7 ms
// wait for the next frame, so it shows the cost itself.
async function timed(work, root) {
  const t0 = performance.now();
  const result = work();
  let workMs = NaN;
  if (root) {
    await nextTask();
    rasterise(root);
    workMs = performance.now() - t0;
  }
  await frame();
  return { ms: performance.now() - t0, work_ms: workMs, result };
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
  const oursWork = [];
  const theirsWork = [];
  let points = 0;
  for (let run = 0; run <= RUNS; run++) {
    const { chart, box } = meshboardChart(bindings, 1920, 600, timesMs, [data[1], data[2], data[3]], [2]);
    const mine = await timed(() => chart.render(), box);
    points = mine.result;
    chart.free();
    box.remove();
    const host = document.createElement('div');
    stage.append(host);
    const other = await timed(() => new uPlot(opts, data, host), host);
    other.result.destroy();
    host.remove();
    if (run > 0) {
      ours.push(mine.ms); theirs.push(other.ms);
      oursWork.push(mine.work_ms); theirsWork.push(other.work_ms);
    }
  }
  // The two draws of one run follow each other, so a slow spell of the machine hits both: the
  // median of the per-run ratios is steadier than the ratio of the two medians.
  const pairRatios = (a, b) => stats(a.map((x, i) => x / b[i]));
  return {
    ours: stats(ours), theirs: stats(theirs), ours_work: stats(oursWork), theirs_work: stats(theirsWork),
    paired_ratio: pairRatios(ours, theirs), paired_ratio_work: pairRatios(oursWork, theirsWork),
    points, total_points: (data.length - 1) * data[0].length,
  };
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
  const work = [];
  let points = 0;
  for (let run = 0; run <= RUNS; run++) {
    const { chart, box } = meshboardChart(bindings, 1600, 400, times, series, []);
    const r = await timed(() => chart.render(), box);
    points = r.result;
    chart.free();
    box.remove();
    if (run > 0) { samples.push(r.ms); work.push(r.work_ms); }
  }
  return { ...stats(samples), work: stats(work), points };
}

async function rerender(bindings) {
  const { times, series } = syntheticSeries(10, 11_000);
  const charts = [];
  for (let i = 0; i < 20; i++) charts.push(meshboardChart(bindings, 600, 200, times, series, []));
  // The 20 charts stack 4,000 px tall in a 1,000 px viewport, as on a long dashboard. The
  // dashboard grid tells each chart whether it is in view (an IntersectionObserver); this does
  // the same, so a chart out of view only notes that it is stale and paints when scrolled in.
  // (Engines without `set_in_view` paint all 20.)
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) charts.find((c) => c.box === e.target)?.chart.set_in_view?.(e.isIntersecting);
  });
  charts.forEach(({ box }) => observer.observe(box));
  charts.forEach(({ chart }) => chart.render());
  await frame();
  await frame();
  const samples = [];
  const work = [];
  const t0 = times[0];
  const span = times[times.length - 1] - t0;
  for (let run = 0; run <= RUNS; run++) {
    // Zoom into a different window each run, as a drag-zoom would.
    const from = t0 + span * (0.1 + 0.02 * run);
    const to = from + span * 0.5;
    const r = await timed(() => charts.forEach(({ chart }) => { chart.set_range(from, to); chart.render(); }), stage);
    if (run > 0) { samples.push(r.ms); work.push(r.work_ms); }
  }
  const inView = charts.filter(({ box }) => { const r = box.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }).length;
  // The charts out of view paint the last window once they scroll in.
  const painted = charts.map(({ chart }) => chart.draws?.() ?? 0);
  stage.lastElementChild.scrollIntoView();
  await frame();
  await frame();
  const caughtUp = charts.filter(({ chart }, i) => (chart.draws?.() ?? 1) > painted[i]).length;
  observer.disconnect();
  charts.forEach(({ chart, box }) => { chart.free(); box.remove(); });
  scrollTo(0, 0);
  return { ...stats(samples), work: stats(work), in_view: inView, painted_when_scrolled_in: caughtUp };
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

function host(width) {
  const box = document.createElement('div');
  box.style.width = `${width}px`;
  stage.append(box);
  return box;
}

// 5,000 lines (Loki's default cap) from parsed streams to rows on screen: the columnar table,
// the virtualized list mounted, plus one frame. Then scrolling: each step moves 240 px (12
// rows) inside a frame and is timed from setting scrollTop to the new rows laid out (scroll
// handler, Leptos' update of the rows, forced style and layout); a run is the mean of 30 steps.
async function logsCase(bindings) {
  const LINES = 5000;
  const HEIGHT = 800;
  const STEPS = 30;
  const bench = new bindings.BenchLogs(LINES);
  const render = [];
  const renderWork = [];
  const scroll = [];
  let rows = 0;
  for (let run = 0; run <= RUNS; run++) {
    const box = host(1600);
    bench.prepare();
    const r = await timed(() => bench.render(box, HEIGHT), box);
    if (r.result !== LINES) throw new Error(`logs list holds ${r.result} lines, not ${LINES}`);
    rows = box.querySelectorAll('[data-testid="log-row"]').length;
    if (rows === 0) throw new Error('the logs list rendered no rows');
    const scroller = box.querySelector('[data-testid="logs-list"]');
    // Start well inside the list: near the top, the rows rendered above the viewport
    // (overscan) absorb the first steps and nothing would change.
    scroller.scrollTop = 4000;
    scroller.dispatchEvent(new Event('scroll'));
    await nextTask();
    let total = 0;
    let firstText = box.querySelector('[data-testid="log-row"]').textContent;
    for (let step = 1; step <= STEPS; step++) {
      await frame();
      const t0 = performance.now();
      scroller.scrollTop = 4000 + step * 240;
      scroller.dispatchEvent(new Event('scroll'));
      await nextTask();
      const first = box.querySelector('[data-testid="log-row"]');
      first.getBoundingClientRect();
      total += performance.now() - t0;
      if (first.textContent === firstText) throw new Error(`scroll step ${step} did not change the rows`);
      firstText = first.textContent;
    }
    bench.unmount();
    box.remove();
    if (run > 0) { render.push(r.ms); renderWork.push(r.work_ms); scroll.push(total / STEPS); }
  }
  bench.free();
  return { render: stats(render), render_work: stats(renderWork), scroll: stats(scroll), rows_in_dom: rows };
}

// A trace arriving: the model (tree, summary, critical path, colours) and the canvas timeline
// mounted (labels for the rows in view, bars painted), plus one frame.
async function traceCase(bindings, spans) {
  const bench = new bindings.BenchTrace(spans);
  const samples = [];
  const work = [];
  for (let run = 0; run <= RUNS; run++) {
    const box = host(1600);
    bench.prepare();
    const r = await timed(() => bench.open(box, 800), box);
    const timeline = box.querySelector('[data-testid="trace-timeline"]');
    if (!timeline || Number(timeline.dataset.rows) !== spans) throw new Error(`trace timeline shows ${timeline && timeline.dataset.rows} rows, not ${spans}`);
    if (!box.querySelector('[data-testid="span-row"]')) throw new Error('trace timeline has no span labels');
    bench.unmount();
    box.remove();
    if (run > 0) { samples.push(r.ms); work.push(r.work_ms); }
  }
  bench.free();
  return { ...stats(samples), work: stats(work) };
}

async function main() {
  await new Promise((resolve) => {
    if (window.wasmBindings) resolve();
    else addEventListener('TrunkApplicationStarted', () => resolve(), { once: true });
  });
  const bindings = window.wasmBindings;
  const results = { runs: RUNS, browser: navigator.userAgent };
  // One line per case on the console: bench/run.mjs shows them as progress.
  const step = async (name, work) => {
    if (!wanted(name)) return undefined;
    const t0 = performance.now();
    const result = await work();
    console.log(`bench: ${name} done in ${Math.round(performance.now() - t0)} ms`);
    return result;
  };
  try {
    results.uplot = await step('uplot', () => uplotBench(bindings));
    if (wanted('uplot')) results.wasm_memory_bytes = bindings.wasm_memory_bytes();
    results.million = await step('million', () => million(bindings));
    results.rerender = await step('rerender', () => rerender(bindings));
    results.hover = await step('hover', () => hover(bindings));
    results.parse = await step('parse', () => parse(bindings));
    results.logs = await step('logs', () => logsCase(bindings));
    results.trace_10k = await step('trace 10k', () => traceCase(bindings, 10_000));
    results.trace_50k = await step('trace 50k', () => traceCase(bindings, 50_000));
  } catch (e) {
    results.error = String(e && e.stack || e);
  }
  window.__bench = results;
  document.title = 'done';
}

main();
