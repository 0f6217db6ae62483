// The devstack's real Alertmanager (issue 20, backend half): the settings page checks it through
// the app's same-origin proxy and shows the version, cluster and uptime Alertmanager reports;
// an incident fired through meshsim's control API reaches Alertmanager routed by the devstack's
// configuration (devstack/alertmanager/alertmanager.yml) and inhibited as it says, and every
// receiver's webhook lands in meshsim's recorder (devstack/README.md, "Alertmanager").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const CONTROL = process.env.MESHBOARD_CONTROL_URL;
const ALERTMANAGER = process.env.MESHBOARD_ALERTMANAGER_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const RECORD = `${CONTROL}/webhook/alertmanager`;

let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await fetch(`${CONTROL}/control/clear`, { method: 'POST' }).catch(() => {});
  await browser?.close();
});

async function json(url, init) {
  const response = await fetch(url, init);
  assert.ok(response.ok, `${init?.method ?? 'GET'} ${url}: HTTP ${response.status}`);
  return response.json();
}

/** Polls `probe` until it returns a value; the outer deadline only bounds a broken stack. */
async function eventually(what, probe, deadlineMs = 150_000) {
  const end = Date.now() + deadlineMs;
  let last;
  while (Date.now() < end) {
    last = await probe();
    if (last?.done) return last.value;
    await new Promise((r) => setTimeout(r, 2000));
  }
  assert.fail(`${what} never happened; last seen: ${JSON.stringify(last?.seen ?? last)}`);
}

test('settings shows the real Alertmanager version, cluster and uptime', async () => {
  const direct = await json(`${ALERTMANAGER}/api/v2/status`);
  for (const theme of ['dark', 'light']) {
    const page = await openPage(browser, new URL(`settings?theme=${theme}`, BASE).href);
    const row = page.locator('[data-testid="datasource"][data-kind="Alertmanager"]');
    await row.waitFor();
    assert.match(await row.locator('code').textContent(), /^alertmanager$/);
    const status = row.getByTestId('datasource-status');
    await status.and(page.locator('[data-state="ok"]')).waitFor();
    const text = await status.textContent();
    // What Alertmanager itself says, read directly (not through the app).
    const peers = direct.cluster.peers.length;
    assert.equal(direct.cluster.status, 'ready');
    assert.match(
      text,
      new RegExp(`^ok: Alertmanager ${direct.versionInfo.version.replaceAll('.', '\\.')}, cluster ready with ${peers} peers?, up \\d+[smhd]`),
    );
    assert.equal(direct.versionInfo.version, '0.25.0');
    // Drawn, readable, and in the table with the other backends.
    const box = await status.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 8, JSON.stringify(box));
    assert.equal(await page.getByTestId('datasource').count(), 4);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/alertmanager-settings-${theme}.png` });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

/** The alert named `name` on `host`, with its group's receiver and labels, as Alertmanager holds it. */
function held(groups, name, host) {
  for (const group of groups) {
    const alert = group.alerts.find((a) => a.labels.alertname === name && a.labels.instance?.split(':')[0] === host);
    if (alert) return { receiver: group.receiver.name, groupLabels: group.labels, status: alert.status };
  }
  return null;
}

test('an incident reaches Alertmanager routed and inhibited, and the webhook records it', async () => {
  await json(RECORD, { method: 'DELETE' });
  const incident = await json(`${CONTROL}/control/incident/node_down?duration=4m&target=trainer-02`, { method: 'POST' });
  assert.equal(incident.target, 'trainer-02');
  // Through the app's same-origin proxy, as the /alerts page reads it.
  const groupsUrl = new URL('alertmanager/api/v2/alerts/groups', BASE).href;
  const seen = await eventually('MeshNodeDown routed and AgentMeshNodeDown inhibited', async () => {
    const groups = await json(groupsUrl);
    const down = held(groups, 'MeshNodeDown', 'trainer-02');
    const duplicate = held(groups, 'AgentMeshNodeDown', 'trainer-02');
    const done = down?.status.state === 'active' && duplicate?.status.state === 'suppressed';
    return { done, value: { down, duplicate }, seen: { down, duplicate } };
  });
  // Routing: severity="critical" → critical-alerts, grouped by alertname and job.
  assert.equal(seen.down.receiver, 'critical-alerts');
  assert.deepEqual(seen.down.groupLabels, { alertname: 'MeshNodeDown', job: 'agent-mesh' });
  assert.deepEqual(seen.down.status.silencedBy, []);
  // Inhibition: MeshNodeDown on the same instance suppresses seed 001's duplicate.
  assert.equal(seen.duplicate.status.inhibitedBy.length, 1);
  const direct = await json(`${ALERTMANAGER}/api/v2/alerts?filter=alertname%3D%22MeshNodeDown%22`);
  const inhibitor = direct.find((a) => a.labels.instance.startsWith('trainer-02:'));
  assert.equal(seen.duplicate.status.inhibitedBy[0], inhibitor.fingerprint);

  const notification = await eventually('a webhook notification of MeshNodeDown', async () => {
    const record = await json(RECORD);
    const hit = record.notifications.find((n) => n.status === 'firing' && n.alertnames.includes('MeshNodeDown'));
    return { done: Boolean(hit), value: hit, seen: record };
  });
  assert.equal(notification.receiver, 'critical-alerts');
  assert.deepEqual(notification.group_labels, { alertname: 'MeshNodeDown', job: 'agent-mesh' });
  // The body is Alertmanager's webhook payload (version 4) as it was sent.
  assert.equal(notification.body.version, '4');
  const sent = notification.body.alerts.find((a) => a.labels.instance.startsWith('trainer-02:'));
  assert.equal(sent.labels.severity, 'critical');
  assert.equal(sent.fingerprint, inhibitor.fingerprint);

  // Ending the incident resolves the alert, and the receiver is told.
  await json(`${CONTROL}/control/incident/node_down`, { method: 'DELETE' });
  const resolved = await eventually('a resolved notification of MeshNodeDown', async () => {
    const record = await json(RECORD);
    const hit = record.notifications.find((n) => n.status === 'resolved' && n.alertnames.includes('MeshNodeDown'));
    return { done: Boolean(hit), value: hit, seen: record.notifications.map((n) => [n.receiver, n.status, n.alertnames]) };
  });
  assert.equal(resolved.receiver, 'critical-alerts');
});
