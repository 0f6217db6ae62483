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
// BENCH_ONLY=first: only the Operations dashboard's first load (issue 17's chain of waits),
// its visits alternating with BASE_APP_URL's (a baseline build) when that is set.
const FIRST_ONLY = process.env.BENCH_ONLY === 'first';
const BASE_APP_URL = process.env.BASE_APP_URL;
const PAGE_CASES = BIG_ONLY ? '&cases=million,rerender,hover' : '';

// Installed before the app's own scripts: watches panels and records, relative to navigation
// start, when the first chart panel shows data and when no panel is loading any more.
function watchPanels() {
  window.__timings = {};
  const check = () => {
    const panels = [...document.querySelectorAll('[data-testid="panel"]')];
    if (!panels.length) return;
    const t = performance.now();
    // The grid's panels are in the document (the dashboard is parsed and laid out).
    window.__timings.panels_mounted_ms ??= t;
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
async function dashboardVisit(browser, appUrl) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 4000 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(watchPanels);
    await gotoCommitted(page, new URL('d/meshboard-operations?from=now-6h&to=now', appUrl).href);
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
      const mark = (name) => { const m = performance.getEntriesByName(name)[0]; return m && m.startTime; };
      const started = performance.getEntriesByName('meshboard-wasm-started')[0];
      const config = first((n) => n.endsWith('/config.json'));
      const index = first((n) => n.endsWith('/dashboards/index.json'));
      const dashboard = first((n) => n.includes('/dashboards/') && !n.endsWith('/index.json'));
      const anyPrometheus = first((n) => n.includes('/prometheus/'));
      const query = first((n) => n.includes('/prometheus/api/v1/query'));
      return {
        ...window.__timings,
        wasm_requested_ms: wasm && wasm.startTime,
        wasm_loaded_ms: wasm && wasm.responseEnd,
        // main() runs: the wasm is compiled and instantiated.
        wasm_started_ms: started && started.startTime,
        config_requested_ms: config && config.startTime,
        config_loaded_ms: config && config.responseEnd,
        index_loaded_ms: index && index.responseEnd,
        // The app's marks (src/ui/app.rs, src/ui/pages/dashboard/load.rs): the configured app
        // mounts; the dashboard's file is parsed.
        config_ready_ms: mark('meshboard-config-ready'),
        dashboard_parsed_ms: mark('meshboard-dashboard-parsed'),
        // The first screen's panel queries handed to the network (api::early_queries).
        first_queries_sent_ms: mark('meshboard-first-queries-sent'),
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

// The chain to the first chart, in the order it should happen (ms from navigation start).
const BREAKDOWN = ['config_requested_ms', 'wasm_requested_ms', 'config_loaded_ms', 'index_loaded_ms', 'dashboard_file_requested_ms', 'dashboard_file_loaded_ms', 'wasm_loaded_ms', 'wasm_started_ms', 'config_ready_ms', 'dashboard_parsed_ms', 'first_queries_sent_ms', 'panels_mounted_ms', 'first_backend_request_ms', 'first_query_sent_ms', 'first_query_answered_ms', 'first_chart_ms'];

/** One visit of `appUrl`, visited again (at most three times) when it stalls. */
async function finishedVisit(browser, appUrl, label, run, counts) {
  for (let attempt = 1; ; attempt++) {
    // A visit whose request stalls in the app server (see static_server.mjs) is not a figure
    // of the app: visit again, and count it.
    const timings = await dashboardVisit(browser, appUrl);
    if (timings !== null) {
      console.error(`bench: ${label} run ${run}: first chart ${Math.round(timings.first_chart_ms)} ms, ready ${Math.round(timings.dashboard_ready_ms)} ms`);
      return timings;
    }
    counts.stalled++;
    console.error(`bench: ${label} run ${run} did not finish in 60 s`);
    if (attempt >= 3) throw new Error(`the Operations dashboard (${label}) never finished loading in 3 visits`);
  }
}

const stats = (s) => { const v = s.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b); return { median: v[Math.floor(v.length / 2)], min: v[0], max: v[v.length - 1] }; };

/** Medians and ranges of a build's visits. */
function summary(visits, stalled) {
  const of = (key) => stats(visits.map((t) => t[key] ?? NaN));
  const breakdown = Object.fromEntries(BREAKDOWN.map((k) => [k, of(k)]));
  return {
    first_chart: of('first_chart_ms'),
    dashboard_ready: of('dashboard_ready_ms'),
    states: visits.length ? visits[visits.length - 1].states : [],
    stalled_visits: stalled,
    first_chart_breakdown: Object.fromEntries(BREAKDOWN.map((k) => [k, breakdown[k].median])),
    first_chart_breakdown_range: Object.fromEntries(BREAKDOWN.map((k) => [k, [breakdown[k].min, breakdown[k].max]])),
  };
}

/** The breakdown as a table on stderr: this build, and the baseline's beside it. */
function printBreakdown(current, baseline) {
  const cell = (s, k) => {
    const m = s.first_chart_breakdown[k];
    const [a, b] = s.first_chart_breakdown_range[k];
    return m === undefined ? 'n/a' : `${Math.round(m)} (${Math.round(a)}-${Math.round(b)})`;
  };
  console.error(`bench: first chart, ms from navigation start: median (min-max)${baseline ? '; baseline build in turn' : ''}`);
  for (const k of BREAKDOWN) {
    console.error(`bench:   ${k.padEnd(28)} ${cell(current, k).padEnd(18)} ${baseline ? `baseline ${cell(baseline, k)}` : ''}`);
  }
}

async function dashboardTimings(browser) {
  // Visits alternate between this build and the baseline one (if any), so a slow spell of the
  // shared machine hits both; run 0 of each warms the servers and is not counted.
  const apps = [['current', APP_URL], ...(BASE_APP_URL ? [['baseline', BASE_APP_URL]] : [])];
  const visits = Object.fromEntries(apps.map(([label]) => [label, []]));
  const counts = Object.fromEntries(apps.map(([label]) => [label, { stalled: 0 }]));
  for (let run = 0; run <= RUNS; run++) {
    const order = run % 2 === 0 ? apps : [...apps].reverse();
    for (const [label, url] of order) {
      const timings = await finishedVisit(browser, url, label, run, counts[label]);
      if (run > 0) visits[label].push(timings);
    }
  }
  const current = summary(visits.current, counts.current.stalled);
  const baseline = BASE_APP_URL ? summary(visits.baseline, counts.baseline.stalled) : null;
  printBreakdown(current, baseline);
  return { current, baseline };
}

/** The engine cases next to uPlot (bench/harness.js), into `out.page`. */
async function enginePage(browser, out) {
  const site = await serveStatic(BENCH_SITE);
  const BENCH_URL = `${site.url}index.html`;
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
  } finally {
    site.close();
  }
}

const browser = await launch();
const out = { browser: browser.version(), page: {} };
try {
  if (!FIRST_ONLY) await enginePage(browser, out);
  if (APP_URL && !BIG_ONLY) {
    const { current, baseline } = await dashboardTimings(browser);
    out.dashboard = current;
    if (baseline) out.dashboard_baseline = baseline;
  }
  if (BIG_APP_URL && !FIRST_ONLY) {
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
}
process.stdout.write(`${JSON.stringify(out)}\n`);
