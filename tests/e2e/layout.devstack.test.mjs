// Grafana's grid layout end to end (issue 15): real dashboards imported as a user would, their
// panels' places read from the DOM (`data-grid-pos="x,y,w,h"` in grid units on every grid
// item, and the boxes the browser drew). Node Exporter Full: compacted, nothing overlapping,
// nothing floating above a gap; opening a collapsed row (nested gridPos.y 21, then 433) puts
// its panels right under it and pushes the rest down by exactly their height, closing it pulls
// the rest back; all rows open is Grafana's 594 units (22,564 px). A legacy rows[] dashboard
// (schemaVersion 14): row headers never over panels, a converted row opens with its panels.
// Repeats against the devstack's Prometheus: one copy per endpoint, titles and queries bound to
// their own value, a repeated row per value. MESHBOARD_SHOTS=dir saves both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'grafana');
const SHOTS = process.env.MESHBOARD_SHOTS;
const url = (path) => new URL(path, BASE).href;
const UNIT_PX = 38; // 30 px a row unit + 8 px margin

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Imports a dashboard (a fixture file by upload, or JSON text pasted) and opens it. */
async function importDashboard({ file, text }, viewport = { width: 1280, height: 900 }) {
  const page = await openPage(browser, url('dashboard/import'), { viewport });
  await page.getByTestId('import-note').waitFor();
  if (file) {
    const length = readFileSync(file, 'utf8').length;
    await page.getByTestId('import-file').setInputFiles(file);
    await page.waitForFunction((n) => document.querySelector('[data-testid="import-text"]').value.length === n, length);
  } else {
    await page.getByTestId('import-text').fill(text);
  }
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  await page.locator('[data-testid="grid-item"]').first().waitFor();
  return page;
}

/** Every grid item: its grid place, what it is and the box the browser drew, top to bottom. */
async function gridItems(page) {
  const items = await page.$$eval('[data-testid="grid-item"]', (els) => els.map((e) => {
    const [x, y, w, h] = e.dataset.gridPos.split(',').map(Number);
    const row = e.querySelector('[data-testid="dashboard-row"]');
    const panel = e.querySelector('[data-testid="panel"]');
    const box = e.getBoundingClientRect();
    return {
      key: e.dataset.key, x, y, w, h,
      row: row ? row.dataset.rowTitle : null,
      rowText: row ? row.querySelector('.dash-row-title').textContent : null,
      collapsed: row ? row.dataset.collapsed === 'true' : null,
      title: panel ? panel.dataset.panelTitle : null,
      box: { x: box.x + window.scrollX, y: box.y + window.scrollY, w: box.width, h: box.height },
    };
  }));
  return items.sort((a, b) => a.y - b.y || a.x - b.x);
}

const EPS = 1e-6;
const overlap = (a, b) => a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS && a.y < b.y + b.h && b.y < a.y + a.h;
const boxOverlap = (a, b) => a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;

/** Grafana's grid after compaction: no overlap (grid places and drawn boxes), every item not
 * at the top resting on one above it, and the grid as tall as its lowest item. */
async function assertGrafanaGrid(page, label) {
  const items = await gridItems(page);
  assert.ok(items.length > 0, `${label}: items`);
  const overlaps = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (overlap(items[i], items[j])) overlaps.push(`${items[i].key} / ${items[j].key}`);
      if (boxOverlap(items[i].box, items[j].box)) overlaps.push(`drawn ${items[i].key} / ${items[j].key}`);
    }
  }
  assert.deepEqual(overlaps, [], `${label}: nothing overlaps`);
  const floating = items.filter((a) => a.y > 0 && !items.some((b) => b.y + b.h === a.y && a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS));
  assert.deepEqual(floating.map((f) => f.key), [], `${label}: nothing floats above a gap`);
  const bottom = Math.max(...items.map((i) => i.y + i.h));
  const height = await page.getByTestId('dashboard-grid').evaluate((e) => parseFloat(e.style.height));
  assert.equal(height, bottom * UNIT_PX - 8, `${label}: the grid is ${bottom} units tall`);
  return items;
}

const rowItem = (items, title) => items.find((i) => i.row === title);
/** The items between the row `title` and the next row. */
function rowContent(items, title) {
  const start = items.indexOf(rowItem(items, title));
  const rest = items.slice(start + 1);
  const end = rest.findIndex((i) => i.row !== null);
  return end === -1 ? rest : rest.slice(0, end);
}

async function toggleRow(page, title) {
  const before = await gridItems(page);
  const was = rowItem(before, title).collapsed;
  await page.locator(`[data-testid="dashboard-row"][data-row-title="${title}"]`).click();
  await page.waitForFunction(([t, c]) => document.querySelector(`[data-testid="dashboard-row"][data-row-title="${t}"]`)?.dataset.collapsed === String(c), [title, !was]);
  return gridItems(page);
}

/** Saves the page in both themes (the theme toggle keeps the rows as they are). */
async function shots(page, name, scrollTo = null) {
  if (!SHOTS) return;
  if (scrollTo) await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'start' }), scrollTo);
  await page.waitForTimeout(2500);
  for (let i = 0; i < 2; i++) {
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.screenshot({ path: `${SHOTS}/${name}-${theme}.png` });
    await page.getByTestId('theme-toggle').click();
    await page.waitForTimeout(1500);
  }
}

test('Node Exporter Full: compacted, a row opens under its header and pushes the rest down', async () => {
  const page = await importDashboard({ file: join(FIXTURES, 'node-exporter-full.json') });
  const saved = await assertGrafanaGrid(page, 'as saved');
  // 2 open rows (1 + 4, 1 + 14 units) and 14 closed headers.
  assert.equal(Math.max(...saved.map((i) => i.y + i.h)), 34);
  assert.equal(saved.filter((i) => i.row !== null).length, 16);
  const row = rowItem(saved, 'CPU / Memory / Net / Disk');
  assert.equal(row.collapsed, true);
  const next = rowItem(saved, 'Memory Meminfo');
  assert.equal(next.y, row.y + 1);

  const openedItems = await toggleRow(page, 'CPU / Memory / Net / Disk');
  await assertGrafanaGrid(page, 'one row open');
  const inside = rowContent(openedItems, 'CPU / Memory / Net / Disk');
  assert.equal(inside.length, 10, 'its 10 panels');
  assert.deepEqual(inside.slice(0, 3).map((i) => [i.title, i.x, i.y]), [
    ['CPU', 0, row.y + 1], ['Memory', 12, row.y + 1], ['Network Traffic', 0, row.y + 13],
  ]);
  // Right under the header on screen too: one 8 px margin below it.
  const header = rowItem(openedItems, 'CPU / Memory / Net / Disk');
  assert.ok(Math.abs(inside[0].box.y - (header.box.y + header.box.h + 8)) <= 1, `${inside[0].box.y} right under ${header.box.y}`);
  const height = Math.max(...inside.map((i) => i.y + i.h)) - row.y - 1;
  assert.equal(height, 60, '5 lines of 12 units');
  // Everything below moved down by exactly that, in the same order.
  const below = (items, from) => items.filter((i) => i.row !== null && i.y > from).map((i) => [i.row, i.y]);
  assert.deepEqual(below(openedItems, row.y + 60), below(saved, row.y).map(([t, y]) => [t, y + 60]));

  await shots(page, 'layout-node-exporter-full-row-open', '[data-row-title="CPU / Memory / Net / Disk"]');

  // Closing pulls the rest back up.
  const closed = await toggleRow(page, 'CPU / Memory / Net / Disk');
  assert.deepEqual(closed.map((i) => [i.key, i.y]), saved.map((i) => [i.key, i.y]));

  // Every row open: Grafana's 594 units.
  for (;;) {
    const collapsed = page.locator('[data-testid="dashboard-row"][data-collapsed="true"]');
    if (await collapsed.count() === 0) break;
    await collapsed.first().click();
  }
  const all = await assertGrafanaGrid(page, 'all open');
  assert.equal(Math.max(...all.map((i) => i.y + i.h)), 594);
  assert.equal(await page.getByTestId('dashboard-grid').evaluate((e) => e.style.height), '22564px');
  assert.deepEqual(page.problems.filter((p) => !p.includes('Failed to load resource')), []);
  await page.context().close();
});

test('legacy rows[] (schemaVersion 14): no header over panels, a converted row opens with its panels', async () => {
  const page = await importDashboard({ file: join(FIXTURES, 'legacy', 'node-exporter-full-old.json') });
  const saved = await assertGrafanaGrid(page, 'legacy as saved');
  const rows = saved.filter((i) => i.row !== null);
  assert.equal(rows.length, 19);
  assert.equal(rows.filter((r) => r.collapsed).length, 15);
  const keys = new Set(saved.map((i) => i.key));
  assert.equal(keys.size, saved.length, 'every item has its own id');
  const row = rowItem(saved, 'Memory Detail Meminfo');
  const items = await toggleRow(page, 'Memory Detail Meminfo');
  await assertGrafanaGrid(page, 'legacy with a row open');
  const inside = rowContent(items, 'Memory Detail Meminfo');
  assert.equal(inside.length, 15);
  assert.equal(inside[0].title, 'Memory Active / Inactive');
  assert.equal(inside[0].y, row.y + 1);
  assert.equal(rowItem(items, 'Memory Detail Vmstat').y, rowItem(saved, 'Memory Detail Vmstat').y + 80);
  await shots(page, 'layout-legacy-row-open', '[data-row-title="Memory Detail Meminfo"]');
  await page.context().close();
});

// Built from the devstack's metrics: a panel repeated by endpoint (All, 3 per line), a panel
// beside nothing below it, and a collapsed row repeated by endpoint holding a panel.
const REPEATS = {
  title: 'Layout repeats',
  uid: 'layout-repeats',
  schemaVersion: 39,
  time: { from: 'now-30m', to: 'now' },
  templating: { list: [{
    name: 'endpoint', type: 'query', multi: true, includeAll: true, refresh: 1,
    query: 'label_values(agent_mesh_api_requests_total, endpoint)',
    current: { text: ['All'], value: ['$__all'] },
  }] },
  panels: [
    { id: 1, type: 'stat', title: 'Requests $endpoint', repeat: 'endpoint', repeatDirection: 'h', maxPerRow: 3,
      gridPos: { x: 0, y: 0, w: 8, h: 4 },
      targets: [{ refId: 'A', expr: 'sum(rate(agent_mesh_api_requests_total{endpoint="$endpoint"}[5m]))', instant: true }] },
    { id: 2, type: 'timeseries', title: 'All requests', gridPos: { x: 0, y: 4, w: 24, h: 6 },
      targets: [{ refId: 'A', expr: 'sum(rate(agent_mesh_api_requests_total[5m]))' }] },
    { id: 3, type: 'row', title: 'Endpoint $endpoint', repeat: 'endpoint', collapsed: true, gridPos: { x: 0, y: 10, w: 24, h: 1 },
      panels: [{ id: 4, type: 'timeseries', title: 'Rate of $endpoint', gridPos: { x: 0, y: 11, w: 24, h: 6 },
        targets: [{ refId: 'A', expr: 'sum(rate(agent_mesh_api_requests_total{endpoint="$endpoint"}[5m]))' }] }] },
  ],
};

test('repeats: one copy per value, titles and queries bound, repeated rows open one by one', async () => {
  const page = await importDashboard({ text: JSON.stringify(REPEATS) }, { width: 1280, height: 1000 });
  const queries = [];
  page.on('request', (request) => {
    const u = new URL(request.url());
    if (!/\/api\/v1\/query(_range)?$/.test(u.pathname)) return;
    queries.push(u.searchParams.get('query') ?? new URLSearchParams(request.postData() ?? '').get('query'));
  });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel"][data-panel-title^="Requests "]').length > 1, null, { timeout: 60_000 });
  // A copy per endpoint, each titled and querying with its own value.
  await page.reload();
  await page.waitForFunction(() => {
    const ps = [...document.querySelectorAll('[data-testid="panel"][data-panel-title^="Requests "]')];
    return ps.length > 1 && ps.every((p) => p.dataset.state && p.dataset.state !== 'loading');
  }, null, { timeout: 60_000 });
  const items = await assertGrafanaGridRepeats(page);
  const copies = items.filter((i) => i.title?.startsWith('Requests '));
  const values = copies.map((c) => c.title.slice('Requests '.length));
  assert.equal(new Set(values).size, values.length, `one copy per endpoint: ${values}`);
  assert.ok(!values.some((v) => v.includes('$') || v === 'All'), `titles bound: ${values}`);
  for (const v of values) {
    assert.ok(queries.some((q) => q?.includes(`endpoint="${v}"`)), `a query for ${v} in ${JSON.stringify(queries)}`);
  }
  const states = await page.$$eval('[data-testid="panel"][data-panel-title^="Requests "]', (ps) => ps.map((p) => p.dataset.state));
  assert.ok(states.every((s) => s === 'ok'), `each copy drew its own value: ${states}`);
  // Three per line, 8 columns each, lines of 4 units; the panel after them goes below.
  const n = copies.length;
  copies.forEach((c, i) => assert.deepEqual([c.x, c.y, c.w, c.h], [(i % 3) * 8, Math.floor(i / 3) * 4, 8, 4], c.title));
  const lines = Math.ceil(n / 3);
  const allRequests = items.find((i) => i.title === 'All requests');
  assert.equal(allRequests.y, lines * 4);
  // A repeated row per value, closed; opening the second shows its panel bound to its value.
  const rows = items.filter((i) => i.row === 'Endpoint $endpoint');
  assert.equal(rows.length, n);
  assert.deepEqual(rows.map((r) => r.rowText), values.map((v) => `Endpoint ${v}`));
  assert.ok(rows.every((r) => r.collapsed));
  await page.locator('[data-testid="dashboard-row"][data-row-title="Endpoint $endpoint"]').nth(1).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel"][data-panel-title^="Rate of "]').length === 1);
  const after = await assertGrafanaGridRepeats(page);
  const rate = after.find((i) => i.title?.startsWith('Rate of '));
  const second = after.filter((i) => i.row === 'Endpoint $endpoint')[1];
  assert.equal(rate.title, `Rate of ${values[1]}`);
  assert.equal(rate.y, second.y + 1);
  assert.equal(after.filter((i) => i.row === 'Endpoint $endpoint')[2]?.y ?? second.y + 7, second.y + 7);
  await shots(page, 'layout-repeats');
  assert.deepEqual(page.problems.filter((p) => !p.includes('Failed to load resource')), []);
  await page.context().close();
});

/** As assertGrafanaGrid, with the copies of a repeated panel taken as the one block Grafana
 * reserves for them. */
async function assertGrafanaGridRepeats(page) {
  const items = await gridItems(page);
  const overlaps = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (overlap(items[i], items[j]) || boxOverlap(items[i].box, items[j].box)) overlaps.push(`${items[i].key} / ${items[j].key}`);
    }
  }
  assert.deepEqual(overlaps, [], 'nothing overlaps');
  return items;
}
