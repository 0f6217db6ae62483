// Edit mode as a chunk (issue 17): a dashboard's first paint fetches no edit-mode code; pressing
// Edit fetches `split_edit_mode` and edit mode works (a panel added and undone, drawn in the
// grid); with the chunk blocked, pressing Edit says so in the header, leaves edit mode and the
// panels stay drawn (no panic). An unframed page never fetches the embed bridge's chunk.
// MESHBOARD_SHOTS=dir saves the failure message in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const url = (path) => new URL(path, BASE).href;
const EDIT_CHUNK = /\/split_edit_mode-[0-9a-f]{16}\.wasm$/;
const EMBED_CHUNK = /\/split_embed-[0-9a-f]{16}\.wasm$/;
// Kiosk: no idle prefetch (src/ui/lazy/prefetch.rs), so only what the page asks for is fetched;
// the dashboard header with its Edit button is still shown.
const KIOSK = 'd/meshboard-resources?refresh=off&from=now-1h&to=now&kiosk';

// `cargo xtask e2e --dev` builds one module (debug builds are not split): nothing to test there.
const indexPage = await (await fetch(BASE)).text();
const skip = indexPage.includes('__wasm_split-') ? false : 'a debug build: only release builds are split';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Records every request whose path matches `pattern`. */
function recordRequests(page, pattern) {
  const seen = [];
  page.on('request', (request) => { if (pattern.test(new URL(request.url()).pathname)) seen.push(request.url()); });
  return seen;
}

/** Brings every panel into view once and waits until none is loading. */
async function drawEveryPanel(page) {
  const panels = page.getByTestId('panel');
  for (let i = 0; i < await panels.count(); i += 1) await panels.nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel"][data-state="loading"]').length === 0,
    null, { timeout: 60_000 });
}

test('the first paint fetches no edit-mode code; pressing Edit fetches it and editing works', { skip }, async () => {
  const page = await openPage(browser, null);
  const editFetches = recordRequests(page, EDIT_CHUNK);
  const embedFetches = recordRequests(page, EMBED_CHUNK);
  await page.goto(url(KIOSK), { waitUntil: 'domcontentloaded' });
  await page.getByTestId('dashboard-grid').waitFor({ timeout: 90_000 });
  await drawEveryPanel(page);
  assert.ok(await page.locator('[data-testid="panel"][data-state="ok"]').count() > 0, 'panels were drawn');
  assert.deepEqual(editFetches, [], 'no edit-mode chunk before Edit');
  assert.equal(await page.getByTestId('add-panel').count(), 0);
  const items = await page.getByTestId('grid-item').count();
  await page.getByTestId('dashboard-edit').click();
  await page.getByTestId('add-panel').waitFor({ timeout: 60_000 });
  assert.equal(editFetches.length, 1, `the edit chunk was fetched once Edit was pressed: ${editFetches}`);
  assert.equal(await page.getByTestId('dashboard-edit').getAttribute('aria-pressed'), 'true');
  // Edit mode works: the handles are drawn on the panels, a panel is added and undone.
  await page.locator('.grid-move-handle').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('add-panel').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="grid-item"]').length === n + 1, items);
  await page.getByTestId('unsaved-changes').waitFor();
  await page.getByTestId('edit-undo').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="grid-item"]').length === n, items);
  assert.equal(await page.getByTestId('unsaved-changes').count(), 0, 'undone back to the saved dashboard');
  assert.deepEqual(embedFetches, [], 'an unframed page never fetches the embed bridge');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('with the idle prefetch, the edit chunk is fetched only after the first panel data arrived', { skip }, async () => {
  const page = await openPage(browser, null);
  await page.goto(url('d/meshboard-resources?refresh=off&from=now-1h&to=now'), { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid="panel"][data-state="ok"]').first().waitFor({ timeout: 90_000 });
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/split_edit_mode-')),
    null, { timeout: 90_000 });
  const starts = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/split_edit_mode-')).map((e) => e.startTime));
  const firstPanel = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/api/v1/query')).map((e) => e.responseEnd).sort((a, b) => a - b)[0]);
  assert.ok(firstPanel !== undefined, 'a panel query was answered');
  for (const start of starts) assert.ok(start > firstPanel, `edit chunk fetched at ${start} ms, before the first panel's data (${firstPanel} ms)`);
  // Prefetched: pressing Edit needs no new fetch.
  await page.getByTestId('dashboard-edit').click();
  await page.getByTestId('add-panel').waitFor({ timeout: 30_000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('with the edit chunk blocked, pressing Edit says why in the header; the panels stay drawn', { skip }, async () => {
  for (const theme of ['dark', 'light']) {
    const page = await openPage(browser, null);
    await page.route(EDIT_CHUNK, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(url(`${KIOSK}&theme=${theme}`), { waitUntil: 'domcontentloaded' });
    await page.locator('[data-testid="panel"][data-state="ok"]').first().waitFor({ timeout: 90_000 });
    await page.getByTestId('dashboard-edit').click();
    const message = page.getByTestId('edit-chunk-error');
    await message.waitFor({ timeout: 60_000 });
    assert.match(await message.textContent(), /^Edit mode could not be loaded: .+Reload to try again\.$/);
    assert.equal(await message.getAttribute('role'), 'alert');
    // Seen: in the header, on screen.
    const [header, line] = [await page.getByTestId('dashboard-header').boundingBox(), await message.boundingBox()];
    assert.ok(line.height > 0 && line.y >= header.y && line.y + line.height <= header.y + header.height + 1,
      `the message ${JSON.stringify(line)} is inside the header ${JSON.stringify(header)}`);
    // Edit mode was left (nothing to edit with), and the dashboard is as it was.
    assert.equal(await page.getByTestId('dashboard-edit').getAttribute('aria-pressed'), 'false');
    assert.equal(await page.getByTestId('add-panel').count(), 0);
    assert.ok(await page.locator('[data-testid="panel"][data-state="ok"]').count() > 0);
    if (SHOTS) await page.getByTestId('dashboard-header').screenshot({ path: `${SHOTS}/edit-chunk-error-${theme}.png` });
    const unexpected = page.problems.filter((p) => !/404|split module|WebAssembly|Failed to load|wasm/i.test(p));
    assert.deepEqual(unexpected, []);
    assert.ok(page.problems.every((p) => !/pageerror|panicked|unreachable/.test(p)), `no panic: ${page.problems.join('\n')}`);
    await page.context().close();
  }
});
