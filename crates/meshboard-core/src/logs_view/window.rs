//! Virtualization maths for the log list: which rows a scroll position shows. Pure, so the
//! list stays smooth at 5,000+ rows (only this window is ever in the DOM).

/// Row height in pixels when lines do not wrap (CSS `.log-row` uses the same value).
pub const ROW_HEIGHT_PX: f64 = 20.0;
/// Rows rendered above and below the viewport so fast scrolling does not flash blank space.
pub const OVERSCAN_ROWS: usize = 12;

/// The half-open range of rows to render for a viewport `viewport_px` tall scrolled to
/// `scroll_top_px`, with `total` rows of `row_px` each.
pub fn visible_rows(
    scroll_top_px: f64,
    viewport_px: f64,
    row_px: f64,
    total: usize,
) -> (usize, usize) {
    if total == 0 || row_px.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return (0, 0);
    }
    let top = if scroll_top_px.is_finite() {
        scroll_top_px.max(0.0)
    } else {
        0.0
    };
    let viewport = if viewport_px.is_finite() && viewport_px > 0.0 {
        viewport_px
    } else {
        600.0
    };
    let first = (top / row_px).floor() as usize;
    let shown = (viewport / row_px).ceil() as usize + 1;
    let start = first.saturating_sub(OVERSCAN_ROWS).min(total);
    let end = first
        .saturating_add(shown)
        .saturating_add(OVERSCAN_ROWS)
        .min(total);
    (start.min(end), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_small_and_clamped() {
        assert_eq!(visible_rows(0.0, 400.0, 20.0, 0), (0, 0));
        let (s, e) = visible_rows(0.0, 400.0, 20.0, 5000);
        assert_eq!(s, 0);
        assert!(e < 60, "{e}");
        let (s, e) = visible_rows(50_000.0, 400.0, 20.0, 5000);
        assert_eq!(s, 2500 - OVERSCAN_ROWS);
        assert!(e > 2520 && e - s < 80);
        assert_eq!(visible_rows(1e9, 400.0, 20.0, 5000), (5000, 5000));
        let (s, e) = visible_rows(f64::NAN, f64::NAN, 20.0, 10);
        assert_eq!((s, e), (0, 10));
    }
}
