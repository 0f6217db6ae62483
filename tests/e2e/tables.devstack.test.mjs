// Tables and transformations (issue 15) against the devstack: a dashboard imported from
// tests/fixtures/grafana/e2e/tables.json, whose panels carry real dashboards' transformations,
// options and field config verbatim (see tables.SOURCE.txt) over the devstack's metrics. Every
// cell is checked against Prometheus' own answer to the same instant query (the app's request
// replayed on MESHBOARD_PROMETHEUS_URL with the same time), after the transformation maths
// done here by hand; column order, renames and hidden columns as organize and the overrides
// say; footer reducers; the header-click sort.
// MESHBOARD_SHOTS=dir saves the dashboard in both themes, to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const PROMETHEUS = process.env.MESHBOARD_PROMETHEUS_URL;
const SHOTS = process.env.MESHBOARD_SHOTS;
const FIXTURE = new URL('../fixtures/grafana/e2e/tables.json', import.meta.url);
const url = (path) => new URL(path, BASE).href;

let browser;
let page;
/** Every instant query the app sent: its form ({query, time}). */
const instants = [];

before(async () => {
  browser = await launch();
  page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1500, height: 1100 } });
  page.on('request', (request) => {
    const u = new URL(request.url());
    if (!u.pathname.endsWith('/prometheus/api/v1/query')) return;
    const params = request.method() === 'POST' ? new URLSearchParams(request.postData() ?? '') : u.searchParams;
    instants.push(Object.fromEntries(params));
  });
  await page.getByTestId('import-text').fill(readFileSync(FIXTURE, 'utf8'));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  await settled(page);
});
after(async () => { await browser?.close(); });

async function settled(p) {
  await p.waitForFunction(() => {
    const panels = [...document.querySelectorAll('[data-testid="panel"]')];
    return panels.length === 5 && panels.every((el) => el.dataset.state === 'ok'
      && el.querySelector('[data-testid="table-row"]'));
  }, null, { timeout: 60_000, polling: 250 }).catch(async (error) => {
    const states = await p.$$eval('[data-testid="panel"]', (ps) => ps.map((el) => `${el.dataset.panelTitle}: ${el.dataset.state}`));
    if (SHOTS) await p.screenshot({ path: `${SHOTS}/tables-failed.png`, fullPage: true });
    throw new Error(`${error.message}\n${states.join('\n')}`);
  });
}

const panel = (title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"]`);

/** What a table panel shows: headers, cells (text and raw value), footer, column settings. */
async function shown(title) {
  return panel(title).evaluate((p) => {
    const table = p.querySelector('.data-table');
    return {
      headers: [...table.querySelectorAll('th .table-header-name')].map((th) => th.textContent),
      arrows: [...table.querySelectorAll('th .table-sort')].map((s) => s.textContent.trim()),
      rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => ({
        text: td.textContent, raw: td.dataset.raw, color: td.dataset.color, style: td.getAttribute('style') ?? '',
        fill: td.dataset.fill, cls: td.className, href: td.querySelector('a')?.getAttribute('href'),
      }))),
      footer: [...table.querySelectorAll('tfoot td')].map((td) => td.textContent),
      columns: JSON.parse(table.dataset.columns),
      frames: Number(p.querySelector('.table-panel').dataset.frames),
      unsupported: p.querySelector('.table-panel').dataset.unsupported,
    };
  });
}

/** Prometheus' answer to the app's last instant query `query`, at the same time: value by the
 * label `by`. */
async function prom(query, by) {
  const sent = instants.filter((r) => r.query === query);
  assert.ok(sent.length > 0, `the app queried ${query}`);
  const form = new URLSearchParams(sent[sent.length - 1]);
  const answer = await (await fetch(`${PROMETHEUS}/api/v1/query?${form}`)).json();
  assert.equal(answer.status, 'success', query);
  return new Map(answer.data.result.map((r) => [r.metric[by], Number(r.value[1])]));
}

/** The query text of target `refId` of panel `title` in the fixture. */
function expr(title, refId) {
  const dashboard = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const p = dashboard.panels.find((x) => x.title === title);
  return p.targets.find((t) => t.refId === refId).expr;
}

const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const column = (t, name) => t.headers.indexOf(name);

test('node-mixin Disk Space Usage: groupBy, merge, calculateField, organize, sortBy as Grafana', async () => {
  const t = await shown('Disk Space Usage');
  assert.equal(t.unsupported, '');
  assert.deepEqual(t.headers, ['Mounted on', 'Size', 'Available', 'Used', 'Used, %']);
  const size = await prom(expr('Disk Space Usage', 'A'), 'mountpoint');
  const avail = await prom(expr('Disk Space Usage', 'B'), 'mountpoint');
  assert.equal(t.rows.length, size.size);
  const mounts = t.rows.map((r) => r[0].raw);
  assert.deepEqual(mounts, [...size.keys()].sort(), 'sortBy Mounted on (ascending)');
  for (const row of t.rows) {
    const m = row[0].raw;
    close(Number(row[1].raw), size.get(m), `${m} size`);
    close(Number(row[2].raw), avail.get(m), `${m} available`);
    close(Number(row[3].raw), size.get(m) - avail.get(m), `${m} used`);
    close(Number(row[4].raw), (size.get(m) - avail.get(m)) / size.get(m), `${m} used %`);
    // The gauge fills its share (min 0, max 1 from the override) and reads as a percentage.
    assert.ok(Math.abs(Number(row[4].fill) - Math.min(1, Math.max(0, Number(row[4].raw)))) < 1e-4, `${m} gauge ${row[4].fill}`);
    assert.match(row[4].text, /%$/);
    assert.match(row[1].text, / (B|kB|MB|GB|TB)$/, 'decbytes');
  }
  const widths = Object.fromEntries(t.columns.map((c) => [c.name, c.width]));
  assert.deepEqual(widths, { 'Mounted on': 260, Size: 93, Available: 88, Used: 72, 'Used, %': null });
  assert.equal(t.columns[4].cellType, 'gauge');
  assert.equal(t.columns[4].unit, 'percentunit');
  // Numbers right-aligned, the text column left (custom.align auto).
  assert.deepEqual(t.columns.map((c) => c.align), ['left', 'right', 'right', 'right', 'right']);
});

test('kubernetes-mixin CPU Quota: outer join by pod, Time 1..5 excluded, renames, footer and sort', async () => {
  const t = await shown('CPU Quota');
  assert.deepEqual(t.headers, ['Pod', 'CPU Usage', 'CPU Requests', 'CPU Requests %', 'CPU Limits', 'CPU Limits %']);
  const usage = await prom(expr('CPU Quota', 'A'), 'pod');
  const pct = await prom(expr('CPU Quota', 'C'), 'pod');
  const limits = await prom(expr('CPU Quota', 'D'), 'pod');
  assert.equal(limits.size, 1, 'topk(1): one pod has limits');
  assert.equal(t.rows.length, usage.size, 'the outer join keeps every pod');
  // options.sortBy: Pod descending.
  const pods = t.rows.map((r) => r[0].raw);
  assert.deepEqual(pods, [...usage.keys()].sort().reverse());
  assert.deepEqual(t.arrows, ['▼', '', '', '', '', '']);
  for (const row of t.rows) {
    const pod = row[0].raw;
    close(Number(row[1].raw), usage.get(pod), `${pod} usage`);
    assert.equal(row[2].raw, '50');
    close(Number(row[3].raw), pct.get(pod), `${pod} requests %`);
    // A pod the limit query did not answer has an empty cell.
    assert.equal(row[4].raw, limits.has(pod) ? '100' : '', `${pod} limits`);
    // Grafana 11 interpolates data link URLs with its uriencode format (encodeURI: `:` stays).
    assert.equal(new URL(row[0].href, BASE).searchParams.get('var-pod'), pod, row[0].href);
  }
  const units = Object.fromEntries(t.columns.map((c) => [c.name, c.unit]));
  assert.equal(units['CPU Requests %'], 'percentunit');
  assert.equal(units['CPU Limits %'], 'percentunit');
  assert.equal(units['CPU Usage'], '');
  // Footer: the reducer's name under the text column, each numeric column summed.
  assert.equal(t.footer[0], 'Total');
  assert.equal(t.footer[2], String(50 * usage.size));
  assert.equal(t.footer[4], '100');
  // Header clicks: ascending, descending, then the join's own order.
  const header = panel('CPU Quota').getByTestId('table-header').filter({ hasText: /^CPU Usage/ });
  await header.click();
  let s = await shown('CPU Quota');
  const values = (x) => x.rows.map((r) => Number(r[1].raw));
  assert.deepEqual(values(s), [...values(s)].sort((a, b) => a - b));
  assert.deepEqual(s.arrows, ['', '▲', '', '', '', '']);
  await header.click();
  s = await shown('CPU Quota');
  assert.deepEqual(values(s), [...values(s)].sort((a, b) => b - a));
  await header.click();
  s = await shown('CPU Quota');
  assert.deepEqual(s.arrows, ['', '', '', '', '', '']);
  assert.deepEqual(s.rows.map((r) => r[0].raw), [...usage.keys()], 'the join keeps the first query\'s order');
});

test('dotdc Persistent Volumes: groupBy per query, seriesToColumns by claim, organize', async () => {
  const t = await shown('Persistent Volumes - Usage in GB');
  assert.deepEqual(t.headers, ['Persistent Volume Claim', 'Used', 'Total']);
  const used = await prom(expr('Persistent Volumes - Usage in GB', 'A'), 'persistentvolumeclaim');
  const total = await prom(expr('Persistent Volumes - Usage in GB', 'B'), 'persistentvolumeclaim');
  assert.equal(t.rows.length, used.size);
  for (const row of t.rows) {
    close(Number(row[1].raw), used.get(row[0].raw), 'used');
    close(Number(row[2].raw), total.get(row[0].raw), 'total');
  }
  assert.deepEqual(Object.fromEntries(t.columns.map((c) => [c.name, c.width])), {
    'Persistent Volume Claim': null, Used: 146, Total: 167,
  });
  assert.deepEqual(t.footer, [], 'footer.show false');
});

test('prometheus-mixin Prometheus Stats: two frames, displayName and custom.hidden overrides', async () => {
  let t = await shown('Prometheus Stats');
  assert.equal(t.frames, 2);
  // Time and Value #A are hidden ("true" as text), the labels renamed.
  assert.deepEqual(t.headers, ['Instance', 'Job']);
  const up = await prom(expr('Prometheus Stats', 'A'), 'instance');
  assert.deepEqual(t.rows.map((r) => r[0].raw).sort(), [...up.keys()].sort());
  await panel('Prometheus Stats').getByTestId('table-frame-picker').selectOption('1');
  t = await shown('Prometheus Stats');
  assert.deepEqual(t.headers, ['Instance', 'Job', 'Uptime']);
  const uptime = await prom(expr('Prometheus Stats', 'B'), 'instance');
  for (const row of t.rows) close(Number(row[2].raw), uptime.get(row[0].raw), 'uptime');
  assert.equal(t.columns[2].unit, 's');
});

test('merged table: color-background and color-text cells, widths, align, footer sum', async () => {
  const t = await shown('Memory by instance');
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  assert.deepEqual(t.headers, ['Instance', 'Used', 'CPU']);
  const used = await prom(expr('Memory by instance', 'A'), 'instance');
  const cpu = await prom(expr('Memory by instance', 'B'), 'instance');
  assert.equal(t.rows.length, used.size, 'merge: one row per instance');
  for (const row of t.rows) {
    close(Number(row[1].raw), used.get(row[0].raw), 'used');
    close(Number(row[2].raw), cpu.get(row[0].raw), 'cpu');
    // Used: the base threshold step's green (Grafana's green of the theme) as background.
    assert.equal(row[1].color, theme === 'light' ? '#56A64B' : '#73BF69');
    assert.match(row[1].style, /background/);
    // CPU: coloured text (threshold 80 %), centred.
    assert.match(row[2].style, /color/);
    assert.match(row[2].cls, /center/);
    assert.equal(row[2].text, `${Number(row[2].raw).toFixed(1)}%`);
  }
  const cols = Object.fromEntries(t.columns.map((c) => [c.name, c]));
  assert.equal(cols.CPU.width, 120);
  assert.equal(cols.CPU.cellType, 'color-text');
  assert.equal(cols.Used.cellType, 'color-background');
  const sum = [...cpu.values()].reduce((a, b) => a + b, 0);
  assert.equal(t.footer[0], 'Total');
  assert.match(t.footer[1], / (B|KiB|MiB|GiB|TiB)$/);
  assert.equal(t.footer[2], `${sum.toFixed(1)}%`);
  // Instance is filterable: its values listed, unchecking one hides its row (and its footer share).
  assert.equal(cols.Instance.filterable, true);
  await panel('Memory by instance').getByTestId('table-filter').click();
  const items = panel('Memory by instance').getByTestId('table-filter-item');
  assert.equal(await items.count(), t.rows.length);
  const hidden = (await items.first().textContent()).trim();
  await items.first().locator('input').uncheck();
  const filtered = await shown('Memory by instance');
  assert.equal(filtered.rows.length, t.rows.length - 1);
  assert.ok(!filtered.rows.some((r) => r[0].text === hidden), hidden);
  const rest = [...cpu.entries()].filter(([k]) => k !== hidden).reduce((a, [, v]) => a + v, 0);
  assert.equal(filtered.footer[2], `${rest.toFixed(1)}%`);
  await items.first().locator('input').check();
  assert.equal((await shown('Memory by instance')).rows.length, t.rows.length);
  assert.deepEqual(page.problems, []);
});

test('screenshots in both themes', { skip: !SHOTS }, async () => {
  for (const theme of ['dark', 'light']) {
    const themed = new URL(page.url());
    themed.searchParams.set('theme', theme);
    await page.goto(themed.href);
    await settled(page);
    await page.screenshot({ path: `${SHOTS}/tables-${theme}.png`, fullPage: true });
  }
});
