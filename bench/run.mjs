// Drives headless Chromium through the benchmark page and the real app against the devstack;
// prints one JSON object on stdout for `cargo xtask bench`.
import { launch } from '../tests/e2e/harness.mjs';

const BENCH_URL = process.env.BENCH_URL;
const APP_URL = process.env.APP_URL;
const RUNS = Number(process.env.RUNS || 7);

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

async function dashboardTimings(browser) {
  const first = [];
  const ready = [];
  let states = [];
  for (let run = 0; run <= RUNS; run++) {
    // A fresh context each run: no HTTP cache, as a first visit.
    const context = await browser.newContext({ viewport: { width: 1920, height: 4000 } });
    const page = await context.newPage();
    await page.addInitScript(watchPanels);
    await page.goto(new URL('d/meshboard-operations?from=now-6h&to=now', APP_URL).href);
    await page.waitForFunction(() => window.__timings && window.__timings.dashboard_ready_ms !== undefined && window.__timings.first_chart_ms !== undefined, null, { timeout: 60_000 });
    const timings = await page.evaluate(() => window.__timings);
    states = timings.states;
    if (run > 0) { first.push(timings.first_chart_ms); ready.push(timings.dashboard_ready_ms); }
    await context.close();
  }
  const stats = (s) => { const v = [...s].sort((a, b) => a - b); return { median: v[Math.floor(v.length / 2)], min: v[0], max: v[v.length - 1] }; };
  return { first_chart: stats(first), dashboard_ready: stats(ready), states };
}

const browser = await launch();
const out = { browser: browser.version() };
try {
  const context = await browser.newContext({ viewport: { width: 2000, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`bench page error: ${e.message}`));
  await page.goto(`${BENCH_URL}?runs=${RUNS}`);
  await page.waitForFunction(() => document.title === 'done', null, { timeout: 600_000 });
  out.page = await page.evaluate(() => window.__bench);
  await context.close();
  if (APP_URL) out.dashboard = await dashboardTimings(browser);
} catch (e) {
  out.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(out)}\n`);
