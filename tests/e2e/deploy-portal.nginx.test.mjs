// The example ops portal (deploy/example-portal/, served by the same nginx on another port, so
// another origin) embeds Meshboard behind nginx: a single panel and a kiosk dashboard. It
// drives them with postMessage and hears back; a page of an unlisted origin cannot; the
// transparent background lets the portal's colour through; blocked storage breaks nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dragAcross, launch, openPage } from './harness.mjs';
import { settledPanels } from './deploy-helpers.mjs';

const APP = process.env.MESHBOARD_URL;
const PORTAL = process.env.MESHBOARD_PORTAL_ORIGIN;
const FOREIGN = process.env.MESHBOARD_FOREIGN_ORIGIN;
const PORTAL_PAGE = `${PORTAL}/?meshboard=${encodeURIComponent(APP)}`;
// portal.css paints the page #e8eef6 (the portal's own colour): what shows through a
// transparent frame, and neither theme's background.
const PORTAL_BACKGROUND = [0xe8, 0xee, 0xf6];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Third-party storage blocked the way browsers do it: touching the storage getters throws. */
function blockStorage() {
  for (const name of ['localStorage', 'sessionStorage']) {
    Object.defineProperty(window, name, {
      configurable: true,
      get() { throw new DOMException(`Access to ${name} is denied for this document.`, 'SecurityError'); },
    });
  }
}

/** Opens the portal; resolves once both frames said `ready`. */
async function openPortal({ blockedStorage = false } = {}) {
  const page = await openPage(browser, null, { viewport: { width: 1400, height: 900 } });
  // Context init scripts run in every frame, cross-origin ones included.
  if (blockedStorage) await page.context().addInitScript(blockStorage);
  await page.goto(PORTAL_PAGE, { waitUntil: 'domcontentloaded' });
  const frame = async (id) => (await page.locator(`iframe#${id}`).elementHandle()).contentFrame();
  const panel = await frame('panel');
  const dashboard = await frame('dashboard');
  await page.waitForFunction(() => window.events.filter((e) => e.type === 'ready').length >= 2, null, { timeout: 120_000 });
  return { page, panel, dashboard };
}

const events = (page, type) => page.evaluate((t) => window.events.filter((e) => e.type === t), type);
const param = (frame, name) => frame.evaluate((n) => new URLSearchParams(location.search).get(n), name);
const waitForParam = (frame, name, value) => frame.waitForFunction(
  ([n, v]) => new URLSearchParams(location.search).get(n) === v, [name, value], { timeout: 30_000 },
);

/** Share of the pixels of `locator`'s screenshot that have exactly `rgb`. */
async function shareOfColour(page, locator, rgb) {
  const png = (await locator.screenshot()).toString('base64');
  const scratch = await page.context().newPage();
  const share = await scratch.evaluate(async ([data, [r, g, b]]) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    let same = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) same += 1;
    }
    return same / (pixels.length / 4);
  }, [png, rgb]);
  await scratch.close();
  return share;
}

/** The portal colour's share in the frame once `done` holds for it (charts redraw a frame
 * after a change), or as it is after ten looks. */
async function settledShare(page, frame, done) {
  let share = 0;
  for (let look = 0; look < 10; look += 1) {
    share = await shareOfColour(page, frame, PORTAL_BACKGROUND);
    if (done(share)) break;
  }
  return share;
}

test('the portal embeds one panel and a kiosk dashboard, and hears `ready` from both', async () => {
  const { page, panel, dashboard } = await openPortal();
  const ready = await events(page, 'ready');
  assert.deepEqual(ready.map((e) => e.version), [1, 1]);
  assert.ok(ready.some((e) => e.path.endsWith('/d-solo/meshboard-operations')), JSON.stringify(ready));
  assert.ok(ready.some((e) => e.path.endsWith('/d/meshboard-operations')), JSON.stringify(ready));

  const solo = await settledPanels(panel);
  assert.equal(solo.length, 1, JSON.stringify(solo));
  assert.equal(solo[0].state, 'ok', JSON.stringify(solo));
  // One panel fills the frame; neither frame shows Meshboard's own chrome.
  const frameBox = await page.locator('iframe#panel').boundingBox();
  const panelBox = await panel.locator('[data-testid="panel"]').boundingBox();
  assert.ok(panelBox.width > frameBox.width * 0.9 && panelBox.height > frameBox.height * 0.8, JSON.stringify({ frameBox, panelBox }));
  const board = await settledPanels(dashboard, { min: 3 });
  assert.deepEqual(board.filter((p) => p.state === 'error'), []);
  for (const frame of [panel, dashboard]) {
    assert.equal(await frame.getByTestId('topbar').count(), 0);
    assert.equal(await frame.getByTestId('nav').count(), 0);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the portal sets the time range and a variable through postMessage', async () => {
  const { page, panel, dashboard } = await openPortal();
  await page.locator('#last-hour').click();
  for (const frame of [panel, dashboard]) {
    await waitForParam(frame, 'from', 'now-1h');
    assert.equal(await param(frame, 'to'), 'now');
  }
  await page.locator('#job-fedzk').click();
  await waitForParam(dashboard, 'var-job', 'fedzk');
  const board = await settledPanels(dashboard, { min: 3 });
  assert.deepEqual(board.filter((p) => p.state === 'error'), []);
  // A range the host set is not reported back as the viewer's own change.
  assert.deepEqual(await events(page, 'timeRangeChanged'), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a drag-zoom inside the embedded panel reaches the portal as `timeRangeChanged`', async () => {
  const { page, panel } = await openPortal();
  await settledPanels(panel);
  await dragAcross(page, panel.getByTestId('chart-overlay'));
  await page.waitForFunction(() => window.events.some((e) => e.type === 'timeRangeChanged'), null, { timeout: 30_000 });
  const [changed] = await events(page, 'timeRangeChanged');
  assert.match(changed.from, /^\d+$/);
  assert.ok(Number(changed.to) > Number(changed.from), JSON.stringify(changed));
  assert.equal(await param(panel, 'from'), changed.from);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('messages from an origin not in embed.allowedOrigins change nothing', async () => {
  const { page, panel, dashboard } = await openPortal();
  await settledPanels(panel);
  await settledPanels(dashboard, { min: 3 });
  const searchBefore = await Promise.all([panel, dashboard].map((f) => f.evaluate(() => location.search)));
  // Count what reaches each frame, to know the foreign messages were delivered (and ignored).
  for (const frame of [panel, dashboard]) {
    await frame.evaluate((foreign) => {
      window.foreignMessages = 0;
      addEventListener('message', (e) => { if (e.origin === foreign) window.foreignMessages += 1; });
    }, FOREIGN);
  }
  await page.evaluate((src) => new Promise((resolve) => {
    const frame = Object.assign(document.createElement('iframe'), { id: 'foreign', src, onload: resolve });
    document.body.append(frame);
  }), `${FOREIGN}/foreign.html`);
  const foreign = await (await page.locator('iframe#foreign').elementHandle()).contentFrame();
  assert.equal(await foreign.evaluate(() => location.origin), FOREIGN);
  await foreign.evaluate(() => {
    for (const target of [parent.frames[0], parent.frames[1]]) {
      target.postMessage({ type: 'setTimeRange', from: 'now-7d', to: 'now' }, '*');
      target.postMessage({ type: 'setVariables', variables: { job: ['foreign'] } }, '*');
      target.postMessage({ type: 'setTheme', theme: 'light' }, '*');
      target.postMessage({ type: 'setTransparent', transparent: true }, '*');
    }
  });
  for (const frame of [panel, dashboard]) await frame.waitForFunction(() => window.foreignMessages === 4);
  // Then the portal itself speaks: once its message shows, the earlier ones had their turn.
  await page.evaluate(() => window.send({ type: 'setTimeRange', from: 'now-3h', to: 'now' }));
  const withoutRange = (search) => {
    const params = new URLSearchParams(search);
    params.delete('from');
    params.delete('to');
    return params.toString();
  };
  for (const [i, frame] of [panel, dashboard].entries()) {
    await waitForParam(frame, 'from', 'now-3h');
    assert.equal(withoutRange(await frame.evaluate(() => location.search)), withoutRange(searchBefore[i]));
    assert.notEqual(await param(frame, 'var-job'), 'foreign');
    assert.equal(await param(frame, 'theme'), null);
    assert.equal(await param(frame, 'transparent'), null);
    assert.equal(await frame.evaluate(() => document.documentElement.hasAttribute('data-transparent')), false);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the transparent option shows the portal\'s own colour through the frame', async () => {
  const { page, panel } = await openPortal();
  await page.locator('#light').click();
  await waitForParam(panel, 'theme', 'light');
  await settledPanels(panel);
  const backgrounds = () => panel.evaluate(() => ['html', 'body', '[data-testid="panel"]']
    .map((selector) => getComputedStyle(document.querySelector(selector)).backgroundColor));
  const opaque = await backgrounds();
  assert.ok(opaque.every((colour) => colour !== 'rgba(0, 0, 0, 0)'), opaque.join(' '));
  const frame = page.locator('iframe#panel');
  const before = await shareOfColour(page, frame, PORTAL_BACKGROUND);
  assert.ok(before < 0.05, `portal colour in ${before} of the opaque frame`);

  await page.locator('#transparent').click();
  await waitForParam(panel, 'transparent', '');
  assert.deepEqual(await backgrounds(), ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
  const light = await settledShare(page, frame, (share) => share > 0.5);
  assert.ok(light > 0.5, `portal colour in ${light} of the transparent light frame`);

  // Dark Meshboard: the portal gives the iframe the same color-scheme (deploy/README.md), or
  // the browser paints an opaque backdrop behind the frame.
  await page.evaluate(() => { document.getElementById('panel').style.colorScheme = 'dark'; });
  await page.evaluate(() => window.send({ type: 'setTheme', theme: 'dark' }));
  await waitForParam(panel, 'theme', 'dark');
  const dark = await settledShare(page, frame, (share) => share > 0.5);
  assert.ok(dark > 0.5, `portal colour in ${dark} of the transparent dark frame`);

  // The same from the URL alone, for portals that only set the iframe's src.
  await panel.goto(`${APP}d-solo/meshboard-operations?panelId=7&theme=dark&transparent`);
  await settledPanels(panel);
  assert.deepEqual(await backgrounds(), ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
  const fromUrl = await settledShare(page, frame, (share) => share > 0.5);
  assert.ok(fromUrl > 0.5, `portal colour in ${fromUrl} of the frame opened with ?transparent`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('with storage blocked in every frame, the embedded and the stand-alone app still render', async () => {
  const { page, panel, dashboard } = await openPortal({ blockedStorage: true });
  for (const frame of [panel, dashboard]) {
    const access = await frame.evaluate(() => { try { return typeof localStorage; } catch (e) { return e.name; } });
    assert.equal(access, 'SecurityError', 'storage is really blocked in the frame');
  }
  const [solo] = await settledPanels(panel);
  assert.equal(solo.state, 'ok');
  const board = await settledPanels(dashboard, { min: 3 });
  assert.deepEqual(board.filter((p) => p.state === 'error'), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const alone = await openPage(browser, null);
  await alone.context().addInitScript(blockStorage);
  await alone.goto(`${APP}explore/metrics?query=up&from=now-1h&to=now`, { waitUntil: 'domcontentloaded' });
  await alone.waitForFunction(() => document.querySelector('.explore-result [data-testid="panel"]')?.dataset.state === 'ok', null, { timeout: 120_000 });
  assert.deepEqual(alone.problems, []);
  await alone.context().close();
});
