// Legends and panel time options (issue 14 items 4 and 6) against the devstack: a dashboard
// imported from tests/fixtures/grafana/e2e/legend-time.json shows a table legend whose calcs
// equal what Prometheus answers for the same query and reducers, sorted by Max, without the
// series hidden from the legend, and leaving no blank band under the chart; a right legend of
// the given width; a legacy graph legend; `timeFrom: 10s` queries the last 10 seconds and says
// so in the header, `timeShift` moves the range back, `hideTimeOverride` hides the text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURE = new URL('../fixtures/grafana/e2e/legend-time.json', import.meta.url);
const url = (path) => new URL(path, BASE).href;

let browser;
let page;
/** Every query_range the app sent: {query, start, end, step} (seconds). */
const ranges = [];

before(async () => {
  browser = await launch();
  page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1400, height: 1600 } });
  page.on('request', (request) => {
    const u = new URL(request.url());
    if (!u.pathname.endsWith('/prometheus/api/v1/query_range')) return;
    const params = request.method() === 'POST' ? new URLSearchParams(request.postData() ?? '') : u.searchParams;
    ranges.push({
      query: params.get('query'),
      start: Number(params.get('start')),
      end: Number(params.get('end')),
      step: Number(params.get('step')),
    });
  });
  await page.getByTestId('import-text').fill(readFileSync(FIXTURE, 'utf8'));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll('[data-testid="panel"]')];
    return panels.length === 5 && panels.every((p) => p.dataset.state === 'ok');
  }, null, { timeout: 60_000, polling: 250 }).catch(async (error) => {
    const states = await page.$$eval('[data-testid="panel"]', (ps) => ps.map((p) => `${p.dataset.panelTitle}: ${p.dataset.state} ${p.textContent.slice(0, 200)}`));
    throw new Error(`${error.message}\n${states.join('\n')}`);
  });
});
after(async () => { await browser?.close(); });

const panel = (title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);

/** Grafana's `percent` with 2 decimals, as core::units formats it. */
const percent = (v) => `${v.toFixed(2)}%`;

test('the table legend shows Prometheus numbers for mean, max and last, sorted by Max', async () => {
  const p = panel('Table legend');
  const sent = ranges.filter((r) => r.query === 'cpu_usage_percent * 1');
  assert.ok(sent.length > 0, 'the panel queried cpu_usage_percent over the dashboard hour');
  const last = sent[sent.length - 1];
  const form = new URLSearchParams({ query: last.query, start: last.start, end: last.end, step: last.step });
  const answer = await (await fetch(url(`prometheus/api/v1/query_range?${form}`))).json();
  const expected = new Map(answer.data.result.map((s) => {
    const values = s.values.map(([, v]) => Number(v));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return [s.metric.instance, [percent(mean), percent(Math.max(...values)), percent(values[values.length - 1])]];
  }));
  const rows = await p.locator('[data-testid="legend-item"]').evaluateAll((trs) => trs.map((tr) => ({
    name: tr.dataset.seriesName,
    values: ['mean', 'max', 'lastNotNull'].map((c) => tr.querySelector(`td[data-calc="${c}"]`)?.textContent),
  })));
  assert.deepEqual(rows.map((r) => r.name).sort(), [...expected.keys()].sort(), 'one row per instance, "hidden max" left out');
  for (const row of rows) assert.deepEqual(row.values, expected.get(row.name), row.name);
  const maxes = rows.map((r) => parseFloat(r.values[1]));
  assert.deepEqual(maxes, [...maxes].sort((a, b) => b - a), 'sorted by Max, descending');
  const headers = await p.locator('.ts-legend th').allTextContents();
  assert.deepEqual(headers, ['Name', 'Mean', 'Max', 'Last *']);
  assert.equal(await p.locator('th[aria-sort="descending"]').textContent(), 'Max');

  // A header click sorts by that column.
  await p.locator('.ts-legend th button', { hasText: 'Name' }).click();
  const names = await p.locator('[data-testid="legend-item"]').evaluateAll((trs) => trs.map((tr) => tr.dataset.seriesName));
  assert.deepEqual(names, [...names].sort());
});

test('legends leave no blank band and a right legend takes its width', async () => {
  for (const title of ['Table legend', 'Last 10 seconds', 'Legacy graph legend']) {
    const p = panel(title);
    const chart = await p.locator('.ts-canvas-wrap').boundingBox();
    const legend = await p.getByTestId('legend').boundingBox();
    assert.ok(Math.abs(legend.y - (chart.y + chart.height)) <= 3, `${title}: chart ends at ${chart.y + chart.height}, legend starts at ${legend.y}`);
    const body = await p.locator('.panel-body').boundingBox();
    // The body has 6 px padding below; nothing else may sit between legend and panel edge.
    assert.ok(body.y + body.height - (legend.y + legend.height) <= 10, `${title}: legend ends ${body.y + body.height - (legend.y + legend.height)} px above the panel`);
  }
  const right = panel('Shifted, override hidden');
  const chart = await right.locator('.ts-canvas-wrap').boundingBox();
  const legend = await right.getByTestId('legend').boundingBox();
  assert.equal(Math.round(legend.width), 220);
  assert.ok(Math.abs(legend.x - (chart.x + chart.width)) <= 3, 'the legend starts where the chart ends');
  assert.equal(await panel('No legend').getByTestId('legend').count(), 0, 'showLegend: false');
});

test('timeFrom queries the last 10 seconds and the header says so', async () => {
  assert.equal(await panel('Last 10 seconds').getByTestId('panel-time-info').textContent().then((t) => t.trim()), 'Last 10 seconds');
  const short = ranges.filter((r) => r.query === 'cpu_usage_percent' && r.end - r.start <= 20);
  assert.ok(short.length > 0, `a query over ~10 s was sent: ${JSON.stringify(ranges)}`);
  const now = Date.now() / 1000;
  assert.ok(Math.abs(short[0].end - now) < 120, 'ending now');
});

test('timeShift moves the range back; hideTimeOverride hides the header text', async () => {
  assert.equal(await panel('Shifted, override hidden').getByTestId('panel-time-info').count(), 0);
  const now = Date.now() / 1000;
  const shifted = ranges.filter((r) => r.query === 'cpu_usage_percent' && Math.abs(r.end - r.start - 1800) <= 120);
  assert.ok(shifted.some((r) => now - r.end > 3300), `30 minutes ending an hour ago: ${JSON.stringify(shifted)}`);
  assert.equal(await panel('Legacy graph legend').getByTestId('panel-time-info').textContent().then((t) => t.trim()), 'timeshift -5m');
});

test('a legacy graph legend maps alignAsTable, values and sort', async () => {
  const p = panel('Legacy graph legend');
  const headers = await p.locator('.ts-legend th').allTextContents();
  assert.deepEqual([...headers].sort(), ['Last *', 'Mean', 'Min', 'Name']);
  const means = await p.locator('td[data-calc="mean"]').allTextContents();
  const numbers = means.map(parseFloat);
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'sorted by Mean, ascending');
  assert.deepEqual(page.problems, []);
});
