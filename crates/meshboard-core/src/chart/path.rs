//! Series paths in pixels: interleaved x,y coordinates with NaN breaks at gaps, ready for the
//! canvas fast path (one typed-array view and one JS call per series).
//!
//! A gap is a sample that cannot be drawn: NaN (including the gap markers that
//! `core::decimate` emits for time jumps longer than [`GAP_FACTOR`] steps), or <= 0 on a log
//! scale.

use super::scale::{TimeScale, YScale};

/// A time jump longer than this many steps breaks the line: one missing sample on a regular
/// grid (a jump of 2 steps) already does, while jitter of up to half a step does not.
pub const GAP_FACTOR: f64 = 1.5;

/// How many consecutive time differences the step estimate looks at (spread over the series).
const STEP_SAMPLES: usize = 63;

/// The typical sampling interval of ascending `times`: the median of positive differences
/// sampled across the series (robust to missing samples and duplicates). `None` if fewer than
/// two distinct finite times.
pub fn estimate_step(times: &[f64]) -> Option<f64> {
    let diffs = times.len().checked_sub(1).filter(|&d| d > 0)?;
    let mut sample = [0.0f64; STEP_SAMPLES];
    let mut n = 0;
    let stride = diffs.div_ceil(STEP_SAMPLES).max(1);
    let mut i = 0;
    while i < diffs && n < STEP_SAMPLES {
        let d = times[i + 1] - times[i];
        if d.is_finite() && d > 0.0 {
            sample[n] = d;
            n += 1;
        }
        i += stride;
    }
    if n == 0 {
        return None;
    }
    let sample = &mut sample[..n];
    // The lower median: with two differences, a hole must not pass for the step.
    let mid = (n - 1) / 2;
    let (_, median, _) = sample.select_nth_unstable_by(mid, f64::total_cmp);
    Some(*median)
}

/// Appends `[x, y]` per drawable sample to `out`, with a `[NaN, NaN]` pair at every gap (never
/// two in a row, never first). Returns the number of points appended.
pub fn push_line(
    times: &[f64],
    values: &[f64],
    x_scale: &TimeScale,
    y_scale: &YScale,
    out: &mut Vec<f64>,
) -> usize {
    let mut points = 0;
    let mut pen_down = false;
    for (&t, &v) in times.iter().zip(values) {
        let x = x_scale.to_px(t);
        let y = y_scale.to_px(v);
        let drawable = x.is_finite() && !y.is_nan();
        if drawable {
            out.extend_from_slice(&[x, y]);
            points += 1;
        } else if pen_down {
            out.extend_from_slice(&[f64::NAN, f64::NAN]);
        }
        pen_down = drawable;
    }
    points
}

/// Appends `[x, y_top, y_base]` per drawable sample (a band to fill between two lines), with a
/// `[NaN, NaN, NaN]` triple at every gap. `bases` of `None` fills down to the baseline.
pub fn push_band(
    times: &[f64],
    tops: &[f64],
    bases: Option<&[f64]>,
    x_scale: &TimeScale,
    y_scale: &YScale,
    out: &mut Vec<f64>,
) {
    let baseline = y_scale.baseline_px();
    let mut pen_down = false;
    for (k, (&t, &v)) in times.iter().zip(tops).enumerate() {
        let x = x_scale.to_px(t);
        let y = y_scale.to_px(v);
        let drawable = x.is_finite() && !y.is_nan();
        if drawable {
            let base = bases
                .and_then(|b| b.get(k))
                .map_or(baseline, |&b| y_scale.to_px(b));
            let base = if base.is_nan() { baseline } else { base };
            out.extend_from_slice(&[x, y, base]);
        } else if pen_down {
            out.extend_from_slice(&[f64::NAN; 3]);
        }
        pen_down = drawable;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::scale::YTransform;

    fn scales() -> (TimeScale, YScale) {
        (
            TimeScale::new(0.0, 100.0, 0.0, 100.0),
            YScale::new(0.0, 10.0, YTransform::Linear, 0.0, 10.0),
        )
    }

    #[test]
    fn step_is_the_median_spacing() {
        assert_eq!(estimate_step(&[0.0, 10.0, 20.0, 50.0, 60.0]), Some(10.0));
        assert_eq!(estimate_step(&[0.0]), None);
        assert_eq!(estimate_step(&[]), None);
        assert_eq!(estimate_step(&[5.0, 5.0, 5.0]), None);
        assert_eq!(estimate_step(&[f64::NAN, 1.0]), None);
        let long: Vec<f64> = (0..1_000_000).map(|i| i as f64 * 15.0).collect();
        assert_eq!(estimate_step(&long), Some(15.0));
    }

    #[test]
    fn nan_samples_break_the_line_once() {
        let (xs, ys) = scales();
        let mut out = Vec::new();
        let t = [0.0, 10.0, 20.0, 30.0, 40.0];
        let v = [f64::NAN, 1.0, f64::NAN, f64::NAN, 2.0];
        let n = push_line(&t, &v, &xs, &ys, &mut out);
        assert_eq!(n, 2);
        assert_eq!(out.len(), 6);
        assert_eq!(&out[0..2], &[10.0, 9.0]);
        assert!(out[2].is_nan() && out[3].is_nan());
        assert_eq!(&out[4..6], &[40.0, 8.0]);
    }

    #[test]
    fn log_scale_drops_non_positive_values() {
        let xs = TimeScale::new(0.0, 100.0, 0.0, 100.0);
        let ys = YScale::new(1.0, 100.0, YTransform::Log { base: 10.0 }, 0.0, 100.0);
        let mut out = Vec::new();
        let n = push_line(&[0.0, 10.0, 20.0], &[10.0, 0.0, 100.0], &xs, &ys, &mut out);
        assert_eq!(n, 2);
        assert!(out[2].is_nan());
    }

    #[test]
    fn band_runs_between_top_and_base() {
        let (xs, ys) = scales();
        let mut out = Vec::new();
        push_band(
            &[0.0, 10.0, 20.0],
            &[5.0, f64::NAN, 6.0],
            Some(&[1.0, 1.0, 2.0]),
            &xs,
            &ys,
            &mut out,
        );
        assert_eq!(&out[0..3], &[0.0, 5.0, 9.0]);
        assert!(out[3].is_nan());
        assert_eq!(&out[6..9], &[20.0, 4.0, 8.0]);
        out.clear();
        push_band(&[0.0], &[5.0], None, &xs, &ys, &mut out);
        assert_eq!(out, vec![0.0, 5.0, 10.0]);
    }

    #[test]
    fn infinite_and_empty_inputs_are_safe() {
        let (xs, ys) = scales();
        let mut out = Vec::new();
        let t = [f64::INFINITY, 0.0, 1.0];
        let n = push_line(
            &t,
            &[1.0, f64::INFINITY, f64::NEG_INFINITY],
            &xs,
            &ys,
            &mut out,
        );
        assert_eq!(n, 2);
        assert!(out.iter().all(|v| v.is_finite()));
        assert_eq!(push_line(&[], &[], &xs, &ys, &mut out), 0);
    }
}
