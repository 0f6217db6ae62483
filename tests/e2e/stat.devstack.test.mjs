// Stat, gauge, bar gauge, legacy singlestat and "No data" (issue 14 items 3 and 5) against the
// devstack: a dashboard imported from tests/fixtures/grafana/e2e/single-value.json (options of
// Node Exporter Full's panels on the devstack's metrics). Each value shown must be the number
// Prometheus answers for the panel's own query after its reducer, formatted with its unit;
// colorMode none paints no threshold colour; gauges lie inside their panels; a legacy
// singlestat keeps its prefix and % and draws no sparkline; empty panels say "No data" inside
// their box, over the chart of a time series. The provisioned Resources dashboard's twelve memory
// gauges each fill their own cell of the panel (Grafana's autoGrid), in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURE = new URL('../fixtures/grafana/e2e/single-value.json', import.meta.url);
const url = (path) => new URL(path, BASE).href;

let browser;
let page;
/** Every query_range the app sent: {query, start, end, step}. */
const ranges = [];

before(async () => {
  browser = await launch();
  page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1400, height: 1000 } });
  page.on('request', (request) => {
    const u = new URL(request.url());
    if (!u.pathname.endsWith('/prometheus/api/v1/query_range')) return;
    const params = request.method() === 'POST' ? new URLSearchParams(request.postData() ?? '') : u.searchParams;
    ranges.push({ query: params.get('query'), start: params.get('start'), end: params.get('end'), step: params.get('step') });
  });
  await page.getByTestId('import-text').fill(readFileSync(FIXTURE, 'utf8'));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  await waitSettled(page);
  await shoot(page, 'stat-system');
});
after(async () => { await browser?.close(); });

async function waitSettled(p) {
  await p.waitForFunction(() => {
    const panels = [...document.querySelectorAll('[data-testid="panel"]')];
    return panels.length === 10 && panels.every((el) => el.dataset.state === 'ok' || el.dataset.state === 'empty');
  }, null, { timeout: 60_000, polling: 250 }).catch(async (error) => {
    const states = await p.$$eval('[data-testid="panel"]', (ps) => ps.map((el) => `${el.dataset.panelTitle}: ${el.dataset.state}`));
    throw new Error(`${error.message}\n${states.join('\n')}`);
  });
}

/** With MESHBOARD_SCREENSHOTS=DIR, saves what the user sees there (for review, not asserted). */
async function shoot(p, name) {
  const dir = process.env.MESHBOARD_SCREENSHOTS;
  if (dir) await p.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

const panel = (title, p = page) => p.locator(`[data-testid="panel"][data-panel-title="${title}"]`);

/** The values Prometheus gives for the last query_range the app sent for `query`, per series. */
async function promSeries(query) {
  const sent = ranges.filter((r) => r.query === query);
  assert.ok(sent.length > 0, `the app queried ${query}`);
  const last = sent[sent.length - 1];
  const form = new URLSearchParams(last);
  const answer = await (await fetch(url(`prometheus/api/v1/query_range?${form}`))).json();
  assert.equal(answer.status, 'success');
  return answer.data.result.map((r) => ({ metric: r.metric, values: r.values.map(([, v]) => Number(v)) }));
}

const lastNotNull = (vs) => vs.filter((v) => !Number.isNaN(v)).at(-1);
const mean = (vs) => vs.reduce((a, b) => a + b, 0) / vs.length;

/** The attributes a single value exposes. */
async function shown(locator) {
  return locator.evaluate((el) => ({
    text: el.dataset.valueText,
    color: el.dataset.valueColor,
    percent: el.dataset.percent,
    mode: el.dataset.colorMode,
    visible: el.textContent,
  }));
}

test('a gauge shows the last value Prometheus gives, in its threshold colour, inside its panel', async () => {
  for (const [title, query] of [['CPU Busy', 'max(system_cpu_usage_percent)'], ['Wide gauge', 'max(system_cpu_usage_percent) + 0']]) {
    const [series] = await promSeries(query);
    const v = lastNotNull(series.values);
    const g = panel(title).getByTestId('gauge-value');
    const s = await shown(g);
    assert.equal(s.text, `${v.toFixed(1)}%`, title);
    assert.ok(Math.abs(Number(s.percent) - v / 100) < 1e-3, `${title}: percent ${s.percent} for ${v}`);
    assert.equal(await g.locator('.gauge-text').textContent(), s.text);
    // The whole arc (stroke included) and the text lie inside the panel's body.
    const fits = await panel(title).evaluate((p) => {
      const body = p.querySelector('.panel-body').getBoundingClientRect();
      const inside = (r, pad = 0) => r.left - pad >= body.left - 0.5 && r.right + pad <= body.right + 0.5
        && r.top - pad >= body.top - 0.5 && r.bottom + pad <= body.bottom + 0.5;
      const track = p.querySelector('.gauge-track');
      const band = Number(track.getAttribute('stroke-width'));
      return { track: inside(track.getBoundingClientRect(), band / 2), text: inside(p.querySelector('.gauge-text').getBoundingClientRect()), band };
    });
    assert.deepEqual(fits, { ...fits, track: true, text: true }, title);
    assert.ok(fits.band >= 4, `${title}: a visible band`);
  }
  // Below 85 %: the base step's colour, and the markers show every step.
  const cpu = await shown(panel('CPU Busy').getByTestId('gauge-value'));
  if (Number(cpu.percent) < 0.85) assert.equal(cpu.color, 'rgba(50, 172, 45, 0.97)');
  assert.ok(await panel('CPU Busy').locator('.sv-gauge path').count() >= 4, 'track, value and threshold markers');
  assert.equal(await panel('CPU Busy').getByRole('meter').getAttribute('aria-valuetext'), cpu.text);
});

test('colorMode none paints no threshold colour; bytes with the unit drawn smaller', async () => {
  const [series] = await promSeries('max(system_memory_total_bytes)').catch(() => [null]);
  const stat = panel('RAM Total').getByTestId('stat-value');
  const s = await shown(stat);
  assert.equal(s.mode, 'none');
  assert.equal(s.color, 'text');
  const colors = await panel('RAM Total').evaluate((p) => ({
    value: getComputedStyle(p.querySelector('.sv-value')).color,
    panel: getComputedStyle(p).color,
    background: getComputedStyle(p.querySelector('[data-testid="stat-value"]')).backgroundColor,
  }));
  assert.equal(colors.value, colors.panel, 'the theme text colour, not threshold red');
  assert.notEqual(colors.value, 'rgb(242, 73, 92)');
  assert.equal(colors.background, 'rgba(0, 0, 0, 0)');
  assert.match(s.text, /^\d+(\.\d+)? (B|KiB|MiB|GiB|TiB)$/);
  if (series) {
    const v = lastNotNull(series.values);
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    const i = Math.min(4, Math.floor(Math.log(v) / Math.log(1024)));
    assert.equal(s.text, `${(v / 1024 ** i).toFixed(0)} ${units[i]}`);
  }
  const sizes = await stat.evaluate((el) => ({
    value: parseFloat(getComputedStyle(el.querySelector('.sv-value')).fontSize),
    suffix: parseFloat(getComputedStyle(el.querySelector('.sv-affix')).fontSize),
  }));
  assert.ok(sizes.suffix < sizes.value, `suffix ${sizes.suffix}px smaller than ${sizes.value}px`);
});

test('a mean stat with a background shows the mean of the same query, readable on its colour', async () => {
  const [series] = await promSeries('avg(system_cpu_usage_percent)');
  const stat = panel('CPU mean').getByTestId('stat-value');
  const s = await shown(stat);
  assert.equal(s.text, `${mean(series.values).toFixed(2)}%`);
  assert.equal(s.mode, 'background');
  const look = await stat.evaluate((el) => ({ bg: getComputedStyle(el).backgroundImage, color: getComputedStyle(el.querySelector('.sv-value')).color }));
  assert.match(look.bg, /linear-gradient/);
  // Green takes Grafana's dark text (the larger contrast).
  assert.equal(look.color, 'rgb(32, 34, 38)');
  assert.equal(await panel('CPU mean').getByTestId('stat-sparkline').count(), 1, 'area graph mode draws a sparkline');
});

test('a value mapping replaces the text and the colour', async () => {
  const s = await shown(panel('Targets').getByTestId('stat-value'));
  assert.equal(s.text, 'Some up');
  assert.equal(s.color, '#b877d9');
});

test('a bar gauge without max spans the data range of the panel', async () => {
  const series = await promSeries('topk(4, system_memory_usage_bytes)');
  const bars = panel('Memory used').getByTestId('bargauge-value');
  assert.equal(await bars.count(), series.length);
  const percents = await bars.evaluateAll((els) => els.map((el) => Number(el.dataset.percent)));
  // Grafana's findNumericFieldMinMax: min and max over every value of every series.
  const all = series.flatMap((s) => s.values).filter((v) => !Number.isNaN(v));
  const lo = Math.min(...all), hi = Math.max(...all);
  for (const s of series) {
    const v = lastNotNull(s.values);
    assert.ok(percents.some((p) => Math.abs(p - (v - lo) / (hi - lo)) < 1e-3), `a bar at ${(v - lo) / (hi - lo)} for ${v} in ${percents}`);
  }
  const widths = await bars.evaluateAll((els) => els.map((el) => {
    const track = el.querySelector('.bar-track').getBoundingClientRect().width;
    return el.querySelector('.bar-fill').getBoundingClientRect().width / track;
  }));
  for (const [i, w] of widths.entries()) assert.ok(Math.abs(w - percents[i]) < 0.02, `bar ${i} drawn ${w} of its track`);
});

test('a legacy singlestat keeps its prefix and %, colours the value and draws no sparkline; gauge.show draws a gauge', async () => {
  const [series] = await promSeries('max(system_cpu_usage_percent) * 1');
  const v = lastNotNull(series.values);
  const legacy = panel('Legacy CPU');
  const s = await shown(legacy.getByTestId('stat-value'));
  assert.equal(s.text, `cpu ${v.toFixed(1)}%`);
  assert.equal(s.color, '#299c46', 'colorValue: the base colour of the thresholds string');
  assert.equal(await legacy.getByTestId('stat-sparkline').count(), 0);
  const [gauge] = await promSeries('max(system_cpu_usage_percent) - 0');
  const g = await shown(panel('Legacy gauge').getByTestId('gauge-value'));
  assert.equal(g.text, `${lastNotNull(gauge.values).toFixed(0)}%`);
});

test('empty panels say "No data" (or their noValue) inside their box, over the chart of a time series', async () => {
  for (const [title, says] of [['Empty stat', 'Nothing yet'], ['Empty chart', 'No data']]) {
    const p = panel(title);
    assert.equal(await p.getAttribute('data-state'), 'empty');
    const empty = p.getByTestId('panel-empty');
    assert.equal((await empty.textContent()).trim(), says, `${title}: its noValue, else No data`);
    assert.ok(await empty.isVisible(), `${title}: visible`);
    const geometry = await p.evaluate((el) => {
      const body = el.querySelector('.panel-body').getBoundingClientRect();
      const box = el.getBoundingClientRect();
      const text = document.createRange();
      text.selectNodeContents(el.querySelector('[data-testid="panel-empty"]'));
      const t = text.getBoundingClientRect();
      const top = document.elementFromPoint(t.left + t.width / 2, t.top + t.height / 2);
      return {
        inside: t.left >= box.left && t.right <= box.right && t.top >= box.top && t.bottom <= box.bottom,
        dx: Math.abs((t.left + t.right) / 2 - (body.left + body.right) / 2),
        dy: Math.abs((t.top + t.bottom) / 2 - (body.top + body.bottom) / 2),
        onTop: !!top?.closest('[data-testid="panel-empty"]'),
      };
    });
    assert.ok(geometry.inside, `${title}: inside the panel`);
    assert.ok(geometry.dx < 4 && geometry.dy < 4, `${title}: centred (${geometry.dx}, ${geometry.dy})`);
    assert.ok(geometry.onTop, `${title}: nothing drawn over the message`);
  }
  assert.deepEqual(page.problems, []);
});

test('light and dark themes keep colorMode none in the theme text colour and backgrounds readable', async () => {
  // The imported dashboard lives in this page's storage: the same page, with theme=light.
  const light = page;
  const target = new URL(page.url());
  target.searchParams.set('theme', 'light');
  await light.goto(target.href, { waitUntil: 'domcontentloaded' });
  await light.getByTestId('dashboard-grid').waitFor();
  await waitSettled(light);
  await shoot(light, 'stat-light');
  const colors = await panel('RAM Total', light).evaluate((p) => ({
    value: getComputedStyle(p.querySelector('.sv-value')).color,
    panel: getComputedStyle(p).color,
  }));
  assert.equal(colors.value, colors.panel);
  const bg = await panel('CPU mean', light).getByTestId('stat-value').evaluate((el) => getComputedStyle(el.querySelector('.sv-value')).color);
  assert.ok(['rgb(32, 34, 38)', 'rgb(247, 248, 250)'].includes(bg));
  assert.equal(await light.evaluate(() => document.documentElement.dataset.theme), 'light');
  // And dark: the theme text colour again for colorMode none.
  target.searchParams.set('theme', 'dark');
  await page.goto(target.href, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('dashboard-grid').waitFor();
  await waitSettled(page);
  await shoot(page, 'stat-dark');
  const dark = await panel('RAM Total').evaluate((p) => [getComputedStyle(p.querySelector('.sv-value')).color, getComputedStyle(p).color]);
  assert.equal(dark[0], dark[1]);
  assert.deepEqual(page.problems, []);
});

/** What a multi-gauge panel draws: the body, every value's cell, and the box of the ink of its arcs (track, fill, markers). */
async function gaugeInk(p) {
  return p.evaluate((el) => {
    const body = el.querySelector('.panel-body').getBoundingClientRect();
    const cells = [...el.querySelectorAll('[data-testid="gauge-value"]')].map((cell) => {
      const c = cell.getBoundingClientRect();
      let [l, t, r, b] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const path of cell.querySelectorAll('.sv-gauge path')) {
        const box = path.getBoundingClientRect();
        const half = Number(path.getAttribute('stroke-width') || 0) / 2;
        if (box.width === 0 && box.height === 0) continue;
        [l, t, r, b] = [Math.min(l, box.left - half), Math.min(t, box.top - half), Math.max(r, box.right + half), Math.max(b, box.bottom + half)];
      }
      return { cell: [c.left - body.left, c.top - body.top, c.width, c.height], ink: [l - body.left, t - body.top, r - l, b - t] };
    });
    return { body: [body.width, body.height], cells };
  });
}

test('the Resources dashboard\'s Memory utilisation gauges fill the panel, one cell each, in both themes', async (t2) => {
  for (const theme of ['dark', 'light']) {
    const p = await openPage(browser, url(`d/meshboard-resources?refresh=off&theme=${theme}`), { viewport: { width: 1400, height: 1000 } });
    const memory = panel('Memory utilisation', p);
    await memory.getByTestId('gauge-value').first().waitFor({ timeout: 60_000 });
    await p.waitForFunction(() => document.querySelector('[data-testid="panel"][data-panel-title="Memory utilisation"]')?.dataset.state === 'ok', null, { timeout: 60_000, polling: 250 });
    await shoot(p, `stat-resources-${theme}`);
    const { body, cells } = await gaugeInk(memory);
    const info = JSON.stringify({ body, cells });
    assert.ok(cells.length >= 1, `gauges drawn: ${info}`);
    // The arcs of every gauge together span most of the body (Grafana's VizRepeater fills it),
    // counting only the ink inside the body: what overflows is clipped, the user never sees it.
    const clip = (v, hi) => Math.min(Math.max(v, 0), hi);
    const [l, t] = [Math.min(...cells.map((c) => clip(c.ink[0], body[0]))), Math.min(...cells.map((c) => clip(c.ink[1], body[1])))];
    const r = Math.max(...cells.map((c) => clip(c.ink[0] + c.ink[2], body[0])));
    const b = Math.max(...cells.map((c) => clip(c.ink[1] + c.ink[3], body[1])));
    t2.diagnostic(`${theme}: ${cells.length} gauges, arcs span ${(r - l).toFixed(0)}x${(b - t).toFixed(0)} of a ${body[0].toFixed(0)}x${body[1].toFixed(0)} body; first cell ${cells[0].cell[2].toFixed(0)}x${cells[0].cell[3].toFixed(0)}, its arcs ${cells[0].ink[2].toFixed(0)}x${cells[0].ink[3].toFixed(0)}`);
    assert.ok((r - l) >= 0.6 * body[0] || (b - t) >= 0.6 * body[1], `${theme}: arcs span ${(r - l).toFixed(0)}x${(b - t).toFixed(0)} of a ${body[0].toFixed(0)}x${body[1].toFixed(0)} body: ${info}`);
    // And each gauge fills its own cell, the cells inside the body.
    for (const { cell, ink } of cells) {
      assert.ok(ink[2] >= 0.6 * cell[2] || ink[3] >= 0.6 * cell[3], `${theme}: a gauge's arcs ${ink[2].toFixed(0)}x${ink[3].toFixed(0)} in a ${cell[2].toFixed(0)}x${cell[3].toFixed(0)} cell: ${info}`);
      assert.ok(cell[0] >= -0.5 && cell[1] >= -0.5 && cell[0] + cell[2] <= body[0] + 0.5 && cell[1] + cell[3] <= body[1] + 0.5, `${theme}: cell inside the body: ${info}`);
    }
    assert.deepEqual(p.problems, []);
    await p.close();
  }
});
