// Authoring flows that follow the edit session (issue 18), as a user sees them before any save:
// variables added, changed, moved and removed in the settings reach the variables bar and the
// panels' queries, and undo takes them back; header links follow the settings; Explore's "Add
// to dashboard" (logs and metrics) opens the dashboard with the panel as an unsaved change that
// survives a reload as a draft; undo and redo walk back and forth over every kind of edit
// (panel, grid move, settings, variables, links); leaving with unsaved changes asks; a hostile
// imported dashboard shows text, never markup.
// MESHBOARD_SHOTS=dir saves the edited variables and the Explore draft in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
/** The header's links: a URL link (or a refused one) and a dropdown of tagged dashboards. */
const LINKS = '[data-testid="dashboard-links"] .dash-link, [data-testid="dashboard-links"] .dash-links-button';
const SHOTS = process.env.MESHBOARD_SHOTS;
const UID = 'meshboard-resources';
const RANGE = 'from=now-1h&to=now';
const url = (path) => new URL(path, BASE).href;
const dash = (extra = '') => url(`d/${UID}?refresh=off&${RANGE}${extra}`);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Leaving with unsaved changes asks (beforeunload): these tests mean to leave. */
function acceptLeaving(page) {
  page.on('dialog', (dialog) => dialog.accept());
}

/** Types into a field and commits it (change fires when the field is left). */
async function setField(scope, testid, value) {
  const field = scope.getByTestId(testid);
  await field.fill(value);
  await field.press('Tab');
}

const titled = (page, title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);
const cleanRun = (page) => page.problems.filter((p) => !p.includes('Failed to load resource'));

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

/** Every PromQL query the page sends (GET or POST), decoded. */
function recordQueries(page) {
  const queries = [];
  page.on('request', (request) => {
    const at = new URL(request.url());
    if (!/\/api\/v1\/query(_range)?$/.test(at.pathname)) return;
    const params = request.method() === 'POST' ? new URLSearchParams(request.postData() ?? '') : at.searchParams;
    const query = params.get('query');
    if (query) queries.push(query);
  });
  return queries;
}

/** What a user sees of the dashboard's state: the header, the variables bar, the links. */
function seen(page) {
  return page.evaluate((links) => ({
    title: document.querySelector('[data-testid="dashboard-title"]')?.textContent ?? '',
    variables: [...document.querySelectorAll('[data-testid="variables-bar"] [data-variable]')].map((v) => v.dataset.variable),
    links: [...document.querySelectorAll(links)].map((a) => a.textContent),
    panels: document.querySelectorAll('[data-testid="panel"]').length,
  }), LINKS);
}

async function waitSeen(page, expected, what) {
  try {
    await page.waitForFunction(([want, links]) => {
      const now = {
        title: document.querySelector('[data-testid="dashboard-title"]')?.textContent ?? '',
        variables: [...document.querySelectorAll('[data-testid="variables-bar"] [data-variable]')].map((v) => v.dataset.variable),
        links: [...document.querySelectorAll(links)].map((a) => a.textContent),
        panels: document.querySelectorAll('[data-testid="panel"]').length,
      };
      return JSON.stringify(now) === JSON.stringify(want);
    }, [expected, LINKS], { timeout: 15000 });
  } catch (e) {
    assert.deepEqual(await seen(page), expected, what);
    throw e;
  }
}

const variableRow = (page, name) => page.locator(`[data-testid="variable-row"][data-name="${name}"]`);
const barControl = (page, name) => page.getByTestId(`variable-${name}`);

test('variables edited in settings reach the bar and the panels\' queries before saving; undo takes them back', async () => {
  const page = await openPage(browser, dash('&editview=variables'));
  acceptLeaving(page);
  const queries = recordQueries(page);
  await page.getByTestId('variables-table').waitFor();
  // The settings take the page's place: the bar is there underneath, shown again on closing.
  await barControl(page, 'job').waitFor({ state: 'attached' });
  await page.waitForFunction(() => document.querySelector('[data-testid="variable-job"]')?.dataset.loading === 'false');

  // job becomes a custom variable offering a job the devstack does not have.
  await variableRow(page, 'job').getByTestId('variable-edit').click();
  await page.getByTestId('variable-type').selectOption('custom');
  await setField(page, 'variable-query', 'nosuchjob,otherjob');
  await page.getByTestId('variable-back').click();
  assert.match(await variableRow(page, 'job').locator('td').nth(1).textContent(), /Custom/i);
  await page.waitForFunction(() => /nosuchjob/.test(document.querySelector('[data-testid="variable-job"]')?.textContent ?? ''));
  assert.equal(await page.getByTestId('dashboard-version').textContent(), 'Not saved in this browser');

  // Back on the grid (same edit session): the panels asked for the new job and found nothing.
  await page.getByTestId('settings-close').click();
  const cpu = titled(page, 'CPU usage');
  await cpu.getByTestId('panel-empty').waitFor();
  assert.ok(queries.some((q) => q.includes('system_cpu_usage_percent') && q.includes('nosuchjob')),
    `a panel query carries the edited value: ${queries.filter((q) => q.includes('nosuchjob')).slice(0, 2)}`);
  assert.ok(!page.url().includes('var-job=%24__all') && !page.url().includes('var-job=$__all'), `the old value left the URL: ${page.url()}`);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/authoring-flows-variable-edited.png` });

  // Undo (keyboard, on the grid) every step: job is the query variable again, the panels have data.
  for (let i = 0; i < 10 && !(await page.getByTestId('edit-undo').isDisabled()); i++) {
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Control+z');
  }
  await page.waitForFunction(() => {
    const panel = document.querySelector('[data-testid="panel"][data-panel-title="CPU usage"]');
    return panel?.dataset.state === 'ok' && Number(panel.dataset.series) >= 1;
  });
  assert.doesNotMatch(await barControl(page, 'job').textContent(), /nosuchjob/);

  // A new custom variable shows in the bar and interpolates the title at once.
  await page.getByTestId('dashboard-settings-open').click();
  await setField(page, 'settings-title', 'Resources $stage');
  await page.getByTestId('settings-tab-variables').click();
  await page.getByTestId('variable-add').click();
  await setField(page, 'variable-name', 'stage');
  await page.getByTestId('variable-type').selectOption('custom');
  await setField(page, 'variable-query', 'alpha,beta');
  await page.getByTestId('variable-back').click();
  await barControl(page, 'stage').waitFor({ state: 'attached' });
  await page.waitForFunction(() => document.querySelector('[data-testid="dashboard-title"]')?.textContent === 'Resources alpha');
  await page.getByTestId('settings-close').click();
  await barControl(page, 'stage').locator('select').selectOption('beta');
  await page.waitForFunction(() => document.querySelector('[data-testid="dashboard-title"]')?.textContent === 'Resources beta');
  assert.match(page.url(), /var-stage=beta/);
  const bar = async () => (await seen(page)).variables;
  assert.deepEqual((await bar()).slice(-3), ['job', 'instance', 'stage']);

  // Moved up: the bar's order follows; removed: it leaves the bar; undo: it is back.
  await page.getByTestId('dashboard-settings-open').click();
  await page.getByTestId('settings-tab-variables').click();
  await page.getByRole('button', { name: 'Move stage up' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="variables-bar"] [data-variable]')].map((v) => v.dataset.variable).join().endsWith('job,stage,instance'));
  await variableRow(page, 'stage').getByTestId('variable-remove').click();
  await barControl(page, 'stage').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[data-testid="dashboard-title"]')?.textContent === 'Resources $stage');
  await page.getByTestId('edit-undo').click();
  await barControl(page, 'stage').waitFor({ state: 'attached' });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="variables-bar"] [data-variable]')].map((v) => v.dataset.variable).join().endsWith('job,stage,instance'));
  await page.waitForFunction(() => /^Resources (alpha|beta)$/.test(document.querySelector('[data-testid="dashboard-title"]')?.textContent ?? ''));
  assert.deepEqual(cleanRun(page), []);
  await page.context().close();
});

test('links added in settings show in the header before saving, as text when hostile; undo removes them; a moved link keeps its own dropdown and tooltip', async () => {
  const page = await openPage(browser, dash('&editview=settings'));
  acceptLeaving(page);
  await page.getByTestId('settings-title').waitFor();
  const before = (await seen(page)).links;
  assert.deepEqual(before, ['Meshboard dashboards ▾'], 'the shipped dropdown of tagged dashboards');
  await page.getByTestId('settings-link-add').click();
  const link = page.getByTestId('settings-link').last();
  await setField(link, 'settings-link-title', '<b>Runbook</b>');
  await setField(link, 'settings-link-url', 'https://example.com/runbook');
  const anchor = page.locator('[data-testid="dashboard-links"] a.dash-link', { hasText: '<b>Runbook</b>' });
  await anchor.waitFor({ state: 'attached' });
  assert.equal(await anchor.getAttribute('href'), 'https://example.com/runbook');
  assert.equal(await page.locator('[data-testid="dashboard-links"] b').count(), 0, 'the title is text, not markup');
  // A javascript: URL is refused in the form and never reaches the header.
  await setField(link, 'settings-link-url', 'javascript:alert(1)');
  await link.getByTestId('settings-link-refused').waitFor();
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
  assert.equal(await anchor.getAttribute('href'), 'https://example.com/runbook');
  for (let i = 0; i < 3; i++) await page.getByTestId('edit-undo').click();
  await waitSeen(page, { ...(await seen(page)), links: before }, 'undone back to the shipped links');
  for (let i = 0; i < 3; i++) await page.getByTestId('edit-redo').click();
  await anchor.waitFor({ state: 'attached' });
  // Moved above the shipped dropdown, each link keeps its own fields: the dropdown stays a
  // dropdown, the runbook gets its tooltip (as a title attribute) and no dropdown.
  await setField(link, 'settings-link-tooltip', 'What to do at <3 am>');
  await link.getByRole('button', { name: /^Move link \d+ up$/ }).click();
  await page.waitForFunction(() => {
    const nav = document.querySelector('[data-testid="dashboard-links"]');
    return nav?.firstElementChild?.matches('a.dash-link') && nav.lastElementChild?.matches('[data-testid="dashboard-links-dropdown"]');
  });
  assert.equal(await anchor.getAttribute('title'), 'What to do at <3 am>');
  const rows = page.getByTestId('settings-link');
  assert.equal(await rows.first().getByTestId('settings-link-tooltip').inputValue(), 'What to do at <3 am>');
  assert.equal(await rows.last().getByTestId('settings-link-dropdown').isChecked(), true, 'the dropdown moved with its link');
  await page.getByTestId('settings-close').click();
  await anchor.waitFor();
  assert.equal(await anchor.getAttribute('href'), 'https://example.com/runbook');
  await page.context().close();
});

test('Explore logs: Add to dashboard opens a new dashboard with the logs panel unsaved; reload offers the draft; save keeps it', async () => {
  const LOGQL = '{job="agent-mesh"}';
  const page = await openPage(browser, url(`explore/logs?query=${encodeURIComponent(LOGQL)}&${RANGE}`));
  acceptLeaving(page);
  await page.getByTestId('explore-logs').waitFor();
  await page.getByTestId('explore-add-to-dashboard').click();
  await page.getByTestId('explore-add-dialog').waitFor();
  await page.getByTestId('explore-add-title').fill('Logs from Explore e2e');
  await page.getByTestId('explore-add-confirm').click();
  await page.waitForURL(/\/d\/logs-from-explore-e2e/);
  const panel = titled(page, 'New panel');
  await panel.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="panel"][data-panel-title="New panel"] .logs-view, [data-testid="panel"][data-panel-title="New panel"] [data-testid="log-row"]'));
  assert.equal(await page.getByTestId('dashboard-edit').getAttribute('aria-pressed'), 'true', 'opened in edit mode');
  await page.getByTestId('unsaved-changes').waitFor();
  assert.equal(await page.getByTestId('dashboard-version').textContent(), 'Not saved in this browser', 'the user saves');
  assert.match(await page.getByTestId('save-notice').textContent(), /unsaved change until you save/);
  assert.equal(await page.getByTestId('dashboard-title').textContent(), 'Logs from Explore e2e');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/authoring-flows-explore-draft.png` });

  // A reload: the draft is offered back, and restored shows the panel, still unsaved.
  await page.reload();
  await page.getByTestId('draft-restore').click();
  await panel.waitFor();
  await page.getByTestId('unsaved-changes').waitFor();
  await page.getByTestId('dashboard-save').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="dashboard-version"]')?.textContent === 'Version 1');
  await page.reload();
  await panel.waitFor();
  assert.equal(await page.getByTestId('draft-banner').count(), 0, 'saved: no draft left to offer');
  const json = await exported(page);
  const added = json.panels.find((p) => p.title === 'New panel');
  assert.equal(added?.type, 'logs');
  assert.equal(added.targets[0].expr, LOGQL);
  assert.deepEqual(cleanRun(page), []);
  await page.context().close();
});

test('Explore metrics: Add to an existing built-in dashboard keeps the panel unsaved until saved (then a local copy)', async () => {
  const page = await openPage(browser, url(`explore/metrics?query=sum(up)&${RANGE}`));
  acceptLeaving(page);
  await page.getByTestId('explore-metrics').waitFor();
  await page.getByTestId('explore-add-to-dashboard').click();
  await page.waitForFunction((uid) => [...document.querySelectorAll('[data-testid="explore-add-target"] option')].some((o) => o.value === uid), UID);
  await page.getByTestId('explore-add-target').selectOption(UID);
  await page.getByTestId('explore-add-confirm').click();
  await page.waitForURL(new RegExp(`/d/${UID}`));
  const panel = titled(page, 'New panel');
  await panel.waitFor();
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-testid="panel"][data-panel-title="New panel"]');
    return p?.dataset.state === 'ok' && Number(p.dataset.series) >= 1;
  });
  await page.getByTestId('unsaved-changes').waitFor();
  assert.equal(await page.getByTestId('local-copy-notice').count(), 0, 'nothing saved yet');
  await page.reload();
  await page.getByTestId('draft-restore').click();
  await panel.waitFor();
  await page.getByTestId('dashboard-save').click();
  await page.getByTestId('local-copy-notice').waitFor();
  assert.match(await page.getByTestId('save-notice').textContent(), /Saved as version 1.*local copy/);
  await page.context().close();
});

test('undo and redo walk over every kind of edit: panel, keyboard move, title, variable, link', async () => {
  const page = await openPage(browser, dash());
  acceptLeaving(page);
  await titled(page, 'CPU usage').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="variable-job"]')?.dataset.loading === 'false');
  await page.getByTestId('dashboard-edit').click();
  const pos = () => page.locator('[data-testid="grid-item"]', { has: titled(page, 'CPU usage') }).getAttribute('data-grid-pos');
  const states = [{ ...(await seen(page)), pos: await pos() }];
  const record = async () => { states.push({ ...(await seen(page)), pos: await pos() }); };

  await page.getByTestId('add-panel').click();
  await titled(page, 'Panel Title').waitFor();
  await record();
  const handle = page.locator('[data-testid="grid-item"]', { has: titled(page, 'CPU usage') }).getByTestId('panel-move-handle');
  await handle.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.waitForFunction((before) => document.querySelector('[data-testid="panel"][data-panel-title="CPU usage"]')
    ?.closest('[data-testid="grid-item"]')?.getAttribute('data-grid-pos') !== before, states[1].pos);
  await record();
  await page.getByTestId('dashboard-settings-open').click();
  await setField(page, 'settings-title', 'Undo me');
  await page.waitForFunction(() => document.querySelector('[data-testid="dashboard-title"]')?.textContent === 'Undo me');
  await record();
  await page.getByTestId('settings-tab-variables').click();
  await page.getByTestId('variable-add').click();
  await page.getByTestId('variable-back').click();
  await barControl(page, 'query0').waitFor({ state: 'attached' });
  await record();
  await page.getByTestId('settings-tab-settings').click();
  await page.getByTestId('settings-link-add').click();
  await page.waitForFunction((links) => document.querySelectorAll(links).length === 2, LINKS);
  await record();
  await page.getByTestId('settings-close').click();
  await titled(page, 'CPU usage').waitFor();

  const check = async (state, what) => {
    const { pos: wantPos, ...visible } = state;
    await waitSeen(page, visible, what);
    await page.waitForFunction((p) => document.querySelector('[data-testid="panel"][data-panel-title="CPU usage"]')
      ?.closest('[data-testid="grid-item"]')?.getAttribute('data-grid-pos') === p, wantPos);
  };
  for (let i = states.length - 2; i >= 0; i--) {
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Control+z');
    await check(states[i], `after undo back to state ${i}`);
  }
  assert.equal(await page.getByTestId('unsaved-changes').count(), 0, 'undone back to the loaded dashboard');
  for (let i = 1; i < states.length; i++) {
    await page.keyboard.press('Control+Shift+z');
    await check(states[i], `after redo to state ${i}`);
  }
  await page.context().close();
});

test('leaving with unsaved changes asks first; with none it does not', async () => {
  const page = await openPage(browser, dash());
  const asked = [];
  let answered;
  page.on('dialog', (dialog) => { asked.push(dialog.type()); dialog.dismiss().then(() => answered?.()); });
  await titled(page, 'CPU usage').waitFor();
  await page.getByTestId('dashboard-edit').click();
  await page.getByTestId('add-panel').click();
  await titled(page, 'Panel Title').waitFor();
  await new Promise((resolve) => { answered = resolve; page.close({ runBeforeUnload: true }); });
  assert.deepEqual(asked, ['beforeunload']);
  assert.equal(page.isClosed(), false, 'staying was offered and taken');
  await titled(page, 'Panel Title').waitFor();
  await page.getByTestId('edit-undo').click();
  await page.getByTestId('unsaved-changes').waitFor({ state: 'detached' });
  await new Promise((resolve) => { answered = resolve; page.once('close', resolve); page.close({ runBeforeUnload: true }); });
  assert.deepEqual(asked, ['beforeunload'], 'nothing unsaved: no question');
  assert.equal(page.isClosed(), true);
  await page.context().close();
});

test('a hostile imported dashboard shows its title, description, panel title and links as text', async () => {
  const hostile = {
    uid: 'hostile-e2e',
    title: '<img src=x onerror="window.__pwned=1">Hostile',
    description: '<script>window.__pwned=2</script>about',
    tags: ['<b>tag</b>'],
    links: [{ type: 'link', title: '<i>Run</i>', url: 'javascript:window.__pwned=3' }],
    panels: [{
      id: 1, type: 'timeseries', title: '<svg onload=window.__pwned=4>Panel',
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      fieldConfig: { defaults: { unit: '<u>unit</u>' }, overrides: [] },
      targets: [{ refId: 'A', expr: 'up', legendFormat: '<b>{{job}}</b>' }],
    }],
    schemaVersion: 39,
  };
  const page = await openPage(browser, url('dashboard/import?refresh=off'));
  acceptLeaving(page);
  await page.getByTestId('import-text').fill(JSON.stringify(hostile));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\/hostile-e2e/);
  await page.getByTestId('dashboard-title').waitFor();
  assert.equal(await page.getByTestId('dashboard-title').textContent(), hostile.title);
  assert.match(await page.locator('.dash-description').textContent(), /<script>window.__pwned=2<\/script>about/);
  await titled(page, hostile.panels[0].title).waitFor();
  const found = await page.evaluate(() => ({
    pwned: window.__pwned,
    markup: document.querySelectorAll(['img', 'script', 'svg[onload]', 'b', 'i', 'u']
      .flatMap((tag) => [`[data-testid="dashboard-header"] ${tag}`, `[data-testid="panel"] ${tag}`]).join(', ')).length,
    tags: [...document.querySelectorAll('[data-testid="dashboard-header"] .tag')].map((t) => t.textContent),
    scriptLinks: document.querySelectorAll('a[href^="javascript:"]').length,
  }));
  assert.deepEqual(found, { pwned: undefined, markup: 0, scriptLinks: 0, tags: ['<b>tag</b>'] });
  // The legend shows the legend format's text around the series' job.
  await page.waitForFunction(() => document.querySelector('[data-testid="panel"]')?.dataset.state === 'ok');
  const legend = await page.locator('[data-testid="panel"] .legend-item, [data-testid="panel"] [data-testid="legend-item"]').allTextContents();
  assert.ok(legend.length >= 1 && legend.every((t) => /<b>.+<\/b>/.test(t)), `legend entries as text: ${legend.slice(0, 3)}`);
  await page.context().close();
});

test('storage blocked (private mode, a sandboxed frame): the save says it lasts this session only; export works', async () => {
  const page = await openPage(browser, null);
  acceptLeaving(page);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  });
  await page.goto(dash());
  await titled(page, 'CPU usage').waitFor();
  await page.getByTestId('dashboard-edit').click();
  await page.getByTestId('add-panel').click();
  await titled(page, 'Panel Title').waitFor();
  await page.getByTestId('dashboard-save').click();
  const notice = page.getByTestId('save-notice');
  await page.getByText(/Saved as version 1/).waitFor();
  assert.match(await notice.textContent(), /for this session only: this browser blocks storage/);
  const json = await exported(page);
  assert.ok(json.panels.some((p) => p.title === 'Panel Title'), 'the export has the new panel');
  assert.deepEqual(cleanRun(page), []);
  await page.context().close();
});

test('screenshots: a variable and a link added in settings, on the dashboard before saving (light and dark)', { skip: !SHOTS }, async () => {
  for (const theme of ['light', 'dark']) {
    const page = await openPage(browser, dash(`&theme=${theme}&editview=variables`));
    acceptLeaving(page);
    await page.getByTestId('variable-add').click();
    await setField(page, 'variable-name', 'stage');
    await page.getByTestId('variable-type').selectOption('custom');
    await setField(page, 'variable-query', 'alpha,beta');
    await page.getByTestId('settings-tab-settings').click();
    await page.getByTestId('settings-link-add').click();
    const link = page.getByTestId('settings-link').last();
    await setField(link, 'settings-link-title', 'Runbook');
    await setField(link, 'settings-link-url', 'https://example.com/runbook');
    await page.getByTestId('settings-close').click();
    await barControl(page, 'stage').waitFor();
    await page.locator('[data-testid="dashboard-links"] a.dash-link', { hasText: 'Runbook' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/authoring-flows-live-${theme}.png` });
    await page.context().close();
  }
});
