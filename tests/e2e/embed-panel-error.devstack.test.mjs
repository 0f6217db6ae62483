// The embed's `panelError` event (deploy/README.md, embed section): a page of another origin
// frames a dashboard of two panels; one panel's query is blocked (the route answers it, and
// only it, with a numbered Prometheus error) and the portal hears `panelError` with that
// panel's title and the message the panel shows, once per turn into error: refreshes that fail
// again post nothing more, a recovery and a new failure post it again; the healthy panel never does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const UID = 'e2e-embed-panel-error';
const GOOD = 'Targets up';
const BAD = 'Blocked query';
// Distinct expressions, so the route can fail one panel's query and pass the other's.
const GOOD_EXPR = 'sum(up)';
const BAD_EXPR = 'count(up)';

/** Written for this test (no outside source): two stat panels reading the devstack's Prometheus. */
const panel = (id, title, expr, x) => ({
  id, type: 'stat', title,
  datasource: { type: 'prometheus', uid: 'prometheus' },
  targets: [{ refId: 'A', expr, range: true, instant: false }],
  options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } },
  gridPos: { h: 6, w: 8, x, y: 0 },
});
const DASHBOARD = {
  uid: UID, title: 'Embed panel errors', schemaVersion: 39, time: { from: 'now-1h', to: 'now' },
  templating: { list: [] }, annotations: { list: [] },
  panels: [panel(1, GOOD, GOOD_EXPR, 0), panel(2, BAD, BAD_EXPR, 8)],
};

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The PromQL a Prometheus request carries, in its URL or its form body. */
function promQuery(request) {
  const url = new URL(request.url());
  return url.searchParams.get('query') ?? new URLSearchParams(request.postData() ?? '').get('query');
}

/** A context where the app lists and serves DASHBOARD, allows `portal` to embed it (when
 * given) and answers BAD_EXPR with a numbered Prometheus error while `blocked.on`; `blocked.seen` counts those
 * queries as the frame sent them. */
async function context(portal, blocked) {
  const appOrigin = new URL(BASE).origin;
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  await context.route((u) => u.origin === appOrigin && u.pathname.endsWith('/config.json'), async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: portal ? { ...config, embed: { allowedOrigins: [portal] } } : config });
  });
  await context.route((u) => u.origin === appOrigin && u.pathname.endsWith('/dashboards/index.json'), async (route) => {
    const response = await route.fetch();
    const index = await response.json();
    await route.fulfill({ response, json: [...index, { uid: UID, title: DASHBOARD.title, tags: [], file: `${UID}.json` }] });
  });
  await context.route((u) => u.origin === appOrigin && u.pathname.endsWith(`/dashboards/${UID}.json`),
    (route) => route.fulfill({ json: DASHBOARD }));
  await context.route((u) => u.origin === appOrigin && u.pathname.includes('/prometheus/api/v1/query'), async (route) => {
    if (promQuery(route.request()) !== BAD_EXPR) return route.fallback();
    blocked.seen += 1;
    if (!blocked.on) return route.fallback();
    // Numbered, so the test knows which answer the panel shows.
    return route.fulfill({ status: 422, json: { status: 'error', errorType: 'execution', error: `blocked by the e2e test #${blocked.seen}` } });
  });
  return context;
}

/** The portal page: frames the dashboard and records what Meshboard posts to it. */
async function openPortal(blocked) {
  const appOrigin = new URL(BASE).origin;
  const frameUrl = new URL(`d/${UID}?refresh=off&from=now-1h&to=now`, BASE).href;
  let html = '';
  const server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const portal = `http://127.0.0.1:${server.address().port}`;
  html = `<!doctype html><title>portal</title>
    <iframe id="meshboard" src="${frameUrl}" width="1100" height="700"></iframe>
    <script>
      window.events = [];
      addEventListener('message', (e) => { if (e.data && e.data.source === 'meshboard') window.events.push(e.data); });
      window.send = (m) => document.getElementById('meshboard').contentWindow.postMessage(m, ${JSON.stringify(appOrigin)});
    </script>`;
  const page = await (await context(portal, blocked)).newPage();
  page.setDefaultTimeout(90_000);
  page.on('close', () => server.close());
  await page.goto(`${portal}/`);
  await page.waitForFunction(() => window.events.some((e) => e.type === 'ready'), null, { timeout: 120_000 });
  page.app = page.frameLocator('iframe#meshboard');
  return page;
}

const panelErrors = (page) => page.evaluate(() => window.events.filter((e) => e.type === 'panelError'));
const panelIn = (page, title) => page.app.locator(`[data-testid="panel"][data-panel-title="${title}"]`);

/** Waits for the panel to show `state`. */
async function shows(page, title, state) {
  await page.app.locator(`[data-testid="panel"][data-panel-title="${title}"][data-state="${state}"]`).waitFor();
}

/** The number of the blocked answer the panel's error text shows (what the viewer reads). */
async function shownAnswer(page) {
  const text = await panelIn(page, BAD).getByTestId('panel-error').textContent({ timeout: 1000 }).catch(() => '');
  return Number(/#(\d+)/.exec(text)?.[1] ?? 0);
}

/** Asks the frame to refresh and waits until the blocked panel's query went out again and
 * the panel shows that answer: a newer numbered error, or its value once unblocked. */
async function refresh(page, blocked) {
  const before = blocked.seen;
  await page.evaluate(() => window.send({ type: 'refresh' }));
  for (let i = 0; i < 600 && blocked.seen === before; i += 1) await new Promise((r) => setTimeout(r, 100));
  assert.ok(blocked.seen > before, 'the refresh sent the blocked panel\'s query again');
  if (blocked.on) {
    for (let i = 0; i < 600 && (await shownAnswer(page)) <= before; i += 1) await new Promise((r) => setTimeout(r, 100));
    assert.ok((await shownAnswer(page)) > before, `the panel shows answer #${await shownAnswer(page)}, not a newer one than #${before}`);
    await shows(page, BAD, 'error');
  } else {
    await shows(page, BAD, 'ok');
  }
  await shows(page, GOOD, 'ok');
}

test('embed: a failing panel posts panelError with its title and message, once per turn into error', async () => {
  const blocked = { on: true, seen: 0 };
  const page = await openPortal(blocked);
  await shows(page, BAD, 'error');
  await shows(page, GOOD, 'ok');
  const first = (await panelIn(page, BAD).getByTestId('panel-error').textContent()).trim();
  assert.match(first, /blocked by the e2e test #\d+/, first);
  // Seen, not only in the page: the error lies inside its panel's box and is what is on top at
  // its first line (a stat body filling the panel once pushed it below the visible area).
  const seen = await panelIn(page, BAD).getByTestId('panel-error').evaluate((el) => {
    const box = el.getBoundingClientRect();
    const panel = el.closest('[data-testid="panel"]').getBoundingClientRect();
    const top = document.elementFromPoint(box.left + 12, box.top + 12);
    return { inside: box.top >= panel.top && box.top + 12 < panel.bottom, onTop: el.contains(top) };
  });
  assert.deepEqual(seen, { inside: true, onTop: true }, 'the panel error is visible on its panel');
  await page.waitForFunction(() => window.events.some((e) => e.type === 'panelError'));
  assert.deepEqual(await panelErrors(page), [{ source: 'meshboard', type: 'panelError', panel: BAD, error: first }]);

  // Still failing on two refreshes (the panel shows the newer errors): nothing new is posted.
  await refresh(page, blocked);
  await refresh(page, blocked);
  assert.equal((await panelErrors(page)).length, 1);

  // Recovered (the panel shows its value), then failing again: one more event, same panel.
  blocked.on = false;
  await refresh(page, blocked);
  assert.match(await panelIn(page, BAD).locator('.panel-body').innerText(), /\d/);
  blocked.on = true;
  await refresh(page, blocked);
  const again = (await panelIn(page, BAD).getByTestId('panel-error').textContent()).trim();
  await page.waitForFunction(() => window.events.filter((e) => e.type === 'panelError').length >= 2);
  // Posted in order from one frame: an event from the refreshes that stayed in error would
  // have arrived before this second one, so the list is complete here.
  assert.deepEqual(await panelErrors(page), [
    { source: 'meshboard', type: 'panelError', panel: BAD, error: first },
    { source: 'meshboard', type: 'panelError', panel: BAD, error: again },
  ]);
  assert.notEqual(again, first);
  if (process.env.MESHBOARD_SHOTS) await page.screenshot({ path: `${process.env.MESHBOARD_SHOTS}/embed-panel-error.png` });
  await page.context().close();
});
