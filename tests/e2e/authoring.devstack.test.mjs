// Authoring (issue 18), the first slice end to end: edit mode on a built-in dashboard, add a
// panel, save (a local copy, versioned), reload and find it, export it; the draft kept across
// a reload and offered back; two tabs saving the same dashboard meet the conflict dialog and
// neither side is dropped; a full storage says so and keeps the last good version; undo and
// redo by keyboard; imports kept under the old storage key are moved into the new store.
// MESHBOARD_SHOTS=dir saves edit mode, the draft banner and the conflict dialog in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const UID = 'meshboard-resources';
const NEW_TITLE = 'Panel Title';
const url = (path) => new URL(path, BASE).href;
const DASH = url(`d/${UID}?refresh=off`);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Leaving with unsaved changes asks (beforeunload): these tests mean to leave. */
function acceptLeaving(page) {
  page.on('dialog', (dialog) => dialog.accept());
}

async function openDashboard(page) {
  await page.getByTestId('dashboard-grid').waitFor();
}

const panelCount = (page) => page.locator('[data-testid="panel"]').count();
const titled = (page, title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

test('a built-in dashboard edited, saved as a local copy, reloaded and exported keeps the new panel', async () => {
  const page = await openPage(browser, DASH);
  acceptLeaving(page);
  await openDashboard(page);
  const before = await panelCount(page);
  assert.equal(await titled(page, NEW_TITLE).count(), 0, 'the shipped dashboard has no new panel yet');
  await page.getByTestId('dashboard-edit').click();
  await page.getByTestId('add-panel').click();
  await titled(page, NEW_TITLE).waitFor();
  assert.equal(await panelCount(page), before + 1);
  await page.getByTestId('unsaved-changes').waitFor();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/authoring-edit.png` });
  await page.getByTestId('dashboard-save').click();
  const notice = page.getByTestId('save-notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /Saved as version 1.*local copy/);
  assert.equal(await page.getByTestId('dashboard-version').textContent(), 'Version 1');
  await page.getByTestId('local-copy-notice').waitFor();
  assert.equal(await page.getByTestId('unsaved-changes').count(), 0);

  await page.reload();
  await openDashboard(page);
  await titled(page, NEW_TITLE).waitFor();
  assert.equal(await panelCount(page), before + 1, 'the saved panel is there after a reload');
  await page.getByTestId('local-copy-notice').waitFor();
  const json = await exported(page);
  assert.equal(json.uid, UID);
  assert.ok(json.panels.some((p) => p.title === NEW_TITLE && p.type === 'timeseries'), 'the export contains the new panel');

  // "Revert to shipped" removes the local copy: the shipped file shows again.
  await page.getByTestId('revert-to-shipped').click();
  await page.getByTestId('local-copy-notice').waitFor({ state: 'detached' });
  await openDashboard(page);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="panel"]').length === n, before);
  assert.equal(await titled(page, NEW_TITLE).count(), 0);
  assert.deepEqual(page.problems.filter((p) => !p.includes('Failed to load resource')), []);
  await page.context().close();
});

test('an unsaved edit survives a reload as a draft, offered back and restored', async () => {
  const page = await openPage(browser, DASH);
  acceptLeaving(page);
  await openDashboard(page);
  const before = await panelCount(page);
  await page.getByTestId('dashboard-edit').click();
  await page.getByTestId('add-panel').click();
  await titled(page, NEW_TITLE).waitFor();
  await page.reload();
  await openDashboard(page);
  await page.getByTestId('draft-restore').waitFor();
  assert.equal(await titled(page, NEW_TITLE).count(), 0, 'the draft is offered, not applied unasked');
  // Still offered after another reload without an answer.
  await page.reload();
  await openDashboard(page);
  const restore = page.getByTestId('draft-restore');
  await restore.waitFor();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/authoring-draft.png` });
  await restore.click();
  await titled(page, NEW_TITLE).waitFor();
  assert.equal(await panelCount(page), before + 1);
  await page.getByTestId('unsaved-changes').waitFor();
  assert.equal(await page.getByTestId('draft-restore').count(), 0);
  // Discarded, the draft is not offered again.
  await page.reload();
  await openDashboard(page);
  await page.getByTestId('draft-discard').click();
  await page.reload();
  await openDashboard(page);
  await page.locator('[data-testid="panel"]').first().waitFor();
  assert.equal(await page.getByTestId('draft-restore').count(), 0);
  await page.context().close();
});

test('two tabs: the second save shows the conflict choices and neither side is dropped', async () => {
  const first = await openPage(browser, DASH);
  acceptLeaving(first);
  const second = await first.context().newPage();
  acceptLeaving(second);
  await second.goto(DASH);
  await openDashboard(first);
  await openDashboard(second);
  // Tab one adds a panel and saves; tab two, opened before, adds a row and saves.
  await first.getByTestId('dashboard-edit').click();
  await first.getByTestId('add-panel').click();
  await first.getByTestId('dashboard-save').click();
  await first.getByText('Saved as version 1').waitFor();
  await second.getByTestId('dashboard-edit').click();
  await second.getByTestId('add-row').click();
  await second.getByTestId('dashboard-save').click();
  const dialog = second.getByRole('dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  for (const id of ['conflict-overwrite', 'conflict-save-copy', 'conflict-reload']) {
    assert.ok(await second.getByTestId(id).isVisible(), `${id} is offered`);
  }
  const focused = () => second.evaluate(() => document.activeElement.dataset.testid);
  await second.waitForFunction(() => document.activeElement.closest('[role="dialog"]') !== null);
  assert.equal(await focused(), 'conflict-overwrite', 'focus moved into the dialog');
  await second.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'conflict-cancel', 'Shift+Tab from the first button stays in the dialog');
  await second.keyboard.press('Tab');
  assert.equal(await focused(), 'conflict-overwrite', 'Tab from the last button stays in the dialog');
  if (SHOTS) await second.screenshot({ path: `${SHOTS}/authoring-conflict-two-tabs.png` });
  // Escape closes it, focus back on Save, nothing saved.
  await second.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await second.waitForFunction(() => document.activeElement.dataset.testid === 'dashboard-save');
  // Save mine as a copy: the copy opens with the row, the original keeps tab one's panel.
  await second.getByTestId('dashboard-save').click();
  await second.getByTestId('conflict-save-copy').click();
  await second.waitForURL(/\/d\/[^/?]*-copy/);
  await openDashboard(second);
  await second.locator('[data-testid="dashboard-row"]', { hasText: 'Row title' }).first().waitFor();
  assert.equal(await titled(second, NEW_TITLE).count(), 0, 'the copy is tab two\'s dashboard');
  await second.goto(DASH);
  await openDashboard(second);
  await titled(second, NEW_TITLE).waitFor();
  assert.equal(await second.getByTestId('dashboard-version').count(), 0);
  await second.getByTestId('dashboard-edit').click();
  assert.equal(await second.getByTestId('dashboard-version').textContent(), 'Version 1');
  await first.context().close();
});

test('storage full: the save says so, export still works, and the last good version loads', async () => {
  const page = await openPage(browser, null);
  acceptLeaving(page);
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (window.__storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await page.goto(DASH);
  await openDashboard(page);
  const before = await panelCount(page);
  await page.getByTestId('dashboard-edit').click();
  await page.getByTestId('add-panel').click();
  await page.getByTestId('dashboard-save').click();
  await page.getByText('Saved as version 1').waitFor();
  await page.evaluate(() => { window.__storageFull = true; });
  await page.getByTestId('add-panel').click();
  await page.getByTestId('dashboard-save').click();
  const notice = page.getByTestId('save-notice');
  await page.getByText(/last saved version is unchanged/).waitFor();
  assert.match(await notice.textContent(), /not saved: the browser's storage for this site is full/i);
  assert.equal(await page.getByTestId('dashboard-version').textContent(), 'Version 1');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/authoring-full.png` });
  const json = await exported(page);
  assert.equal(json.panels.filter((p) => p.title === NEW_TITLE).length, 2, 'the export has both new panels');
  await page.reload();
  await openDashboard(page);
  await titled(page, NEW_TITLE).first().waitFor();
  assert.equal(await panelCount(page), before + 1, 'version 1 loads, with one new panel');
  await page.context().close();
});

test('undo and redo by keyboard', async () => {
  const page = await openPage(browser, DASH);
  acceptLeaving(page);
  await openDashboard(page);
  const before = await panelCount(page);
  await page.getByTestId('dashboard-edit').click();
  assert.ok(await page.getByTestId('edit-undo').isDisabled(), 'nothing to undo yet');
  await page.getByTestId('add-panel').click();
  await page.getByTestId('add-panel').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="panel"]').length === n, before + 2);
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="panel"]').length === n, before + 1);
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="panel"]').length === n, before);
  assert.equal(await titled(page, NEW_TITLE).count(), 0);
  assert.equal(await page.getByTestId('unsaved-changes').count(), 0, 'undone back to the loaded dashboard');
  await page.keyboard.press('Control+Shift+z');
  await titled(page, NEW_TITLE).waitFor();
  assert.equal(await panelCount(page), before + 1);
  // Duplicate and remove from the panel menu while editing.
  const added = titled(page, NEW_TITLE).first();
  await added.getByTestId('panel-menu').click();
  await added.getByTestId('panel-menu-duplicate').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="panel"]').length === n, before + 2);
  await added.getByTestId('panel-menu').click();
  await added.getByTestId('panel-menu-remove').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="panel"]').length === n, before + 1);
  await page.context().close();
});

test('dashboards imported under the old storage key are kept and open', async () => {
  const page = await openPage(browser, url('?refresh=off'));
  await page.getByTestId('dashboard-list').waitFor();
  const legacy = {
    uid: 'legacy-import',
    title: 'Legacy import',
    tags: ['old'],
    json: JSON.stringify({
      uid: 'legacy-import', title: 'Legacy import', tags: ['old'], schemaVersion: 39,
      panels: [{ id: 1, type: 'text', title: 'Legacy note', gridPos: { x: 0, y: 0, w: 12, h: 4 }, options: { mode: 'markdown', content: 'kept' } }],
    }),
  };
  await page.evaluate((list) => localStorage.setItem('meshboard.imported-dashboards.v1', JSON.stringify(list)), [legacy]);
  await page.reload();
  const item = page.getByTestId('dashboard-item').filter({ hasText: 'Legacy import' });
  await item.waitFor();
  await item.getByRole('link').click();
  await page.getByTestId('dashboard-title').filter({ hasText: 'Legacy import' }).waitFor();
  await titled(page, 'Legacy note').waitFor();
  const stored = await page.evaluate(() => ({
    old: localStorage.getItem('meshboard.imported-dashboards.v1'),
    index: localStorage.getItem('meshboard/dashboards/v2/index'),
  }));
  assert.equal(stored.old, null, 'the old list is removed once moved');
  assert.match(stored.index, /legacy-import/);
  await page.context().close();
});

test('screenshots of edit mode and the dialogs (light and dark)', { skip: !SHOTS }, async () => {
  for (const theme of ['light', 'dark']) {
    const page = await openPage(browser, url(`d/${UID}?refresh=off&theme=${theme}`));
    acceptLeaving(page);
    await openDashboard(page);
    await page.getByTestId('dashboard-edit').click();
    await page.getByTestId('add-panel').click();
    const added = titled(page, NEW_TITLE).first();
    await added.getByTestId('panel-menu').click();
    await page.screenshot({ path: `${SHOTS}/authoring-menu-${theme}.png` });
    await page.keyboard.press('Escape');
    await page.reload();
    await page.getByTestId('draft-restore').waitFor();
    await page.screenshot({ path: `${SHOTS}/authoring-banner-${theme}.png` });
    const other = await page.context().newPage();
    await other.goto(url(`d/${UID}?refresh=off&theme=${theme}`));
    await openDashboard(other);
    await other.getByTestId('dashboard-edit').click();
    await other.getByTestId('add-row').click();
    await other.getByTestId('dashboard-save').click();
    await page.getByTestId('draft-restore').click();
    await page.getByTestId('dashboard-save').click();
    await page.getByRole('dialog').waitFor();
    await page.screenshot({ path: `${SHOTS}/authoring-conflict-${theme}.png` });
    await page.context().close();
  }
});
