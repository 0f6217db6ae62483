// `cargo xtask fidelity`'s browser half: imports each corpus dashboard through /dashboard/import
// as a user would, expands every row, scrolls every panel into view and sorts each panel into
// drawn right, wrong (with the reasons) or no data in Prometheus either. What Prometheus
// returned is read from the app's own requests (the same query, interpolation and range), so
// "no data" is Prometheus's answer, not a guess. Prints a table per dashboard, writes
// report.json and a full-page screenshot per dashboard to $FIDELITY_OUT.
//
// Not a *.test.mjs: it measures, it does not assert, so the e2e runs do not pick it up.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage } from '../harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURES = process.env.MESHBOARD_FIXTURES;
const OUT = process.env.FIDELITY_OUT || 'target/fidelity';
const LIGHT = process.env.FIDELITY_LIGHT === '1';
const names = process.argv.slice(2);
const url = (path) => new URL(path, BASE).toString();

// Panels that query nothing (or nothing Meshboard measures here): not counted.
const NO_QUERY_TYPES = new Set(['row', 'text', 'dashlist', 'news', 'annolist', 'welcome']);
// Unit ids that are also what Grafana prints, so seeing them in the text is no bug.
const SELF_SHOWN_UNITS = new Set(['s', 'ms', 'ns', 'µs', 'm', 'h', 'd', 'ops', 'B', 'Hz', 'none', 'short', '%']);

/** Every panel of the dashboard JSON, rows' children included (both layouts). */
function jsonPanels(dashboard) {
  const out = [];
  const walk = (list) => {
    for (const p of list || []) {
      out.push(p);
      if (p.panels) walk(p.panels);
    }
  };
  walk(dashboard.panels);
  for (const row of dashboard.rows || []) walk(row.panels);
  return out;
}

function exprsOf(panel) {
  return (panel.targets || []).filter((t) => !t.hide && typeof t.expr === 'string' && t.expr.trim() !== '').map((t) => t.expr);
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern for a text with Grafana variables: each variable reference matches anything. */
function templatePattern(text) {
  const parts = text.split(/(\$\{[^}]+\}|\[\[[^\]]+\]\]|\$\w+)/);
  const re = parts.map((part, i) => (i % 2 === 1 ? '[\\s\\S]*?' : escapeRe(part))).join('');
  return new RegExp(`^${re}$`);
}

/** Whitespace does not change PromQL's meaning; compare without it. */
const squash = (s) => s.replace(/\s+/g, '');

/** Grafana's stringToJsRegex: `/pattern/flags` or an anchored plain pattern. */
function grafanaRegex(text) {
  const m = /^\/(.*)\/([gimsuy]*)$/s.exec(text);
  try {
    return m ? new RegExp(m[1], m[2].replace('g', '')) : new RegExp(`^${text}$`);
  } catch {
    return null;
  }
}

/** What the dashboard asks for one series, for the unambiguous properties. `null` = no claim. */
function expectedFor(panel, seriesName) {
  const defaults = panel.fieldConfig?.defaults || {};
  const custom = defaults.custom || {};
  const want = {
    unit: defaults.unit ?? null,
    transform: custom.transform ?? null,
    stacking: custom.stacking?.mode ?? null,
    hideViz: custom.hideFrom?.viz ?? null,
    axisPlacement: custom.axisPlacement ?? null,
  };
  for (const override of panel.fieldConfig?.overrides || []) {
    const { id, options } = override.matcher || {};
    let matches;
    if (id === 'byName') matches = options === seriesName;
    else if (id === 'byRegexp') matches = grafanaRegex(String(options))?.test(seriesName) ?? false;
    else matches = 'unknown';
    for (const prop of override.properties || []) {
      const key = { unit: 'unit', 'custom.transform': 'transform', 'custom.stacking': 'stacking', 'custom.hideFrom': 'hideViz', 'custom.axisPlacement': 'axisPlacement' }[prop.id];
      if (!key) continue;
      if (matches === 'unknown') want[key] = undefined; // another matcher: no claim either way
      else if (matches && want[key] !== undefined) {
        want[key] = key === 'stacking' ? prop.value?.mode ?? null : key === 'hideViz' ? prop.value?.viz ?? null : prop.value;
      }
    }
  }
  return want;
}

/** Reasons a drawn series differs from what the dashboard asks. */
function seriesMismatches(panel, meta) {
  const reasons = [];
  for (const s of meta) {
    const want = expectedFor(panel, s.name);
    const got = {
      unit: s.unit ?? null,
      transform: s.transform ?? null,
      stacking: s.stacking?.mode ?? 'none',
      hideViz: !!s.hideFrom?.viz,
      axisPlacement: s.axisPlacement ?? 'auto',
    };
    if (want.unit != null && want.unit !== got.unit) reasons.push(`unit ${got.unit} instead of ${want.unit}`);
    if (want.transform === 'negative-Y' && got.transform !== 'negative-Y') reasons.push('negative-Y not applied');
    if (want.transform === null && got.transform === 'negative-Y') reasons.push('negative-Y applied where not asked');
    if (want.stacking != null && want.stacking !== got.stacking) reasons.push(`stacking ${got.stacking} instead of ${want.stacking}`);
    if (want.hideViz === true && !got.hideViz) reasons.push('series hidden from viz drawn');
    if (want.hideViz === false && got.hideViz) reasons.push('series hidden that is not hidden in Grafana');
    if (want.axisPlacement && want.axisPlacement !== 'auto' && want.axisPlacement !== got.axisPlacement) {
      reasons.push(`axis ${got.axisPlacement} instead of ${want.axisPlacement}`);
    }
  }
  return [...new Set(reasons)];
}

/** Grafana's reducers over one series' values (nulls and NaN skipped where Grafana skips them). */
function reduce(calc, values) {
  const nums = values.filter((v) => Number.isFinite(v));
  if (values.length === 0) return null;
  switch (calc) {
    case 'last': return values[values.length - 1];
    case 'lastNotNull': return nums.length ? nums[nums.length - 1] : null;
    case 'first': return values[0];
    case 'firstNotNull': return nums.length ? nums[0] : null;
    case 'mean': return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null;
    case 'max': return nums.length ? Math.max(...nums) : null;
    case 'min': return nums.length ? Math.min(...nums) : null;
    case 'sum': return nums.reduce((a, b) => a + b, 0);
    case 'count': return values.length;
    case 'range': return nums.length ? Math.max(...nums) - Math.min(...nums) : null;
    case 'delta': case 'diff': return nums.length ? nums[nums.length - 1] - nums[0] : null;
    default: return undefined; // a reducer this check does not model
  }
}

function reducerOf(panel) {
  if (panel.type === 'singlestat') {
    return { avg: 'mean', current: 'lastNotNull', max: 'max', min: 'min', total: 'sum', first: 'firstNotNull', delta: 'delta', diff: 'diff', range: 'range' }[panel.valueName || 'avg'];
  }
  return panel.options?.reduceOptions?.calcs?.[0] || 'lastNotNull';
}

// Unit suffixes Grafana prints, as multipliers back to the raw value.
const SCALE = {
  '': 1, K: 1e3, k: 1e3, Mil: 1e6, M: 1e6, Bil: 1e9, B: 1e9, G: 1e9, Tri: 1e12, T: 1e12,
  b: 1, 'B ': 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, PiB: 1024 ** 5,
  kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15,
  ns: 1e-9, 'µs': 1e-6, ms: 1e-3, s: 1, min: 60, hour: 3600, day: 86400, week: 604800, year: 31536000,
};

/** The number a displayed text stands for in the unit's base, or undefined when not parsable. */
function shownValue(text, unit) {
  const m = /(-?\d[\d,]*\.?\d*(?:e[+-]?\d+)?)\s*([A-Za-zµ%/]*)/.exec(text.trim());
  if (!m) return undefined;
  let n = Number(m[1].replace(/,/g, ''));
  const suffix = m[2];
  if (unit === 'percentunit') return suffix === '%' ? n / 100 : undefined;
  if (unit === 'percent') return suffix === '%' ? n : undefined;
  const key = suffix.replace(/s$/, '') in SCALE && !(suffix in SCALE) ? suffix.replace(/s$/, '') : suffix;
  if (['bytes', 'decbytes', 'bits', 's', 'ms', 'short', 'none', undefined, null, ''].includes(unit ?? '')) {
    if (key === 'B' && (unit === 'bytes' || unit === 'decbytes')) return n;
    if (key in SCALE) return n * SCALE[key] / (unit === 'ms' ? 1e-3 : 1);
  }
  return undefined;
}

const close = (a, b) => Math.abs(a - b) <= Math.max(1e-9, 0.05 * Math.max(Math.abs(a), Math.abs(b))) || Math.abs(a - b) < 0.011;

/** Imports one dashboard, measures every panel, screenshots it. */
async function measure(browser, name) {
  const text = readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
  const dashboard = JSON.parse(text);
  const panelsJson = jsonPanels(dashboard).filter((p) => p.type !== 'row');
  const page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1600, height: 1000 } });
  // Every Prometheus answer the app got: query text -> list of results.
  const answers = [];
  page.on('response', async (response) => {
    const u = new URL(response.url());
    if (!/\/prometheus\/api\/v1\/query(_range)?$/.test(u.pathname)) return;
    let params = u.searchParams;
    const post = response.request().postData();
    if (post) params = new URLSearchParams(post);
    const query = params.get('query');
    try {
      const body = await response.json();
      answers.push({ query, instant: u.pathname.endsWith('/query'), status: body.status, result: body.data?.result || [], error: body.error });
    } catch {
      answers.push({ query, status: 'unreadable', result: [] });
    }
  });
  // Uploaded as a user picks the exported file: typing 500 kB into the text area (`fill`)
  // takes longer than a minute in a debug build.
  await page.getByTestId('import-file').setInputFiles(join(FIXTURES, `${name}.json`));
  await page.waitForFunction(() => document.querySelector('[data-testid="import-text"]').value.length > 100);
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//, { timeout: 60_000 });
  await page.getByTestId('panel').first().waitFor({ timeout: 120_000 }).catch(() => {});
  await expandAndLoad(page);
  const dom = await page.$$eval('[data-testid="panel"]', (els) => els.map((el) => ({
    title: el.getAttribute('data-panel-title') || '',
    state: el.getAttribute('data-state'),
    series: el.getAttribute('data-series'),
    points: el.getAttribute('data-points'),
    meta: el.getAttribute('data-series-meta'),
    error: el.querySelector('[data-testid="panel-error"]')?.textContent || null,
    values: [...el.querySelectorAll('[data-testid="stat-value"] .sv-value, [data-testid="gauge-value"] .gauge-text, [data-testid="bargauge-value"] .bar-value')].map((v) => v.textContent.trim()),
  })));
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  if (LIGHT) {
    const light = new URL(page.url());
    light.searchParams.set('theme', 'light');
    await page.goto(light.toString(), { waitUntil: 'domcontentloaded' });
    await page.getByTestId('panel').first().waitFor({ timeout: 120_000 }).catch(() => {});
    await expandAndLoad(page);
    await page.screenshot({ path: join(OUT, `${name}.light.png`), fullPage: true });
  }
  await page.context().close();

  const used = new Set();
  const panels = dom.map((d) => {
    // The JSON panel this DOM panel draws: same title (variables match anything), in order.
    let index = panelsJson.findIndex((p, i) => !used.has(i) && templatePattern(p.title || '').test(d.title));
    if (index < 0) index = panelsJson.findIndex((p) => templatePattern(p.title || '').test(d.title));
    if (index >= 0) used.add(index);
    const json = panelsJson[index];
    return judge(d, json, answers);
  });
  return { name, title: dashboard.title, panels, requests: answers.length };
}

/** Expands every collapsed row (repeated rows appear as others expand), then scrolls every
 * panel into view so the lazy ones load, until none is loading. */
async function expandAndLoad(page) {
  for (let round = 0; round < 10; round++) {
    const collapsed = page.locator('[data-testid="dashboard-row"][data-collapsed="true"]');
    const n = await collapsed.count();
    if (n === 0) break;
    for (let i = n - 1; i >= 0; i--) await collapsed.nth(i).click().catch(() => {});
    await page.waitForTimeout(300);
  }
  const deadline = Date.now() + 120_000;
  for (let pass = 0; Date.now() < deadline; pass++) {
    const count = await page.getByTestId('panel').count();
    for (let i = 0; i < count; i++) {
      await page.getByTestId('panel').nth(i).scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => {});
    }
    await page.waitForTimeout(1_000);
    const loading = await page.locator('[data-testid="panel"][data-state="loading"]').count();
    if (loading === 0 && pass > 0) break;
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The answers to the queries of a JSON panel: a request matches a target when its query is
 * the target's expression with the variables filled in. */
function answersFor(json, answers) {
  const patterns = exprsOf(json).map((e) => templatePattern(squash(e)));
  return answers.filter((a) => a.query && patterns.some((p) => p.test(squash(a.query))));
}

function judge(d, json, answers) {
  const base = { title: d.title, type: json?.type ?? '?', state: d.state, series: d.series, points: d.points };
  if (!json) return { ...base, verdict: 'skipped', reasons: ['no panel of that title in the JSON'] };
  if (NO_QUERY_TYPES.has(json.type) || exprsOf(json).length === 0) return { ...base, verdict: 'skipped', reasons: ['queries nothing'] };
  const mine = answersFor(json, answers);
  const promSeries = mine.reduce((n, a) => Math.max(n, a.result.length), 0);
  const promHadData = mine.some((a) => a.result.some((r) => (r.values?.length ?? 0) > 0 || r.value));
  const reasons = [];
  if (d.state === 'error') reasons.push(`error: ${(d.error || '').slice(0, 120)}`);
  if (!promHadData && d.state !== 'error') {
    return { ...base, verdict: 'nodata', reasons: [mine.length ? 'Prometheus returned no series' : 'no query sent (a variable without values?)'] };
  }
  if (d.state === 'loading') reasons.push('still loading after 2 minutes');
  if (d.state === 'empty') reasons.push(`shows "No data" but Prometheus returned ${promSeries} series`);
  if (d.state === 'ok' && d.series === '0') reasons.push('ok but no series drawn');
  if (d.state === 'ok' && d.points === '0' && json.type !== 'stat' && json.type !== 'gauge') reasons.push('ok but no points drawn');
  if (d.state === 'ok' && (json.type === 'timeseries' || json.type === 'graph')) {
    if (d.meta == null) reasons.push('no data-series-meta');
    else {
      try {
        reasons.push(...seriesMismatches(json, JSON.parse(d.meta)));
      } catch (e) {
        reasons.push(`data-series-meta unreadable: ${e.message}`);
      }
    }
  }
  if (d.state === 'ok' && ['stat', 'gauge', 'bargauge', 'singlestat'].includes(json.type)) {
    reasons.push(...valueMismatches(json, d, mine));
  }
  return { ...base, verdict: reasons.length ? 'wrong' : 'right', reasons };
}

/** Stat/gauge texts against Prometheus's numbers after the panel's reducer. */
function valueMismatches(json, d, mine) {
  const reasons = [];
  const unit = json.fieldConfig?.defaults?.unit ?? (json.type === 'singlestat' ? json.format : undefined);
  if (d.values.length === 0) return ['no value shown'];
  for (const text of d.values) {
    const token = text.split(/\s+/).find((t) => t === unit);
    if (unit && token && !SELF_SHOWN_UNITS.has(unit)) reasons.push(`raw unit id "${unit}" in "${text}"`);
  }
  const calc = reducerOf(json);
  const expected = [];
  for (const a of mine) {
    for (const r of a.result) {
      const values = r.values ? r.values.map(([, v]) => Number(v)) : r.value ? [Number(r.value[1])] : [];
      const v = a.instant ? values[values.length - 1] : reduce(calc, values);
      if (v !== undefined && v !== null) expected.push(v);
    }
  }
  const hasMappings = (json.fieldConfig?.defaults?.mappings || []).length > 0 || (json.valueMaps || []).length > 0;
  if (hasMappings || expected.length === 0 || reduce(calc, [1]) === undefined) return reasons;
  for (const text of d.values) {
    const shown = shownValue(text, unit);
    if (shown === undefined) continue; // a unit this check cannot read back: not judged
    if (!expected.some((e) => close(shown, e))) {
      reasons.push(`shows "${text}" but Prometheus gives ${expected.slice(0, 3).map((e) => +e.toPrecision(4)).join(', ')} (${calc})`);
    }
  }
  return reasons;
}

function pad(s, n) {
  s = String(s);
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function printReport(results) {
  let total = { panels: 0, right: 0, wrong: 0, nodata: 0 };
  for (const r of results) {
    const counted = r.panels.filter((p) => p.verdict !== 'skipped');
    const c = { panels: counted.length, right: 0, wrong: 0, nodata: 0 };
    for (const p of counted) c[p.verdict]++;
    r.counts = c;
    for (const k of Object.keys(total)) total[k] += c[k];
    console.log(`\n${r.name}  (${r.title})`);
    console.log(`  panels ${c.panels}  drawn right ${c.right}  wrong ${c.wrong}  no data in Prometheus either ${c.nodata}`);
    for (const p of counted.filter((p) => p.verdict === 'wrong')) {
      console.log(`    wrong  ${pad(`[${p.type}] ${p.title}`, 48)} ${p.reasons.join('; ')}`);
    }
  }
  const withData = total.right + total.wrong;
  const percent = withData ? ((100 * total.right) / withData).toFixed(1) : '-';
  console.log('\n' + pad('dashboard', 36) + pad('panels', 8) + pad('right', 8) + pad('wrong', 8) + 'no data');
  for (const r of results) {
    console.log(pad(r.name, 36) + pad(r.counts.panels, 8) + pad(r.counts.right, 8) + pad(r.counts.wrong, 8) + r.counts.nodata);
  }
  console.log(pad('total', 36) + pad(total.panels, 8) + pad(total.right, 8) + pad(total.wrong, 8) + total.nodata);
  console.log(`\ndrawn right: ${total.right} of ${withData} panels with data (${percent}%)`);
  const reasonCounts = {};
  for (const r of results) for (const p of r.panels) if (p.verdict === 'wrong') {
    for (const reason of p.reasons) {
      const kind = reason.replace(/"[^"]*"/g, '"…"').replace(/-?\d[\d.,e+-]*/g, 'N').replace(/error: .*/, 'error').replace(/unit \S+ instead of \S+/, 'unit differs').replace(/stacking \S+ instead of \S+/, 'stacking differs').replace(/axis \S+ instead of \S+/, 'axis differs');
      reasonCounts[kind] = (reasonCounts[kind] || 0) + 1;
    }
  }
  const ranked = Object.entries(reasonCounts).sort((a, b) => b[1] - a[1]);
  if (ranked.length) {
    console.log('\nreasons for "wrong", by count:');
    for (const [kind, n] of ranked) console.log(`  ${pad(n, 5)}${kind}`);
  }
  return { total: { ...total, percentRightOfWithData: withData ? +(100 * total.right / withData).toFixed(1) : null }, reasons: ranked };
}

const browser = await launch();
const results = [];
for (const name of names) {
  const started = Date.now();
  try {
    results.push(await measure(browser, name));
  } catch (error) {
    console.log(`${name}: could not be measured: ${error.message.split('\n')[0]}`);
    results.push({ name, title: '?', panels: [], error: String(error.message) });
  }
  console.log(`measured ${name} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
}
await browser.close();
const summary = printReport(results);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'report.json'), JSON.stringify({ generated: new Date().toISOString(), ...summary, dashboards: results }, null, 2));
