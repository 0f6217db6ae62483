//! Axis ticks: the y axes' range and tick labels (linear with units, or logarithmic) and the
//! time axis' ticks (in a fixed offset or a zone's wall clock), built on `core::units` and
//! `core::time_ticks`.

use super::scale::{sane_range, YTransform};
use super::spec::{AxisSide, ChartSpec};
use crate::time_ticks::{time_ticks_in_zone, ZoneOffsets};
use crate::units;

/// A tick at `px` (x for the time axis, y for value axes) with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub px: f64,
    pub label: String,
}

/// A y axis' final range and its ticks as (value, label).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueAxis {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<(f64, String)>,
}

/// The y axis for data spanning `extent` (min > max when there is no data), with about
/// `count` ticks. An automatic end is rounded out to a tick; a fixed `y_min`/`y_max` is kept.
pub fn value_axis(
    extent: (f64, f64),
    transform: YTransform,
    count: usize,
    spec: &ChartSpec,
    side: AxisSide,
) -> ValueAxis {
    let unit = spec.unit_for(side);
    match transform {
        YTransform::Log { base } => log_axis(extent, base, unit, spec.decimals_for(side)),
        YTransform::Linear => linear_axis(extent, count, spec, side, unit),
    }
}

fn linear_axis(
    extent: (f64, f64),
    count: usize,
    spec: &ChartSpec,
    side: AxisSide,
    unit: &str,
) -> ValueAxis {
    let (lo, hi) = if extent.0 <= extent.1 {
        extent
    } else {
        (0.0, 1.0)
    };
    let (lo, hi) = sane_range(lo, hi, 1.0);
    let step = units::tick_step(hi - lo, count.max(1), unit);
    let fixed = |v: Option<f64>| v.filter(|v| v.is_finite());
    let (fixed_min, fixed_max) = spec.fixed_range(side);
    let min = fixed(fixed_min).unwrap_or_else(|| (lo / step).floor() * step);
    let max = fixed(fixed_max).unwrap_or_else(|| (hi / step).ceil() * step);
    let (min, max) = sane_range(min, max, 1.0);
    let mut ticks = Vec::new();
    let first = (min / step).ceil();
    let last = (max / step).floor();
    if (last - first).is_finite() && last - first < 100.0 {
        let mut k = first;
        while k <= last {
            // Multiply rather than accumulate so 0.1 steps do not drift into 0.30000000000000004.
            let v = k * step;
            let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
            ticks.push((
                v,
                units::format_tick(v, step, unit, spec.decimals_for(side)),
            ));
            k += 1.0;
        }
    }
    ValueAxis { min, max, ticks }
}

fn log_axis(extent: (f64, f64), base: f64, unit: &str, decimals: Option<u32>) -> ValueAxis {
    let positive = extent.0 > 0.0 && extent.0 <= extent.1 && extent.1.is_finite();
    let (lo, hi) = if positive { extent } else { (1.0, base) };
    let lo_exp = lo.log(base).floor().clamp(-300.0, 300.0);
    let mut hi_exp = hi.log(base).ceil().clamp(-300.0, 300.0);
    if hi_exp <= lo_exp {
        hi_exp = lo_exp + 1.0;
    }
    // Label every power when they fit, else every n-th so that at most ~10 labels show.
    let stride = ((hi_exp - lo_exp) / 10.0).ceil().max(1.0);
    let mut ticks = Vec::new();
    let mut e = lo_exp;
    while e <= hi_exp {
        let v = base.powf(e);
        ticks.push((v, units::format_value(v, unit, decimals)));
        e += stride;
    }
    ValueAxis {
        min: base.powf(lo_exp),
        max: base.powf(hi_exp),
        ticks,
    }
}

/// Time ticks as (epoch ms, label) for an axis `width_px` wide, at a fixed UTC offset.
pub fn time_axis(
    from_ms: f64,
    to_ms: f64,
    width_px: f64,
    utc_offset_minutes: i32,
) -> Vec<(f64, String)> {
    let zone = ZoneOffsets::fixed(utc_offset_minutes);
    time_axis_in_zone(from_ms, to_ms, width_px, &zone)
}

/// Time ticks as (epoch ms, label) on `zone`'s wall clock (the dashboard's `timezone`).
pub fn time_axis_in_zone(
    from_ms: f64,
    to_ms: f64,
    width_px: f64,
    zone: &ZoneOffsets,
) -> Vec<(f64, String)> {
    time_ticks_in_zone(from_ms, to_ms, width_px, zone)
        .ticks
        .into_iter()
        .map(|t| (t.time_ms, t.label))
        .collect()
}
