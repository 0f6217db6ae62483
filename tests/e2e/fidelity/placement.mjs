// "Placed where Grafana places it": the boxes the browser drew for every grid item (panels,
// repeat copies, row headers), turned back into grid units with the grid's own column width
// and row height, against what the placement oracle (grid-oracle.mjs) says Grafana shows for
// the same dashboard in the same state (as loaded, or after the same row clicks). Nothing here
// reads the app's own idea of where an item goes (`data-grid-pos`): only the drawn boxes.
import { GrafanaGrid, samePlace, toGridUnits } from './grid-oracle.mjs';

/** The grid's width and every item's drawn box relative to the grid, with what it is, once
 * two reads a few frames apart agree (the grid lays out again when it learns its width). */
export async function drawnItems(page) {
  let last = null;
  for (let i = 0; i < 40; i++) {
    // Two frames: the layout of the last change (a row click, a resize) is on screen.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const now = await readItems(page);
    if (last && JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

function readItems(page) {
  return page.evaluate(() => {
    const grid = document.querySelector('[data-testid="dashboard-grid"]');
    const g = grid.getBoundingClientRect();
    const items = [...grid.querySelectorAll('[data-testid="grid-item"]')].map((e) => {
      const r = e.getBoundingClientRect();
      const row = e.querySelector('[data-testid="dashboard-row"]');
      const panel = e.querySelector('[data-testid="panel"]');
      return {
        key: e.dataset.key,
        kind: row ? 'row' : 'panel',
        title: row ? row.dataset.rowTitle : panel?.dataset.panelTitle ?? '',
        box: { left: r.left - g.left, top: r.top - g.top, width: r.width, height: r.height },
      };
    });
    return { width: g.width, items };
  });
}

/** A grid item's key (`id`, `id|var=value...`, `#n` for a duplicate) split into its parts. */
function parseKey(key) {
  const m = /^(-?\d+)((?:\|[^=|]+=[^|]*)*)$/.exec((key ?? '').replace(/#\d+$/, ''));
  if (!m) return { id: null, vars: [] };
  const vars = [...m[2].matchAll(/\|([^=|]+)=([^|]*)/g)].map(([, name, value]) => [name, value]);
  return { id: Number(m[1]), vars };
}

/** How many values each repeat variable has, from the copies on the page (the values are
 * Prometheus's answer to the variable's query, not layout). */
export function repeatCounts(items) {
  const values = {};
  for (const item of items) {
    for (const [name, value] of parseKey(item.key).vars) (values[name] ??= new Set()).add(value);
  }
  return Object.fromEntries(Object.entries(values).map(([name, set]) => [name, set.size]));
}

/** Opens every closed row bottom to top, round after round (repeated rows appear as others
 * open), as the fidelity run does; returns the clicks as `{ id, nth }` (the nth row header
 * with that id, top to bottom) for the oracle to replay. */
export async function openAllRows(page) {
  const clicks = [];
  for (let round = 0; round < 10; round++) {
    const closed = page.locator('[data-testid="dashboard-row"][data-collapsed="true"]');
    const n = await closed.count();
    if (n === 0) break;
    for (let i = n - 1; i >= 0; i--) {
      const header = closed.nth(i);
      const at = await header.evaluate((el) => {
        const key = el.closest('[data-testid="grid-item"]').dataset.key;
        const id = key.split(/[|#]/)[0];
        const same = [...document.querySelectorAll('[data-testid="grid-item"]')].filter((e) => e.querySelector('[data-testid="dashboard-row"]') && e.dataset.key.split(/[|#]/)[0] === id);
        return { id: Number(id), nth: same.findIndex((e) => e.dataset.key === key) };
      }).catch(() => null);
      if (!at) continue;
      const clicked = await header.click({ timeout: 5_000 }).then(() => true, () => false);
      if (clicked) clicks.push(at);
    }
    await page.waitForTimeout(300);
  }
  return clicks;
}

/** The oracle's grid for a dashboard after the given row clicks. */
export function oracleAfter(dashboard, counts, clicks = []) {
  const grid = new GrafanaGrid(dashboard, { repeatCounts: counts });
  for (const { id, nth } of clicks) {
    const row = grid.rows().filter((r) => r.id === id)[nth];
    if (row) grid.toggleRow(row.key);
  }
  return grid;
}

const units = (p) => `${+p.x.toFixed(2)},${+p.y.toFixed(2)},${+p.w.toFixed(2)},${+p.h.toFixed(2)}`;

/**
 * Every drawn item against the oracle's place for it: items are matched by kind and panel id
 * (repeat copies and repeated rows of one id in top-to-bottom, left-to-right order). Returns
 * counts for panels and row headers and, for each one not where Grafana puts it (or missing,
 * or extra), what was expected and what was drawn, in grid units.
 */
export function comparePlaces(grid, drawn) {
  const expected = grid.placed();
  const group = (list, keyOf) => {
    const map = new Map();
    for (const item of list) {
      const k = keyOf(item);
      if (!map.has(k)) map.set(k, []);
      map.get(k).push(item);
    }
    return map;
  };
  const want = group(expected, (p) => `${p.kind}:${p.id}`);
  const got = group(drawn.items, (d) => `${d.kind}:${parseKey(d.key).id}`);
  const result = { panels: 0, panelsRight: 0, rows: 0, rowsRight: 0, wrong: [] };
  const count = (kind, right) => {
    if (kind === 'row') {
      result.rows++;
      if (right) result.rowsRight++;
    } else {
      result.panels++;
      if (right) result.panelsRight++;
    }
  };
  for (const k of new Set([...want.keys(), ...got.keys()])) {
    const places = (want.get(k) || []).slice().sort((a, b) => a.y - b.y || a.x - b.x);
    const boxes = (got.get(k) || []).slice().sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left);
    for (let i = 0; i < Math.max(places.length, boxes.length); i++) {
      const place = places[i];
      const box = boxes[i];
      const kind = (place ?? box).kind;
      const title = box?.title ?? place?.title ?? '';
      if (!box) {
        count(kind, false);
        result.wrong.push({ kind, title, id: place.id, expected: units(place), drawn: 'not drawn' });
      } else if (!place) {
        count(kind, false);
        result.wrong.push({ kind, title, key: box.key, expected: 'not shown by Grafana', drawn: units(toGridUnits(box.box, drawn.width)) });
      } else {
        const right = samePlace(box.box, place, drawn.width);
        count(kind, right);
        if (!right) result.wrong.push({ kind, title, key: box.key, expected: units(place), drawn: units(toGridUnits(box.box, drawn.width)) });
      }
    }
  }
  // Top to bottom by where Grafana has it (or, for an extra item, where it was drawn).
  const top = (w) => Number((/^[\d.]+,([\d.]+)/.exec(w.expected) ?? /^[\d.]+,([\d.]+)/.exec(w.drawn) ?? [0, 0])[1]);
  result.wrong.sort((a, b) => top(a) - top(b));
  return result;
}
