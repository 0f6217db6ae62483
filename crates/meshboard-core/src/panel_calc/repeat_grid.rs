//! Where each of several gauges goes in its panel: Grafana's VizRepeater `autoGrid`
//! (`packages/grafana-ui/src/components/VizRepeater/VizRepeater.tsx`, used by the gauge panel
//! in auto orientation) with the grid of `packages/grafana-ui/src/utils/squares.ts`
//! (`calculateGridDimensions`): the columns and rows that give each value the largest square,
//! the columns then evened out over the rows, and the last row's cells widened to fill it.

/// The grid `count` values are laid out in, in px of the panel body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepeatGrid {
    pub columns: usize,
    pub rows: usize,
    /// A cell's size (gaps excluded), and the width of the last row's cells.
    pub cell_width: f64,
    pub cell_height: f64,
    pub last_row_width: f64,
    pub gap: f64,
    count: usize,
}

/// One value's cell: left, top, width, height.
pub type Cell = (f64, f64, f64, f64);

/// The side of the largest square of which `count` fit a `width` x `height` box, counting
/// whole squares along the width (squares.ts `calculateSizeOfChild`).
fn square_side(width: f64, height: f64, count: f64) -> f64 {
    let parts = (count * width / height).sqrt().ceil();
    if (parts * height / width).floor() * parts < count {
        height / (parts * height / width).ceil()
    } else {
        width / parts
    }
}

impl RepeatGrid {
    /// The grid for `count` values (at least one) in a `width` x `height` body with `gap` px
    /// between cells.
    pub fn of(count: usize, width: f64, height: f64, gap: f64) -> RepeatGrid {
        let count = count.max(1);
        let (w, h) = (width.max(1.0), height.max(1.0));
        let n = count as f64;
        let square = square_side(w, h, n).max(square_side(h, w, n));
        let columns = ((w / square).floor() as usize).clamp(1, count);
        let rows = count.div_ceil(columns);
        // Even the columns out over the rows (7 values in 2 rows: 4 and 3, not 6 and 1).
        let columns = count.div_ceil(rows);
        let on_last_row = count - columns * (rows - 1);
        let share = |total: f64, parts: usize| {
            let parts = parts as f64;
            ((total - gap * (parts - 1.0)) / parts).max(0.0)
        };
        RepeatGrid {
            columns,
            rows,
            cell_width: share(width.max(0.0), columns),
            cell_height: share(height.max(0.0), rows),
            last_row_width: share(width.max(0.0), on_last_row),
            gap,
            count,
        }
    }

    /// The cell of the `index`th value, row by row from the top left.
    pub fn cell(&self, index: usize) -> Cell {
        let (row, column) = (index / self.columns, index % self.columns);
        let width = if row + 1 == self.rows {
            self.last_row_width
        } else {
            self.cell_width
        };
        (
            column as f64 * (width + self.gap),
            row as f64 * (self.cell_height + self.gap),
            width,
            self.cell_height,
        )
    }

    /// Every value's cell, in order.
    pub fn cells(&self) -> Vec<Cell> {
        (0..self.count).map(|i| self.cell(i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(g: &RepeatGrid, w: f64, h: f64) {
        for (x, y, cw, ch) in g.cells() {
            assert!(
                x >= 0.0 && y >= 0.0 && x + cw <= w + 1e-9 && y + ch <= h + 1e-9,
                "{g:?}"
            );
        }
    }

    #[test]
    fn twelve_gauges_in_a_wide_short_panel_take_two_rows_of_six() {
        // The Resources dashboard's Memory utilisation: 12 nodes in a 670 x 218 body.
        let g = RepeatGrid::of(12, 670.0, 218.0, 6.0);
        assert_eq!((g.columns, g.rows), (6, 2));
        assert!((g.cell_width - 106.66).abs() < 0.01, "{g:?}");
        assert!((g.cell_height - 106.0).abs() < 0.01, "{g:?}");
        inside(&g, 670.0, 218.0);
        assert_eq!(g.cell(7), (g.cell_width + 6.0, 112.0, g.cell_width, 106.0));
    }

    #[test]
    fn the_last_row_spreads_its_cells_over_the_width() {
        let g = RepeatGrid::of(7, 400.0, 200.0, 0.0);
        assert_eq!((g.columns, g.rows), (4, 2));
        assert_eq!(g.cell(3), (300.0, 0.0, 100.0, 100.0));
        let last = g.cell(6);
        assert!((last.2 - 400.0 / 3.0).abs() < 1e-9 && (last.0 - 800.0 / 3.0).abs() < 1e-9);
        inside(&g, 400.0, 200.0);
    }

    #[test]
    fn one_value_fills_the_body_and_tall_panels_stack() {
        assert_eq!(
            RepeatGrid::of(1, 300.0, 200.0, 6.0).cells(),
            vec![(0.0, 0.0, 300.0, 200.0)]
        );
        assert_eq!(RepeatGrid::of(0, 300.0, 200.0, 6.0).cells().len(), 1);
        let tall = RepeatGrid::of(3, 150.0, 600.0, 0.0);
        assert_eq!((tall.columns, tall.rows), (1, 3));
        assert_eq!(tall.cell(2), (0.0, 400.0, 150.0, 200.0));
        let wide = RepeatGrid::of(3, 900.0, 200.0, 0.0);
        assert_eq!((wide.columns, wide.rows), (3, 1));
    }

    #[test]
    fn a_body_not_yet_measured_gives_empty_cells_not_negative_ones() {
        let g = RepeatGrid::of(5, 0.0, 0.0, 6.0);
        assert!(g.cells().iter().all(|c| c.2 >= 0.0 && c.3 >= 0.0), "{g:?}");
    }
}
