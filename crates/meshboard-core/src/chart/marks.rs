//! Point annotations on a drawn chart (exemplars): data coordinates to CSS pixels through the
//! chart's own scales, so a mark sits exactly where the line through that value is drawn.

use super::geometry::ChartGeometry;

/// A point placed on the chart: CSS px from the canvas' top-left, and which input it was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    pub x: f64,
    pub y: f64,
    pub index: usize,
}

/// Places (time ms, value) points on the left axis' scale; points outside the plot (another
/// time range, a value above the axis, NaN) are left out rather than pinned to its edge.
pub fn place_points(
    geometry: &ChartGeometry,
    points: impl IntoIterator<Item = (f64, f64)>,
) -> Vec<Mark> {
    let plot = geometry.layout.plot;
    points
        .into_iter()
        .enumerate()
        .filter_map(|(index, (time_ms, value))| {
            let x = geometry.x_scale.to_px(time_ms);
            let y = geometry.left_scale.to_px(value);
            let inside = x.is_finite()
                && y.is_finite()
                && (plot.x..=plot.right()).contains(&x)
                && (plot.y..=plot.bottom()).contains(&y);
            inside.then_some(Mark { x, y, index })
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::chart::geometry::CanvasSize;
    use crate::chart::model::ChartModel;
    use crate::chart::spec::ChartSpec;
    use crate::frame::{Frame, Labels, Series};

    /// A laid-out 600x300 chart of one series 0..10 over 0..10 s (shared with the exemplar
    /// placement tests).
    pub(crate) fn drawn_model() -> ChartModel {
        let mut s = Series::new(Labels::new());
        for i in 0..=10 {
            s.push(i as f64 * 1000.0, i as f64);
        }
        let mut m = ChartModel::new(ChartSpec::default());
        m.set_data(
            Frame {
                series: vec![s],
                notices: Vec::new(),
            },
            (0.0, 10_000.0),
        );
        m.resize(CanvasSize::new(600.0, 300.0, 1.0));
        m.layout(&mut |s: &str| s.len() as f64 * 7.0);
        m
    }

    #[test]
    fn marks_sit_on_the_drawn_line() {
        let m = drawn_model();
        let g = m.geometry();
        let marks = place_points(g, [(5000.0, 5.0), (0.0, 0.0)]);
        assert_eq!(marks.len(), 2);
        // The series passes through (5000, 5): its drawn vertex is where the mark is.
        let line = &g.series[0].line;
        let vertex = line
            .chunks(2)
            .find(|p| (p[0] - marks[0].x).abs() < 0.5)
            .expect("a vertex at the mark's x");
        assert!(
            (vertex[1] - marks[0].y).abs() < 0.5,
            "{vertex:?} vs {:?}",
            marks[0]
        );
        assert!(marks[1].x < marks[0].x && marks[1].y > marks[0].y);
    }

    #[test]
    fn values_the_axis_must_include_stretch_it() {
        let mut m = drawn_model();
        assert!(place_points(m.geometry(), [(5000.0, 25.0)]).is_empty());
        let mut spec = m.spec().clone();
        spec.y_include = vec![25.0];
        m.set_spec(spec);
        m.layout(&mut |s: &str| s.len() as f64 * 7.0);
        assert_eq!(place_points(m.geometry(), [(5000.0, 25.0)]).len(), 1);
    }

    #[test]
    fn points_outside_the_plot_are_left_out() {
        let m = drawn_model();
        let marks = place_points(
            m.geometry(),
            [
                (-5000.0, 1.0),
                (5000.0, f64::NAN),
                (20_000.0, 1.0),
                (3000.0, 3.0),
            ],
        );
        assert_eq!(marks.iter().map(|m| m.index).collect::<Vec<_>>(), [3]);
    }
}
