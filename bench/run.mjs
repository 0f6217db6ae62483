// Drives headless Chromium through the benchmark page and the real app against the devstack;
// prints one JSON object on stdout for `cargo xtask bench`.
import { resolve } from 'node:path';
import { launch } from '../tests/e2e/harness.mjs';
import { serveStatic } from './static_server.mjs';
import { bigDashboardTimings } from './bigdash.mjs';

const BENCH_SITE = resolve(process.env.BENCH_SITE || 'target/bench/site');
const APP_URL = process.env.APP_URL;
const RUNS = Number(process.env.RUNS || 7);
// The app served against node_exporter's Prometheus, and the dashboard file it imports.
const BIG_APP_URL = process.env.BIG_APP_URL;
const BIG_DASHBOARD = process.env.BIG_DASHBOARD;
// BENCH_ONLY=big: the big-dashboard cases, the rerender case and two controls of the engine
// page (a faster loop for issue 17's dashboard figures; the first-load cases are skipped).
const BIG_ONLY = process.env.BENCH_ONLY === 'big';
const PAGE_CASES = BIG_ONLY ? '&cases=million,rerender,hover' : '';

// Installed before the app's own scripts: watches panels and records, relative to navigation
// start, when the first chart panel shows data and when no panel is loading any more.
function watchPanels() {
  window.__timings = {};
  const check = () => {
    const panels = [...document.querySelectorAll('[data-testid="panel"]')];
    if (!panels.length) return;
    const t = performance.now();
    if (window.__timings.first_chart_ms === undefined && panels.some((p) => p.dataset.state === 'ok' && Number(p.dataset.points) > 0)) {
      requestAnimationFrame(() => { window.__timings.first_chart_ms ??= performance.now(); });
    }
    if (window.__timings.dashboard_ready_ms === undefined && panels.every((p) => p.dataset.state !== 'loading')) {
      window.__timings.dashboard_ready_ms = t;
      window.__timings.states = panels.map((p) => `${p.dataset.panelTitle}: ${p.dataset.state}`);
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-points'] });
}

async function gotoCommitted(page, url, attempts = 4) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('Timeout')) throw error;
    }
  }
}

// One visit of the Operations dashboard in a fresh context (no HTTP cache, as a first visit);
// resolves to the page's timings, or null if it did not finish within a minute.
async function dashboardVisit(browser) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 4000 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(watchPanels);
    await gotoCommitted(page, new URL('d/meshboard-operations?from=now-6h&to=now', APP_URL).href);
    const done = await page.waitForFunction(() => window.__timings && window.__timings.dashboard_ready_ms !== undefined && window.__timings.first_chart_ms !== undefined, null, { timeout: 60_000 })
      .then(() => true, () => false);
    if (!done) return null;
    return await page.evaluate(() => {
      // Where the time to the first chart goes: the wasm arriving, the dashboard file, the
      // first request to Prometheus, the first panel query and its answer (resource timings, ms
      // from navigation start).
      const resources = performance.getEntriesByType('resource');
      const first = (test) => resources.filter((r) => test(r.name)).sort((a, b) => a.startTime - b.startTime)[0];
      const wasm = first((n) => n.endsWith('.wasm'));
      const started = performance.getEntriesByName('meshboard-wasm-started')[0];
      const config = first((n) => n.endsWith('/config.json'));
      const dashboard = first((n) => n.includes('/dashboards/') && !n.endsWith('/index.json'));
      const anyPrometheus = first((n) => n.includes('/prometheus/'));
      const query = first((n) => n.includes('/prometheus/api/v1/query'));
      return {
        ...window.__timings,
        wasm_loaded_ms: wasm && wasm.responseEnd,
        // main() runs: the wasm is compiled and instantiated.
        wasm_started_ms: started && started.startTime,
        config_requested_ms: config && config.startTime,
        dashboard_file_requested_ms: dashboard && dashboard.startTime,
        dashboard_file_loaded_ms: dashboard && dashboard.responseEnd,
        // The dashboard's variables (label_values) are asked before any panel query.
        first_backend_request_ms: anyPrometheus && anyPrometheus.startTime,
        first_query_sent_ms: query && query.startTime,
        first_query_answered_ms: query && query.responseEnd,
      };
    });
  } finally {
    await context.close();
  }
}

const BREAKDOWN = ['config_requested_ms', 'wasm_loaded_ms', 'wasm_started_ms', 'dashboard_file_requested_ms', 'dashboard_file_loaded_ms', 'first_backend_request_ms', 'first_query_sent_ms', 'first_query_answered_ms'];

async function dashboardTimings(browser) {
  const first = [];
  const ready = [];
  let states = [];
  let stalled = 0;
  const breakdown = {};
  for (let run = 0; run <= RUNS; run++) {
    // A visit whose request stalls in the app server (see static_server.mjs) is not a figure
    // of the app: visit again, at most three times, and count it.
    let timings = null;
    for (let attempt = 1; timings === null; attempt++) {
      timings = await dashboardVisit(browser);
      if (timings === null) {
        stalled++;
        console.error(`bench: dashboard run ${run} did not finish in 60 s`);
        if (attempt >= 3) throw new Error('the Operations dashboard never finished loading in 3 visits');
      }
    }
    console.error(`bench: dashboard run ${run}: first chart ${Math.round(timings.first_chart_ms)} ms, ready ${Math.round(timings.dashboard_ready_ms)} ms`);
    states = timings.states;
    if (run > 0) {
      first.push(timings.first_chart_ms);
      ready.push(timings.dashboard_ready_ms);
      for (const key of BREAKDOWN) (breakdown[key] ||= []).push(timings[key] ?? NaN);
    }
  }
  const stats = (s) => { const v = [...s].sort((a, b) => a - b); return { median: v[Math.floor(v.length / 2)], min: v[0], max: v[v.length - 1] }; };
  const medians = Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, stats(v).median]));
  const ranges = Object.fromEntries(Object.entries(breakdown).map(([k, v]) => { const s = stats(v); return [k, [s.min, s.max]]; }));
  return { first_chart: stats(first), dashboard_ready: stats(ready), states, stalled_visits: stalled, first_chart_breakdown: medians, first_chart_breakdown_range: ranges };
}

const site = await serveStatic(BENCH_SITE);
const BENCH_URL = `${site.url}index.html`;
const browser = await launch();
const out = { browser: browser.version() };
try {
  const context = await browser.newContext({ viewport: { width: 2000, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`bench page error: ${e.message}`));
  page.on('console', (m) => { if (m.text().startsWith('bench:')) console.error(m.text()); });
  // `commit`, not `load`: the page starts its cases as soon as the wasm is up. A fresh
  // Chromium's first navigation (or one of its first requests) sometimes stalls
  // (tests/e2e/harness.mjs): load again until the wasm has started.
  for (let attempt = 1; ; attempt++) {
    await gotoCommitted(page, `${BENCH_URL}?runs=${RUNS}${PAGE_CASES}`);
    const started = await page.waitForFunction(() => window.wasmBindings !== undefined, null, { timeout: 60_000 })
      .then(() => true, () => false);
    if (started) break;
    if (attempt >= 3) throw new Error('the benchmark page did not start its wasm in 3 attempts');
    console.error('bench: the page did not start in 60 s; loading it again');
  }
  await page.waitForFunction(() => document.title === 'done', null, { timeout: 900_000, polling: 1000 });
  out.page = await page.evaluate(() => window.__bench);
  await context.close();
  if (APP_URL && !BIG_ONLY) out.dashboard = await dashboardTimings(browser);
  if (BIG_APP_URL) {
    // BIG_BASE_URL (BENCH_BASELINE_DIST in xtask): a baseline build visited in turn with this one.
    const apps = { current: BIG_APP_URL, ...(process.env.BIG_BASE_URL ? { baseline: process.env.BIG_BASE_URL } : {}) };
    const big = await bigDashboardTimings(browser, apps, BIG_DASHBOARD, RUNS);
    out.big_dashboard = big.current;
    if (big.baseline) out.big_dashboard_baseline = big.baseline;
  }
} catch (e) {
  out.error = String(e && e.stack || e);
} finally {
  await browser.close();
  site.close();
}
process.stdout.write(`${JSON.stringify(out)}\n`);
