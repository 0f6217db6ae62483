// Transformations in every panel type, not only tables, against the devstack: a dashboard
// imported from tests/fixtures/grafana/e2e/transforms-panels.json (see its SOURCE.txt). What
// the user sees is checked against Prometheus' own answers to the same queries (the app's
// query_range answers, recorded as they arrived): organize's renames and filterFieldsByName
// decide the legend and the drawn series; a calculateField sum is a drawn series whose every
// sample is the sum of Prometheus' two answers; a stat after reduce shows each row (the
// series' max over the range); a time series after reduce says Grafana's "Data does not have a
// time field" on that panel only; bad options are that panel's error.
// MESHBOARD_SHOTS=dir saves the dashboard in both themes, to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const FIXTURE = new URL('../fixtures/grafana/e2e/transforms-panels.json', import.meta.url);
const url = (path) => new URL(path, BASE).href;

let browser;
let page;
/** query -> Map(epoch ms -> value), from the app's query_range answers (the latest wins). */
const answered = new Map();

before(async () => {
  browser = await launch();
  page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1500, height: 1000 } });
  page.on('response', async (response) => {
    const u = new URL(response.url());
    if (!u.pathname.endsWith('/api/v1/query_range')) return;
    const req = response.request();
    const params = req.method() === 'POST' ? new URLSearchParams(req.postData() ?? '') : u.searchParams;
    const body = await response.json().catch(() => null);
    const result = body?.data?.result ?? [];
    if (result.length !== 1) return;
    answered.set(params.get('query'), new Map(result[0].values.map(([t, v]) => [Math.round(t * 1000), Number(v)])));
  });
  await page.getByTestId('import-text').fill(readFileSync(FIXTURE, 'utf8'));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll('[data-testid="panel"]')];
    return panels.length === 5 && panels.every((el) => el.dataset.state !== 'loading');
  }, null, { timeout: 60_000, polling: 250 }).catch(async (error) => {
    const states = await page.$$eval('[data-testid="panel"]', (ps) => ps.map((el) => `${el.dataset.panelTitle}: ${el.dataset.state}`));
    throw new Error(`${error.message}\n${states.join('\n')}`);
  });
});
after(async () => { await browser?.close(); });

const panel = (title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);
const legend = (title) => panel(title).locator('[data-testid="legend-item"]')
  .evaluateAll((els) => els.map((e) => e.dataset.seriesName));
const metaNames = async (title) => JSON.parse(await panel(title).getAttribute('data-series-meta')).map((m) => m.name);

/** "12.345" or "12.34%" -> [number, half its last shown digit]. */
function shown(text) {
  const m = text.trim().match(/^(-?\d+(?:\.(\d+))?)\s*%?$/);
  assert.ok(m, `a plain number: ${JSON.stringify(text)}`);
  return [Number(m[1]), 0.5 * 10 ** -(m[2]?.length ?? 0) + 1e-9];
}

/** "2026-12-07 14:00:00" in the page's zone -> epoch ms. */
const localToEpoch = (text) => page.evaluate((s) => {
  const [d, t] = s.split(' ');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi, se] = t.split(':').map(Number);
  return new Date(y, mo - 1, da, h, mi, se).getTime();
}, text);

/** The panel's "Table view": column names and rows [time text, cell texts]. */
async function tableView(title) {
  const toggle = panel(title).getByTestId('panel-table-toggle');
  if (await toggle.getAttribute('aria-pressed') !== 'true') await toggle.click();
  const table = panel(title).getByTestId('panel-table-view').locator('table');
  await table.waitFor();
  const headers = await table.locator('thead th').evaluateAll((ths) => ths.map((th) => th.textContent));
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [
    tr.querySelector('th[scope="row"]').textContent, [...tr.querySelectorAll('td')].map((td) => td.textContent),
  ]));
  await toggle.click();
  return { headers, rows };
}

test('organize renames and filterFieldsByName keeps exactly the renamed series', async () => {
  const title = 'Renamed and kept';
  assert.equal(await panel(title).getAttribute('data-state'), 'ok');
  await panel(title).locator('canvas.ts-data[data-draws]:not([data-draws="0"])').waitFor();
  assert.deepEqual(await legend(title), ['Busiest CPU', 'Idlest CPU']);
  assert.deepEqual(await metaNames(title), ['Busiest CPU', 'Idlest CPU']);
  assert.equal(Number(await panel(title).getAttribute('data-series')), 2, 'two series drawn (avg filtered out)');
  // The renamed series is Prometheus' max: its newest row equals the answer at that time.
  const { headers, rows } = await tableView(title);
  assert.deepEqual(headers, ['Time', 'Busiest CPU', 'Idlest CPU']);
  const max = answered.get('max(system_cpu_usage_percent) * 1');
  assert.ok(max?.size > 0, 'Prometheus answered the max query');
  const [time, cells] = rows[rows.length - 1];
  const [value, tolerance] = shown(cells[0]);
  const sample = max.get(await localToEpoch(time));
  assert.ok(sample !== undefined && Math.abs(sample - value) <= tolerance, `Busiest CPU at ${time}: ${cells[0]}, Prometheus ${sample}`);
});

test('a calculateField binary sum is a drawn series equal to the sum of Prometheus answers', async () => {
  const title = 'Calculated sum';
  await panel(title).locator('canvas.ts-data[data-draws]:not([data-draws="0"])').waitFor();
  assert.deepEqual(await legend(title), ['twice max', 'twice min', 'sum']);
  const { headers, rows } = await tableView(title);
  assert.deepEqual(headers, ['Time', 'twice max', 'twice min', 'sum']);
  const max = answered.get('max(system_cpu_usage_percent) * 2');
  const min = answered.get('min(system_cpu_usage_percent) * 2');
  assert.ok(max?.size > 0 && min?.size > 0, 'Prometheus answered both queries');
  let checked = 0;
  for (const [time, cells] of rows) {
    if (cells[2] === '') continue;
    const at = await localToEpoch(time);
    const expected = max.get(at) + min.get(at);
    const [value, tolerance] = shown(cells[2]);
    assert.ok(Math.abs(value - expected) <= tolerance, `sum at ${time}: drawn ${cells[2]}, Prometheus ${max.get(at)} + ${min.get(at)}`);
    checked++;
  }
  assert.ok(checked > 10, `rows checked: ${checked}`);
});

test('a stat after reduce shows each row: every series\' max over the range', async () => {
  const title = 'Reduced stat';
  assert.equal(await panel(title).getAttribute('data-state'), 'ok');
  const values = await panel(title).locator('[data-testid="stat-value"]').evaluateAll((els) => els.map((e) => [e.dataset.seriesName, e.dataset.valueText]));
  assert.deepEqual(values.map(([name]) => name), ['busiest', 'idlest']);
  for (const [[name, text], query] of values.map((v, i) => [v, `${i ? 'min' : 'max'}(system_cpu_usage_percent) * 3`])) {
    const samples = [...(answered.get(query)?.values() ?? [])];
    assert.ok(samples.length > 0, `Prometheus answered ${query}`);
    const [value, tolerance] = shown(text);
    const expected = Math.max(...samples);
    assert.ok(Math.abs(value - expected) <= tolerance, `${name}: shown ${text}, Prometheus max ${expected}`);
  }
});

test('a time series after reduce says Grafana\'s no-time-field message, on that panel only', async () => {
  const title = 'Reduced time series';
  const warning = panel(title).getByTestId('panel-data-warning');
  assert.equal(await warning.textContent(), 'Data does not have a time field');
  assert.ok(await warning.isVisible());
  // The message alone: not "No data" and not an error.
  assert.equal(await panel(title).getAttribute('data-state'), 'ok');
  assert.equal(await panel(title).getByTestId('panel-empty').count(), 0);
  assert.equal(await panel(title).getByTestId('panel-error').count(), 0);
  assert.equal(await page.getByTestId('panel-data-warning').count(), 1, 'no other panel shows it');
});

test('bad transformation options are that panel\'s error, and only its', async () => {
  const title = 'Bad options';
  assert.equal(await panel(title).getAttribute('data-state'), 'error');
  assert.equal(await panel(title).getByTestId('panel-error').textContent(),
    'Transformation 1 (calculateField): unknown operator "plus"');
  const states = await page.$$eval('[data-testid="panel"]', (ps) => ps.map((p) => [p.dataset.panelTitle, p.dataset.state]));
  assert.deepEqual(states.filter(([, s]) => s === 'error').map(([t]) => t), [title]);
  assert.deepEqual(page.problems, []);
});

test('screenshots in both themes', { skip: !SHOTS }, async () => {
  // The imported dashboard lives in this page's storage: the same page, in each theme.
  for (const theme of ['dark', 'light']) {
    await page.goto(`${page.url().split('?')[0]}?theme=${theme}`);
    await page.getByTestId('panel-data-warning').waitFor({ timeout: 60_000 });
    await panel('Calculated sum').locator('canvas.ts-data[data-draws]:not([data-draws="0"])').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}/transforms-${theme}.png`, fullPage: true });
  }
});
