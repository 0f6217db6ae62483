// Dashboard annotations (issue 15) against the devstack's Prometheus: entries whose queries
// fire at known times (every ten minutes; the first five minutes of every twenty), so the
// markers' times are checked against the clock, not against the app's own maths. Also the
// header toggles, a panel filter, the hover card and both themes. A Loki entry
// (annotations-loki.json) is checked against the log lines Loki itself returns for the app's
// request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURE = new URL('../fixtures/grafana/e2e/annotations.json', import.meta.url);
const url = (path) => new URL(path, BASE).href;
const SHOTS = process.env.MESHBOARD_SHOTS;
const LOKI_FIXTURE = new URL('../fixtures/grafana/e2e/annotations-loki.json', import.meta.url);
const MIN = 60_000;

let browser;
let page;

before(async () => {
  browser = await launch();
  page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1280, height: 900 } });
  await page.getByTestId('import-text').fill(readFileSync(FIXTURE, 'utf8'));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="annotation-marker"]').length > 0, null, { timeout: 60_000 });
});
after(async () => { await browser?.close(); });

const panel = (title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);
const markers = (title, source) => panel(title).locator(`[data-testid="annotation-marker"][data-source="${source}"]`)
  .evaluateAll((els) => els.map((e) => ({ time: Number(e.dataset.time), end: Number(e.dataset.end), title: e.dataset.title })));

test('toggles for the entries that are not hidden, none for other datasources', async () => {
  const names = await page.getByTestId('annotation-toggle').evaluateAll((ls) => ls.map((l) => l.dataset.name));
  assert.deepEqual(names, ['Every ten minutes', 'Twenty-minute windows']);
});

test('moments sit on every ten-minute mark of the range', async () => {
  const moments = await markers('Scrape health', 1);
  assert.ok(moments.length >= 5 && moments.length <= 7, `${moments.length} moments in an hour`);
  for (const m of moments) {
    assert.equal(m.time % (10 * MIN), 0, `${new Date(m.time).toISOString()} is a ten-minute mark`);
    assert.equal(m.end, m.time, 'a moment, not a region');
    assert.equal(m.title, 'Ten-minute mark');
  }
  const gaps = moments.slice(1).map((m, i) => m.time - moments[i].time);
  assert.ok(gaps.every((g) => g === 10 * MIN), `consecutive: ${gaps}`);
});

test('regions span the first five minutes of every twenty, and skip the filtered panel', async () => {
  const regions = await markers('Scrape health', 2);
  assert.ok(regions.length >= 2, `${regions.length} regions`);
  // Samples at 0..4 min of each window merge into one region (each a step apart); the first
  // and last may be cut by the range.
  for (const [i, r] of regions.entries()) {
    const cutByStart = i === 0 && r.time % (20 * MIN) !== 0;
    const cutByEnd = i === regions.length - 1;
    assert.ok(r.time % (20 * MIN) < 5 * MIN && r.end % (20 * MIN) <= 4 * MIN, `inside a window: ${r.time}..${r.end}`);
    if (!cutByStart) assert.equal(r.time % (20 * MIN), 0, 'starts on a window');
    if (!cutByStart && !cutByEnd) assert.equal(r.end - r.time, 4 * MIN, 'the window\'s five samples');
  }
  assert.deepEqual(await markers('Scrape health without windows', 2), [], 'filter excludes panel 2');
  assert.ok((await markers('Scrape health without windows', 1)).length > 0, 'but not the other entry');
});

test('markers sit where their time is on the chart', async () => {
  const first = panel('Scrape health').locator('[data-testid="annotation-marker"][data-source="1"]').first();
  const box = await first.boundingBox();
  const canvas = await panel('Scrape health').locator('canvas.ts-data').boundingBox();
  assert.ok(box.x > canvas.x && box.x < canvas.x + canvas.width, 'inside the chart');
  assert.ok(box.height > canvas.height * 0.5, 'spans the plot');
});

test('the hover card names the event, and a toggle hides its entry', async () => {
  const handle = panel('Scrape health').locator('[data-testid="annotation-marker"][data-source="2"] .annotation-handle').first();
  await handle.focus();
  const card = panel('Scrape health').locator('[data-testid="annotation-marker"][data-source="2"] .annotation-card').first();
  assert.equal(await card.isVisible(), true);
  assert.match(await card.textContent(), /Window.*first five minutes/s);
  await page.locator('[data-testid="annotation-toggle"][data-name="Every ten minutes"] input').uncheck();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="annotation-marker"][data-source="1"]').length === 0);
  assert.ok((await markers('Scrape health', 2)).length > 0, 'the other entry stays');
  await page.locator('[data-testid="annotation-toggle"][data-name="Every ten minutes"] input').check();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="annotation-marker"][data-source="1"]').length > 0);
  assert.deepEqual(page.problems, []);
});

test('a Loki entry puts a marker at every log line Loki returns for it', async () => {
  const loki = await openPage(browser, url('dashboard/import'), { viewport: { width: 1280, height: 700 } });
  const requests = [];
  loki.on('request', (request) => {
    const u = new URL(request.url());
    if (u.pathname.endsWith('/loki/api/v1/query_range')) requests.push(u.search);
  });
  await loki.getByTestId('import-text').fill(readFileSync(LOKI_FIXTURE, 'utf8'));
  await loki.getByTestId('import-button').click();
  await loki.waitForURL(/\/d\//);
  // A range that has ended: the chart and the entry read the same one, and Loki's answer
  // for it no longer changes.
  const to = Math.floor((Date.now() - 2 * MIN) / 1000) * 1000;
  const u = new URL(loki.url());
  u.searchParams.set('from', String(to - 30 * MIN));
  u.searchParams.set('to', String(to));
  await loki.goto(u.href);
  await loki.waitForFunction(() => document.querySelectorAll('[data-testid="annotation-marker"]').length > 0, null, { timeout: 60_000 });
  const sent = new URLSearchParams(requests.at(-1));
  assert.equal(sent.get('query'), '{job="agent-mesh", component="consensus"}');
  assert.equal(sent.get('limit'), '20', 'maxLines');
  // Loki's own answer to the same request, through the app's proxy.
  const answer = await (await fetch(url(`loki/loki/api/v1/query_range?${sent}`))).json();
  assert.equal(answer.status, 'success');
  const lines = answer.data.result.flatMap((s) => s.values.map(([ns]) => Number(BigInt(ns) / 1000000n)))
    .filter((t) => t >= to - 30 * MIN && t <= to).sort((a, b) => a - b);
  assert.ok(lines.length > 0 && lines.length <= 20, `${lines.length} lines`);
  const shown = await loki.locator('[data-testid="annotation-marker"][data-source="0"]')
    .evaluateAll((els) => els.map((e) => ({ time: Number(e.dataset.time), end: Number(e.dataset.end), title: e.dataset.title })));
  assert.deepEqual(shown.map((m) => m.time).sort((a, b) => a - b), lines, 'one marker per line, at its time');
  assert.ok(shown.every((m) => m.end === m.time && m.title === 'consensus'), 'moments titled by titleFormat');
  // Each marker sits where its time is on the chart's time axis.
  const plot = await loki.locator('canvas.ts-data').boundingBox();
  const xs = await loki.locator('[data-testid="annotation-marker"][data-source="0"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().x));
  assert.ok(xs.every((x) => x >= plot.x && x <= plot.x + plot.width), 'inside the chart');
  assert.deepEqual(loki.problems, []);
  if (SHOTS) await loki.screenshot({ path: `${SHOTS}/annotations-loki.png` });
  await loki.context().close();
});

test('screenshots (light and dark)', { skip: !SHOTS }, async () => {
  for (const theme of ['light', 'dark']) {
    const u = new URL(page.url());
    u.searchParams.set('theme', theme);
    await page.goto(u.href);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="annotation-marker"]').length > 0, null, { timeout: 60_000 });
    await page.locator('[data-testid="annotation-marker"][data-source="2"] .annotation-handle').first().focus();
    await page.screenshot({ path: `${SHOTS}/annotations-${theme}.png` });
  }
});
