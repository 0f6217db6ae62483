// The shell, end to end in headless Chromium: served at / and under /ops/meshboard/ with the
// strict CSP, URL state round trips, theme, kiosk, back/forward, and the config error screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, search } from './harness.mjs';

const ROOT = process.env.MESHBOARD_ROOT_URL;
const SUB = process.env.MESHBOARD_SUB_URL;
const BROKEN = process.env.MESHBOARD_BROKEN_CONFIG_URL;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const [name, base] of [['root', ROOT], ['sub-path', SUB]]) {
  test(`${name}: the shell renders under the strict CSP with no errors`, async () => {
    const page = await openPage(browser, base);
    assert.equal(page.mainResponse.headers()['content-security-policy'], CSP);
    await page.getByTestId('shell').waitFor();
    await page.getByTestId('topbar').waitFor();
    assert.equal(await page.locator('.brand').textContent(), 'Meshboard');
    // A page that needs no backend, reached through the router under the base path.
    await page.getByTestId('nav').getByText('Import').click();
    await page.getByTestId('import-page').waitFor();
    assert.equal(new URL(page.url()).pathname, new URL('dashboard/import', base).pathname);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test(`${name}: a deep link survives a reload`, async () => {
    const page = await openPage(browser, new URL('dashboard/import?from=now-1h&to=now', base).href);
    await page.getByTestId('import-page').waitFor();
    await page.reload();
    await page.getByTestId('import-page').waitFor();
    assert.equal(search(page).get('from'), 'now-1h');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('from/to/theme/kiosk in the URL round-trip and drive the view', async () => {
  const url = new URL('dashboard/import?from=now-1h&to=now&theme=light&kiosk', ROOT).href;
  const page = await openPage(browser, url);
  await page.getByTestId('shell').waitFor();
  assert.equal(await page.getByTestId('topbar').count(), 0, 'kiosk hides the top bar');
  assert.equal(await page.getByTestId('nav').count(), 0, 'kiosk hides the navigation');
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
  assert.equal(page.url(), url, 'the URL is left exactly as given');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the time picker, theme toggle and back/forward keep the URL in charge', async () => {
  const page = await openPage(browser, new URL('?from=now-6h&to=now&theme=dark', ROOT).href);
  await page.getByTestId('time-range-button').waitFor();
  assert.equal(await page.getByTestId('time-range-button').textContent(), 'Last 6 hours');
  await page.getByTestId('time-range-button').click();
  await page.locator('[data-range="now-15m"]').click();
  await page.waitForURL(/from=now-15m/);
  assert.equal(await page.getByTestId('time-range-button').textContent(), 'Last 15 minutes');
  assert.equal(search(page).get('theme'), 'dark', 'other state is kept');

  await page.getByTestId('theme-toggle').click();
  await page.waitForURL(/theme=light/);
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');

  await page.getByTestId('zoom-out').click();
  await page.waitForURL(/from=now-30m/);

  await page.goBack();
  await page.waitForURL(/from=now-15m/);
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
  await page.goBack();
  await page.waitForURL(/theme=dark/);
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  await page.goForward();
  await page.waitForURL(/theme=light/);

  await page.getByTestId('shift-earlier').click();
  await page.waitForURL((u) => /^\d+$/.test(new URL(u).searchParams.get('from') ?? ''));
  const from = Number(search(page).get('from'));
  const to = Number(search(page).get('to'));
  assert.ok(to - from > 0 && Math.abs(to - from - 15 * 60_000) < 2_000, 'shift keeps the span and makes it absolute');

  await page.getByTestId('refresh-picker').selectOption('30s');
  await page.waitForURL(/refresh=30s/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an absolute range typed into the picker lands in the URL as epoch milliseconds', async () => {
  const page = await openPage(browser, ROOT);
  await page.getByTestId('time-range-button').click();
  await page.getByTestId('abs-from').fill('2026-01-02T03:04:05');
  await page.getByTestId('abs-to').fill('2026-01-02T04:04:05');
  await page.getByTestId('abs-apply').click();
  await page.waitForURL(/from=\d+/);
  const from = Number(search(page).get('from'));
  const to = Number(search(page).get('to'));
  assert.equal(to - from, 3_600_000);
  assert.equal(from, await page.evaluate(() => new Date('2026-01-02T03:04:05').getTime()));
  await page.context().close();
});

test('settings lists every datasource with one clear status line', async () => {
  const page = await openPage(browser, new URL('settings', ROOT).href);
  const rows = page.getByTestId('datasource');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 4);
  // No backend runs in this suite: every check must end in an explicit error, not hang.
  for (const kind of ['Prometheus', 'Loki', 'Jaeger', 'Alertmanager']) {
    const status = page.locator(`[data-kind="${kind}"] [data-testid="datasource-status"]`);
    await status.and(page.locator('[data-state="error"]')).waitFor();
    assert.match(await status.textContent(), /^error: .*HTTP 502/);
  }
  await page.context().close();
});

test('a broken config.json gives the named error screen, not a blank page', async () => {
  const page = await openPage(browser, BROKEN);
  await page.getByTestId('config-error').waitFor();
  const message = await page.getByTestId('config-error-message').textContent();
  assert.match(message, /^config\.json is not valid: EOF while parsing/);
  assert.equal(await page.getByTestId('shell').count(), 0);
  await page.context().close();
});
