// The first load without a chain of waits (issue 17): the page's loader (public/preload.js)
// starts config.json, the dashboard list and the dashboard's file while the wasm is still
// compiling, and the app uses those answers instead of asking again; a panel whose variable
// has a saved value queries while the variable's options are still on their way, and queries
// again, drawing the right data, when the options replace that value; the first screen's panel
// queries go out when the dashboard is parsed, before the grid is built, and the panels take
// those answers instead of asking again.
//
// Orders are compared by start times (resource timings, the app's own `meshboard-wasm-started`
// mark when main() runs) or by holding a request, never by durations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURE = new URL('../fixtures/grafana/e2e/saved-variable.json', import.meta.url);
const url = (path) => new URL(path, BASE).href;
const PANEL_TIMEOUT_MS = 60_000;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A fresh context (no HTTP cache, empty storage) whose page records its problems. */
async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(PANEL_TIMEOUT_MS);
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return page;
}

/** Waits until the panel `title` is drawn with data; returns its points. */
async function drawn(page, title) {
  const panel = page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);
  await panel.and(page.locator('[data-state="ok"]')).waitFor({ timeout: PANEL_TIMEOUT_MS });
  return Number(await panel.getAttribute('data-points'));
}

/** The PromQL of a Prometheus request (GET query string or POST form). */
function promql(request) {
  const fromUrl = new URL(request.url()).searchParams.get('query');
  return fromUrl ?? new URLSearchParams(request.postData() || '').get('query');
}

const isVariableRequest = (u) => /\/api\/v1\/(label\/[^/]+\/values|series)/.test(u);
const isPanelQuery = (u) => /\/api\/v1\/query_range/.test(u);

test('config, dashboard list and dashboard file start before the wasm runs, and are asked once', async () => {
  const page = await freshPage();
  try {
    await page.goto(url('d/meshboard-operations?from=now-1h&to=now'), { waitUntil: 'commit' });
    assert.ok(await drawn(page, 'CPU usage') > 0, 'the chart has points');
    const t = await page.evaluate(() => {
      const resources = performance.getEntriesByType('resource');
      const starts = (suffix) => resources.filter((r) => new URL(r.name).pathname.endsWith(suffix)).map((r) => r.startTime);
      const mark = performance.getEntriesByName('meshboard-wasm-started')[0];
      const wanted = performance.getEntriesByName('meshboard-dashboard-file-wanted')[0];
      return {
        config: starts('/config.json'),
        index: starts('/dashboards/index.json'),
        dashboard: starts('/dashboards/operations.json'),
        // The main module only: a split build prefetches its page chunks once the page is idle.
        wasm: resources.filter((r) => r.name.endsWith('_bg.wasm')).map((r) => r.startTime),
        started: mark ? mark.startTime : null,
        wanted: wanted ? wanted.startTime : null,
        // The loader is a file, not inline script (the CSP would block inline).
        loader: [...document.scripts].filter((s) => /preload-[0-9a-f]+\.js$/.test(s.src) && !s.type).length,
      };
    });
    assert.equal(t.loader, 1, 'index.html loads the hashed preload script as a classic script');
    assert.notEqual(t.started, null, 'main() marks when the wasm runs');
    assert.equal(t.wasm.length, 1);
    // Each asked once: the app (its start, the top bar's picker, the dashboard page, the logs
    // panel's derived fields) took the loader's answers instead of fetching again.
    assert.equal(t.config.length, 1, `config.json requests: ${t.config}`);
    assert.equal(t.index.length, 1, `index.json requests: ${t.index}`);
    assert.equal(t.dashboard.length, 1, `operations.json requests: ${t.dashboard}`);
    // Config and list before the wasm runs (the loader runs while the page is parsed, the
    // wasm only after it), so not after anything the app does.
    assert.ok(t.config[0] < t.started, `config.json at ${t.config[0]} ms, wasm running at ${t.started} ms`);
    assert.ok(t.index[0] < t.started, `index.json at ${t.index[0]} ms, wasm running at ${t.started} ms`);
    // The dashboard's file as soon as the list names it: before the app, which reads the same
    // list after the loader, asks for the file (whether that is before or after main() depends
    // on how fast the list comes back while the wasm downloads).
    assert.notEqual(t.wanted, null, 'the app marks when it wants the dashboard file');
    assert.ok(t.dashboard[0] < t.wanted, `operations.json at ${t.dashboard[0]} ms, wanted by the app at ${t.wanted} ms`);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});

test('the home page preloads config and list, and no dashboard file', async () => {
  const page = await freshPage();
  try {
    await page.goto(url(''), { waitUntil: 'commit' });
    await page.getByTestId('dashboard-item').first().waitFor();
    const names = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
    assert.equal(names.filter((n) => n.endsWith('/config.json')).length, 1);
    assert.equal(names.filter((n) => n.endsWith('/dashboards/index.json')).length, 1);
    assert.equal(names.filter((n) => /\/dashboards\/(?!index\.json)/.test(n)).length, 0, 'no dashboard file on the home page');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});

/** Imports `dashboard` into a fresh context's browser store, then opens it again with every
 * variable request held until `release()`; records the panel queries' PromQL. */
async function openWithVariablesHeld(dashboard) {
  const page = await freshPage();
  await page.goto(url('dashboard/import'), { waitUntil: 'commit' });
  await page.getByTestId('import-text').fill(JSON.stringify(dashboard));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  // Off the dashboard first, so no request of this first visit is counted below.
  await page.goto('about:blank');
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const held = [];
  await page.route((u) => isVariableRequest(u.href), async (route) => {
    held.push(route.request().url());
    await gate;
    await route.continue();
  });
  const queries = [];
  const released = { value: false };
  page.on('request', (r) => { if (isPanelQuery(r.url())) queries.push({ expr: promql(r), released: released.value }); });
  await page.goto(url(`d/${dashboard.uid}?from=now-1h&to=now`), { waitUntil: 'commit' });
  return {
    page, queries, held,
    release: () => { released.value = true; release(); },
  };
}

test('a panel whose variable has a saved value queries before the variable is answered', async () => {
  const dashboard = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const run = await openWithVariablesHeld(dashboard);
  const { page, queries, held } = run;
  try {
    // The variable's request is held: the panel query goes out anyway, with the saved value.
    await waitUntil(() => queries.length > 0 && held.length > 0, 'a panel query while the variable is held');
    assert.equal(queries[0].released, false);
    assert.equal(queries[0].expr, 'up{job="agent-mesh"}');
    run.release();
    assert.ok(await drawn(page, 'Targets of the job') > 0, 'the chart has points');
    const names = JSON.parse(await page.locator('[data-testid="panel"][data-panel-title="Targets of the job"]').getAttribute('data-series-meta'))
      .map((s) => s.name);
    assert.ok(names.length > 0 && names.every((n) => n.startsWith('agent-mesh ')), `drawn series: ${names}`);
    // The options keep `agent-mesh`: nothing is queried again.
    await page.waitForURL((u) => new URL(u).searchParams.get('var-job') === 'agent-mesh');
    assert.deepEqual(queries.map((q) => q.expr), ['up{job="agent-mesh"}']);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});

test('a saved value the options no longer offer is replaced and the panel queries again', async () => {
  const dashboard = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  dashboard.uid = 'e2e-saved-variable-gone';
  dashboard.title = 'E2E saved variable (gone)';
  dashboard.templating.list[0].current = { selected: true, text: 'gone-job', value: 'gone-job' };
  const run = await openWithVariablesHeld(dashboard);
  const { page, queries, held } = run;
  try {
    await waitUntil(() => queries.length > 0 && held.length > 0, 'a panel query while the variable is held');
    assert.equal(queries[0].released, false);
    assert.equal(queries[0].expr, 'up{job="gone-job"}');
    run.release();
    // Grafana's rule: a selection no longer offered becomes the first option (sorted).
    await page.waitForURL((u) => { const v = new URL(u).searchParams.get('var-job'); return v && v !== 'gone-job'; });
    const job = new URL(page.url()).searchParams.get('var-job');
    await waitUntil(() => queries.some((q) => q.expr === `up{job="${job}"}`), `a query for ${job}`);
    await page.waitForFunction((want) => {
      const p = document.querySelector('[data-testid="panel"][data-panel-title="Targets of the job"]');
      if (!p || p.dataset.state !== 'ok' || !(Number(p.dataset.points) > 0)) return false;
      const names = JSON.parse(p.dataset.seriesMeta || '[]').map((s) => s.name);
      return names.length > 0 && names.every((n) => n.startsWith(`${want} `));
    }, job, { timeout: PANEL_TIMEOUT_MS });
    assert.deepEqual(queries.map((q) => q.expr), ['up{job="gone-job"}', `up{job="${job}"}`]);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});

async function waitUntil(check, what, timeoutMs = PANEL_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the first screen\'s panel queries go out when the dashboard is parsed, before its grid exists, each once', async () => {
  const page = await freshPage();
  try {
    // When the grid's first item is in the document (the page is built).
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="grid-item"]')) {
          performance.mark('e2e-grid-built');
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const sent = [];
    page.on('request', (r) => { if (isPanelQuery(r.url())) sent.push(promql(r)); });
    // refresh=off: no refresh tick re-asks anything while the test counts.
    await page.goto(url('d/meshboard-operations?from=now-1h&to=now&refresh=off'), { waitUntil: 'commit' });
    assert.ok(await drawn(page, 'CPU usage') > 0, 'the chart has points');
    assert.ok(await drawn(page, 'Service health (up per target)') > 0, 'the state timeline has points');
    const t = await page.evaluate(() => {
      const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      const queries = performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/v1/query_range'));
      return {
        parsed: mark('meshboard-dashboard-parsed'),
        early: mark('meshboard-first-queries-sent'),
        grid: mark('e2e-grid-built'),
        firstQuery: queries.length ? Math.min(...queries.map((r) => r.startTime)) : null,
      };
    });
    assert.notEqual(t.grid, null, 'the grid was built');
    assert.notEqual(t.early, null, 'the app marks when it sends the first screen\'s queries');
    assert.ok(t.parsed <= t.early && t.early < t.grid, `parsed ${t.parsed}, queries sent ${t.early}, grid built ${t.grid} (ms)`);
    // The top panel's query is the first on the wire (the limiter's first slot): before the grid.
    assert.ok(t.firstQuery < t.grid, `first query_range at ${t.firstQuery} ms, grid built at ${t.grid} ms`);
    // Each panel took its early answer rather than asking again: the top panel and the four
    // targets of CPU usage (half the width, a `$__rate_interval`: the width guess gave the
    // panel's own step) are each asked once.
    const count = (expr) => sent.filter((q) => q === expr).length;
    assert.equal(count('up{job=~".*", instance=~".*"}'), 1, `requests: ${sent.join('\n')}`);
    for (const metric of ['system_cpu_usage_percent', 'cpu_usage_percent', 'fedzk_cpu_usage_percent']) {
      assert.equal(count(`${metric}{job=~".*", instance=~".*"}`), 1, `${metric}: ${sent.join('\n')}`);
    }
    const rate = sent.filter((q) => q.includes('node_cpu_seconds_total{mode="idle"'));
    assert.equal(rate.length, 1, `node CPU: ${rate.join('\n')}`);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});
