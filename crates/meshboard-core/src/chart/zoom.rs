//! Drag-to-zoom maths: the selection rectangle in pixels and the time range it selects.

use super::layout::Rect;
use super::scale::TimeScale;

/// A drag shorter than this is a click, not a zoom.
pub const MIN_DRAG_PX: f64 = 4.0;

/// The selection drawn on the overlay: the dragged span clamped to the plot, full plot height.
pub fn selection_rect(start_x: f64, current_x: f64, plot: Rect) -> Rect {
    let clamp = |x: f64| {
        if x.is_nan() {
            plot.x
        } else {
            x.clamp(plot.x, plot.right().max(plot.x))
        }
    };
    let (a, b) = (clamp(start_x), clamp(current_x));
    Rect {
        x: a.min(b),
        y: plot.y,
        w: (a - b).abs(),
        h: plot.h,
    }
}

/// The time range a finished drag selects, or `None` when the drag was too short to mean a zoom.
pub fn selection_to_range(
    start_x: f64,
    end_x: f64,
    plot: Rect,
    scale: &TimeScale,
) -> Option<(f64, f64)> {
    let sel = selection_rect(start_x, end_x, plot);
    if sel.w < MIN_DRAG_PX {
        return None;
    }
    let from = scale.invert(sel.x).round();
    let to = scale.invert(sel.right()).round();
    (to > from).then_some((from, to))
}

/// Double-click zoom-out: the range twice as long around the same centre (Grafana's ctrl+z).
pub fn zoom_out(from_ms: f64, to_ms: f64) -> (f64, f64) {
    let span = (to_ms - from_ms).abs().max(1000.0);
    let centre = (from_ms + to_ms) / 2.0;
    ((centre - span).round(), (centre + span).round())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plot() -> Rect {
        Rect {
            x: 50.0,
            y: 10.0,
            w: 500.0,
            h: 200.0,
        }
    }

    #[test]
    fn drag_selects_the_time_under_it_in_either_direction() {
        let scale = TimeScale::new(0.0, 500_000.0, 50.0, 550.0);
        assert_eq!(
            selection_to_range(150.0, 300.0, plot(), &scale),
            Some((100_000.0, 250_000.0))
        );
        assert_eq!(
            selection_to_range(300.0, 150.0, plot(), &scale),
            Some((100_000.0, 250_000.0))
        );
    }

    #[test]
    fn selection_is_clamped_to_the_plot() {
        let r = selection_rect(0.0, 1000.0, plot());
        assert_eq!(
            r,
            Rect {
                x: 50.0,
                y: 10.0,
                w: 500.0,
                h: 200.0
            }
        );
        let scale = TimeScale::new(0.0, 500_000.0, 50.0, 550.0);
        assert_eq!(
            selection_to_range(-100.0, 2000.0, plot(), &scale),
            Some((0.0, 500_000.0))
        );
    }

    #[test]
    fn clicks_and_nan_do_not_zoom() {
        let scale = TimeScale::new(0.0, 1000.0, 50.0, 550.0);
        assert_eq!(selection_to_range(100.0, 102.0, plot(), &scale), None);
        assert_eq!(
            selection_to_range(f64::NAN, 300.0, plot(), &scale),
            Some((0.0, 500.0))
        );
        assert_eq!(selection_to_range(f64::NAN, f64::NAN, plot(), &scale), None);
        let empty = Rect::default();
        assert_eq!(selection_to_range(0.0, 100.0, empty, &scale), None);
    }

    #[test]
    fn zoom_out_doubles_around_the_centre() {
        assert_eq!(zoom_out(1000.0, 3000.0), (0.0, 4000.0));
        let (a, b) = zoom_out(5.0, 5.0);
        assert!(b - a >= 2000.0);
    }
}
