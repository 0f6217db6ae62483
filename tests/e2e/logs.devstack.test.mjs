// Logs end to end against the devstack's Loki stand-in: a query shows lines and a volume
// histogram, a LogQL syntax error shows Loki's message, a cross-origin Loki is explained
// (no CORS headers: use the same-origin proxy), filter-for edits the query in the URL
// and re-runs, a trace link opens the trace, live tail receives lines, a hostile line stays
// text, and 5,000 lines keep only a window of rows in the DOM. Issue 16 (Loki 3.x as it is):
// `| json` over unparsable lines still has a volume, a stream without `level` is coloured by
// `detected_level`, a syntax error is shown once, a refused tail says why and stops, and
// show context on a tailed row selects by stream labels only.
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

// Issue 16: what real Loki 3.x does that the stand-in now does too.

/** The volume histogram once it has settled (not loading). */
async function volumeSettled(page, timeout = 20_000) {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="logs-volume"]')?.dataset.state;
    return s && s !== 'loading';
  }, null, { timeout });
  return page.getByTestId('logs-volume');
}

const STDLIB = '{job="dynamic-graph-fed-rl"}';

test('| json over lines that do not all parse: lines load and the volume shows bars', async () => {
  const query = `${STDLIB} | json`;
  // The bug this guards: Loki refuses the metric query over unparsable lines ...
  const plain = `sum by (level) (count_over_time(${query} [1m]))`;
  const refused = await fetch(new URL(`loki/loki/api/v1/query_range?query=${encodeURIComponent(plain)}&step=60`, BASE));
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /pipeline error: 'JSONParserErr'/);
  // ... and the log query returns the lines, some with __error__.
  const page = await openPage(browser, null);
  const volumeQueries = [];
  page.on('request', (r) => {
    const q = r.url().includes('/query_range') && new URL(r.url()).searchParams.get('query');
    if (q && q.startsWith('sum by')) volumeQueries.push(q);
  });
  await page.goto(logsUrl(query), { waitUntil: 'load', timeout: 120_000 });
  const view = await settled(page);
  assert.ok(Number(await view.getAttribute('data-lines')) > 0);
  const volume = await volumeSettled(page);
  assert.equal(await volume.getAttribute('data-state'), 'ok');
  assert.ok(Number(await volume.getAttribute('data-bars')) > 0);
  assert.equal(await page.getByTestId('logs-volume-error').count(), 0);
  assert.ok(volumeQueries.some((q) => q.includes('| drop __error__, __error_details__')), volumeQueries.join(' ; '));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a stream without a level label is coloured by detected_level', async () => {
  const series = await (await fetch(new URL(`loki/loki/api/v1/series?match[]=${encodeURIComponent(STDLIB)}`, BASE))).json();
  assert.ok(series.data.length > 0 && series.data.every((s) => !('level' in s)), 'the stream has no level label');
  const page = await openPage(browser, logsUrl(STDLIB));
  await settled(page);
  const volume = await volumeSettled(page);
  assert.equal(await volume.getAttribute('data-state'), 'ok');
  const levels = (await volume.getAttribute('data-levels')).split(' ');
  assert.ok(levels.includes('info'), `levels drawn: ${levels}`);
  assert.ok(!levels.includes('unknown'), `no unknown bars: ${levels}`);
  await page.context().close();
});

test('a syntax error shows one error, about what was typed', async () => {
  const page = await openPage(browser, logsUrl('{job="agent-mesh"} |='));
  await settled(page, 'error');
  const volume = await volumeSettled(page);
  assert.equal(await volume.getAttribute('data-state'), 'invalid');
  assert.equal(await page.getByTestId('logs-volume-error').count(), 0);
  assert.equal(await page.getByTestId('panel-error').count(), 1);
  assert.match(await page.getByTestId('panel-error').textContent(), /^parse error/);
  await page.context().close();
});

test('a tail Loki refuses shows its reason once and does not loop', async () => {
  const page = await openPage(browser, null);
  let sockets = 0;
  const probes = [];
  page.on('websocket', () => { sockets += 1; });
  page.on('request', (r) => { if (r.url().includes('/api/v1/tail') && r.resourceType() !== 'websocket') probes.push(r.url()); });
  // A query that parses as a selector for the view but that Loki's tail refuses.
  const bad = '{job="agent-mesh"} | unknownstage';
  await page.goto(logsUrl(bad));
  await settled(page, 'error');
  await page.getByTestId('tail-start').click();
  const note = page.getByTestId('tail-note');
  await page.waitForFunction(() => /refused by Loki/.test(document.querySelector('[data-testid="tail-note"]')?.textContent || ''), null, { timeout: 15_000 });
  assert.match(await note.textContent(), /^Live tail refused by Loki \(HTTP 400\): parse error/);
  await page.getByTestId('tail-start').waitFor();
  // No reconnect loop: wait past the first back-off steps.
  await page.waitForTimeout(4_000);
  assert.equal(sockets, 1, 'one socket, no retries');
  assert.equal(probes.length, 1, 'one probe');
  assert.match(await note.textContent(), /refused by Loki/);
  await page.context().close();
});

test('show context on a live-tailed row uses the stream labels only', async () => {
  const page = await openPage(browser, null);
  const contextQueries = [];
  page.on('request', (r) => {
    if (!r.url().includes('/query_range')) return;
    const u = new URL(r.url());
    if (u.searchParams.get('limit') === '10') contextQueries.push(u.searchParams.get('query'));
  });
  await page.goto(logsUrl('{job="agent-mesh"} | json', 'from=now-5m&to=now'));
  await settled(page);
  await page.getByTestId('logs-clear').click();
  await page.waitForFunction(() => document.querySelector('.logs-view')?.dataset.lines === '0');
  await page.getByTestId('tail-start').click();
  await page.waitForFunction(() => Number(document.querySelector('.logs-view')?.dataset.lines) > 0, null, { timeout: 15_000 });
  await page.getByTestId('tail-stop').click();
  await page.getByTestId('log-row').first().click();
  await page.getByTestId('log-details').waitFor();
  await page.locator('[data-testid="log-field"][data-section="Stream labels"]').first().waitFor();
  const streamKeys = await page.locator('[data-testid="log-field"][data-section="Stream labels"]').evaluateAll((rows) => rows.map((r) => r.dataset.key));
  for (const key of streamKeys) assert.ok(['job', 'instance', 'level', 'component', 'service_name'].includes(key), `stream label ${key}: ${streamKeys}`);
  const other = await page.locator('[data-testid="log-field"][data-section="Structured metadata or parsed labels"]').evaluateAll((rows) => rows.map((r) => r.dataset.key));
  assert.ok(other.includes('event'), `parsed keys are not stream labels: ${other}`);
  await page.getByTestId('show-context').click();
  await page.getByTestId('log-context').waitFor();
  // The lines before and after the row are two requests, one after the other: the context
  // shows as soon as the first answers, so wait for the second to be sent.
  for (let waited = 0; contextQueries.length < 2 && waited < 10_000; waited += 100) {
    await page.waitForTimeout(100);
  }
  assert.ok(contextQueries.length >= 2, contextQueries.join(' ; '));
  for (const q of contextQueries) {
    assert.ok(!/detected_level|event|trace_id|logger/.test(q), `context selector: ${q}`);
  }
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="log-context"] .logs-context-line').length > 1, null, { timeout: 10_000 })
    .catch(() => {});
  const lines = await page.locator('[data-testid="log-context"] .logs-context-line').count();
  assert.ok(lines > 1, `context lines: ${lines}`);
  await page.context().close();
});
