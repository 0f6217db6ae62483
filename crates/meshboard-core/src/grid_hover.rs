//! What the pointer is over in the grid-shaped panels: a heatmap cell (time column, `le`
//! bucket row) or a state-timeline run. The panels paint with the same geometry, so the
//! tooltip names exactly the rectangle under the pointer.

use super::panel_calc::{Heatmap, Segment};

/// Where a grid's plot sits inside its canvas (CSS pixels): labels take `left` px, then the
/// plot spans `width` x `height`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotArea {
    pub left: f64,
    pub width: f64,
    pub height: f64,
}

impl PlotArea {
    /// The plot to the right of a `label_width` margin in a `canvas_width` x `height` canvas.
    pub fn beside_labels(label_width: f64, canvas_width: f64, height: f64) -> PlotArea {
        PlotArea {
            left: label_width,
            width: (canvas_width - label_width).max(1.0),
            height,
        }
    }

    /// The pointer's horizontal position as a fraction of the plot, `None` outside it.
    fn fraction_x(&self, x: f64) -> Option<f64> {
        let f = (x - self.left) / self.width;
        (0.0..1.0).contains(&f).then_some(f)
    }
}

/// One heatmap cell: its time column and bucket, as the tooltip shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapCell {
    pub time_ms: f64,
    /// The bucket's lower bound (the previous `le`, "0" for the first bucket).
    pub lower: String,
    /// The bucket's `le`.
    pub upper: String,
    pub count: f64,
}

/// The cell under (`x`, `y`): columns split the plot evenly, bucket rows stack bottom-up
/// (as `paint` draws them).
pub fn heatmap_cell_at(map: &Heatmap, area: PlotArea, x: f64, y: f64) -> Option<HeatmapCell> {
    let (rows, cols) = (map.cells.len(), map.times_ms.len());
    if rows == 0 || cols == 0 || !(0.0..area.height).contains(&y) {
        return None;
    }
    let col = ((area.fraction_x(x)? * cols as f64) as usize).min(cols - 1);
    let row_from_top = (y / area.height * rows as f64) as usize;
    let row = rows - 1 - row_from_top.min(rows - 1);
    Some(HeatmapCell {
        time_ms: map.times_ms[col],
        lower: row
            .checked_sub(1)
            .and_then(|r| map.bounds.get(r).cloned())
            .unwrap_or_else(|| "0".to_string()),
        upper: map.bounds.get(row).cloned().unwrap_or_default(),
        count: map.cells[row].get(col).copied().unwrap_or(f64::NAN),
    })
}

/// The state-timeline row under `y` when `rows` rows of `row_height` px stack from the top.
pub fn timeline_row_at(rows: usize, row_height: f64, y: f64) -> Option<usize> {
    if row_height <= 0.0 || y < 0.0 {
        return None;
    }
    let row = (y / row_height) as usize;
    (row < rows).then_some(row)
}

/// The run under `x` in a row whose plot spans the time range `from_ms..to_ms`.
pub fn segment_at(
    segments: &[Segment],
    range_ms: (f64, f64),
    area: PlotArea,
    x: f64,
) -> Option<Segment> {
    let (from, to) = range_ms;
    let time = from + area.fraction_x(x)? * (to - from).max(1.0);
    segments
        .iter()
        .find(|s| s.start_ms <= time && time < s.end_ms)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> Heatmap {
        // Two time columns, three buckets (le 0.1, 0.5, +Inf), counts by [bucket][time].
        Heatmap {
            times_ms: vec![1000.0, 2000.0],
            bounds: vec!["0.1".into(), "0.5".into(), "+Inf".into()],
            cells: vec![vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]],
            max: 6.0,
        }
    }

    #[test]
    fn heatmap_cells_stack_bottom_up_right_of_the_labels() {
        let area = PlotArea::beside_labels(48.0, 248.0, 300.0);
        // Bottom-left cell: first time, first bucket, from 0.
        let cell = heatmap_cell_at(&map(), area, 50.0, 290.0).unwrap();
        assert_eq!(
            cell,
            HeatmapCell {
                time_ms: 1000.0,
                lower: "0".into(),
                upper: "0.1".into(),
                count: 1.0
            }
        );
        // Top-right cell: second time, the +Inf bucket above 0.5.
        let cell = heatmap_cell_at(&map(), area, 247.0, 5.0).unwrap();
        assert_eq!((cell.time_ms, cell.lower.as_str()), (2000.0, "0.5"));
        assert_eq!((cell.upper.as_str(), cell.count), ("+Inf", 6.0));
        // The middle row.
        assert_eq!(
            heatmap_cell_at(&map(), area, 60.0, 150.0).unwrap().count,
            3.0
        );
    }

    #[test]
    fn nothing_is_hovered_over_the_labels_or_outside() {
        let area = PlotArea::beside_labels(48.0, 248.0, 300.0);
        assert_eq!(heatmap_cell_at(&map(), area, 20.0, 100.0), None);
        assert_eq!(heatmap_cell_at(&map(), area, 100.0, 300.0), None);
        assert_eq!(heatmap_cell_at(&map(), area, 260.0, 100.0), None);
        let empty = Heatmap {
            times_ms: vec![],
            bounds: vec![],
            cells: vec![],
            max: 0.0,
        };
        assert_eq!(heatmap_cell_at(&empty, area, 100.0, 100.0), None);
    }

    #[test]
    fn timeline_rows_and_runs_under_the_pointer() {
        assert_eq!(timeline_row_at(3, 40.0, 0.0), Some(0));
        assert_eq!(timeline_row_at(3, 40.0, 119.0), Some(2));
        assert_eq!(timeline_row_at(3, 40.0, 121.0), None);
        assert_eq!(timeline_row_at(3, 40.0, -1.0), None);
        let runs = [
            Segment {
                start_ms: 0.0,
                end_ms: 600.0,
                value: 1.0,
            },
            Segment {
                start_ms: 600.0,
                end_ms: 1000.0,
                value: 0.0,
            },
        ];
        let area = PlotArea::beside_labels(140.0, 240.0, 40.0);
        assert_eq!(
            segment_at(&runs, (0.0, 1000.0), area, 150.0).unwrap().value,
            1.0
        );
        assert_eq!(
            segment_at(&runs, (0.0, 1000.0), area, 210.0).unwrap().value,
            0.0
        );
        assert_eq!(segment_at(&runs, (0.0, 1000.0), area, 100.0), None);
    }
}
