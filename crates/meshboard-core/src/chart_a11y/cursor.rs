//! The keyboard cursor of a focused chart: which keys do what, the points it stops at (the
//! samples in view, at most one per pixel column as the decimated line draws them), how it
//! moves point to point and series to series, the sentence the live region announces, and
//! the time range `+`/`-` zoom to around it.

use crate::time_range::format_local;

/// What a key does inside a focused chart (WCAG 2.1.1, and 2.5.7 for zoom and pan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKey {
    Previous,
    Next,
    First,
    Last,
    SeriesUp,
    SeriesDown,
    ZoomIn,
    ZoomOut,
    PanEarlier,
    PanLater,
    Leave,
}

/// The action of a `KeyboardEvent.key` (with Shift held or not); `None` leaves the key to
/// the page (Tab, shortcuts).
pub fn chart_key(key: &str, shift: bool) -> Option<ChartKey> {
    Some(match (key, shift) {
        ("ArrowLeft", true) => ChartKey::PanEarlier,
        ("ArrowRight", true) => ChartKey::PanLater,
        ("ArrowLeft", false) => ChartKey::Previous,
        ("ArrowRight", false) => ChartKey::Next,
        ("ArrowUp", _) => ChartKey::SeriesUp,
        ("ArrowDown", _) => ChartKey::SeriesDown,
        ("Home", _) => ChartKey::First,
        ("End", _) => ChartKey::Last,
        ("+" | "=", _) => ChartKey::ZoomIn,
        ("-" | "_", _) => ChartKey::ZoomOut,
        ("Escape", _) => ChartKey::Leave,
        _ => return None,
    })
}

/// The sample indices of one series the cursor stops at: those in `x_range` with a finite
/// value, and where several share one pixel column of a `plot_width_px` wide plot, only the
/// first (the line cannot show them apart either).
pub fn cursor_stops(
    times: &[f64],
    values: &[f64],
    x_range: (f64, f64),
    plot_width_px: f64,
) -> Vec<usize> {
    let span = x_range.1 - x_range.0;
    let mut stops = Vec::new();
    let mut last_column = None;
    for (k, (&t, v)) in times.iter().zip(values).enumerate() {
        if t < x_range.0 || t > x_range.1 || !v.is_finite() {
            continue;
        }
        let column = if span > 0.0 {
            ((t - x_range.0) / span * plot_width_px.max(1.0)).floor() as i64
        } else {
            0
        };
        if last_column != Some(column) {
            stops.push(k);
            last_column = Some(column);
        }
    }
    stops
}

/// Where the cursor is: a series and a position in its stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub series: usize,
    pub stop: usize,
}

/// The cursor after a move key. `stops[i]` holds the times of series `i`'s stops (empty for
/// a hidden or empty series, which up/down skip). Left/right stop at the ends; up/down keep
/// the time, landing on the nearest stop of the next series with any. From no cursor, any
/// move starts at the first series' first stop (End: its last). Non-move keys return it as is.
pub fn move_cursor(cursor: Option<Cursor>, key: ChartKey, stops: &[Vec<f64>]) -> Option<Cursor> {
    let first_series = stops.iter().position(|s| !s.is_empty())?;
    let Some(c) = cursor.filter(|c| stops.get(c.series).is_some_and(|s| c.stop < s.len())) else {
        let stop = if key == ChartKey::Last {
            stops[first_series].len() - 1
        } else {
            0
        };
        return Some(Cursor {
            series: first_series,
            stop,
        });
    };
    let len = stops[c.series].len();
    let stop = match key {
        ChartKey::Previous => c.stop.saturating_sub(1),
        ChartKey::Next => (c.stop + 1).min(len - 1),
        ChartKey::First => 0,
        ChartKey::Last => len - 1,
        ChartKey::SeriesUp | ChartKey::SeriesDown => {
            let time = stops[c.series][c.stop];
            let order: Vec<usize> = if key == ChartKey::SeriesDown {
                (c.series + 1..stops.len()).collect()
            } else {
                (0..c.series).rev().collect()
            };
            let Some(series) = order.into_iter().find(|&i| !stops[i].is_empty()) else {
                return Some(c);
            };
            return Some(Cursor {
                series,
                stop: nearest(&stops[series], time),
            });
        }
        _ => return Some(c),
    };
    Some(Cursor { stop, ..c })
}

fn nearest(times: &[f64], t: f64) -> usize {
    (0..times.len())
        .min_by(|&a, &b| (times[a] - t).abs().total_cmp(&(times[b] - t).abs()))
        .unwrap_or(0)
}

/// What the live region says at the cursor: "2026-12-07 14:00:00, cpu: 42%, point 3 of 120".
pub fn announcement(
    time_ms: f64,
    utc_offset_min: i32,
    series_name: &str,
    value_text: &str,
    stop: usize,
    stops: usize,
) -> String {
    format!(
        "{}, {series_name}: {value_text}, point {} of {stops}",
        format_local(time_ms as i64, utc_offset_min),
        stop + 1
    )
}

/// Zoom the range `(from, to)` (epoch ms) by `factor` (0.5 halves it) keeping `center` where
/// it is on the axis, as a drag around it would; never narrower than `min_span_ms`.
pub fn zoom_around(range: (i64, i64), center: i64, factor: f64, min_span_ms: i64) -> (i64, i64) {
    let (from, to) = range;
    let span = (to - from).max(1) as f64;
    let center = center.clamp(from, to);
    let share = (center - from) as f64 / span;
    let new_span = (span * factor).max(min_span_ms as f64);
    let new_from = center as f64 - share * new_span;
    (
        new_from.round() as i64,
        (new_from + new_span).round() as i64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions_and_others_pass_through() {
        assert_eq!(chart_key("ArrowRight", false), Some(ChartKey::Next));
        assert_eq!(chart_key("ArrowLeft", true), Some(ChartKey::PanEarlier));
        assert_eq!(chart_key("+", true), Some(ChartKey::ZoomIn));
        assert_eq!(chart_key("-", false), Some(ChartKey::ZoomOut));
        assert_eq!(chart_key("Escape", false), Some(ChartKey::Leave));
        assert_eq!(chart_key("Tab", false), None);
        assert_eq!(chart_key("a", false), None);
    }

    #[test]
    fn stops_are_the_samples_in_view_one_per_pixel_column() {
        let times = [0.0, 10.0, 11.0, 20.0, 30.0, 200.0];
        let values = [1.0, 2.0, 3.0, f64::NAN, 5.0, 6.0];
        // 100 ms over 10 px: 10 ms per column; 10 and 11 share column 1, 20 is a gap.
        assert_eq!(
            cursor_stops(&times, &values, (0.0, 100.0), 10.0),
            vec![0, 1, 4]
        );
        assert_eq!(
            cursor_stops(&times, &values, (0.0, 100.0), 1000.0),
            vec![0, 1, 2, 4]
        );
        assert!(cursor_stops(&times, &values, (300.0, 400.0), 10.0).is_empty());
    }

    #[test]
    fn the_cursor_walks_points_and_stops_at_the_ends() {
        let stops = vec![vec![0.0, 10.0, 20.0]];
        let mut c = move_cursor(None, ChartKey::Next, &stops);
        assert_eq!(c, Some(Cursor { series: 0, stop: 0 }));
        for _ in 0..5 {
            c = move_cursor(c, ChartKey::Next, &stops);
        }
        assert_eq!(c.unwrap().stop, 2);
        c = move_cursor(c, ChartKey::Previous, &stops);
        assert_eq!(c.unwrap().stop, 1);
        assert_eq!(move_cursor(c, ChartKey::First, &stops).unwrap().stop, 0);
        assert_eq!(move_cursor(None, ChartKey::Last, &stops).unwrap().stop, 2);
        assert_eq!(move_cursor(c, ChartKey::ZoomIn, &stops), c);
    }

    #[test]
    fn up_and_down_keep_the_time_and_skip_empty_series() {
        let stops = vec![vec![0.0, 10.0, 20.0], vec![], vec![9.0, 19.0]];
        let c = Some(Cursor { series: 0, stop: 2 });
        let down = move_cursor(c, ChartKey::SeriesDown, &stops);
        assert_eq!(down, Some(Cursor { series: 2, stop: 1 }));
        assert_eq!(move_cursor(down, ChartKey::SeriesDown, &stops), down);
        let up = move_cursor(
            Some(Cursor { series: 2, stop: 0 }),
            ChartKey::SeriesUp,
            &stops,
        );
        assert_eq!(up, Some(Cursor { series: 0, stop: 1 }));
        assert_eq!(move_cursor(None, ChartKey::Next, &[vec![], vec![]]), None);
    }

    #[test]
    fn a_stale_cursor_starts_again() {
        let stops = vec![vec![0.0]];
        let c = Some(Cursor { series: 0, stop: 7 });
        assert_eq!(
            move_cursor(c, ChartKey::Next, &stops),
            Some(Cursor { series: 0, stop: 0 })
        );
    }

    #[test]
    fn the_announcement_names_time_series_value_and_position() {
        let text = announcement(1_764_547_200_000.0, 60, "cpu", "42%", 2, 120);
        assert_eq!(text, "2025-12-01 01:00:00, cpu: 42%, point 3 of 120");
    }

    #[test]
    fn zoom_keeps_the_cursor_in_place() {
        assert_eq!(zoom_around((0, 1000), 250, 0.5, 1), (125, 625));
        assert_eq!(zoom_around((0, 1000), 500, 2.0, 1), (-500, 1500));
        // A cursor outside the range zooms around the nearer edge.
        assert_eq!(zoom_around((0, 1000), 5000, 0.5, 1), (500, 1000));
        assert_eq!(zoom_around((0, 1000), 500, 0.001, 100), (450, 550));
    }
}
