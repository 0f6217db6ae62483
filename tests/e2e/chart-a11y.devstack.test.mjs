// Charts by keyboard and screen reader (issue 19, the chart half), keyboard only, no pointer:
// on the Operations dashboard, Tab reaches the "CPU usage" chart, which is an image named by
// its title and described by a generated summary naming each series; three ArrowRight presses
// announce three samples through the live region, each equal to the tooltip the cursor shows
// and to the value Prometheus answered at that time; `+` halves the URL range around the
// cursor, Shift+ArrowLeft pans it half a span earlier; the header's "Table view" toggle
// opens by keyboard a table whose rows are Prometheus' samples; the state timeline's arrows
// announce what its tooltip shows. Screenshots of the focused
// chart with its cursor in both themes with MESHBOARD_SHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const url = (path) => new URL(path, BASE).href;
const TITLE = 'CPU usage';
const DASHBOARD = 'd/meshboard-operations?refresh=off&from=now-1h&to=now';

let browser;
let page;
/** instance -> Map(epoch ms -> value) from every CPU query_range answer, the latest winning. */
const answered = new Map();

/** Records the CPU panel's Prometheus answers, as the app received them. */
function recordAnswers(p) {
  p.on('response', async (response) => {
    const u = new URL(response.url());
    if (!u.pathname.endsWith('/api/v1/query_range')) return;
    const req = response.request();
    const params = req.method() === 'POST' ? new URLSearchParams(req.postData() ?? '') : u.searchParams;
    if (!/cpu_usage_percent|node_cpu_seconds_total/.test(params.get('query') ?? '')) return;
    const body = await response.json().catch(() => null);
    for (const s of body?.data?.result ?? []) {
      const samples = answered.get(s.metric.instance) ?? new Map();
      for (const [t, v] of s.values) samples.set(Math.round(t * 1000), Number(v));
      answered.set(s.metric.instance, samples);
    }
  });
}

const panel = (p) => p.locator(`[data-testid="panel"][data-panel-title="${TITLE}"]`);
const loaded = (p) => p.locator(`[data-testid="panel"][data-panel-title="${TITLE}"][data-state="ok"]`);
const focusedTestId = (p) => p.evaluate(() => {
  const el = document.activeElement;
  return `${el?.closest('[data-testid="panel"]')?.dataset.panelTitle ?? ''}|${el?.dataset.testid ?? ''}`;
});

/** Presses `key` until the chart overlay of TITLE has focus (keyboard only). */
async function tabToChart(p, key = 'Tab', limit = 250) {
  for (let i = 0; i < limit; i++) {
    if (await focusedTestId(p) === `${TITLE}|chart-overlay`) return i;
    await p.keyboard.press(key);
  }
  throw new Error(`${key} never reached the ${TITLE} chart`);
}

async function openDashboard(theme) {
  const p = await openPage(browser, url(`${DASHBOARD}&theme=${theme}`), { viewport: { width: 1400, height: 1000 } });
  recordAnswers(p);
  await loaded(p).waitFor({ timeout: 90_000 });
  await panel(p).locator('canvas.ts-data[data-draws]:not([data-draws="0"])').waitFor();
  return p;
}

/** "2026-12-07 14:00:00" in the page's zone -> epoch ms. */
const localToEpoch = (p, text) => p.evaluate((s) => {
  const [d, t] = s.split(' ');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi, se] = t.split(':').map(Number);
  return new Date(y, mo - 1, da, h, mi, se).getTime();
}, text);

/** "12.3%" -> [12.3, 0.05]: the number and half its last shown digit. */
function shown(text) {
  const m = text.match(/^(-?[\d.]+)%$/);
  assert.ok(m, `a percent value: ${text}`);
  const decimals = (m[1].split('.')[1] ?? '').length;
  return [Number(m[1]), 0.5 * 10 ** -decimals + 1e-9];
}

const range = (p) => {
  const q = new URL(p.url()).searchParams;
  return [q.get('from'), q.get('to')];
};

before(async () => {
  browser = await launch();
  page = await openDashboard('dark');
});
after(async () => { await browser?.close(); });

test('the chart is an image named by its title and described by a summary naming each series', async () => {
  const overlay = panel(page).getByTestId('chart-overlay');
  assert.equal(await overlay.getAttribute('role'), 'img');
  assert.equal(await overlay.getAttribute('tabindex'), '0');
  assert.equal(await overlay.getAttribute('aria-label'), TITLE);
  const [id, keys] = (await overlay.getAttribute('aria-describedby')).split(' ');
  assert.match(await page.locator(`[id="${keys}"]`).textContent(), /Arrow keys read the values/);
  const summary = await page.locator(`[id="${id}"]`).textContent();
  const names = await panel(page).locator('[data-testid="legend-item"]').evaluateAll((els) => els.map((e) => e.dataset.seriesName));
  assert.ok(names.length > 0, 'the chart has series');
  assert.match(summary, new RegExp(`^${names.length} series from \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d to `));
  // Each series, up to twelve (core's MAX_DESCRIBED_SERIES; the rest are counted).
  const described = names.filter((name) => new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (last [\\d.]+%, min [\\d.]+%, max [\\d.]+%(, (rising|falling|flat))?|no data)\\.`).test(summary));
  assert.equal(described.length, Math.min(names.length, 12), `summary describes each series: ${summary}`);
  if (names.length > 12) assert.match(summary, new RegExp(`And ${names.length - 12} more series`));
  // The data canvas under it is not a second image.
  assert.equal(await panel(page).locator('canvas.ts-data').getAttribute('aria-hidden'), 'true');
});

test('Tab reaches the chart; ArrowRight announces three samples equal to the tooltip and to Prometheus', async () => {
  await page.locator('body').focus();
  await tabToChart(page);
  const announce = panel(page).getByTestId('chart-announce');
  assert.equal(await announce.getAttribute('aria-live'), 'polite');
  const heard = [];
  for (let i = 1; i <= 3; i++) {
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(([el, n]) => el.textContent.includes(`point ${n} of`), [await announce.elementHandle(), i]);
    const text = await announce.textContent();
    const m = text.match(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d), (.+): (\S+), point (\d+) of (\d+)$/);
    assert.ok(m, `announcement shape: ${text}`);
    const [, time, name, value, point] = m;
    assert.equal(Number(point), i);
    heard.push({ time, name, value });
    // The tooltip follows the cursor and says the same.
    const tip = panel(page).getByTestId('chart-tooltip');
    assert.equal(await tip.locator('.ts-tooltip-time').textContent(), time);
    const rows = await tip.locator('.ts-tooltip-row').evaluateAll((els) => els.map((r) => [r.querySelector('.name').textContent, r.querySelector('.value').textContent]));
    assert.ok(rows.some(([n, v]) => n === name && v === value), `tooltip has ${name} ${value}: ${JSON.stringify(rows)}`);
    // And Prometheus answered that value at that time.
    const at = await localToEpoch(page, time);
    const sample = answered.get(name)?.get(at);
    assert.ok(sample !== undefined, `Prometheus answered ${name} at ${time}`);
    const [number, tolerance] = shown(value);
    assert.ok(Math.abs(number - sample) <= tolerance, `${name} at ${time}: announced ${value}, Prometheus ${sample}`);
  }
  assert.equal(new Set(heard.map((h) => h.time)).size, 3, 'three different points');
  assert.equal(new Set(heard.map((h) => h.name)).size, 1, 'on one series');
  if (SHOTS) await panel(page).screenshot({ path: `${SHOTS}/chart-a11y-cursor-dark.png` });
});

test('+ zooms the URL range in around the cursor, Shift+ArrowLeft pans it earlier', async () => {
  assert.equal(await focusedTestId(page), `${TITLE}|chart-overlay`);
  const cursorTime = await localToEpoch(page, (await panel(page).getByTestId('chart-tooltip').locator('.ts-tooltip-time').textContent()));
  await page.keyboard.press('+');
  await page.waitForFunction(() => /^\d+$/.test(new URL(location.href).searchParams.get('from') ?? ''));
  const [from, to] = range(page).map(Number);
  const span = to - from;
  assert.ok(Math.abs(span - 1_800_000) <= 2, `half of the hour: ${span}`);
  assert.ok(from <= cursorTime && cursorTime <= to, 'the cursor stays in the range');
  assert.match(await panel(page).getByTestId('chart-announce').textContent(), /^Time range .+ to .+$/);
  assert.equal(await focusedTestId(page), `${TITLE}|chart-overlay`, 'focus stays on the chart');
  await page.keyboard.press('Shift+ArrowLeft');
  await page.waitForFunction((f) => new URL(location.href).searchParams.get('from') !== f, String(from));
  const [from2, to2] = range(page).map(Number);
  assert.ok(Math.abs(from2 - (from - span / 2)) <= 2 && Math.abs(to2 - (to - span / 2)) <= 2, `panned half a span earlier: ${from2}..${to2}`);
  await loaded(page).waitFor();
});

test('the table view opens by keyboard and lists the samples Prometheus answered', async () => {
  // The toggle sits in the panel header, before the chart: Shift+Tab back to it.
  const toggle = panel(page).getByTestId('panel-table-toggle');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.equal(await toggle.getAttribute('aria-label'), `Table view of ${TITLE}`);
  for (let i = 0; i < 10 && await focusedTestId(page) !== `${TITLE}|panel-table-toggle`; i++) await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedTestId(page), `${TITLE}|panel-table-toggle`);
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  const table = panel(page).getByTestId('panel-table-view').locator('table');
  await table.waitFor();
  assert.match(await table.locator('caption').textContent(), new RegExp(`^${TITLE}: \\d+ series, \\d+ rows`));
  const headers = await table.locator('thead th').evaluateAll((ths) => ths.map((th) => [th.textContent, th.getAttribute('scope')]));
  assert.deepEqual(headers[0], ['Time', 'col']);
  const names = headers.slice(1).map(([n, scope]) => { assert.equal(scope, 'col'); return n; });
  const legend = await panel(page).locator('[data-testid="legend-item"]').evaluateAll((els) => els.map((e) => e.dataset.seriesName));
  assert.deepEqual([...names].sort(), [...legend].sort(), 'one column per series of the chart');
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [
    tr.querySelector('th[scope="row"]').textContent, [...tr.querySelectorAll('td')].map((td) => td.textContent),
  ]));
  assert.ok(rows.length > 10, `rows: ${rows.length}`);
  let checked = 0;
  for (const [time, cells] of [rows[0], rows[Math.floor(rows.length / 2)], rows[rows.length - 1]]) {
    const at = await localToEpoch(page, time);
    cells.forEach((cell, i) => {
      const sample = answered.get(names[i])?.get(at);
      if (cell === '') return;
      assert.ok(sample !== undefined, `Prometheus answered ${names[i]} at ${time}`);
      const [number, tolerance] = shown(cell);
      assert.ok(Math.abs(number - sample) <= tolerance, `${names[i]} at ${time}: table ${cell}, Prometheus ${sample}`);
      checked++;
    });
  }
  assert.ok(checked >= 3, `cells checked: ${checked}`);
  // The scrollable table is reachable from the keyboard (axe scrollable-region-focusable).
  // After the toggle and the panel menu button; the chart under the table is inert.
  for (let i = 0; i < 3 && await focusedTestId(page) !== `${TITLE}|panel-table-view`; i++) await page.keyboard.press('Tab');
  assert.equal(await focusedTestId(page), `${TITLE}|panel-table-view`);
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.equal(await panel(page).getByTestId('panel-table-view').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('the state timeline walks its runs by keyboard; the chart and its cursor in the light theme', async () => {
  const light = await openDashboard('light');
  // The state timeline comes first in the tab order: its runs, with the tooltip's words.
  const state = light.locator('[data-testid="panel"][data-panel-title="Service health (up per target)"]');
  await light.locator('[data-testid="panel"][data-panel-title="Service health (up per target)"][data-state="ok"]').waitFor();
  for (let i = 0; i < 100 && !(await focusedTestId(light)).endsWith('|state-timeline-canvas'); i++) await light.keyboard.press('Tab');
  assert.equal(await focusedTestId(light), 'Service health (up per target)|state-timeline-canvas');
  assert.equal(await state.getByTestId('state-timeline-canvas').getAttribute('role'), 'img');
  const said = [];
  for (const key of ['ArrowRight', 'ArrowDown', 'ArrowUp']) {
    await light.keyboard.press(key);
    const tip = await state.getByTestId('grid-tooltip').evaluate((el) => [...el.children].map((c) => c.textContent));
    const text = await state.getByTestId('grid-announce').textContent();
    assert.equal(text, tip.join(', '), `${key}: the announcement is the tooltip`);
    said.push(text);
  }
  assert.notEqual(said[0], said[1], 'ArrowDown moved to another band');
  await tabToChart(light);
  await light.keyboard.press('End');
  await panel(light).getByTestId('chart-tooltip').waitFor();
  assert.match(await panel(light).getByTestId('chart-announce').textContent(), /, point (\d+) of \1$/, 'End reaches the last point');
  if (SHOTS) await panel(light).screenshot({ path: `${SHOTS}/chart-a11y-cursor-light.png` });
  await light.keyboard.press('Escape');
  assert.equal(await panel(light).getByTestId('chart-tooltip').count(), 0, 'Escape leaves the cursor');
  assert.deepEqual(light.problems, []);
  await light.close();
});
