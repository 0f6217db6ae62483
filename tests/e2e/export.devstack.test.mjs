// Vector export (issue 21) against the devstack: "Download SVG" in a dashboard panel's menu
// saves `<title>.svg`, which parses as SVG and holds the panel's title, a <text> for each legend
// entry and one line group per series the canvas draws, in the page's theme. The SVG is also
// drawn in Chromium and saved next to a screenshot of the canvas panel (EXPORT_SHOTS=<dir>) for
// a person to compare.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const SHOTS = process.env.EXPORT_SHOTS;
const url = (path) => new URL(path, BASE).href;
const TITLE = 'CPU usage';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens the operations dashboard in `theme` with the CPU panel drawn. */
async function cpuPanel(theme) {
  const page = await openPage(browser, url(`d/meshboard-operations?from=now-15m&to=now&theme=${theme}`), {
    viewport: { width: 1400, height: 1000 },
  });
  const panel = page.locator(`[data-testid="panel"][data-panel-title="${TITLE}"]`);
  await panel.scrollIntoViewIfNeeded();
  await page.locator(`[data-testid="panel"][data-panel-title="${TITLE}"][data-state="ok"]`).waitFor({ timeout: 90_000 });
  await page.waitForFunction((t) => {
    const p = document.querySelector(`[data-testid="panel"][data-panel-title="${t}"]`);
    return Number(p?.dataset.series) > 0 && Number(p.querySelector('canvas.ts-data')?.dataset.draws) > 0;
  }, TITLE);
  return { page, panel };
}

/** Clicks Download SVG and returns the file name and text. */
async function downloadSvg(page, panel) {
  await panel.getByTestId('panel-menu').click();
  const item = panel.getByTestId('panel-menu-svg');
  assert.equal(await item.getAttribute('role'), 'menuitem');
  assert.equal((await item.textContent()).trim(), 'Download SVG');
  const [download] = await Promise.all([page.waitForEvent('download'), item.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** What the SVG says, read with the browser's own XML parser. */
function readSvg(page, text) {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const root = doc.documentElement;
    const error = doc.querySelector('parsererror');
    const groups = [...doc.querySelectorAll('g.series')];
    const texts = (selector) => [...doc.querySelectorAll(`${selector} text`)].map((t) => t.textContent.trim());
    return {
      error: error ? error.textContent : null,
      root: root.localName,
      ns: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      title: doc.querySelector('svg > title')?.textContent,
      titleText: texts('g.panel-title'),
      series: groups.map((g) => ({ name: g.dataset.series, lines: g.querySelectorAll('polyline').length, stroke: g.querySelector('polyline')?.getAttribute('stroke') })),
      legend: [...doc.querySelectorAll('g.legend-item')].map((g) => ({ name: g.dataset.series, text: g.textContent.trim() })),
      leftAxis: texts('g.axis-left'),
      timeAxis: texts('g.axis-time'),
      background: doc.querySelector('g.panel-frame rect')?.getAttribute('fill'),
      scripts: doc.querySelectorAll('script, foreignObject').length,
    };
  }, text);
}

async function checkTheme(theme, background) {
  const { page, panel } = await cpuPanel(theme);
  const legend = await panel.locator('[data-testid="legend-item"]').evaluateAll((items) => items.map((i) => i.dataset.seriesName));
  const drawn = Number(await panel.getAttribute('data-series'));
  const box = await panel.boundingBox();
  const { name, text } = await downloadSvg(page, panel);
  assert.equal(name, `${TITLE}.svg`);
  const svg = await readSvg(page, text);
  assert.equal(svg.error, null, 'the file parses as XML');
  assert.equal(svg.root, 'svg');
  assert.equal(svg.ns, 'http://www.w3.org/2000/svg');
  assert.equal(svg.title, TITLE);
  assert.deepEqual(svg.titleText, [TITLE], 'the title is drawn as text');
  assert.ok(Math.abs(svg.width - box.width) <= 2, `the panel's width: ${svg.width} vs ${box.width}`);
  assert.ok(legend.length > 0, 'the canvas panel has a legend');
  assert.deepEqual(svg.legend.map((l) => l.name), legend, 'the same legend entries, in order');
  for (const l of svg.legend) assert.ok(l.text.startsWith(l.name) && l.text.includes('Mean: '), `name and calcs as text: ${l.text}`);
  assert.equal(svg.series.length, drawn, 'one series group per series the canvas draws');
  assert.deepEqual(svg.series.map((s) => s.name).sort(), [...legend].sort(), 'named after the series');
  for (const s of svg.series) {
    assert.ok(s.lines >= 1, `${s.name} has its line`);
    assert.match(s.stroke, /^#[0-9A-F]{6}$/, `${s.name} in its colour`);
  }
  assert.ok(svg.leftAxis.length >= 2 && svg.leftAxis.every((l) => l.endsWith('%')), `percent y labels: ${svg.leftAxis}`);
  assert.ok(svg.timeAxis.length >= 2 && svg.timeAxis.every((l) => /\d:\d\d/.test(l)), `time labels: ${svg.timeAxis}`);
  assert.equal(svg.background, background, `the ${theme} theme's panel colour`);
  assert.equal(svg.scripts, 0);
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await panel.screenshot({ path: `${SHOTS}/canvas-${theme}.png` });
    writeFileSync(`${SHOTS}/export-${theme}.svg`, text);
    const view = await browser.newPage({ viewport: { width: Math.ceil(box.width), height: Math.ceil(box.height) } });
    await view.setContent(`<body style="margin:0">${text}</body>`);
    await view.screenshot({ path: `${SHOTS}/export-${theme}.png` });
    await view.close();
  }
  assert.deepEqual(page.problems, [], 'no console errors or CSP violations');
  await page.context().close();
}

test('Download SVG saves the panel with its title, legend, axes and one line group per series (dark)', async () => {
  await checkTheme('dark', '#181B1F');
});

test('the SVG takes the light theme when the page has it', async () => {
  await checkTheme('light', '#FFFFFF');
});

test('Report (SVG) saves the dashboard with its range, variables and panels', async () => {
  const { page } = await cpuPanel('dark');
  const button = page.getByTestId('dashboard-report');
  assert.equal((await button.textContent()).trim(), 'Report (SVG)');
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.match(download.suggestedFilename(), / report\.svg$/);
  const text = readFileSync(await download.path(), 'utf8');
  const report = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      header: [...doc.querySelectorAll('g.report-header text')].map((t) => t.textContent.trim()),
      panels: [...doc.querySelectorAll('svg.report-panel')].map((p) => p.getAttribute('aria-label')),
      cpuSeries: [...doc.querySelectorAll('svg.report-panel[aria-label="CPU usage"] g.series')].length,
    };
  }, text);
  const title = (await page.getByTestId('dashboard-title').textContent()).trim();
  const cpuSeries = Number(await page.locator(`[data-testid="panel"][data-panel-title="${TITLE}"]`).getAttribute('data-series'));
  assert.equal(report.error, null);
  assert.equal(report.header[0], title);
  assert.match(report.header[1], /^Time range: Last 15 minutes \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d to /);
  assert.match(report.header[2], /^Variables: /);
  assert.ok(report.panels.includes(TITLE) && report.panels.includes('Targets up'), `panels: ${report.panels}`);
  assert.equal(report.cpuSeries, cpuSeries, 'the CPU panel drawn with its series');
  if (SHOTS) writeFileSync(`${SHOTS}/report-dark.svg`, text);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
