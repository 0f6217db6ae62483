// Time series drawn per series (issue 14 item 1) against the devstack: a dashboard imported
// from tests/fixtures/grafana/e2e/series-styles.json, whose panels are real Node Exporter Full
// panels (field config and overrides verbatim) querying metrics the devstack has. Each panel
// exposes what it drew per series (`data-series-meta`) and its y axes (`data-axes`); this
// checks them against what the dashboard asks: Tx mirrored below zero with its real value in
// the tooltip, Total out of the memory stack, CPU stacked to 100%, the 16 EiB limit hidden and
// out of the axis, a second unit on a right axis, and points drawn for every panel.
//
// Placement (issue 15): every corpus dashboard of `cargo xtask fidelity` (and the legacy rows[]
// Node Exporter Full) imported as a user would; every panel, repeat copy and row header drawn
// where Grafana places it, as first seen and after opening every row bottom to top, judged
// from the drawn boxes against tests/e2e/fidelity/grid-oracle.mjs (a replay of Grafana's
// scenes grid and react-grid-layout, apart from the app's Rust layout).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';
import { drawnItems, openAllRows, oracleAfter, comparePlaces, repeatCounts } from './fidelity/placement.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURE = new URL('../fixtures/grafana/e2e/series-styles.json', import.meta.url);
const url = (path) => new URL(path, BASE).href;

// MESHBOARD_SHOTS=dir saves what the dashboard looks like in each theme, to look at.
const SHOTS = process.env.MESHBOARD_SHOTS;

let browser;
let page;

before(async () => {
  browser = await launch();
  // Tall enough that every panel of the fixture is on screen (panels load when visible).
  page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1280, height: 1100 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.getByTestId('import-text').fill(readFileSync(FIXTURE, 'utf8'));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  // Headless Chromium prefers light: ask for the dark theme, whose colours the checks name.
  const dark = new URL(page.url());
  dark.searchParams.set('theme', 'dark');
  await page.goto(dark.href);
  await page.getByTestId('dashboard-grid').waitFor();
  try {
    await page.waitForFunction(() => {
      const panels = [...document.querySelectorAll('[data-testid="panel"]')];
      return panels.length === 5 && panels.every((p) => p.dataset.state === 'ok' && p.dataset.seriesMeta);
    }, null, { timeout: 60_000, polling: 250 });
  } catch (e) {
    const states = await page.$$eval('[data-testid="panel"]', (ps) => ps.map((p) => [p.dataset.panelTitle, p.dataset.state, p.dataset.series, !!p.dataset.seriesMeta, p.querySelector('[data-testid="panel-error"]')?.textContent]));
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/series-styles-failed.png` });
    throw new Error(`panels not drawn: ${JSON.stringify(states)}; page errors: ${JSON.stringify(errors)}; ${e.message}`);
  }
});
after(async () => { await browser?.close(); });

const panel = (title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);

async function drawn(title) {
  const p = panel(title);
  return {
    meta: JSON.parse(await p.getAttribute('data-series-meta')),
    axes: JSON.parse(await p.getAttribute('data-axes')),
    series: Number(await p.getAttribute('data-series')),
    points: Number(await p.getAttribute('data-points')),
  };
}

const byName = (meta, name) => {
  const s = meta.find((m) => m.name === name);
  assert.ok(s, `series ${name} in ${JSON.stringify(meta.map((m) => m.name))}`);
  return s;
};

test('screenshot (dark)', { skip: !SHOTS }, async () => {
  await page.screenshot({ path: `${SHOTS}/series-styles-dark.png`, fullPage: true });
});

test('Network Traffic Basic: Tx mirrored below zero, the tooltip keeps its sign', async () => {
  const d = await drawn('Network Traffic Basic');
  assert.equal(byName(d.meta, 'Tx all').transform, 'negative-Y');
  assert.equal(byName(d.meta, 'Rx all').transform, null);
  assert.ok(d.meta.every((s) => s.unit === 'bps' && s.fillOpacity === 40));
  assert.deepEqual([byName(d.meta, 'Rx all').color, byName(d.meta, 'Tx all').color], ['#73BF69', '#FADE2A']);
  assert.equal(d.axes.left.unit, 'bps');
  assert.equal(d.axes.right, null);
  assert.equal(d.series, 2);
  assert.ok(d.points > 2, `points drawn: ${d.points}`);
  // Hover the middle of the plot: both rows, Tx with its own positive value in bps.
  const overlay = panel('Network Traffic Basic').getByTestId('chart-overlay');
  const box = await overlay.boundingBox();
  await overlay.hover({ position: { x: box.width / 2, y: box.height / 2 } });
  const tooltip = panel('Network Traffic Basic').getByTestId('chart-tooltip');
  await tooltip.waitFor();
  const rows = await tooltip.locator('.ts-tooltip-row').allInnerTexts();
  const tx = rows.find((r) => r.includes('Tx all'));
  assert.ok(tx, `a Tx row in ${JSON.stringify(rows)}`);
  assert.match(tx, /Tx all\s+[0-9.]+ [kMG]?b\/s$/, `Tx shows a positive rate: ${tx}`);
  await page.mouse.move(0, 0);
});

test('Memory Basic: the parts stack, Total is in a group of its own', async () => {
  const d = await drawn('Memory Basic');
  assert.deepEqual(byName(d.meta, 'Total').stacking, { mode: 'normal', group: 'false' });
  assert.equal(byName(d.meta, 'Total').fillOpacity, 0);
  assert.equal(byName(d.meta, 'Total').color, '#E0F9D7');
  for (const name of ['Used', 'Cache + Buffer', 'Free', 'Swap used']) {
    assert.deepEqual(byName(d.meta, name).stacking, { mode: 'normal', group: 'A' }, name);
  }
  assert.equal(d.axes.left.unit, 'bytes');
  assert.equal(d.series, 5);
  assert.ok(d.points > 5);
});

test('CPU Basic: 100% stacking on a percent axis', async () => {
  const d = await drawn('CPU Basic');
  assert.ok(d.meta.every((s) => s.stacking.mode === 'percent'), JSON.stringify(d.meta));
  assert.equal(byName(d.meta, 'Idle').color, '#052B51');
  // Drawn smooth (monotone curves), breaking at gaps, without gradient, as the panel asks.
  assert.ok(d.meta.every((s) => s.lineInterpolation === 'smooth' && s.spanNulls === false && s.gradientMode === 'none'), JSON.stringify(d.meta));
  assert.equal(d.axes.thresholds.mode, 'off');
  assert.equal(d.axes.left.unit, 'percentunit');
  assert.equal(d.series, 3);
});

test('Exporter Processes Memory: the limit is hidden from the viz, listed as hidden', async () => {
  const d = await drawn('Exporter Processes Memory');
  assert.equal(d.meta.length, 2, 'the hidden series stays in the meta');
  assert.equal(byName(d.meta, 'Virtual Memory Limit').hideFrom.viz, true);
  assert.equal(byName(d.meta, 'Virtual Memory').hideFrom.viz, false);
  assert.equal(byName(d.meta, 'Virtual Memory Limit').lineStyle.fill, 'dash');
  assert.equal(byName(d.meta, 'Virtual Memory').lineInterpolation, 'linear');
  assert.equal(d.series, 1, 'only the real series is drawn');
  assert.ok(d.points > 1);
  // The axis fits the real series: its top label is far below 16 EiB.
  const overlay = panel('Exporter Processes Memory').getByTestId('chart-overlay');
  const box = await overlay.boundingBox();
  await overlay.hover({ position: { x: box.width / 2, y: box.height / 2 } });
  const rows = await panel('Exporter Processes Memory').getByTestId('chart-tooltip').locator('.ts-tooltip-row').allInnerTexts();
  assert.equal(rows.length, 1, `no tooltip row for the hidden limit: ${JSON.stringify(rows)}`);
  await page.mouse.move(0, 0);
});

test('a second unit gets the right axis with its own title and style', async () => {
  const d = await drawn('Memory and CPU');
  assert.deepEqual(d.axes.left, { unit: 'bytes', label: 'memory' });
  assert.deepEqual(d.axes.right, { unit: 'percent', label: 'cpu', series: ['CPU'] });
  const cpu = byName(d.meta, 'CPU');
  assert.equal(cpu.unit, 'percent');
  assert.equal(cpu.drawStyle, 'points');
  assert.equal(cpu.color, '#FF9830');
  assert.equal(byName(d.meta, 'Memory').axisPlacement, 'auto');
  assert.equal(d.series, 2);
});

test('the light theme resolves the palette for light backgrounds', async () => {
  const light = new URL(page.url());
  light.searchParams.set('theme', 'light');
  await page.goto(light.href);
  // Both panels this test reads (waiting for one and reading the other raced).
  await page.waitForFunction(() => ['Memory Basic', 'Memory and CPU'].every((title) => {
    const p = document.querySelector(`[data-testid="panel"][data-panel-title="${title}"]`);
    return p?.dataset.state === 'ok' && p.dataset.seriesMeta;
  }), null, { timeout: 60_000, polling: 250 });
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/series-styles-light.png`, fullPage: true });
  const d = await drawn('Memory and CPU');
  // Grafana picks each named colour per theme: orange and the palette's green are darker.
  assert.equal(byName(d.meta, 'CPU').color, '#FF780A');
  assert.equal(byName(d.meta, 'Memory').color, '#56A64B');
});

// The corpus as `cargo xtask fidelity` measures it (xtask/src/fidelity: every fixture but the
// Loki ones), and the legacy rows[] dashboard for Grafana's schemaVersion < 16 migration.
const GRAFANA = new URL('../fixtures/grafana/', import.meta.url);
const CORPUS = readdirSync(GRAFANA).filter((f) => f.endsWith('.json') && !f.startsWith('loki-')).sort()
  .map((f) => new URL(f, GRAFANA)).concat([new URL('legacy/node-exporter-full-old.json', GRAFANA)]);

const misplaced = (result) => result.wrong.map((w) => `[${w.kind}] ${w.title}: Grafana ${w.expected}, drawn ${w.drawn}`);

for (const file of CORPUS) {
  const name = file.pathname.split('/').pop().replace(/\.json$/, '');
  test(`${name}: every panel and row header where Grafana places it, as first seen and with every row open`, async () => {
    const dashboard = JSON.parse(readFileSync(file, 'utf8'));
    const p = await openPage(browser, url('dashboard/import'), { viewport: { width: 1600, height: 1000 } });
    await p.getByTestId('import-file').setInputFiles(file.pathname);
    await p.waitForFunction(() => document.querySelector('[data-testid="import-text"]').value.length > 100);
    await p.getByTestId('import-button').click();
    await p.waitForURL(/\/d\//, { timeout: 60_000 });
    await p.locator('[data-testid="grid-item"]').first().waitFor();
    const firstSeen = await drawnItems(p);
    const clicks = await openAllRows(p);
    const allOpen = await drawnItems(p);
    const counts = { ...repeatCounts(firstSeen.items), ...repeatCounts(allOpen.items) };
    const seen = comparePlaces(oracleAfter(dashboard, counts), firstSeen);
    const open = comparePlaces(oracleAfter(dashboard, counts, clicks), allOpen);
    assert.ok(seen.panels > 0 && open.panels >= seen.panels, `panels compared: ${seen.panels} first seen, ${open.panels} all open`);
    assert.deepEqual(misplaced(seen), [], `${name} as first seen`);
    assert.deepEqual(misplaced(open), [], `${name} with every row open`);
    assert.equal(await p.locator('[data-testid="dashboard-row"][data-collapsed="true"]').count(), 0, 'every row opened');
    if (SHOTS && name === 'rfmoz-node-exporter-bsd') {
      // Rows open, scrolled to the second open row: both themes.
      await p.evaluate(() => document.querySelectorAll('[data-testid="dashboard-row"]')[1]?.scrollIntoView({ block: 'start' }));
      for (let i = 0; i < 2; i++) {
        await p.waitForTimeout(2000);
        const theme = await p.evaluate(() => document.documentElement.dataset.theme);
        await p.screenshot({ path: `${SHOTS}/fidelity-placement-${name}-${theme}.png` });
        await p.getByTestId('theme-toggle').click();
      }
    }
    await p.context().close();
  });
}
