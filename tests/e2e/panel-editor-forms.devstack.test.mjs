// The panel editor's forms (issue 18) against the devstack, judged by what the preview draws
// and what is saved: Reduce and Organize set through their forms (calculations, hide, rename,
// move; field choices are the fields the panel's data has) change the preview table's columns
// and the exported JSON, each an undo step, the JSON kept behind "Advanced"; the line width
// slider moved by arrow keys changes the drawn line width (series meta); axis width and bar
// alignment are written at Grafana's paths; the alert list's option groups (view mode, group
// by, max items, alert name, state switches) change what the preview lists, with an alert made
// to fire through the devstack's control API and read from Prometheus' own API.
// Group by, filter by value and convert field type set through their forms (no JSON typed)
// group, filter and retype the preview table's rows and save Grafana's option shapes.
// MESHBOARD_SHOTS=dir saves the forms in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const CONTROL = process.env.MESHBOARD_CONTROL_URL;
const PROMETHEUS = process.env.MESHBOARD_PROMETHEUS_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const UID = 'meshboard-resources';
const HOST = 'trainer-04';
const url = (path) => new URL(path, BASE).href;
const PREVIEW = '[data-testid="panel-editor-preview"] [data-testid="panel"]';

let browser;
before(async () => {
  browser = await launch();
  const r = await fetch(`${CONTROL}/control/incident/node_down?duration=15m&target=${HOST}`, { method: 'POST' });
  assert.ok(r.ok, `incident: HTTP ${r.status}`);
});
after(async () => {
  await fetch(`${CONTROL}/control/clear`, { method: 'POST' }).catch(() => {});
  await browser?.close();
});

/** Polls `probe` until it gives a value; the deadline only bounds a broken stack. */
async function eventually(what, probe, deadlineMs = 150_000) {
  const end = Date.now() + deadlineMs;
  let last;
  while (Date.now() < end) {
    last = await probe();
    if (last?.done) return last.value;
    await new Promise((r) => setTimeout(r, 1500));
  }
  assert.fail(`${what} never happened; last seen: ${JSON.stringify(last?.seen ?? last)}`);
}

/** Prometheus' own alerts (pending or firing), read directly, not through the app. */
async function promAlerts() {
  const answer = await (await fetch(`${PROMETHEUS}/api/v1/alerts`)).json();
  return answer.data.alerts;
}

const titled = (page, title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);
const problems = (page) => page.problems.filter((p) => !p.includes('Failed to load resource'));

/** Edit mode, a new panel, its editor, and `query` typed (none for an alert list). */
async function newPanelInEditor(page, query) {
  page.on('dialog', (dialog) => dialog.accept());
  await page.getByTestId('dashboard-grid').waitFor();
  await page.getByTestId('dashboard-edit').click();
  await page.getByTestId('add-panel').click();
  const added = titled(page, 'Panel Title');
  await added.waitFor();
  await added.getByTestId('panel-menu').click();
  await added.getByTestId('panel-menu-edit').click();
  await page.getByTestId('panel-editor').waitFor();
  if (query) {
    const field = page.getByTestId('panel-editor-query').first().locator('textarea');
    await field.fill(query);
    await field.press('Escape');
    await page.getByTestId('panel-editor-legend-format').first().fill('{{instance}}');
  }
}

async function pickType(page, search, type) {
  await page.getByTestId('panel-editor-type').click();
  await page.getByTestId('panel-editor-type-search').fill(search);
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('[data-testid="panel-editor-type"]')?.dataset.type === t, type);
}

/** The preview table's headers once `ok(headers)` holds. */
async function headersWhen(page, want) {
  const handle = await page.waitForFunction(({ sel, want }) => {
    const hs = [...document.querySelectorAll(`${sel} [data-testid="table-header"] .table-header-name`)].map((h) => h.textContent.trim());
    return JSON.stringify(hs) === JSON.stringify(want) ? hs : null;
  }, { sel: PREVIEW, want }).catch(async (e) => {
    const seen = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} [data-testid="table-header"] .table-header-name`)].map((h) => h.textContent.trim()), PREVIEW);
    throw new Error(`headers never became ${JSON.stringify(want)}; seen ${JSON.stringify(seen)}: ${e.message}`);
  });
  return handle.jsonValue();
}

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

const card = (page, n) => page.getByTestId('panel-editor-transformation').nth(n);

test('reduce and organize through their forms change the preview table and the saved JSON', async () => {
  const page = await openPage(browser, url(`d/${UID}?refresh=off&theme=dark`));
  await newPanelInEditor(page, 'up{job="agent-mesh"}');
  await pickType(page, 'table', 'table');
  await page.getByTestId('panel-editor-tab-transform').click();
  await page.getByTestId('panel-editor-add-transformation').selectOption('reduce');
  await headersWhen(page, ['Field', 'Last *']);
  const rows = await page.locator(`${PREVIEW} [data-testid="table-row"]`).count();
  assert.ok(rows >= 2, `a row per series: ${rows}`);
  // Calculations: Max added after Last *, then the mode's own switch.
  const reduce = card(page, 0);
  assert.equal(await reduce.getByTestId('panel-editor-transformation-options').count(), 0, 'the JSON waits behind Advanced');
  await reduce.getByLabel('Max', { exact: true }).check();
  await headersWhen(page, ['Field', 'Last *', 'Max']);

  // Organize: its rows are the fields Reduce leaves (from the panel's data), in order.
  await page.getByTestId('panel-editor-add-transformation').selectOption('organize');
  const organize = card(page, 1);
  await page.waitForFunction(() => document.querySelectorAll('.pe-organize-row').length === 3);
  assert.deepEqual(await organize.locator('.pe-organize-row').evaluateAll((rs) => rs.map((r) => r.dataset.field)), ['Field', 'Last *', 'Max']);
  await organize.getByRole('button', { name: 'Hide Last *' }).click();
  await headersWhen(page, ['Field', 'Max']);
  assert.equal(await organize.getByRole('button', { name: 'Hide Last *' }).getAttribute('aria-pressed'), 'true');
  await organize.getByLabel('Field', { exact: true }).fill('Instance');
  await organize.getByLabel('Field', { exact: true }).press('Tab');
  await headersWhen(page, ['Instance', 'Max']);
  // Keyboard: Max moved above Field with its Up button pressed by Enter, twice.
  for (let i = 0; i < 2; i++) {
    await organize.getByRole('button', { name: 'Move Max up' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelector('.pe-organize-row')?.parentElement.children[n]?.dataset.field === 'Max', 1 - i);
  }
  await headersWhen(page, ['Max', 'Instance']);
  // Each action is an undo step: one undo puts Max back between the others.
  await page.getByTestId('panel-editor-heading-title').click();
  await page.keyboard.press('Control+z');
  await headersWhen(page, ['Instance', 'Max']);
  await page.keyboard.press('Control+Shift+z');
  await headersWhen(page, ['Max', 'Instance']);
  // The JSON behind Advanced says the same.
  await organize.getByTestId('panel-editor-transformation-advanced').click();
  const json = JSON.parse(await organize.getByTestId('panel-editor-transformation-options').inputValue());
  assert.deepEqual(json.excludeByName, { 'Last *': true });
  assert.deepEqual(json.renameByName, { Field: 'Instance' });
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/panel-editor-forms-transform-dark.png` });

  await page.getByTestId('panel-editor-apply').click();
  const saved = (await exported(page)).panels.find((p) => p.type === 'table' && p.targets?.[0]?.expr === 'up{job="agent-mesh"}');
  assert.deepEqual(saved.transformations.map((t) => t.id), ['reduce', 'organize']);
  assert.deepEqual(saved.transformations[0].options.reducers, ['lastNotNull', 'max']);
  assert.deepEqual(saved.transformations[1].options.indexByName, { Max: 0, Field: 1, 'Last *': 2 });
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

/** The preview table's rows as cell texts. */
const tableRows = (page) => page.evaluate((sel) =>
  [...document.querySelectorAll(`${sel} [data-testid="table-row"]`)].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent.trim())), PREVIEW);

/** A table panel of `up{job="agent-mesh"}` reduced to one row per series with its labels as columns. */
async function reducedWithLabels(page) {
  await newPanelInEditor(page, 'up{job="agent-mesh"}');
  await pickType(page, 'table', 'table');
  await page.getByTestId('panel-editor-tab-transform').click();
  await page.getByTestId('panel-editor-add-transformation').selectOption('reduce');
  await card(page, 0).getByLabel('Convert labels to fields', { exact: true }).check();
  const handle = await page.waitForFunction((sel) => {
    const hs = [...document.querySelectorAll(`${sel} [data-testid="table-header"] .table-header-name`)].map((h) => h.textContent.trim());
    return hs.includes('job') && hs.includes('instance') && hs.at(-1) === 'Last *' ? hs : null;
  }, PREVIEW);
  const headers = await handle.jsonValue();
  const rows = await tableRows(page);
  assert.ok(rows.length >= 2, `a row per series: ${rows.length}`);
  return { headers, rows };
}

test('group by through its form groups the preview table and saves Grafana\'s shape', async () => {
  const page = await openPage(browser, url(`d/${UID}?refresh=off&theme=dark`));
  const { headers, rows } = await reducedWithLabels(page);
  await page.getByTestId('panel-editor-add-transformation').selectOption('groupBy');
  const groupBy = card(page, 1);
  assert.equal(await groupBy.getByTestId('panel-editor-transformation-no-form').count(), 0, 'group by has a form');
  // A row per field of its input (the reduce's columns), each Ignored until chosen.
  await groupBy.locator('.pe-row').nth(headers.length - 1).waitFor();
  assert.deepEqual(await groupBy.locator('.pe-row').evaluateAll((rs) => rs.map((r) => r.dataset.field)), headers);
  // Calculate before any grouping: Grafana's warning, and the table is unchanged.
  await groupBy.getByLabel('Last *', { exact: true }).selectOption({ label: 'Calculate' });
  await groupBy.getByRole('group', { name: 'Calculations of Last *' }).getByLabel('Total', { exact: true }).check();
  await groupBy.getByRole('alert').filter({ hasText: 'no fields are being grouped on' }).waitFor();
  assert.equal((await tableRows(page)).length, rows.length);
  // Keyboard: the job row's choice moved to "Group by" with the arrow keys.
  await groupBy.getByLabel('job', { exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('.pe-row[data-field="job"]')?.dataset.operation === 'groupby');
  await groupBy.getByRole('group', { name: 'Calculations of Last *' }).getByLabel('Count', { exact: true }).check();
  await headersWhen(page, ['job', 'Last * (sum)', 'Last * (count)']);
  assert.equal(await groupBy.getByRole('alert').count(), 0, 'the warning is gone once a field groups');
  // One job: one row, counting every series; the sum is how many are up.
  const grouped = await tableRows(page);
  assert.equal(grouped.length, 1, JSON.stringify(grouped));
  assert.equal(grouped[0][0], 'agent-mesh');
  assert.equal(Number(grouped[0][2]), rows.length);
  const up = rows.filter((r) => Number(r.at(-1)) === 1).length;
  assert.equal(Number(grouped[0][1]), up);
  if (SHOTS) {
    await groupBy.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/panel-editor-forms-groupby-dark.png` });
  }
  await page.getByTestId('panel-editor-apply').click();
  const saved = (await exported(page)).panels.find((p) => p.transformations?.[1]?.id === 'groupBy');
  assert.deepEqual(saved.transformations[1].options.fields, {
    job: { aggregations: [], operation: 'groupby' },
    'Last *': { aggregations: ['sum', 'count'], operation: 'aggregate' },
  });
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('filter by value and convert field type through their forms change the preview table', async () => {
  const page = await openPage(browser, url(`d/${UID}?refresh=off&theme=dark`));
  const { headers, rows } = await reducedWithLabels(page);
  const instance = headers.indexOf('instance');
  const down = rows.filter((r) => r[instance].startsWith(`${HOST}:`) || r[instance] === HOST);
  assert.equal(down.length, 1, `one series of ${HOST}: ${JSON.stringify(rows.map((r) => r[instance]))}`);
  await page.getByTestId('panel-editor-add-transformation').selectOption('filterByValue');
  const filter = card(page, 1);
  await filter.getByTestId('panel-editor-filter-add').click();
  const condition = filter.getByTestId('panel-editor-filter-row').first();
  await condition.getByLabel('Field', { exact: true }).selectOption('instance');
  await condition.getByLabel('Match', { exact: true }).selectOption({ label: 'Regex' });
  await condition.getByLabel('Value', { exact: true }).fill(`^${HOST}`);
  await condition.getByLabel('Value', { exact: true }).press('Tab');
  await page.waitForFunction(({ sel }) => document.querySelectorAll(`${sel} [data-testid="table-row"]`).length === 1, { sel: PREVIEW });
  assert.equal((await tableRows(page))[0][instance], down[0][instance]);
  // Exclude: every other series.
  await filter.getByRole('group', { name: 'Filter type' }).getByLabel('Exclude').check();
  await page.waitForFunction(({ sel, n }) => document.querySelectorAll(`${sel} [data-testid="table-row"]`).length === n, { sel: PREVIEW, n: rows.length - 1 });
  assert.ok((await tableRows(page)).every((r) => r[instance] !== down[0][instance]));
  if (SHOTS) {
    await filter.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/panel-editor-forms-filter-dark.png` });
  }
  // Removing the condition brings every row back.
  await condition.getByRole('button', { name: 'Remove condition 1' }).click();
  await page.waitForFunction(({ sel, n }) => document.querySelectorAll(`${sel} [data-testid="table-row"]`).length === n, { sel: PREVIEW, n: rows.length });

  // Convert field type: Last * to a string. The table aligns numbers right and texts left.
  await page.getByTestId('panel-editor-add-transformation').selectOption('convertFieldType');
  const convert = card(page, 2);
  const conversion = convert.getByTestId('panel-editor-convert-row').first();
  const lastAlign = () => page.evaluate((sel) => document.querySelector(`${sel} [data-testid="table-row"] td:last-child`)?.className, PREVIEW);
  // Each change mounts a fresh preview: wait for its first row.
  await page.locator(`${PREVIEW} [data-testid="table-row"] td`).first().waitFor();
  const before = await lastAlign();
  assert.match(before, /^right /, 'a number column is aligned right');
  await conversion.getByLabel('Field', { exact: true }).selectOption('Last *');
  await conversion.getByLabel('as', { exact: true }).selectOption({ label: 'String' });
  await page.waitForFunction(({ sel, before }) => {
    const c = document.querySelector(`${sel} [data-testid="table-row"] td:last-child`)?.className;
    return c && c !== before;
  }, { sel: PREVIEW, before });
  assert.match(await lastAlign(), /^left /, 'a text column is aligned left');
  // A second row, then removed; the saved JSON holds the one conversion.
  await convert.getByTestId('panel-editor-convert-add').click();
  assert.equal(await convert.getByTestId('panel-editor-convert-row').count(), 2);
  await convert.getByRole('button', { name: 'Remove conversion 2' }).click();
  assert.equal(await convert.getByTestId('panel-editor-convert-row').count(), 1);
  await page.getByTestId('panel-editor-apply').click();
  const saved = (await exported(page)).panels.find((p) => p.transformations?.[2]?.id === 'convertFieldType');
  assert.deepEqual(saved.transformations[2].options.conversions, [{ targetField: 'Last *', destinationType: 'string' }]);
  assert.equal(saved.transformations[1].options.type, 'exclude');
  assert.deepEqual(saved.transformations[1].options.filters, []);
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('the line width slider moved by arrow keys changes the drawn line; axis width and bar alignment are saved', async () => {
  const page = await openPage(browser, url(`d/${UID}?refresh=off&theme=dark`));
  await newPanelInEditor(page, 'sum by (job) (up) * 2');
  const meta = async (want) => {
    const handle = await page.waitForFunction(({ sel, want }) => {
      const raw = document.querySelector(sel)?.dataset.seriesMeta;
      const m = raw ? JSON.parse(raw) : [];
      return m.length > 0 && m.every((s) => s.lineWidth === want) ? m.length : null;
    }, { sel: PREVIEW, want });
    return handle.jsonValue();
  };
  await meta(1);
  const slider = page.getByTestId('panel-editor-line-width');
  assert.equal(await slider.getAttribute('type'), 'range');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.ok(await meta(3) >= 1, 'every series drawn 3 px wide');
  assert.equal(await page.getByTestId('panel-editor-line-width-number').inputValue(), '3', 'the number shows the value');
  // Typed past the range: clamped to 10.
  await page.getByTestId('panel-editor-line-width-number').fill('25');
  await page.getByTestId('panel-editor-line-width-number').press('Tab');
  await meta(10);
  await page.getByTestId('panel-editor-heading-title').click();
  await page.keyboard.press('Control+z');
  await meta(3);
  // Fill opacity by keyboard too (End: the maximum).
  await page.getByTestId('panel-editor-fill-opacity').focus();
  await page.keyboard.press('End');
  await page.waitForFunction((sel) => {
    const m = JSON.parse(document.querySelector(sel)?.dataset.seriesMeta || '[]');
    return m.length > 0 && m.every((s) => s.fillOpacity === 100);
  }, PREVIEW);
  // Axis width, and bar alignment once the style is bars.
  await page.getByTestId('panel-editor-axis-width').fill('80');
  assert.equal(await page.getByTestId('panel-editor-bar-alignment').count(), 0, 'no bar alignment for lines');
  await page.getByTestId('panel-editor-draw-style').selectOption('bars');
  await page.getByTestId('panel-editor-bar-alignment').getByLabel('Before').check();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/panel-editor-forms-sliders-dark.png` });
  await page.getByTestId('panel-editor-apply').click();
  const saved = (await exported(page)).panels.find((p) => p.targets?.[0]?.expr === 'sum by (job) (up) * 2');
  const custom = saved.fieldConfig.defaults.custom;
  assert.deepEqual([custom.lineWidth, custom.fillOpacity, custom.axisWidth, custom.barAlignment, custom.drawStyle], [3, 100, 80, -1, 'bars']);
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('the alert list options change what the preview lists', async () => {
  // The host's node_down makes both MeshNodeDown and AgentMeshNodeDown: the name filter is a
  // case-insensitive part of the name (Grafana's), so "meshnodedown" keeps both.
  const down = await eventually('MeshNodeDown and AgentMeshNodeDown pending or firing in Prometheus', async () => {
    const alerts = (await promAlerts()).filter((a) => /meshnodedown/i.test(a.labels.alertname));
    const names = new Set(alerts.map((a) => a.labels.alertname));
    return { done: names.size === 2, value: alerts, seen: [...names] };
  });
  const agentDown = down.filter((a) => a.labels.alertname === 'AgentMeshNodeDown');
  const page = await openPage(browser, url(`d/${UID}?refresh=off&theme=dark`));
  await newPanelInEditor(page);
  await pickType(page, 'alert', 'alertlist');
  const items = () => page.locator(`${PREVIEW} [data-testid="alert-item"]`);
  await items().first().waitFor();
  // Alert name: a part of the name, in any case; as many as Prometheus holds.
  const shownNames = (pattern) => page.waitForFunction(({ sel, pattern }) => {
    const names = [...document.querySelectorAll(`${sel} [data-testid="alert-item"]`)].map((i) => i.dataset.alert);
    return names.length > 0 && names.every((n) => new RegExp(pattern).test(n)) && names;
  }, { sel: PREVIEW, pattern });
  await page.getByTestId('panel-editor-alert-name').fill('AGENTmesh');
  await shownNames('^AgentMeshNodeDown$');
  assert.equal(await items().count(), Math.min(agentDown.length, 20));
  await page.getByTestId('panel-editor-alert-name').fill('meshnodedown');
  const both = await (await shownNames('MeshNodeDown$')).jsonValue();
  assert.deepEqual([...new Set(both)].sort(), ['AgentMeshNodeDown', 'MeshNodeDown']);
  assert.equal(await items().count(), Math.min(down.length, 20));
  // Custom grouping by severity: one group heading, the rule's severity.
  await page.getByTestId('panel-editor-alert-group-mode').getByLabel('Custom grouping').check();
  await page.getByTestId('panel-editor-alert-group-by').fill('severity');
  await page.getByTestId('panel-editor-alert-group-by').press('Tab');
  await page.locator(`${PREVIEW} [data-testid="alert-list-group"]`).first().waitFor();
  assert.deepEqual(await page.locator(`${PREVIEW} [data-testid="alert-list-group"]`).allTextContents(), ['severity="critical"']);
  // Stat view: the count; every state switched off: none.
  // The preview asks again when an option changes, and nodes keep going down and up: the count
  // shown is Prometheus' at that moment, so it lies between the counts just before and after.
  const downNow = async () => (await promAlerts()).filter((a) => /meshnodedown/i.test(a.labels.alertname));
  const before = (await downNow()).length;
  await page.getByTestId('panel-editor-alert-view-mode').getByLabel('Stat').check();
  const stat = await page.waitForFunction((sel) => {
    const text = document.querySelector(`${sel} .alert-stat-value`)?.textContent;
    return /^\d+$/.test(text ?? '') && text;
  }, PREVIEW);
  const shown = Number(await stat.jsonValue());
  const after = await downNow();
  assert.ok(shown > 0 && shown >= Math.min(before, after.length) && shown <= Math.max(before, after.length),
    `the stat counts the alerts named like meshnodedown: ${shown}, Prometheus held ${before} then ${after.length}`);
  for (const state of ['firing', 'pending', 'suppressed']) await page.getByTestId(`panel-editor-alert-state-${state}`).uncheck();
  await page.waitForFunction((sel) => document.querySelector(`${sel} .alert-stat-value`)?.textContent === '0', PREVIEW);
  await page.getByTestId(`panel-editor-alert-state-${after[0].state === 'firing' ? 'firing' : 'pending'}`).check();
  await page.waitForFunction(({ sel, n }) => document.querySelector(`${sel} .alert-stat-value`)?.textContent !== '0', { sel: PREVIEW });
  // A label filter Alertmanager's grammar refuses is said and not stored.
  await page.getByTestId('panel-editor-alert-label-filter').fill('{severity}');
  await page.getByTestId('panel-editor-alert-label-filter').press('Tab');
  assert.equal(await page.getByTestId('panel-editor-alert-label-filter').getAttribute('aria-invalid'), 'true');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/panel-editor-forms-alertlist-dark.png` });
  await page.getByTestId('panel-editor-apply').click();
  const saved = (await exported(page)).panels.find((p) => p.type === 'alertlist' && p.options?.alertName === 'meshnodedown');
  assert.ok(saved, 'the alert list is saved with its name filter');
  assert.equal(saved.options.groupMode, 'custom');
  assert.deepEqual(saved.options.groupBy, ['severity']);
  assert.equal(saved.options.viewMode, 'stat');
  assert.equal(saved.options.alertInstanceLabelFilter, undefined);
  assert.equal(Object.keys(saved.options.stateFilter).length, 3);
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('screenshots of the forms in both themes', { skip: !SHOTS }, async () => {
  for (const theme of ['dark', 'light']) {
    const page = await openPage(browser, url(`d/${UID}?refresh=off&theme=${theme}`));
    await newPanelInEditor(page, 'up{job="agent-mesh"}');
    await page.getByTestId('panel-editor-line-width').focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('panel-editor-draw-style').selectOption('bars');
    await page.locator('[data-testid="pe-group-graph-styles"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/panel-editor-forms-styles-${theme}.png` });
    await pickType(page, 'table', 'table');
    await page.getByTestId('panel-editor-tab-transform').click();
    await page.getByTestId('panel-editor-add-transformation').selectOption('reduce');
    await page.getByTestId('panel-editor-add-transformation').selectOption('organize');
    // Reduce's one calculation (Last *) and Field: two rows to organize.
    await page.waitForFunction(() => document.querySelectorAll('.pe-organize-row').length === 2);
    await card(page, 1).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/panel-editor-forms-transform-${theme}.png` });
    // The row-shaped forms: group by (one field calculating), filter by value, convert.
    for (const id of ['groupBy', 'filterByValue', 'convertFieldType']) await page.getByTestId('panel-editor-add-transformation').selectOption(id);
    await card(page, 2).getByLabel('Field', { exact: true }).selectOption({ label: 'Group by' });
    await card(page, 2).getByLabel('Last *', { exact: true }).selectOption({ label: 'Calculate' });
    await card(page, 2).getByRole('group', { name: 'Calculations of Last *' }).getByLabel('Mean', { exact: true }).check();
    await card(page, 2).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/panel-editor-forms-groupby-${theme}.png` });
    await card(page, 3).getByTestId('panel-editor-filter-add').click();
    await card(page, 4).getByTestId('panel-editor-convert-row').first().getByLabel('as', { exact: true }).selectOption({ label: 'Time' });
    await card(page, 3).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/panel-editor-forms-filter-convert-${theme}.png` });
    await card(page, 4).getByLabel('Input format', { exact: true }).waitFor();
    await card(page, 4).screenshot({ path: `${SHOTS}/panel-editor-forms-convert-${theme}.png` });
    await page.context().close();
  }
});
