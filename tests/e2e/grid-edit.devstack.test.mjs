// Grid editing (issue 18): a panel moved and resized by keyboard alone on its handles (the
// drawn box in pixels, the live region's sentence, focus kept, the saved gridPos after a save
// and a reload), a pointer drag of a panel header (where it lands, the placeholder while
// dragging, the others compacted) undone in one step, a row renamed and moved up with its
// panels and still so after a save and reload, and Explore's "Add to dashboard" opening the
// dashboard in edit mode with the query's panel drawing data.
// MESHBOARD_SHOTS=dir saves a drag in progress and the Explore dialog in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const UID = 'meshboard-resources';
const url = (path) => new URL(path, BASE).href;
const DASH = url(`d/${UID}?refresh=off`);
// The grid's geometry (core dashboard::layout): 24 columns, 30 px rows, 8 px gaps.
const ROW_PX = 30;
const GAP_PX = 8;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function acceptLeaving(page) {
  page.on('dialog', (dialog) => dialog.accept());
}

const itemOf = (page, title) =>
  page.locator('[data-testid="grid-item"]', { has: page.locator(`[data-testid="panel"][data-panel-title="${title}"]`) });
const rowItem = (page, title) =>
  page.locator('[data-testid="grid-item"]', { has: page.locator(`[data-testid="dashboard-row"][data-row-title="${title}"]`) });

async function gridPos(page, title) {
  return (await itemOf(page, title).getAttribute('data-grid-pos')).split(',').map(Number);
}

/** The item's drawn box relative to the grid, and the grid's width. */
async function drawn(page, title) {
  const grid = await page.getByTestId('dashboard-grid').boundingBox();
  const box = await itemOf(page, title).boundingBox();
  return { x: box.x - grid.x, y: box.y - grid.y, width: box.width, height: box.height, gridWidth: grid.width };
}

/** Pixels Grafana's grid draws `[x, y, w, h]` at in a grid `width` wide. */
function expectedPx([x, y, w, h], width) {
  const column = (width - GAP_PX * 23) / 24;
  return { x: x * (column + GAP_PX), y: y * (ROW_PX + GAP_PX), width: w * column + (w - 1) * GAP_PX, height: h * ROW_PX + (h - 1) * GAP_PX };
}

function assertNear(actual, expected, what) {
  for (const k of ['x', 'y', 'width', 'height']) {
    assert.ok(Math.abs(actual[k] - expected[k]) <= 1.5, `${what}: ${k} ${actual[k]} vs ${expected[k]}`);
  }
}

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

async function startEditing(page) {
  await page.getByTestId('dashboard-grid').waitFor();
  await itemOf(page, 'CPU usage').waitFor();
  await page.getByTestId('dashboard-edit').click();
  await itemOf(page, 'CPU usage').getByTestId('panel-move-handle').waitFor();
}

const waitPos = (page, title, pos) =>
  page.waitForFunction(([t, p]) => {
    const panel = document.querySelector(`[data-testid="panel"][data-panel-title="${t}"]`);
    return panel?.closest('[data-testid="grid-item"]')?.getAttribute('data-grid-pos') === p;
  }, [title, pos.join(',')]);

test('keyboard only: a panel moved and resized on its handles, said aloud, saved and reloaded', async () => {
  const page = await openPage(browser, DASH);
  acceptLeaving(page);
  await startEditing(page);
  assert.deepEqual(await gridPos(page, 'CPU usage'), [0, 8, 12, 8]);
  const handle = itemOf(page, 'CPU usage').getByTestId('panel-move-handle');
  assert.equal(await handle.getAttribute('aria-label'), 'Move CPU usage');
  await handle.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await waitPos(page, 'CPU usage', [6, 8, 12, 8]);
  const announcer = page.getByTestId('grid-announcer');
  assert.equal(await announcer.getAttribute('aria-live'), 'polite');
  assert.equal((await announcer.textContent()).trim(), 'Moved CPU usage to column 7, row 9');
  // Focus stayed on the moved panel's handle.
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return `${el?.dataset.testid}:${el?.closest('[data-testid="grid-item"]')?.querySelector('[data-testid="panel"]')?.dataset.panelTitle}`;
  });
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'panel-move-handle');
  assert.equal(await focused(), 'panel-move-handle:CPU usage');
  // Shift+arrows resize: two rows taller, four columns narrower.
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowLeft');
  const pos = await gridPos(page, 'CPU usage');
  assert.deepEqual(pos.slice(2), [8, 10], `resized: ${pos}`);
  assert.equal((await announcer.textContent()).trim(), 'Resized CPU usage to 8 columns by 10 rows');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'panel-move-handle');
  assert.equal(await focused(), 'panel-move-handle:CPU usage');
  // The drawn box is where the grid puts those units.
  const box = await drawn(page, 'CPU usage');
  assertNear(box, expectedPx(pos, box.gridWidth), 'the drawn box');
  // The resize handle takes arrows too.
  const corner = itemOf(page, 'CPU usage').getByTestId('panel-resize-handle');
  assert.equal(await corner.getAttribute('aria-label'), 'Resize CPU usage');
  await corner.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const final = [pos[0], pos[1], 9, 10];
  await waitPos(page, 'CPU usage', final);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/grid-edit-keyboard.png` });

  await page.getByTestId('dashboard-save').click();
  await page.getByTestId('save-notice').waitFor();
  await page.reload();
  await page.getByTestId('dashboard-grid').waitFor();
  await itemOf(page, 'CPU usage').waitFor();
  assert.deepEqual(await gridPos(page, 'CPU usage'), final, 'the same place after a reload');
  const after = await drawn(page, 'CPU usage');
  assertNear(after, expectedPx(final, after.gridWidth), 'the drawn box after a reload');
  const json = await exported(page);
  const saved = json.panels.find((p) => p.title === 'CPU usage');
  assert.deepEqual([saved.gridPos.x, saved.gridPos.y, saved.gridPos.w, saved.gridPos.h], final);
  await page.context().close();
});

test('pointer: a panel dragged by its header lands on the grid, the rest compacts, one undo puts it back', async () => {
  const page = await openPage(browser, DASH);
  acceptLeaving(page);
  await startEditing(page);
  const start = {
    mem: await gridPos(page, 'Memory utilisation'),
    node: await gridPos(page, 'CPU usage by node'),
    cpu: await gridPos(page, 'CPU usage'),
  };
  assert.deepEqual(start.mem, [0, 1, 12, 7]);
  const header = itemOf(page, 'Memory utilisation').locator('.panel-title');
  const from = await header.boundingBox();
  const grid = await page.getByTestId('dashboard-grid').boundingBox();
  const step = (grid.width - GAP_PX * 23) / 24 + GAP_PX;
  const x0 = from.x + 10;
  const y0 = from.y + from.height / 2;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(x0 + step * i, y0 + 2);
  const placeholder = page.getByTestId('grid-placeholder');
  await placeholder.waitFor();
  const ph = await placeholder.boundingBox();
  assertNear({ x: ph.x - grid.x, y: ph.y - grid.y, width: ph.width, height: ph.height },
    expectedPx([12, 1, 12, 7], grid.width), 'the placeholder shows where it lands');
  if (SHOTS) {
    for (const theme of ['dark', 'light']) {
      await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
      await page.screenshot({ path: `${SHOTS}/grid-edit-drag-${theme}.png` });
    }
  }
  await page.mouse.up();
  await placeholder.waitFor({ state: 'detached' });
  await waitPos(page, 'Memory utilisation', [12, 1, 12, 7]);
  assert.deepEqual(await gridPos(page, 'CPU usage by node'), [12, 8, 12, 7], 'pushed below it');
  assert.deepEqual(await gridPos(page, 'CPU usage'), [0, 1, 12, 8], 'the left column compacted up');
  const box = await drawn(page, 'Memory utilisation');
  assertNear(box, expectedPx([12, 1, 12, 7], box.gridWidth), 'the dropped box');
  // One drag is one undo step.
  await page.getByTestId('edit-undo').click();
  await waitPos(page, 'Memory utilisation', start.mem);
  assert.deepEqual(await gridPos(page, 'CPU usage by node'), start.node);
  assert.deepEqual(await gridPos(page, 'CPU usage'), start.cpu);
  assert.equal(await page.getByTestId('edit-undo').isDisabled(), true, 'nothing more to undo');
  await page.context().close();
});

test('a row renamed inline and moved up with its panels, kept after save and reload', async () => {
  const page = await openPage(browser, DASH);
  acceptLeaving(page);
  await startEditing(page);
  const rowTitles = () => page.locator('[data-testid="dashboard-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.rowTitle));
  assert.deepEqual(await rowTitles(), ['System', 'GPU', 'Processes']);
  await rowItem(page, 'GPU').getByTestId('row-rename').click();
  const field = page.getByTestId('row-title-input');
  await field.waitFor();
  assert.equal(await field.getAttribute('aria-label'), 'Row title');
  await field.fill('Graphics');
  await page.keyboard.press('Enter');
  await rowItem(page, 'Graphics').waitFor();
  await rowItem(page, 'Graphics').getByTestId('row-move-up').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="dashboard-row"]')?.dataset.rowTitle === 'Graphics');
  assert.deepEqual(await rowTitles(), ['Graphics', 'System', 'Processes']);
  assert.deepEqual(await gridPos(page, 'GPU utilisation'), [0, 1, 24, 8], 'its panel came along');
  // Drawn in that order too.
  const graphicsTop = (await rowItem(page, 'Graphics').boundingBox()).y;
  const systemTop = (await rowItem(page, 'System').boundingBox()).y;
  assert.ok(graphicsTop < systemTop, `${graphicsTop} < ${systemTop}`);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/grid-edit-rows.png` });
  await page.getByTestId('dashboard-save').click();
  await page.getByTestId('save-notice').waitFor();
  await page.reload();
  await page.getByTestId('dashboard-grid').waitFor();
  await rowItem(page, 'Graphics').waitFor();
  assert.deepEqual(await rowTitles(), ['Graphics', 'System', 'Processes']);
  assert.deepEqual(await gridPos(page, 'GPU utilisation'), [0, 1, 24, 8]);
  await page.context().close();
});

test('Explore metrics: Add to dashboard puts the query on a new dashboard, opened in edit mode with data', async () => {
  const page = await openPage(browser, url('explore/metrics?query=sum(up)&from=now-1h&to=now'));
  acceptLeaving(page);
  await page.getByTestId('explore-metrics').waitFor();
  await page.getByTestId('explore-add-to-dashboard').click();
  const dialog = page.getByTestId('explore-add-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('role'), 'dialog');
  // The built-in dashboards are offered.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="explore-add-target"] option').length > 3);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/grid-edit-explore-dialog-dark.png` });
  await page.getByTestId('explore-add-title').fill('From Explore e2e');
  await page.getByTestId('explore-add-confirm').click();
  await page.waitForURL(/\/d\/from-explore-e2e/);
  const panel = page.locator('[data-testid="panel"][data-panel-title="New panel"]');
  await panel.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="panel"][data-panel-title="New panel"]')?.dataset.state === 'ok');
  assert.ok(Number(await panel.getAttribute('data-series')) >= 1, 'the query answered with a series');
  assert.equal(await page.getByTestId('dashboard-edit').getAttribute('aria-pressed'), 'true', 'opened in edit mode');
  assert.deepEqual(await gridPos(page, 'New panel'), [0, 0, 12, 8]);
  assert.match(page.url(), /from=now-1h/);

  // An existing dashboard: the panel goes to its top left, the others move down.
  await page.goto(url('explore/metrics?query=sum(up)&from=now-1h&to=now'));
  await page.getByTestId('explore-add-to-dashboard').click();
  await page.waitForFunction((uid) => [...document.querySelectorAll('[data-testid="explore-add-target"] option')].some((o) => o.value === uid), UID);
  await page.getByTestId('explore-add-target').selectOption(UID);
  await page.getByTestId('explore-add-confirm').click();
  await page.waitForURL(new RegExp(`/d/${UID}`));
  await page.locator('[data-testid="panel"][data-panel-title="New panel"]').waitFor();
  assert.deepEqual(await gridPos(page, 'New panel'), [0, 0, 12, 8]);
  assert.deepEqual(await gridPos(page, 'Memory utilisation'), [0, 9, 12, 7], 'the rest went down');
  // As in Grafana the panel is an unsaved change (the user saves): no local copy yet.
  await page.getByTestId('unsaved-changes').waitFor();
  assert.equal(await page.getByTestId('local-copy-notice').count(), 0);
  await page.context().close();
});

test('screenshots of edit mode handles and the Explore dialog (light and dark)', { skip: !SHOTS }, async () => {
  for (const theme of ['light', 'dark']) {
    const page = await openPage(browser, url(`d/${UID}?refresh=off&theme=${theme}`));
    acceptLeaving(page);
    await startEditing(page);
    await itemOf(page, 'CPU usage').getByTestId('panel-move-handle').focus();
    await page.keyboard.press('ArrowRight');
    await page.screenshot({ path: `${SHOTS}/grid-edit-handles-${theme}.png` });
    await page.goto(url(`explore/metrics?query=sum(up)&theme=${theme}`));
    await page.getByTestId('explore-add-to-dashboard').click();
    await page.getByTestId('explore-add-dialog').waitFor();
    await page.screenshot({ path: `${SHOTS}/grid-edit-explore-${theme}.png` });
    await page.context().close();
  }
});
