// The panel editor (issue 18) end to end against the devstack: a built-in dashboard edited,
// a panel added, its query, legend and title set in the editor (`?editPanel=<id>`), applied,
// saved, reloaded: the panel is there drawing the query's series (legend names from the data,
// points counted), and the export has it. Hostile text typed into the editor (HTML in the
// title, unit and legend format, a `javascript:` link in the description) shows as text.
// Discard puts the panel back; the unit picker searches the catalogue; the type picker lists
// every type Meshboard draws and a change keeps the unit. (Option groups, the type picker's
// keyboard use and transformations: panel-editor-options.devstack.test.mjs.)
// MESHBOARD_SHOTS=dir saves the editor in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const UID = 'meshboard-resources';
const url = (path) => new URL(path, BASE).href;
const DASH = url(`d/${UID}?refresh=off`);
const QUERY = 'sum by (job) (up)';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const titled = (page, title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);

/** Edit mode, a new panel, and its editor opened from the panel menu. */
async function addPanelAndEdit(page) {
  page.on('dialog', (dialog) => dialog.accept());
  await page.getByTestId('dashboard-grid').waitFor();
  await page.getByTestId('dashboard-edit').click();
  await page.getByTestId('add-panel').click();
  const added = titled(page, 'Panel Title');
  await added.waitFor();
  await added.getByTestId('panel-menu').click();
  await added.getByTestId('panel-menu-edit').click();
  await page.getByTestId('panel-editor').waitFor();
  const id = new URL(page.url()).searchParams.get('editPanel');
  assert.match(id, /^\d+$/, 'the editor is at Grafana\'s URL, editPanel=<id>');
  return id;
}

/** Picks visualization `id` from the type picker (the button opens a searchable list). */
async function chooseType(page, id) {
  await page.getByTestId('panel-editor-type').click();
  await page.locator(`[data-testid="panel-editor-type-option"][data-type="${id}"]`).click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="panel-editor-type"]')?.dataset.type === t, id);
}

/** Types a query into the editor's main query field and leaves it (that runs it). */
async function setQuery(page, text) {
  const field = page.getByTestId('panel-editor-query').first().locator('textarea');
  await field.fill(text);
  await field.press('Escape');
  await page.getByTestId('panel-editor-legend-format').first().focus();
}

/** Series names and point count a time series panel drew. */
async function drawn(panel) {
  await panel.locator('[data-testid="legend-item"]').first().waitFor();
  return panel.evaluate((el) => ({
    state: el.dataset.state,
    series: Number(el.dataset.series),
    points: Number(el.dataset.points),
    legend: [...el.querySelectorAll('[data-testid="legend-item"]')].map((li) => li.dataset.seriesName),
  }));
}

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

test('a panel added and edited in the editor, applied and saved, draws its query after a reload and is exported', async () => {
  const page = await openPage(browser, DASH);
  const id = await addPanelAndEdit(page);
  await page.getByTestId('panel-editor-type').click();
  const types = await page.getByTestId('panel-editor-type-option').evaluateAll((os) => os.map((o) => o.dataset.type));
  await page.keyboard.press('Escape');
  assert.deepEqual(types, ['timeseries', 'stat', 'gauge', 'bargauge', 'table', 'state-timeline', 'heatmap', 'text', 'alertlist', 'logs', 'traces', 'nodeGraph']);
  await setQuery(page, QUERY);
  await page.getByTestId('panel-editor-legend-format').first().fill('{{job}}');
  await page.getByTestId('panel-editor-title').fill('Scrape health');
  // The preview is the panel itself, drawing the edited query.
  const preview = page.getByTestId('panel-editor-preview').getByTestId('panel');
  await page.waitForFunction(() => document.querySelector('[data-testid="panel-editor-preview"] [data-testid="panel"]')?.dataset.panelTitle === 'Scrape health');
  const live = await drawn(preview);
  assert.ok(live.series >= 1 && live.points > 0, `the preview draws the query: ${JSON.stringify(live)}`);
  assert.ok(live.legend.every((n) => n && !n.includes('{{')), `legend names come from the job label: ${live.legend}`);
  await page.getByTestId('panel-editor-apply').click();
  await page.getByTestId('panel-editor').waitFor({ state: 'detached' });
  assert.equal(new URL(page.url()).searchParams.get('editPanel'), null);
  await titled(page, 'Scrape health').waitFor();
  await page.getByTestId('dashboard-save').click();
  await page.getByTestId('save-notice').waitFor();
  assert.match(await page.getByTestId('save-notice').textContent(), /Saved as version \d+/);

  await page.reload();
  await page.getByTestId('dashboard-grid').waitFor();
  const panel = titled(page, 'Scrape health');
  await panel.waitFor();
  const after = await drawn(panel);
  assert.equal(after.state, 'ok');
  assert.ok(after.series >= 1 && after.points > 0, `after the reload the panel draws data: ${JSON.stringify(after)}`);
  assert.deepEqual(after.legend, live.legend, 'the same series, named by the legend format');
  const json = await exported(page);
  const saved = json.panels.find((p) => p.title === 'Scrape health');
  assert.ok(saved, 'the export contains the panel');
  assert.equal(String(saved.id), id);
  assert.equal(saved.targets[0].expr, QUERY);
  assert.equal(saved.targets[0].legendFormat, '{{job}}');
  assert.deepEqual(page.problems.filter((p) => !p.includes('Failed to load resource')), []);
  await page.context().close();
});

test('hostile text typed into the editor shows as text: title, unit, legend format, a javascript: link', async () => {
  const page = await openPage(browser, DASH);
  await addPanelAndEdit(page);
  await chooseType(page, 'stat');
  await setQuery(page, 'up');
  const evil = '<img src=x onerror="window.__pwned=1">Evil';
  await page.getByTestId('panel-editor-title').fill(evil);
  await page.getByTestId('panel-editor-legend-format').first().fill('<i>{{job}}</i>');
  await page.getByTestId('panel-editor-description').fill('[click](javascript:window.__pwned=2)');
  const unit = page.getByTestId('panel-editor-unit');
  await unit.fill('<b>u</b>');
  await page.getByTestId('panel-editor-unit-custom').click();
  await page.getByTestId('panel-editor-unit-current').filter({ hasText: '<b>u</b>' }).waitFor();
  const preview = page.getByTestId('panel-editor-preview');
  const stat = preview.getByTestId('stat-value').first();
  await stat.waitFor();
  const shown = await preview.evaluate((el) => ({
    title: el.querySelector('.panel-title')?.textContent,
    values: [...el.querySelectorAll('[data-testid="stat-value"]')].map((s) => s.textContent),
    images: el.querySelectorAll('img').length + [...el.querySelectorAll('b')].filter((b) => b.textContent === 'u').length
      + el.querySelectorAll('[data-testid="stat-value"] i').length,
  }));
  assert.equal(shown.title, evil, 'the title is drawn as its characters');
  assert.ok(shown.values.length >= 1 && shown.values.every((v) => v.includes('<b>u</b>') && /<i>[^<]+<\/i>/.test(v)),
    `each value shows the unit and its legend name as text: ${JSON.stringify(shown.values)}`);
  assert.equal(shown.images, 0, 'no element was made from the text');
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/panel-editor-hostile.png` });
  await page.getByTestId('panel-editor-apply').click();
  const panel = page.locator('[data-testid="panel"]').filter({ hasText: 'Evil' }).first();
  await panel.waitFor();
  assert.equal(await panel.locator('.panel-title').textContent(), evil);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.context().close();
});

test('discard puts the panel back; the unit picker searches; a type change keeps the unit; thresholds add', async () => {
  const page = await openPage(browser, DASH);
  await addPanelAndEdit(page);
  await page.getByTestId('panel-editor-title').fill('Changed then discarded');
  const unit = page.getByTestId('panel-editor-unit');
  await unit.fill('bytes');
  const first = page.getByTestId('panel-editor-unit-option').first();
  assert.equal(await first.getAttribute('data-unit'), 'bytes', 'the id typed ranks first');
  await unit.press('Enter');
  await page.getByTestId('panel-editor-unit-current').filter({ hasText: 'bytes(IEC)' }).waitFor();
  await chooseType(page, 'gauge');
  await page.getByTestId('panel-editor-unit-current').filter({ hasText: 'bytes(IEC)' }).waitFor();
  const steps = page.getByTestId('panel-editor-threshold');
  const before = await steps.count();
  await page.getByTestId('panel-editor-add-threshold').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="panel-editor-threshold"]').length === n + 1, before);
  assert.equal(await page.getByTestId('panel-editor-threshold-value').first().inputValue(), '90', 'a new step is 10 above the highest');
  await page.getByTestId('panel-editor-discard').click();
  await page.getByTestId('panel-editor').waitFor({ state: 'detached' });
  await titled(page, 'Panel Title').waitFor();
  assert.equal(await titled(page, 'Changed then discarded').count(), 0);
  // Undo after the discard steps back through the editor's changes (they were edits too).
  // Read from the export: the grid keeps a panel's element by id and does not redraw a
  // panel changed in place (the editor's Apply remounts the grid, an undo does not).
  await page.getByTestId('edit-undo').click();
  const json = await exported(page);
  const undone = json.panels.find((p) => p.title === 'Changed then discarded');
  assert.ok(undone, 'undo brings the editor\'s changes back');
  assert.equal(undone.type, 'gauge');
  assert.equal(undone.fieldConfig.defaults.unit, 'bytes');
  await page.context().close();
});

test('screenshots of the editor in both themes', { skip: !SHOTS }, async () => {
  for (const theme of ['dark', 'light']) {
    const page = await openPage(browser, url(`d/${UID}?refresh=off&theme=${theme}`));
    await addPanelAndEdit(page);
    await setQuery(page, QUERY);
    await page.getByTestId('panel-editor-legend-format').first().fill('{{job}}');
    await page.getByTestId('panel-editor-title').fill('Scrape health');
    await page.getByTestId('panel-editor-unit').fill('per');
    await drawn(page.getByTestId('panel-editor-preview').getByTestId('panel'));
    await page.screenshot({ path: `${SHOTS}/panel-editor-${theme}.png`, fullPage: true });
    await page.context().close();
  }
});
