//! How a line runs between its samples (Grafana's `lineInterpolation`) and how its area is
//! filled (`gradientMode`), in pixels, so the painter only replays vertices and colour stops.
//!
//! Grafana draws with uPlot's path builders: `linear`, `stepped` (`align: 1` steps after the
//! sample, `-1` before it) and `spline` (monotone cubic, as d3's `curveMonotoneX`: it never
//! overshoots the samples). Fill gradients are `getOpacityGradientFn` and `getHueGradientFn`
//! of `packages/grafana-ui/src/components/uPlot/config/gradientFills.ts`: vertical, over the
//! plot's height.

use crate::dashboard::field_resolve::colors::{hsl_to_rgb, parse_rgb, rgb_to_hsl};

/// `custom.lineInterpolation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Interpolation {
    #[default]
    Linear,
    /// Monotone cubic through the samples.
    Smooth,
    /// The new value already at the previous sample (vertical, then horizontal).
    StepBefore,
    /// The value held until the next sample (horizontal, then vertical).
    StepAfter,
}

/// `custom.gradientMode` of the fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FillGradient {
    #[default]
    None,
    /// From the fill opacity at the plot's top to transparent at its bottom.
    Opacity,
    /// From the colour's hue turned -15° at the top to +15° at the bottom.
    Hue,
    /// Line and fill coloured by the value they are at (`ValueGradient`).
    Scheme,
}

/// At most this many CSS pixels between the vertices of a smoothed segment.
const SMOOTH_PX: f64 = 2.0;
/// At most this many vertices per smoothed segment.
const SMOOTH_MAX: usize = 32;

/// Rewrites `buf` into `out` with the vertices `mode` adds. `buf` holds records of `stride`
/// values: `x` then `stride - 1` y channels (a line's `y`; a band's top and base), with an
/// all-NaN record at each gap; gaps are kept. Linear copies.
pub fn interpolate(buf: &[f64], stride: usize, mode: Interpolation, out: &mut Vec<f64>) {
    out.clear();
    if stride < 2 || mode == Interpolation::Linear {
        out.extend_from_slice(buf);
        return;
    }
    let records = buf.len() / stride;
    let mut start = 0;
    while start < records {
        let gap = |k: usize| buf[k * stride].is_nan();
        if gap(start) {
            out.extend_from_slice(&buf[start * stride..(start + 1) * stride]);
            start += 1;
            continue;
        }
        let mut end = start;
        while end < records && !gap(end) {
            end += 1;
        }
        let run = &buf[start * stride..end * stride];
        match mode {
            Interpolation::Smooth => smooth_run(run, stride, out),
            _ => step_run(run, stride, mode == Interpolation::StepAfter, out),
        }
        start = end;
    }
}

/// Stairs through one run: a corner between each pair of records.
fn step_run(run: &[f64], stride: usize, after: bool, out: &mut Vec<f64>) {
    let n = run.len() / stride;
    for k in 0..n {
        let rec = &run[k * stride..(k + 1) * stride];
        if k > 0 {
            let prev = &run[(k - 1) * stride..k * stride];
            // After: hold the previous value up to this x. Before: this value from the previous x.
            let (x, ys) = if after {
                (rec[0], &prev[1..])
            } else {
                (prev[0], &rec[1..])
            };
            out.push(x);
            out.extend_from_slice(ys);
        }
        out.extend_from_slice(rec);
    }
}

/// d3's monotone tangent at an interior point: zero at extrema, else a weighted harmonic
/// mean of the neighbouring secants, never steep enough to overshoot.
fn interior_tangent(h0: f64, h1: f64, s0: f64, s1: f64) -> f64 {
    let p = (s0 * h1 + s1 * h0) / (h0 + h1);
    let t = (s0.signum() + s1.signum()) * s0.abs().min(s1.abs()).min(0.5 * p.abs());
    if t.is_finite() {
        t
    } else {
        0.0
    }
}

/// Monotone cubic Hermite curves through one run, per y channel, sampled every
/// [`SMOOTH_PX`] along x.
fn smooth_run(run: &[f64], stride: usize, out: &mut Vec<f64>) {
    let n = run.len() / stride;
    let x = |k: usize| run[k * stride];
    let y = |k: usize, c: usize| run[k * stride + c];
    if n < 3 {
        out.extend_from_slice(run);
        return;
    }
    let channels = stride - 1;
    // Tangents per point and channel.
    let mut tangents = vec![0.0; n * channels];
    for c in 1..stride {
        let secant = |k: usize| {
            let h = x(k + 1) - x(k);
            if h > 0.0 {
                (y(k + 1, c) - y(k, c)) / h
            } else {
                0.0
            }
        };
        for k in 1..n - 1 {
            let (h0, h1) = (x(k) - x(k - 1), x(k + 1) - x(k));
            tangents[k * channels + c - 1] = if h0 > 0.0 && h1 > 0.0 {
                interior_tangent(h0, h1, secant(k - 1), secant(k))
            } else {
                0.0
            };
        }
        // Ends: d3's slope2, the secant corrected by the neighbour's tangent.
        let end_tangent = |k: usize, s: f64, t: f64, h: f64| {
            let _ = k;
            if h > 0.0 {
                (3.0 * s - t) / 2.0
            } else {
                t
            }
        };
        let t1 = tangents[channels + c - 1];
        tangents[c - 1] = end_tangent(0, secant(0), t1, x(1) - x(0));
        let tl = tangents[(n - 2) * channels + c - 1];
        tangents[(n - 1) * channels + c - 1] =
            end_tangent(n - 1, secant(n - 2), tl, x(n - 1) - x(n - 2));
    }
    out.extend_from_slice(&run[..stride]);
    for k in 0..n - 1 {
        let (x0, x1) = (x(k), x(k + 1));
        let h = x1 - x0;
        let pieces = if h.is_finite() && h > SMOOTH_PX {
            ((h / SMOOTH_PX).ceil() as usize).min(SMOOTH_MAX)
        } else {
            1
        };
        for p in 1..pieces {
            let u = p as f64 / pieces as f64;
            let (u2, u3) = (u * u, u * u * u);
            let (h00, h10, h01, h11) = (
                2.0 * u3 - 3.0 * u2 + 1.0,
                u3 - 2.0 * u2 + u,
                -2.0 * u3 + 3.0 * u2,
                u3 - u2,
            );
            out.push(x0 + u * h);
            for c in 1..stride {
                let (t0, t1) = (
                    tangents[k * channels + c - 1],
                    tangents[(k + 1) * channels + c - 1],
                );
                out.push(h00 * y(k, c) + h10 * h * t0 + h01 * y(k + 1, c) + h11 * h * t1);
            }
        }
        out.extend_from_slice(&run[(k + 1) * stride..(k + 2) * stride]);
    }
}

/// A colour at `alpha` as `rgba()`; `None` when it cannot be read.
pub fn with_alpha(color: &str, alpha: f64) -> Option<String> {
    let c = parse_rgb(color)?;
    Some(format!(
        "rgba({}, {}, {}, {})",
        c[0].round(),
        c[1].round(),
        c[2].round(),
        (alpha.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
    ))
}

/// A `scheme` gradient's stops over the plot (offset 0 at the top, 1 at the bottom) from its
/// value stops: `to_offset` places a value; `range` is what percentage stops are shares of.
/// Discrete stops get hard edges (each colour from its value up to the next one's).
pub fn scheme_stops(
    gradient: &crate::dashboard::field_resolve::ValueGradient,
    range: (f64, f64),
    to_offset: impl Fn(f64) -> f64,
    alpha: f64,
) -> Vec<(f64, String)> {
    let (lo, hi) = (
        gradient.min.unwrap_or(range.0),
        gradient.max.unwrap_or(range.1),
    );
    let value = |v: f64| {
        if gradient.percent {
            lo + v * (hi - lo)
        } else {
            v
        }
    };
    let offset = |v: f64| {
        if v == f64::NEG_INFINITY {
            1.0
        } else {
            let o = to_offset(value(v));
            if o.is_finite() {
                o.clamp(0.0, 1.0)
            } else {
                1.0
            }
        }
    };
    let mut out: Vec<(f64, String)> = Vec::new();
    for (i, (v, color)) in gradient.stops.iter().enumerate() {
        let Some(css) = with_alpha(color, alpha) else {
            continue;
        };
        let at = offset(*v);
        if gradient.discrete {
            if let Some(prev) = i.checked_sub(1).and_then(|p| gradient.stops.get(p)) {
                if let Some(prev_css) = with_alpha(&prev.1, alpha) {
                    out.push((at, prev_css));
                }
            }
        }
        out.push((at, css));
    }
    if gradient.discrete {
        // Up to the top the last colour holds.
        if let Some((_, last)) = out.last().cloned() {
            out.push((0.0, last));
        }
    }
    // The painter's gradient runs top (0) to bottom (1).
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// The colour stops (offset 0 at the plot's top, 1 at its bottom) of a gradient fill of
/// `color` at `opacity`; empty for a flat fill (no gradient, or a colour this cannot read).
pub fn fill_stops(color: &str, opacity: f64, mode: FillGradient) -> Vec<(f64, String)> {
    let Some(rgb) = parse_rgb(color) else {
        return Vec::new();
    };
    let rgba = |c: [f64; 3], a: f64| {
        format!(
            "rgba({}, {}, {}, {})",
            c[0].round(),
            c[1].round(),
            c[2].round(),
            (a * 1000.0).round() / 1000.0
        )
    };
    let spin = |c: [f64; 3], degrees: f64| {
        let [h, s, l] = rgb_to_hsl(c);
        hsl_to_rgb([(h + degrees).rem_euclid(360.0), s, l])
    };
    match mode {
        FillGradient::None | FillGradient::Scheme => Vec::new(),
        FillGradient::Opacity => vec![(0.0, rgba(rgb, opacity)), (1.0, rgba(rgb, 0.0))],
        FillGradient::Hue => vec![
            (0.0, rgba(spin(rgb, -15.0), opacity)),
            (1.0, rgba(spin(rgb, 15.0), opacity)),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAN: f64 = f64::NAN;

    fn run(buf: &[f64], stride: usize, mode: Interpolation) -> Vec<f64> {
        let mut out = Vec::new();
        interpolate(buf, stride, mode, &mut out);
        out
    }

    #[test]
    fn steps_add_a_corner_between_samples_and_keep_gaps() {
        let line = [0.0, 10.0, 5.0, 20.0, NAN, NAN, 8.0, 1.0, 9.0, 2.0];
        let after = run(&line, 2, Interpolation::StepAfter);
        assert_eq!(&after[..6], &[0.0, 10.0, 5.0, 10.0, 5.0, 20.0]);
        assert!(after[6].is_nan() && after[7].is_nan());
        assert_eq!(&after[8..], &[8.0, 1.0, 9.0, 1.0, 9.0, 2.0]);
        let before = run(&line, 2, Interpolation::StepBefore);
        assert_eq!(&before[..6], &[0.0, 10.0, 0.0, 20.0, 5.0, 20.0]);
    }

    #[test]
    fn bands_step_top_and_base_together() {
        let band = [0.0, 10.0, 50.0, 4.0, 20.0, 40.0];
        assert_eq!(
            run(&band, 3, Interpolation::StepAfter),
            vec![0.0, 10.0, 50.0, 4.0, 10.0, 50.0, 4.0, 20.0, 40.0]
        );
    }

    #[test]
    fn smooth_passes_through_the_samples_without_overshooting() {
        let line = [0.0, 0.0, 10.0, 10.0, 20.0, 10.0, 30.0, 0.0];
        let out = run(&line, 2, Interpolation::Smooth);
        // Every sample is a vertex, in order, with curve points between them.
        let xs: Vec<f64> = out.chunks(2).map(|p| p[0]).collect();
        for sample in [0.0, 10.0, 20.0, 30.0] {
            assert!(xs.contains(&sample));
        }
        assert!(xs.windows(2).all(|w| w[0] < w[1]));
        assert!(out.len() > line.len() * 3);
        // Monotone: the flat top between 10 and 20 stays at 10, nothing leaves 0..10.
        for p in out.chunks(2) {
            assert!(p[1] > -1e-9 && p[1] < 10.0 + 1e-9, "{p:?}");
            if (10.0..=20.0).contains(&p[0]) {
                assert!((p[1] - 10.0).abs() < 1e-9, "{p:?}");
            }
        }
    }

    #[test]
    fn smooth_keeps_short_runs_and_dense_data_as_they_are() {
        let two = [0.0, 1.0, 10.0, 2.0];
        assert_eq!(run(&two, 2, Interpolation::Smooth), two.to_vec());
        let dense = [0.0, 1.0, 1.0, 2.0, 2.0, 1.0];
        assert_eq!(run(&dense, 2, Interpolation::Smooth), dense.to_vec());
        assert_eq!(run(&two, 2, Interpolation::Linear), two.to_vec());
    }

    #[test]
    fn scheme_stops_spread_a_continuous_scheme_over_the_range_and_thresholds_step() {
        use crate::dashboard::field_resolve::ValueGradient;
        // A 0..100 axis on a 100 px plot: value v is 1 - v/100 down from the top.
        let to_offset = |v: f64| 1.0 - v / 100.0;
        let continuous = ValueGradient {
            stops: vec![
                (0.0, "#00ff00".into()),
                (0.5, "#ffff00".into()),
                (1.0, "#ff0000".into()),
            ],
            percent: true,
            discrete: false,
            min: Some(0.0),
            max: None,
        };
        let stops = scheme_stops(&continuous, (0.0, 50.0), to_offset, 0.5);
        assert_eq!(
            stops,
            vec![
                (0.5, "rgba(255, 0, 0, 0.5)".to_string()),
                (0.75, "rgba(255, 255, 0, 0.5)".to_string()),
                (1.0, "rgba(0, 255, 0, 0.5)".to_string()),
            ]
        );
        let thresholds = ValueGradient {
            stops: vec![
                (f64::NEG_INFINITY, "#00ff00".into()),
                (80.0, "#ff0000".into()),
            ],
            percent: false,
            discrete: true,
            min: None,
            max: None,
        };
        let stops = scheme_stops(&thresholds, (0.0, 100.0), to_offset, 1.0);
        let offsets: Vec<f64> = stops
            .iter()
            .map(|s| (s.0 * 100.0).round() / 100.0)
            .collect();
        assert_eq!(offsets, vec![0.0, 0.2, 0.2, 1.0]);
        assert_eq!(stops[0].1, "rgba(255, 0, 0, 1)");
        assert_eq!(stops[3].1, "rgba(0, 255, 0, 1)");
    }

    #[test]
    fn opacity_gradient_fades_to_transparent_and_hue_turns() {
        assert_eq!(
            fill_stops("#73BF69", 0.2, FillGradient::Opacity),
            vec![
                (0.0, "rgba(115, 191, 105, 0.2)".to_string()),
                (1.0, "rgba(115, 191, 105, 0)".to_string())
            ]
        );
        let hue = fill_stops("#73BF69", 0.5, FillGradient::Hue);
        assert_eq!(hue.len(), 2);
        assert_ne!(hue[0].1, hue[1].1);
        assert!(fill_stops("#73BF69", 0.2, FillGradient::None).is_empty());
        assert!(fill_stops("var(--text)", 0.2, FillGradient::Opacity).is_empty());
    }
}
