// Logs end to end against the devstack's Loki stand-in: a query shows lines and a volume
// histogram, a LogQL syntax error shows Loki's message, a cross-origin Loki is explained
// (no CORS headers: use the same-origin proxy), filter-for edits the query in the URL
// and re-runs, a trace link opens the trace, live tail receives lines, a hostile line stays
// text, and 5,000 lines keep only a window of rows in the DOM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, search } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const RANGE = 'from=now-1h&to=now';
const QUERY = '{job="agent-mesh"}';
const TRACED = '{job="agent-mesh", component="consensus"}';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function logsUrl(query, range = RANGE) {
  return new URL(`explore/logs?query=${encodeURIComponent(query)}&${range}`, BASE).href;
}

/** The logs view's root (the panel contract) once it has settled in `state`. */
async function settled(page, state = 'ok', timeout = 20_000) {
  const view = page.locator('.logs-view[data-testid="panel"]');
  await page.waitForFunction((s) => document.querySelector('.logs-view')?.dataset.state === s, state, { timeout });
  return view;
}

/** A Loki query_range body with `n` log lines in one stream, newest first. */
function streamsBody(lines, labels = { job: 'fake', level: 'info' }) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const values = lines.map((line, i) => [String(now - BigInt(i) * 1_000_000n), line]);
  return JSON.stringify({
    status: 'success',
    data: { resultType: 'streams', result: [{ stream: labels, values }], stats: { summary: { totalLinesProcessed: lines.length, totalBytesProcessed: 1000 } } },
  });
}

/** Answers log (not metric) query_range calls with `body`; volume queries pass through. */
async function routeLogLines(page, body) {
  await page.route('**/loki/api/v1/query_range**', async (route) => {
    const query = new URL(route.request().url()).searchParams.get('query') || '';
    if (query.startsWith('sum by')) return route.continue();
    return route.fulfill({ status: 200, contentType: 'application/json', body });
  });
}

test('a query shows lines and a volume histogram', async () => {
  // The first load of the debug build on a busy machine can exceed the default 30 s.
  const page = await openPage(browser, null);
  await page.goto(logsUrl(QUERY), { waitUntil: 'load', timeout: 120_000 });
  const view = await settled(page);
  assert.ok(Number(await view.getAttribute('data-lines')) > 0, 'data-lines > 0');
  assert.ok(await page.getByTestId('log-row').count() > 0, 'rows rendered');
  await page.waitForFunction(() => document.querySelector('[data-testid="logs-volume"]')?.dataset.state === 'ok', null, { timeout: 20_000 });
  assert.ok(Number(await page.getByTestId('logs-volume').getAttribute('data-bars')) > 0);
  assert.equal(await view.getAttribute('data-panel-title'), 'Logs');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a LogQL syntax error shows Loki\'s message verbatim', async () => {
  const bad = '{job="agent-mesh"} |=';
  const direct = await fetch(new URL(`loki/loki/api/v1/query_range?query=${encodeURIComponent(bad)}&limit=10`, BASE));
  assert.equal(direct.status, 400);
  const message = (await direct.text()).trim();
  assert.match(message, /parse error/);
  const page = await openPage(browser, logsUrl(bad));
  await settled(page, 'error');
  assert.equal((await page.getByTestId('panel-error').textContent()).trim(), message);
  await page.context().close();
});

test('a Loki on another origin is explained: it sends no CORS headers, use the same-origin proxy', async () => {
  // The devstack's Loki answers directly on its own port, like a real Loki, without CORS
  // headers; config.json pointing the browser straight at it is a mistake users make.
  const direct = process.env.MESHBOARD_LOKI_URL;
  assert.ok(direct, 'MESHBOARD_LOKI_URL is set by cargo xtask e2e');
  const plain = await fetch(new URL(`loki/api/v1/labels`, direct.replace(/\/?$/, '/')));
  assert.equal(plain.status, 200, 'the stand-in itself answers');
  assert.equal(plain.headers.get('access-control-allow-origin'), null, 'and sends no CORS header');
  const page = await openPage(browser, null);
  await page.route('**/config.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ datasources: { prometheus: { url: 'prometheus' }, loki: { url: direct }, jaeger: { url: 'jaeger' } } }),
  }));
  await page.goto(logsUrl(QUERY), { waitUntil: 'domcontentloaded' });
  await settled(page, 'error');
  const message = await page.getByTestId('panel-error').textContent();
  assert.match(message, /CORS/);
  assert.match(message, /same-origin proxy/);
  await page.context().close();
});

test('filter-for from the details adds a label filter and re-runs', async () => {
  const page = await openPage(browser, logsUrl(QUERY));
  await settled(page);
  const requests = [];
  page.on('request', (r) => { if (r.url().includes('/query_range')) requests.push(new URL(r.url()).searchParams.get('query')); });
  await page.getByTestId('log-row').first().click();
  await page.getByTestId('log-details').waitFor();
  await page.locator('[data-testid="filter-for"][data-key="component"]').first().click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('query')?.includes('| component='));
  const query = search(page).get('query');
  assert.match(query, /^\{job="agent-mesh"\} \| component="[a-z0-9_]+"$/);
  await settled(page);
  await page.waitForFunction(() => document.querySelector('.logs-view')?.dataset.state === 'ok');
  assert.ok(requests.some((q) => q === query), `re-ran with ${query}: ${requests.join(' ; ')}`);
  await page.context().close();
});

test('a trace link opens /explore/traces/<id>', async () => {
  const page = await openPage(browser, logsUrl(TRACED, 'from=now-6h&to=now'));
  await settled(page);
  await page.getByTestId('log-row').first().click();
  const link = page.getByTestId('trace-link');
  await link.waitFor();
  const id = (await link.textContent()).trim();
  assert.match(id, /^[0-9a-f]{16,32}$/);
  await link.click();
  await page.waitForFunction((tid) => location.pathname.endsWith(`/explore/traces/${tid}`), id);
  assert.equal(search(page).get('from'), 'now-6h');
  await page.context().close();
});

test('live tail receives new lines', async () => {
  const page = await openPage(browser, null);
  // The socket goes through the dev server's proxy to the devstack's Loki stand-in, as it
  // goes through nginx in production: frames received here come from the real tail endpoint.
  const sockets = [];
  page.on('websocket', (ws) => {
    const entry = { url: new URL(ws.url()), frames: 0 };
    ws.on('framereceived', () => { entry.frames += 1; });
    sockets.push(entry);
  });
  await page.goto(logsUrl('{job=~".+"}', 'from=now-5m&to=now'));
  await settled(page);
  await page.getByTestId('logs-clear').click();
  await page.waitForFunction(() => document.querySelector('.logs-view')?.dataset.lines === '0');
  await page.getByTestId('tail-start').click();
  await page.getByTestId('tail-rate').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('.logs-view')?.dataset.lines) > 0, null, { timeout: 15_000 });
  assert.ok(await page.getByTestId('log-row').count() > 0);
  // Same origin, ws: scheme, Loki's tail path under the datasource URL.
  assert.equal(sockets[0].url.protocol, 'ws:');
  assert.equal(sockets[0].url.host, new URL(BASE).host);
  assert.match(sockets[0].url.pathname, /\/loki\/loki\/api\/v1\/tail$/);
  assert.ok(sockets[0].frames > 0, 'no tail frame came through the proxy');
  await page.getByTestId('tail-pause').click();
  await page.getByTestId('tail-resume').click();
  await page.getByTestId('tail-stop').click();
  await page.getByTestId('tail-start').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a hostile line renders as text', async () => {
  const hostile = '<img src=x onerror=alert(1)> \u001b[31mred\u001b[0m';
  const page = await openPage(browser, null);
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await routeLogLines(page, streamsBody([hostile, 'plain line']));
  await page.goto(logsUrl('{job="fake"}'));
  await settled(page);
  const row = page.getByTestId('log-row').first();
  assert.ok((await row.textContent()).includes('<img src=x onerror=alert(1)>'));
  assert.ok((await row.textContent()).includes('␛[31mred'));
  assert.equal(await page.locator('.logs-view img').count(), 0);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(dialogs, 0);
  await page.context().close();
});

test('5,000 lines: only a window of rows is in the DOM', async () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `level=info msg="line ${i}" n=${i}`);
  const page = await openPage(browser, null);
  await routeLogLines(page, streamsBody(lines));
  await page.goto(logsUrl('{job="fake"}'));
  const view = await settled(page);
  assert.equal(await view.getAttribute('data-lines'), '5000');
  const rows = await page.getByTestId('log-row').count();
  assert.ok(rows > 0 && rows < 200, `rows in DOM: ${rows}`);
  // Scrolling moves the window: the last lines come into view, still few rows in the DOM.
  await page.getByTestId('logs-list').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="log-row"]')].some((r) => r.textContent.includes('line 4999')));
  assert.ok(await page.getByTestId('log-row').count() < 200);
  await page.context().close();
});
