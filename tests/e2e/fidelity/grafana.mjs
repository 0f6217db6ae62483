// What Grafana would draw for a panel, computed from the dashboard JSON and Prometheus's answers
// alone (never from Meshboard's code): colours by theme, the classic palette, the field config
// a series gets (defaults, overrides in order, legacy graph options as Grafana's graph ->
// timeseries migration maps them), threshold steps and display names. The fidelity judge
// (run.mjs) compares these with what the panels say they drew (their data-* attributes).
//
// Sources: grafana/packages/grafana-data/src/themes/createVisualizationColors.ts (hues and
// shades per theme, classic palette), field/fieldColor.ts, field/fieldOverrides.ts,
// public/app/plugins/panel/timeseries/migrations.ts (graphToTimeseriesOptions).

const HUES = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'];
const SHADES = ['super-light-', 'light-', '', 'semi-dark-', 'dark-'];
const DARK = [
  ['#FFA6B0', '#FF7383', '#F2495C', '#E02F44', '#C4162A'],
  ['#FFCB7D', '#FFB357', '#FF9830', '#FF780A', '#FA6400'],
  ['#FFF899', '#FFEE52', '#FADE2A', '#F2CC0C', '#E0B400'],
  ['#C8F2C2', '#96D98D', '#73BF69', '#56A64B', '#37872D'],
  ['#C0D8FF', '#8AB8FF', '#5794F2', '#3274D9', '#1F60C4'],
  ['#DEB6F2', '#CA95E5', '#B877D9', '#A352CC', '#8F3BB8'],
];
const LIGHT = [
  ['#FF7383', '#F2495C', '#E02F44', '#C4162A', '#AD0317'],
  ['#FFB357', '#FF9830', '#FF780A', '#FA6400', '#E55400'],
  ['#FFEE52', '#FADE2A', '#F2CC0C', '#E0B400', '#CC9D00'],
  ['#96D98D', '#73BF69', '#56A64B', '#37872D', '#19730E'],
  ['#8AB8FF', '#5794F2', '#3274D9', '#1F60C4', '#1250B0'],
  ['#CA95E5', '#B877D9', '#A352CC', '#8F3BB8', '#7C2EA3'],
];
export const CLASSIC = [
  'green', 'yellow', 'blue', 'orange', 'red', 'purple',
  'dark-green', 'dark-yellow', 'dark-blue', 'dark-orange', 'dark-red', 'dark-purple',
  'super-light-green', 'super-light-yellow', 'super-light-blue', 'super-light-orange', 'super-light-red', 'super-light-purple',
  '#447EBC', '#C15C17', '#890F02', '#0A437C', '#6D1F62', '#584477', '#B7DBAB', '#F4D598', '#70DBED', '#F9BA8F', '#F29191', '#82B5D8',
  '#E5A8E2', '#AEA2E0', '#629E51', '#E5AC0E', '#64B0C8', '#E0752D', '#BF1B00', '#0A50A1', '#962D82', '#614D93', '#9AC48A', '#F2C96D',
  '#65C5DB', '#F9934E', '#EA6460', '#5195CE', '#D683CE', '#806EB7', '#3F6833', '#967302', '#2F575E', '#99440A', '#58140C', '#052B51',
  '#511749', '#3F2B5B', '#E0F9D7', '#FCEACA', '#CFFAFF', '#F9E2D2', '#FCE2DE', '#BADFF4', '#F9D9F9', '#DEDAF7',
];

/** A Grafana colour (name or CSS) as lower-case hex by theme; `null` when this check cannot
 * say what it is (text, transparent, rgb(): no claim). */
export function colorHex(name, theme) {
  if (typeof name !== 'string' || name === '') return null;
  const table = theme === 'light' ? LIGHT : DARK;
  for (let h = 0; h < HUES.length; h++) {
    for (let s = 0; s < SHADES.length; s++) {
      if (name === SHADES[s] + HUES[h]) return table[h][s].toLowerCase();
    }
  }
  if (/^#[0-9a-f]{6}$/i.test(name)) return name.toLowerCase();
  if (/^#[0-9a-f]{3}$/i.test(name)) return ('#' + [...name.slice(1)].map((c) => c + c).join('')).toLowerCase();
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(name);
  if (rgb && (rgb[4] === undefined || Number(rgb[4]) === 1)) {
    return '#' + rgb.slice(1, 4).map((v) => Number(v).toString(16).padStart(2, '0')).join('');
  }
  return null;
}

/** Grafana's stringToJsRegex: `/pattern/flags` or an anchored plain pattern. */
export function grafanaRegex(text) {
  const m = /^\/(.*)\/([gimsuy]*)$/s.exec(text);
  try {
    return m ? new RegExp(m[1], m[2].replace('g', '')) : new RegExp(`^${text}$`);
  } catch {
    return null;
  }
}

/** Legacy graph's alias matcher: `/regex/` or the exact alias. */
function aliasMatches(alias, name) {
  if (typeof alias !== 'string') return false;
  if (/^\/.*\/[gimsuy]*$/s.test(alias)) return grafanaRegex(alias)?.test(name) ?? false;
  return alias === name;
}

const setPath = (obj, path, value) => {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] = typeof o[k] === 'object' && o[k] !== null ? o[k] : {};
  o[keys[keys.length - 1]] = value;
};

/** A legacy `graph` panel's options as Grafana's migration maps them onto field config:
 * defaults from the panel (fill, linewidth, bars/lines/points, stack, percentage,
 * steppedLine, nullPointMode, yaxes[0]) and one override per seriesOverrides entry and
 * aliasColors key. Returns `{ defaults, overrides }` with overrides as `(name) => props`. */
function legacyGraphConfig(p) {
  const d = { custom: {} };
  const y1 = p.yaxes?.[0] || {};
  const y2 = p.yaxes?.[1] || {};
  if (y1.format) d.unit = y1.format;
  if (y1.logBase > 1) d.custom.scaleDistribution = { type: 'log', log: y1.logBase };
  d.custom.drawStyle = p.bars ? 'bars' : p.lines === false && p.points ? 'points' : 'line';
  d.custom.fillOpacity = p.bars ? 100 : p.fillGradient > 0 ? p.fillGradient * 10 : (p.fill ?? 1) * 10;
  if (p.fillGradient > 0) d.custom.gradientMode = 'opacity';
  d.custom.lineWidth = p.linewidth ?? 1;
  if (p.dashes === true) d.custom.lineStyle = { fill: 'dash', dash: [p.dashLength ?? 10, p.spaceLength ?? 10] };
  d.custom.lineInterpolation = p.steppedLine ? 'stepAfter' : 'linear';
  d.custom.spanNulls = p.nullPointMode === 'connected';
  d.custom.stacking = { mode: p.stack ? (p.percentage ? 'percent' : 'normal') : 'none', group: 'A' };
  d.color = { mode: 'palette-classic' };
  const thresholds = (p.thresholds || []).length > 0;
  const forSeries = (name) => {
    const props = {};
    for (const o of p.seriesOverrides || []) {
      if (!aliasMatches(o.alias, name)) continue;
      if (o.transform === 'negative-Y') props['custom.transform'] = 'negative-Y';
      if (o.yaxis === 2) {
        props['custom.axisPlacement'] = 'right';
        if (y2.format) props.unit = y2.format;
      }
      if (o.stack !== undefined) {
        props['custom.stacking'] = o.stack === false ? { mode: 'none', group: 'A' } : { mode: p.percentage ? 'percent' : 'normal', group: o.stack === true ? 'A' : String(o.stack) };
      }
      if (typeof o.color === 'string') props.color = { mode: 'fixed', fixedColor: o.color };
      if (typeof o.fill === 'number') props['custom.fillOpacity'] = o.fill * 10;
      if (o.dashes === true) props['custom.lineStyle'] = { fill: 'dash', dash: [o.dashLength ?? p.dashLength ?? 10, o.spaceLength ?? p.spaceLength ?? 10] };
      if (o.dashes === false) props['custom.lineStyle'] = { fill: 'solid' };
      if (typeof o.linewidth === 'number') props['custom.lineWidth'] = o.linewidth;
      if (o.bars === true) props['custom.drawStyle'] = 'bars';
      if (o.lines === false && o.points === true) props['custom.drawStyle'] = 'points';
      if (o.steppedLine === true) props['custom.lineInterpolation'] = 'stepAfter';
      if (o.legend === false) props['custom.hideFrom'] = { ...(props['custom.hideFrom'] || { tooltip: false, viz: false }), legend: true };
      if (o.hiddenSeries === true) props['custom.hideFrom'] = { legend: false, tooltip: false, viz: true, ...(props['custom.hideFrom'] || {}), viz: true };
    }
    if (p.aliasColors && typeof p.aliasColors[name] === 'string') props.color = { mode: 'fixed', fixedColor: p.aliasColors[name] };
    return props;
  };
  return { defaults: d, forSeries, thresholds };
}

/** Field config of one series of a `timeseries` or `graph` panel: `{ config, claims }` where
 * `claims` says which keys this check can vouch for (an override with a matcher it does not
 * model makes its properties unknown). */
export function seriesConfig(panel, name, refId) {
  if (panel.type === 'graph') {
    const { defaults, forSeries } = legacyGraphConfig(panel);
    const config = structuredClone(defaults);
    for (const [k, v] of Object.entries(forSeries(name))) setPath(config, k === 'color' ? 'color' : k, v);
    return { config, unknown: new Set() };
  }
  const config = structuredClone(panel.fieldConfig?.defaults || {});
  config.custom = config.custom || {};
  const unknown = new Set();
  for (const override of panel.fieldConfig?.overrides || []) {
    const { id, options } = override.matcher || {};
    let matches;
    if (id === 'byName') matches = options === name;
    else if (id === 'byRegexp') matches = grafanaRegex(String(options))?.test(name) ?? false;
    else if (id === 'byNames') matches = (options?.names || []).includes(name) !== (options?.mode === 'exclude');
    else if (id === 'byFrameRefID') matches = refId === undefined ? 'unknown' : options === refId;
    else if (id === 'byType') matches = options === 'number';
    else matches = 'unknown';
    for (const prop of override.properties || []) {
      if (matches === 'unknown') unknown.add(prop.id);
      else if (matches) {
        if (prop.value === undefined || prop.value === null) continue;
        setPath(config, prop.id, prop.value);
      }
    }
  }
  return { config, unknown };
}

/** The step of `thresholds` a value falls in (absolute, or percentage of min..max). */
export function thresholdStep(thresholds, value, min = 0, max = 100) {
  const steps = thresholds?.steps || [];
  if (!steps.length || !Number.isFinite(value)) return steps[0] ?? null;
  const v = thresholds.mode === 'percentage' ? ((value - min) / ((max - min) || 1)) * 100 : value;
  let active = steps[0];
  for (const s of steps) {
    if (s.value === null || s.value === undefined || v >= s.value) active = s;
    else break;
  }
  return active;
}

/** The colours a series may be drawn in, by Grafana's rules, or `null` (no claim): fixed,
 * classic palette by series index, thresholds by the series' last value (`lastValue`; any
 * step when it is not known). */
export function expectedSeriesColors(config, seriesIndex, theme, defaultMode, lastValue) {
  const mode = config.color?.mode ?? (config.thresholds && defaultMode !== 'palette-classic' ? 'thresholds' : defaultMode);
  if (mode === 'fixed') {
    const hex = colorHex(config.color.fixedColor ?? 'grey', theme);
    return hex ? [hex] : null;
  }
  if (mode === 'palette-classic') return [colorHex(CLASSIC[seriesIndex % CLASSIC.length], theme)];
  if (mode === 'thresholds') {
    const steps = config.thresholds?.steps || [];
    if (!steps.length) return null;
    if (lastValue !== undefined && config.thresholds?.mode !== 'percentage') {
      const hex = colorHex(thresholdStep(config.thresholds, lastValue ?? 0)?.color, theme);
      return hex ? [hex] : null;
    }
    const all = steps.map((s) => colorHex(s.color, theme));
    return all.every(Boolean) ? all : null;
  }
  return null; // shades, continuous schemes, by-name palette: not modelled here
}

/** Grafana's legend text for a series: `{{label}}` filled from its labels (missing: empty). */
export function renderLegend(format, labels) {
  return format.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_, k) => labels[k] ?? '');
}

/** Grafana's default series name for labels without a legend format. */
export function defaultName(labels) {
  const { __name__: metric = '', ...rest } = labels;
  const pairs = Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}="${v}"`);
  if (!pairs.length) return metric || '{}';
  return `${metric}{${pairs.join(', ')}}`;
}

/** `${__field.labels.x}`, `${__field.labels}`, `${__field.name}`, `${__series.name}` in a
 * displayName, as Grafana's field display processor fills them. */
export function renderDisplayName(template, labels, seriesName) {
  return template
    .replace(/\$\{__field\.labels\.([^}]+)\}/g, (_, k) => labels[k] ?? '')
    .replace(/\$\{__field\.labels\}/g, () => Object.entries(labels).filter(([k]) => k !== '__name__').map(([k, v]) => `${k}="${v}"`).join(', '))
    .replace(/\$\{__(?:field\.name|series\.name|field\.displayName)\}/g, seriesName);
}

/** What Grafana's import does with an export "for sharing externally": every `${NAME}` of a
 * constant `__inputs` entry replaced by its value, in every string. */
export function fillConstantInputs(dashboard) {
  const constants = (dashboard.__inputs || []).filter((i) => i.type === 'constant' && i.value !== undefined);
  if (!constants.length) return dashboard;
  const fill = (v) => {
    if (typeof v === 'string') return constants.reduce((s, i) => s.split(`\${${i.name}}`).join(String(i.value)), v);
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(dashboard);
}

/** A legend format with the dashboard's constant variables filled (Grafana interpolates
 * variables in it before the labels); `null` when another variable is left. */
export function legendWithConstants(format, dashboard) {
  const constants = (dashboard.templating?.list || []).filter((v) => v.type === 'constant');
  let out = format;
  for (const v of constants) {
    const value = String(v.current?.value ?? v.query ?? '');
    out = out.split(`\${${v.name}}`).join(value).split(`$${v.name}`).join(value);
  }
  return /\$/.test(out) ? null : out;
}
