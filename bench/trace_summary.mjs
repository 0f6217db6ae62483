// Where a traced big-dashboard visit spends its time (BENCH_TRACE in bench/bigdash.mjs): per
// phase (between the `bench-<phase>-start` / `-end` marks), the self time of each trace event
// on the page's main thread, the busy time of the raster and compositor threads, and the
// layers updated per frame.
// Usage: node bench/trace_summary.mjs <trace.json> [top N]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const TOP = Number(topArg || 14);
const raw = JSON.parse(readFileSync(file, 'utf8'));
const events = Array.isArray(raw) ? raw : raw.traceEvents;

const threadNames = new Map();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
const marks = {};
for (const e of events) if (typeof e.name === 'string' && e.name.startsWith('bench-') && (e.ph === 'R' || e.ph === 'I' || e.ph === 'n' || e.ph === 'b' || e.ph === 'X')) marks[e.name] ??= [];
for (const e of events) if (marks[e.name]) marks[e.name].push(e.ts);

// Self time per event name of one thread's complete ('X') and begin/end ('B'/'E') events.
function selfTimes(list, from, to) {
  const spans = [];
  const open = [];
  for (const e of list) {
    if (e.ph === 'X' && e.dur !== undefined) spans.push({ name: e.name, ts: e.ts, end: e.ts + e.dur });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') { const b = open.pop(); if (b) spans.push({ name: b.name, ts: b.ts, end: e.ts }); }
  }
  spans.sort((a, b) => a.ts - b.ts || b.end - a.end);
  const self = new Map();
  const stack = [];
  const clip = (s) => Math.max(0, Math.min(s.end, to) - Math.max(s.ts, from));
  for (const s of spans) {
    while (stack.length && stack[stack.length - 1].end <= s.ts) stack.pop();
    const parent = stack[stack.length - 1];
    const d = clip(s);
    self.set(s.name, (self.get(s.name) || 0) + d);
    if (parent) self.set(parent.name, (self.get(parent.name) || 0) - d);
    stack.push(s);
  }
  return self;
}

const byThread = new Map();
for (const e of events) {
  if (e.ph !== 'X' && e.ph !== 'B' && e.ph !== 'E') continue;
  const key = `${e.pid}:${e.tid}`;
  if (!byThread.has(key)) byThread.set(key, []);
  byThread.get(key).push(e);
}
const mainThreads = [...byThread.keys()].filter((k) => threadNames.get(k) === 'CrRendererMain');
const main = mainThreads.sort((a, b) => byThread.get(b).length - byThread.get(a).length)[0];
const others = [...byThread.keys()].filter((k) => /Compositor|Raster|VizCompositor|CrGpuMain/.test(threadNames.get(k) || ''));

for (const phase of ['scroll', 'crosshair', 'toggle']) {
  const starts = marks[`bench-${phase}-start`] || [];
  const ends = marks[`bench-${phase}-end`] || [];
  if (!starts.length || !ends.length) continue;
  let total = 0;
  const sum = new Map();
  const busy = new Map();
  for (let i = 0; i < Math.min(starts.length, ends.length); i++) {
    const [from, to] = [starts[i], ends[i]];
    total += to - from;
    for (const [name, t] of selfTimes(byThread.get(main), from, to)) sum.set(name, (sum.get(name) || 0) + t);
    for (const k of others) {
      const name = threadNames.get(k);
      const self = selfTimes(byThread.get(k), from, to);
      const t = [...self.values()].reduce((a, b) => a + Math.max(0, b), 0);
      busy.set(name, (busy.get(name) || 0) + t);
    }
  }
  const ms = (us) => (us / 1000).toFixed(1);
  console.log(`\n== ${phase}: ${ms(total)} ms in ${starts.length} window(s); main thread self time by event`);
  for (const [name, t] of [...sum].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${ms(t).padStart(9)}  ${name}`);
  console.log('  other threads busy:', [...busy].map(([n, t]) => `${n} ${ms(t)}`).join(', '));
  // The compositing layers behind those figures: per main-frame commit, how many layers were
  // updated and how many canvas (texture) layers pushed to the compositor (each chart canvas
  // painted in the frame is its own texture layer, even in software raster).
  const within = (e) => starts.some((from, i) => e.ts >= from && e.ts < ends[i]);
  const count = (name) => events.filter((e) => e.name === name && within(e)).length;
  const commits = count('LayerTreeHost::DoUpdateLayers');
  if (commits) {
    const per = (n) => (n / commits).toFixed(1);
    console.log(`  layers: ${commits} layer updates; per update ${per(count('UpdateLayer'))} layers updated, ${per(count('TextureLayer::PushPropertiesTo'))} canvas layers pushed`);
  }
}
