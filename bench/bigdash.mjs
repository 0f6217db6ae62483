// The big-dashboard cases of `cargo xtask bench`: Node Exporter Full (141 grid items, 111 time
// series) with every row open, against a real node_exporter scraped by a real Prometheus (the
// backends of `cargo xtask fidelity`, started by xtask/src/bench.rs). Frame times are the
// deltas between requestAnimationFrame callbacks while the page works (a frame the main thread
// holds up shows as a long delta), with the long-animation-frame entries counted beside them.
import { readFileSync } from 'node:fs';

const VIEWPORT = { width: 1920, height: 1080 };
const UID = 'bench-node-exporter-full-open';

/** Grafana's saved Node Exporter Full with every collapsed row opened as Grafana saves an open
 * row: its panels follow it at the top level, rebased under it, and the rest moves down. */
export function allRowsOpen(text) {
  const dashboard = JSON.parse(text);
  const out = [];
  let cursor = 0;
  for (const item of dashboard.panels) {
    const children = item.type === 'row' && item.collapsed ? item.panels || [] : [];
    if (item.type === 'row' && item.collapsed) {
      item.gridPos = { ...item.gridPos, y: cursor };
      item.collapsed = false;
      item.panels = [];
      out.push(item);
      cursor += 1;
      const top = Math.min(...children.map((c) => c.gridPos.y));
      const base = cursor;
      for (const child of children) {
        child.gridPos = { ...child.gridPos, y: base + child.gridPos.y - top };
        cursor = Math.max(cursor, child.gridPos.y + child.gridPos.h);
        out.push(child);
      }
    } else {
      out.push(item);
      cursor = Math.max(cursor, item.gridPos.y + item.gridPos.h);
    }
  }
  dashboard.panels = out;
  dashboard.uid = UID;
  // Grafana's shared crosshair (it already is 1 in the saved file; said here so the case holds).
  dashboard.graphTooltip = 1;
  return JSON.stringify(dashboard);
}

// Installed before the app's scripts: a frame recorder (rAF deltas and long animation frames)
// that the cases start and stop.
function frameRecorder() {
  const rec = { on: false, deltas: [], last: 0, loafs: 0, loafMs: [] };
  window.__frames = rec;
  const tick = (t) => {
    if (rec.on) {
      if (rec.last) rec.deltas.push(t - rec.last);
      rec.last = t;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      if (!rec.on) return;
      for (const e of list.getEntries()) { rec.loafs++; rec.loafMs.push(e.duration); }
    }).observe({ type: 'long-animation-frame', buffered: false });
  } catch { /* no LoAF in this browser: the rAF deltas still count */ }
  rec.start = () => { rec.on = true; rec.deltas = []; rec.last = 0; rec.loafs = 0; rec.loafMs = []; };
  rec.stop = () => { rec.on = false; return { deltas: rec.deltas, loafs: rec.loafs, loafMs: rec.loafMs }; };
}

const quantile = (values, q) => {
  const v = [...values].sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.floor(q * v.length))] : NaN;
};
const frameStats = ({ deltas, loafs }) => ({ p95: quantile(deltas, 0.95), median: quantile(deltas, 0.5), frames: deltas.length, long_animation_frames: loafs });

// In the page: every panel whose box meets the viewport has finished (not loading), and so
// has each of their charts (drawn at least once when it has data).
function visiblePanelsDone() {
  const panels = [...document.querySelectorAll('[data-testid="panel"]')].filter((p) => {
    const r = p.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.width > 0;
  });
  if (!panels.length) return false;
  return panels.every((p) => {
    if (p.dataset.state === 'loading') return false;
    const canvas = p.querySelector('canvas.ts-data');
    return !canvas || p.dataset.state !== 'ok' || Number(canvas.dataset.draws || 1) > 0;
  });
}

async function importOnce(context, appUrl, file) {
  const page = await context.newPage();
  await page.goto(new URL('dashboard/import', appUrl).href, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.getByTestId('import-note').waitFor({ timeout: 120_000 });
  const text = allRowsOpen(readFileSync(file, 'utf8'));
  await page.getByTestId('import-file').setInputFiles({ name: 'node-exporter-full-open.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => document.querySelector('[data-testid="import-text"]').value.length === n, text.length);
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//, { timeout: 60_000 });
  const url = new URL(page.url());
  await page.close();
  url.searchParams.set('from', 'now-1h');
  url.searchParams.set('to', 'now');
  url.searchParams.set('theme', 'dark');
  return url.href;
}

/** Every chart's draw count by grid key (charts not mounted are absent). */
const drawCounts = (page) => page.$$eval('[data-testid="grid-item"]', (items) => Object.fromEntries(items
  .map((i) => [i.dataset.key, i.querySelector('canvas.ts-data')?.dataset.draws])
  .filter(([, d]) => d !== undefined).map(([k, d]) => [k, Number(d)])));

// BENCH_TRACE=<file>: the first measured visit is recorded as a Chromium trace (where each
// frame's time goes: script, style, layout, paint, raster), its phases marked with
// performance.mark (`bench-<phase>-start` / `-end`); `node bench/trace_summary.mjs <file>` sums it.
const TRACE = process.env.BENCH_TRACE;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute', 'toplevel', 'cc', 'viz', 'disabled-by-default-devtools.timeline.frame'];

/** One visit: ready, a scroll through, the shared crosshair, a row closed and opened. */
async function visit(context, url, trace) {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`bench big dashboard page error: ${e.message}`));
  await page.addInitScript(frameRecorder);
  if (trace) await context.browser().startTracing(page, { path: trace, categories: TRACE_CATEGORIES });
  const mark = (name) => page.evaluate((n) => performance.mark(`bench-${n}`), name);
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    await page.waitForFunction(visiblePanelsDone, null, { timeout: 120_000, polling: 'raf' });
    const ready = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
    const counts = await page.evaluate(() => ({
      grid_items: document.querySelectorAll('[data-testid="grid-item"]').length,
      grid_height_units: Math.max(...[...document.querySelectorAll('[data-testid="grid-item"]')].map((e) => { const [, y, , h] = e.dataset.gridPos.split(',').map(Number); return y + h; })),
      charts: document.querySelectorAll('canvas.ts-data').length,
    }));

    // The machine's floor: frames of the page doing nothing (headless Chromium under load
    // may not reach 60 frames a second even then).
    const idle = await page.evaluate(() => new Promise((resolve) => {
      window.__frames.start();
      setTimeout(() => resolve(window.__frames.stop()), 1000);
    }));

    // Scrolling through all of it, 50 px a frame (3,000 px/s, a brisk wheel), top to bottom:
    // panels come into view, query and draw while the page scrolls.
    await mark('scroll-start');
    const scroll = await page.evaluate(() => new Promise((resolve) => {
      const rec = window.__frames;
      const end = document.scrollingElement.scrollHeight - innerHeight;
      rec.start();
      const step = () => {
        if (scrollY >= end - 1) { resolve(rec.stop()); return; }
        scrollBy(0, 50);
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    }));

    await mark('scroll-end');
    // Back at the top, settled: the pointer sweeps one chart; every chart in view follows.
    await page.evaluate(() => scrollTo(0, 0));
    await page.waitForFunction(visiblePanelsDone, null, { timeout: 120_000, polling: 'raf' });
    const target = await page.evaluate(() => {
      const inView = [...document.querySelectorAll('[data-testid="chart-overlay"]')].filter((c) => {
        const r = c.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && r.width > 100;
      });
      const r = inView[0].getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height, in_view: inView.length };
    });
    const y = target.y + target.h / 2;
    await page.mouse.move(target.x + 40, y);
    await page.evaluate(() => { performance.mark('bench-crosshair-start'); window.__frames.start(); });
    await page.mouse.move(target.x + target.w - 40, y, { steps: 80 });
    const crosshair = await page.evaluate(() => { performance.mark('bench-crosshair-end'); return window.__frames.stop(); });
    // How many charts in view show a line now (their overlay holds drawn pixels).
    const crosshairCharts = await page.evaluate(() => [...document.querySelectorAll('[data-testid="chart-overlay"]')].filter((c) => {
      const r = c.getBoundingClientRect();
      if (!(r.top >= 0 && r.bottom <= innerHeight) || !c.width) return false;
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < px.length; i += 4) if (px[i]) return true;
      return false;
    }).length);
    await page.mouse.move(1, 1);

    // A row in view closed, then opened: click to the frame after the grid changed.
    const toggles = [];
    let redrawn = 0;
    for (let i = 0; i < 2; i++) {
      const before = await drawCounts(page);
      const ms = await page.evaluate(() => new Promise((resolve) => {
        const rows = [...document.querySelectorAll('[data-testid="dashboard-row"]')].filter((r) => r.getBoundingClientRect().top > 100 && r.getBoundingClientRect().bottom < innerHeight);
        const row = rows[0];
        const was = row.dataset.collapsed;
        const t0 = performance.now();
        performance.mark('bench-toggle-start');
        row.click();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => { performance.mark('bench-toggle-end'); resolve(row.dataset.collapsed !== was ? performance.now() - t0 : NaN); };
          channel.port2.postMessage(0);
        });
      }));
      const after = await drawCounts(page);
      redrawn += Object.entries(before).filter(([k, n]) => n > 0 && after[k] !== undefined && after[k] !== n).length;
      toggles.push(ms);
      await page.waitForTimeout(300);
    }
    return { ready_ms: ready, ...counts, idle: frameStats(idle), scroll: frameStats(scroll), crosshair: frameStats(crosshair), crosshair_charts: crosshairCharts, crosshair_in_view: target.in_view, row_toggle_ms: toggles, row_toggle_redrawn: redrawn };
  } finally {
    if (trace) await context.browser().stopTracing();
    await page.close();
  }
}

const stats = (s) => { const v = [...s].sort((a, b) => a - b); return { median: v[Math.floor(v.length / 2)], min: v[0], max: v[v.length - 1] }; };

/** The figures of one app's visits: medians and ranges over the visits. */
function summarize(visits) {
  const of = (f) => stats(visits.map(f));
  return {
    ready: of((v) => v.ready_ms),
    idle_p95: of((v) => v.idle.p95),
    idle_median: of((v) => v.idle.median),
    scroll_p95: of((v) => v.scroll.p95),
    scroll_median: of((v) => v.scroll.median),
    scroll_long_frames: of((v) => v.scroll.long_animation_frames),
    crosshair_p95: of((v) => v.crosshair.p95),
    crosshair_median: of((v) => v.crosshair.median),
    crosshair_charts: of((v) => v.crosshair_charts),
    crosshair_in_view: of((v) => v.crosshair_in_view),
    row_toggle: stats(visits.flatMap((v) => v.row_toggle_ms)),
    row_toggle_redrawn: visits.map((v) => v.row_toggle_redrawn),
    grid_items: visits[0].grid_items,
    grid_height_units: visits[0].grid_height_units,
  };
}

/** The warm-up visit, then `runs` visits of each app (`{ label: url }`; two apps alternate
 * visit by visit, so a slow spell of the machine hits both); figures per app as median and
 * range over its visits. */
export async function bigDashboardTimings(browser, apps, file, runs) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const urls = {};
    for (const [label, app] of Object.entries(apps)) urls[label] = await importOnce(context, app, file);
    const visits = Object.fromEntries(Object.keys(urls).map((l) => [l, []]));
    for (let run = 0; run <= runs; run++) {
      // Which app goes first alternates run by run: the second visit of a pair meets the
      // backends just warmed by the first (seen as a first-visit bias in ready times).
      const pair = Object.entries(urls);
      for (const [label, url] of run % 2 ? pair.reverse() : pair) {
        const trace = run === 1 && TRACE ? TRACE.replace(/(\.json)?$/, `-${label}.json`) : undefined;
        const v = await visit(context, url, trace);
        console.error(`bench: big dashboard ${label} run ${run}: ready ${Math.round(v.ready_ms)} ms, idle p95 ${v.idle.p95.toFixed(1)} ms, scroll p95 ${v.scroll.p95.toFixed(1)} ms, crosshair p95 ${v.crosshair.p95.toFixed(1)} ms (${v.crosshair_charts}/${v.crosshair_in_view} charts), row toggle ${v.row_toggle_ms.map((t) => t.toFixed(0)).join('/')} ms, redrawn ${v.row_toggle_redrawn}`);
        if (run > 0) visits[label].push(v);
      }
    }
    return Object.fromEntries(Object.entries(visits).map(([label, v]) => [label, summarize(v)]));
  } finally {
    await context.close();
  }
}
