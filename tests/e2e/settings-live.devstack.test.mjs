// Dashboard settings take effect at once (issue 18), before any save, as in Grafana: each is
// changed in the settings view, the settings are closed without saving, and what a user sees
// is read back: the shared crosshair's line on another chart's overlay canvas (graphTooltip 1)
// or none (0); the tooltip's time in the chosen zone; the refresh picker's options
// (timepicker.refresh_intervals); no time or refresh picker (timepicker.hidden). After a save
// and reload the same holds. MESHBOARD_SHOTS=dir saves the top bar with the time controls
// hidden in both themes.
// The second test: `timepicker.nowDelay` moves the end of every query (the requests' `end`) and
// of the drawn x axis back by the delay while the picker still names the user's range, and
// `timezone` moves the drawn time axis' tick labels (the canvas' `data-time-axis`) by the
// zone's offset and the picker's absolute times into that zone; both before and after a save.
// MESHBOARD_SHOTS=dir saves the Tokyo chart and the open picker.
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

/** Records when each Prometheus `query_range` was sent and the `end` it asked for (ms). */
function recordRangeEnds(page) {
  const sent = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    // Prometheus only: Loki's `end` is in nanoseconds.
    if (!u.pathname.endsWith('/api/v1/query_range') || u.pathname.includes('/loki/')) return;
    const params = req.method() === 'POST' ? new URLSearchParams(req.postData() ?? '') : u.searchParams;
    sent.push({ at: Date.now(), end: Number(params.get('end')) * 1000, step: Number(params.get('step')) * 1000 });
  });
  return sent;
}

/** The first chart's drawn time axis once it has drawn after `after` draws. */
async function timeAxis(page, title, after = 0) {
  const canvas = page.locator(`[data-testid="panel"][data-panel-title="${title}"] canvas.ts-data`);
  await page.waitForFunction(([t, n]) => {
    const c = document.querySelector(`[data-testid="panel"][data-panel-title="${t}"] canvas.ts-data`);
    return c && Number(c.dataset.draws) > n && JSON.parse(c.dataset.timeAxis || 'null')?.ticks?.length > 1;
  }, [title, after]);
  return { draws: Number(await canvas.getAttribute('data-draws')), ...JSON.parse(await canvas.getAttribute('data-time-axis')) };
}

/** A tick label as the chart writes it, for the instant `ms` read `offsetMin` east of UTC. */
function wallClockLabel(ms, offsetMin, like) {
  const iso = new Date(ms + offsetMin * 60_000).toISOString();
  const [date, time] = [iso.slice(5, 10).replace('-', '/'), iso.slice(11, 19)];
  if (/^\d\d:\d\d:\d\d$/.test(like)) return time;
  if (/^\d\d:\d\d$/.test(like)) return time.slice(0, 5);
  if (/^\d\d\/\d\d \d\d:\d\d$/.test(like)) return `${date} ${time.slice(0, 5)}`;
  return like === date ? date : `unexpected label ${like}`;
}

/** The panel queries sent after `since`, once there is one. */
async function nextQuery(page, sent, since) {
  for (let i = 0; i < 200 && !sent.some((r) => r.at > since); i++) await page.waitForTimeout(50);
  const fresh = sent.filter((r) => r.at > since);
  assert.ok(fresh.length > 0, 'a panel queried again');
  return fresh;
}

/** The chart's time axis once every tick reads in the zone `offsetMin` east of UTC (the zone
 * change redraws it), checked tick by tick. */
async function axisInZone(page, title, offsetMin, what) {
  let axis;
  const wrong = (a) => a.ticks.filter(([ms, label]) => label !== wallClockLabel(ms, offsetMin, label));
  for (let i = 0; i < 100; i++) {
    axis = await timeAxis(page, title);
    if (wrong(axis).length === 0) break;
    await page.waitForTimeout(100);
  }
  for (const [ms, label] of axis.ticks) assert.equal(label, wallClockLabel(ms, offsetMin, label), `${what}: tick at ${new Date(ms).toISOString()}`);
  return axis;
}

test('nowDelay moves every query and the drawn range back, timezone moves the time axis labels, before and after a save', async () => {
  const page = await openPage(browser, url(`d/${UID}?refresh=off&from=now-1h&to=now`), { viewport: { width: 1280, height: 1200 } });
  page.on('dialog', (dialog) => dialog.accept());
  const sent = recordRangeEnds(page);
  await page.getByTestId('dashboard-grid').waitFor();
  const [{ title }] = await twoCharts(page);
  // Without a delay the queries end at the time they are sent (within a step's alignment).
  const undelayed = sent.filter((r) => r.end > 0);
  assert.ok(undelayed.length > 0, 'the panels queried');
  for (const r of undelayed) assert.ok(r.at - r.end < 60_000 + r.step, `no delay: end ${new Date(r.end).toISOString()} sent at ${new Date(r.at).toISOString()}`);

  // UTC, then Tokyo: the same instants, labels 9 h apart (Tokyo has no summer time).
  await page.getByTestId('dashboard-edit').click();
  await openSettings(page);
  await page.getByTestId('settings-timezone').selectOption('utc');
  await closeSettings(page);
  const utc = await axisInZone(page, title, 0, 'UTC');
  await openSettings(page);
  await page.getByTestId('settings-timezone').selectOption('Asia/Tokyo');
  await closeSettings(page);
  let axis = await axisInZone(page, title, 540, 'Tokyo');
  const utcLabels = new Map(utc.ticks.map(([ms, label]) => [ms, label]));
  const shared = axis.ticks.filter(([ms]) => utcLabels.has(ms));
  assert.ok(shared.length > 1, 'the same tick instants in both zones (a whole-hour offset)');
  for (const [ms, label] of shared) {
    const minutes = (l) => Number(l.slice(0, 2)) * 60 + Number(l.slice(3, 5));
    assert.equal((minutes(label) - minutes(utcLabels.get(ms)) + 1440) % 1440, 540, `${utcLabels.get(ms)} UTC is ${label} in Tokyo`);
  }
  for (let i = 0; SHOTS && i < 2; i++) {
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.locator(`[data-testid="panel"][data-panel-title="${title}"]`).screenshot({ path: `${SHOTS}/settings-live-tokyo-axis-${theme}.png` });
    await page.getByTestId('theme-toggle').click();
  }

  // nowDelay 5m, unsaved: every query sent after it ends 5 min before it was sent, the chart's
  // range ends there too, and the picker still says "Last 1 hour".
  let since = Date.now();
  await openSettings(page);
  await setField(page, 'settings-now-delay', '5m');
  await closeSettings(page);
  await page.getByTestId('unsaved-changes').waitFor();
  const delayed = await nextQuery(page, sent, since);
  const checkDelayed = (queries, when) => {
    for (const r of queries) {
      const lag = r.at - r.end;
      assert.ok(lag >= 300_000 - 1000 && lag < 300_000 + 60_000 + r.step, `${when}: end ${new Date(r.end).toISOString()} sent at ${new Date(r.at).toISOString()} (${(lag / 60_000).toFixed(2)} min before)`);
    }
  };
  checkDelayed(delayed, 'nowDelay 5m, unsaved');
  axis = await timeAxis(page, title, axis.draws);
  assert.ok(Date.now() - axis.to >= 300_000 - 1000, `the drawn range ends ${((Date.now() - axis.to) / 60_000).toFixed(2)} min ago`);
  assert.equal((await page.getByTestId('time-range-button').textContent()).trim(), 'Last 1 hour');

  // Saved and reloaded: the delay and the zone hold.
  await page.getByTestId('dashboard-save').click();
  await page.getByTestId('unsaved-changes').waitFor({ state: 'detached' });
  since = Date.now();
  await page.reload();
  await page.getByTestId('dashboard-grid').waitFor();
  checkDelayed(await nextQuery(page, sent, since), 'nowDelay 5m, saved and reloaded');
  axis = await axisInZone(page, title, 540, 'Tokyo after reload');
  assert.equal((await page.getByTestId('time-range-button').textContent()).trim(), 'Last 1 hour');

  // The picker's absolute times are Tokyo's wall clock both ways, as in Grafana's picker.
  await page.getByTestId('time-range-button').click();
  assert.equal((await page.getByTestId('time-zone-note').textContent()).trim(), 'Times in Asia/Tokyo');
  const shownTo = await page.getByTestId('abs-to').inputValue();
  const toAsUtc = Date.parse(`${shownTo}Z`) - 9 * 3_600_000;
  assert.ok(Math.abs(Date.now() - toAsUtc) < 120_000, `"To" ${shownTo} is now in Tokyo`);
  for (let i = 0; SHOTS && i < 2; i++) {
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByTestId('time-dropdown').screenshot({ path: `${SHOTS}/settings-live-tokyo-picker-${theme}.png` });
    await page.keyboard.press('Escape');
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('time-range-button').click();
    await page.getByTestId('abs-from').waitFor();
  }
  // Typed as Tokyo's wall clock: 09:00 in Tokyo is 00:00 UTC.
  await page.getByTestId('abs-from').fill('2026-12-07T09:00');
  await page.getByTestId('abs-to').fill('2026-12-07T10:30');
  await page.getByTestId('abs-apply').click();
  await page.waitForURL((u) => new URL(u).searchParams.get('from') === String(Date.UTC(2026, 11, 7, 0, 0, 0)));
  assert.equal(new URL(page.url()).searchParams.get('to'), String(Date.UTC(2026, 11, 7, 1, 30, 0)));
  assert.equal((await page.getByTestId('time-range-button').textContent()).trim(), '2026-12-07 09:00:00 to 2026-12-07 10:30:00');
  assert.deepEqual(page.problems.filter((p) => !p.includes('Failed to load resource')), []);
});
