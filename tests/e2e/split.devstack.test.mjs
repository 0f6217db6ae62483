// The wasm split end to end (issue 17): a dashboard is drawn from the main module alone, the
// pages it does not need (logs and traces explorers, dependency graph, metrics explorer,
// alerts, import, settings) are fetched only after its first panel is drawn, every such page
// loads and works when navigated to, and a page whose chunk cannot be loaded says so in the
// page area while the rest of the app keeps working. Panel types a dashboard of time series
// does not have (logs, traces, node graph, text, table) are chunks too: fetched only when a
// panel of that type comes into view (or on idle, which kiosk mode turns off), and a panel
// whose type's chunk fails says so in its own frame while the other panels draw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const url = (path) => new URL(path, BASE).href;
// What `cargo xtask dist` names the chunks: `split_<page>-<hash>.wasm` (one per page) and
// `chunk_<n>-<hash>.wasm` (code two pages share).
const CHUNK = /\/(split|chunk)_[a-z_0-9]+-[0-9a-f]{16}\.wasm$/;
const PAGES = ['explore_logs', 'explore_traces', 'explore_metrics', 'alerts', 'trace_dependencies', 'import', 'settings'];
// The panel types' chunks (src/ui/lazy/panel_chunks.rs).
const PANEL_CHUNK = /\/split_panel_(logs|traces|node_graph|text|table)-[0-9a-f]{16}\.wasm$/;

// `cargo xtask e2e --dev` builds one module (debug builds are not split): nothing to test there.
const indexPage = await (await fetch(BASE)).text();
const skip = indexPage.includes('__wasm_split-') ? false : 'a debug build: only release builds are split';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Records, in the page, when the first panel was drawn (a canvas with painted pixels in a
 * panel whose data arrived), on the same clock as the resource timings. */
async function recordFirstDraw(page) {
  await page.addInitScript(() => {
    const painted = (panel) => [...panel.querySelectorAll('canvas')].some((canvas) => {
      if (!canvas.width || !canvas.height) return false;
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
      return false;
    });
    const check = () => {
      if (window.__firstDraw !== undefined) return;
      const drawn = [...document.querySelectorAll('[data-testid="panel"][data-state="ok"]')].find(painted);
      if (drawn) {
        window.__firstDraw = performance.now();
        window.__firstDrawTitle = drawn.dataset.panelTitle;
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  });
}

/** Every wasm file the page fetched, with when its fetch started. */
function wasmFetches(page) {
  return page.evaluate(() => performance.getEntriesByType('resource')
    .filter((entry) => entry.name.endsWith('.wasm'))
    .map((entry) => ({ url: entry.name, start: entry.startTime })));
}

test('a dashboard is drawn before any page chunk is fetched; the chunks come after, when idle', { skip }, async () => {
  const page = await openPage(browser, null);
  await recordFirstDraw(page);
  const chunkRequests = [];
  page.on('request', (request) => { if (CHUNK.test(new URL(request.url()).pathname)) chunkRequests.push(request.url()); });
  await page.goto(url('d/meshboard-operations'), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.waitForFunction(() => window.__firstDraw !== undefined, null, { timeout: 90_000 });
  // The idle prefetch fetches every page's chunk once the page is drawn.
  await page.waitForFunction((pages) => pages.every((name) => performance.getEntriesByType('resource')
    .some((e) => e.name.includes(`/split_${name}-`))), PAGES, { timeout: 60_000 });
  const firstDraw = await page.evaluate(() => window.__firstDraw);
  const fetches = await wasmFetches(page);
  const main = fetches.filter((f) => !CHUNK.test(new URL(f.url).pathname));
  const chunks = fetches.filter((f) => CHUNK.test(new URL(f.url).pathname));
  assert.equal(main.length, 1, `one main module: ${JSON.stringify(main)}`);
  assert.match(main[0].url, /meshboard-[0-9a-f]{16}_bg\.wasm$/);
  for (const name of PAGES) {
    assert.ok(chunks.some((c) => c.url.includes(`/split_${name}-`)), `${name}'s chunk was prefetched`);
  }
  for (const chunk of chunks) {
    assert.ok(chunk.start > firstDraw, `${chunk.url} was fetched at ${chunk.start} ms, before the first panel was drawn at ${firstDraw} ms`);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('every page in a chunk loads and works when navigated to from a dashboard', { skip }, async () => {
  const page = await openPage(browser, null);
  await page.goto(url('d/meshboard-operations?from=now-1h&to=now'), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.getByTestId('dashboard-grid').waitFor({ timeout: 90_000 });
  const nav = page.getByTestId('nav');
  const visit = async (link, shown) => {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await shown.waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('chunk-error').count(), 0, `${link}: no load error`);
  };
  await visit('Logs', page.getByTestId('explore-logs'));
  await visit('Traces', page.getByTestId('trace-service'));
  await visit('Metrics', page.getByTestId('explore-metrics'));
  // The metrics explorer works: a query runs and draws.
  await page.getByTestId('promql-editor').fill('up');
  // Typing opens the completion list over the button; a user closes it with Escape.
  await page.getByTestId('promql-editor').press('Escape');
  await page.getByTestId('run-query').click();
  await page.locator('[data-testid="explore-metrics"] [data-testid="panel"][data-state="ok"]').first().waitFor({ timeout: 30_000 });
  await visit('Alerts', page.getByTestId('alerts-page'));
  await visit('Import', page.getByTestId('import-page'));
  await visit('Settings', page.getByTestId('datasource').first());
  assert.ok(await page.getByTestId('datasource').count() >= 3, 'settings lists the datasources');
  await page.goto(url('explore/traces/dependencies?from=now-1h&to=now'), { waitUntil: 'domcontentloaded' });
  await page.getByTestId('dep-services').first().waitFor({ timeout: 30_000 });
  // And back: the dashboard is still drawn by the main module.
  await nav.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByTestId('dashboard-item').first().waitFor({ timeout: 30_000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a page whose chunk cannot be loaded says so in the page area; the rest keeps working', { skip }, async () => {
  const page = await openPage(browser, null);
  await page.route(/\/split_explore_logs-[0-9a-f]{16}\.wasm$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(url('explore/logs'), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const message = page.getByTestId('chunk-error');
  await message.waitFor({ timeout: 60_000 });
  assert.match(await message.textContent(), /^The logs explorer could not be loaded: .+Reload to try again\.$/);
  assert.equal(await message.getAttribute('role'), 'alert');
  // Inside the page area, with the navigation still there and working.
  assert.equal(await page.getByTestId('content').locator('[data-testid="chunk-error"]').count(), 1);
  await page.getByTestId('nav').getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByTestId('datasource').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('chunk-error').count(), 0);
  // The only problems are the failed fetch itself, logged by the browser and the loader.
  const unexpected = page.problems.filter((p) => !/404|split module|WebAssembly|Failed to load|wasm/i.test(p));
  assert.deepEqual(unexpected, []);
  assert.ok(page.problems.every((p) => !/pageerror|panicked|unreachable/.test(p)), `no panic: ${page.problems.join('\n')}`);
  await page.context().close();
});

/** Whether a panel's canvas has painted pixels (the chart was drawn, not only its frame). */
function canvasPainted(panel) {
  return panel.evaluate((el) => [...el.querySelectorAll('canvas')].some((canvas) => {
    if (!canvas.width || !canvas.height) return false;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
    return false;
  }));
}

/** Brings every panel of the dashboard into view once, then waits until none is loading. */
async function visitEveryPanel(page) {
  const panels = page.getByTestId('panel');
  for (let i = 0; i < await panels.count(); i += 1) await panels.nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel"][data-state="loading"]').length === 0,
    null, { timeout: 60_000 });
}

test('a dashboard of time series, stats and heatmaps fetches no panel-type chunk', { skip }, async () => {
  const page = await openPage(browser, null);
  const panelChunks = [];
  page.on('request', (request) => { if (PANEL_CHUNK.test(new URL(request.url()).pathname)) panelChunks.push(request.url()); });
  // Kiosk: no idle prefetch, so only what the panels ask for is fetched.
  await page.goto(url('d/meshboard-api-performance?from=now-1h&to=now&kiosk'), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.getByTestId('dashboard-grid').waitFor({ timeout: 90_000 });
  const types = await page.getByTestId('panel').evaluateAll((els) => els.map((e) => e.className));
  assert.ok(types.length >= 10, `the dashboard's panels are mounted: ${types.length}`);
  assert.ok(types.every((c) => /panel-(timeseries|stat|heatmap)\b/.test(c)), `only metric panel types: ${types.join(', ')}`);
  await visitEveryPanel(page);
  const chart = page.locator('[data-testid="panel"].panel-timeseries[data-state="ok"]').first();
  assert.ok(await canvasPainted(chart), 'a time series was drawn');
  assert.deepEqual(panelChunks, [], 'no logs, traces, text or table chunk was fetched');
  // The stylesheets only chunks use are named for later, not linked (src/ui/lazy/style.rs).
  const sheets = await page.evaluate(() => ({
    linked: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.getAttribute('href')),
    deferred: [...document.querySelectorAll('meta[name="meshboard-chunk-style"]')].map((m) => m.dataset.chunk),
  }));
  assert.deepEqual(sheets.deferred.sort(), ['dashboard_settings', 'panel_editor', 'panel_editor_options', 'table']);
  assert.ok(sheets.linked.every((href) => !/\/(table|panel_editor|panel_editor_options|dashboard_settings)-[0-9a-f]+\.css$/.test(href)), sheets.linked.join(' '));
  assert.ok(sheets.linked.some((href) => /\/panels-[0-9a-f]+\.css$/.test(href)), 'the panels stylesheet is linked');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a logs panel fetches its chunk when it comes into view and draws its lines', { skip }, async () => {
  const page = await openPage(browser, null);
  const panelChunks = [];
  page.on('request', (request) => { if (PANEL_CHUNK.test(new URL(request.url()).pathname)) panelChunks.push(request.url()); });
  await page.goto(url('d/meshboard-operations?from=now-1h&to=now&kiosk'), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const cpu = page.locator('[data-testid="panel"][data-panel-title="CPU usage"]');
  await cpu.and(page.locator('[data-state="ok"]')).waitFor({ timeout: 90_000 });
  // The logs panel is at the bottom of the dashboard: not in view, so not fetched yet.
  assert.deepEqual(panelChunks, [], 'nothing fetched for the logs panel below the fold');
  const logs = page.locator('[data-testid="panel"][data-panel-title="Recent errors"]');
  await logs.scrollIntoViewIfNeeded();
  const row = logs.getByTestId('log-row').first();
  await row.waitFor({ timeout: 60_000 });
  assert.ok((await row.textContent()).trim().length > 0, 'a log line is shown');
  assert.ok(panelChunks.some((u) => /\/split_panel_logs-/.test(u)), `the logs chunk was fetched: ${panelChunks}`);
  assert.ok(panelChunks.every((u) => /\/split_panel_logs-/.test(u)), `only the logs chunk: ${panelChunks}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a panel whose type chunk cannot be loaded says so in its frame; the other panels draw', { skip }, async () => {
  const page = await openPage(browser, null);
  await page.route(/\/split_panel_logs-[0-9a-f]{16}\.wasm$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(url('d/meshboard-operations?from=now-1h&to=now&kiosk&theme=dark'), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const logs = page.locator('[data-testid="panel"][data-panel-title="Recent errors"]');
  await logs.waitFor({ timeout: 90_000 });
  await logs.scrollIntoViewIfNeeded();
  await logs.and(page.locator('[data-state="error"]')).waitFor({ timeout: 60_000 });
  const message = await logs.getByTestId('panel-error').textContent();
  assert.match(message, /^The logs panel could not be loaded: .+Reload to try again\.$/);
  // Seen, not only in the DOM: the message lies inside the panel's frame.
  const [frame, line] = [await logs.boundingBox(), await logs.getByTestId('panel-error').boundingBox()];
  assert.ok(line.height > 0 && line.y >= frame.y && line.y + line.height <= frame.y + frame.height,
    `the error line ${JSON.stringify(line)} is inside the panel ${JSON.stringify(frame)}`);
  assert.equal(await logs.getByTestId('log-row').count(), 0);
  const shots = process.env.MESHBOARD_SHOTS;
  if (shots) await logs.screenshot({ path: `${shots}/panel-chunk-error-dark.png` });
  // The neighbours above it are drawn from the main module as usual.
  const slo = page.locator('[data-testid="panel"][data-panel-title="p95 latency vs 200 ms SLO"]');
  await slo.and(page.locator('[data-state="ok"]')).waitFor({ timeout: 60_000 });
  assert.ok(await canvasPainted(slo), 'the time series next to it was drawn');
  const cpu = page.locator('[data-testid="panel"][data-panel-title="CPU usage"]');
  await cpu.scrollIntoViewIfNeeded();
  await cpu.and(page.locator('[data-state="ok"]')).waitFor({ timeout: 60_000 });
  assert.ok(await canvasPainted(cpu), 'CPU usage was drawn');
  if (shots) {
    await page.goto(url('d/meshboard-operations?from=now-1h&to=now&kiosk&theme=light'), { waitUntil: 'domcontentloaded' });
    await logs.scrollIntoViewIfNeeded();
    await logs.and(page.locator('[data-state="error"]')).waitFor({ timeout: 60_000 });
    await logs.screenshot({ path: `${shots}/panel-chunk-error-light.png` });
  }
  const unexpected = page.problems.filter((p) => !/404|split module|WebAssembly|Failed to load|wasm/i.test(p));
  assert.deepEqual(unexpected, []);
  assert.ok(page.problems.every((p) => !/pageerror|panicked|unreachable/.test(p)), `no panic: ${page.problems.join('\n')}`);
  await page.context().close();
});

test('a table panel fetches its chunk and its stylesheet when it comes into view, and draws its rows', { skip }, async () => {
  const page = await openPage(browser, null);
  const panelChunks = [];
  page.on('request', (request) => { if (PANEL_CHUNK.test(new URL(request.url()).pathname)) panelChunks.push(request.url()); });
  await page.goto(url('d/meshboard-business?from=now-1h&to=now&kiosk'), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.getByTestId('dashboard-grid').waitFor({ timeout: 90_000 });
  const table = page.locator('[data-testid="panel"][data-panel-title="Federation statistics"]');
  await table.scrollIntoViewIfNeeded();
  await table.and(page.locator('[data-state="ok"]')).waitFor({ timeout: 60_000 });
  const cells = await table.locator('tbody td').allTextContents();
  assert.ok(cells.some((text) => text.trim() !== ''), `the table has cells: ${cells.slice(0, 5)}`);
  assert.ok(panelChunks.some((u) => /\/split_panel_table-/.test(u)), `the table chunk was fetched: ${panelChunks}`);
  // table.css came with it: `.table-panel` is a flex column only under that sheet.
  await page.waitForFunction(() => {
    const body = document.querySelector('[data-panel-title="Federation statistics"] .table-panel');
    return body && getComputedStyle(body).display === 'flex';
  }, null, { timeout: 30_000 });
  assert.equal(await page.locator('link[rel="stylesheet"][href*="/table-"], link[rel="stylesheet"][href^="./table-"]').count(), 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
