// A long dashboard's charts (issue 17): six rows of six time series against the devstack's
// Prometheus, Grafana's shared crosshair on (`graphTooltip: 1`). What a user sees, read from
// the DOM and the canvases: every chart canvas counts its paints in `data-draws`, and the
// crosshair is the one vertical line on a chart's overlay canvas.
// - Hovering one chart draws the crosshair on every chart in view, at the same time (all the
//   charts here share one query and range, so the same time is the same column).
// - Closing and opening a row repaints no other chart (same canvas element, same count).
// - A chart out of view is not painted when its data changes; it is painted once scrolled in.
// - On the screen itself (screenshots; grid items away from the viewport are skipped by the
//   browser): no panel in view is blank while scrolling or a frame after a row toggle, charts
//   show their canvas's ink and the shared crosshair, in both themes.
// MESHBOARD_SHOTS=dir saves the crosshair in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const url = (path) => new URL(path, BASE).href;
const ROWS = 6;
const PER_ROW = 6;

/** Rows of three-wide time series, all drawing one query over one range. */
function bigDashboard() {
  const panels = [];
  let id = 1;
  for (let r = 0; r < ROWS; r++) {
    const y = r * 17;
    panels.push({ id: id++, type: 'row', title: `Row ${r + 1}`, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    for (let i = 0; i < PER_ROW; i++) {
      panels.push({
        id: id++, type: 'timeseries', title: `Chart ${r + 1}.${i + 1}`,
        gridPos: { x: (i % 3) * 8, y: y + 1 + Math.floor(i / 3) * 8, w: 8, h: 8 },
        options: { legend: { showLegend: false }, tooltip: { mode: 'multi' } },
        targets: [{ refId: 'A', expr: 'sum(up)' }],
      });
    }
  }
  return { uid: 'e2e-big-dashboard', title: 'Big dashboard', graphTooltip: 1, schemaVersion: 39, time: { from: 'now-1h', to: 'now' }, panels };
}

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1280, height: 900 } });
  await page.getByTestId('import-note').waitFor();
  await page.getByTestId('import-text').fill(JSON.stringify(bigDashboard()));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  // An absolute range: every refresh asks for the same window, so the charts' x scales agree.
  const now = Date.now();
  const u = new URL(page.url());
  u.searchParams.set('from', String(now - 3_600_000));
  u.searchParams.set('to', String(now));
  await page.goto(u.href, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('dashboard-grid').waitFor();
  await chartsInViewDrawn();
});
after(async () => { await browser?.close(); });

/** Each chart by its panel title: paints so far, on screen or not, its overlay's box. */
const charts = () => page.$$eval('[data-testid="panel"]', (panels) => panels.map((p) => {
  const canvas = p.querySelector('canvas.ts-data');
  const overlay = p.querySelector('[data-testid="chart-overlay"]');
  const box = overlay.getBoundingClientRect();
  return {
    title: p.dataset.panelTitle, state: p.dataset.state, draws: Number(canvas.dataset.draws),
    inView: box.bottom > 0 && box.top < innerHeight, whole: box.top >= 0 && box.bottom <= innerHeight,
    box: { x: box.x, y: box.y, w: box.width, h: box.height },
  };
}));

/** Waits until every chart meeting the viewport has its data and has painted it. */
async function chartsInViewDrawn() {
  await page.waitForFunction(() => {
    const inView = [...document.querySelectorAll('[data-testid="panel"]')].filter((p) => {
      const r = p.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight;
    });
    return inView.length > 0 && inView.every((p) => p.dataset.state === 'ok' && Number(p.querySelector('canvas.ts-data').dataset.draws) > 0);
  }, null, { timeout: 60_000 });
}

const frames = (n = 2) => page.evaluate((count) => new Promise((resolve) => {
  const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(count);
}), n);

/** The x (CSS px from the overlay's left) of the vertical line drawn on each overlay in view,
 * or null where none is drawn: the column with the most painted pixels. */
const crosshairColumns = () => page.$$eval('[data-testid="panel"]', (panels) => panels.map((p) => {
  const c = p.querySelector('[data-testid="chart-overlay"]');
  const r = c.getBoundingClientRect();
  if (!(r.top >= 0 && r.bottom <= innerHeight) || !c.width) return null;
  const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
  const counts = new Array(width).fill(0);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (data[(y * width + x) * 4 + 3] > 0) counts[x]++;
  const best = counts.indexOf(Math.max(...counts));
  // A line, not markers: painted over at least a third of the canvas height.
  const column = counts[best] > height / 3 ? best / (c.width / r.width) : null;
  return { title: p.dataset.panelTitle, column };
}).filter(Boolean));

test('hovering one chart draws the crosshair at the same time on every chart in view', async () => {
  await page.evaluate(() => scrollTo(0, 0));
  await chartsInViewDrawn();
  const list = await charts();
  const whole = list.filter((c) => c.whole);
  assert.ok(whole.length >= 6, `at least six charts wholly in view: ${whole.map((c) => c.title)}`);
  const hovered = whole[0];
  const dx = Math.round(hovered.box.w * 0.6);
  await page.mouse.move(hovered.box.x + dx, hovered.box.y + hovered.box.h / 2);
  await frames();
  const lines = await crosshairColumns();
  assert.equal(lines.length, whole.length);
  // The hovered chart's line is at the sample nearest the pointer (samples are under 2 px
  // apart here); every other chart's is at that same time, so in the same column.
  const own = lines.find((l) => l.title === hovered.title);
  assert.ok(own.column !== null && Math.abs(own.column - dx) <= 3, `hovered chart: line at ${own.column} px, pointer at ${dx} px`);
  for (const line of lines) {
    assert.notEqual(line.column, null, `${line.title} shows the crosshair`);
    assert.ok(Math.abs(line.column - own.column) <= 1, `${line.title}: line at ${line.column} px, hovered chart's at ${own.column} px`);
  }
  if (SHOTS) {
    for (let i = 0; i < 2; i++) {
      const theme = await page.evaluate(() => document.documentElement.dataset.theme);
      await page.screenshot({ path: `${SHOTS}/bigdash-crosshair-${theme}.png` });
      await page.getByTestId('theme-toggle').click();
      await page.mouse.move(hovered.box.x + dx, hovered.box.y + hovered.box.h / 2 + 5);
      await frames(3);
    }
  }
  // The pointer leaves: every line goes.
  await page.mouse.move(2, 2);
  await frames();
  assert.deepEqual((await crosshairColumns()).filter((l) => l.column !== null), []);
});

test('moving the crosshair repaints overlays only, and only of charts in view', async () => {
  await page.evaluate(() => scrollTo(0, 0));
  await chartsInViewDrawn();
  const list = await charts();
  const hovered = list.find((c) => c.whole);
  const below = list.filter((c) => !c.inView).map((c) => c.title);
  assert.ok(below.length >= 6, `charts below the fold: ${below}`);
  const drawsBefore = Object.fromEntries(list.map((c) => [c.title, c.draws]));
  // A sweep across the chart, a frame per step as a pointer moves.
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(hovered.box.x + (hovered.box.w * i) / 14, hovered.box.y + hovered.box.h / 2);
    await frames(1);
  }
  await frames();
  const after = await charts();
  for (const c of after) assert.equal(c.draws, drawsBefore[c.title], `${c.title}: data canvas painted ${drawsBefore[c.title]} times before the sweep, ${c.draws} after`);
  // Every chart in view shows the line; the overlays of charts out of view hold no pixel.
  const lines = await crosshairColumns();
  assert.ok(lines.length >= 6 && lines.every((l) => l.column !== null), `lines in view: ${JSON.stringify(lines)}`);
  const inked = await page.$$eval('[data-testid="panel"]', (panels, titles) => panels
    .filter((p) => titles.includes(p.dataset.panelTitle))
    .filter((p) => {
      const c = p.querySelector('[data-testid="chart-overlay"]');
      if (!c.width) return false;
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < px.length; i += 4) if (px[i]) return true;
      return false;
    }).map((p) => p.dataset.panelTitle), below);
  assert.deepEqual(inked, [], 'no crosshair drawn on charts out of view');
  await page.mouse.move(2, 2);
  await frames();
});

test('closing and opening a row repaints no other chart', async () => {
  await page.evaluate(() => scrollTo(0, 0));
  await chartsInViewDrawn();
  // Each canvas element marked: a chart re-created would count from 0 again and could look
  // unchanged; a marked element that is still there is the same chart.
  const mark = () => page.$$eval('canvas.ts-data', (cs) => cs.forEach((c) => { c.dataset.e2eMark = c.closest('[data-testid="panel"]').dataset.panelTitle; }));
  const snapshot = () => page.$$eval('canvas.ts-data', (cs) => Object.fromEntries(cs.filter((c) => c.dataset.e2eMark).map((c) => [c.dataset.e2eMark, Number(c.dataset.draws)])));
  // The panels' own elements (header, legend, chart box) are kept too, not rebuilt: each
  // panel element carries a JS property a rebuilt one would not have.
  await page.$$eval('[data-testid="panel"]', (ps) => ps.forEach((p) => { p.e2eKept = p.dataset.panelTitle; }));
  const rebuilt = () => page.$$eval('[data-testid="panel"]', (ps) => ps.filter((p) => p.e2eKept !== p.dataset.panelTitle).map((p) => p.dataset.panelTitle));
  for (const collapse of [true, false]) {
    await mark();
    const before = await snapshot();
    const drawnBefore = Object.entries(before).filter(([, n]) => n > 0);
    assert.ok(drawnBefore.length >= 6, `charts drawn before: ${JSON.stringify(before)}`);
    await page.locator('[data-testid="dashboard-row"][data-row-title="Row 2"]').click();
    await page.waitForFunction((c) => document.querySelector('[data-row-title="Row 2"]').dataset.collapsed === String(c), collapse);
    await frames(3);
    await chartsInViewDrawn();
    const after = await snapshot();
    const row2 = (t) => t.startsWith('Chart 2.');
    // Only the toggled row's panels are new (when it opens); no other panel was rebuilt.
    assert.deepEqual((await rebuilt()).filter((t) => !row2(t)), [], 'panels outside the row kept');
    for (const [title, n] of drawnBefore) {
      if (collapse && row2(title)) {
        assert.equal(after[title], undefined, `${title} went with its row`);
      } else {
        assert.equal(after[title], n, `${title} painted ${n} times before and ${after[title]} after the toggle`);
      }
    }
    if (!collapse) {
      // The row's own charts came back and painted.
      const list = await charts();
      assert.ok(list.filter((c) => row2(c.title) && c.inView).every((c) => c.draws > 0));
      // Each grid item of the reopened row holds its own panel at its own place (the grid
      // reads an item's panel from where the layout found it, not from a copy).
      const items = await page.$$eval('[data-testid="grid-item"]', (els) => els
        .map((e) => ({ title: e.querySelector('[data-testid="panel"]')?.dataset.panelTitle, pos: e.dataset.gridPos }))
        .filter((i) => i.title?.startsWith('Chart 2.')));
      const expected = Array.from({ length: PER_ROW }, (_, i) => ({
        title: `Chart 2.${i + 1}`, pos: `${(i % 3) * 8},${17 + 1 + Math.floor(i / 3) * 8},8,8`,
      }));
      items.sort((a, b) => a.title.localeCompare(b.title));
      assert.deepEqual(items, expected, "the reopened row's panels at their places");
    }
  }
});

/** What the screen shows, not what the canvases hold: a screenshot decoded in a blank page of
 * its own (the app's CSP allows no data: images), `check(pixels, arg)` run there on its
 * `{ width, height, data }`. Items skipped by the browser (content-visibility) or not painted
 * yet are on the canvases but not on the screen: only this sees them. */
let decoder;
async function onScreen(check, arg) {
  const png = await page.screenshot();
  decoder ??= await browser.newPage();
  return decoder.evaluate(async ({ b64, source, arg: a }) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const g = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    g.drawImage(bitmap, 0, 0);
    const img = g.getImageData(0, 0, bitmap.width, bitmap.height);
    // eslint-disable-next-line no-new-func
    return new Function('pixels', 'arg', `return (${source})(pixels, arg);`)(img, a);
  }, { b64: png.toString('base64'), source: check.toString(), arg });
}

/** Each panel's grid item meeting the viewport, mounted or not (rows left out): its box and
 * the page's background colour. One whose only visible part is the bottom `entering` px has
 * just come in; its panel mounts when the IntersectionObserver reports it, which is after
 * the frame that brought it in: left out. */
const panelsInView = (entering = 0) => page.$$eval('[data-testid="grid-item"]', (items, edge) => {
  const hex = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim().replace('#', '');
  const bg = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return items.filter((i) => !i.querySelector('[data-testid="dashboard-row"]')).map((i) => {
    const r = i.getBoundingClientRect();
    const title = i.querySelector('[data-testid="panel"]')?.dataset.panelTitle ?? `unmounted ${i.dataset.key}`;
    return { title, x: r.x, y: r.y, w: r.width, h: r.height, bg };
  // At least 8 px of it on screen: a sliver at the edge holds no pixel inside its border.
  }).filter((r) => Math.min(r.y + r.h, innerHeight - edge) - Math.max(r.y, 0) >= 8);
}, entering);

/** Per panel: the share of its on-screen box showing the bare page background (a panel not
 * painted shows nothing but the page). */
const blankShare = ({ width, height, data }, boxes) => boxes.map((b) => {
  let bare = 0;
  let all = 0;
  for (let y = Math.max(0, Math.ceil(b.y) + 2); y < Math.min(height, b.y + b.h - 2); y += 2) {
    for (let x = Math.max(0, Math.ceil(b.x) + 2); x < Math.min(width, b.x + b.w - 2); x += 2) {
      const i = (y * width + x) * 4;
      all++;
      if (Math.abs(data[i] - b.bg[0]) + Math.abs(data[i + 1] - b.bg[1]) + Math.abs(data[i + 2] - b.bg[2]) < 6) bare++;
    }
  }
  return { title: b.title, bare: all ? bare / all : 0, sampled: all };
});

/** For each chart wholly in view: up to 400 points where its data canvas holds ink (colours
 * other than the canvas's own background: lines, axes, labels), in page pixels, with their
 * colour. */
const chartInk = () => page.$$eval('canvas.ts-data', (canvases) => canvases.map((c) => {
  const r = c.getBoundingClientRect();
  if (!(r.top >= 0 && r.bottom <= innerHeight) || !c.width || !c.height) return null;
  const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
  const counts = new Map();
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255) counts.set((data[i] << 16) | (data[i + 1] << 8) | data[i + 2], (counts.get((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]) || 0) + 1);
  const back = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? -1;
  const ink = [];
  for (let i = 0; i < data.length; i += 4) {
    const rgb = [data[i], data[i + 1], data[i + 2]];
    const far = Math.abs(rgb[0] - ((back >> 16) & 255)) + Math.abs(rgb[1] - ((back >> 8) & 255)) + Math.abs(rgb[2] - (back & 255));
    if (data[i + 3] === 255 && far > 90) ink.push({ x: r.x + ((i / 4) % width) * (r.width / width), y: r.y + Math.floor(i / 4 / width) * (r.height / height), rgb });
  }
  const step = Math.max(1, Math.floor(ink.length / 400));
  return { title: c.closest('[data-testid="panel"]').dataset.panelTitle, inked: ink.length, points: ink.filter((_, k) => k % step === 0) };
}).filter(Boolean));

/** Per chart: the share of its ink points the screen shows in their colour (within 3 px and a
 * small tolerance: the canvas may sit at a fractional offset). */
const inkShown = ({ width, height, data }, charts) => charts.map((c) => {
  const near = (p) => {
    for (let dy = -3; dy <= 3; dy++) {
      for (let dx = -3; dx <= 3; dx++) {
        const x = Math.round(p.x) + dx;
        const y = Math.round(p.y) + dy;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        const i = (y * width + x) * 4;
        if (Math.abs(data[i] - p.rgb[0]) + Math.abs(data[i + 1] - p.rgb[1]) + Math.abs(data[i + 2] - p.rgb[2]) < 60) return true;
      }
    }
    return false;
  };
  return { title: c.title, inked: c.inked, shown: c.points.length ? c.points.filter(near).length / c.points.length : 0 };
});

/** Per chart: the share of the line's rows where the screen shows a vertical line at its x
 * (within 1 px): a pixel set apart from both of its neighbours 4 px to the sides. */
const lineShown = ({ width, data }, lines) => lines.map((l) => {
  const at = (x, y) => { const i = (Math.round(y) * width + x) * 4; return [data[i], data[i + 1], data[i + 2]]; };
  const apart = (a, b) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) > 12;
  const shown = l.ys.filter((y) => [-1, 0, 1].some((d) => {
    const x = Math.round(l.x) + d;
    return apart(at(x, y), at(x - 4, y)) && apart(at(x, y), at(x + 4, y));
  })).length;
  return { title: l.title, rows: l.ys.length, shown: l.ys.length ? shown / l.ys.length : 0 };
});

test('panels scrolled to are on screen at once, and their charts show their data there', async () => {
  await page.evaluate(() => scrollTo(0, 0));
  await chartsInViewDrawn();
  // Down to row 3 (never in view yet) as a wheel does, 120 px a frame; after every step the
  // screen, not only the DOM, shows every panel meeting the viewport: none is left blank.
  const target = await page.$eval('[data-row-title="Row 3"]', (r) => r.getBoundingClientRect().top + scrollY - 10);
  let blanks = [];
  for (let step = 0; ; step++) {
    const was = await page.evaluate(() => scrollY);
    const at = await page.evaluate((t) => { scrollBy(0, Math.min(120, t - scrollY)); return scrollY; }, target);
    assert.ok(at > was, `the page scrolls on (at ${at} px, row 3 at ${target} px)`);
    await frames(1);
    if (step % 3 === 0 || at >= target) {
      const shown = await onScreen(blankShare, await panelsInView(130));
      blanks = blanks.concat(shown.filter((s) => s.bare > 0.5).map((s) => `${s.title} at ${at} px (${Math.round(s.bare * 100)} % bare)`));
    }
    if (at >= target) break;
  }
  assert.deepEqual(blanks, [], 'no panel in view shown blank while scrolling');
  // Once their data is in, each chart in view shows on screen what its canvas holds.
  await chartsInViewDrawn();
  await frames(2);
  const ink = await chartInk();
  assert.ok(ink.length >= 3 && ink.some((c) => c.title.startsWith('Chart 3.')), `row 3's charts wholly in view: ${ink.map((c) => c.title)}`);
  for (const c of ink) assert.ok(c.inked > 200, `${c.title}: its canvas holds a drawn chart (${c.inked} ink pixels)`);
  const shown = await onScreen(inkShown, ink);
  for (const s of shown) assert.ok(s.shown >= 0.9, `${s.title}: ${Math.round(s.shown * 100)} % of its chart's ink is on screen`);

  // The shared crosshair is on screen too, on every chart wholly in view, where its overlay
  // holds it.
  const list = (await charts()).filter((c) => c.whole);
  const hovered = list[0];
  await page.mouse.move(hovered.box.x + hovered.box.w * 0.4, hovered.box.y + hovered.box.h / 2);
  await frames(2);
  const lines = await crosshairColumns();
  assert.ok(lines.length >= 3 && lines.every((l) => l.column !== null), `lines: ${JSON.stringify(lines)}`);
  // Where each overlay holds the line (the rows of its column with ink), in page pixels.
  const overlays = await page.$$eval('[data-testid="chart-overlay"]', (cs, cols) => cs.map((c) => {
    const line = cols.find((l) => l.title === c.closest('[data-testid="panel"]').dataset.panelTitle);
    if (!line) return null;
    const r = c.getBoundingClientRect();
    const column = c.getContext('2d').getImageData(Math.round(line.column * (c.width / r.width)), 0, 1, c.height).data;
    const ys = [];
    for (let y = 0; y < c.height; y += 5) if (column[y * 4 + 3] > 0) ys.push(r.y + y * (r.height / c.height));
    return { title: line.title, x: r.x + line.column, ys };
  }).filter(Boolean), lines);
  const seen = await onScreen(lineShown, overlays);
  for (const s of seen) assert.ok(s.rows >= 10 && s.shown >= 0.8, `${s.title}: crosshair on screen at ${Math.round(s.shown * 100)} % of ${s.rows} rows`);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/bigdash-row3-crosshair.png` });
  await page.mouse.move(2, 2);
  await frames();

  // Row 3 closed and opened again: a frame after each click every panel in view is on screen,
  // the row's own (mounted at once) included. Panels that only now moved into view mount when
  // the IntersectionObserver reports them, after this frame: printed, not judged here.
  for (const collapse of ['true', 'false']) {
    await page.locator('[data-testid="dashboard-row"][data-row-title="Row 3"]').click();
    await page.waitForFunction((c) => document.querySelector('[data-row-title="Row 3"]').dataset.collapsed === c, collapse);
    await frames(1);
    const shown = await onScreen(blankShare, await panelsInView());
    const bare = shown.filter((s) => s.bare > 0.5);
    assert.ok(shown.filter((s) => !s.title.startsWith('unmounted')).length >= 3, `panels in view: ${JSON.stringify(shown)}`);
    assert.deepEqual(bare.filter((s) => !s.title.startsWith('unmounted')), [], `a frame after the row ${collapse === 'true' ? 'closed' : 'opened'}, no panel in view is blank`);
    if (bare.length) console.log(`row 3 ${collapse === 'true' ? 'closed' : 'opened'}: not yet mounted a frame later: ${bare.map((s) => s.title)}`);
  }
  // In the other theme too (the background compared against is that theme's).
  await chartsInViewDrawn();
  await page.getByTestId('theme-toggle').click();
  await frames(3);
  const other = await onScreen(blankShare, await panelsInView());
  assert.deepEqual(other.filter((s) => s.bare > 0.5), [], 'no panel in view blank in the other theme');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/bigdash-row3-other-theme.png` });
  await page.getByTestId('theme-toggle').click();
  await frames(2);
  await page.evaluate(() => scrollTo(0, 0));
});

test('a chart out of view is not painted when its data changes, and is once scrolled in', async () => {
  await page.evaluate(() => scrollTo(0, 0));
  await chartsInViewDrawn();
  const top = (await charts()).filter((c) => c.whole).map((c) => c.title);
  // Far below, first: those charts have not been painted (nor queried) yet.
  const last = (await charts()).filter((c) => c.title.startsWith(`Chart ${ROWS}.`));
  assert.ok(last.every((c) => !c.inView && c.draws === 0), `bottom charts untouched: ${JSON.stringify(last)}`);
  await page.evaluate(() => scrollTo(0, document.scrollingElement.scrollHeight));
  await chartsInViewDrawn();
  const atBottom = await charts();
  const shown = atBottom.filter((c) => c.inView);
  const hidden = atBottom.filter((c) => top.includes(c.title));
  assert.ok(hidden.every((c) => !c.inView && c.draws > 0), 'the top charts are drawn and now out of view');

  // New data for every loaded chart: the range moves back by half (the time picker's "‹",
  // clicked where it is, without scrolling the page to it), so all their queries run again.
  const scrolled = await page.evaluate(() => scrollY);
  const answered = page.waitForResponse((r) => /\/api\/v1\/query_range/.test(r.url()));
  await page.$eval('[data-testid="shift-earlier"]', (b) => b.click());
  await answered;
  assert.equal(await page.evaluate(() => scrollY), scrolled, 'the page stays where it was');
  await page.waitForFunction((seen) => seen.every(([t, n]) => Number(document.querySelector(`[data-panel-title="${t}"] canvas.ts-data`).dataset.draws) > n),
    shown.map((c) => [c.title, c.draws]), { timeout: 30_000 });
  // The charts above share the query that just answered (one request for identical queries):
  // their data is in; the charts in between were never in view and never asked.
  await page.waitForFunction((titles) => titles.every((t) => document.querySelector(`[data-panel-title="${t}"]`).dataset.state === 'ok'),
    hidden.map((c) => c.title));
  await frames(3);
  const afterRefresh = await charts();
  for (const c of hidden) {
    const now = afterRefresh.find((x) => x.title === c.title);
    assert.equal(now.state, 'ok');
    assert.equal(now.draws, c.draws, `${c.title} out of view: not painted on new data`);
  }

  await page.evaluate(() => scrollTo(0, 0));
  await page.waitForFunction((seen) => seen.every(([t, n]) => Number(document.querySelector(`[data-panel-title="${t}"] canvas.ts-data`).dataset.draws) === n + 1),
    hidden.map((c) => [c.title, c.draws]), { timeout: 30_000 });
  await frames(3);
  const back = await charts();
  for (const c of hidden) {
    assert.equal(back.find((x) => x.title === c.title).draws, c.draws + 1, `${c.title} painted once, scrolled in`);
  }
  assert.deepEqual(page.problems.filter((p) => !p.includes('Failed to load resource')), []);
});
