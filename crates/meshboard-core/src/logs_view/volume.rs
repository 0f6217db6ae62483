//! The log volume histogram above the lines: `sum by (level, detected_level) (count_over_time(...))` over the
//! whole range, drawn as bars stacked by level on a canvas (geometry here is pure and tested;
//! painting is a few rectangles). Dragging across it zooms the time range.

use crate::frame::Frame;
use crate::loki::LogLevel;

/// Stacking order, bottom to top: the most severe at the base, where it is easiest to see.
const LEVEL_ORDER: [LogLevel; 7] = [
    LogLevel::Critical,
    LogLevel::Error,
    LogLevel::Warning,
    LogLevel::Info,
    LogLevel::Debug,
    LogLevel::Trace,
    LogLevel::Unknown,
];

/// Colours by level (Grafana's log level palette); the legend uses the same CSS classes.
pub fn level_color(level: LogLevel) -> &'static str {
    match level {
        LogLevel::Critical => "#b877d9",
        LogLevel::Error => "#f2495c",
        LogLevel::Warning => "#ff9830",
        LogLevel::Info => "#73bf69",
        LogLevel::Debug => "#5794f2",
        LogLevel::Trace => "#6ed0e0",
        LogLevel::Unknown => "#8e8e8e",
    }
}

/// One bucket: it covers `(end_ms - step, end_ms]`, with a count per level.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeBar {
    pub end_ms: f64,
    /// `(level, count)` in stacking order, zero counts left out.
    pub stack: Vec<(LogLevel, f64)>,
}

impl VolumeBar {
    pub fn total(&self) -> f64 {
        self.stack.iter().map(|(_, n)| n).sum()
    }
}

/// The level a volume series is drawn as: its `level` label when that names a level, else
/// the `detected_level` Loki 3 attaches to every entry (streams without a `level` label, or
/// with one that is not a level word), else unknown.
pub fn series_level(labels: &crate::frame::Labels) -> LogLevel {
    ["level", "detected_level"]
        .iter()
        .filter_map(|key| labels.get(*key))
        .find_map(|value| LogLevel::from_word(value))
        .unwrap_or(LogLevel::Unknown)
}

/// Buckets the volume frame (one series per `level` and `detected_level`) into stacked bars,
/// oldest first; series that come out at the same level add up.
pub fn stack_volume(frame: &Frame) -> Vec<VolumeBar> {
    let mut buckets: std::collections::BTreeMap<i64, [f64; 7]> = Default::default();
    for series in &frame.series {
        let level = series_level(&series.labels);
        let slot = LEVEL_ORDER.iter().position(|l| *l == level).unwrap_or(6);
        for (t, v) in series.times_ms.iter().zip(&series.values) {
            if v.is_finite() && *v > 0.0 && t.is_finite() {
                buckets.entry(t.round() as i64).or_insert([0.0; 7])[slot] += v;
            }
        }
    }
    buckets
        .into_iter()
        .map(|(t, counts)| VolumeBar {
            end_ms: t as f64,
            stack: LEVEL_ORDER
                .iter()
                .zip(counts)
                .filter(|(_, n)| *n > 0.0)
                .map(|(l, n)| (*l, n))
                .collect(),
        })
        .collect()
}

/// Total lines per level over all bars, for the legend.
pub fn level_totals(bars: &[VolumeBar]) -> Vec<(LogLevel, f64)> {
    LEVEL_ORDER
        .iter()
        .map(|level| {
            let sum = bars
                .iter()
                .flat_map(|b| b.stack.iter())
                .filter(|(l, _)| l == level)
                .map(|(_, n)| n)
                .sum::<f64>();
            (*level, sum)
        })
        .filter(|(_, n)| *n > 0.0)
        .collect()
}

/// True for a positive number (false for NaN).
fn positive(x: f64) -> bool {
    x > 0.0
}

/// A rectangle to fill, in CSS pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub color: &'static str,
}

/// The rectangles for `bars` on a `width` x `height` area showing `[start_ms, end_ms]`.
pub fn bar_rects(
    bars: &[VolumeBar],
    start_ms: f64,
    end_ms: f64,
    step_ms: f64,
    width: f64,
    height: f64,
) -> Vec<Rect> {
    let span = end_ms - start_ms;
    let max = bars.iter().map(VolumeBar::total).fold(0.0, f64::max);
    if ![span, max, width, height].into_iter().all(positive) {
        return Vec::new();
    }
    let x_of = |t: f64| (t - start_ms) / span * width;
    let mut rects = Vec::new();
    for bar in bars {
        let x0 = x_of(bar.end_ms - step_ms).max(0.0);
        let x1 = x_of(bar.end_ms).min(width);
        if x1 <= x0 {
            continue;
        }
        let w = (x1 - x0 - 1.0).max(1.0);
        let mut y = height;
        for (level, count) in &bar.stack {
            let h = count / max * height;
            y -= h;
            rects.push(Rect {
                x: x0,
                y,
                w,
                h,
                color: level_color(*level),
            });
        }
    }
    rects
}

/// The time under x (CSS pixels) on an area `width` wide showing `[start_ms, end_ms]`.
pub fn x_to_ms(x: f64, width: f64, start_ms: f64, end_ms: f64) -> f64 {
    if !positive(width) {
        return start_ms;
    }
    start_ms + (x / width).clamp(0.0, 1.0) * (end_ms - start_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Labels, Series};

    fn series(level: &str, points: &[(f64, f64)]) -> Series {
        let mut labels = Labels::new();
        labels.insert("level".into(), level.into());
        let mut s = Series::new(labels);
        for (t, v) in points {
            s.push(*t, *v);
        }
        s
    }

    #[test]
    fn stacks_by_level_severe_first() {
        let frame = Frame {
            series: vec![
                series("info", &[(1000.0, 5.0), (2000.0, 1.0)]),
                series("error", &[(1000.0, 2.0)]),
                series("weird", &[(2000.0, 1.0)]),
            ],
            notices: vec![],
        };
        let bars = stack_volume(&frame);
        assert_eq!(bars.len(), 2);
        assert_eq!(
            bars[0].stack,
            vec![(LogLevel::Error, 2.0), (LogLevel::Info, 5.0)]
        );
        assert_eq!(bars[1].total(), 2.0);
        assert_eq!(level_totals(&bars)[0], (LogLevel::Error, 2.0));
        let rects = bar_rects(&bars, 0.0, 2000.0, 1000.0, 200.0, 70.0);
        assert_eq!(rects.len(), 4);
        // The tallest bar fills the height; the error segment sits at the bottom.
        assert!((rects[0].y + rects[0].h - 70.0).abs() < 1e-9);
        assert!((rects[1].y).abs() < 1e-9);
        assert_eq!(rects[0].color, level_color(LogLevel::Error));
    }

    fn labelled(pairs: &[(&str, &str)], points: &[(f64, f64)]) -> Series {
        let labels: Labels = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut s = Series::new(labels);
        for (t, v) in points {
            s.push(*t, *v);
        }
        s
    }

    #[test]
    fn coloured_by_level_or_detected_level() {
        // `sum by (level, detected_level)` over a stream with a level label and one without.
        let frame = Frame {
            series: vec![
                labelled(
                    &[("level", "warn"), ("detected_level", "warn")],
                    &[(1000.0, 1.0)],
                ),
                labelled(&[("detected_level", "error")], &[(1000.0, 2.0)]),
                labelled(&[("detected_level", "info")], &[(1000.0, 3.0)]),
                labelled(&[("detected_level", "fatal")], &[(1000.0, 1.0)]),
                // A level label that is no level word: the detected level says more.
                labelled(
                    &[("level", "x"), ("detected_level", "info")],
                    &[(1000.0, 4.0)],
                ),
                labelled(&[("detected_level", "unknown")], &[(1000.0, 5.0)]),
                labelled(&[], &[(1000.0, 1.0)]),
            ],
            notices: vec![],
        };
        let bars = stack_volume(&frame);
        assert_eq!(
            bars[0].stack,
            vec![
                (LogLevel::Critical, 1.0),
                (LogLevel::Error, 2.0),
                (LogLevel::Warning, 1.0),
                (LogLevel::Info, 7.0),
                (LogLevel::Unknown, 6.0)
            ]
        );
    }

    #[test]
    fn degenerate_inputs_draw_nothing() {
        assert!(bar_rects(&[], 0.0, 1.0, 1.0, 10.0, 10.0).is_empty());
        assert_eq!(x_to_ms(50.0, 100.0, 0.0, 1000.0), 500.0);
        assert_eq!(x_to_ms(500.0, 100.0, 0.0, 1000.0), 1000.0);
        assert_eq!(x_to_ms(5.0, 0.0, 7.0, 1000.0), 7.0);
    }
}
