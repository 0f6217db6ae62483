// A multi-tenant Loki as users meet it (issue 16): a second meshsim started here with
// `--require-tenant`, which answers 401 `no org id` to every Loki request without
// X-Scope-OrgID, as Loki with `auth_enabled: true` does. With `tenant` in config.json the
// settings page's Loki check passes (it sends the header); without it, settings shows Loki's
// reason, and a live tail shows the refusal once and stops instead of reconnecting forever.
//
// The devstack's own Loki is single-tenant and the dev server proxies only that one, so the
// page reaches this Loki at the same-origin path `loki-tenant/`, which playwright forwards to
// it with the page's own headers (a browser cannot call a Loki on another origin: no CORS).
// The tail's websocket is not forwarded (playwright cannot redirect a socket): its handshake
// fails at the dev server before any upgrade, exactly what the browser sees when Loki refuses
// it, and the app's one probe of the same URL gets this Loki's own 401 answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const ORG = 'meshboard-e2e';
const PREFIX = 'loki-tenant';
const ROOT = path.resolve(import.meta.dirname, '../..');
const MESHSIM = process.env.MESHBOARD_MESHSIM
  || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'release/meshsim');

let browser;
let meshsim;
let loki;

/** A port free right now on loopback (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

before(async () => {
  browser = await launch();
  const [metrics, lokiPort, jaeger] = [await freePort(), await freePort(), await freePort()];
  loki = `http://127.0.0.1:${lokiPort}`;
  const output = [];
  meshsim = spawn(MESHSIM, [
    'serve',
    '--metrics-addr', `127.0.0.1:${metrics}`,
    '--loki-addr', `127.0.0.1:${lokiPort}`,
    '--jaeger-addr', `127.0.0.1:${jaeger}`,
    '--require-tenant', ORG,
    '--history-hours', '1',
    '--telemetry-hours', '0.5',
    '--incidents', 'off',
    '--exit-with-parent', String(process.pid),
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [meshsim.stdout, meshsim.stderr]) stream.on('data', (d) => output.push(String(d)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (meshsim.exitCode !== null) throw new Error(`meshsim exited ${meshsim.exitCode}: ${output.join('')}`);
    try {
      if ((await fetch(`${loki}/ready`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`meshsim --require-tenant not ready: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

after(async () => {
  await browser?.close();
  if (meshsim && meshsim.exitCode === null) {
    const exited = new Promise((r) => meshsim.once('exit', r));
    meshsim.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (meshsim.exitCode === null) meshsim.kill('SIGKILL');
  }
});

/** A page whose config.json names the tenant Loki (with `tenant` or without), the calls to
 * it forwarded with the page's headers; `seen` collects the X-Scope-OrgID of each call. */
async function tenantPage(tenant) {
  const page = await openPage(browser, null);
  const seen = [];
  const source = { url: PREFIX };
  if (tenant) source.tenant = tenant;
  await page.route('**/config.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ datasources: { prometheus: { url: 'prometheus' }, loki: source, jaeger: { url: 'jaeger' } } }),
  }));
  await page.route(`**/${PREFIX}/**`, async (route) => {
    const url = new URL(route.request().url());
    const rest = url.pathname.slice(url.pathname.indexOf(`/${PREFIX}/`) + PREFIX.length + 2);
    seen.push({ path: rest, org: route.request().headers()['x-scope-orgid'] ?? null });
    const response = await route.fetch({ url: `${loki}/${rest}${url.search}` });
    await route.fulfill({ response });
  });
  page.seen = seen;
  return page;
}

/** The settings page's Loki row once its check has finished. */
async function lokiStatus(page) {
  await page.goto(new URL('settings', BASE).href, { waitUntil: 'domcontentloaded' });
  const cell = page.locator('[data-testid="datasource"][data-kind="Loki"] [data-testid="datasource-status"]');
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="datasource"][data-kind="Loki"] [data-testid="datasource-status"]')?.dataset.state;
    return s === 'ok' || s === 'error';
  }, null, { timeout: 30_000 });
  return { state: await cell.getAttribute('data-state'), text: (await cell.textContent()).trim() };
}

test('the tenant Loki itself: 401 no org id without the header, its labels with it', async () => {
  const refused = await fetch(`${loki}/loki/api/v1/labels`);
  assert.equal(refused.status, 401);
  assert.equal(await refused.text(), 'no org id\n');
  const ok = await fetch(`${loki}/loki/api/v1/labels`, { headers: { 'X-Scope-OrgID': ORG } });
  assert.equal(ok.status, 200);
  assert.ok((await ok.json()).data.includes('job'));
});

test('with tenant in config.json, the settings check of Loki is OK', async () => {
  const page = await tenantPage(ORG);
  const { state, text } = await lokiStatus(page);
  assert.equal(state, 'ok', text);
  assert.match(text, /^ok: Loki API, \d+ labels$/);
  assert.match(await page.locator('.settings-page').textContent(), new RegExp(`Loki tenant \\(X-Scope-OrgID\\): ${ORG}`));
  const checks = page.seen.filter((s) => s.path.startsWith('loki/api/v1/labels'));
  assert.ok(checks.length >= 1, JSON.stringify(page.seen));
  assert.ok(checks.every((s) => s.org === ORG), `the check carries the tenant: ${JSON.stringify(checks)}`);
  assert.deepEqual(page.problems.filter((p) => !/Failed to load resource/.test(p)), []);
  await page.context().close();
});

test('without the tenant, settings shows Loki\'s own reason: no org id', async () => {
  const page = await tenantPage(null);
  const { state, text } = await lokiStatus(page);
  assert.equal(state, 'error', text);
  // The URL checked, then Loki's status and words.
  assert.match(text, /^error: \S*\/loki-tenant\/loki\/api\/v1\/labels: HTTP 401: no org id$/);
  assert.ok(page.seen.every((s) => s.org === null), JSON.stringify(page.seen));
  await page.context().close();
});

test('without the tenant, live tail shows the 401 refusal once and stops retrying', async () => {
  const page = await tenantPage(null);
  let sockets = 0;
  page.on('websocket', (ws) => { if (ws.url().includes(`/${PREFIX}/`)) sockets += 1; });
  await page.goto(new URL(`explore/logs?query=${encodeURIComponent('{job=~".+"}')}&from=now-5m&to=now`, BASE).href, { waitUntil: 'domcontentloaded' });
  // The query itself is refused the same way, with Loki's words.
  await page.waitForFunction(() => document.querySelector('.logs-view')?.dataset.state === 'error', null, { timeout: 60_000 });
  assert.match(await page.getByTestId('panel-error').first().textContent(), /no org id/);
  await page.getByTestId('tail-start').click();
  const note = page.getByTestId('tail-note');
  await page.waitForFunction(() => /refused by Loki/.test(document.querySelector('[data-testid="tail-note"]')?.textContent || ''), null, { timeout: 15_000 });
  assert.equal((await note.textContent()).trim(), 'Live tail refused by Loki (HTTP 401): no org id');
  await page.getByTestId('tail-start').waitFor();
  // Past the first back-off steps (1 s, 2 s): still one socket, one probe, the same words.
  await page.waitForTimeout(4_000);
  const probes = page.seen.filter((s) => s.path.startsWith('loki/api/v1/tail'));
  assert.equal(sockets, 1, 'one socket, no reconnect loop');
  assert.equal(probes.length, 1, `one probe: ${JSON.stringify(page.seen)}`);
  assert.equal((await note.textContent()).trim(), 'Live tail refused by Loki (HTTP 401): no org id');
  assert.doesNotMatch(await page.locator('.logs-view').textContent(), /reconnecting/i);
  await page.context().close();
});
