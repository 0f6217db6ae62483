// Links (issue 15) against the devstack: data links in a time series' pinned tooltip and
// dashboard links of type `dashboards`, from tests/fixtures/grafana/e2e/links.json (see
// links.SOURCE.txt). The data link's href is checked against what Grafana 11 makes of the
// link for the pinned point, computed here from Prometheus' own answer to the app's request
// (replayed on MESHBOARD_PROMETHEUS_URL): the sample's time and value, the series' labels,
// the page's range and variables, each `uriencode`d as Grafana's interpolation does.
// MESHBOARD_SHOTS=dir saves the pinned tooltip and the open dropdown in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const PROMETHEUS = process.env.MESHBOARD_PROMETHEUS_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const fixture = (name) => readFileSync(new URL(`../fixtures/grafana/e2e/${name}`, import.meta.url), 'utf8');
const url = (path) => new URL(path, BASE).href;
// Links on this host go under the app's base path, as Grafana's assureBaseUrl does.
const ROOT = new URL(BASE).pathname.replace(/\/$/, '');
const MIN = 60_000;

let browser;
let page;
/** The app's query_range forms for the panel's query. */
const ranges = [];
// An absolute range in the past: the chart and the links read the same one.
const TO = Math.floor((Date.now() - 2 * MIN) / 1000) * 1000;
const FROM = TO - 30 * MIN;

/** Imports a dashboard and waits for its own page (the previous import left the page on
 * another dashboard's, which a plain /d/ pattern would take for this one). */
async function importDashboard(p, text) {
  await p.goto(url('dashboard/import'));
  await p.getByTestId('import-text').fill(text);
  await p.getByTestId('import-button').click();
  await p.waitForURL(new RegExp(`/d/${JSON.parse(text).uid}`));
  await p.getByTestId('dashboard-title').waitFor();
}

before(async () => {
  browser = await launch();
  page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => {
    const u = new URL(request.url());
    if (!u.pathname.endsWith('/prometheus/api/v1/query_range')) return;
    const params = request.method() === 'POST' ? new URLSearchParams(request.postData() ?? '') : u.searchParams;
    if (params.get('query')?.includes('"a/b c"')) ranges.push(Object.fromEntries(params));
  });
  for (const target of JSON.parse(fixture('links-targets.json'))) {
    await importDashboard(page, JSON.stringify(target));
  }
  await importDashboard(page, fixture('links.json'));
  await page.goto(url(`d/e2e-links?from=${FROM}&to=${TO}&var-job=mesh%20sim`));
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-testid="panel"][data-panel-title="Targets up"]');
    return p?.dataset.state === 'ok';
  }, null, { timeout: 60_000 }).catch(async (error) => {
    const states = await page.$$eval('[data-testid="panel"]', (ps) => ps.map((el) => `${el.dataset.panelTitle}: ${el.dataset.state}`));
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/links-failed.png`, fullPage: true });
    throw new Error(`${error.message}\n${page.url()}\n${states.join('\n')}\n${page.problems.join('\n')}`);
  });
});
after(async () => { await browser?.close(); });

/** Prometheus' own answer to the app's request: [time ms, value text] of the one series. */
async function prometheusSamples() {
  assert.ok(ranges.length > 0, 'the app asked Prometheus');
  const form = new URLSearchParams(ranges.at(-1));
  const answer = await (await fetch(`${PROMETHEUS}/api/v1/query_range?${form}`)).json();
  assert.equal(answer.status, 'success');
  assert.equal(answer.data.result.length, 1, 'one series');
  const [series] = answer.data.result;
  assert.deepEqual(series.metric, { instance: 'node 1:9100', note: 'a/b c', scheme: 'javascript:alert(1)' });
  return series.values.map(([t, v]) => [Math.round(t * 1000), v]);
}

/** Grafana 11's `uriencode`: encodeURI with !'()* escaped too. */
const uriencode = (s) => encodeURI(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

async function pinTooltip(fraction = 0.6) {
  const overlay = page.locator('[data-testid="panel"][data-panel-title="Targets up"] [data-testid="chart-overlay"]');
  const box = await overlay.boundingBox();
  const [x, y] = [box.x + box.width * fraction, box.y + box.height / 2];
  await page.mouse.move(x - 5, y);
  await page.mouse.move(x, y, { steps: 3 });
  await page.getByTestId('chart-tooltip').waitFor();
  await page.mouse.click(x, y);
  await page.locator('[data-testid="chart-tooltip"][data-pinned="true"]').waitFor();
}

test('the pinned tooltip links the pinned point as Grafana interpolates it', async () => {
  const samples = await prometheusSamples();
  await pinTooltip();
  const links = page.getByTestId('tooltip-links');
  const time = Number(await links.getAttribute('data-time'));
  const sample = samples.find(([t]) => t === time);
  assert.ok(sample, `${time} is one of Prometheus' sample times`);
  assert.ok(time >= FROM && time <= TO, 'inside the range');
  const link = page.getByTestId('tooltip-link');
  assert.equal(await link.count(), 1, 'one link; the one a label makes javascript: is not a link');
  const node = uriencode('node 1:9100');
  const expected = `${ROOT}/d/e2e-links-a?var-instance=${node}&note=${uriencode('a/b c')}&t=${time}`
    + `&v=${String(Number(sample[1]))}&s=${node}&from=${FROM}&to=${TO}&var-job=mesh%20sim&f=${FROM}&job=mesh%20sim`;
  assert.equal(await link.getAttribute('href'), expected);
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.match(await link.textContent(), /^Node node 1:9100 at \S+/);
  const refused = page.getByTestId('tooltip-link-refused');
  assert.equal(await refused.textContent(), 'Not a link');
  assert.equal(await page.locator('a[href^="javascript"]').count(), 0, 'no javascript: link anywhere');
});

test('the pinned tooltip takes focus, its links are reachable, Escape unpins it', async () => {
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="chart-tooltip"][data-pinned="true"]').waitFor({ state: 'detached' });
  await pinTooltip(0.4);
  const focused = await page.evaluate(() => document.activeElement?.dataset.testid);
  assert.equal(focused, 'chart-tooltip', 'focus moves into the pinned tooltip');
  assert.equal(await page.getByTestId('chart-tooltip').getAttribute('role'), 'dialog');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'tooltip-link');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="chart-tooltip"][data-pinned="true"]').waitFor({ state: 'detached' });
});

test('the tag dropdown lists exactly the other dashboards with the tag, keeping the time', async () => {
  const button = page.getByTestId('dashboard-links-button');
  assert.equal(await button.textContent(), 'Linked ▾');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const items = page.locator('[data-testid="dashboard-links-list"] [data-testid="dashboard-link-item"]');
  const listed = await items.evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('aria-label')]));
  // The current dashboard carries the tag too, and is left out, as in Grafana.
  assert.deepEqual(listed, [
    ['Links target A', `${ROOT}/d/e2e-links-a?from=${FROM}&to=${TO}`, 'Links target A dashboard'],
    ['Links target B', `${ROOT}/d/e2e-links-b?from=${FROM}&to=${TO}`, 'Links target B dashboard'],
  ]);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Links target A', 'focus on the first');
  await page.keyboard.press('Escape');
  await page.getByTestId('dashboard-links-list').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'dashboard-links-button');
  // The inline entry: its one dashboard, no time kept.
  const inline = await page.locator('[data-testid="dashboard-links-inline"] a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.deepEqual(inline, [['Unrelated', `${ROOT}/d/e2e-links-c`]]);
  // The javascript: link entry was dropped by the import (authoring's link check).
  assert.equal(await page.locator('a[href^="javascript"]').count(), 0);
});

test('following a dropdown link opens the dashboard over the same range', async () => {
  await page.getByTestId('dashboard-links-button').click();
  await page.locator('[data-testid="dashboard-link-item"]', { hasText: 'Links target B' }).click();
  await page.waitForURL(/\/d\/e2e-links-b/);
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get('from'), String(FROM));
  assert.equal(params.get('to'), String(TO));
  await page.waitForFunction(() => document.querySelector('[data-testid="dashboard-title"]')?.textContent === 'Links target B');
  assert.deepEqual(page.problems, []);
});

test('screenshots (light and dark)', { skip: !SHOTS }, async () => {
  for (const theme of ['light', 'dark']) {
    await page.goto(url(`d/e2e-links?from=${FROM}&to=${TO}&var-job=mesh%20sim&theme=${theme}`));
    await page.waitForFunction(() => document.querySelector('[data-testid="panel"]')?.dataset.state === 'ok', null, { timeout: 60_000 });
    await pinTooltip();
    await page.screenshot({ path: `${SHOTS}/links-tooltip-${theme}.png` });
    await page.keyboard.press('Escape');
    await page.getByTestId('dashboard-links-button').click();
    await page.screenshot({ path: `${SHOTS}/links-dropdown-${theme}.png` });
    await page.keyboard.press('Escape');
  }
});
