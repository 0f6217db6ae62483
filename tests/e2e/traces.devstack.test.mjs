// Traces end to end against the devstack, once with Jaeger API v1 (config.json's default) and
// once with v3 (config.json served modified): search, a trace's span count, span details, the
// logs link, the dependency graph, an uploaded file with and without a backend, and the
// exemplars of a histogram panel opening their traces.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURES = process.env.MESHBOARD_FIXTURES;
const HOTROD = path.join(FIXTURES || '.', 'jaeger/api_traces_id_hotrod_5915e2d0f3575298.json');
const SERVICE = 'agent-mesh';
const OPERATION = 'federated_round';
const RANGE = 'from=now-6h&to=now';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function api(pathAndQuery) {
  const response = await fetch(new URL(pathAndQuery, BASE));
  assert.equal(response.status, 200, `${pathAndQuery}: HTTP ${response.status}`);
  return response.json();
}

/** A page on `url` with config.json naming the given Jaeger API; records Jaeger requests. */
async function openWithApi(apiVersion, url, { blockJaeger = false } = {}) {
  const page = await openPage(browser, null);
  page.jaegerRequests = [];
  page.on('request', (r) => { if (r.url().includes('/jaeger/')) page.jaegerRequests.push(r.url()); });
  if (apiVersion === 'v3') {
    await page.route('**/config.json', (route) => route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        datasources: {
          prometheus: { url: 'prometheus', timeout_ms: 30000 },
          loki: { url: 'loki', tenant: null },
          jaeger: { url: 'jaeger', api: 'v3' },
        },
        embed: { allowedOrigins: [] },
      }),
    }));
  }
  if (blockJaeger) await page.route('**/jaeger/**', (route) => route.abort());
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** Console errors other than the browser's own notes about refused (blocked) requests. */
function realProblems(page) {
  return page.problems.filter((p) => !/Failed to load resource/.test(p));
}

test('the devstack serves the FL-round service the suite searches for', async () => {
  const services = await api('jaeger/api/services');
  assert.ok(services.data.includes(SERVICE), `services: ${services.data}`);
  const operations = await api(`jaeger/api/services/${SERVICE}/operations`);
  assert.ok(operations.data.includes(OPERATION), `operations: ${operations.data}`);
});

for (const apiVersion of ['v1', 'v3']) {
  test(`${apiVersion}: search finds FL rounds; a trace opens with the API's span count, details and a logs link`, async () => {
    const page = await openWithApi(apiVersion, new URL(`explore/traces?service=${SERVICE}&operation=${OPERATION}&${RANGE}`, BASE).href);
    const results = page.locator('[data-testid="panel"][data-panel-title="Trace search"]');
    await results.and(page.locator('[data-state="ok"]')).waitFor({ timeout: 20000 });
    const rows = page.getByTestId('trace-result');
    assert.ok(await rows.count() > 0, 'at least one FL round found');
    assert.equal(await results.getAttribute('data-points'), String(await rows.count()));
    assert.ok(page.jaegerRequests.some((u) => u.includes(apiVersion === 'v3' ? '/jaeger/api/v3/traces?' : '/jaeger/api/traces?')),
      `searched with API ${apiVersion}: ${page.jaegerRequests.join(' ')}`);
    // The form shows what the URL asked for.
    assert.equal(await page.getByTestId('trace-service').inputValue(), SERVICE);

    const traceId = await rows.first().getAttribute('data-trace-id');
    await rows.first().locator('a').first().click();
    await page.waitForURL(new RegExp(`/explore/traces/${traceId}`));
    const view = page.getByTestId('trace-view');
    await view.waitFor({ timeout: 20000 });
    const expected = await api(`jaeger/api/traces/${traceId}`);
    const spans = expected.data[0].spans;
    const services = new Set(spans.map((s) => expected.data[0].processes[s.processID].serviceName));
    assert.equal(await view.getAttribute('data-trace-id'), traceId);
    assert.equal(await view.getAttribute('data-spans'), String(spans.length));
    assert.equal(await view.getAttribute('data-services'), String(services.size));
    assert.match(await page.getByTestId('trace-title').textContent(), new RegExp(`${SERVICE}: ${OPERATION}`));

    // Span details of the root: its tags as text.
    await page.getByTestId('span-row').first().click();
    const details = page.getByTestId('span-details');
    await details.waitFor();
    assert.ok(await details.getByTestId('span-tag').count() > 0, 'the root span shows tags');
    assert.match(await details.locator('[data-testid="span-tag"][data-key="round.id"]').textContent(), /round\.id\s*\d+/);

    // The span search highlights matches (counted in the DOM).
    await page.getByTestId('span-search').fill(OPERATION);
    await page.locator('[data-testid="span-matches"]:not([data-matches="-1"])').waitFor();
    assert.ok(Number(await page.getByTestId('span-matches').getAttribute('data-matches')) >= 1);

    // Logs for this trace: /explore/logs with the trace id in the LogQL.
    await page.getByTestId('trace-logs-link').click();
    await page.waitForURL(/\/explore\/logs\?/);
    const params = new URL(page.url()).searchParams;
    assert.ok(params.get('query').includes(`|= "${traceId}"`), params.get('query'));
    assert.ok(Number(params.get('from')) < Number(params.get('to')));
    // Every FL round trace has log lines: the devstack records a round's trace and its
    // `federated_round_started` line (trace_id in the JSON, at the root span's start) under the
    // same condition (devstack/src/sim/mesh.rs start_round / record_round_trace), plus one
    // `federated_model_updated` line per trainer, all well inside the link's +-60 s window;
    // logs and spans share one retention (7 h) beyond the 6 h searched. So: lines, always.
    const loki = await api(`loki/loki/api/v1/query_range?query=${encodeURIComponent(params.get('query'))}&start=${params.get('from')}000000&end=${params.get('to')}000000&limit=1000`);
    const lokiLines = loki.data.result.flatMap((s) => s.values.map(([, line]) => line));
    assert.ok(lokiLines.length > 0, `Loki holds no line of trace ${traceId}`);
    assert.ok(lokiLines.every((line) => line.includes(traceId)), 'every line found carries the trace id');
    assert.ok(lokiLines.some((line) => line.includes('"federated_round_started"')), 'the round\'s start is logged');
    // The logs page shows the same lines.
    await page.waitForFunction(() => document.querySelector('.logs-view')?.dataset.state === 'ok', null, { timeout: 20000 });
    assert.equal(await page.locator('.logs-view[data-testid="panel"]').getAttribute('data-lines'), String(lokiLines.length));
    const row = page.getByTestId('log-row').first();
    await row.waitFor({ timeout: 20000 });
    assert.ok((await row.textContent()).includes(traceId), 'the log line carries the trace id');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test(`${apiVersion}: the dependency graph shows the devstack's services`, async () => {
    const page = await openWithApi(apiVersion, new URL(`explore/traces/dependencies?${RANGE}`, BASE).href);
    const graph = page.locator('[data-testid="panel"][data-panel-title="Service dependencies"]');
    await graph.and(page.locator('[data-state="ok"]')).waitFor({ timeout: 20000 });
    const now = Date.now();
    const links = (await api(`jaeger/api/dependencies?endTs=${now}&lookback=${6 * 3600 * 1000}`)).data;
    const names = new Set(links.flatMap((l) => [l.parent, l.child]));
    assert.equal(await graph.getAttribute('data-nodes'), String(names.size));
    const shown = await page.getByTestId('dep-service').allTextContents();
    assert.deepEqual(shown.slice().sort(), [...names].sort());
    // Hovering a node names it (overlay only).
    const box = await page.getByTestId('dep-graph-canvas').boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  for (const blockJaeger of [false, true]) {
    test(`${apiVersion}: an uploaded Jaeger file renders${blockJaeger ? ' with the backend blocked' : ''}`, async () => {
      const page = await openWithApi(apiVersion, new URL(`explore/traces?${RANGE}`, BASE).href, { blockJaeger });
      await page.getByTestId('traces-search').waitFor();
      await page.getByTestId('trace-upload').setInputFiles(HOTROD);
      const view = page.getByTestId('trace-view');
      await view.waitFor({ timeout: 20000 });
      assert.equal(await view.getAttribute('data-spans'), '50');
      assert.equal(await view.getAttribute('data-services'), '6');
      assert.equal(await view.getAttribute('data-trace-id'), '5915e2d0f3575298');
      // Collapsing the root hides every other row.
      const timeline = page.getByTestId('trace-timeline');
      assert.equal(await timeline.getAttribute('data-rows'), '50');
      await page.getByTestId('span-toggle').first().click();
      await page.locator('[data-testid="trace-timeline"][data-rows="1"]').waitFor();
      await page.getByTestId('span-toggle').first().click();
      await page.locator('[data-testid="trace-timeline"][data-rows="50"]').waitFor();
      // Details of a span, as text.
      await page.getByTestId('span-row').nth(1).click();
      assert.ok(await page.getByTestId('span-details').getByTestId('span-tag').count() > 0);
      if (blockJaeger) {
        assert.ok(page.jaegerRequests.length > 0, 'the page did try Jaeger');
        assert.deepEqual(realProblems(page), []);
      } else {
        assert.deepEqual(page.problems, []);
      }
      await page.context().close();
    });
  }
}

test('an unknown trace id reads as "not found" in the panel', async () => {
  const page = await openWithApi('v1', new URL(`explore/traces/0123456789abcdef0123456789abcdef?${RANGE}`, BASE).href);
  const panel = page.locator('[data-testid="panel"][data-panel-title="Trace"][data-state="error"]');
  await panel.waitFor({ timeout: 20000 });
  assert.match(await panel.getByTestId('panel-error').textContent(), /not found/i);
  assert.deepEqual(realProblems(page), []);
  await page.context().close();
});

test('exemplars on the FL round-duration panel open the round\'s trace', { timeout: 300_000 }, async () => {
  // Rounds last 20-180 s; the first traced one may still be running when the suite starts.
  const selector = 'agent_mesh_federated_round_duration_seconds_bucket';
  let recorded = [];
  for (let i = 0; i < 60 && recorded.length === 0; i += 1) {
    const end = Date.now() / 1000;
    const body = await api(`prometheus/api/v1/query_exemplars?query=${selector}&start=${end - 900}&end=${end}`);
    recorded = body.data.flatMap((s) => s.exemplars);
    if (recorded.length === 0) await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  assert.ok(recorded.length > 0, 'Prometheus stored no exemplar in 5 minutes');

  const page = await openPage(browser, new URL('d-solo/meshboard-federated-learning?panelId=10&from=now-15m&to=now&refresh=off', BASE).href);
  await page.waitForFunction(() => document.querySelector('[data-testid="panel"]')?.dataset.state === 'ok', null, { timeout: 60_000 });
  const dot = page.getByTestId('exemplar').first();
  await dot.waitFor({ timeout: 30_000 });
  const traceId = await dot.getAttribute('data-trace-id');
  assert.ok(recorded.some((e) => e.labels.trace_id === traceId), `${traceId} is one of Prometheus' exemplars`);
  assert.match(await dot.getAttribute('title'), new RegExp(`trace ${traceId}`));
  await dot.click();
  await page.waitForURL(new RegExp(`/explore/traces/${traceId}`));
  const view = page.getByTestId('trace-view');
  await view.waitFor({ timeout: 20000 });
  // Jaeger writes a trace id's high half without leading zeros (`%x`) and the exemplar keeps
  // them: the same trace either way (core trace::model's canonical id).
  const canonical = (id) => id.toLowerCase().replace(/^0+/, '');
  assert.equal(canonical(await view.getAttribute('data-trace-id')), canonical(traceId));
  assert.ok(Number(await view.getAttribute('data-spans')) > 1, 'the round trace has its spans');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
