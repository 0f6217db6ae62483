// Meshboard as deployed: Debian's nginx with the rendered deploy/nginx.conf serves the release
// build under /ops/meshboard/ in front of the devstack, whose Loki and Jaeger refuse requests
// without a bearer token that only nginx's secrets file holds. The app loads with the strict
// headers and no CSP violation, assets are cached and precompressed as packaged, client
// routes survive a reload, the proxies answer, and the credential never reaches the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { launch, openPage } from './harness.mjs';
import { assetUrls, rawGet, settledPanels } from './deploy-helpers.mjs';

const APP = process.env.MESHBOARD_URL; // http://127.0.0.1:<port>/ops/meshboard/
const PORTAL = process.env.MESHBOARD_PORTAL_ORIGIN;
const TOKEN = process.env.MESHBOARD_BACKEND_TOKEN;
const LOKI_DIRECT = process.env.MESHBOARD_LOKI_DIRECT;
const JAEGER_DIRECT = process.env.MESHBOARD_JAEGER_DIRECT;
const RANGE = 'from=now-1h&to=now';
const app = (path) => new URL(path, APP).href;

/** `promise`, or `fallback` if it has not settled after a while: Playwright's `allHeaders()`
 * and `body()` never settle for some responses (seen for a page that had navigated on). */
function settledOr(promise, fallback) {
  const late = new Promise((resolve) => setTimeout(() => resolve(fallback), 15_000).unref());
  return Promise.race([promise.catch(() => fallback), late]);
}

/** All headers when Chromium reports them, else those Playwright already has. */
const headersOf = (message) => settledOr(message.allHeaders(), message.headers());

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `path` under the sub-path and waits for the shell (the wasm app is running). */
async function open(path) {
  const page = await openPage(browser, app(path));
  await page.getByTestId('shell').waitFor({ timeout: 120_000 });
  return page;
}

test('the app loads under the sub-path with the strict security headers and no CSP violation', async () => {
  const page = await openPage(browser, null);
  const responses = [];
  page.on('response', (response) => responses.push(response));
  page.mainResponse = await page.goto(app(`d/meshboard-operations?${RANGE}`), { waitUntil: 'domcontentloaded' });
  const headers = page.mainResponse.headers();
  const csp = headers['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/, csp);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/, csp);
  assert.match(csp, /style-src 'self'/, csp);
  assert.ok(csp.includes(`frame-ancestors 'self' ${PORTAL}`), csp);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'no-referrer');
  assert.equal(headers['cache-control'], 'no-cache');
  // The one server-side change the app needs: <base href> names the sub-path.
  assert.equal(await page.evaluate(() => document.baseURI), APP);
  const panels = await settledPanels(page, { min: 3 });
  assert.deepEqual(panels.filter((p) => p.state === 'error'), [], 'no panel failed');
  assert.ok(panels.some((p) => p.state === 'ok'), JSON.stringify(panels));
  // Every answer from nginx, proxied ones included, carries the headers.
  const fromNginx = responses.filter((r) => r.url().startsWith(APP));
  assert.ok(fromNginx.length > 5, `${fromNginx.length} responses`);
  for (const response of fromNginx) {
    const h = await headersOf(response);
    assert.equal(h['x-content-type-options'], 'nosniff', response.url());
    assert.equal(h['referrer-policy'], 'no-referrer', response.url());
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('hashed assets are cached for a year; index.html, config.json and dashboards are revalidated', async () => {
  const index = await rawGet(APP);
  assert.equal(index.status, 200);
  assert.equal(index.headers['cache-control'], 'no-cache');
  const assets = assetUrls(index.body.toString(), APP).filter((u) => /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css|svg)$/.test(u));
  assert.ok(assets.some((u) => u.endsWith('.wasm')) && assets.some((u) => u.endsWith('.js')), assets.join('\n'));
  for (const url of assets) {
    const asset = await rawGet(url);
    assert.equal(asset.status, 200, url);
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable', url);
  }
  for (const path of ['config.json', 'dashboards/index.json', 'dashboards/operations.json', 'd/meshboard-operations']) {
    const response = await rawGet(app(path));
    assert.equal(response.status, 200, path);
    assert.equal(response.headers['cache-control'], 'no-cache', path);
  }
});

test('precompressed gzip and brotli files are served as packaged, and the browser gets them', async () => {
  const index = (await rawGet(APP)).body.toString();
  const wasm = assetUrls(index, APP).find((u) => u.endsWith('_bg.wasm'))
    ?? new URL(index.match(/([\w-]+_bg\.wasm)/)[1], APP).href;
  const plain = await rawGet(wasm);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers['content-type'], 'application/wasm');
  for (const [encoding, decompress] of [['br', brotliDecompressSync], ['gzip', gunzipSync]]) {
    const packed = await rawGet(wasm, { 'accept-encoding': encoding });
    assert.equal(packed.headers['content-encoding'], encoding);
    // A static file has a length up front; nginx's on-the-fly gzip would stream it chunked.
    assert.equal(Number(packed.headers['content-length']), packed.body.length, encoding);
    assert.ok(packed.body.length < plain.body.length / 2, `${encoding}: ${packed.body.length} of ${plain.body.length} B`);
    assert.ok(decompress(packed.body).equals(plain.body), `${encoding} decodes to the same module`);
    assert.match(packed.headers.vary ?? '', /Accept-Encoding/i);
  }
  // The packaged config.json (and its compressed copies) lets the portal drive Meshboard.
  const config = await rawGet(app('config.json'), { 'accept-encoding': 'gzip' });
  assert.equal(config.headers['content-encoding'], 'gzip');
  assert.deepEqual(JSON.parse(gunzipSync(config.body)).embed.allowedOrigins, [PORTAL]);

  const page = await openPage(browser, null);
  const wasmResponse = page.waitForResponse((r) => r.url().endsWith('_bg.wasm'));
  await page.goto(APP, { waitUntil: 'domcontentloaded' });
  const encoding = (await headersOf(await wasmResponse))['content-encoding'];
  assert.ok(['br', 'gzip'].includes(encoding), `the browser got the module as ${encoding}`);
  await page.getByTestId('shell').waitFor({ timeout: 120_000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('deep links to client routes survive a reload', async () => {
  const target = app(`explore/metrics?query=up&${RANGE}`);
  const page = await open(`explore/metrics?query=up&${RANGE}`);
  const result = () => page.waitForFunction(() => document.querySelector('.explore-result [data-testid="panel"]')?.dataset.state === 'ok', null, { timeout: 90_000 });
  await result();
  const reloaded = await page.reload({ waitUntil: 'domcontentloaded' });
  assert.equal(reloaded.status(), 200);
  await page.getByTestId('explore-metrics').waitFor({ timeout: 120_000 });
  await result();
  assert.equal(page.url(), target);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const dashboard = await rawGet(app('d/meshboard-operations/operations?kiosk'));
  assert.equal(dashboard.status, 200);
  assert.match(dashboard.body.toString(), /<base href="\/ops\/meshboard\/"/);
  const bare = await rawGet(APP.replace(/\/$/, ''));
  assert.equal(bare.status, 301);
  assert.equal(new URL(bare.headers.location, APP).pathname, new URL(APP).pathname);
});

test('the Prometheus, Loki and Jaeger proxies answer under the sub-path', async () => {
  const json = async (path) => {
    const response = await rawGet(app(path));
    assert.equal(response.status, 200, `${path}: ${response.body}`);
    return JSON.parse(response.body);
  };
  const up = await json('prometheus/api/v1/query?query=up');
  assert.equal(up.status, 'success');
  assert.ok(up.data.result.length > 0, 'up has series');
  const labels = await json('loki/loki/api/v1/labels');
  assert.ok(labels.data.includes('job'), JSON.stringify(labels));
  const services = await json('jaeger/api/services');
  assert.ok(services.data.includes('agent-mesh'), JSON.stringify(services));
});

test('the backends refuse requests without the credential that nginx adds', async () => {
  for (const [direct, path] of [[LOKI_DIRECT, '/loki/api/v1/labels'], [JAEGER_DIRECT, '/api/services']]) {
    const anonymous = await rawGet(direct + path);
    assert.equal(anonymous.status, 401, `${direct}${path} without a token`);
    const wrong = await rawGet(direct + path, { authorization: 'Bearer not-the-token' });
    assert.equal(wrong.status, 401);
    const authorized = await rawGet(direct + path, { authorization: `Bearer ${TOKEN}` });
    assert.equal(authorized.status, 200, `${direct}${path} with the token`);
  }
  // A browser that sends its own (wrong) credential does not get past nginx's.
  const spoofed = await rawGet(app('loki/loki/api/v1/labels'), { authorization: 'Bearer not-the-token' });
  assert.equal(spoofed.status, 200);
});

test('the credential never appears in anything the browser sends or receives', async () => {
  const page = await openPage(browser, null);
  const requests = [];
  const responses = []; // [response, headers, body or null], read as they arrive
  page.on('request', (request) => requests.push([request, headersOf(request)]));
  page.on('response', (response) => responses.push(Promise.all([response, headersOf(response), settledOr(response.body(), null)])));
  await page.goto(app(`explore/logs?query=${encodeURIComponent('{job="agent-mesh"}')}&${RANGE}`), { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => Number(document.querySelector('.logs-view')?.dataset.lines) > 0, null, { timeout: 120_000 });
  // Each page's answers are read before the next navigation discards them.
  await Promise.all(responses);
  await page.goto(app('explore/traces?service=agent-mesh&operation=federated_round&from=now-6h&to=now'), { waitUntil: 'domcontentloaded' });
  await page.getByTestId('trace-result').first().waitFor({ timeout: 90_000 });
  await Promise.all(responses);
  await page.goto(app(`explore/metrics?query=up&${RANGE}`), { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.querySelector('.explore-result [data-testid="panel"]')?.dataset.state === 'ok', null, { timeout: 90_000 });

  for (const [request, headersRead] of requests) {
    const headers = await headersRead;
    assert.equal(headers.authorization, undefined, `${request.url()} carries no Authorization`);
    assert.ok(!JSON.stringify(headers).includes(TOKEN) && !request.url().includes(TOKEN), request.url());
  }
  const bodiesFrom = new Set();
  for (const [response, headers, body] of await Promise.all(responses)) {
    assert.ok(!JSON.stringify(headers).includes(TOKEN), `headers of ${response.url()}`);
    assert.equal(headers['www-authenticate'], undefined, response.url());
    if (body) {
      assert.ok(!body.includes(TOKEN), `body of ${response.url()}`);
      bodiesFrom.add(response.url().match(/\/ops\/meshboard\/(prometheus|loki|jaeger|config\.json)/)?.[1] ?? 'other');
    }
  }
  // The app queried every backend through nginx, and those answers were among those read.
  assert.deepEqual([...bodiesFrom].filter((b) => b !== 'other').sort(), ['config.json', 'jaeger', 'loki', 'prometheus']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
