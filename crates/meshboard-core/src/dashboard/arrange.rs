//! Where Grafana draws each panel of a dashboard: the panels in `gridPos` order, rows with
//! their panels (a collapsed row's nested panels placed right under it when it opens, whatever
//! `gridPos.y` they were saved with), repeats by variable value, then react-grid-layout's
//! vertical compaction (every item falls upward until it rests on one above it).
//!
//! Grafana changes its model step by step (`DashboardModel.toggleRow` pushes what follows
//! down by the opened height, `processRepeats` clones, the grid compacts and writes the
//! compacted positions back). The result only depends on the order of the items and on their
//! positions relative to their row, so [`arrange`] computes it in one pass from the dashboard
//! as loaded, the variables and which rows the user opened or closed:
//!
//! - panels are sorted by `(y, x)` (`sortPanelsByGridPos`); a row owns the panels after it up
//!   to the next row (`getRowPanels`), or its nested `panels` when saved collapsed;
//! - each row starts a section below everything before it; its panels keep their offsets to
//!   the row (an opened collapsed row: to its first nested panel, as `toggleRow`'s `yDiff`);
//! - a repeated panel is one grid item as in Grafana's scenes grid (`DashboardGridItem`):
//!   direction `h` (the default) spans the 24 columns, `min(n, maxPerRow)` copies per line
//!   and `ceil(n / maxPerRow)` lines of the panel's height; `v` keeps the panel's `x`/`w` and
//!   stacks the `n` copies; a repeated row is one row (with its panels) per value
//!   (`RowRepeaterBehavior`), each opening and closing on its own;
//! - [`compact`] is react-grid-layout's `compact`/`compactItem` for `compactType: vertical`.

use std::collections::{BTreeMap, BTreeSet};

use super::layout::{
    toggle_row, PanelRect, GRID_COLUMNS, GRID_MARGIN_PX, ONE_COLUMN_BELOW_PX, ROW_UNIT_PX,
};
use super::panel::{Panel, PanelKind, RepeatDirection};
use crate::variables::Variable;

/// Grafana's default `maxPerRow`.
pub const DEFAULT_MAX_PER_ROW: u32 = 4;

/// Rows the user opened (`false`) or closed (`true`), by [`panel_key`]; other rows keep the
/// `collapsed` they were saved with.
pub type RowStates = BTreeMap<String, bool>;

/// A place on the grid in grid units. `x` and `w` may be fractional: five copies of a
/// horizontal repeat share the 24 columns (4.8 each), as Grafana's CSS grid shares them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridRect {
    pub x: f64,
    pub y: u32,
    pub w: f64,
    pub h: u32,
}

impl GridRect {
    pub fn bottom(&self) -> u32 {
        self.y + self.h
    }

    /// True when the two rectangles share some area.
    pub fn overlaps(&self, other: &GridRect) -> bool {
        let item = |r: &GridRect| CompactItem {
            x: r.x,
            y: i64::from(r.y),
            w: r.w,
            h: i64::from(r.h),
        };
        item_collide(&item(self), &item(other))
    }

    /// `x,y,w,h` with at most two decimals (the DOM's `data-grid-pos`).
    pub fn to_attr(&self) -> String {
        let num = |v: f64| {
            let text = format!("{:.2}", v);
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        format!("{},{},{},{}", num(self.x), self.y, num(self.w), self.h)
    }
}

/// One thing the grid draws: a panel (maybe a repeat copy) or a row header.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The panel, with its repeat values in `scoped_vars` (a repeated row's value too).
    pub panel: Panel,
    /// Its identity: the panel id and its repeat values ([`panel_key`]), unique in the list.
    pub key: String,
    pub pos: GridRect,
    /// Rows: whether closed.
    pub collapsed: bool,
    /// Rows: how many panels the row holds (Grafana's "(N panels)" when closed).
    pub row_panels: usize,
}

/// A panel's identity on the grid: its id and the repeat values it was made for.
pub fn panel_key(panel: &Panel) -> String {
    let mut key = panel.id.to_string();
    for (name, value) in &panel.scoped_vars {
        key.push_str(&format!("|{name}={value}"));
    }
    key
}

/// The values a repeat by `variable` makes copies for: the selected ones (every option for
/// All); `None` when the dashboard has no such variable.
fn repeat_values(variables: &[Variable], name: &str) -> Option<Vec<String>> {
    variables
        .iter()
        .find(|v| v.name == name)
        .map(Variable::effective_values)
}

/// What a grid item holds.
#[derive(Debug, Clone)]
enum Content {
    Panel(Panel),
    Row {
        panel: Panel,
        collapsed: bool,
        count: usize,
    },
    /// The copies of a repeated panel, laid out inside the item.
    Repeat {
        copies: Vec<Panel>,
        direction: RepeatDirection,
        per_line: u32,
        unit_h: u32,
    },
}

/// A react-grid-layout item: `y` may be negative before compaction (a nested panel saved
/// above the first one of its row).
#[derive(Debug, Clone)]
struct Cell {
    x: f64,
    y: i64,
    w: f64,
    h: i64,
    content: Content,
}

const EPSILON: f64 = 1e-6;

/// Positions only, for [`compact`]: `(x, y, w, h)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompactItem {
    pub x: f64,
    pub y: i64,
    pub w: f64,
    pub h: i64,
}

/// react-grid-layout's `collides` (touching edges do not collide).
fn item_collide(a: &CompactItem, b: &CompactItem) -> bool {
    !(a.x + a.w <= b.x + EPSILON
        || b.x + b.w <= a.x + EPSILON
        || a.y + a.h <= b.y
        || b.y + b.h <= a.y)
}

/// react-grid-layout's vertical `compact`: items in `(y, x)` order (stable), each moved up
/// while nothing is in the way (never above 0), then down below whatever it overlaps, pushing
/// the not yet compacted items it would overlap down with it (`resolveCompactionCollision`).
pub fn compact(items: &mut [CompactItem]) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        items[a]
            .y
            .cmp(&items[b].y)
            .then(items[a].x.total_cmp(&items[b].x))
    });
    let mut placed: Vec<usize> = Vec::with_capacity(items.len());
    for (k, &i) in order.iter().enumerate() {
        let mut item = items[i];
        let first_collision = |items: &[CompactItem], item: &CompactItem| {
            placed
                .iter()
                .copied()
                .find(|&j| item_collide(&items[j], item))
        };
        let bottom = placed
            .iter()
            .map(|&j| items[j].y + items[j].h)
            .max()
            .unwrap_or(0);
        item.y = item.y.min(bottom);
        while item.y > 0 && first_collision(items, &item).is_none() {
            item.y -= 1;
        }
        while let Some(j) = first_collision(items, &item) {
            let move_to = items[j].y + items[j].h;
            push_later(items, &order, k, item, move_to);
            item.y = move_to;
        }
        item.y = item.y.max(0);
        items[i] = item;
        placed.push(i);
    }
}

/// `resolveCompactionCollision`: the item one unit lower, and every later item it then
/// overlaps pushed below where the item goes.
fn push_later(
    items: &mut [CompactItem],
    order: &[usize],
    k: usize,
    mut item: CompactItem,
    move_to: i64,
) {
    item.y += 1;
    for pos in k + 1..order.len() {
        let other = order[pos];
        if items[other].y > item.y + item.h {
            break;
        }
        if item_collide(&item, &items[other]) {
            let other_item = items[other];
            let other_to = move_to + item.h;
            push_later(items, order, pos, other_item, other_to);
            items[other].y = other_to;
        }
    }
}

fn compact_cells(cells: &mut [Cell]) {
    let mut items: Vec<CompactItem> = cells
        .iter()
        .map(|c| CompactItem {
            x: c.x,
            y: c.y,
            w: c.w,
            h: c.h,
        })
        .collect();
    compact(&mut items);
    for (cell, item) in cells.iter_mut().zip(items) {
        cell.y = item.y;
    }
}

/// A row and the panels it owns, or the panels above the first row.
struct Section<'a> {
    row: Option<&'a Panel>,
    /// Each panel with its `y` relative to the line under the row (absolute without a row).
    members: Vec<(&'a Panel, i64)>,
}

fn sections(panels: &[Panel]) -> Vec<Section<'_>> {
    let mut order: Vec<&Panel> = panels.iter().collect();
    crate::sort::sort_by_key(&mut order, |p| (p.grid_pos.y, p.grid_pos.x));
    let mut result: Vec<Section> = vec![Section {
        row: None,
        members: Vec::new(),
    }];
    for panel in order {
        if panel.kind == PanelKind::Row {
            let members = if panel.collapsed {
                // `toggleRow`: the first nested panel goes right under the row, the others
                // keep their offsets to it. First by position, not as saved: Grafana's grid
                // sorts a row's children by (y, x) when it loads them.
                let mut children: Vec<&Panel> = panel.children.iter().collect();
                crate::sort::sort_by_key(&mut children, |c| (c.grid_pos.y, c.grid_pos.x));
                let first = children.first().map_or(0, |c| c.grid_pos.y);
                children
                    .into_iter()
                    .map(|c| (c, i64::from(c.grid_pos.y) - i64::from(first)))
                    .collect()
            } else {
                Vec::new()
            };
            result.push(Section {
                row: Some(panel),
                members,
            });
            continue;
        }
        let section = result.last_mut().expect("a section");
        let rel = match section.row {
            Some(row) => i64::from(panel.grid_pos.y) - i64::from(row.grid_pos.y) - 1,
            None => i64::from(panel.grid_pos.y),
        };
        section.members.push((panel, rel));
    }
    result
}

fn with_var(panel: &Panel, name: &str, value: &str) -> Panel {
    let mut copy = panel.clone();
    copy.scoped_vars.insert(name.to_string(), value.to_string());
    copy
}

/// The grid cell of one panel of a section at `y`: itself, or its repeat copies.
fn panel_cell(panel: &Panel, y: i64, variables: &[Variable]) -> Cell {
    let pos = panel.grid_pos;
    let Some(repeat) = &panel.repeat else {
        return Cell {
            x: f64::from(pos.x),
            y,
            w: f64::from(pos.w),
            h: i64::from(pos.h),
            content: Content::Panel(panel.clone()),
        };
    };
    // No variable or no value: one copy with the shared values (Grafana's placeholder).
    let copies: Vec<Panel> = match repeat_values(variables, &repeat.variable) {
        Some(values) if !values.is_empty() => values
            .iter()
            .map(|v| with_var(panel, &repeat.variable, v))
            .collect(),
        _ => vec![panel.clone()],
    };
    let n = copies.len() as u32;
    let unit_h = pos.h;
    match repeat.direction {
        RepeatDirection::Horizontal => {
            let max_per_row = repeat.max_per_row.unwrap_or(DEFAULT_MAX_PER_ROW).max(1);
            let per_line = n.min(max_per_row);
            let lines = n.div_ceil(max_per_row);
            Cell {
                x: 0.0,
                y,
                w: f64::from(GRID_COLUMNS),
                h: i64::from(lines * unit_h),
                content: Content::Repeat {
                    copies,
                    direction: RepeatDirection::Horizontal,
                    per_line,
                    unit_h,
                },
            }
        }
        RepeatDirection::Vertical => Cell {
            x: f64::from(pos.x),
            y,
            w: f64::from(pos.w),
            h: i64::from(n * unit_h),
            content: Content::Repeat {
                copies,
                direction: RepeatDirection::Vertical,
                per_line: 1,
                unit_h,
            },
        },
    }
}

/// Where every panel and row header of the dashboard is drawn, in drawing order (top to
/// bottom, left to right), compacted as Grafana's grid compacts.
pub fn arrange(panels: &[Panel], variables: &[Variable], states: &RowStates) -> Vec<Placed> {
    let mut cells: Vec<Cell> = Vec::new();
    // The line below everything emitted so far: where the next row starts.
    let mut cursor: i64 = 0;
    for section in sections(panels) {
        let Some(row) = section.row else {
            for (panel, rel) in &section.members {
                let cell = panel_cell(panel, *rel, variables);
                cursor = cursor.max(cell.y + cell.h);
                cells.push(cell);
            }
            continue;
        };
        // A repeated row: one row (and its panels) per value, each with the value bound.
        let copies: Vec<(Panel, Option<(String, String)>)> = match row
            .repeat
            .as_ref()
            .and_then(|r| repeat_values(variables, &r.variable).map(|v| (r, v)))
        {
            Some((repeat, values)) if !values.is_empty() => values
                .into_iter()
                .map(|v| {
                    (
                        with_var(row, &repeat.variable, &v),
                        Some((repeat.variable.clone(), v)),
                    )
                })
                .collect(),
            _ => vec![(row.clone(), None)],
        };
        for (row_panel, binding) in copies {
            let key = panel_key(&row_panel);
            let collapsed = states.get(&key).copied().unwrap_or(row.collapsed);
            let row_y = cursor;
            cells.push(Cell {
                x: 0.0,
                y: row_y,
                w: f64::from(GRID_COLUMNS),
                h: 1,
                content: Content::Row {
                    panel: row_panel,
                    collapsed,
                    count: section.members.len(),
                },
            });
            cursor = row_y + 1;
            if collapsed {
                continue;
            }
            for (panel, rel) in &section.members {
                let bound = match &binding {
                    Some((name, value)) => with_var(panel, name, value),
                    None => (*panel).clone(),
                };
                let cell = panel_cell(&bound, row_y + 1 + rel, variables);
                cursor = cursor.max(cell.y + cell.h);
                cells.push(cell);
            }
        }
    }
    compact_cells(&mut cells);
    let mut order: Vec<usize> = (0..cells.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        cells[a]
            .y
            .cmp(&cells[b].y)
            .then(cells[a].x.total_cmp(&cells[b].x))
    });
    let mut placed = Vec::with_capacity(cells.len());
    let mut seen = BTreeSet::new();
    let mut unique_key = |panel: &Panel| {
        let base = panel_key(panel);
        let mut key = base.clone();
        let mut n = 1;
        while !seen.insert(key.clone()) {
            n += 1;
            key = format!("{base}#{n}");
        }
        key
    };
    for index in order {
        let cell = &cells[index];
        let y = u32::try_from(cell.y.max(0)).unwrap_or(u32::MAX);
        let h = u32::try_from(cell.h.max(1)).unwrap_or(1);
        match &cell.content {
            Content::Panel(panel) => placed.push(Placed {
                key: unique_key(panel),
                panel: panel.clone(),
                pos: GridRect {
                    x: cell.x,
                    y,
                    w: cell.w,
                    h,
                },
                collapsed: false,
                row_panels: 0,
            }),
            Content::Row {
                panel,
                collapsed,
                count,
            } => placed.push(Placed {
                key: unique_key(panel),
                panel: panel.clone(),
                pos: GridRect {
                    x: 0.0,
                    y,
                    w: f64::from(GRID_COLUMNS),
                    h: 1,
                },
                collapsed: *collapsed,
                row_panels: *count,
            }),
            Content::Repeat {
                copies,
                direction,
                per_line,
                unit_h,
            } => {
                let w = cell.w / f64::from(*per_line);
                for (i, copy) in copies.iter().enumerate() {
                    let i = i as u32;
                    let (col, line) = match direction {
                        RepeatDirection::Horizontal => (i % per_line, i / per_line),
                        RepeatDirection::Vertical => (0, i),
                    };
                    placed.push(Placed {
                        key: unique_key(copy),
                        panel: copy.clone(),
                        pos: GridRect {
                            x: cell.x + f64::from(col) * w,
                            y: y + line * unit_h,
                            w,
                            h: *unit_h,
                        },
                        collapsed: false,
                        row_panels: 0,
                    });
                }
            }
        }
    }
    placed
}

/// The panels as Grafana saves them with the rows of `states` opened or closed
/// ([`toggle_row`] on each row whose state changed; repeat copies are not saved).
pub fn with_row_states(panels: &[Panel], states: &RowStates) -> Vec<Panel> {
    let mut result = panels.to_vec();
    let mut done = BTreeSet::new();
    while let Some(index) = result.iter().position(|p| {
        p.kind == PanelKind::Row
            && !done.contains(&p.id)
            && states
                .get(&panel_key(p))
                .is_some_and(|collapsed| *collapsed != p.collapsed)
    }) {
        done.insert(result[index].id);
        toggle_row(&mut result, index);
    }
    result
}

/// The grid's height in grid units.
pub fn grid_bottom(placed: &[Placed]) -> u32 {
    placed.iter().map(|p| p.pos.bottom()).max().unwrap_or(0)
}

/// Pixels for `units` grid units of `unit_px` with margins between them.
fn span_px(units: f64, unit_px: f64) -> f64 {
    if units <= 0.0 {
        return 0.0;
    }
    units * unit_px + (units - 1.0).max(0.0) * GRID_MARGIN_PX
}

/// Rectangles in pixels for a container width, as react-grid-layout computes them (rounded
/// to whole pixels). Below [`ONE_COLUMN_BELOW_PX`] every item takes the full width, stacked
/// in drawing order with its own height (Grafana's mobile layout).
pub fn placed_rects(placed: &[Placed], container_width: f64) -> Vec<PanelRect> {
    let width = if container_width.is_finite() {
        container_width.max(0.0)
    } else {
        0.0
    };
    if width < ONE_COLUMN_BELOW_PX {
        let mut y = 0.0;
        return placed
            .iter()
            .enumerate()
            .map(|(index, p)| {
                let height = span_px(f64::from(p.pos.h), ROW_UNIT_PX).round();
                let rect = PanelRect {
                    index,
                    x: 0.0,
                    y,
                    width,
                    height,
                };
                y += height + GRID_MARGIN_PX;
                rect
            })
            .collect();
    }
    let columns = f64::from(GRID_COLUMNS);
    let column_px = ((width - GRID_MARGIN_PX * (columns - 1.0)) / columns).max(0.0);
    placed
        .iter()
        .enumerate()
        .map(|(index, p)| PanelRect {
            index,
            x: (p.pos.x * (column_px + GRID_MARGIN_PX)).round(),
            y: (f64::from(p.pos.y) * (ROW_UNIT_PX + GRID_MARGIN_PX)).round(),
            width: span_px(p.pos.w, column_px).round(),
            height: span_px(f64::from(p.pos.h), ROW_UNIT_PX).round(),
        })
        .collect()
}

#[cfg(test)]
#[path = "arrange_tests.rs"]
mod tests;
