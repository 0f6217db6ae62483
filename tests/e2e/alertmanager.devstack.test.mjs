// Alertmanager in the UI (issue 20, core + UI half) against the devstack's real Alertmanager
// 0.25: an incident fires and its group appears on /alerts under the receiver Alertmanager
// routed it to; it is silenced from the UI (the alert's "Silence" button prefills the form) and
// Alertmanager's own API then holds it suppressed by that silence while the webhook recorder
// gets no notification of it; expiring it from the UI makes it active again; a matcher
// Alertmanager refuses shows its words on the form and nothing typed is lost. Both themes are
// looked at (MESHBOARD_SHOTS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const CONTROL = process.env.MESHBOARD_CONTROL_URL;
const ALERTMANAGER = process.env.MESHBOARD_ALERTMANAGER_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const RECORD = `${CONTROL}/webhook/alertmanager`;
const HOST = 'trainer-03';
const url = (path) => new URL(path, BASE).href;

let browser;
before(async () => {
  browser = await launch();
  await json(`${CONTROL}/control/incident/node_down?duration=10m&target=${HOST}`, { method: 'POST' });
});
after(async () => {
  await fetch(`${CONTROL}/control/clear`, { method: 'POST' }).catch(() => {});
  await browser?.close();
});

async function json(address, init) {
  const response = await fetch(address, init);
  assert.ok(response.ok, `${init?.method ?? 'GET'} ${address}: HTTP ${response.status}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Polls `probe` until it says done; the deadline only bounds a broken stack. */
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

/** MeshNodeDown of HOST as Alertmanager itself holds it (read directly, not through the app). */
async function heldDown() {
  const alerts = await json(`${ALERTMANAGER}/api/v2/alerts?filter=${encodeURIComponent('alertname="MeshNodeDown"')}`);
  return alerts.find((a) => a.labels.instance?.startsWith(`${HOST}:`));
}

const downRow = (page) => page.locator('[data-testid="alert-group"][data-receiver="critical-alerts"] [data-testid="am-alert"][data-alertname="MeshNodeDown"]', { hasText: `${HOST}:` });

test('the incident\'s group appears under the receiver Alertmanager routed it to', async () => {
  const held = await eventually('MeshNodeDown active in Alertmanager', async () => {
    const a = await heldDown();
    return { done: a?.status.state === 'active', value: a, seen: a };
  });
  for (const theme of ['dark', 'light']) {
    const page = await openPage(browser, url(`alerts?theme=${theme}`));
    const row = downRow(page);
    await row.waitFor();
    const group = page.locator('[data-testid="alert-group"][data-receiver="critical-alerts"]', {
      has: page.locator('[data-testid="am-alert"][data-alertname="MeshNodeDown"]', { hasText: `${HOST}:` }),
    });
    // What a user reads: the receiver and the group labels in the group's header.
    assert.equal(await group.locator('.am-receiver').textContent(), 'critical-alerts');
    assert.equal(await group.locator('.am-group-labels').textContent(), 'alertname="MeshNodeDown", job="agent-mesh"');
    assert.equal(await row.locator('.am-state').textContent(), 'active');
    assert.equal(await row.getAttribute('data-fingerprint'), held.fingerprint);
    assert.match(await row.getByTestId('am-alert-start').textContent(), new RegExp(` since ${held.startsAt.slice(0, 19)}`));
    // The generator link opens the rule's PromQL in the metrics explorer, in the app.
    const href = await row.getByTestId('am-generator').getAttribute('href');
    assert.equal(new URL(href, BASE).searchParams.get('query'), 'up{job="agent-mesh"} == 0');
    assert.ok(new URL(href, BASE).pathname.endsWith('/explore/metrics'), href);
    // The seed-001 duplicate of the same node is inhibited by it, and says so.
    const duplicate = page.locator('[data-testid="am-alert"][data-alertname="AgentMeshNodeDown"]', { hasText: `${HOST}:` });
    if (await duplicate.count()) {
      assert.equal(await duplicate.first().locator('.am-state').textContent(), 'suppressed');
      assert.equal(await duplicate.first().getByTestId('am-inhibited-by').textContent(), `Inhibited by ${held.fingerprint}`);
    }
    // Severity counts are drawn and count this alert.
    const critical = page.locator('[data-testid="am-severity-counts"] [data-severity="critical"]');
    assert.ok(Number(await critical.getAttribute('data-count')) >= 1);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/alertmanager-alerts-${theme}.png`, fullPage: true });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('filters: receiver, Alertmanager matchers (with its own error words) and state', async () => {
  const page = await openPage(browser, url('alerts'));
  await downRow(page).waitFor();
  await page.getByTestId('am-matcher-filter').fill(`{alertname="MeshNodeDown", instance=~"${HOST}:.*"}`);
  const groups = page.getByTestId('alert-group');
  assert.equal(await groups.count(), 1);
  assert.equal(await page.getByTestId('am-alert').count(), 1);
  await page.getByTestId('am-matcher-filter').fill('instance');
  assert.equal(await page.getByTestId('am-matcher-error').textContent(), 'bad matcher format: instance');
  await page.getByTestId('am-matcher-filter').fill('');
  await page.getByTestId('am-receiver-filter').selectOption('critical-alerts');
  const receivers = await groups.evaluateAll((gs) => [...new Set(gs.map((g) => g.dataset.receiver))]);
  assert.deepEqual(receivers, ['critical-alerts']);
  // Without active alerts, the suppressed ones (the inhibited duplicate at least) stay.
  await page.getByTestId('am-receiver-filter').selectOption('');
  await page.getByTestId('am-state-active').uncheck();
  const states = await page.getByTestId('am-alert').evaluateAll((as) => as.map((a) => a.dataset.alertState));
  assert.ok(states.every((s) => s !== 'active'), JSON.stringify(states));
  assert.equal(await downRow(page).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('silenced from the UI, Alertmanager suppresses it and stops notifying; expired, it is back', async () => {
  const page = await openPage(browser, url('alerts'));
  await downRow(page).getByTestId('silence-alert').click();
  await page.waitForURL(/\/alerts\/silences$/);
  const form = page.getByTestId('silence-form');
  const matchers = await form.getByTestId('silence-matchers').inputValue();
  // One `=` matcher per label of the alert as Alertmanager holds it, in label order.
  const held = await heldDown();
  const expected = Object.keys(held.labels).sort().map((k) => `${k}="${held.labels[k]}"`).join(', ');
  assert.equal(matchers, `{${expected}}`);
  assert.match(matchers, /^\{alertname="MeshNodeDown", instance="trainer-03:/);
  // The preview names exactly the alert it came from.
  const preview = form.getByTestId('silence-preview-alert');
  await preview.first().waitFor();
  assert.deepEqual(await preview.evaluateAll((ps) => ps.map((p) => p.dataset.fingerprint)), [held.fingerprint]);
  await form.getByTestId('silence-createdBy').fill('e2e@example.org');
  await form.getByTestId('silence-comment').fill('planned FL round restart');
  await form.getByTestId('silence-submit').click();
  await form.waitFor({ state: 'detached' });
  const row = page.locator('[data-testid="silence-row"][data-silence-state="active"]', { hasText: 'planned FL round restart' });
  await row.waitFor();
  const id = await row.getAttribute('data-silence-id');
  assert.equal(await row.locator('code').textContent(), matchers);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/alertmanager-silences-dark.png`, fullPage: true });

  // Alertmanager's own API: suppressed by exactly that silence.
  const silenced = await eventually('MeshNodeDown suppressed by the silence', async () => {
    const a = await heldDown();
    return { done: a?.status.state === 'suppressed', value: a, seen: a?.status };
  });
  assert.deepEqual(silenced.status.silencedBy, [id]);

  // The webhook: from a clean record, another incident's group is notified twice (its first
  // notification and a repeat, repeat_interval 30 s), and the silenced alert never is.
  await json(RECORD, { method: 'DELETE' });
  await json(`${CONTROL}/control/incident/cert_expiry?duration=10m`, { method: 'POST' });
  const record = await eventually('two notifications of another group', async () => {
    const r = await json(RECORD);
    const other = r.notifications.filter((n) => !n.alertnames.includes('MeshNodeDown'));
    const perGroup = new Map();
    for (const n of other) {
      const key = `${n.receiver} ${JSON.stringify(n.group_labels)}`;
      perGroup.set(key, (perGroup.get(key) ?? 0) + 1);
    }
    return { done: [...perGroup.values()].some((count) => count >= 2), value: r, seen: r.notifications.map((n) => [n.receiver, n.status, n.alertnames]) };
  }, 240_000);
  const leaked = record.notifications.filter((n) => n.status === 'firing'
    && n.body.alerts.some((a) => a.status === 'firing' && a.labels.alertname === 'MeshNodeDown' && a.labels.instance.startsWith(`${HOST}:`)));
  assert.deepEqual(leaked, []);

  // Expire it from the UI: the row turns expired and Alertmanager holds the alert active again.
  await page.reload();
  const active = page.locator(`[data-testid="silence-row"][data-silence-id="${id}"]`);
  await active.getByTestId('silence-expire').click();
  await page.locator(`[data-testid="silence-row"][data-silence-id="${id}"][data-silence-state="expired"]`).waitFor();
  const back = await eventually('MeshNodeDown active again', async () => {
    const a = await heldDown();
    return { done: a?.status.state === 'active', value: a, seen: a?.status };
  });
  assert.deepEqual(back.status.silencedBy, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a matcher Alertmanager refuses shows its words on the form, and nothing typed is lost', async () => {
  const page = await openPage(browser, url('alerts/silences?theme=light'));
  await page.getByTestId('silence-new').click();
  const form = page.getByTestId('silence-form');
  await form.getByTestId('silence-matchers').fill('job=~"(agent"');
  await form.getByTestId('silence-createdBy').fill('e2e@example.org');
  await form.getByTestId('silence-comment').fill('kept after the error');
  // The preview cannot judge the regex and says why (Go's words, as Alertmanager's filter).
  assert.equal(await form.getByTestId('silence-preview-note').textContent(), 'No preview: error parsing regexp: missing closing ): `^(?:(agent)$`');
  await form.getByTestId('silence-submit').click();
  const refused = form.getByTestId('silence-error');
  await refused.waitFor();
  assert.equal(await refused.textContent(),
    'Alertmanager refused the silence: silence invalid: invalid label matcher 0: invalid regular expression "(agent": error parsing regexp: missing closing ): `(agent`');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/alertmanager-silence-error-light.png`, fullPage: true });
  // A field core checks names its field, and the text stays.
  await form.getByTestId('silence-duration').fill('2 hours');
  await form.getByTestId('silence-submit').click();
  assert.equal(await form.getByTestId('silence-duration-problem').textContent(), 'duration "2 hours" is not a positive duration such as 2h or 1d12h');
  assert.equal(await form.getByTestId('silence-duration').getAttribute('aria-invalid'), 'true');
  // A reload brings the draft back as typed.
  await page.reload();
  const again = page.getByTestId('silence-form');
  assert.equal(await again.getByTestId('silence-matchers').inputValue(), 'job=~"(agent"');
  assert.equal(await again.getByTestId('silence-comment').inputValue(), 'kept after the error');
  assert.equal(await again.getByTestId('silence-duration').inputValue(), '2 hours');
  await again.getByTestId('silence-discard').click();
  await again.waitFor({ state: 'detached' });
  // Nothing reached Alertmanager from the refused draft.
  const silences = await json(`${ALERTMANAGER}/api/v2/silences`);
  assert.equal(silences.filter((s) => s.comment === 'kept after the error').length, 0);
  const errors = page.problems.filter((p) => !p.includes('400'));
  assert.deepEqual(errors, []);
  await page.context().close();
});
