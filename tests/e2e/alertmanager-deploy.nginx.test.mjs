// Alertmanager as deployed (issue 20): behind the real nginx, `/alertmanager/` is proxied
// same-origin with a credential nginx adds from its secrets file. The devstack's Alertmanager
// here refuses every request without HTTP basic auth (exporter-toolkit's web config, user
// `meshboard`, the deploy token as password), so a 200 through nginx proves the credential was
// added; the browser never sees it, in any header, URL or body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';
import { rawGet } from './deploy-helpers.mjs';

const APP = process.env.MESHBOARD_URL; // http://127.0.0.1:<port>/ops/meshboard/
const TOKEN = process.env.MESHBOARD_BACKEND_TOKEN;
const DIRECT = process.env.MESHBOARD_ALERTMANAGER_DIRECT;
const BASIC = Buffer.from(`meshboard:${TOKEN}`).toString('base64');
const app = (path) => new URL(path, APP).href;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('Alertmanager refuses requests without the credential that nginx adds', async () => {
  const path = '/api/v2/status';
  assert.equal((await rawGet(DIRECT + path)).status, 401, 'anonymous');
  const wrong = Buffer.from('meshboard:not-the-token').toString('base64');
  assert.equal((await rawGet(DIRECT + path, { authorization: `Basic ${wrong}` })).status, 401, 'wrong password');
  assert.equal((await rawGet(DIRECT + path, { authorization: `Basic ${BASIC}` })).status, 200, 'the token');

  // Through nginx: the same answer, whatever the browser sends itself.
  for (const headers of [{}, { authorization: `Basic ${wrong}` }]) {
    const proxied = await rawGet(app('alertmanager/api/v2/status'), headers);
    assert.equal(proxied.status, 200, proxied.body.toString());
    const status = JSON.parse(proxied.body);
    assert.equal(status.versionInfo.version, '0.25.0');
    assert.equal(proxied.headers['www-authenticate'], undefined);
  }
});

test('the settings page checks Alertmanager through nginx and the credential never reaches the browser', async () => {
  const page = await openPage(browser, null);
  const seen = []; // [url, request headers, response headers, body]
  page.on('response', (response) => seen.push(Promise.all([
    response.url(),
    response.request().allHeaders().catch(() => response.request().headers()),
    response.allHeaders().catch(() => response.headers()),
    response.body().then((b) => b.toString(), () => ''),
  ])));
  await page.goto(app('settings'), { waitUntil: 'domcontentloaded' });
  const status = page.locator('[data-kind="Alertmanager"] [data-testid="datasource-status"]');
  await status.and(page.locator('[data-state="ok"]')).waitFor({ timeout: 120_000 });
  assert.match(await status.textContent(), /^ok: Alertmanager 0\.25\.0, cluster ready with 1 peer, up \d+/);

  const answers = await Promise.all(seen);
  assert.ok(answers.some(([url]) => url === app('alertmanager/api/v2/status')), 'the check went through nginx');
  for (const [url, requestHeaders, responseHeaders, body] of answers) {
    assert.equal(requestHeaders.authorization, undefined, `${url} carries no Authorization`);
    for (const secret of [TOKEN, BASIC]) {
      assert.ok(!url.includes(secret), url);
      assert.ok(!JSON.stringify(requestHeaders).includes(secret), `request headers of ${url}`);
      assert.ok(!JSON.stringify(responseHeaders).includes(secret), `response headers of ${url}`);
      assert.ok(!body.includes(secret), `body of ${url}`);
    }
    assert.equal(responseHeaders['www-authenticate'], undefined, url);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
