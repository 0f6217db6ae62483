//! The editor's grid: what react-grid-layout (Grafana's grid in edit mode) does to the saved
//! panel list when a panel is dropped, resized or added, so the saved `gridPos` values are the
//! ones Grafana would write back.
//!
//! The saved model is a flat list in which a row header is a full-width item one unit high
//! and owns the panels after it up to the next row (Grafana's `getRowPanels`); a collapsed
//! row's panels live inside it and are not on the grid. Every change here is followed by
//! vertical compaction ([`crate::dashboard::compact`]) and `sortPanelsByGridPos`, as Grafana's
//! `onLayoutChange` writes the compacted layout back into the model.
//!
//! A repeated panel takes the room of all its copies, as [`crate::dashboard::arrange`] lays
//! them out (scenes' `DashboardGridItem`): direction `h` the 24 columns and one line per
//! `maxPerRow` copies, `v` its column and one panel height per copy; only its `y` (and, `v`,
//! its `x`) is written back, its own `gridPos` size stays the size of one copy.
//!
//! Moving follows react-grid-layout's `moveElement` / `moveElementAwayFromCollision`
//! (`lib/utils.js`): a dragged item pushes what it lands on out of the way; moving up swaps
//! with the item above when that one fits above it.

use crate::dashboard::{
    compact, CompactItem, GridPos, Panel, RepeatDirection, DEFAULT_MAX_PER_ROW, GRID_COLUMNS,
};
use crate::variables::Variable;

/// One grid item while a change is worked out: integer grid units, `moved` as
/// react-grid-layout marks the dragged item (it is never pushed by the items it pushes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Item {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
    pub moved: bool,
}

impl Item {
    fn of(pos: GridPos) -> Item {
        Item {
            x: i64::from(pos.x),
            y: i64::from(pos.y),
            w: i64::from(pos.w.max(1)),
            h: i64::from(pos.h.max(1)),
            moved: false,
        }
    }

    fn collides(&self, other: &Item) -> bool {
        !(self.x + self.w <= other.x
            || other.x + other.w <= self.x
            || self.y + self.h <= other.y
            || other.y + other.h <= self.y)
    }
}

/// The item of one panel: its `gridPos`, or the room its repeat copies take.
fn item(panel: &Panel, variables: &[Variable]) -> Item {
    let mut item = Item::of(panel.grid_pos);
    let Some(repeat) = &panel.repeat else {
        return item;
    };
    let copies = variables
        .iter()
        .find(|v| v.name == repeat.variable)
        .map_or(1, |v| v.effective_values().len())
        .max(1) as i64;
    match repeat.direction {
        RepeatDirection::Horizontal => {
            let per_line = i64::from(repeat.max_per_row.unwrap_or(DEFAULT_MAX_PER_ROW).max(1));
            item.x = 0;
            item.w = i64::from(GRID_COLUMNS);
            item.h *= (copies + per_line - 1) / per_line;
        }
        RepeatDirection::Vertical => item.h *= copies,
    }
    item
}

/// The items of `panels` in list order.
pub(crate) fn items(panels: &[Panel], variables: &[Variable]) -> Vec<Item> {
    panels.iter().map(|p| item(p, variables)).collect()
}

/// Indices of `items` sorted by `(y, x)`, stable (react-grid-layout's `sortLayoutItemsByRowCol`).
fn sorted(items: &[Item]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    crate::sort::sort_by_key(&mut order, |&i| (items[i].y, items[i].x));
    order
}

/// react-grid-layout's `moveElement` for `compactType: "vertical"` without collision
/// prevention: item `i` goes to `(x, y)` and every item it then overlaps is moved out of its
/// way. `user` is true for the dragged item itself (the first call).
pub(crate) fn move_element(items: &mut [Item], i: usize, x: i64, y: i64, user: bool) {
    let (old_x, old_y) = (items[i].x, items[i].y);
    if old_x == x && old_y == y {
        return;
    }
    items[i].x = x;
    items[i].y = y;
    items[i].moved = true;
    let mut order = sorted(items);
    // Moving up, the items are visited bottom first, so the nearest one is swapped last.
    if old_y >= y {
        order.reverse();
    }
    let collisions: Vec<usize> = order
        .into_iter()
        .filter(|&j| j != i && items[j].collides(&items[i]))
        .collect();
    for j in collisions {
        if items[j].moved {
            continue;
        }
        move_away(items, i, j, user);
    }
}

/// `moveElementAwayFromCollision`: `to_move` leaves the place of `with`. On the user's move it
/// first tries the place right above `with` (a swap); otherwise it goes one unit down at a
/// time, pushing what it meets.
fn move_away(items: &mut [Item], with: usize, to_move: usize, user: bool) {
    if user {
        let fake = Item {
            x: items[to_move].x,
            y: (items[with].y - items[to_move].h).max(0),
            w: items[to_move].w,
            h: items[to_move].h,
            moved: false,
        };
        // `getFirstCollision` walks the layout in list order; the fake item is not `to_move`
        // itself, so it may collide with `to_move`'s current place.
        let first = (0..items.len()).find(|&k| items[k].collides(&fake));
        match first {
            None => {
                move_element(items, to_move, items[to_move].x, fake.y, false);
                return;
            }
            Some(k) if items[k].y + items[k].h > items[with].y => {
                let below = items[with].y + 1;
                move_element(items, to_move, items[to_move].x, below, false);
                return;
            }
            Some(_) => {}
        }
    }
    let down = items[to_move].y + 1;
    move_element(items, to_move, items[to_move].x, down, false);
}

/// Vertical compaction of `items` (react-grid-layout's `compact`).
pub(crate) fn compact_items(items: &mut [Item]) {
    let mut compact_items: Vec<CompactItem> = items
        .iter()
        .map(|i| CompactItem {
            x: i.x as f64,
            y: i.y,
            w: i.w as f64,
            h: i.h,
        })
        .collect();
    compact(&mut compact_items);
    for (item, c) in items.iter_mut().zip(compact_items) {
        item.y = c.y;
        item.moved = false;
    }
}

/// Writes `items` back into `panels` (same order), then sorts the list by `(y, x)` as
/// Grafana's `sortPanelsByGridPos` (stable), so row ownership follows the positions.
pub(crate) fn write_back(panels: &mut [Panel], items: &[Item]) {
    for (panel, item) in panels.iter_mut().zip(items) {
        match panel.repeat.as_ref().map(|r| r.direction) {
            None => {
                panel.grid_pos = GridPos {
                    x: clamp_u32(item.x),
                    y: clamp_u32(item.y),
                    w: clamp_u32(item.w),
                    h: clamp_u32(item.h),
                }
            }
            Some(RepeatDirection::Horizontal) => panel.grid_pos.y = clamp_u32(item.y),
            Some(RepeatDirection::Vertical) => {
                panel.grid_pos.x = clamp_u32(item.x);
                panel.grid_pos.y = clamp_u32(item.y);
            }
        }
    }
    sort_by_grid_pos(panels);
}

fn clamp_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

/// Grafana's `sortPanelsByGridPos` (a stable sort by `y`, then `x`).
pub(crate) fn sort_by_grid_pos(panels: &mut [Panel]) {
    crate::sort::sort_by_key(panels, |p| (p.grid_pos.y, p.grid_pos.x));
}

/// Compacts the list as the grid does and writes the result back.
pub(crate) fn settle(panels: &mut [Panel], variables: &[Variable]) {
    let mut all = items(panels, variables);
    compact_items(&mut all);
    write_back(panels, &all);
}

/// Drops panel `i` at `(x, y)` (clamped into the 24 columns) and settles the grid.
pub(crate) fn move_panel(panels: &mut [Panel], variables: &[Variable], i: usize, x: i64, y: i64) {
    let mut all = items(panels, variables);
    let w = all[i].w.min(i64::from(GRID_COLUMNS));
    let x = x.clamp(0, i64::from(GRID_COLUMNS) - w);
    move_element(&mut all, i, x, y.max(0), true);
    compact_items(&mut all);
    write_back(panels, &all);
}

/// Resizes panel `i` to `w` x `h` (width clamped so it stays inside the 24 columns, both at
/// least one unit; a repeated panel: the size of one copy) and settles the grid: what it now
/// overlaps is pushed below it.
pub(crate) fn resize_panel(panels: &mut [Panel], variables: &[Variable], i: usize, w: i64, h: i64) {
    let pos = &mut panels[i].grid_pos;
    let max_w = i64::from(GRID_COLUMNS - pos.x.min(GRID_COLUMNS - 1));
    pos.w = clamp_u32(w.clamp(1, max_w));
    pos.h = clamp_u32(h.max(1));
    settle(panels, variables);
}

/// Where panel `i` ends up after [`move_panel`] to `(x, y)`, without changing `panels`.
pub(crate) fn landing(
    panels: &[Panel],
    variables: &[Variable],
    i: usize,
    x: i64,
    y: i64,
) -> GridPos {
    let mut copy = panels.to_vec();
    let id = copy[i].id;
    move_panel(&mut copy, variables, i, x, y);
    // Ids are unique on the grid (the editor keeps them so).
    copy.iter()
        .find(|p| p.id == id)
        .map_or(GridPos::UNSET, |p| p.grid_pos)
}
