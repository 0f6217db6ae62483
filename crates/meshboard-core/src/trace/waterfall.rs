//! The timeline's decisions, apart from its painting: the unzoomed window, zooming by a drag
//! on the minimap, which part of the minimap stays unshaded, folding subtrees, which labels
//! to render, how a row is highlighted, and where a bar's duration text and critical-path
//! stretch go. Pixel sizes are the caller's (CSS pixels).

use std::ops::Range;

use super::critical_path::CriticalSection;
use super::layout::{Bar, Viewport};
use super::model::Trace;

/// A minimap drag shorter than this (px) is a click: it resets the zoom.
pub const CLICK_SLOP_PX: f64 = 3.0;

/// Room a duration text needs after a bar (px).
const DURATION_TEXT_ROOM_PX: f64 = 60.0;
/// A bar starting further right than this (px) has room for its duration text before it.
const ROOM_BEFORE_BAR_PX: f64 = 64.0;

/// The window the timeline shows unzoomed: the whole trace, at least one microsecond long.
pub fn full_window(trace: &Trace) -> (i64, i64) {
    let start = trace.start_us();
    (start, trace.end_us().max(start + 1))
}

/// The window after a drag from `x0` to `x1` across a minimap `width_px` wide that shows
/// `full`: the dragged stretch, or `full` again for a click.
pub fn zoom_after_drag(full: (i64, i64), x0: f64, x1: f64, width_px: f64) -> (i64, i64) {
    if (x1 - x0).abs() < CLICK_SLOP_PX {
        return full;
    }
    super::layout::window_from_fractions(full.0, full.1, x0 / width_px, x1 / width_px)
}

/// The minimap's unshaded stretch `(left, right)` in px: the drag in progress, else the
/// window shown.
pub fn minimap_highlight(
    full: (i64, i64),
    window: (i64, i64),
    drag: Option<(f64, f64)>,
    width_px: f64,
) -> (f64, f64) {
    match drag {
        Some((x0, x1)) => (x0.min(x1), x0.max(x1)),
        None => {
            let whole = Viewport::new(full.0, full.1, width_px);
            (whole.x_of(window.0), whole.x_of(window.1))
        }
    }
}

/// Folds an open subtree or opens a folded one.
pub fn toggle_fold(collapsed: &mut [bool], span: usize) {
    if let Some(flag) = collapsed.get_mut(span) {
        *flag = !*flag;
    }
}

/// A label the timeline renders: its row, its span, and whether its subtree is folded (part
/// of the label's identity, so a toggled row renders its glyph again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LabelRow {
    pub row: usize,
    pub span: usize,
    pub folded: bool,
}

/// The labels of the visible rows `range` of `rows` (span indices in display order).
pub fn label_rows(rows: &[u32], range: Range<usize>, collapsed: &[bool]) -> Vec<LabelRow> {
    let start = range.start;
    rows.get(range)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, &span)| LabelRow {
            row: start + i,
            span: span as usize,
            folded: collapsed.get(span as usize).copied().unwrap_or(false),
        })
        .collect()
}

/// A label's left padding: deeper spans sit further right, up to 40 levels.
pub fn label_indent_px(depth: u32) -> u32 {
    4 + depth.min(40) * 12
}

/// How a row is drawn for the selection and the span search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowLook {
    /// The row's background: the selection wins over a search match.
    pub background: RowBackground,
    /// A search is active and this span does not match it: drawn faint.
    pub dimmed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowBackground {
    None,
    Selected,
    Matched,
}

/// The look of `span`'s row; `matches` has one flag per span while a search is active.
pub fn row_look(span: usize, selected: Option<usize>, matches: Option<&[bool]>) -> RowLook {
    let is_match = matches.map(|m| m.get(span).copied().unwrap_or(false));
    let background = if selected == Some(span) {
        RowBackground::Selected
    } else if is_match == Some(true) {
        RowBackground::Matched
    } else {
        RowBackground::None
    };
    RowLook {
        background,
        dimmed: is_match == Some(false),
    }
}

/// Where a bar's duration text goes in a canvas `width_px` wide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DurationText {
    /// Left-aligned at this x, after the bar.
    After(f64),
    /// Right-aligned at this x, before the bar.
    Before(f64),
}

/// After the bar when it fits, else before it when there is room, else nowhere.
pub fn duration_text_at(bar: &Bar, width_px: f64) -> Option<DurationText> {
    let after = bar.x + bar.width + 4.0;
    if after + DURATION_TEXT_ROOM_PX < width_px {
        Some(DurationText::After(after))
    } else if bar.x > ROOM_BEFORE_BAR_PX {
        Some(DurationText::Before(bar.x - 8.0))
    } else {
        None
    }
}

/// The part `(x, width)` of a bar a critical-path stretch covers, at least 1 px wide;
/// `None` when it falls outside the bar (zoomed away).
pub fn critical_stretch_px(
    viewport: &Viewport,
    bar: &Bar,
    section: &CriticalSection,
) -> Option<(f64, f64)> {
    let x0 = viewport.x_of(section.start_us).max(bar.x);
    let x1 = viewport.x_of(section.end_us).min(bar.x + bar.width);
    (x1 > x0).then(|| (x0, (x1 - x0).max(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::tree::tests::{span, trace};

    #[test]
    fn the_full_window_is_never_empty() {
        let t = trace(vec![span("a", "", 100, 50), span("b", "a", 120, 10)]);
        assert_eq!(full_window(&t), (100, 150));
        let instant = trace(vec![span("a", "", 100, 0)]);
        assert_eq!(full_window(&instant), (100, 101));
    }

    #[test]
    fn a_drag_zooms_and_a_click_resets() {
        let full = (0, 1_000);
        assert_eq!(zoom_after_drag(full, 100.0, 300.0, 1_000.0), (100, 300));
        // Backwards drags and drags past the edge are the same stretch, clamped.
        assert_eq!(zoom_after_drag(full, 300.0, 100.0, 1_000.0), (100, 300));
        assert_eq!(zoom_after_drag(full, 900.0, 1_200.0, 1_000.0), (900, 1_000));
        assert_eq!(zoom_after_drag(full, 500.0, 502.0, 1_000.0), full);
    }

    #[test]
    fn the_minimap_highlights_the_drag_or_the_window() {
        let full = (0, 1_000);
        assert_eq!(
            minimap_highlight(full, (250, 500), None, 400.0),
            (100.0, 200.0)
        );
        assert_eq!(
            minimap_highlight(full, (250, 500), Some((300.0, 50.0)), 400.0),
            (50.0, 300.0)
        );
        assert_eq!(minimap_highlight(full, full, None, 400.0), (0.0, 400.0));
    }

    #[test]
    fn folds_toggle_and_labels_carry_them() {
        let mut collapsed = vec![false; 4];
        toggle_fold(&mut collapsed, 1);
        toggle_fold(&mut collapsed, 9);
        assert_eq!(collapsed, vec![false, true, false, false]);
        let rows = [0u32, 1, 3];
        assert_eq!(
            label_rows(&rows, 1..3, &collapsed),
            vec![
                LabelRow {
                    row: 1,
                    span: 1,
                    folded: true
                },
                LabelRow {
                    row: 2,
                    span: 3,
                    folded: false
                },
            ]
        );
        assert!(label_rows(&rows, 2..9, &collapsed).is_empty());
        toggle_fold(&mut collapsed, 1);
        assert!(collapsed.iter().all(|c| !c));
        assert_eq!((label_indent_px(0), label_indent_px(2)), (4, 28));
        assert_eq!(label_indent_px(99), label_indent_px(40));
    }

    #[test]
    fn rows_show_selection_over_matches_and_dim_misses() {
        let matches = [true, false];
        let look = |span, selected, m| row_look(span, selected, m);
        assert_eq!(look(0, None, None).background, RowBackground::None);
        assert!(!look(0, None, None).dimmed);
        assert_eq!(
            look(0, None, Some(&matches[..])).background,
            RowBackground::Matched
        );
        assert_eq!(
            look(0, Some(0), Some(&matches[..])).background,
            RowBackground::Selected
        );
        let miss = look(1, Some(1), Some(&matches[..]));
        assert_eq!(miss.background, RowBackground::Selected);
        assert!(miss.dimmed);
        assert!(look(7, None, Some(&matches[..])).dimmed);
    }

    #[test]
    fn duration_text_goes_after_before_or_nowhere() {
        let bar = |x, width| Bar {
            x,
            width,
            clipped: false,
        };
        assert_eq!(
            duration_text_at(&bar(10.0, 20.0), 500.0),
            Some(DurationText::After(34.0))
        );
        assert_eq!(
            duration_text_at(&bar(100.0, 380.0), 500.0),
            Some(DurationText::Before(92.0))
        );
        assert_eq!(duration_text_at(&bar(10.0, 480.0), 500.0), None);
    }

    #[test]
    fn critical_stretches_stay_inside_their_bar() {
        let viewport = Viewport::new(0, 1_000, 1_000.0);
        let bar = viewport.bar(100, 400, 2.0).expect("in view");
        let section = |start_us, end_us| CriticalSection {
            span: 0,
            start_us,
            end_us,
        };
        assert_eq!(
            critical_stretch_px(&viewport, &bar, &section(200, 300)),
            Some((200.0, 100.0))
        );
        assert_eq!(
            critical_stretch_px(&viewport, &bar, &section(0, 150)),
            Some((100.0, 50.0))
        );
        assert_eq!(
            critical_stretch_px(&viewport, &bar, &section(600, 700)),
            None
        );
        let thin = critical_stretch_px(&viewport, &bar, &section(200, 200));
        assert_eq!(thin, None);
    }
}
