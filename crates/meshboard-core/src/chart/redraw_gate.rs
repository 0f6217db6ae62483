//! When a chart paints: only while it is in view. A change that arrives while the chart is out
//! of view (new data, a zoom, a theme or size change) only marks it stale, and it paints once
//! when it scrolls back in; a chart that comes back into view unchanged does not paint at all
//! (its canvas still holds the picture). The dashboard grid says what is in view.

/// The paint decision of one chart. In view and not stale until told otherwise, so a chart
/// nobody tracks (a single panel page, a test) paints on every change as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedrawGate {
    in_view: bool,
    stale: bool,
}

impl Default for RedrawGate {
    fn default() -> Self {
        RedrawGate {
            in_view: true,
            stale: false,
        }
    }
}

impl RedrawGate {
    /// Something the picture depends on changed: `true` when the chart should paint now,
    /// `false` when it is out of view (it is stale until it comes back).
    pub fn request(&mut self) -> bool {
        self.stale = !self.in_view;
        self.in_view
    }

    /// The chart came into view (`true`) or left it: `true` when it should paint now because
    /// something changed while it was away.
    pub fn set_in_view(&mut self, in_view: bool) -> bool {
        self.in_view = in_view;
        let paint = in_view && self.stale;
        if paint {
            self.stale = false;
        }
        paint
    }

    pub fn in_view(&self) -> bool {
        self.in_view
    }

    /// Whether a change is waiting for the chart to come into view.
    pub fn stale(&self) -> bool {
        self.stale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_nobody_tracks_paints_every_change() {
        let mut gate = RedrawGate::default();
        assert!(gate.request());
        assert!(gate.request());
        assert!(!gate.stale());
    }

    #[test]
    fn out_of_view_changes_wait_and_paint_once_on_the_way_back() {
        let mut gate = RedrawGate::default();
        assert!(!gate.set_in_view(false));
        assert!(!gate.request(), "new data out of view does not paint");
        assert!(!gate.request(), "nor does a second change");
        assert!(gate.stale());
        assert!(gate.set_in_view(true), "it paints when scrolled in");
        assert!(!gate.stale());
        assert!(!gate.set_in_view(false));
        assert!(
            !gate.set_in_view(true),
            "back again unchanged: nothing to paint"
        );
    }

    #[test]
    fn leaving_and_coming_back_without_a_change_never_paints() {
        let mut gate = RedrawGate::default();
        for _ in 0..3 {
            assert!(!gate.set_in_view(false));
            assert!(!gate.set_in_view(true));
        }
        assert!(gate.in_view());
    }
}
