// The dashboard page end to end against the devstack: every built-in dashboard opens with its
// panels full of data, a variable change re-queries only the panels that use it, Grafana JSON
// import (paste and upload, with and without browser storage), export, one column on a narrow
// screen, full-screen viewPanel, the single-panel d-solo URL, and the heatmap and
// state-timeline tooltips.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, search } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'grafana');
const PANEL_TIMEOUT_MS = 45_000;

let browser;
let index;
before(async () => {
  browser = await launch();
  // Logs exist only since the devstack started (the imported history is metrics): an auth
  // failure burst makes sure the security dashboard's log panel has lines to show.
  if (process.env.MESHBOARD_CONTROL_URL) {
    await fetch(new URL('control/incident/auth_failure_burst?duration=2m', process.env.MESHBOARD_CONTROL_URL.replace(/\/?$/, '/')), { method: 'POST' })
      .catch((e) => console.log(`could not start the incident: ${e.message}`));
  }
  const response = await fetch(new URL('dashboards/index.json', BASE));
  index = await response.json();
  if (!Array.isArray(index)) index = index.dashboards;
});
after(async () => { await browser?.close(); });

const url = (path) => new URL(path, BASE).href;

/** Expands collapsed rows, scrolls through the page so lazy panels load, and waits until no
 * panel is loading. Returns [{title, state, error}] in page order. */
async function loadEveryPanel(page) {
  await page.getByTestId('dashboard-grid').waitFor({ timeout: PANEL_TIMEOUT_MS });
  for (;;) {
    const collapsed = page.locator('[data-testid="dashboard-row"][data-collapsed="true"]');
    if (await collapsed.count() === 0) break;
    await collapsed.first().click();
  }
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const { y, max } = await page.evaluate(() => {
      window.scrollBy(0, Math.max(200, window.innerHeight * 0.8));
      return { y: window.scrollY, max: document.documentElement.scrollHeight - window.innerHeight };
    });
    await page.waitForTimeout(150);
    if (y >= max - 1 || y === last) break;
    last = y;
  }
  // A panel only queries while it is in view (leaving the view cancels its query): visit the
  // ones the quick pass left loading, each until it has answered.
  for (let round = 0; round < 3; round++) {
    const waiting = page.locator('[data-testid="panel"][data-state="loading"]');
    const count = await waiting.count();
    if (count === 0) break;
    for (let i = 0; i < count; i++) {
      // A handle, not the locator: the locator re-resolves, and once this panel answers it
      // matches nothing, so each action on it would wait out playwright's whole timeout.
      const panel = await waiting.first().elementHandle({ timeout: 1_000 }).catch(() => null);
      if (!panel) break;
      await panel.scrollIntoViewIfNeeded().catch(() => {});
      await panel.evaluate((el) => new Promise((resolve) => {
        const done = () => el.dataset.state !== 'loading';
        if (done()) return resolve();
        const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(); } });
        observer.observe(el, { attributes: true, attributeFilter: ['data-state'] });
        setTimeout(() => { observer.disconnect(); resolve(); }, 15_000);
      })).catch(() => {});
    }
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(
    () => {
      const panels = [...document.querySelectorAll('[data-testid="panel"]')];
      return panels.length > 0 && panels.every((p) => p.dataset.state && p.dataset.state !== 'loading');
    },
    null,
    { timeout: PANEL_TIMEOUT_MS, polling: 250 },
  ).catch(() => {});
  return page.$$eval('[data-testid="panel"]', (panels) => panels.map((p) => ({
    title: p.dataset.panelTitle,
    state: p.dataset.state,
    error: p.querySelector('[data-testid="panel-error"]')?.textContent ?? '',
  })));
}

/** The PromQL of a Prometheus query request (GET parameters or POST form). */
function promQuery(request) {
  const u = new URL(request.url());
  if (!/\/prometheus\/api\/v1\/query(_range)?$/.test(u.pathname)) return null;
  const fromUrl = u.searchParams.get('query');
  if (fromUrl !== null) return fromUrl;
  return new URLSearchParams(request.postData() ?? '').get('query');
}

test('every built-in dashboard opens with every panel ok', async (t) => {
  assert.ok(index.length >= 10, `the built-in index lists ${index.length} dashboards`);
  const report = [];
  const failures = [];
  // What Alertmanager holds when a dashboard opens (its alert lists do not refresh with
  // refresh=off, so an alert starting later is not theirs to show).
  const heldAlerts = async () => {
    const base = process.env.MESHBOARD_ALERTMANAGER_URL;
    if (!base) return -1;
    const r = await fetch(new URL('api/v2/alerts?active=true', base.replace(/\/?$/, '/'))).catch(() => null);
    return r?.ok ? (await r.json()).length : -1;
  };
  for (const entry of index) {
    const held = await heldAlerts();
    const page = await openPage(browser, url(`d/${entry.uid}?refresh=off`));
    const panels = await loadEveryPanel(page);
    const byState = {};
    for (const p of panels) (byState[p.state] ??= []).push(p.title);
    report.push(`${entry.uid}: ${panels.length} panels, ${Object.entries(byState).map(([s, ts]) => `${s}=${ts.length}`).join(' ')}`);
    // An alert list reading Alertmanager is rightly empty while Alertmanager holds no alert (the
    // VictoriaMetrics pass runs without incidents): empty is a failure only when it holds some.
    const rightlyEmpty = (p) => p.state === 'empty' && held === 0 && /^Active incidents/.test(p.title);
    for (const p of panels.filter((p) => p.state !== 'ok' && !rightlyEmpty(p))) {
      report.push(`  ${p.state}: ${p.title}${p.error ? ` (${p.error.slice(0, 160)})` : ''}`);
      failures.push(`${entry.uid} / ${p.title}: ${p.state}${p.error ? ` ${p.error.slice(0, 160)}` : ''}`);
    }
    assert.ok(panels.length > 0, `${entry.uid} shows panels`);
    assert.equal(await page.getByTestId('dashboard-error').count(), 0, `${entry.uid} has no page error`);
    assert.deepEqual(page.problems, [], `${entry.uid}: no console errors or CSP violations`);
    await page.context().close();
  }
  t.diagnostic(report.join('\n'));
  console.log(report.join('\n'));
  assert.deepEqual(failures, [], 'panels that are not ok');
});

test("a panel's description is named for screen readers and shown on keyboard focus, as text", async () => {
  const dashboard = JSON.parse(readFileSync(new URL('../../public/dashboards/operations.json', import.meta.url), 'utf8'));
  const described = dashboard.panels.find((p) => p.title === 'Targets down');
  assert.ok(described?.description, 'Operations keeps the described panel this test reads');
  const page = await openPage(browser, url(`d/${dashboard.uid}?refresh=off`));
  const panel = page.locator(`[data-testid="panel"][data-panel-title="${described.title}"]`);
  const icon = panel.getByTestId('panel-description');
  assert.equal(await icon.getAttribute('aria-label'), `Description: ${described.description}`);
  const text = icon.locator('.panel-info-text');
  assert.equal(await text.isVisible(), false, 'hidden until asked for');
  await icon.focus();
  assert.equal(await text.isVisible(), true, 'keyboard focus shows the description');
  assert.equal(await text.textContent(), described.description);
  const box = await icon.boundingBox();
  assert.ok(box.width >= 24 && box.height >= 24, `target ${box.width}x${box.height} px is at least 24x24`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the dashboard's own time range and refresh become the URL defaults (replace, not push)", async () => {
  const page = await openPage(browser, url('d/meshboard-operations'));
  await page.waitForURL(/from=/);
  const dashboard = JSON.parse(readFileSync(new URL('../../public/dashboards/operations.json', import.meta.url)));
  const d = dashboard.dashboard ?? dashboard;
  assert.equal(search(page).get('from'), d.time.from);
  assert.equal(search(page).get('to'), d.time.to);
  if (d.refresh) assert.equal(search(page).get('refresh'), d.refresh);
  const baseline = await openPage(browser, url('settings'));
  const expected = await baseline.evaluate(() => history.length);
  await baseline.context().close();
  assert.equal(await page.evaluate(() => history.length), expected, 'defaults are written with replace');
  await page.waitForURL(/var-job=/);
  await page.context().close();
});

test('changing a variable re-queries only the panels that use it', async () => {
  const page = await openPage(browser, url('d/meshboard-operations?refresh=off&from=now-1h&to=now'));
  const before = await loadEveryPanel(page);
  assert.ok(before.length > 5);
  const queries = [];
  page.on('request', (request) => {
    const q = promQuery(request);
    if (q !== null) queries.push(q);
  });
  const control = page.getByTestId('variable-instance');
  await control.getByTestId('variable-button').click();
  const option = control.locator('.var-option:not([data-value="$__all"])').first();
  const value = await option.getAttribute('data-value');
  assert.ok(value, 'the instance variable has options from Prometheus');
  await option.click();
  await page.waitForURL((u) => new URL(u).searchParams.getAll('var-instance').join() === value);
  await page.waitForTimeout(1500);
  await page.waitForFunction(() => !document.querySelector('[data-testid="panel"][data-state="loading"]'), null, { timeout: PANEL_TIMEOUT_MS });

  const d = JSON.parse(readFileSync(new URL('../../public/dashboards/operations.json', import.meta.url)));
  const panels = (d.dashboard ?? d).panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const usesInstance = panels.filter((p) => (p.targets ?? []).some((t) => !t.hide && /\$\{?instance\b|\[\[instance/.test(t.expr ?? '')));
  const unescaped = (q) => q.replace(/\\\\?/g, '');
  // A panel that uses $instance re-sends all its targets, also its constant ones (SLO lines):
  // a query without the new value must be a variable-free target of such a panel.
  const literalTargets = new Set(usesInstance.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '').filter((e) => !e.includes('$'))));
  const strays = queries.filter((q) => !unescaped(q).includes(value) && !literalTargets.has(q));
  assert.ok(usesInstance.length > 0, 'the operations dashboard has panels using $instance');
  assert.ok(queries.length >= usesInstance.length, `${queries.length} queries for ${usesInstance.length} panels using $instance`);
  assert.deepEqual(strays, [], 'queries of panels that do not use $instance were re-sent');
  assert.ok(usesInstance.length < before.length, 'some panels do not use $instance (and were not re-queried)');

  // Back restores All, the URL drives the variable.
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid="variable-instance"] .var-multi-button')?.textContent === 'All');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// Every real dashboard of the corpus is imported. Large files are uploaded, as a user would
// with a 500 kB export, and small ones pasted, so both import paths stay covered.
const PASTE_LIMIT_BYTES = 100_000;
for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  const pasted = text.length <= PASTE_LIMIT_BYTES;
  test(`import of Grafana JSON ${file} (${pasted ? 'pasted' : 'uploaded'}) shows it and lists it`, async () => {
    const parsed = JSON.parse(text);
    const title = (parsed.dashboard ?? parsed).title;
    const page = await openPage(browser, url('dashboard/import'));
    await page.getByTestId('import-note').waitFor();
    assert.match(await page.getByTestId('import-note').textContent(), /this browser only/);
    if (pasted) {
      await page.getByTestId('import-text').fill(text);
    } else {
      await page.getByTestId('import-file').setInputFiles(join(FIXTURES, file));
      // The file is read asynchronously into the text area; import once it is there.
      await page.waitForFunction((length) => document.querySelector('[data-testid="import-text"]').value.length === length, text.length);
    }
    await page.getByTestId('import-button').click();
    await page.waitForURL(/\/d\//);
    await page.getByTestId('dashboard-title').waitFor();
    assert.equal(await page.getByTestId('dashboard-title').textContent(), title);
    await page.getByTestId('dashboard-local').waitFor();
    await page.getByTestId('dashboard-grid').waitFor();
    assert.ok(await page.getByTestId('panel').count() > 0, 'the imported dashboard shows panels');

    await page.getByTestId('nav').getByText('Dashboards').click();
    await page.getByTestId('dashboard-list').waitFor();
    const items = page.getByTestId('dashboard-item').filter({ hasText: title });
    assert.equal(await items.count(), 1, 'the imported dashboard is in the list');
    await page.reload();
    await page.getByTestId('dashboard-item').filter({ hasText: title }).waitFor();
    assert.deepEqual(page.problems.filter((p) => !p.includes('Failed to load resource')), []);
    await page.context().close();
  });
}

test('import by file upload; a bad file is explained', async () => {
  const page = await openPage(browser, url('dashboard/import'));
  await page.getByTestId('import-text').fill('{"not": ');
  await page.getByTestId('import-button').click();
  assert.match(await page.getByTestId('import-error').textContent(), /not a Grafana dashboard/);
  const file = readdirSync(FIXTURES).find((f) => f.endsWith('.json'));
  await page.getByTestId('import-file').setInputFiles(join(FIXTURES, file));
  await page.waitForFunction(() => document.querySelector('[data-testid="import-text"]').value.length > 100);
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  await page.context().close();
});

test('with storage blocked the dashboards and import still work', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
  });
  const page = await context.newPage();
  page.setDefaultNavigationTimeout(120_000);
  page.setDefaultTimeout(60_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url('d/meshboard-security?refresh=off'), { waitUntil: 'domcontentloaded' });
  await page.getByTestId('dashboard-grid').waitFor();
  await page.goto(url('dashboard/import'), { waitUntil: 'domcontentloaded' });
  await page.getByTestId('import-note').waitFor();
  assert.match(await page.getByTestId('import-note').textContent(), /session only/);
  const file = readdirSync(FIXTURES).find((f) => f.endsWith('.json'));
  await page.getByTestId('import-text').fill(readFileSync(join(FIXTURES, file), 'utf8'));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('Export JSON downloads the dashboard with the current variables and time', async () => {
  const page = await openPage(browser, url('d/meshboard-operations?refresh=off&from=now-3h&to=now&var-job=agent-mesh'));
  await page.getByTestId('dashboard-grid').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const path = await download.path();
  const exported = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(exported.uid, 'meshboard-operations');
  assert.equal(exported.time.from, 'now-3h');
  const job = exported.templating.list.find((v) => v.name === 'job');
  assert.deepEqual([job.current.value].flat(), ['agent-mesh']);
  assert.ok(Array.isArray(exported.panels) && exported.panels.length > 0);
  await page.context().close();
});

test('a narrow viewport (700 px) gives one column', async () => {
  const page = await openPage(browser, url('d/meshboard-operations?refresh=off'), { viewport: { width: 700, height: 900 } });
  await page.getByTestId('dashboard-grid').waitFor();
  await page.getByTestId('panel').first().waitFor();
  // Grid cells of the panels (a panel's own chrome may nest elements with the same test id).
  const boxes = await page.$$eval('.dash-item:has([data-testid="panel"])', (els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, w: r.width }; }));
  assert.ok(boxes.length > 3);
  const xs = new Set(boxes.map((b) => Math.round(b.x)));
  assert.equal(xs.size, 1, `panels share one x: ${[...xs]}`);
  const widths = boxes.map((b) => b.w);
  assert.ok(Math.min(...widths) > 600, 'each panel takes the full width');
  // The same dashboard at 1280 px has panels side by side.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForFunction(() => new Set([...document.querySelectorAll('.dash-item')].map((e) => Math.round(e.getBoundingClientRect().x))).size > 1);
  await page.context().close();
});

test('viewPanel shows one panel full screen; d-solo renders exactly one panel without chrome', async () => {
  const d = JSON.parse(readFileSync(new URL('../../public/dashboards/operations.json', import.meta.url)));
  const panels = (d.dashboard ?? d).panels.filter((p) => p.type !== 'row');
  const target = panels.find((p) => p.type === 'timeseries') ?? panels[0];

  const page = await openPage(browser, url(`d/meshboard-operations?refresh=off&viewPanel=${target.id}`));
  await page.getByTestId('view-panel').waitFor();
  assert.equal(await page.getByTestId('panel').count(), 1);
  if (!target.title.includes('$')) assert.equal(await page.getByTestId('panel').getAttribute('data-panel-title'), target.title);
  await page.getByTestId('exit-view-panel').click();
  await page.getByTestId('dashboard-grid').waitFor();
  assert.ok(await page.getByTestId('panel').count() > 1);
  await page.context().close();

  const solo = await openPage(browser, url(`d-solo/meshboard-operations?panelId=${target.id}&from=now-1h&to=now`));
  await solo.getByTestId('dashboard-solo').waitFor();
  await solo.getByTestId('panel').waitFor();
  assert.equal(await solo.getByTestId('panel').count(), 1, 'exactly one panel');
  assert.equal(await solo.getByTestId('topbar').count(), 0, 'no top bar');
  assert.equal(await solo.getByTestId('nav').count(), 0, 'no navigation');
  await solo.waitForFunction(() => document.querySelector('[data-testid="panel"]')?.dataset.state === 'ok', null, { timeout: PANEL_TIMEOUT_MS });
  const box = await solo.getByTestId('panel').boundingBox();
  assert.ok(box.height > 600, `the panel fills the frame (${box.height}px)`);
  assert.deepEqual(solo.problems, []);
  await solo.context().close();

  const missing = await openPage(browser, url('d/no-such-dashboard'));
  await missing.getByTestId('dashboard-error').waitFor();
  assert.match(await missing.getByTestId('dashboard-error').textContent(), /no-such-dashboard/);
  await missing.context().close();
});

test('hovering a state timeline and a heatmap names the run and the cell under the pointer', async () => {
  const cases = [
    { panelId: 2, canvas: 'state-timeline-canvas', expect: [/^value (0|1)$/, /^for \d/] },
    { panelId: 16, canvas: 'heatmap-canvas', expect: [/^bucket \S+ – \S+$/, /^count \d/] },
  ];
  for (const c of cases) {
    const page = await openPage(browser, url(`d-solo/meshboard-operations?panelId=${c.panelId}&from=now-1h&to=now`));
    await page.waitForFunction(() => document.querySelector('[data-testid="panel"]')?.dataset.state === 'ok', null, { timeout: PANEL_TIMEOUT_MS });
    const box = await page.getByTestId(c.canvas).boundingBox();
    // Right of the name/bucket labels, in the first row (a state band or the top bucket).
    await page.mouse.move(box.x + box.width * 0.75, box.y + 10);
    const tip = page.getByTestId('grid-tooltip');
    await tip.waitFor();
    const lines = await tip.locator('div').allTextContents();
    for (const pattern of c.expect) {
      assert.ok(lines.some((l) => pattern.test(l)), `${c.canvas}: no line matches ${pattern} in ${JSON.stringify(lines)}`);
    }
    await page.mouse.move(box.x - 20, box.y - 20);
    await tip.waitFor({ state: 'detached' });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('the canvas panels repaint their labels when the theme flips', async () => {
  const page = await openPage(browser, url('d/meshboard-operations?refresh=off&from=now-1h&to=now&theme=dark'));
  const canvas = page.getByTestId('state-timeline-canvas');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="panel"]')].some((p) => p.dataset.state === 'ok' && p.querySelector('[data-testid="state-timeline-canvas"]')), null, { timeout: PANEL_TIMEOUT_MS });
  const before = await canvas.evaluate((c) => c.toDataURL());
  await page.getByTestId('theme-toggle').click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  await page.waitForFunction((old) => document.querySelector('[data-testid="state-timeline-canvas"]').toDataURL() !== old, before, { timeout: 10_000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('on "All" the panels query without waiting for the variables\' options', async () => {
  const page = await openPage(browser, null);
  let optionsAnswered = 0;
  // Hold every variable-options request for 5 s: a slow label_values on a big Prometheus.
  await page.route('**/prometheus/api/v1/label/*/values**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await route.continue().catch(() => {});
  });
  page.on('response', (r) => { if (/\/api\/v1\/label\/[^/]+\/values/.test(r.url())) optionsAnswered += 1; });
  // `instance` is chained to `job`: its options are asked for after job's, and all of them are
  // published together once the last one arrives.
  const lastOptions = page.waitForResponse((r) => /\/api\/v1\/label\/instance\/values/.test(r.url()), { timeout: 60_000 });
  await page.goto(url('d/meshboard-operations?refresh=off&from=now-1h&to=now'), { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.querySelector('[data-testid="panel"][data-state="ok"]'), null, { timeout: PANEL_TIMEOUT_MS });
  // Whether the options were asked for yet does not matter (the first screen's queries can go
  // out before the variables bar asks): none had arrived when a panel showed data.
  assert.equal(optionsAnswered, 0, 'a panel was ok only after variable options arrived');
  // The options still arrive and fill the picker.
  await lastOptions;
  await page.waitForFunction(() => document.querySelector('[data-testid="variable-instance"]')?.dataset.loading === 'false');
  const control = page.getByTestId('variable-job');
  await control.getByTestId('variable-button').click();
  await control.locator('.var-option:not([data-value="$__all"])').first().waitFor({ timeout: 10_000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a Loki metric panel runs its LogQL on Loki and draws what Loki answers', async () => {
  // Security's "errors per minute" panel reads Loki (datasource type loki): its query must go
  // to Loki's query_range, not to Prometheus (which refuses LogQL with HTTP 422).
  const d = JSON.parse(readFileSync(new URL('../../public/dashboards/security.json', import.meta.url)));
  const source = d.panels.find((p) => p.datasource?.type === 'loki' && p.type === 'timeseries');
  assert.ok(source, 'the Security dashboard has a Loki metric panel');
  const page = await openPage(browser);
  const sent = [];
  page.on('request', (r) => { if (r.url().includes('count_over_time')) sent.push(r.url()); });
  await page.goto(url(`d/meshboard-security?refresh=off&from=now-1h&to=now&viewPanel=${source.id}`), { waitUntil: 'domcontentloaded' });
  const panel = page.getByTestId('panel');
  await page.waitForFunction(() => document.querySelector('[data-testid="panel"]')?.dataset.state === 'ok', null, { timeout: PANEL_TIMEOUT_MS });
  assert.equal(sent.length, 1, `one request: ${sent.join(', ')}`);
  assert.match(sent[0], /\/loki\/api\/v1\/query_range\?/, 'sent to Loki');
  // Ask Loki the very same request and compare with what was drawn, series by series.
  const answer = await page.evaluate(async (u) => (await fetch(u)).json(), sent[0]);
  assert.equal(answer.data.resultType, 'matrix');
  const levels = answer.data.result.map((s) => s.metric.detected_level).sort();
  assert.ok(levels.length > 0, 'the devstack logs warnings and errors');
  const meta = JSON.parse(await panel.getAttribute('data-series-meta'));
  assert.deepEqual(meta.map((m) => m.name).sort(), levels);
  const samples = answer.data.result.reduce((n, s) => n + s.values.length, 0);
  assert.equal(Number(await panel.getAttribute('data-points')), samples);
  for (const m of meta) {
    assert.equal(m.drawStyle, 'bars', `${m.name} drawn as bars`);
    assert.equal(m.stacking.mode, 'normal', `${m.name} stacked`);
  }
  // The overrides' fixed colours, as Grafana's theme shades name them (red, yellow).
  const shade = { error: /^#(F2495C|E02F44)$/i, warn: /^#(FADE2A|F2CC0C)$/i };
  for (const m of meta) assert.match(m.color, shade[m.name], `${m.name}'s colour`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('P2P network repeats its per-node row once per selected instance, each bound to its node', async () => {
  // Two nodes picked through the URL, as a shared link would; Prometheus says which exist.
  const answer = await (await fetch(url('prometheus/api/v1/label/instance/values?match[]=mesh_peer_count'))).json();
  const chosen = answer.data.slice(0, 2);
  assert.equal(chosen.length, 2, `two instances of mesh_peer_count: ${JSON.stringify(answer)}`);
  const query = chosen.map((i) => `var-instance=${encodeURIComponent(i)}`).join('&');
  const page = await openPage(browser, url(`d/meshboard-p2p-network?refresh=off&${query}`));
  await page.getByTestId('dashboard-grid').waitFor();
  const rows = page.locator('[data-testid="dashboard-row"][data-row-title="Node $instance"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="dashboard-row"][data-row-title="Node $instance"]').length === 2);
  assert.deepEqual(await rows.locator('.dash-row-title').allTextContents(), chosen.map((i) => `Node ${i}`));
  assert.deepEqual(await rows.evaluateAll((rs) => rs.map((r) => r.dataset.collapsed)), ['true', 'true']);
  // Opening the second copy shows its panels only, titled and queried for its node.
  await rows.nth(1).click();
  const title = `Peers and partition score on ${chosen[1]}`;
  const panel = page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);
  await panel.scrollIntoViewIfNeeded();
  await page.waitForFunction((t) => document.querySelector(`[data-testid="panel"][data-panel-title="${t}"]`)?.dataset.state === 'ok', title, { timeout: PANEL_TIMEOUT_MS });
  assert.equal(await page.locator(`[data-testid="panel"][data-panel-title="Peers and partition score on ${chosen[0]}"]`).count(), 0, 'the first copy stays closed');
  assert.equal(Number(await panel.getAttribute('data-series')), 2, 'one peer count and one partition score: this node only');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
