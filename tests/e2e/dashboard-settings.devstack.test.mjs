// Dashboard settings (issue 18): the settings view (`editview=settings`) changes title,
// description, tags and timezone, which persist after a save and reload and are in the export;
// hostile strings show as text and a `javascript:` link is refused with a sentence; the JSON
// model points at the line of a syntax error and keeps what was typed across a reload; the
// versions view diffs two versions (the changed line as - and +) and restores one as a new
// version; "Save as" makes a copy reachable at its uid; the export is copied to the clipboard.
// MESHBOARD_SHOTS=dir saves the settings, the JSON error and the diff in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const UID = 'meshboard-resources';
const url = (path) => new URL(path, BASE).href;
const view = (editview, extra = '') => url(`d/${UID}?refresh=off&editview=${editview}${extra}`);

const HOSTILE_TITLE = 'Ops <b>bold</b> <img src=x onerror="window.__pwned=1">';
const HOSTILE_DESCRIPTION = '<script>window.__pwned=2</script>About this';
const HOSTILE_LINK_TITLE = '<a href="javascript:alert(1)">Runbook</a>';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Leaving with unsaved changes asks (beforeunload): these tests mean to leave. */
function acceptLeaving(page) {
  page.on('dialog', (dialog) => dialog.accept());
}

/** Types into a settings field and commits it (change fires when the field is left). */
async function setField(page, testid, value) {
  const field = page.getByTestId(testid);
  await field.fill(value);
  await field.press('Tab');
}

async function save(page, version) {
  await page.getByTestId('dashboard-save').click();
  await page.waitForFunction((v) => document.querySelector('[data-testid="dashboard-version"]')?.textContent === `Version ${v}`, version);
}

async function downloadFrom(page, testid) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

const cleanRun = (page) => page.problems.filter((p) => !p.includes('Failed to load resource'));

test('settings: title, description, tags and timezone persist after save and reload, show as text, and are exported', async () => {
  const page = await openPage(browser, view('settings'));
  acceptLeaving(page);
  await page.getByTestId('dashboard-settings').waitFor();
  assert.equal(await page.getByTestId('dashboard-edit').getAttribute('aria-pressed'), 'true', 'a settings URL opens edit mode');
  assert.equal(await page.locator('[data-testid="dashboard-grid"]:visible').count(), 0, 'the settings take the grid\'s place');
  await setField(page, 'settings-title', HOSTILE_TITLE);
  await setField(page, 'settings-description', HOSTILE_DESCRIPTION);
  await setField(page, 'settings-tags', 'ops, <i>x</i>, ops');
  await page.getByTestId('settings-timezone').selectOption('utc');
  await page.getByTestId('settings-graph-tooltip').selectOption('1');
  await page.getByTestId('unsaved-changes').waitFor();
  // The header follows the edit at once, before any save, and still as text.
  assert.equal(await page.getByTestId('dashboard-title').textContent(), HOSTILE_TITLE);
  assert.deepEqual(await page.locator('.dash-header .tag').allTextContents(), ['ops', '<i>x</i>']);
  assert.equal(await page.locator('.dash-header .dash-description').textContent(), HOSTILE_DESCRIPTION);
  // A refresh choice that is not a duration is refused next to the field.
  await setField(page, 'settings-refresh-intervals', '10s, soon');
  assert.match(await page.getByTestId('settings-refresh-intervals-error').textContent(), /`soon` is not a duration/);
  await setField(page, 'settings-refresh-intervals', '10s, 1m');
  await page.getByTestId('settings-refresh-intervals-error').waitFor({ state: 'detached' });

  // Links: a javascript: URL is refused with a sentence and not applied; an https one is.
  await page.getByTestId('settings-link-add').click();
  const link = page.getByTestId('settings-link').last();
  await link.getByTestId('settings-link-title').fill(HOSTILE_LINK_TITLE);
  await link.getByTestId('settings-link-title').press('Tab');
  await link.getByTestId('settings-link-url').fill('javascript:alert(1)');
  await link.getByTestId('settings-link-url').press('Tab');
  const refused = link.getByTestId('settings-link-refused');
  await refused.waitFor();
  assert.match(await refused.textContent(), /`javascript:alert\(1\)` is not allowed: only http, https, mailto and relative links are/);
  assert.equal(await link.getByTestId('settings-link-url').inputValue(), 'javascript:alert(1)', 'what was typed stays');
  await link.getByTestId('settings-link-url').fill('https://example.com/runbook');
  await link.getByTestId('settings-link-url').press('Tab');
  await refused.waitFor({ state: 'detached' });
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/settings-general.png`, fullPage: true });
  await save(page, 1);

  await page.reload();
  await page.getByTestId('dashboard-settings').waitFor();
  assert.equal(await page.getByTestId('settings-title').inputValue(), HOSTILE_TITLE);
  assert.equal(await page.getByTestId('settings-description').inputValue(), HOSTILE_DESCRIPTION);
  assert.equal(await page.getByTestId('settings-tags').inputValue(), 'ops, <i>x</i>');
  assert.equal(await page.getByTestId('settings-timezone').inputValue(), 'utc');
  assert.equal(await page.getByTestId('settings-graph-tooltip').inputValue(), '1');
  assert.equal(await page.getByTestId('settings-refresh-intervals').inputValue(), '10s, 1m');
  assert.equal(await page.getByTestId('settings-link-url').inputValue(), 'https://example.com/runbook');
  // The header shows the strings as text: no element came from them, no script ran.
  assert.equal(await page.getByTestId('dashboard-title').textContent(), HOSTILE_TITLE);
  assert.equal(await page.locator('[data-testid="dashboard-header"] b, [data-testid="dashboard-header"] img, [data-testid="dashboard-header"] i').count(), 0);
  assert.ok(await page.locator('.dash-header .tag', { hasText: '<i>x</i>' }).count() === 1, 'the tag is drawn as its text');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  // The export (on the JSON model view) contains them.
  await page.getByTestId('settings-tab-dashboard_json').click();
  const json = await downloadFrom(page, 'settings-export-download');
  assert.match(await page.getByTestId('settings-export-status').textContent(), /^Downloaded \S+\.json$/);
  assert.equal(json.uid, UID);
  assert.equal(json.title, HOSTILE_TITLE);
  assert.equal(json.description, HOSTILE_DESCRIPTION);
  assert.deepEqual(json.tags, ['ops', '<i>x</i>']);
  assert.equal(json.timezone, 'utc');
  assert.equal(json.graphTooltip, 1);
  assert.deepEqual(json.timepicker.refresh_intervals, ['10s', '1m']);
  const exportedLink = json.links.find((l) => l.title === HOSTILE_LINK_TITLE);
  assert.equal(exportedLink?.url, 'https://example.com/runbook');

  // Back to the dashboard: the link is drawn with its title as text.
  await page.getByTestId('settings-close').click();
  await page.getByTestId('dashboard-settings').waitFor({ state: 'detached' });
  await page.getByTestId('dashboard-grid').waitFor();
  const headerLink = page.locator('.dash-links a.dash-link', { hasText: 'Runbook' });
  assert.equal(await headerLink.textContent(), HOSTILE_LINK_TITLE);
  assert.equal(await headerLink.getAttribute('href'), 'https://example.com/runbook');
  assert.deepEqual(cleanRun(page), []);
  await page.context().close();
});

test('JSON model: a syntax error names its line, nothing is applied, the text survives a reload; a valid text applies', async () => {
  const page = await openPage(browser, view('dashboard_json'));
  acceptLeaving(page);
  const area = page.getByTestId('json-model-text');
  await area.waitFor();
  const text = await area.inputValue();
  const lines = text.split('\n');
  const titleLine = lines.findIndex((l) => l.startsWith('  "title": '));
  assert.ok(titleLine > 0, 'the model has a top-level title');
  // Drop the comma after the title: the error is where the next key starts, one line below.
  lines[titleLine] = lines[titleLine].replace(/,$/, '');
  await area.fill(lines.join('\n'));
  await page.getByTestId('json-model-apply').click();
  const problem = page.getByTestId('json-model-problem');
  await problem.waitFor();
  const expected = titleLine + 2;
  assert.equal(await problem.getAttribute('data-line'), String(expected));
  assert.match(await problem.textContent(), new RegExp(`Line ${expected}, column 3: not valid JSON`));
  assert.ok((await problem.locator('pre').textContent()).includes(lines[titleLine + 1].trim()), 'the line is shown');
  assert.equal(await page.getByTestId('unsaved-changes').count(), 0, 'nothing was applied');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/settings-json-error.png` });

  await page.reload();
  await area.waitFor();
  assert.equal(await area.inputValue(), lines.join('\n'), 'what was typed is offered back');
  assert.match(await page.getByTestId('json-model-status').textContent(), /Restored the text you typed/);

  lines[titleLine] = '  "title": "From the JSON model",';
  await area.fill(lines.join('\n'));
  await page.getByTestId('json-model-apply').click();
  assert.match(await page.getByTestId('json-model-status').textContent(), /Applied/);
  await page.getByTestId('unsaved-changes').waitFor();
  await page.getByTestId('settings-tab-settings').click();
  assert.equal(await page.getByTestId('settings-title').inputValue(), 'From the JSON model');
  // Undo covers it.
  await page.getByTestId('edit-undo').click();
  assert.notEqual(await page.getByTestId('settings-title').inputValue(), 'From the JSON model');
  assert.deepEqual(cleanRun(page), []);
  await page.context().close();
});

test('versions: two saves diffed show the changed line as - and +; restoring one saves it as a new version', async () => {
  const page = await openPage(browser, view('settings'));
  acceptLeaving(page);
  await page.getByTestId('settings-title').waitFor();
  await setField(page, 'settings-title', 'Version one title');
  await save(page, 1);
  await setField(page, 'settings-title', 'Version two title');
  await save(page, 2);
  await page.getByTestId('settings-tab-versions').click();
  const rows = page.getByTestId('version-row');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="version-row"]').length === 2);
  assert.equal(await rows.first().getAttribute('data-version'), '2', 'newest first');
  await rows.nth(0).getByTestId('version-pick').check();
  await rows.nth(1).getByTestId('version-pick').check();
  await page.getByTestId('versions-compare').click();
  const diff = page.getByTestId('version-diff');
  await diff.waitFor();
  // Each row reads: old line number, new line number, marker and line. Besides the title only
  // the stored `version` number differs.
  const texts = async (kind) => (await diff.locator(`[data-kind="${kind}"] .diff-text`).allTextContents()).map((t) => t.trim());
  assert.deepEqual((await texts('-')).filter((t) => !t.includes('"version"')), ['-   "title": "Version one title",']);
  assert.deepEqual((await texts('+')).filter((t) => !t.includes('"version"')), ['+   "title": "Version two title",']);
  const removedRow = diff.locator('[data-kind="-"]', { hasText: 'Version one title' });
  const addedRow = diff.locator('[data-kind="+"]', { hasText: 'Version two title' });
  assert.equal(await removedRow.locator('.diff-num').first().textContent(), await addedRow.locator('.diff-num').nth(1).textContent(), 'the same line on both sides');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/settings-versions.png`, fullPage: true });

  await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId('version-restore').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="version-row"]').length === 3);
  assert.match(await page.getByTestId('save-notice').textContent(), /Restored version 1 as version 3/);
  assert.equal(await page.getByTestId('dashboard-version').textContent(), 'Version 3');
  await page.getByTestId('settings-tab-settings').click();
  assert.equal(await page.getByTestId('settings-title').inputValue(), 'Version one title');
  await page.reload();
  await page.getByTestId('settings-title').waitFor();
  assert.equal(await page.getByTestId('settings-title').inputValue(), 'Version one title', 'the restore was saved');
  assert.deepEqual(cleanRun(page), []);
  await page.context().close();
});

test('save as: a copy under a new uid opens and is still there after a reload; the export is copied to the clipboard', async () => {
  const page = await openPage(browser, url(`d/${UID}?refresh=off`));
  acceptLeaving(page);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE).origin });
  await page.getByTestId('dashboard-grid').waitFor();
  await page.getByTestId('dashboard-edit').click();
  await page.getByTestId('dashboard-save-as').click();
  await page.getByTestId('save-as-title').fill('Resources copy e2e');
  await page.getByTestId('save-as-submit').click();
  await page.waitForURL(/\/d\/resources-copy-e2e/);
  await page.waitForFunction(() => document.querySelector('[data-testid="dashboard-title"]')?.textContent === 'Resources copy e2e');
  await page.reload();
  await page.getByTestId('dashboard-grid').waitFor();
  assert.equal(await page.getByTestId('dashboard-title').textContent(), 'Resources copy e2e');
  assert.equal(await page.getByTestId('dashboard-page').getAttribute('data-uid'), 'resources-copy-e2e');

  await page.goto(url('d/resources-copy-e2e?refresh=off&editview=dashboard_json'));
  await page.getByTestId('settings-export-copy').click();
  await page.waitForFunction(() => /Copied the JSON/.test(document.querySelector('[data-testid="settings-export-status"]')?.textContent ?? ''));
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.equal(copied.uid, 'resources-copy-e2e');
  assert.equal(copied.title, 'Resources copy e2e');
  assert.ok(Array.isArray(copied.panels) && copied.panels.length > 0, 'Grafana\'s format with the panels');
  // The shipped dashboard is untouched.
  await page.goto(url(`d/${UID}?refresh=off`));
  await page.getByTestId('dashboard-grid').waitFor();
  assert.notEqual(await page.getByTestId('dashboard-title').textContent(), 'Resources copy e2e');
  assert.deepEqual(cleanRun(page), []);
  await page.context().close();
});

test('variables: list, load order, a new query variable previewed, renamed, moved, deleted and undone, saved', async () => {
  const OPS = 'meshboard-operations';
  const page = await openPage(browser, url(`d/${OPS}?refresh=off&editview=variables`));
  acceptLeaving(page);
  await page.getByTestId('variables-table').waitFor();
  const names = () => page.locator('[data-testid="variable-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.name));
  assert.deepEqual(await names(), ['datasource', 'job', 'instance']);
  // instance's query uses $job: job is read first.
  assert.match(await page.getByTestId('variables-load-order').textContent(), /\$job → \$instance/);
  assert.equal(await page.locator('.variables-uses li', { hasText: '$instance uses $job' }).count(), 1);

  await page.getByTestId('variable-add').click();
  await page.getByTestId('variable-form').waitFor();
  assert.equal(await page.getByTestId('variable-name').inputValue(), 'query0');
  await setField(page, 'variable-name', 'job');
  assert.match(await page.getByTestId('variable-name-error').textContent(), /already a variable named `job`/);
  await setField(page, 'variable-name', 'svc');
  await page.getByTestId('variable-name-error').waitFor({ state: 'detached' });
  await setField(page, 'variable-query', 'label_values(up, job)');
  await page.getByTestId('variable-preview-run').click();
  const preview = page.getByTestId('variable-preview');
  await preview.waitFor();
  const values = await preview.locator('li').allTextContents();
  assert.ok(values.length > 0, 'the query returns the devstack\'s jobs');
  assert.match(await page.getByTestId('variable-preview-count').textContent(), new RegExp(`^${values.length} values$`));
  await page.getByTestId('variable-back').click();
  assert.deepEqual(await names(), ['datasource', 'job', 'instance', 'svc']);
  await page.getByRole('button', { name: 'Move svc up' }).click();
  assert.deepEqual(await names(), ['datasource', 'job', 'svc', 'instance']);
  await page.locator('[data-testid="variable-row"][data-name="svc"]').getByTestId('variable-remove').click();
  assert.deepEqual(await names(), ['datasource', 'job', 'instance']);
  await page.getByTestId('edit-undo').click();
  assert.deepEqual(await names(), ['datasource', 'job', 'svc', 'instance']);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/settings-variables.png`, fullPage: true });
  await save(page, 1);
  await page.reload();
  await page.getByTestId('variables-table').waitFor();
  assert.deepEqual(await names(), ['datasource', 'job', 'svc', 'instance']);
  assert.equal(await page.locator('[data-testid="variable-row"][data-name="svc"] .variable-definition').textContent(), 'label_values(up, job)');
  assert.deepEqual(cleanRun(page), []);
  await page.context().close();
});

test('settings views in both themes', { skip: !SHOTS }, async () => {
  for (const theme of ['light', 'dark']) {
    const page = await openPage(browser, view('settings', `&theme=${theme}`));
    acceptLeaving(page);
    await page.getByTestId('settings-title').waitFor();
    await page.getByTestId('settings-link-add').click();
    const link = page.getByTestId('settings-link').last();
    await link.getByTestId('settings-link-url').fill('javascript:alert(1)');
    await link.getByTestId('settings-link-url').press('Tab');
    await link.getByTestId('settings-link-refused').waitFor();
    await page.screenshot({ path: `${SHOTS}/settings-general-${theme}.png`, fullPage: true });
    await setField(page, 'settings-title', 'Themed one');
    await save(page, 1);
    await setField(page, 'settings-title', 'Themed two');
    await save(page, 2);
    await page.getByTestId('settings-tab-versions').click();
    await page.getByTestId('version-pick').nth(0).check();
    await page.getByTestId('version-pick').nth(1).check();
    await page.getByTestId('versions-compare').click();
    await page.getByTestId('version-diff').waitFor();
    await page.screenshot({ path: `${SHOTS}/settings-versions-${theme}.png`, fullPage: true });
    await page.getByTestId('settings-tab-dashboard_json').click();
    const area = page.getByTestId('json-model-text');
    await area.fill('{\n  "uid": "x"\n  "title": 1\n}');
    await page.getByTestId('json-model-apply').click();
    await page.getByTestId('json-model-problem').waitFor();
    await page.screenshot({ path: `${SHOTS}/settings-json-${theme}.png` });
    await page.context().close();
  }
});
