// Accessibility remainder of issue 19, against the devstack, keyboard only wherever a user
// acts (the test reads the DOM to check, it never clicks): the colour-blind-safe palette
// chosen on /settings recolours the drawn series (series meta, legend swatches, the canvas'
// pixels) and survives a reload; announced times and the summary follow the dashboard's
// `timezone` (the browser is put in New York, the dashboard in Tokyo); the time picker takes
// the focus, keeps Tab inside and gives it back on Escape; the variable multi-select is a
// listbox walked by arrows with Space/Enter, typeahead and Escape; Explore metrics, logs and
// traces announce their outcome once in a status region and stay silent on a same-outcome
// re-run; heatmap cells, log rows and trace spans are read through their live regions.
// MESHBOARD_SHOTS=dir saves the settings, the open time picker and multi-select, both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const url = (path) => new URL(path, BASE).href;
const RANGE = 'from=now-1h&to=now';
const DASHBOARD = `d/meshboard-operations?refresh=off&${RANGE}`;
const CPU = 'CPU usage';
const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'];
const CLASSIC_FIRST = '#73BF69'; // Grafana's "green" on the dark theme

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const panel = (p, title) => p.locator(`[data-testid="panel"][data-panel-title="${title}"]`);
const cleanRun = (p) => p.problems.filter((x) => !x.includes('Failed to load resource'));
const active = (p) => p.evaluate(() => {
  const el = document.activeElement;
  return { testid: el?.dataset?.testid ?? '', role: el?.getAttribute('role') ?? '', id: el?.id ?? '', tag: el?.tagName ?? '' };
});

/** Presses `key` until `done()` holds for the focused element (keyboard only). */
async function pressUntil(p, key, done, limit = 250) {
  for (let i = 0; i < limit; i++) {
    if (await done(await active(p))) return;
    await p.keyboard.press(key);
  }
  throw new Error(`${key} never reached the element`);
}

const hex = (rgb) => {
  const m = rgb.match(/\d+/g);
  return m ? `#${m.slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('').toUpperCase()}` : rgb;
};

/** The CPU panel's drawn series colours: series meta, legend swatches, and how many data
 * canvas pixels are near the first series' colour. */
async function drawnColours(p) {
  const cpu = panel(p, CPU);
  await cpu.locator('canvas.ts-data[data-draws]:not([data-draws="0"])').waitFor();
  const meta = JSON.parse(await cpu.getAttribute('data-series-meta'));
  const metaColours = meta.map((m) => m.color.toUpperCase());
  const swatches = await cpu.locator('[data-testid="legend-item"] .swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  // A 1 px line is antialiased over the background: a pixel counts when it lies on the way
  // from the background (the commonest colour) to one of the series colours, at least
  // half-way. Lines overlap (series drawn later cover earlier ones), so all are counted.
  const pixels = await cpu.locator('canvas.ts-data').evaluate((canvas, targets) => {
    const ts = targets.map((target) => [1, 3, 5].map((i) => parseInt(target.slice(i, i + 2), 16)));
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = `${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const bgKey = [...seen].sort((a, b) => b[1] - a[1])[0][0].split(',').map(Number);
    const bg = bgKey[3] < 128 ? null : bgKey.slice(0, 3);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const px = [data[i], data[i + 1], data[i + 2]];
      if (data[i + 3] < 128) continue;
      const painted = ts.some((t) => {
        if (!bg || data[i + 3] < 250) return px.every((c, k) => Math.abs(c - t[k]) < 30);
        const d = t.map((c, k) => c - bg[k]);
        const a = d.reduce((sum, dk, k) => sum + dk * (px[k] - bg[k]), 0) / d.reduce((sum, dk) => sum + dk * dk, 0);
        const off = Math.hypot(...px.map((c, k) => c - (bg[k] + a * d[k])));
        return a >= 0.5 && a <= 1.1 && off < 12;
      });
      if (painted) n++;
    }
    return n;
  }, [...new Set(metaColours)]);
  return { metaColours, swatches: swatches.map(hex), pixels };
}

test('palette: colour-blind safe on /settings recolours the drawn series at once and after a reload', async () => {
  const p = await openPage(browser, url(`settings?theme=dark`));
  const select = p.getByTestId('palette-preference');
  await select.waitFor();
  // Keyboard: Tab to the select, then ArrowDown picks the next option.
  await pressUntil(p, 'Tab', (a) => a.testid === 'palette-preference');
  assert.equal(await select.inputValue(), 'classic');
  await p.keyboard.press('ArrowDown');
  await p.waitForFunction(() => document.documentElement.dataset.palette === 'color-blind-safe');
  assert.equal(await p.evaluate(() => localStorage.getItem('meshboard.seriesPalette')), 'color-blind-safe');
  if (SHOTS) await p.screenshot({ path: `${SHOTS}/a11y-settings-palette-dark.png`, fullPage: true });

  await p.goto(url(`${DASHBOARD}&theme=dark`), { waitUntil: 'domcontentloaded' });
  await panel(p, CPU).and(p.locator('[data-state="ok"]')).waitFor({ timeout: 90_000 });
  const safe = await drawnColours(p);
  assert.ok(safe.metaColours.length > 0);
  safe.metaColours.forEach((c, i) => assert.equal(c, OKABE_ITO[i % OKABE_ITO.length], `series ${i} drawn in Okabe-Ito order`));
  assert.deepEqual(safe.swatches, safe.metaColours.slice(0, safe.swatches.length), 'legend swatches show the drawn colours');
  assert.ok(safe.pixels > 20, `the lines are painted in Okabe-Ito colours (${safe.pixels} px)`);

  // The choice is kept: a reload draws the same colours.
  await p.reload({ waitUntil: 'domcontentloaded' });
  await panel(p, CPU).and(p.locator('[data-state="ok"]')).waitFor({ timeout: 90_000 });
  assert.deepEqual((await drawnColours(p)).metaColours, safe.metaColours, 'after a reload');

  // Back to classic: Grafana's colours again, and the canvas repainted.
  await p.goto(url('settings?theme=dark'), { waitUntil: 'domcontentloaded' });
  await p.getByTestId('palette-preference').waitFor();
  await pressUntil(p, 'Tab', (a) => a.testid === 'palette-preference');
  await p.keyboard.press('ArrowUp');
  await p.waitForFunction(() => document.documentElement.dataset.palette === 'classic');
  await p.goto(url(`${DASHBOARD}&theme=dark`), { waitUntil: 'domcontentloaded' });
  await panel(p, CPU).and(p.locator('[data-state="ok"]')).waitFor({ timeout: 90_000 });
  const classic = await drawnColours(p);
  assert.equal(classic.metaColours[0], CLASSIC_FIRST);
  assert.ok(classic.pixels > 20, `the lines are painted in the classic colours (${classic.pixels} px)`);
  assert.deepEqual(cleanRun(p), []);
  await p.context().close();
});

/** Epoch ms of "YYYY-MM-DD HH:MM:SS" read as wall time at `offsetMin` from UTC. */
function wallToEpoch(text, offsetMin) {
  const [d, t] = text.split(' ');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi, s] = t.split(':').map(Number);
  return Date.UTC(y, mo - 1, da, h, mi, s) - offsetMin * 60_000;
}

/** The summary's range end as wall time, read at `offsetMin`. */
async function summaryEnd(p) {
  const overlay = panel(p, CPU).getByTestId('chart-overlay');
  const [id] = (await overlay.getAttribute('aria-describedby')).split(' ');
  const summary = await p.locator(`[id="${id}"]`).textContent();
  const m = summary.match(/ to (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/);
  assert.ok(m, `summary names its range: ${summary}`);
  return m[1];
}

test('times are announced and summarised in the dashboard\'s timezone, else the browser\'s', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'America/New_York' });
  const p = await context.newPage();
  p.setDefaultTimeout(60_000);
  p.on('dialog', (d) => d.accept());
  const NEW_YORK = await p.evaluate(() => -new Date().getTimezoneOffset());
  assert.ok(NEW_YORK === -300 || NEW_YORK === -240, `the browser is in New York: ${NEW_YORK}`);
  // "browser": New York.
  await p.goto(url(DASHBOARD), { waitUntil: 'domcontentloaded' });
  await panel(p, CPU).and(p.locator('[data-state="ok"]')).waitFor({ timeout: 90_000 });
  const nyEnd = wallToEpoch(await summaryEnd(p), NEW_YORK);
  assert.ok(Math.abs(nyEnd - Date.now()) < 10 * 60_000, `summary end read in New York is now: ${new Date(nyEnd).toISOString()}`);

  // The dashboard saved with timezone Asia/Tokyo (UTC+9, no summer time).
  await p.goto(url('d/meshboard-operations?refresh=off&editview=settings'), { waitUntil: 'domcontentloaded' });
  await p.getByTestId('settings-timezone').selectOption('Asia/Tokyo');
  await p.getByTestId('dashboard-save').click();
  await p.waitForFunction(() => document.querySelector('[data-testid="dashboard-version"]')?.textContent === 'Version 1');
  await p.goto(url(DASHBOARD), { waitUntil: 'domcontentloaded' });
  await panel(p, CPU).and(p.locator('[data-state="ok"]')).waitFor({ timeout: 90_000 });
  const tokyoEnd = wallToEpoch(await summaryEnd(p), 540);
  assert.ok(Math.abs(tokyoEnd - Date.now()) < 10 * 60_000, `summary end read in Tokyo is now: ${new Date(tokyoEnd).toISOString()}`);

  // The cursor's announcement and the tooltip say the sample's time in Tokyo.
  await pressUntil(p, 'Tab', async () => (await p.evaluate(() => document.activeElement?.dataset.testid)) === 'chart-overlay'
    && (await p.evaluate(() => document.activeElement.closest('[data-testid="panel"]')?.dataset.panelTitle)) === CPU);
  await p.keyboard.press('End');
  const announce = panel(p, CPU).getByTestId('chart-announce');
  await p.waitForFunction((el) => /point \d+ of \d+$/.test(el.textContent), await announce.elementHandle());
  const [, time] = (await announce.textContent()).match(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d), /);
  assert.equal(await panel(p, CPU).getByTestId('chart-tooltip').locator('.ts-tooltip-time').textContent(), time, 'tooltip says the same time');
  const at = wallToEpoch(time, 540);
  assert.ok(Math.abs(at - Date.now()) < 10 * 60_000, `the last point read in Tokyo is recent: ${time}`);
  await context.close();
});

test('time picker: focus moves in, Tab stays inside, Escape gives it back; a quick range by Enter', async () => {
  for (const theme of ['dark', 'light']) {
    const p = await openPage(browser, url(`${DASHBOARD}&theme=${theme}`));
    const button = p.getByTestId('time-range-button');
    await button.waitFor();
    await p.locator('body').focus();
    await pressUntil(p, 'Tab', (a) => a.testid === 'time-range-button');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await button.getAttribute('aria-haspopup'), 'dialog');
    await p.keyboard.press('Enter');
    const dropdown = p.getByTestId('time-dropdown');
    await dropdown.waitFor();
    assert.equal(await dropdown.getAttribute('role'), 'dialog');
    assert.equal(await dropdown.getAttribute('aria-label'), 'Time range');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    await p.waitForFunction(() => document.activeElement?.closest('[data-testid="time-dropdown"]'));
    assert.equal((await active(p)).testid, 'quick-range', 'the first quick range has the focus');
    if (SHOTS) await p.screenshot({ path: `${SHOTS}/a11y-time-picker-${theme}.png` });
    // Shift+Tab from the first control wraps to the last; Tab from the last back to the first.
    await p.keyboard.press('Shift+Tab');
    assert.equal((await active(p)).testid, 'abs-apply');
    await p.keyboard.press('Tab');
    assert.equal((await active(p)).testid, 'quick-range');
    // Every control inside is named.
    const unnamed = await dropdown.locator('button, input').evaluateAll((els) => els.filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim() || e.closest('label'))).length);
    assert.equal(unnamed, 0);
    await p.keyboard.press('Escape');
    await dropdown.waitFor({ state: 'detached' });
    assert.equal((await active(p)).testid, 'time-range-button', 'Escape gives the focus back');
    // Open again and pick the second quick range with Tab and Enter.
    await p.keyboard.press('Enter');
    await dropdown.waitFor();
    await p.keyboard.press('Tab');
    const wanted = await p.evaluate(() => document.activeElement.dataset.range);
    assert.ok(wanted, 'Tab moved to the next quick range');
    await p.keyboard.press('Enter');
    await p.waitForFunction((r) => new URL(location.href).searchParams.get('from') === r, wanted);
    await dropdown.waitFor({ state: 'detached' });
    assert.equal((await active(p)).testid, 'time-range-button', 'the focus is back on the button after choosing');
    for (const id of ['shift-earlier', 'shift-later']) {
      assert.ok(await p.getByTestId(id).getAttribute('aria-label'), `${id} is named`);
    }
    assert.deepEqual(cleanRun(p), []);
    await p.context().close();
  }
});

test('variable multi-select: a listbox walked by arrows, toggled by Space and Enter, filtered by typing, closed by Escape', async () => {
  const p = await openPage(browser, url(`${DASHBOARD}&theme=dark`));
  const control = p.getByTestId('variable-instance');
  const button = control.getByTestId('variable-button');
  await p.waitForFunction(() => document.querySelector('[data-testid="variable-instance"]')?.dataset.loading === 'false');
  await p.locator('body').focus();
  await pressUntil(p, 'Tab', async (a) => a.testid === 'variable-button' && await p.evaluate(() => document.activeElement.closest('[data-variable]')?.dataset.variable) === 'instance');
  assert.equal(await button.getAttribute('aria-haspopup'), 'listbox');
  await p.keyboard.press('Enter');
  const listbox = control.getByRole('listbox');
  await listbox.waitFor();
  assert.equal((await active(p)).role, 'listbox', 'the focus moved onto the list');
  assert.equal(await listbox.getAttribute('aria-multiselectable'), 'true');
  assert.ok(await listbox.getAttribute('aria-label'), 'the list is named');
  const options = listbox.getByRole('option');
  const values = await options.evaluateAll((els) => els.map((e) => e.dataset.value));
  assert.ok(values.length >= 3, `options: ${values}`);
  assert.equal(values[0], '$__all');
  // ArrowDown twice: the second option is active (aria-activedescendant), then Space selects it.
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('ArrowDown');
  const activeId = await listbox.getAttribute('aria-activedescendant');
  assert.equal(activeId, await options.nth(1).getAttribute('id'));
  await p.keyboard.press(' ');
  await p.waitForFunction((v) => new URL(location.href).searchParams.getAll('var-instance').join() === v, values[1]);
  // The list stays open, focused, with the option selected and still active.
  await p.waitForFunction(() => document.activeElement?.getAttribute('role') === 'listbox');
  assert.equal(await listbox.locator(`[data-value="${values[1]}"]`).getAttribute('aria-selected'), 'true');
  assert.equal(await listbox.getAttribute('aria-activedescendant'), activeId);
  if (SHOTS) await p.screenshot({ path: `${SHOTS}/a11y-multi-select-dark.png` });
  // Typeahead: the last option's text filters the list; Enter selects the first match.
  const lastText = (await options.last().textContent()).replace(/^[☐☑]/, '');
  await p.keyboard.type(lastText);
  await control.getByTestId('variable-filter').waitFor();
  const shown = await listbox.getByRole('option').evaluateAll((els) => els.map((e) => [e.dataset.value, e.textContent.replace(/^[☐☑]/, '')]));
  assert.ok(shown.length >= 1 && shown.every(([, t]) => t.toLowerCase().includes(lastText.toLowerCase())), `filtered: ${JSON.stringify(shown)}`);
  assert.match(await control.getByTestId('variable-filter-status').textContent(), new RegExp(`^${shown.length} options match`));
  await p.keyboard.press('Enter');
  await p.waitForFunction((v) => new URL(location.href).searchParams.getAll('var-instance').sort().join() === v, [values[1], shown[0][0]].sort().join());
  // Escape closes the list and the focus is back on the button, which names the selection.
  await p.waitForFunction(() => document.activeElement?.getAttribute('role') === 'listbox');
  await p.keyboard.press('Escape');
  await listbox.waitFor({ state: 'detached' });
  assert.equal((await active(p)).testid, 'variable-button');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.match(await button.getAttribute('aria-label'), /\+/, 'the name says both values');
  assert.deepEqual(cleanRun(p), []);
  await p.context().close();
});

/** Waits until the page's status region judged the page at least `checks` times. */
async function statusAfter(p, checks) {
  const region = p.getByTestId('page-status');
  await p.waitForFunction((n) => Number(document.querySelector('[data-testid="page-status"]')?.dataset.checks ?? 0) > n, checks, { timeout: 60_000 });
  return { text: await region.textContent(), said: Number(await region.getAttribute('data-said')), checks: Number(await region.getAttribute('data-checks')) };
}

test('Explore metrics, logs and traces announce their outcome once; a same-outcome re-run is silent', async () => {
  const p = await openPage(browser, url(`explore/metrics?query=${encodeURIComponent('sum by (job) (up)')}&${RANGE}`));
  await p.waitForFunction(() => document.querySelector('[data-testid="panel"]')?.dataset.state === 'ok', null, { timeout: 90_000 });
  assert.equal(await p.locator('[role="status"][data-testid="page-status"]').count(), 1, 'one status region');
  assert.equal(await p.getByTestId('page-status').getAttribute('aria-live'), 'polite');
  await p.waitForFunction(() => document.querySelector('[data-testid="page-status"]').textContent === 'Explore metrics: 1 panel loaded', null, { timeout: 60_000 });
  const before = await statusAfter(p, 0);
  // Run the same query again (the Run button focused, Enter): the same outcome says nothing.
  await p.getByTestId('run-query').focus();
  await p.keyboard.press('Enter');
  const again = await statusAfter(p, before.checks);
  assert.equal(again.said, before.said, 'no new announcement for the same outcome');
  assert.equal(again.text, before.text);

  // A query without series: said as no data.
  await p.goto(url(`explore/metrics?query=${encodeURIComponent('up{job="no-such-job"}')}&${RANGE}`), { waitUntil: 'domcontentloaded' });
  await p.waitForFunction(() => /with no data/.test(document.querySelector('[data-testid="page-status"]')?.textContent ?? ''), null, { timeout: 90_000 });

  // Logs.
  await p.goto(url(`explore/logs?query=${encodeURIComponent('{job="agent-mesh"}')}&${RANGE}`), { waitUntil: 'domcontentloaded' });
  await p.waitForFunction(() => document.querySelector('[data-testid="page-status"]')?.textContent === 'Explore logs: 1 panel loaded', null, { timeout: 90_000 });
  // Trace search.
  await p.goto(url('explore/traces?service=agent-mesh&operation=federated_round&from=now-6h&to=now'), { waitUntil: 'domcontentloaded' });
  await p.waitForFunction(() => document.querySelector('[data-testid="page-status"]')?.textContent === 'Trace search: 1 panel loaded', null, { timeout: 90_000 });
  assert.deepEqual(cleanRun(p), []);
  await p.context().close();
});

test('heatmap cells by keyboard: each announcement is the tooltip', async () => {
  const p = await openPage(browser, url(`${DASHBOARD}&theme=dark`), { viewport: { width: 1400, height: 1000 } });
  const title = 'Agent Mesh API latency distribution';
  const heat = panel(p, title);
  await heat.scrollIntoViewIfNeeded();
  await heat.and(p.locator('[data-state="ok"]')).waitFor({ timeout: 90_000 });
  // From the panel's own menu button (focused, not clicked), Tab reaches the cells.
  await heat.getByTestId('panel-menu').focus();
  await pressUntil(p, 'Tab', (a) => a.testid === 'heatmap-canvas', 10);
  assert.equal(await heat.getByTestId('heatmap-canvas').getAttribute('role'), 'img');
  const said = [];
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown']) {
    await p.keyboard.press(key);
    const tip = await heat.getByTestId('grid-tooltip').evaluate((el) => [...el.children].map((c) => c.textContent));
    const text = await heat.getByTestId('grid-announce').textContent();
    assert.equal(text, tip.join(', '), `${key}: the announcement is the tooltip`);
    assert.match(text, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, bucket .+ – .+, count .+$/);
    said.push(text);
  }
  assert.notEqual(said[0], said[1], 'ArrowRight moved to another time');
  assert.notEqual(said[1].split(', ')[1], said[2].split(', ')[1], 'ArrowDown moved to another bucket');
  await p.context().close();
});

test('the logs list and the trace timeline are read row by row through their live regions', async () => {
  const p = await openPage(browser, url(`explore/logs?query=${encodeURIComponent('{job="agent-mesh"}')}&${RANGE}`), { viewport: { width: 1400, height: 1000 } });
  await p.waitForFunction(() => document.querySelector('.logs-view')?.dataset.state === 'ok', null, { timeout: 90_000 });
  // From the view's first toolbar control (focused, not clicked), Tab reaches the list.
  await p.locator('.logs-view button').first().focus();
  await pressUntil(p, 'Tab', (a) => a.testid === 'logs-list', 80);
  const rows = p.getByTestId('log-row');
  const announce = p.getByTestId('logs-announce');
  for (let i = 0; i < 2; i++) {
    await p.keyboard.press('ArrowDown');
    const text = await announce.textContent();
    const row = rows.nth(i);
    const [time, level, line] = await Promise.all(['.log-time', '.log-level', '.log-line'].map((c) => row.locator(c).textContent()));
    assert.ok(text.startsWith(`${time}, ${level}, ${line.slice(0, 300)}`), `row ${i + 1}: ${text}`);
    assert.match(text, new RegExp(`, row ${i + 1} of \\d+$`));
  }
  await p.keyboard.press('End');
  assert.match(await announce.textContent(), /, row (\d+) of \1$/, 'End reaches the last row');
  await p.keyboard.press('Enter');
  await p.getByTestId('log-details').waitFor();

  // A trace: the first search result, opened by its URL.
  await p.goto(url('explore/traces?service=agent-mesh&operation=federated_round&from=now-6h&to=now'), { waitUntil: 'domcontentloaded' });
  const result = p.getByTestId('trace-result').first();
  await result.waitFor({ timeout: 90_000 });
  const traceId = await result.getAttribute('data-trace-id');
  await p.goto(url(`explore/traces/${traceId}?from=now-6h&to=now`), { waitUntil: 'domcontentloaded' });
  await p.getByTestId('trace-view').waitFor({ timeout: 90_000 });
  await p.locator('body').focus();
  await pressUntil(p, 'Tab', (a) => a.testid === 'trace-rows', 200);
  const spans = p.getByTestId('span-row');
  const spoken = p.getByTestId('trace-announce');
  for (let i = 0; i < 2; i++) {
    await p.keyboard.press('ArrowDown');
    const text = await spoken.textContent();
    const [service, op] = await Promise.all(['.tl-service', '.tl-op'].map((c) => spans.nth(i).locator(c).textContent()));
    assert.ok(text.startsWith(`${service} ${op}, `), `span ${i + 1}: ${text}`);
    assert.match(text, new RegExp(`, row ${i + 1} of \\d+$`));
  }
  await p.keyboard.press('Enter');
  const details = p.getByTestId('span-details');
  await details.waitFor();
  assert.equal(await details.getAttribute('data-span-id'), await spans.nth(1).getAttribute('data-span-id'), 'Enter opened the active span');
  await p.waitForFunction(() => document.querySelector('[data-testid="page-status"]')?.textContent === 'Trace: 1 panel loaded');
  assert.deepEqual(cleanRun(p), []);
  await p.context().close();
});
