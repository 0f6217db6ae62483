// Dashboard settings take effect at once (issue 18), before any save, as in Grafana: each is
// changed in the settings view, the settings are closed without saving, and what a user sees
// is read back: the shared crosshair's line on another chart's overlay canvas (graphTooltip 1)
// or none (0); the tooltip's time in the chosen zone; the refresh picker's options
// (timepicker.refresh_intervals); no time or refresh picker (timepicker.hidden). After a save
// and reload the same holds. MESHBOARD_SHOTS=dir saves the top bar with the time controls
// hidden in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const UID = 'meshboard-resources';
const SHOTS = process.env.MESHBOARD_SHOTS;
const url = (path) => new URL(path, BASE).href;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function setField(page, testid, value) {
  const field = page.getByTestId(testid);
  await field.fill(value);
  await field.press('Tab');
}

async function openSettings(page) {
  await page.getByTestId('dashboard-settings-open').click();
  await page.getByTestId('dashboard-settings').waitFor();
}

async function closeSettings(page) {
  await page.getByTestId('settings-close').click();
  await page.getByTestId('dashboard-grid').waitFor();
}

const frames = (page, n = 3) => page.evaluate((count) => new Promise((resolve) => {
  const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(count);
}), n);

/** The first two time series wholly in view, once drawn: their boxes and titles. */
async function twoCharts(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="panel"]')].filter((p) => {
    const c = p.querySelector('canvas.ts-data');
    const r = p.getBoundingClientRect();
    return c && r.top >= 0 && r.bottom <= innerHeight && Number(c.dataset.draws) > 0;
  }).length >= 2);
  return page.$$eval('[data-testid="panel"]', (panels) => panels.filter((p) => {
    const c = p.querySelector('canvas.ts-data');
    const r = p.getBoundingClientRect();
    return c && r.top >= 0 && r.bottom <= innerHeight && Number(c.dataset.draws) > 0;
  }).slice(0, 2).map((p) => {
    const r = p.querySelector('[data-testid="chart-overlay"]').getBoundingClientRect();
    return { title: p.dataset.panelTitle, box: { x: r.x, y: r.y, w: r.width, h: r.height } };
  }));
}

/** Whether the overlay of the panel titled `title` shows a vertical line (a column painted
 * over a third of its height or more). */
const lineOn = (page, title) => page.$eval(`[data-testid="panel"][data-panel-title="${title}"] [data-testid="chart-overlay"]`, (c) => {
  const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
  const counts = new Array(width).fill(0);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (data[(y * width + x) * 4 + 3] > 0) counts[x]++;
  return Math.max(...counts) > height / 3;
});

/** Hovers the first chart and says whether the second shows the crosshair, and the tooltip. */
async function hoverFirst(page) {
  const [first, second] = await twoCharts(page);
  await page.mouse.move(first.box.x + first.box.w * 0.5, first.box.y + first.box.h / 2);
  await page.getByTestId('chart-tooltip').waitFor();
  await frames(page);
  const shared = await lineOn(page, second.title);
  const time = (await page.locator('.ts-tooltip-time').first().textContent()).trim();
  await page.mouse.move(2, 2);
  await frames(page);
  return { shared, time, second: second.title };
}

/** A tooltip time `YYYY-MM-DD HH:MM[:SS]` read as if UTC, in ms. */
const asMs = (text) => Date.parse(`${text.match(/\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?/)[0].replace(' ', 'T')}Z`);

test('graph tooltip, timezone, refresh choices and a hidden time picker take effect before saving, and after a save and reload', async () => {
  const page = await openPage(browser, url(`d/${UID}?refresh=off`), { viewport: { width: 1280, height: 1200 } });
  page.on('dialog', (dialog) => dialog.accept());
  await page.getByTestId('dashboard-grid').waitFor();
  const shipped = await hoverFirst(page);
  assert.equal(shipped.shared, true, `graphTooltip 1 (shipped): crosshair on ${shipped.second}`);
  // The shipped file's own `timepicker.refresh_intervals` (not the app's 5s ... 5m).
  assert.deepEqual(await page.getByTestId('refresh-picker').locator('option').allTextContents(), ['off', '10s', '30s', '1m', '5m', '15m', '1h']);

  // Crosshair off, zone UTC, the dashboard's own refresh choices; settings closed unsaved.
  await page.getByTestId('dashboard-edit').click();
  await openSettings(page);
  await page.getByTestId('settings-graph-tooltip').selectOption('0');
  await page.getByTestId('settings-timezone').selectOption('utc');
  await setField(page, 'settings-refresh-intervals', '15s, 2m, soon');
  await setField(page, 'settings-refresh-intervals', '15s, 2m');
  await closeSettings(page);
  await page.getByTestId('unsaved-changes').waitFor();
  const off = await hoverFirst(page);
  assert.equal(off.shared, false, `graphTooltip 0: no crosshair on ${off.second}`);
  assert.deepEqual(await page.getByTestId('refresh-picker').locator('option').allTextContents(), ['off', '15s', '2m']);

  // Crosshair back on, zone Tokyo (UTC+9, no summer time): the tooltip's clock moves 9 h.
  await openSettings(page);
  await page.getByTestId('settings-graph-tooltip').selectOption('1');
  await page.getByTestId('settings-timezone').selectOption('Asia/Tokyo');
  await closeSettings(page);
  const on = await hoverFirst(page);
  assert.equal(on.shared, true, `graphTooltip 1: crosshair on ${on.second}`);
  const shift = (asMs(on.time) - asMs(off.time)) / 3_600_000;
  assert.ok(Math.abs(shift - 9) < 0.25, `tooltip at the same point: ${off.time} (UTC), ${on.time} (Tokyo): ${shift.toFixed(2)} h apart`);

  // The time picker hidden: the top bar has neither picker.
  assert.equal(await page.getByTestId('time-picker').count(), 1);
  await openSettings(page);
  await page.getByTestId('settings-hide-time-picker').check();
  await closeSettings(page);
  await page.getByTestId('time-picker').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('refresh-picker').count(), 0, 'hidden time controls take the refresh picker too');
  for (let i = 0; SHOTS && i < 2; i++) {
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByTestId('topbar').screenshot({ path: `${SHOTS}/settings-live-hidden-time-${theme}.png` });
    await page.getByTestId('theme-toggle').click();
  }

  // Saved and reloaded: still hidden; shown again, the dashboard's refresh choices.
  await page.getByTestId('dashboard-save').click();
  await page.getByTestId('unsaved-changes').waitFor({ state: 'detached' });
  await page.reload();
  await page.getByTestId('dashboard-grid').waitFor();
  assert.equal(await page.getByTestId('time-picker').count(), 0, 'still hidden after reload');
  await page.getByTestId('dashboard-edit').click();
  await openSettings(page);
  await page.getByTestId('settings-hide-time-picker').uncheck();
  await closeSettings(page);
  await page.getByTestId('time-picker').waitFor();
  // The reload took the saved default `refresh` (30s) into the URL: not one of the choices, it
  // is offered after them so the picker still says what runs.
  const picker = page.getByTestId('refresh-picker');
  const current = await picker.inputValue();
  const expected = ['off', '15s', '2m'];
  assert.deepEqual(await picker.locator('option').allTextContents(), expected.includes(current) ? expected : [...expected, current]);
  assert.equal((await hoverFirst(page)).shared, true, 'crosshair after reload');
  assert.deepEqual(page.problems.filter((p) => !p.includes('Failed to load resource')), []);
});
