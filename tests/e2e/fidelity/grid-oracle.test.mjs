// The placement oracle on small layouts whose Grafana outcome is known: the row toggle case of
// grafana/scenes' SceneGridLayout.test.tsx, the legacy row case of Grafana's DashboardMigrator
// tests, react-grid-layout's vertical compaction, and repeats as DashboardGridItem sizes them.
// Run: node --test tests/e2e/fidelity/grid-oracle.test.mjs (also run by `cargo test -p xtask`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrafanaGrid, compact, upgradeLegacyRows, toPixels, toGridUnits, samePlace } from './grid-oracle.mjs';

const places = (grid) => grid.placed().map((p) => [p.kind === 'row' ? `row ${p.id}` : p.id, p.x, p.y, p.w, p.h]);
const panel = (id, x, y, w, h, more = {}) => ({ id, type: 'timeseries', title: `p${id}`, gridPos: { x, y, w, h }, ...more });
const row = (id, y, more = {}) => ({ id, type: 'row', title: `r${id}`, gridPos: { x: 0, y, w: 24, h: 1 }, ...more });

test('compaction: everything falls up until it rests on something', () => {
  const out = compact([
    { i: 'a', x: 0, y: 0, w: 12, h: 4 },
    { i: 'b', x: 12, y: 0, w: 12, h: 8 },
    { i: 'c', x: 0, y: 10, w: 12, h: 3 },
    { i: 'd', x: 6, y: 20, w: 12, h: 2 },
  ]);
  assert.deepEqual(out.map((l) => [l.i, l.y]), [['a', 0], ['b', 0], ['c', 4], ['d', 8]]);
});

test('compaction: an item that lands on a later one pushes it down first', () => {
  // c (y 2) sorts before d (y 3); b's bottom sends c to 4, where it would overlap d at 3..5.
  const out = compact([
    { i: 'a', x: 0, y: 0, w: 24, h: 2 },
    { i: 'b', x: 0, y: 2, w: 6, h: 2 },
    { i: 'c', x: 0, y: 2, w: 6, h: 2 },
    { i: 'd', x: 0, y: 3, w: 6, h: 2 },
  ]);
  assert.deepEqual(out.map((l) => [l.i, l.y]), [['a', 0], ['b', 2], ['c', 4], ['d', 6]]);
});

test('scenes toggleRow: children under the row, the rest pushed down (SceneGridLayout.test)', () => {
  const grid = new GrafanaGrid({
    schemaVersion: 39,
    panels: [
      row(1, 0, { collapsed: true, panels: [panel(11, 0, 10, 1, 1), panel(12, 1, 10, 1, 1)] }),
      panel(2, 0, 1, 1, 1),
      row(3, 2),
      panel(31, 0, 3, 1, 1),
    ],
  });
  assert.deepEqual(places(grid), [['row 1', 0, 0, 24, 1], [2, 0, 1, 1, 1], ['row 3', 0, 2, 24, 1], [31, 0, 3, 1, 1]]);
  grid.toggleRow('panel-1');
  assert.deepEqual(places(grid), [
    ['row 1', 0, 0, 24, 1], [11, 0, 1, 1, 1], [12, 1, 1, 1, 1], [2, 0, 2, 1, 1], ['row 3', 0, 3, 24, 1], [31, 0, 4, 1, 1],
  ]);
  grid.toggleRow('panel-1');
  assert.deepEqual(places(grid), [['row 1', 0, 0, 24, 1], [2, 0, 1, 1, 1], ['row 3', 0, 2, 24, 1], [31, 0, 3, 1, 1]]);
});

test('a collapsed row saved with jumping y (21, then 433) opens compact under its header', () => {
  const grid = new GrafanaGrid({
    schemaVersion: 39,
    panels: [
      panel(1, 0, 0, 24, 4),
      row(2, 4, { collapsed: true, panels: [panel(21, 0, 5, 12, 10), panel(22, 12, 5, 12, 10), panel(23, 0, 433, 24, 6)] }),
      row(3, 5, { collapsed: true, panels: [panel(31, 0, 6, 24, 3)] }),
    ],
  });
  assert.deepEqual(places(grid), [[1, 0, 0, 24, 4], ['row 2', 0, 4, 24, 1], ['row 3', 0, 5, 24, 1]]);
  grid.openAllRows();
  assert.deepEqual(places(grid), [
    [1, 0, 0, 24, 4], ['row 2', 0, 4, 24, 1], [21, 0, 5, 12, 10], [22, 12, 5, 12, 10], [23, 0, 15, 24, 6],
    ['row 3', 0, 21, 24, 1], [31, 0, 22, 24, 3],
  ]);
});

test('panels saved with gaps and above an open row fall up; x + w past 24 is pulled left', () => {
  const grid = new GrafanaGrid({
    schemaVersion: 39,
    panels: [row(1, 3), panel(2, 0, 9, 12, 5), panel(3, 16, 12, 12, 2)],
  });
  assert.deepEqual(places(grid), [['row 1', 0, 0, 24, 1], [2, 0, 1, 12, 5], [3, 12, 1, 12, 2]]);
});

test('horizontal repeat: one 24-wide item, min(n, maxPerRow) copies per line', () => {
  const grid = new GrafanaGrid(
    { schemaVersion: 39, panels: [panel(1, 0, 0, 8, 5, { repeat: 'node', maxPerRow: 4 }), panel(2, 0, 5, 24, 3)] },
    { repeatCounts: { node: 5 } },
  );
  assert.deepEqual(places(grid), [[1, 0, 0, 6, 5], [1, 6, 0, 6, 5], [1, 12, 0, 6, 5], [1, 18, 0, 6, 5], [1, 0, 5, 6, 5], [2, 0, 10, 24, 3]]);
});

test('horizontal repeats side by side with one value each are stacked, 24 wide (alertmanager mixin)', () => {
  const grid = new GrafanaGrid({
    schemaVersion: 39,
    panels: [row(4, 8), panel(5, 0, 9, 12, 7, { repeat: 'integration' }), panel(6, 12, 9, 12, 7, { repeat: 'integration' })],
  });
  assert.deepEqual(places(grid), [['row 4', 0, 0, 24, 1], [5, 0, 1, 24, 7], [6, 0, 8, 24, 7]]);
});

test('vertical repeat keeps x and w and stacks the copies', () => {
  const grid = new GrafanaGrid(
    { schemaVersion: 39, panels: [panel(1, 12, 0, 12, 4, { repeat: 'v', repeatDirection: 'v' }), panel(2, 0, 0, 12, 3)] },
    { repeatCounts: { v: 3 } },
  );
  assert.deepEqual(places(grid), [[2, 0, 0, 12, 3], [1, 12, 0, 12, 4], [1, 12, 4, 12, 4], [1, 12, 8, 12, 4]]);
});

test('a repeated row: one header and content per value', () => {
  const grid = new GrafanaGrid(
    { schemaVersion: 39, panels: [row(1, 0, { repeat: 'instance' }), panel(2, 0, 1, 24, 4), row(3, 5), panel(4, 0, 6, 24, 2)] },
    { repeatCounts: { instance: 2 } },
  );
  assert.deepEqual(places(grid), [['row 1', 0, 0, 24, 1], [2, 0, 1, 24, 4], ['row 1', 0, 5, 24, 1], [2, 0, 6, 24, 4], ['row 3', 0, 10, 24, 1], [4, 0, 11, 24, 2]]);
  assert.deepEqual(grid.placed().map((p) => p.rowCopy), [0, 0, 1, 1, 0, 0]);
});

test('legacy rows[]: DashboardMigrator places spans by RowArea (Grafana migration test)', () => {
  const legacy = {
    schemaVersion: 15,
    rows: [{ height: 228, panels: [{ id: 1, span: 4 }, { id: 2, span: 2, height: 114 }, { id: 3, span: 4, height: 228 }, { id: 4, span: 2, height: 114 }, { id: 5, span: 2, height: 114 }] }],
  };
  assert.deepEqual(upgradeLegacyRows(legacy).map((p) => [p.id, p.gridPos.x, p.gridPos.y, p.gridPos.w, p.gridPos.h]), [
    [1, 0, 0, 8, 6], [2, 8, 0, 4, 3], [3, 12, 0, 8, 6], [4, 20, 0, 4, 3], [5, 20, 3, 4, 3],
  ]);
  assert.deepEqual(places(new GrafanaGrid(legacy)), [[1, 0, 0, 8, 6], [2, 8, 0, 4, 3], [3, 12, 0, 8, 6], [4, 20, 0, 4, 3], [5, 20, 3, 4, 3]]);
});

test('legacy rows[] with a collapsed row: row panels with new ids, the collapsed one holds its panels', () => {
  const legacy = {
    schemaVersion: 14,
    rows: [
      { title: 'A', showTitle: true, height: 250, panels: [{ id: 1, span: 6 }, { id: 2, span: 6 }] },
      { title: 'B', collapse: true, height: '300px', panels: [{ id: 3, span: 12 }] },
      { title: 'C', height: 250, panels: [{ id: 4, span: 12 }] },
    ],
  };
  const grid = new GrafanaGrid(legacy);
  // 250 px -> ceil(250 / 38) = 7 units; the rows take ids 5, 6, 7 (max panel id + 1 ...).
  assert.deepEqual(places(grid), [['row 5', 0, 0, 24, 1], [1, 0, 1, 12, 7], [2, 12, 1, 12, 7], ['row 6', 0, 8, 24, 1], ['row 7', 0, 9, 24, 1], [4, 0, 10, 24, 7]]);
  grid.toggleRow('panel-6');
  assert.deepEqual(places(grid).slice(3), [['row 6', 0, 8, 24, 1], [3, 0, 9, 24, 8], ['row 7', 0, 17, 24, 1], [4, 0, 18, 24, 7]]);
});

test('pixels as react-grid-layout rounds them, and back', () => {
  const width = 1576; // column (1576 - 184) / 24 = 58 px
  assert.deepEqual(toPixels({ x: 12, y: 2, w: 12, h: 8 }, width), { left: 792, top: 76, width: 784, height: 296 });
  assert.deepEqual(toGridUnits({ left: 792, top: 76, width: 784, height: 296 }, width), { x: 12, y: 2, w: 12, h: 8 });
  assert.ok(samePlace({ left: 793, top: 76, width: 783, height: 297 }, { x: 12, y: 2, w: 12, h: 8 }, width));
  assert.ok(!samePlace({ left: 792, top: 114, width: 784, height: 296 }, { x: 12, y: 2, w: 12, h: 8 }, width));
});

test('panels without an id or with a taken one get the next ids, rows\' children in order', () => {
  const grid = new GrafanaGrid({ schemaVersion: 39, panels: [{ type: 'text', gridPos: { x: 0, y: 0, w: 24, h: 2 } }, panel(4, 0, 2, 12, 2), panel(4, 12, 2, 12, 2), row(2, 4, { collapsed: true, panels: [{ type: 'text', gridPos: { x: 0, y: 5, w: 6, h: 2 } }] })] });
  assert.deepEqual(places(grid), [[5, 0, 0, 24, 2], [4, 0, 2, 12, 2], [6, 12, 2, 12, 2], ['row 2', 0, 4, 24, 1]]);
  grid.toggleRow('panel-2');
  assert.deepEqual(places(grid).at(-1), [7, 0, 5, 6, 2]);
});

test('the judge counts a box one row off, a missing panel and an extra one as misplaced', async () => {
  const { comparePlaces, repeatCounts } = await import('./placement.mjs');
  const width = 1576;
  const grid = new GrafanaGrid({ schemaVersion: 39, panels: [row(1, 0), panel(2, 0, 1, 12, 4), panel(3, 12, 1, 12, 4), panel(4, 0, 5, 24, 2)] });
  const item = (key, kind, place) => ({ key, kind, title: key, box: toPixels(place, width) });
  const right = [item('1', 'row', { x: 0, y: 0, w: 24, h: 1 }), item('2', 'panel', { x: 0, y: 1, w: 12, h: 4 }), item('3', 'panel', { x: 12, y: 1, w: 12, h: 4 }), item('4', 'panel', { x: 0, y: 5, w: 24, h: 2 })];
  assert.deepEqual(comparePlaces(grid, { width, items: right }), { panels: 3, panelsRight: 3, rows: 1, rowsRight: 1, wrong: [] });
  const off = right.map((i) => (i.key === '4' ? item('4', 'panel', { x: 0, y: 6, w: 24, h: 2 }) : i));
  const result = comparePlaces(grid, { width, items: [...off.filter((i) => i.key !== '3'), item('9|node=a', 'panel', { x: 0, y: 8, w: 6, h: 2 })] });
  assert.equal(result.panelsRight, 1);
  assert.deepEqual(result.wrong.map((w) => [w.title, w.expected, w.drawn]), [
    ['p3', '12,1,12,4', 'not drawn'], ['4', '0,5,24,2', '0,6,24,2'], ['9|node=a', 'not shown by Grafana', '0,8,6,2'],
  ]);
  assert.deepEqual(repeatCounts([{ key: '9|node=a' }, { key: '9|node=b' }, { key: '10|node=a#2' }]), { node: 2 });
});
