//! Grid layout maths: `gridPos` (24 columns, 30 px row units, 8 px gaps as in Grafana) to
//! pixel rectangles for a container width, one-column stacking below 768 px, default
//! positions for panels without `gridPos`, and collapsing/expanding rows.

use serde_json::{json, Value};

use super::panel::{Panel, PanelKind};

pub const GRID_COLUMNS: u32 = 24;
/// Height of one grid row unit in pixels.
pub const ROW_UNIT_PX: f64 = 30.0;
/// Gap between panels (Grafana's GRID_CELL_VMARGIN), horizontally and vertically.
pub const GRID_MARGIN_PX: f64 = 8.0;
/// Below this container width panels stack in one column.
pub const ONE_COLUMN_BELOW_PX: f64 = 768.0;

/// A panel's place on the grid, in grid units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridPos {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl GridPos {
    /// Marks a panel that had no `gridPos` (placed by [`assign_default_positions`]).
    pub const UNSET: GridPos = GridPos {
        x: 0,
        y: 0,
        w: 0,
        h: 0,
    };

    pub fn is_unset(&self) -> bool {
        self.w == 0 || self.h == 0
    }

    /// Reads `{x, y, w, h}` clamped into the grid (a partly given position keeps defaults).
    pub fn from_json(value: &Value) -> Option<GridPos> {
        let obj = value.as_object()?;
        let field = |key: &str| {
            obj.get(key)
                .and_then(Value::as_f64)
                .filter(|v| v.is_finite())
                .map(|v| v.clamp(0.0, 100_000.0) as u32)
        };
        let w = field("w").unwrap_or(12).clamp(1, GRID_COLUMNS);
        let h = field("h").unwrap_or(8).max(1);
        let x = field("x").unwrap_or(0).min(GRID_COLUMNS - w);
        Some(GridPos {
            x,
            y: field("y").unwrap_or(0),
            w,
            h,
        })
    }

    pub fn to_json(&self) -> Value {
        json!({ "h": self.h, "w": self.w, "x": self.x, "y": self.y })
    }

    pub fn bottom(&self) -> u32 {
        self.y.saturating_add(self.h)
    }
}

/// Default size of a panel placed without `gridPos`: compact for single values.
fn default_size(kind: &PanelKind) -> (u32, u32) {
    match kind {
        PanelKind::Row => (GRID_COLUMNS, 1),
        PanelKind::Stat | PanelKind::Gauge => (6, 4),
        PanelKind::Logs | PanelKind::Traces | PanelKind::Table => (24, 10),
        _ => (12, 8),
    }
}

/// Gives panels without `gridPos` a place: flowed left to right below the positioned ones.
pub fn assign_default_positions(panels: &mut [Panel]) {
    let mut y = panels
        .iter()
        .filter(|p| !p.grid_pos.is_unset())
        .map(|p| p.grid_pos.bottom())
        .max()
        .unwrap_or(0);
    let (mut x, mut line_h) = (0u32, 0u32);
    for panel in panels.iter_mut().filter(|p| p.grid_pos.is_unset()) {
        let (w, h) = default_size(&panel.kind);
        if x + w > GRID_COLUMNS || panel.kind == PanelKind::Row {
            y += line_h;
            x = 0;
            line_h = 0;
        }
        panel.grid_pos = GridPos { x, y, w, h };
        x += w;
        line_h = line_h.max(h);
        if panel.kind == PanelKind::Row {
            assign_default_positions(&mut panel.children);
        }
    }
}

/// A panel's rectangle in pixels inside the dashboard container.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelRect {
    /// Index into the panel slice given to [`layout_panels`].
    pub index: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

fn units_to_px(units: u32, unit_px: f64) -> f64 {
    if units == 0 {
        return 0.0;
    }
    f64::from(units) * unit_px + f64::from(units - 1) * GRID_MARGIN_PX
}

/// Rectangles of the visible (top-level) panels for a container width. Below
/// [`ONE_COLUMN_BELOW_PX`] every panel takes the full width, stacked in reading order
/// (by `y`, then `x`), keeping its height.
pub fn layout_panels(panels: &[Panel], container_width: f64) -> Vec<PanelRect> {
    let width = if container_width.is_finite() {
        container_width.max(0.0)
    } else {
        0.0
    };
    if width < ONE_COLUMN_BELOW_PX {
        let mut order: Vec<usize> = (0..panels.len()).collect();
        order.sort_by_key(|&i| (panels[i].grid_pos.y, panels[i].grid_pos.x));
        let mut y = 0.0;
        return order
            .into_iter()
            .map(|index| {
                let height = units_to_px(panels[index].grid_pos.h.max(1), ROW_UNIT_PX);
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
    let column_px =
        ((width - GRID_MARGIN_PX * f64::from(GRID_COLUMNS - 1)) / f64::from(GRID_COLUMNS)).max(0.0);
    panels
        .iter()
        .enumerate()
        .map(|(index, panel)| {
            let pos = panel.grid_pos;
            PanelRect {
                index,
                x: f64::from(pos.x) * (column_px + GRID_MARGIN_PX),
                y: f64::from(pos.y) * (ROW_UNIT_PX + GRID_MARGIN_PX),
                width: units_to_px(pos.w, column_px),
                height: units_to_px(pos.h, ROW_UNIT_PX),
            }
        })
        .collect()
}

/// Total height in pixels of a layout.
pub fn content_height(rects: &[PanelRect]) -> f64 {
    rects.iter().map(|r| r.y + r.height).fold(0.0, f64::max)
}

/// Expands or collapses the row at `row_index` (Grafana's `toggleRow`): expanding moves the
/// row's children back into the list after it and pushes later panels down; collapsing moves
/// the panels up to the next row inside it and pulls later panels up. Returns false when
/// `row_index` is not a row.
pub fn toggle_row(panels: &mut Vec<Panel>, row_index: usize) -> bool {
    if panels.get(row_index).map(|p| &p.kind) != Some(&PanelKind::Row) {
        return false;
    }
    let row_pos = panels[row_index].grid_pos;
    let row_bottom = row_pos.bottom();
    if panels[row_index].collapsed {
        let mut children = std::mem::take(&mut panels[row_index].children);
        panels[row_index].collapsed = false;
        if children.is_empty() {
            return true;
        }
        // Children keep their offsets relative to the row, even if the row moved.
        let first_y = children[0].grid_pos.y;
        let mut y_max = row_bottom;
        for child in &mut children {
            let offset = child.grid_pos.y.saturating_sub(first_y);
            child.grid_pos.y = row_bottom + offset;
            y_max = y_max.max(child.grid_pos.bottom());
        }
        let push_down = y_max - row_bottom;
        let insert_at = row_index + 1;
        for later in panels.iter_mut().skip(insert_at) {
            later.grid_pos.y = later.grid_pos.y.saturating_add(push_down);
        }
        panels.splice(insert_at..insert_at, children);
    } else {
        let end = panels
            .iter()
            .enumerate()
            .skip(row_index + 1)
            .find(|(_, p)| p.kind == PanelKind::Row)
            .map(|(i, _)| i)
            .unwrap_or(panels.len());
        let children: Vec<Panel> = panels.drain(row_index + 1..end).collect();
        let content_bottom = children
            .iter()
            .map(|c| c.grid_pos.bottom())
            .max()
            .unwrap_or(row_bottom);
        let pull_up = content_bottom.saturating_sub(row_bottom);
        for later in panels.iter_mut().skip(row_index + 1) {
            later.grid_pos.y = later.grid_pos.y.saturating_sub(pull_up);
        }
        let row = &mut panels[row_index];
        row.children = children;
        row.collapsed = true;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(kind: &str, x: u32, y: u32, w: u32, h: u32) -> Panel {
        Panel::from_json(
            &json!({"type": kind, "gridPos": {"x": x, "y": y, "w": w, "h": h}, "targets": [{"expr": "up"}]}),
            1,
        )
    }

    #[test]
    fn grid_to_pixels() {
        let panels = vec![
            panel("timeseries", 0, 0, 12, 8),
            panel("stat", 12, 0, 12, 8),
        ];
        let rects = layout_panels(&panels, 1200.0 - 8.0);
        // column = (1192 - 8*23) / 24 = 42 px.
        assert_eq!(rects[0].width, 12.0 * 42.0 + 11.0 * 8.0);
        assert_eq!(rects[1].x, 12.0 * 50.0);
        assert_eq!(rects[0].height, 8.0 * 30.0 + 7.0 * 8.0);
    }

    #[test]
    fn narrow_screens_get_one_column() {
        let panels = vec![
            panel("stat", 12, 0, 12, 4),
            panel("timeseries", 0, 0, 12, 8),
            panel("gauge", 0, 8, 6, 2),
        ];
        let rects = layout_panels(&panels, 500.0);
        let order: Vec<usize> = rects.iter().map(|r| r.index).collect();
        assert_eq!(order, vec![1, 0, 2]);
        assert!(rects.iter().all(|r| r.x == 0.0 && r.width == 500.0));
        assert_eq!(rects[1].y, rects[0].height + GRID_MARGIN_PX);
        assert_eq!(content_height(&rects), rects[2].y + rects[2].height);
    }

    #[test]
    fn rows_collapse_and_expand() {
        let mut panels = vec![
            panel("row", 0, 0, 24, 1),
            panel("timeseries", 0, 1, 12, 8),
            panel("stat", 12, 1, 12, 4),
            panel("row", 0, 9, 24, 1),
            panel("timeseries", 0, 10, 24, 8),
        ];
        assert!(toggle_row(&mut panels, 0));
        assert_eq!(panels.len(), 3);
        assert!(panels[0].collapsed);
        assert_eq!(panels[0].children.len(), 2);
        assert_eq!(panels[1].grid_pos.y, 1);
        assert_eq!(panels[2].grid_pos.y, 2);
        assert!(toggle_row(&mut panels, 0));
        assert_eq!(panels.len(), 5);
        assert_eq!(panels[1].grid_pos.y, 1);
        assert_eq!(panels[3].grid_pos.y, 9);
        assert_eq!(panels[4].grid_pos.y, 10);
        assert!(!toggle_row(&mut panels, 1));
        assert!(!toggle_row(&mut panels, 99));
    }

    #[test]
    fn default_positions_flow() {
        let mut panels = vec![
            Panel::from_json(&json!({"type": "stat", "targets": [{"expr": "up"}]}), 1),
            Panel::from_json(
                &json!({"type": "timeseries", "targets": [{"expr": "up"}]}),
                2,
            ),
            Panel::from_json(
                &json!({"type": "timeseries", "targets": [{"expr": "up"}]}),
                3,
            ),
        ];
        assign_default_positions(&mut panels);
        assert_eq!(
            panels[0].grid_pos,
            GridPos {
                x: 0,
                y: 0,
                w: 6,
                h: 4
            }
        );
        assert_eq!(
            panels[1].grid_pos,
            GridPos {
                x: 6,
                y: 0,
                w: 12,
                h: 8
            }
        );
        assert_eq!(
            panels[2].grid_pos,
            GridPos {
                x: 0,
                y: 8,
                w: 12,
                h: 8
            }
        );
    }

    #[test]
    fn hostile_grid_positions_are_clamped() {
        let pos = GridPos::from_json(&json!({"x": 30, "y": -4, "w": 99, "h": 0})).expect("pos");
        assert_eq!(
            pos,
            GridPos {
                x: 0,
                y: 0,
                w: 24,
                h: 1
            }
        );
        assert!(GridPos::from_json(&json!([1, 2])).is_none());
    }
}
