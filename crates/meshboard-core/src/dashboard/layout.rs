//! Grid units and positions: `gridPos` (24 columns, 30 px row units, 8 px gaps as in
//! Grafana), default positions for panels without one, and collapsing/expanding rows in the
//! saved model. Where everything is drawn is `arrange`'s (compaction, rows, repeats, pixels).

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
    /// Index into the placed items given to [`super::placed_rects`].
    pub index: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
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
