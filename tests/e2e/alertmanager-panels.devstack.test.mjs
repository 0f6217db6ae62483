// Alertmanager beyond /alerts (issue 20, the remainder) against the devstack's real
// Alertmanager 0.25: alert list panels that read it (an imported dashboard with Grafana's
// options, tests/fixtures/grafana/e2e/alertlist-alertmanager.json, and the Operations
// dashboard's "Active incidents"), an alert turning suppressed there after a silence made
// through Alertmanager's own API, errors on the panel that has them only; the embed's
// `firingAlertsChanged` event heard by a parent page when an alert starts and stops firing, and
// only then; a silence edited from the UI (Alertmanager expires the old one, the new one is
// active) and the silences page at 320 px. Both themes are looked at (MESHBOARD_SHOTS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const CONTROL = process.env.MESHBOARD_CONTROL_URL;
const ALERTMANAGER = process.env.MESHBOARD_ALERTMANAGER_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const FIXTURE = new URL('../fixtures/grafana/e2e/alertlist-alertmanager.json', import.meta.url);
const HOST = 'trainer-04';
const url = (path) => new URL(path, BASE).href;

let browser;
before(async () => {
  browser = await launch();
  await json(`${CONTROL}/control/incident/node_down?duration=15m&target=${HOST}`, { method: 'POST' });
});
after(async () => {
  await fetch(`${CONTROL}/control/clear`, { method: 'POST' }).catch(() => {});
  await browser?.close();
});

async function json(address, init) {
  const response = await fetch(address, init);
  assert.ok(response.ok, `${init?.method ?? 'GET'} ${address}: HTTP ${response.status} ${response.ok ? '' : await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

const postJson = (address, body) => json(address, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});

/** Polls `probe` until it says done; the deadline only bounds a broken stack. */
async function eventually(what, probe, deadlineMs = 150_000) {
  const end = Date.now() + deadlineMs;
  let last;
  while (Date.now() < end) {
    last = await probe();
    if (last?.done) return last.value;
    await new Promise((r) => setTimeout(r, 1500));
  }
  assert.fail(`${what} never happened; last seen: ${JSON.stringify(last?.seen ?? last)}`);
}

/** Alertmanager's own alerts (read directly, not through the app). */
const amAlerts = (filter) => json(`${ALERTMANAGER}/api/v2/alerts${filter ? `?filter=${encodeURIComponent(filter)}` : ''}`);
const onHost = (a) => a.labels.instance?.startsWith(`${HOST}:`);
const heldDown = async () => (await amAlerts('alertname="MeshNodeDown"')).find(onHost);
const activeDown = () => eventually('MeshNodeDown active in Alertmanager', async () => {
  const a = await heldDown();
  return { done: a?.status.state === 'active', value: a, seen: a?.status };
});

/** A silence made through Alertmanager's API, not the app; its id. */
async function silenceViaApi(matchers, comment) {
  const now = Date.now();
  const answer = await postJson(`${ALERTMANAGER}/api/v2/silences`, {
    matchers: Object.entries(matchers).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
    startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(),
    createdBy: 'e2e-panels', comment,
  });
  return answer.silenceID;
}
const expireViaApi = (id) => fetch(`${ALERTMANAGER}/api/v2/silence/${id}`, { method: 'DELETE' });

const panel = (page, title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);

async function importFixture(page) {
  await page.getByTestId('import-text').fill(readFileSync(FIXTURE, 'utf8'));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
}

/** Clicks the dashboard's Refresh until `done()` holds (the panel reloads on each tick). */
async function refreshUntil(page, what, done) {
  return eventually(what, async () => {
    if (await done()) return { done: true, value: true };
    await page.getByTestId('refresh-button').click();
    return { done: false, seen: what };
  }, 120_000);
}

test('imported alert lists read Alertmanager with Grafana\'s options; errors stay on their panel', async () => {
  const held = await activeDown();
  const page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1280, height: 1000 } });
  await importFixture(page);

  // The list: exactly the alerts Alertmanager holds whose name has "nodedown" on HOST, grouped
  // by severity, each with its state, start and a link to its PromQL.
  const list = panel(page, `Node down on ${HOST}`);
  await list.locator('[data-testid="alert-item"]').first().waitFor();
  assert.equal(await list.locator('.alert-list-body').getAttribute('data-source'), 'alertmanager');
  const expected = (await amAlerts()).filter((a) => onHost(a) && /nodedown/i.test(a.labels.alertname));
  const keys = await list.getByTestId('alert-item').evaluateAll((items) => items.map((i) => i.dataset.key).sort());
  assert.deepEqual(keys, expected.map((a) => a.fingerprint).sort());
  assert.ok((await list.getByTestId('alert-list-group').allTextContents()).includes(`severity="${held.labels.severity}"`));
  const down = list.locator(`[data-testid="alert-item"][data-key="${held.fingerprint}"]`);
  assert.equal(await down.locator('.alert-state').textContent(), 'active');
  assert.equal(await down.locator('.alert-name').textContent(), 'MeshNodeDown');
  assert.match(await down.getByTestId('alert-start').textContent(), new RegExp(`^since ${held.startsAt.slice(0, 19)}`));
  assert.match(await down.locator('.alert-labels').textContent(), new RegExp(`instance="${held.labels.instance}"`));
  const href = await down.getByTestId('alert-generator').getAttribute('href');
  assert.equal(new URL(href, BASE).searchParams.get('query'), 'up{job="agent-mesh"} == 0');
  assert.ok(new URL(href, BASE).pathname.endsWith('/explore/metrics'), href);

  // The stat view counts the active critical alerts of HOST, as Alertmanager holds them.
  const critical = (await amAlerts()).filter((a) => onHost(a) && a.labels.severity === 'critical' && a.status.state === 'active');
  const stat = panel(page, 'Critical alerts firing (stat)');
  assert.equal(await stat.locator('.alert-stat-value').textContent(), String(critical.length));
  assert.ok(critical.length >= 1);

  // A filter Alertmanager's grammar refuses is that panel's error, in its words; the others work.
  const bad = panel(page, 'Bad label filter');
  assert.equal(await bad.getAttribute('data-state'), 'error');
  assert.equal(await bad.getByTestId('panel-error').textContent(), 'Label filter: bad matcher format: instance');
  const prom = panel(page, `Prometheus alerts on ${HOST}`);
  await prom.locator('[data-testid="alert-item"][data-alert="MeshNodeDown"]').first().waitFor();
  assert.equal(await prom.locator('.alert-list-body').getAttribute('data-source'), 'prometheus');
  assert.equal(await list.getAttribute('data-state'), 'ok');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/alertlist-alertmanager.png`, fullPage: true });
  assert.deepEqual(page.problems, []);

  // A proxy refusing Alertmanager (401): the Alertmanager panels say so, Prometheus' still lists.
  const alertmanagerApi = (u) => u.pathname.includes('/alertmanager/api/v2/');
  await page.route(alertmanagerApi, (route) => route.fulfill({ status: 401, body: 'Unauthorized' }));
  await page.reload();
  const refused = 'Alertmanager not authorized (401): the proxy in front of Alertmanager refused the credentials: Unauthorized';
  await panel(page, `Node down on ${HOST}`).getByTestId('panel-error').waitFor();
  assert.equal(await panel(page, `Node down on ${HOST}`).getByTestId('panel-error').textContent(), refused);
  assert.equal(await panel(page, 'Critical alerts firing (stat)').getByTestId('panel-error').textContent(), refused);
  await panel(page, `Prometheus alerts on ${HOST}`).locator('[data-testid="alert-item"][data-alert="MeshNodeDown"]').first().waitFor();
  assert.equal(await panel(page, `Prometheus alerts on ${HOST}`).getByTestId('panel-error').count(), 0);
  // Alertmanager down (the connection refused): the same panels only.
  await page.unroute(alertmanagerApi);
  await page.route(alertmanagerApi, (route) => route.abort('connectionrefused'));
  await page.reload();
  await panel(page, 'Critical alerts firing (stat)').getByTestId('panel-error').waitFor();
  assert.equal(await panel(page, `Prometheus alerts on ${HOST}`).getByTestId('panel-error').count(), 0);
  assert.equal(await panel(page, `Node down on ${HOST}`).getAttribute('data-state'), 'error');
  await page.context().close();
});

test('Operations "Active incidents": a silence made in Alertmanager turns the alert suppressed, saying by whom', async () => {
  const held = await activeDown();
  const page = await openPage(browser, url('d/meshboard-operations?theme=dark'), { viewport: { width: 1280, height: 1000 } });
  const incidents = panel(page, 'Active incidents (firing alerts)');
  await incidents.scrollIntoViewIfNeeded();
  const row = incidents.locator(`[data-testid="alert-item"][data-key="${held.fingerprint}"]`);
  await row.waitFor();
  assert.equal(await incidents.locator('.alert-list-body').getAttribute('data-source'), 'alertmanager');
  assert.equal(await row.locator('.alert-state').textContent(), 'active');
  // Importance first: the active critical alerts come before every suppressed one.
  const states = await incidents.getByTestId('alert-item').evaluateAll((items) => items.map((i) => i.dataset.alertState));
  assert.ok(states.lastIndexOf('active') < (states.indexOf('suppressed') === -1 ? Infinity : states.indexOf('suppressed')), JSON.stringify(states));
  // The seed-001 duplicate of the node, when it fires, is inhibited by it and names it.
  const duplicate = (await amAlerts('alertname="AgentMeshNodeDown"')).find(onHost);
  if (duplicate?.status.state === 'suppressed') {
    await refreshUntil(page, 'the inhibited duplicate listed', async () => (await incidents.locator(`[data-key="${duplicate.fingerprint}"]`).count()) === 1);
    const inhibited = incidents.locator(`[data-key="${duplicate.fingerprint}"]`);
    assert.equal(await inhibited.getByTestId('alert-inhibited-by').textContent(), `Inhibited by MeshNodeDown (${held.labels.instance})`);
    assert.equal(await inhibited.getByTestId('alert-inhibited-by').getAttribute('data-ids'), held.fingerprint);
  }

  const id = await silenceViaApi({ alertname: 'MeshNodeDown', instance: held.labels.instance }, 'panel check: planned restart');
  try {
    await eventually('MeshNodeDown suppressed in Alertmanager', async () => {
      const a = await heldDown();
      return { done: a?.status.state === 'suppressed', seen: a?.status };
    });
    await refreshUntil(page, 'the row suppressed', async () => (await row.getAttribute('data-alert-state')) === 'suppressed');
    assert.equal(await row.locator('.alert-state').textContent(), 'suppressed');
    const by = row.getByTestId('alert-silenced-by');
    assert.equal(await by.textContent(), 'Silenced by e2e-panels: panel check: planned restart');
    assert.equal(await by.getAttribute('data-ids'), id);
    for (const theme of ['dark', 'light']) {
      if (theme === 'light') {
        await page.goto(url('d/meshboard-operations?theme=light'));
        await incidents.scrollIntoViewIfNeeded();
        await row.waitFor();
        assert.equal(await row.getAttribute('data-alert-state'), 'suppressed');
      }
      if (SHOTS) await incidents.screenshot({ path: `${SHOTS}/operations-incidents-${theme}.png` });
    }
  } finally {
    await expireViaApi(id);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** The portal: a page of another origin (its own server on another port of this machine, as
 * deploy/example-portal is), framing Meshboard; it records what Meshboard posts and can send. */
async function openPortal() {
  const appOrigin = new URL(BASE).origin;
  const html = `<!doctype html><title>portal</title>
    <iframe id="meshboard" src="${BASE}" width="1100" height="700"></iframe>
    <script>
      window.events = [];
      addEventListener('message', (e) => { if (e.data && e.data.source === 'meshboard') window.events.push(e.data); });
      window.send = (m) => document.getElementById('meshboard').contentWindow.postMessage(m, ${JSON.stringify(appOrigin)});
    </script>`;
  const server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const portal = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  // The app's config.json with the portal allowed, as an operator would write it.
  await context.route((u) => u.origin === appOrigin && u.pathname.endsWith('/config.json'), async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: { ...config, embed: { allowedOrigins: [portal] } } });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') page.problems.push(msg.text()); });
  page.on('close', () => server.close());
  // The bridge's reads of Alertmanager's alerts, in order, as the frame got them (passed
  // through unchanged; a frame's response bodies cannot be read back from the page).
  page.alertAnswers = [];
  await context.route((u) => u.origin === appOrigin && u.pathname.endsWith('/alertmanager/api/v2/alerts'), async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    page.alertAnswers.push(JSON.parse(body));
    await route.fulfill({ response, body });
  });
  await page.goto(`${portal}/`);
  await page.waitForFunction(() => window.events.some((e) => e.type === 'ready'), null, { timeout: 120_000 })
    .catch((e) => assert.fail(`no ready from the frame: ${e.message}; console: ${JSON.stringify(page.problems)}`));
  return page;
}

const firingEvents = (page) => page.evaluate(() => window.events.filter((e) => e.type === 'firingAlertsChanged'));

test('embed: the parent page hears firingAlertsChanged when an alert starts and stops firing, and only then', async () => {
  const page = await openPortal();
  await page.waitForFunction(() => window.events.some((e) => e.type === 'firingAlertsChanged'));
  const probe = { alertname: 'E2EBadgeProbe', severity: 'info', run: String(Date.now()) };
  const now = Date.now();
  await postJson(`${ALERTMANAGER}/api/v2/alerts`, [{ labels: probe, annotations: { summary: 'badge probe' },
    startsAt: new Date(now).toISOString(), endsAt: new Date(now + 600_000).toISOString() }]);
  const [held] = await amAlerts(`run="${probe.run}"`);
  assert.ok(held, 'Alertmanager holds the probe');
  // The host asks for a refresh (no timer in the test): the bridge reads Alertmanager again.
  const heard = async (key) => eventually(`an event with ${held.fingerprint} ${key}`, async () => {
    const events = await firingEvents(page);
    const event = events.find((e) => e[key].includes(held.fingerprint));
    if (!event) await page.evaluate(() => window.send({ type: 'refresh' }));
    return { done: Boolean(event), value: event, seen: events.length };
  }, 60_000);
  const started = await heard('added');
  const listed = started.alerts.find((a) => a.fingerprint === held.fingerprint);
  // Fresh, Alertmanager may not have run it through its inhibitor yet (`unprocessed`).
  assert.deepEqual({ ...listed, state: undefined }, { fingerprint: held.fingerprint, alertname: 'E2EBadgeProbe', severity: 'info', state: undefined });
  assert.match(listed.state, /^(active|unprocessed)$/);
  assert.equal(started.count, started.alerts.length);
  assert.equal(started.active, started.alerts.filter((a) => a.state === 'active').length);

  // Two more reads with the same alerts: nothing more is posted for them (checked below).
  for (let i = 0; i < 2; i += 1) {
    const reads = page.alertAnswers.length;
    await page.evaluate(() => window.send({ type: 'refresh' }));
    await eventually('the refresh read Alertmanager', async () => ({ done: page.alertAnswers.length > reads }), 30_000);
  }
  // Resolved (endsAt now): Alertmanager no longer lists it, and the portal hears it stopped.
  await postJson(`${ALERTMANAGER}/api/v2/alerts`, [{ labels: probe, annotations: { summary: 'badge probe' },
    startsAt: new Date(now).toISOString(), endsAt: new Date().toISOString() }]);
  const stopped = await heard('removed');
  assert.ok(!stopped.alerts.some((a) => a.fingerprint === held.fingerprint));

  // Every event is exactly one change between two successive answers the frame got, and no
  // answer equal to the one before posted anything.
  // (A read still in flight from the last refresh is waited for: compared once both settled.)
  const compare = async () => {
    const answers = [...page.alertAnswers];
    const sets = answers.map((list) => Object.fromEntries(list.map((a) => [a.fingerprint, a.status.state])));
    const expected = [];
    sets.forEach((set, i) => {
      const prev = i === 0 ? null : sets[i - 1];
      const before = prev ?? {};
      const added = Object.keys(set).filter((k) => !(k in before)).sort();
      const removed = Object.keys(before).filter((k) => !(k in set)).sort();
      const changed = Object.keys(set).filter((k) => k in before && before[k] !== set[k]).sort();
      if (!prev || added.length || removed.length || changed.length) expected.push({ added, removed, changed, count: Object.keys(set).length });
    });
    const got = (await firingEvents(page)).map(({ added, removed, changed, count }) => ({ added, removed, changed, count }));
    return { sets, expected, got };
  };
  const { sets, expected, got } = await eventually('the events and the reads settled', async () => {
    const seen = await compare();
    return { done: JSON.stringify(seen.got) === JSON.stringify(seen.expected), value: seen, seen };
  }, 20_000).catch(() => compare());
  assert.ok(expected.length < sets.length, `some reads changed nothing (${sets.length} reads, ${expected.length} changes)`);
  assert.deepEqual(got, expected);
  await page.context().close();
});

test('a silence edited with new matchers: Alertmanager expires the old one, the new one is active; 320 px shows all of it', async () => {
  const oldId = await silenceViaApi({ alertname: 'E2EEditProbe' }, 'edit me from the UI');
  const page = await openPage(browser, url('alerts/silences'));
  const oldRow = page.locator(`[data-testid="silence-row"][data-silence-id="${oldId}"]`);
  await oldRow.getByTestId('silence-edit').click();
  const form = page.getByTestId('silence-form');
  assert.equal(await form.getByTestId('silence-matchers').inputValue(), '{alertname="E2EEditProbe"}');
  await form.getByTestId('silence-matchers').fill('{alertname="E2EEditProbe", severity="critical"}');
  await form.getByTestId('silence-submit').click();
  await form.waitFor({ state: 'detached' });
  await page.locator(`[data-testid="silence-row"][data-silence-id="${oldId}"][data-silence-state="expired"]`).waitFor();
  const newRow = page.locator('[data-testid="silence-row"][data-silence-state="active"]', { hasText: 'edit me from the UI' });
  await newRow.waitFor();
  const newId = await newRow.getAttribute('data-silence-id');
  assert.notEqual(newId, oldId);
  assert.equal(await newRow.locator('code').textContent(), '{alertname="E2EEditProbe", severity="critical"}');
  // As Alertmanager holds them.
  const silences = await json(`${ALERTMANAGER}/api/v2/silences`);
  const byId = (id) => silences.find((s) => s.id === id);
  assert.equal(byId(oldId).status.state, 'expired');
  assert.equal(byId(newId).status.state, 'active');
  assert.deepEqual(byId(newId).matchers.map((m) => `${m.name}=${m.value}`).sort(), ['alertname=E2EEditProbe', 'severity=critical']);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  for (const theme of ['dark', 'light']) {
    const narrow = await openPage(browser, url(`alerts/silences?theme=${theme}`), { viewport: { width: 320, height: 700 } });
    const row = narrow.locator(`[data-testid="silence-row"][data-silence-id="${newId}"]`);
    await row.waitFor();
    // No sideways scroll anywhere, and every cell of the row is whole inside the screen.
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    const cells = await row.locator('td').evaluateAll((tds) => tds.map((td) => {
      const box = td.getBoundingClientRect();
      return { label: td.dataset.label ?? 'actions', left: box.left, right: box.right, clipped: td.scrollWidth > td.clientWidth + 1 };
    }));
    for (const cell of cells) {
      assert.ok(cell.left >= 0 && cell.right <= 320 && !cell.clipped, JSON.stringify(cell));
    }
    assert.equal(await row.locator('code').textContent(), '{alertname="E2EEditProbe", severity="critical"}');
    for (const button of ['silence-edit', 'silence-expire']) {
      const box = await row.getByTestId(button).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 320, `${button} ${JSON.stringify(box)}`);
    }
    if (SHOTS) await narrow.screenshot({ path: `${SHOTS}/alertmanager-silences-320-${theme}.png`, fullPage: true });
    assert.deepEqual(narrow.problems, []);
    await narrow.context().close();
  }
  await expireViaApi(newId);
});
