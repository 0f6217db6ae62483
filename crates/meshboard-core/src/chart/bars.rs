//! Bar geometry: slot width from the sample spacing, grouping of side-by-side series, rectangles.

use super::scale::{TimeScale, YScale};
use super::spec::BarAlignment;

/// Share of the sample spacing that the bars of one timestamp fill (the rest is the gap).
pub const BAR_FILL_RATIO: f64 = 0.8;

/// Width and x offset (from the sample's x) of one series' bars.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarSlot {
    pub width_px: f64,
    pub offset_px: f64,
}

/// The slot of series `group_index` of `group_count` side-by-side series, for samples
/// `spacing_px` apart; never narrower than `min_width_px` (one device pixel). `align` puts
/// the group of one time before, on or after that time (Grafana's `barAlignment`).
pub fn bar_slot(
    spacing_px: f64,
    group_index: usize,
    group_count: usize,
    min_width_px: f64,
    align: BarAlignment,
) -> BarSlot {
    let groups = group_count.max(1) as f64;
    let spacing = if spacing_px.is_finite() && spacing_px > 0.0 {
        spacing_px
    } else {
        min_width_px
    };
    let total = (spacing * BAR_FILL_RATIO).max(min_width_px);
    let width = (total / groups).max(min_width_px);
    let offset =
        total * align.lead() + group_index.min(group_count.saturating_sub(1)) as f64 * width;
    BarSlot {
        width_px: width,
        offset_px: offset,
    }
}

/// Appends one rectangle `[x, y, w, h]` per drawable sample: from `bases[k]` (or the scale's
/// baseline when `bases` is `None`) to `tops[k]`. Samples whose top is not drawable are skipped.
pub fn push_bar_rects(
    times: &[f64],
    tops: &[f64],
    bases: Option<&[f64]>,
    x_scale: &TimeScale,
    y_scale: &YScale,
    slot: BarSlot,
    out: &mut Vec<f64>,
) {
    let baseline = y_scale.baseline_px();
    for (k, (&t, &top)) in times.iter().zip(tops).enumerate() {
        let y_top = y_scale.to_px(top);
        let x = x_scale.to_px(t);
        if y_top.is_nan() || !x.is_finite() {
            continue;
        }
        let y_base = match bases.and_then(|b| b.get(k)) {
            Some(&b) => {
                let px = y_scale.to_px(b);
                if px.is_nan() {
                    baseline
                } else {
                    px
                }
            }
            None => baseline,
        };
        out.extend_from_slice(&[
            x + slot.offset_px,
            y_top.min(y_base),
            slot.width_px,
            (y_top - y_base).abs(),
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::scale::YTransform;

    #[test]
    fn side_by_side_slots_share_the_spacing() {
        let a = bar_slot(50.0, 0, 2, 1.0, BarAlignment::Center);
        let b = bar_slot(50.0, 1, 2, 1.0, BarAlignment::Center);
        assert_eq!(
            a,
            BarSlot {
                width_px: 20.0,
                offset_px: -20.0
            }
        );
        assert_eq!(
            b,
            BarSlot {
                width_px: 20.0,
                offset_px: 0.0
            }
        );
    }

    #[test]
    fn alignment_puts_the_bars_before_on_or_after_their_time() {
        // 50 px apart: one series' bar is 40 px wide.
        let at = |align| bar_slot(50.0, 0, 1, 1.0, align);
        assert_eq!(at(BarAlignment::Before).offset_px, -40.0);
        assert_eq!(at(BarAlignment::Center).offset_px, -20.0);
        assert_eq!(at(BarAlignment::After).offset_px, 0.0);
        // Side by side, the group moves as one: the second series follows the first.
        let second = bar_slot(50.0, 1, 2, 1.0, BarAlignment::After);
        assert_eq!(second.offset_px, 20.0);
        let second = bar_slot(50.0, 1, 2, 1.0, BarAlignment::Before);
        assert_eq!(second.offset_px, -20.0);
    }

    #[test]
    fn slots_never_vanish() {
        for spacing in [0.0, f64::NAN, -3.0, 0.1] {
            let s = bar_slot(spacing, 5, 0, 0.5, BarAlignment::After);
            assert!(s.width_px >= 0.5 && s.offset_px.is_finite());
        }
    }

    #[test]
    fn rects_grow_from_base_or_baseline() {
        let xs = TimeScale::new(0.0, 100.0, 0.0, 100.0);
        let ys = YScale::new(-10.0, 10.0, YTransform::Linear, 0.0, 20.0);
        let slot = BarSlot {
            width_px: 4.0,
            offset_px: -2.0,
        };
        let mut out = Vec::new();
        push_bar_rects(
            &[10.0, 20.0, 30.0],
            &[5.0, -5.0, f64::NAN],
            None,
            &xs,
            &ys,
            slot,
            &mut out,
        );
        assert_eq!(out, vec![8.0, 5.0, 4.0, 5.0, 18.0, 10.0, 4.0, 5.0]);
        out.clear();
        push_bar_rects(&[10.0], &[8.0], Some(&[5.0]), &xs, &ys, slot, &mut out);
        assert_eq!(out, vec![8.0, 2.0, 4.0, 3.0]);
    }
}
