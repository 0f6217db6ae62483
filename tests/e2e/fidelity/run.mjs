// `cargo xtask fidelity`'s browser half: imports each corpus dashboard through /dashboard/import
// as a user would, expands every row, scrolls every panel into view and sorts each panel into
// drawn right, wrong (with the reasons) or no data in Prometheus either; and checks that every
// panel and row header is placed where Grafana places it (placement.mjs against the oracle
// grid-oracle.mjs), as first seen and with every row open. What Prometheus
// returned is read from the app's own requests (the same query, interpolation and range), so
// "no data" is Prometheus's answer, not a guess. Prints a table per dashboard, writes
// report.json and a full-page screenshot per dashboard to $FIDELITY_OUT.
//
// Not a *.test.mjs: it measures, it does not assert, so the e2e runs do not pick it up.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage } from '../harness.mjs';
import { drawnItems, openAllRows, oracleAfter, comparePlaces, repeatCounts } from './placement.mjs';
import { seriesConfig, expectedSeriesColors, colorHex, thresholdStep, renderLegend, defaultName, renderDisplayName, grafanaRegex, fillConstantInputs, legendWithConstants } from './grafana.mjs';

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

/** What Prometheus returned for each of a panel's targets: per series its refId, labels,
 * values, the name Grafana would give it (`null` when this check cannot say: no legend
 * format) and the value it reduces to. Answers to repeated requests are all kept. */
function promSeriesOf(json, answers, dashboard) {
  const out = [];
  (json.targets || []).forEach((t, i) => {
    if (t.hide || typeof t.expr !== 'string' || !t.expr.trim()) return;
    const pattern = templatePattern(squash(t.expr));
    const written = typeof t.legendFormat === 'string' && t.legendFormat !== '__auto' && t.legendFormat !== '' ? t.legendFormat : null;
    const format = written === null ? null : legendWithConstants(written, dashboard);
    const unknown = written !== null && format === null;
    for (const [answer, a] of answers.entries()) {
      if (!a.query || !pattern.test(squash(a.query))) continue;
      for (const r of a.result) {
        const labels = r.metric || {};
        const values = r.values ? r.values.map(([, v]) => Number(v)) : r.value ? [Number(r.value[1])] : [];
        out.push({ refId: t.refId ?? String.fromCharCode(65 + i), labels, values, instant: a.instant, name: format ? renderLegend(format, labels).trim() : null, rawName: unknown ? null : defaultName(labels), answer });
      }
    }
  });
  return out;
}

/** The names Grafana would show for the series, when it can be said for all of them (every
 * target has a legend format or the panel a displayName template, and no override renames). */
function expectedNames(json, prom) {
  const overrides = json.fieldConfig?.overrides || [];
  if (overrides.some((o) => (o.properties || []).some((p) => p.id === 'displayName'))) return null;
  const template = json.fieldConfig?.defaults?.displayName;
  if (json.type !== 'graph' && template) {
    if (/\$\{__calc\}|\$\{__value/.test(template)) return null;
    return new Set(prom.map((s) => renderDisplayName(template, s.labels, s.name ?? s.rawName)));
  }
  if (!prom.length || prom.some((s) => s.name === null)) return null;
  // As shown: a legend or tooltip in HTML does not show a name's outer whitespace.
  return new Set(prom.map((s) => s.name.trim()));
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Reasons a drawn series differs from what the dashboard asks: every property the chart
 * reports in data-series-meta against the field config Grafana resolves for that series. */
function seriesMismatches(panel, meta, axes, theme, prom) {
  const reasons = [];
  const names = expectedNames(panel, prom);
  meta.forEach((s, i) => {
    const { config, unknown } = seriesConfig(panel, s.name, s.refId);
    const c = config.custom || {};
    const claims = (key) => !unknown.has(key);
    const got = {
      transform: s.transform ?? null,
      stacking: s.stacking?.mode ?? 'none',
      group: s.stacking?.group ?? 'A',
      hideViz: !!s.hideFrom?.viz,
      axisPlacement: s.axisPlacement ?? 'auto',
      drawStyle: s.drawStyle ?? 'line',
      lineInterpolation: s.lineInterpolation ?? 'linear',
      spanNulls: s.spanNulls ?? false,
      gradientMode: s.gradientMode ?? 'none',
      lineStyle: s.lineStyle?.fill ?? 'solid',
      scale: s.scaleDistribution?.type ?? 'linear',
    };
    if (/\$\{|\{\{/.test(s.name)) reasons.push(`series name shows a raw template "${s.name}"`);
    else if (names && !names.has(s.name.trim())) reasons.push(`series named "${s.name}", Grafana names them ${[...names].slice(0, 3).map((n) => `"${n}"`).join(', ')}`);
    if (claims('unit') && config.unit != null && config.unit !== (s.unit ?? null)) reasons.push(`unit ${s.unit ?? null} instead of ${config.unit}`);
    if (claims('custom.transform')) {
      if (c.transform === 'negative-Y' && got.transform !== 'negative-Y') reasons.push('negative-Y not applied');
      if (c.transform == null && got.transform === 'negative-Y') reasons.push('negative-Y applied where not asked');
    }
    if (claims('custom.stacking')) {
      const mode = c.stacking?.mode ?? 'none';
      if (mode !== got.stacking) reasons.push(`stacking ${got.stacking} instead of ${mode}`);
      else if (mode !== 'none' && String(c.stacking?.group ?? 'A') !== got.group) reasons.push(`stacking group ${got.group} instead of ${c.stacking.group}`);
    }
    if (claims('custom.hideFrom')) {
      const viz = !!c.hideFrom?.viz;
      if (viz && !got.hideViz) reasons.push('series hidden from viz drawn');
      if (!viz && got.hideViz) reasons.push('series hidden that is not hidden in Grafana');
    }
    if (claims('custom.axisPlacement')) {
      const want = c.axisPlacement ?? 'auto';
      if (want !== 'auto' && want !== got.axisPlacement) reasons.push(`axis ${got.axisPlacement} instead of ${want}`);
    }
    const drawStyle = c.drawStyle ?? 'line';
    if (claims('custom.drawStyle') && drawStyle !== got.drawStyle) reasons.push(`drawStyle ${got.drawStyle} instead of ${drawStyle}`);
    if (claims('custom.fillOpacity') && Math.abs((c.fillOpacity ?? 0) - (s.fillOpacity ?? 0)) > 0.5) reasons.push(`fillOpacity ${s.fillOpacity} instead of ${c.fillOpacity ?? 0}`);
    if (claims('custom.lineWidth') && drawStyle !== 'points' && Math.abs((c.lineWidth ?? 1) - (s.lineWidth ?? 1)) > 0.01) reasons.push(`lineWidth ${s.lineWidth} instead of ${c.lineWidth ?? 1}`);
    if (claims('custom.lineInterpolation') && drawStyle === 'line' && (c.lineInterpolation ?? 'linear') !== got.lineInterpolation) {
      reasons.push(`lineInterpolation ${got.lineInterpolation} instead of ${c.lineInterpolation}`);
    }
    if (claims('custom.spanNulls') && !same(c.spanNulls ?? false, got.spanNulls)) reasons.push(`spanNulls ${JSON.stringify(got.spanNulls)} instead of ${JSON.stringify(c.spanNulls)}`);
    const gradient = c.gradientMode ?? 'none';
    const gradientShows = (c.fillOpacity ?? 0) > 0 || gradient === 'hue' || gradient === 'scheme';
    if (claims('custom.gradientMode') && gradientShows && gradient !== got.gradientMode) reasons.push(`gradientMode ${got.gradientMode} instead of ${gradient}`);
    if (claims('custom.lineStyle') && (c.lineStyle?.fill ?? 'solid') !== got.lineStyle) reasons.push(`lineStyle ${got.lineStyle} instead of ${c.lineStyle?.fill}`);
    if (claims('custom.scaleDistribution')) {
      const want = c.scaleDistribution?.type ?? 'linear';
      if (want !== got.scale) reasons.push(`scale ${got.scale} instead of ${want}`);
      else if (want !== 'linear' && (c.scaleDistribution.log ?? 2) !== s.scaleDistribution?.log) reasons.push(`log base ${s.scaleDistribution?.log} instead of ${c.scaleDistribution.log}`);
    }
    if (claims('color') && !unknown.has('color')) {
      const mine = prom.filter((p) => (p.name ?? p.rawName) === s.name);
      const last = mine.length ? mine[mine.length - 1].values.filter(Number.isFinite).pop() : undefined;
      const want = expectedSeriesColors(config, i, theme, 'palette-classic', mine.length ? last ?? null : undefined);
      const drawn = colorHex(s.color, theme);
      if (want && drawn && !want.includes(drawn)) reasons.push(`colour ${drawn} instead of ${want.join('|')} (${config.color?.mode ?? 'palette-classic'})`);
      if (want && !drawn) reasons.push(`colour "${s.color}" is not a colour`);
    }
  });
  // Thresholds drawn on the chart: style as asked, steps in Grafana's colours.
  const custom = panel.type === 'graph' ? {} : panel.fieldConfig?.defaults?.custom || {};
  const wantStyle = panel.type === 'graph' ? ((panel.thresholds || []).length ? 'legacy' : 'off') : custom.thresholdsStyle?.mode ?? 'off';
  if (wantStyle !== 'legacy' && axes) {
    const gotStyle = axes.thresholds?.mode ?? 'off';
    if (wantStyle !== gotStyle) reasons.push(`thresholdsStyle ${gotStyle} instead of ${wantStyle}`);
    else if (wantStyle !== 'off') {
      const steps = panel.fieldConfig?.defaults?.thresholds?.steps || [];
      const want = steps.map((st) => colorHex(st.color, theme));
      const drawn = (axes.thresholds?.steps || []).map((st) => colorHex(st.color, theme));
      if (want.every(Boolean) && !same(want, drawn)) reasons.push(`threshold colours ${drawn.join(',')} instead of ${want.join(',')}`);
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

/** A shown number's value in the unit's base and how far a rounded display may be from it
 * (half a unit of its last digit), or undefined when the unit is not readable here. */
function shownWithTolerance(text, unit) {
  const value = shownValue(text, unit);
  const m = /(-?\d[\d,]*)(?:\.(\d*))?/.exec(text.trim());
  if (value === undefined || !m) return undefined;
  const n = Number(m[0].replace(/,/g, ''));
  const factor = n !== 0 ? Math.abs(value / n) : 1;
  return { value, tolerance: 0.5 * 10 ** -(m[2]?.length ?? 0) * factor };
}

/** Legend calcs (mean, max, last ...) against the same reducer over Prometheus's answer. */
function legendMismatches(json, legend, prom) {
  const reasons = [];
  for (const item of legend) {
    const mine = prom.filter((p) => (p.name ?? p.rawName) === item.name);
    if (mine.length === 0 || mine.some((p) => p.instant)) continue;
    // Several series of one answer with this name (a label the format lacks): ambiguous.
    const last = mine[mine.length - 1];
    if (mine.filter((p) => p.answer === last.answer).length > 1) continue;
    const values = last.values;
    const unit = seriesConfig(json, item.name).config.unit;
    for (const calc of item.calcs) {
      const want = reduce(calc.id, values);
      const shown = shownWithTolerance(calc.text, unit);
      if (want === undefined || want === null || shown === undefined || !Number.isFinite(want)) continue;
      const slack = Math.max(shown.tolerance * 1.01, 0.05 * Math.max(Math.abs(want), Math.abs(shown.value)), 1e-9);
      if (Math.abs(shown.value - want) > slack) reasons.push(`legend ${calc.id} of "${item.name}" shows "${calc.text}" but Prometheus gives ${+want.toPrecision(4)}`);
    }
  }
  return reasons;
}

const close = (a, b) => Math.abs(a - b) <= Math.max(1e-9, 0.05 * Math.max(Math.abs(a), Math.abs(b))) || Math.abs(a - b) < 0.011;

/** Imports one dashboard, measures every panel, screenshots it. */
async function measure(browser, name) {
  const text = readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
  // Judged as Grafana imports it: constant inputs of an external export filled.
  const dashboard = fillConstantInputs(JSON.parse(text));
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
      const seconds = (k) => (params.get(k) === null ? null : /^[\d.]+$/.test(params.get(k)) ? Number(params.get(k)) : Date.parse(params.get(k)) / 1000);
      answers.push({ query, instant: u.pathname.endsWith('/query'), start: seconds('start'), end: seconds('end'), status: body.status, result: body.data?.result || [], error: body.error });
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
  // Measured in Grafana's default theme, dark (headless Chromium prefers light).
  const dark = new URL(page.url());
  dark.searchParams.set('theme', 'dark');
  await page.goto(dark.toString(), { waitUntil: 'domcontentloaded' });
  await page.getByTestId('panel').first().waitFor({ timeout: 120_000 }).catch(() => {});
  const firstSeen = await drawnItems(page);
  const clicks = await expandAndLoad(page);
  const allOpen = await drawnItems(page);
  const theme = await page.evaluate(() => document.documentElement.getAttribute('data-theme') || 'dark');
  // Only the answers the panels had when they were read: later ones (a refresh tick, the
  // light-theme reload below) may hold other samples than the ones drawn.
  const answeredCount = answers.length;
  const dom = await page.$$eval('[data-testid="panel"]', (els) => els.map((el) => ({
    title: el.getAttribute('data-panel-title') || '',
    state: el.getAttribute('data-state'),
    series: el.getAttribute('data-series'),
    points: el.getAttribute('data-points'),
    meta: el.getAttribute('data-series-meta'),
    axes: el.getAttribute('data-axes'),
    error: el.querySelector('[data-testid="panel-error"]')?.textContent || null,
    values: [...el.querySelectorAll('[data-testid="stat-value"], [data-testid="gauge-value"], [data-testid="bargauge-value"]')].map((v) => ({
      text: (v.querySelector('.sv-value, .gauge-text, .bar-value')?.textContent || '').trim(),
      valueText: v.getAttribute('data-value-text'),
      name: v.getAttribute('data-series-name'),
      color: v.getAttribute('data-value-color'),
      bg: v.getAttribute('data-bg-color'),
      percent: v.hasAttribute('data-percent') ? Number(v.getAttribute('data-percent')) : null,
    })),
    legend: [...el.querySelectorAll('[data-testid="legend-item"]')].map((row) => ({
      name: row.getAttribute('data-series-name'),
      calcs: [...row.querySelectorAll('[data-calc]')].map((c) => ({ id: c.getAttribute('data-calc'), text: c.textContent.trim() })).filter((c) => c.text !== ''),
    })),
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
    return judge(d, json, answers.slice(0, answeredCount), theme, dashboard);
  });
  const counts = { ...repeatCounts(firstSeen.items), ...repeatCounts(allOpen.items) };
  const placement = {
    firstSeen: comparePlaces(oracleAfter(dashboard, counts), firstSeen),
    allOpen: comparePlaces(oracleAfter(dashboard, counts, clicks), allOpen),
    rowClicks: clicks.length,
    gridWidth: allOpen.width,
  };
  return { name, title: dashboard.title, theme, panels, placement, requests: answers.length };
}

/** Expands every collapsed row (repeated rows appear as others expand), then scrolls every
 * panel into view so the lazy ones load, until none is loading. Returns the row clicks. */
async function expandAndLoad(page) {
  const clicks = await openAllRows(page);
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
  return clicks;
}

/** The answers to the queries of a JSON panel: a request matches a target when its query is
 * the target's expression with the variables filled in. */
function answersFor(json, answers) {
  const patterns = exprsOf(json).map((e) => templatePattern(squash(e)));
  return answers.filter((a) => a.query && patterns.some((p) => p.test(squash(a.query))));
}

// The panel types whose drawing this judge checks; others with data are "not judged here".
const JUDGED_TYPES = new Set(['timeseries', 'graph', 'stat', 'gauge', 'bargauge', 'singlestat']);

function judge(d, json, answers, theme, dashboard) {
  const base = { title: d.title, type: json?.type ?? '?', state: d.state, series: d.series, points: d.points };
  if (!json) return { ...base, verdict: 'skipped', reasons: ['no panel of that title in the JSON'] };
  if (NO_QUERY_TYPES.has(json.type) || exprsOf(json).length === 0) return { ...base, verdict: 'skipped', reasons: ['queries nothing'] };
  const mine = answersFor(json, answers);
  const prom = promSeriesOf(json, answers, dashboard);
  const promSeries = mine.reduce((n, a) => Math.max(n, a.result.length), 0);
  // Data Grafana could draw: a finite sample (only NaN, as 0/0 gives, draws nothing there either).
  const finite = (v) => Number.isFinite(Number(v));
  const promHadData = mine.some((a) => a.result.some((r) => (r.values || []).some(([, v]) => finite(v)) || (r.value && finite(r.value[1]))));
  const reasons = [];
  if (d.state === 'error') reasons.push(`error: ${(d.error || '').slice(0, 120)}`);
  if (!promHadData && d.state !== 'error') {
    const some = mine.some((a) => a.result.length > 0);
    return { ...base, verdict: 'nodata', reasons: [!mine.length ? 'no query sent (a variable without values?)' : some ? 'Prometheus returned only NaN' : 'Prometheus returned no series'] };
  }
  if (d.state === 'loading') reasons.push('still loading after 2 minutes');
  if (d.state === 'empty') reasons.push(`shows "No data" but Prometheus returned ${promSeries} series`);
  if (!JUDGED_TYPES.has(json.type) && reasons.length === 0 && d.state === 'ok') {
    const why = json.type === 'table' ? 'table: not judged here (issue 15)' : `${json.type}: not judged here`;
    return { ...base, verdict: 'notjudged', reasons: [why] };
  }
  if (d.state === 'ok' && d.series === '0') reasons.push('ok but no series drawn');
  if (d.state === 'ok' && d.points === '0' && json.type !== 'stat' && json.type !== 'gauge') reasons.push('ok but no points drawn');
  if (d.state === 'ok' && (json.type === 'timeseries' || json.type === 'graph')) {
    if (d.meta == null) reasons.push('no data-series-meta');
    else {
      try {
        reasons.push(...seriesMismatches(json, JSON.parse(d.meta), d.axes ? JSON.parse(d.axes) : null, theme, prom));
        reasons.push(...legendMismatches(json, d.legend, prom));
      } catch (e) {
        reasons.push(`data-series-meta unreadable: ${e.message}`);
      }
    }
  }
  if (d.state === 'ok' && ['stat', 'gauge', 'bargauge', 'singlestat'].includes(json.type)) {
    reasons.push(...valueMismatches(json, d, prom, theme));
  }
  if (d.state === 'ok') reasons.push(...timeMismatches(json, mine, dashboard));
  // What was compared, so a "right" can be audited: series metas, legend calcs, values.
  const checked = {
    series: d.meta ? JSON.parse(d.meta).length : 0,
    legendCalcs: d.legend.reduce((n, l) => n + l.calcs.length, 0),
    values: d.values.length,
  };
  return { ...base, verdict: reasons.length ? 'wrong' : 'right', reasons, checked };
}

const DURATION_MS = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5, M: 2592e6, y: 31536e6 };

/** `timeFrom` (variables filled from the dashboard's current values, as Grafana interpolates
 * it) against the span the panel's range queries covered. */
function timeMismatches(json, mine, dashboard) {
  let from = typeof json.timeFrom === 'string' ? json.timeFrom.trim() : '';
  if (!from) return [];
  for (const v of dashboard.templating?.list || []) {
    const value = String(v.current?.value ?? v.current?.text ?? '');
    if (!value || value.startsWith('$')) continue;
    from = from.split(`\${${v.name}}`).join(value).split(`$${v.name}`).join(value);
  }
  const m = /^(\d+)([smhdwMy])$/.exec(from);
  if (!m) return [];
  const want = Number(m[1]) * DURATION_MS[m[2]];
  const spans = mine.filter((a) => !a.instant && a.start !== null && a.end !== null).map((a) => (a.end - a.start) * 1000);
  if (!spans.length) return [];
  const ok = spans.some((span) => Math.abs(span - want) <= Math.max(0.1 * want, 120_000));
  return ok ? [] : [`timeFrom ${json.timeFrom} (${from}) but the queries spanned ${Math.round(Math.max(...spans) / 60000)} min`];
}

/** Stat, gauge, bar gauge and singlestat values against Prometheus's numbers after the
 * panel's reducer: the text (or, with textMode name, the series name), the colour the colour
 * mode paints (text, value or background) from the thresholds, and the gauge's fill. */
function valueMismatches(json, d, prom, theme) {
  const reasons = [];
  const legacy = json.type === 'singlestat';
  const defaults = json.fieldConfig?.defaults || {};
  const unit = defaults.unit ?? (legacy ? json.format : undefined);
  if (d.values.length === 0) return ['no value shown'];
  for (const item of d.values) {
    const token = (item.valueText || item.text).split(/\s+/).find((t) => t === unit);
    if (unit && token && !SELF_SHOWN_UNITS.has(unit)) reasons.push(`raw unit id "${unit}" in "${item.text}"`);
  }
  const calc = reducerOf(json);
  const expected = prom.map((s) => ({ ...s, value: s.instant ? s.values[s.values.length - 1] : reduce(calc, s.values) }))
    .filter((s) => s.value !== undefined && s.value !== null);
  const textMode = legacy ? (json.valueName === 'name' ? 'name' : 'auto') : json.options?.textMode ?? 'auto';
  const names = expectedNames(json, prom);
  const hasMappings = (defaults.mappings || []).length > 0 || (json.valueMaps || []).length > 0 || (json.rangeMaps || []).length > 0;
  const overridden = (json.fieldConfig?.overrides || []).length > 0;
  for (const item of d.values) {
    // textMode name shows the series' name where the value would be.
    if (textMode === 'name' && json.type === 'stat') {
      if (item.text !== item.name) reasons.push(`textMode name shows "${item.text}", not the series name "${item.name}"`);
      if (names && !names.has(item.text)) reasons.push(`shows the name "${item.text}", Grafana names it ${[...names].slice(0, 3).map((n) => `"${n}"`).join(', ')}`);
    } else if (textMode !== 'none' && item.valueText && !squash(item.text).includes(squash(item.valueText))) {
      reasons.push(`shows "${item.text}" where its value is "${item.valueText}"`);
    }
    // The series this value is of, by name when the name says it, else any with that value.
    const named = expected.filter((e) => (e.name ?? e.rawName) === item.name);
    const candidates = named.length ? named : expected;
    const shown = hasMappings || reduce(calc, [1]) === undefined ? undefined : shownValue(item.valueText || item.text, unit);
    if (shown !== undefined && candidates.length && !candidates.some((e) => close(shown, e.value))) {
      reasons.push(`shows "${item.valueText || item.text}" but Prometheus gives ${candidates.slice(0, 3).map((e) => +e.value.toPrecision(4)).join(', ')} (${calc})`);
    }
    // Colours: only where the value decides them without mappings or overrides.
    if (hasMappings || overridden || !candidates.length) continue;
    const colorMode = legacy ? (json.colorBackground ? 'background' : json.colorValue ? 'value' : 'none') : json.type === 'stat' ? json.options?.colorMode ?? 'value' : 'value';
    let want;
    if (legacy) {
      const limits = String(json.thresholds ?? '').split(',').map((t) => Number(t.trim())).filter((t) => String(json.thresholds ?? '').trim() !== '' && Number.isFinite(t));
      const colors = json.colors || [];
      want = candidates.map((e) => colorHex(colors[limits.filter((t) => e.value >= t).length] ?? '', theme));
    } else {
      const i = Math.max(0, expected.indexOf(candidates[0]));
      want = candidates.flatMap((e) => expectedSeriesColors(defaults, i, theme, 'thresholds', e.value) ?? [null]);
    }
    if (want.some((w) => !w)) continue; // a colour this check cannot name
    const painted = colorMode === 'none' ? item.color : colorMode.startsWith('background') ? item.bg : item.color;
    if (colorMode === 'none') {
      if (item.color !== 'text' && colorHex(item.color, theme) !== colorHex(theme === 'light' ? 'rgb(36, 41, 46)' : 'rgb(204, 204, 220)', theme)) reasons.push(`colorMode none painted ${item.color}`);
    } else if (!want.includes(colorHex(painted, theme))) {
      reasons.push(`${json.type === 'stat' || legacy ? `colorMode ${colorMode} ` : ''}colour ${painted} instead of ${[...new Set(want)].join('|')}`);
    }
    // A gauge or bar gauge with both ends set fills its share of them.
    if ((json.type === 'gauge' || json.type === 'bargauge') && Number.isFinite(defaults.min) && Number.isFinite(defaults.max) && item.percent !== null) {
      const shares = candidates.map((e) => Math.min(1, Math.max(0, (e.value - defaults.min) / ((defaults.max - defaults.min) || 1))));
      if (!shares.some((p) => Math.abs(p - item.percent) < 0.02)) reasons.push(`fills ${(100 * item.percent).toFixed(1)}% but Prometheus's value is ${(100 * shares[0]).toFixed(1)}% of ${defaults.min}..${defaults.max}`);
    }
  }
  return [...new Set(reasons)];
}

function pad(s, n) {
  s = String(s);
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Placed right per state, with every misplaced item: expected and drawn, in grid units. */
function printPlacement(placement) {
  if (!placement) return;
  for (const [state, label] of [['firstSeen', 'as first seen'], ['allOpen', 'all rows open']]) {
    const p = placement[state];
    console.log(`  placed right (${label}): panels ${p.panelsRight}/${p.panels}  row headers ${p.rowsRight}/${p.rows}`);
    for (const w of p.wrong) {
      console.log(`    misplaced  ${pad(`[${w.kind}] ${w.title}`, 48)} Grafana ${w.expected}  drawn ${w.drawn}  (x,y,w,h)`);
    }
  }
}

const placedCell = (p) => (p ? `${p.firstSeen.panelsRight}/${p.firstSeen.panels} / ${p.allOpen.panelsRight}/${p.allOpen.panels}` : '-');

function placementTotals(results) {
  const zero = () => ({ panels: 0, panelsRight: 0, rows: 0, rowsRight: 0 });
  const totals = { firstSeen: zero(), allOpen: zero() };
  for (const r of results) {
    for (const state of Object.keys(totals)) {
      const p = r.placement?.[state];
      if (!p) continue;
      for (const k of Object.keys(totals[state])) totals[state][k] += p[k];
    }
  }
  return totals;
}

function printReport(results) {
  let total = { panels: 0, right: 0, wrong: 0, nodata: 0, notjudged: 0 };
  for (const r of results) {
    const counted = r.panels.filter((p) => p.verdict !== 'skipped');
    const c = { panels: counted.length, right: 0, wrong: 0, nodata: 0, notjudged: 0 };
    for (const p of counted) c[p.verdict]++;
    r.counts = c;
    for (const k of Object.keys(total)) total[k] += c[k];
    console.log(`\n${r.name}  (${r.title}, ${r.theme ?? '?'} theme)`);
    console.log(`  panels ${c.panels}  drawn right ${c.right}  wrong ${c.wrong}  no data in Prometheus either ${c.nodata}  not judged ${c.notjudged}`);
    for (const p of counted.filter((p) => p.verdict === 'wrong')) {
      console.log(`    wrong  ${pad(`[${p.type}] ${p.title}`, 48)} ${p.reasons.join('; ')}`);
    }
    for (const p of counted.filter((p) => p.verdict === 'notjudged')) {
      console.log(`    ----   ${pad(`[${p.type}] ${p.title}`, 48)} ${p.reasons.join('; ')}`);
    }
    printPlacement(r.placement);
  }
  const placed = placementTotals(results);
  const withData = total.right + total.wrong;
  const percent = withData ? ((100 * total.right) / withData).toFixed(1) : '-';
  console.log('\n' + pad('dashboard', 36) + pad('panels', 8) + pad('right', 8) + pad('wrong', 8) + pad('no data', 9) + pad('not judged', 12) + 'placed right (first seen / all open)');
  for (const r of results) {
    console.log(pad(r.name, 36) + pad(r.counts.panels, 8) + pad(r.counts.right, 8) + pad(r.counts.wrong, 8) + pad(r.counts.nodata, 9) + pad(r.counts.notjudged, 12) + placedCell(r.placement));
  }
  console.log(pad('total', 36) + pad(total.panels, 8) + pad(total.right, 8) + pad(total.wrong, 8) + pad(total.nodata, 9) + pad(total.notjudged, 12) + placedCell(placed));
  console.log(`\ndrawn right: ${total.right} of ${withData} judged panels with data (${percent}%); ${total.notjudged} with data not judged here (tables: issue 15)`);
  const judged = results.flatMap((r) => r.panels).filter((p) => p.checked);
  const sum = (k) => judged.reduce((n, p) => n + p.checked[k], 0);
  for (const [state, label] of [['firstSeen', 'as first seen'], ['allOpen', 'all rows open']]) {
    const t = placed[state];
    console.log(`placed right (${label}): ${t.panelsRight} of ${t.panels} panels, ${t.rowsRight} of ${t.rows} row headers (where Grafana places them, grid-oracle.mjs)`);
  }
  console.log(`compared: ${sum('series')} series (meta vs JSON), ${sum('legendCalcs')} legend calcs and ${sum('values')} single values (vs Prometheus)`);
  const reasonCounts = {};
  for (const r of results) for (const p of r.panels) if (p.verdict === 'wrong') {
    for (const reason of p.reasons) {
      const kind = reason.replace(/"[^"]*"/g, '"…"').replace(/-?\d[\d.,e+-]*/g, 'N').replace(/error: .*/, 'error').replace(/unit \S+ instead of \S+/, 'unit differs').replace(/stacking \S+ instead of \S+/, 'stacking differs').replace(/axis \S+ instead of \S+/, 'axis differs').replace(/colour \S+ instead of \S+/, 'colour differs').replace(/(\w+) \S+ instead of \S+/, '$1 differs').replace(/Grafana names them .*/, 'Grafana names them …');
      reasonCounts[kind] = (reasonCounts[kind] || 0) + 1;
    }
  }
  const ranked = Object.entries(reasonCounts).sort((a, b) => b[1] - a[1]);
  if (ranked.length) {
    console.log('\nreasons for "wrong", by count:');
    for (const [kind, n] of ranked) console.log(`  ${pad(n, 5)}${kind}`);
  }
  return { total: { ...total, percentRightOfWithData: withData ? +(100 * total.right / withData).toFixed(1) : null }, placed, reasons: ranked };
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
