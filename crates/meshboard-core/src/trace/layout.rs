//! Waterfall geometry: microseconds to pixels for a viewport window, bar clipping, row
//! positions and virtualization range, the minimap and time-axis ticks. Pure numbers; the
//! chart layer only paints them.

use std::ops::Range;

use super::model::Trace;

/// A time window `[start_us, end_us]` drawn across `width_px` pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub start_us: i64,
    pub end_us: i64,
    pub width_px: f64,
}

/// A horizontal bar in pixels, already clipped to the viewport.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub width: f64,
    /// The bar was cut at the left or right edge of the viewport.
    pub clipped: bool,
}

impl Viewport {
    /// A viewport; an empty or reversed window is widened to one microsecond so that the
    /// maths never divides by zero.
    pub fn new(start_us: i64, end_us: i64, width_px: f64) -> Viewport {
        let (start_us, end_us) = if end_us > start_us {
            (start_us, end_us)
        } else {
            (start_us, start_us.saturating_add(1))
        };
        let width_px = if width_px.is_finite() && width_px > 0.0 {
            width_px
        } else {
            1.0
        };
        Viewport {
            start_us,
            end_us,
            width_px,
        }
    }

    /// The whole trace.
    pub fn for_trace(trace: &Trace, width_px: f64) -> Viewport {
        Viewport::new(trace.start_us(), trace.end_us(), width_px)
    }

    pub fn duration_us(&self) -> i64 {
        self.end_us.saturating_sub(self.start_us).max(1)
    }

    fn px_per_us(&self) -> f64 {
        self.width_px / self.duration_us() as f64
    }

    /// Pixel x of a time (may lie outside `[0, width]` for times outside the window).
    pub fn x_of(&self, time_us: i64) -> f64 {
        // i128: the difference of two i64 times cannot overflow there.
        (i128::from(time_us) - i128::from(self.start_us)) as f64 * self.px_per_us()
    }

    /// Time at a pixel x, rounded to the nearest microsecond.
    pub fn time_at(&self, x: f64) -> i64 {
        let offset = (x / self.px_per_us()).round();
        let offset = if offset.is_finite() {
            offset.clamp(i64::MIN as f64, i64::MAX as f64) as i64
        } else {
            0
        };
        self.start_us.saturating_add(offset)
    }

    /// The bar of a span, clipped to the viewport, at least `min_width_px` wide so that
    /// zero-length spans stay visible. `None` if the span lies wholly outside the window.
    pub fn bar(&self, start_us: i64, duration_us: i64, min_width_px: f64) -> Option<Bar> {
        let end_us = start_us.saturating_add(duration_us.max(0));
        if end_us < self.start_us || start_us > self.end_us {
            return None;
        }
        let raw_left = self.x_of(start_us);
        let raw_right = self.x_of(end_us);
        let left = raw_left.max(0.0);
        let right = raw_right.min(self.width_px);
        let clipped = raw_left < 0.0 || raw_right > self.width_px;
        let width = (right - left).max(min_width_px);
        let x = left.min(self.width_px - width).max(0.0);
        Some(Bar { x, width, clipped })
    }

    /// Zooms to a sub-window given as fractions of this one (a drag on the minimap or the
    /// axis), keeping at least one microsecond.
    pub fn zoom_to_fractions(&self, from: f64, to: f64) -> Viewport {
        let (start, end) = window_from_fractions(self.start_us, self.end_us, from, to);
        Viewport::new(start, end, self.width_px)
    }
}

/// The window `[start, end]` between two fractions (in any order, clamped to 0..1) of
/// `[range_start, range_end]`.
pub fn window_from_fractions(range_start: i64, range_end: i64, from: f64, to: f64) -> (i64, i64) {
    let clamp = |f: f64| {
        if f.is_finite() {
            f.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let (a, b) = (clamp(from.min(to)), clamp(from.max(to)));
    let span = range_end.saturating_sub(range_start).max(0) as f64;
    let start = range_start.saturating_add((span * a).round() as i64);
    let end = range_start
        .saturating_add((span * b).round() as i64)
        .max(start.saturating_add(1));
    (start, end)
}

/// Top y of a row.
pub fn row_y(row: usize, row_height_px: f64) -> f64 {
    row as f64 * row_height_px
}

/// The rows to render for a scroll position (virtualization), with `overscan` extra rows
/// on both sides for smooth scrolling.
pub fn visible_row_range(
    scroll_top_px: f64,
    viewport_height_px: f64,
    row_height_px: f64,
    total_rows: usize,
    overscan: usize,
) -> Range<usize> {
    // Written so that a NaN row height also yields no rows.
    if total_rows == 0 || row_height_px.is_nan() || row_height_px <= 0.0 {
        return 0..0;
    }
    let top = if scroll_top_px.is_finite() {
        scroll_top_px.max(0.0)
    } else {
        0.0
    };
    let height = if viewport_height_px.is_finite() {
        viewport_height_px.max(0.0)
    } else {
        0.0
    };
    let first = ((top / row_height_px).floor() as usize).min(total_rows);
    let last = (((top + height) / row_height_px).ceil() as usize).min(total_rows);
    first.saturating_sub(overscan)..last.saturating_add(overscan).min(total_rows)
}

/// One band of the minimap: the extent of all spans that fall on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinimapRow {
    pub y: f64,
    pub height: f64,
    pub x: f64,
    pub width: f64,
    /// The first span on this band (for its colour).
    pub span: usize,
}

/// The minimap: `rows` (span indices in display order) squeezed into at most `height_px`
/// bands over the whole trace; rows sharing a band are merged into one extent. O(rows).
pub fn minimap_rows(trace: &Trace, rows: &[u32], width_px: f64, height_px: f64) -> Vec<MinimapRow> {
    let height_px = if height_px.is_finite() {
        height_px.max(1.0)
    } else {
        1.0
    };
    let bands = rows.len().min(height_px.floor() as usize).max(1);
    let band_height = height_px / bands as f64;
    let viewport = Viewport::for_trace(trace, width_px);
    let mut out: Vec<MinimapRow> = Vec::with_capacity(bands.min(rows.len()));
    let mut current_band = usize::MAX;
    for (position, &span_index) in rows.iter().enumerate() {
        let Some(span) = trace.spans.get(span_index as usize) else {
            continue;
        };
        let band = position * bands / rows.len();
        let left = viewport.x_of(span.start_us);
        let right = viewport.x_of(span.end_us()).max(left + 1.0);
        match out.last_mut() {
            Some(last) if band == current_band => {
                let end = (last.x + last.width).max(right);
                last.x = last.x.min(left);
                last.width = end - last.x;
            }
            _ => {
                current_band = band;
                out.push(MinimapRow {
                    y: band as f64 * band_height,
                    height: band_height,
                    x: left,
                    width: right - left,
                    span: span_index as usize,
                });
            }
        }
    }
    out
}

/// A labelled tick on the time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub time_us: i64,
    pub x: f64,
    /// Offset from `origin_us`, formatted (`0µs`, `250ms`, `1.5s`).
    pub label: String,
}

/// Ticks at a round step (1, 2 or 5 × 10^k µs) relative to `origin_us` (the trace start),
/// at most `max_ticks` of them across the viewport.
pub fn time_ticks(viewport: &Viewport, origin_us: i64, max_ticks: usize) -> Vec<Tick> {
    // More ticks than pixels is never useful; the bound also keeps the maths in range.
    let max_ticks = max_ticks.clamp(1, 10_000) as i64;
    let rough = viewport.duration_us().saturating_add(max_ticks - 1) / max_ticks;
    let mut step = 1i64;
    'search: while step < i64::MAX / 10 {
        for factor in [1, 2, 5] {
            if step * factor >= rough {
                step *= factor;
                break 'search;
            }
        }
        step *= 10;
    }
    // i128: offsets between extreme i64 times overflow i64.
    let (start, end, origin) = (
        i128::from(viewport.start_us),
        i128::from(viewport.end_us),
        i128::from(origin_us),
    );
    let step = i128::from(step);
    let saturate = |v: i128| i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX });
    let mut offset = (start - origin).div_euclid(step) * step;
    let mut ticks = Vec::new();
    while origin + offset <= end && ticks.len() <= max_ticks as usize + 1 {
        let time = origin + offset;
        if time >= start {
            let time_us = saturate(time);
            ticks.push(Tick {
                time_us,
                x: viewport.x_of(time_us),
                label: format_duration_us(saturate(offset)),
            });
        }
        offset += step;
    }
    ticks
}

/// A duration the way Jaeger shows it: `0µs`, `850µs`, `1.23ms`, `45.6ms`, `2.5s`, `3m 20s`.
pub fn format_duration_us(us: i64) -> String {
    let sign = if us < 0 { "-" } else { "" };
    let abs = us.unsigned_abs();
    let text = if abs < 1_000 {
        format!("{abs}µs")
    } else if abs < 1_000_000 {
        format!("{}ms", trim_decimals(abs as f64 / 1_000.0))
    } else if abs < 60_000_000 {
        format!("{}s", trim_decimals(abs as f64 / 1_000_000.0))
    } else {
        let seconds = abs / 1_000_000;
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        if h > 0 {
            format!("{h}h {m}m")
        } else {
            format!("{m}m {s}s")
        }
    };
    format!("{sign}{text}")
}

/// Three significant digits at most, trailing zeros dropped.
fn trim_decimals(value: f64) -> String {
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::tree::tests::{span, trace};

    #[test]
    fn maps_time_to_pixels_and_back() {
        let v = Viewport::new(1_000, 2_000, 500.0);
        assert_eq!(v.x_of(1_000), 0.0);
        assert_eq!(v.x_of(1_500), 250.0);
        assert_eq!(v.x_of(2_000), 500.0);
        assert_eq!(v.x_of(500), -250.0);
        assert_eq!(v.time_at(250.0), 1_500);
        // Huge epoch values keep full precision in the difference.
        let epoch = Viewport::new(1_657_915_862_453_102, 1_657_915_862_681_054, 1000.0);
        assert!((epoch.x_of(1_657_915_862_567_078) - 500.0).abs() < 1e-6);
        let degenerate = Viewport::new(10, 10, -5.0);
        assert_eq!((degenerate.duration_us(), degenerate.width_px), (1, 1.0));
    }

    #[test]
    fn bars_are_clipped_and_never_vanish() {
        let v = Viewport::new(0, 100, 100.0);
        assert_eq!(
            v.bar(10, 20, 1.0),
            Some(Bar {
                x: 10.0,
                width: 20.0,
                clipped: false
            })
        );
        assert_eq!(
            v.bar(-50, 100, 1.0),
            Some(Bar {
                x: 0.0,
                width: 50.0,
                clipped: true
            })
        );
        assert_eq!(
            v.bar(90, 50, 1.0),
            Some(Bar {
                x: 90.0,
                width: 10.0,
                clipped: true
            })
        );
        assert_eq!(
            v.bar(40, 0, 2.0),
            Some(Bar {
                x: 40.0,
                width: 2.0,
                clipped: false
            })
        );
        assert_eq!(
            v.bar(100, 0, 2.0),
            Some(Bar {
                x: 98.0,
                width: 2.0,
                clipped: false
            })
        );
        assert_eq!(v.bar(200, 5, 1.0), None);
        assert_eq!(v.bar(-20, 5, 1.0), None);
    }

    #[test]
    fn zoom_and_rows() {
        let v = Viewport::new(0, 1_000, 200.0);
        let zoomed = v.zoom_to_fractions(0.75, 0.25);
        assert_eq!((zoomed.start_us, zoomed.end_us), (250, 750));
        assert_eq!(window_from_fractions(0, 1_000, 0.5, 0.5), (500, 501));
        assert_eq!(window_from_fractions(0, 1_000, -3.0, f64::NAN), (0, 1));
        assert_eq!(row_y(3, 24.0), 72.0);
        assert_eq!(visible_row_range(240.0, 100.0, 24.0, 1_000, 2), 8..17);
        assert_eq!(visible_row_range(1e9, 100.0, 24.0, 50, 2), 48..50);
        assert_eq!(visible_row_range(0.0, 100.0, 0.0, 50, 2), 0..0);
    }

    #[test]
    fn minimap_merges_rows_per_pixel() {
        let spans = (0..1_000)
            .map(|i| span(&i.to_string(), "", i, 10))
            .collect();
        let t = trace(spans);
        let order: Vec<u32> = (0..1_000).collect();
        let rows = minimap_rows(&t, &order, 1_009.0, 100.0);
        assert_eq!(rows.len(), 100);
        assert_eq!(rows[0].x, 0.0);
        assert!(
            (rows[0].width - 19.0).abs() < 1e-9,
            "ten spans merged: 0..19µs"
        );
        assert_eq!(rows[99].span, 990);
        assert!(minimap_rows(&t, &[], 10.0, 10.0).is_empty());
        let few = minimap_rows(&t, &order[..3], 100.0, 60.0);
        assert_eq!(
            few.iter().map(|r| r.y).collect::<Vec<_>>(),
            vec![0.0, 20.0, 40.0]
        );
    }

    #[test]
    fn ticks_and_durations() {
        let v = Viewport::new(1_000_000, 1_228_000, 1000.0);
        let ticks = time_ticks(&v, 1_000_000, 5);
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, vec!["0µs", "50ms", "100ms", "150ms", "200ms"]);
        assert_eq!(ticks[1].x, v.x_of(1_050_000));
        assert_eq!(format_duration_us(0), "0µs");
        assert_eq!(format_duration_us(1_234), "1.23ms");
        assert_eq!(format_duration_us(227_952), "228ms");
        assert_eq!(format_duration_us(2_500_000), "2.5s");
        assert_eq!(format_duration_us(200_000_000), "3m 20s");
        assert_eq!(format_duration_us(-1_500), "-1.5ms");
        assert_eq!(format_duration_us(i64::MIN), "-2562047788h 0m");
        let everything = Viewport::new(i64::MIN, i64::MAX, 100.0);
        assert!(time_ticks(&everything, i64::MIN, usize::MAX).len() <= 10_002);
        assert!(!time_ticks(&everything, 0, 0).is_empty());
    }
}
