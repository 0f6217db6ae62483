//! Layout: where the plot area and the axis labels go inside the canvas, in CSS pixels.

/// An axis-aligned rectangle in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.right() && y >= self.y && y <= self.bottom()
    }

    pub fn is_empty(&self) -> bool {
        !(self.w > 0.0 && self.h > 0.0)
    }
}

/// Gap between the canvas edge and everything drawn.
pub const OUTER_PAD: f64 = 6.0;
/// Gap between a tick label and the plot area.
pub const LABEL_GAP: f64 = 6.0;

/// What the layout needs to know: canvas size and the widest tick label of each y axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutInput {
    pub width: f64,
    pub height: f64,
    /// `None` when no left axis is drawn (every series on the right, or `axisPlacement:
    /// hidden`): then it takes no room, as in Grafana.
    pub left_label_width: Option<f64>,
    /// `None` when no right axis is drawn: then it takes no room.
    pub right_label_width: Option<f64>,
    /// `axisWidth`: a drawn axis' fixed width from the canvas edge to the plot, whatever its
    /// labels need (Grafana lines panels up with it; labels wider than that overflow).
    pub left_axis_width: Option<f64>,
    pub right_axis_width: Option<f64>,
    pub font_px: f64,
    /// An axis title (`axisLabel`) beside the left / right tick labels: one rotated line.
    pub left_title: bool,
    pub right_title: bool,
}

/// The computed layout: the plot area and the anchor lines of the tick labels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ChartLayout {
    pub plot: Rect,
    /// Right edge of the left axis' labels (they are right-aligned to it).
    pub left_labels_right: f64,
    /// Left edge of the right axis' labels.
    pub right_labels_left: f64,
    /// Top of the time axis' labels.
    pub time_labels_top: f64,
    /// Centre lines of the rotated axis titles (when there are titles).
    pub left_title_x: f64,
    pub right_title_x: f64,
}

impl ChartLayout {
    pub fn compute(input: LayoutInput) -> Self {
        let width = finite_non_negative(input.width);
        let height = finite_non_negative(input.height);
        let font_px = finite_non_negative(input.font_px);
        let title = |on: bool| if on { font_px + LABEL_GAP } else { 0.0 };
        let gutter = |labels: Option<f64>, fixed: Option<f64>, titled: bool| match (labels, fixed) {
            (Some(_), Some(fixed)) => finite_non_negative(fixed),
            (Some(w), None) => OUTER_PAD + title(titled) + finite_non_negative(w) + LABEL_GAP,
            // No axis: half a time label may stick out past the edge tick; keep room for it.
            (None, _) => OUTER_PAD + font_px,
        };
        let left = gutter(
            input.left_label_width,
            input.left_axis_width,
            input.left_title,
        );
        let right = gutter(
            input.right_label_width,
            input.right_axis_width,
            input.right_title,
        );
        // A little headroom so the top tick label is not cut in half.
        let top = OUTER_PAD + font_px / 2.0;
        let bottom = OUTER_PAD + font_px + LABEL_GAP;
        let plot = Rect {
            x: left.min(width),
            y: top.min(height),
            w: (width - left - right).max(0.0),
            h: (height - top - bottom).max(0.0),
        };
        ChartLayout {
            plot,
            left_labels_right: plot.x - LABEL_GAP,
            right_labels_left: plot.right() + LABEL_GAP,
            time_labels_top: plot.bottom() + LABEL_GAP,
            left_title_x: OUTER_PAD + font_px / 2.0,
            right_title_x: (width - OUTER_PAD - font_px / 2.0).max(0.0),
        }
    }
}

fn finite_non_negative(v: f64) -> f64 {
    if v.is_finite() {
        v.max(0.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(width: f64, height: f64, right: Option<f64>) -> LayoutInput {
        LayoutInput {
            width,
            height,
            left_label_width: Some(40.0),
            right_label_width: right,
            left_axis_width: None,
            right_axis_width: None,
            font_px: 12.0,
            left_title: false,
            right_title: false,
        }
    }

    #[test]
    fn plot_leaves_room_for_labels() {
        let l = ChartLayout::compute(input(800.0, 300.0, None));
        assert_eq!(l.plot.x, OUTER_PAD + 40.0 + LABEL_GAP);
        assert_eq!(l.left_labels_right, OUTER_PAD + 40.0);
        assert!(l.plot.right() < 800.0);
        assert!(l.plot.bottom() + 12.0 < 300.0);
        assert_eq!(l.time_labels_top, l.plot.bottom() + LABEL_GAP);
    }

    #[test]
    fn right_axis_takes_its_label_width() {
        let without = ChartLayout::compute(input(800.0, 300.0, None));
        let with = ChartLayout::compute(input(800.0, 300.0, Some(60.0)));
        assert!(with.plot.w < without.plot.w);
        assert_eq!(with.right_labels_left, with.plot.right() + LABEL_GAP);
    }

    #[test]
    fn axis_titles_take_a_line_of_room() {
        let plain = ChartLayout::compute(input(800.0, 300.0, Some(40.0)));
        let titled = ChartLayout::compute(LayoutInput {
            left_title: true,
            right_title: true,
            ..input(800.0, 300.0, Some(40.0))
        });
        assert_eq!(titled.plot.x, plain.plot.x + 12.0 + LABEL_GAP);
        assert_eq!(titled.plot.w, plain.plot.w - 2.0 * (12.0 + LABEL_GAP));
        assert!(titled.left_title_x < titled.left_labels_right - 40.0);
        assert!(titled.right_title_x > titled.right_labels_left + 40.0);
    }

    #[test]
    fn no_left_axis_takes_no_label_room() {
        let right_only = ChartLayout::compute(LayoutInput {
            left_label_width: None,
            ..input(800.0, 300.0, Some(40.0))
        });
        let both = ChartLayout::compute(input(800.0, 300.0, Some(40.0)));
        assert_eq!(right_only.plot.x, OUTER_PAD + 12.0);
        assert!(right_only.plot.x < both.plot.x);
        assert_eq!(right_only.plot.right(), both.plot.right());
    }

    #[test]
    fn axis_width_fixes_the_gutter_whatever_the_labels() {
        for labels in [10.0, 40.0, 200.0] {
            let l = ChartLayout::compute(LayoutInput {
                left_label_width: Some(labels),
                left_axis_width: Some(80.0),
                right_axis_width: Some(50.0),
                left_title: true,
                ..input(800.0, 300.0, Some(labels))
            });
            assert_eq!(l.plot.x, 80.0);
            assert_eq!(l.plot.right(), 800.0 - 50.0);
            assert_eq!(l.left_labels_right, 80.0 - LABEL_GAP);
        }
        // A width for an axis not drawn changes nothing.
        let hidden = ChartLayout::compute(LayoutInput {
            left_label_width: None,
            left_axis_width: Some(80.0),
            ..input(800.0, 300.0, None)
        });
        assert_eq!(hidden.plot.x, OUTER_PAD + 12.0);
        // Broken widths give no room rather than NaN.
        let broken = ChartLayout::compute(LayoutInput {
            left_axis_width: Some(f64::NAN),
            ..input(800.0, 300.0, None)
        });
        assert_eq!(broken.plot.x, 0.0);
    }

    #[test]
    fn tiny_or_broken_sizes_give_an_empty_plot() {
        for (w, h) in [
            (0.0, 0.0),
            (10.0, 10.0),
            (f64::NAN, 100.0),
            (-5.0, f64::INFINITY),
        ] {
            let l = ChartLayout::compute(input(w, h, Some(f64::NAN)));
            assert!(l.plot.w >= 0.0 && l.plot.h >= 0.0);
            assert!(l.plot.x.is_finite() && l.plot.y.is_finite());
        }
        assert!(ChartLayout::compute(input(0.0, 0.0, None)).plot.is_empty());
    }

    #[test]
    fn rect_contains_its_edges() {
        let r = Rect {
            x: 10.0,
            y: 10.0,
            w: 5.0,
            h: 5.0,
        };
        assert!(r.contains(10.0, 15.0));
        assert!(!r.contains(9.9, 12.0));
    }
}
