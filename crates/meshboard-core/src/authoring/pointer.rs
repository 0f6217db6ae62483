//! From the pointer to grid units while dragging or resizing a panel, as react-grid-layout
//! computes them (`calcXY`, `calcWH` in its `calculateUtils`): the nearest grid place of the
//! dragged panel's top-left corner and the nearest size of its dragged box, in the same
//! geometry [`crate::dashboard::placed_rects`] draws with (24 columns, 30 px rows, 8 px gaps).

use super::edit::GridPoint;
use crate::dashboard::{GRID_COLUMNS, GRID_MARGIN_PX, ROW_UNIT_PX};

fn column_px(container_width: f64) -> f64 {
    let columns = f64::from(GRID_COLUMNS);
    ((container_width - GRID_MARGIN_PX * (columns - 1.0)) / columns).max(1.0)
}

fn units(px: f64, unit_px: f64) -> i64 {
    if px.is_finite() {
        (px / (unit_px + GRID_MARGIN_PX)).round() as i64
    } else {
        0
    }
}

/// The grid place for a panel `w` columns wide whose top-left corner is at `(left, top)`
/// pixels inside a grid `container_width` pixels wide (kept inside the 24 columns).
pub fn grid_point_at(left: f64, top: f64, w: u32, container_width: f64) -> GridPoint {
    let max_x = i64::from(GRID_COLUMNS.saturating_sub(w.clamp(1, GRID_COLUMNS)));
    let x = units(left, column_px(container_width)).clamp(0, max_x);
    let y = units(top, ROW_UNIT_PX).max(0);
    GridPoint {
        x: x as u32,
        y: u32::try_from(y).unwrap_or(u32::MAX),
    }
}

/// The size `(w, h)` in grid units of a box `width` x `height` pixels for a panel at column
/// `x` (at least one unit; not past the right edge).
pub fn grid_size_for(width: f64, height: f64, x: u32, container_width: f64) -> (u32, u32) {
    let span = |px: f64, unit_px: f64| {
        if px.is_finite() {
            ((px + GRID_MARGIN_PX) / (unit_px + GRID_MARGIN_PX)).round() as i64
        } else {
            1
        }
    };
    let max_w = i64::from(GRID_COLUMNS.saturating_sub(x.min(GRID_COLUMNS - 1)));
    let w = span(width, column_px(container_width)).clamp(1, max_w);
    let h = span(height, ROW_UNIT_PX).max(1);
    (w as u32, u32::try_from(h).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::{arrange, placed_rects, RowStates};

    #[test]
    fn the_drawn_rectangles_map_back_to_their_grid_places() {
        let d = crate::dashboard::Dashboard::parse(include_str!(
            "../../../../tests/fixtures/grafana/node-mixin-nodes.json"
        ))
        .expect("fixture");
        let placed = arrange(&d.panels, &d.variables, &RowStates::new());
        for width in [1280.0, 1917.0, 800.0] {
            for (p, rect) in placed.iter().zip(placed_rects(&placed, width)) {
                let w = p.pos.w as u32;
                let at = grid_point_at(rect.x, rect.y, w, width);
                assert_eq!(
                    (at.x, at.y),
                    (p.pos.x as u32, p.pos.y),
                    "{width}: {}",
                    p.key
                );
                let x = p.pos.x as u32;
                assert_eq!(
                    grid_size_for(rect.width, rect.height, x, width),
                    (w, p.pos.h)
                );
            }
        }
    }

    #[test]
    fn a_drag_snaps_to_the_nearest_place_inside_the_grid() {
        // 1280 px: columns of (1280 - 23 * 8) / 24 = 45.67 px, 53.67 px apart; rows 38 px.
        assert_eq!(
            grid_point_at(80.0, 50.0, 12, 1280.0),
            GridPoint { x: 1, y: 1 }
        );
        assert_eq!(
            grid_point_at(-300.0, -40.0, 12, 1280.0),
            GridPoint { x: 0, y: 0 }
        );
        assert_eq!(
            grid_point_at(5000.0, 0.0, 12, 1280.0),
            GridPoint { x: 12, y: 0 }
        );
        assert_eq!(grid_size_for(10.0, 5.0, 0, 1280.0), (1, 1));
        assert_eq!(grid_size_for(5000.0, 300.0, 20, 1280.0), (4, 8));
        assert_eq!(
            grid_point_at(f64::NAN, f64::INFINITY, 6, 1280.0),
            GridPoint { x: 0, y: 0 }
        );
    }
}
