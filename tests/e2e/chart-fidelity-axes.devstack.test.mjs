// The time series chart drawn as Grafana draws it (issue 18, dashboard fidelity): a dashboard
// imported from tests/fixtures/grafana/e2e/chart-axes.json. Each chart says what it drew as
// `data-drawn-layout` on its overlay (plot rectangle, each y axis' tick labels or null, each
// series' first bar), and this checks it against what the dashboard asks:
// - every series on the right axis: no (empty 0-1) left axis; `axisPlacement: hidden`: none;
// - `custom.axisWidth: 80`: the plot starts 80 px from the canvas' left edge;
// - `custom.barAlignment` -1 / 0 / 1: the same bars end at, centre on, start at their time;
// - `graphTooltip: 2`: hovering one chart shows the other charts' tooltips at that time with
//   their own values (read-only, hidden from screen readers, focus left alone), gone when the
//   pointer leaves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURE = new URL('../fixtures/grafana/e2e/chart-axes.json', import.meta.url);
const url = (path) => new URL(path, BASE).href;
// MESHBOARD_SHOTS=dir saves what the dashboard looks like in each theme, to look at.
const SHOTS = process.env.MESHBOARD_SHOTS;
const TITLES = ['Right only', 'Fixed width', 'Bars before', 'Bars center', 'Bars after', 'Hidden axis'];

let browser;
let page;
let dashboardUrl;

async function waitDrawn() {
  try {
    await page.waitForFunction((titles) => titles.every((t) => {
      const p = document.querySelector(`[data-testid="panel"][data-panel-title="${t}"]`);
      const o = p?.querySelector('[data-testid="chart-overlay"]');
      return p?.dataset.state === 'ok' && o?.dataset.drawnLayout;
    }), TITLES, { timeout: 60_000, polling: 250 });
  } catch (e) {
    const states = await page.$$eval('[data-testid="panel"]', (ps) => ps.map((p) => [p.dataset.panelTitle, p.dataset.state, !!p.querySelector('[data-testid="chart-overlay"]')?.dataset.drawnLayout]));
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/chart-axes-failed.png` });
    throw new Error(`charts not drawn: ${JSON.stringify(states)}; ${e.message}`);
  }
}

before(async () => {
  browser = await launch();
  page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1280, height: 1100 } });
  await page.getByTestId('import-text').fill(readFileSync(FIXTURE, 'utf8'));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  dashboardUrl = new URL(page.url());
  dashboardUrl.searchParams.set('theme', 'dark');
  await page.goto(dashboardUrl.href);
  await page.getByTestId('dashboard-grid').waitFor();
  await waitDrawn();
});
after(async () => { await browser?.close(); });

const panel = (title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);
const overlay = (title) => panel(title).locator('[data-testid="chart-overlay"]');
const drawn = async (title) => JSON.parse(await overlay(title).getAttribute('data-drawn-layout'));

test('screenshot (dark)', { skip: !SHOTS }, async () => {
  await page.screenshot({ path: `${SHOTS}/chart-axes-dark.png`, fullPage: true });
});

test('every series on the right: the right axis only, the plot where no left labels are', async () => {
  const right = await drawn('Right only');
  assert.equal(right.left, null, `no left axis: ${JSON.stringify(right)}`);
  assert.ok(right.right?.length >= 2, `a right axis with ticks: ${JSON.stringify(right)}`);
  assert.ok(right.right.some((l) => /7/.test(l)), `the right axis measures 7: ${right.right}`);
  // No 0-1 labels on the left: the plot starts within a time label's half of the edge.
  assert.ok(right.plot[0] <= 20, `plot starts at ${right.plot[0]}`);
  const hidden = await drawn('Hidden axis');
  assert.equal(hidden.left, null, `axisPlacement hidden draws no axis: ${JSON.stringify(hidden)}`);
  assert.equal(hidden.right, null);
  assert.ok(hidden.plot[0] <= 20, `the hidden axis takes no room: ${hidden.plot[0]}`);
});

test('axisWidth: the plot starts at the fixed width, whatever the labels need', async () => {
  const fixed = await drawn('Fixed width');
  assert.equal(fixed.plot[0], 80, JSON.stringify(fixed));
  assert.ok(fixed.left?.length >= 2, `its left axis is drawn: ${JSON.stringify(fixed)}`);
  // Same width on the three bar charts: they line up although their labels may differ.
  for (const t of ['Bars before', 'Bars center', 'Bars after']) {
    assert.equal((await drawn(t)).plot[0], 60, t);
  }
});

test('barAlignment: bars end at, centre on and start at their time', async () => {
  const bar = async (t) => {
    const d = await drawn(t);
    assert.ok(d.bars[0], `${t} drew bars: ${JSON.stringify(d)}`);
    const [x, , w] = d.bars[0];
    assert.ok(w >= 4, `${t}: bars ${w} px wide, not the dense 1 px envelope`);
    // From the plot's left edge: the three plots are the same width and time range.
    return { x: x - d.plot[0], w, plotW: d.plot[2] };
  };
  const before = await bar('Bars before');
  const center = await bar('Bars center');
  const after = await bar('Bars after');
  assert.ok(Math.abs(before.plotW - after.plotW) <= 2, 'same plot widths');
  const tol = 1.5;
  assert.ok(Math.abs(center.x - before.x - center.w / 2) <= tol, `centre is half a bar right of before: ${JSON.stringify({ before, center })}`);
  assert.ok(Math.abs(after.x - center.x - center.w / 2) <= tol, `after is half a bar right of centre: ${JSON.stringify({ center, after })}`);
  assert.ok(Math.abs(after.x - before.x - center.w) <= tol, `after is a whole bar right of before`);
});

async function hoverMiddle(title) {
  const box = await overlay(title).boundingBox();
  const d = await drawn(title);
  const x = box.x + d.plot[0] + d.plot[2] * 0.6;
  const y = box.y + d.plot[1] + d.plot[3] / 2;
  await page.mouse.move(x, y, { steps: 4 });
}

test('graphTooltip 2: hovering one chart shows the others\' tooltips at that time', async () => {
  const own = panel('Right only').locator('[data-testid="chart-tooltip"]');
  const other = panel('Fixed width').locator('[data-testid="chart-tooltip"]');
  const focusedBefore = await page.evaluate(() => document.activeElement?.tagName);
  await hoverMiddle('Right only');
  await own.waitFor({ state: 'visible' });
  await other.waitFor({ state: 'visible' });
  assert.equal(await own.getAttribute('data-synced'), 'false');
  assert.match(await own.textContent(), /seven\s*7(\D|$)/);
  // The other chart's own series and value (42, not the hovered chart's 7), at the same time.
  assert.equal(await other.getAttribute('data-synced'), 'true');
  assert.equal(await other.getAttribute('aria-hidden'), 'true');
  assert.equal(await other.getAttribute('tabindex'), null);
  const otherText = await other.textContent();
  assert.match(otherText, /forty-two\s*42(\D|$)/);
  assert.doesNotMatch(otherText, /seven/);
  const time = (loc) => loc.locator('.ts-tooltip-time').textContent();
  assert.equal(await time(other), await time(own), 'the same time');
  // Every other chart in view follows; the bar charts show their cpu values.
  await panel('Bars center').locator('[data-testid="chart-tooltip"][data-synced="true"]').waitFor({ state: 'visible' });
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/chart-axes-shared-tooltip-dark.png` });
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), focusedBefore, 'focus stays');
  // Leaving the chart hides them all.
  await page.mouse.move(5, 5);
  await other.waitFor({ state: 'detached' });
  await own.waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-testid="chart-tooltip"]').count(), 0);
});

test('screenshot (light)', { skip: !SHOTS }, async () => {
  dashboardUrl.searchParams.set('theme', 'light');
  await page.goto(dashboardUrl.href);
  await page.getByTestId('dashboard-grid').waitFor();
  await waitDrawn();
  await hoverMiddle('Bars center');
  await panel('Fixed width').locator('[data-testid="chart-tooltip"][data-synced="true"]').waitFor({ state: 'visible' });
  await page.screenshot({ path: `${SHOTS}/chart-axes-light.png`, fullPage: true });
});
