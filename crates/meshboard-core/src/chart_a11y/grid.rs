//! Where the keyboard cursor of the grid panels stops: the centre of every heatmap cell and
//! every state-timeline run, row by row from the top and left to right, in the same canvas
//! pixels the pointer uses. The UI walks them with [`move_cursor`](super::cursor::move_cursor)
//! (rows as series) and asks the panel's hover description what is at the centre, so a key
//! announces exactly what hovering that spot shows.

use crate::grid_hover::PlotArea;
use crate::panel::{Timeline, NAME_W};
use crate::panel_calc::Heatmap;

/// Heatmap cell centres: visual rows from the top (the highest bucket first), one centre per
/// time column.
pub fn heatmap_cell_centers(map: &Heatmap, area: PlotArea) -> Vec<Vec<(f64, f64)>> {
    let (rows, cols) = (map.cells.len(), map.times_ms.len());
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    let (cw, ch) = (area.width / cols as f64, area.height / rows as f64);
    (0..rows)
        .map(|v| {
            let y = (v as f64 + 0.5) * ch;
            (0..cols)
                .map(|c| (area.left + (c as f64 + 0.5) * cw, y))
                .collect()
        })
        .collect()
}

/// State-timeline run centres on a `w` x `h` canvas: one row per band, the middle of each
/// run's visible part (runs wholly outside the range are skipped).
pub fn timeline_run_centers(t: &Timeline, w: f64, h: f64) -> Vec<Vec<(f64, f64)>> {
    let area = PlotArea::beside_labels(NAME_W, w, h);
    let (from, to) = t.range;
    let span = (to - from).max(1.0);
    let row_h = t.row_height(h);
    t.runs
        .iter()
        .enumerate()
        .map(|(i, runs)| {
            let y = (i as f64 + 0.5) * row_h;
            runs.iter()
                .filter_map(|run| {
                    let start = run.start_ms.max(from);
                    let end = run.end_ms.min(to);
                    (end > start).then(|| {
                        let mid = (start + end) / 2.0;
                        (area.left + (mid - from) / span * area.width, y)
                    })
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid_hover::heatmap_cell_at;
    use crate::panel_calc::Segment;

    #[test]
    fn each_heatmap_centre_names_its_own_cell_top_row_first() {
        let map = Heatmap {
            times_ms: vec![1000.0, 2000.0],
            bounds: vec!["0.1".into(), "0.5".into(), "+Inf".into()],
            cells: vec![vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]],
            max: 6.0,
        };
        let area = PlotArea::beside_labels(48.0, 248.0, 300.0);
        let centers = heatmap_cell_centers(&map, area);
        assert_eq!(centers.len(), 3);
        let counts: Vec<Vec<f64>> = centers
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&(x, y)| heatmap_cell_at(&map, area, x, y).unwrap().count)
                    .collect()
            })
            .collect();
        assert_eq!(counts, [[5.0, 6.0], [3.0, 4.0], [1.0, 2.0]]);
    }

    #[test]
    fn each_timeline_centre_names_its_own_run() {
        let seg = |start_ms: f64, end_ms: f64, value: f64| Segment {
            start_ms,
            end_ms,
            value,
        };
        let t = Timeline {
            names: vec!["a".into(), "b".into()],
            runs: vec![
                vec![seg(0.0, 400.0, 1.0), seg(400.0, 1000.0, 0.0)],
                vec![seg(-500.0, -100.0, 7.0), seg(-100.0, 1000.0, 2.0)],
            ],
            range: (0.0, 1000.0),
        };
        let (w, h) = (600.0, 100.0);
        let centers = timeline_run_centers(&t, w, h);
        assert_eq!(centers[0].len(), 2);
        assert_eq!(centers[1].len(), 1, "a run before the range is not a stop");
        let values: Vec<Vec<f64>> = centers
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&(x, y)| t.run_at(x, y, w, h).unwrap().1.value)
                    .collect()
            })
            .collect();
        assert_eq!(values, [vec![1.0, 0.0], vec![2.0]]);
        let rows: Vec<usize> = centers
            .iter()
            .map(|row| t.run_at(row[0].0, row[0].1, w, h).unwrap().0)
            .collect();
        assert_eq!(rows, [0, 1]);
    }
}
