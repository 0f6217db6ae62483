//! Scales: mapping data (epoch ms, values) to CSS pixels and back, linear and logarithmic.

/// A linear map from time (epoch ms) to x pixels; `invert` is its inverse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeScale {
    pub from_ms: f64,
    pub to_ms: f64,
    pub left_px: f64,
    pub right_px: f64,
}

impl TimeScale {
    /// A degenerate or non-finite range is widened to one second so that maths never divides by 0.
    pub fn new(from_ms: f64, to_ms: f64, left_px: f64, right_px: f64) -> Self {
        let (from_ms, to_ms) = sane_range(from_ms, to_ms, 1000.0);
        TimeScale {
            from_ms,
            to_ms,
            left_px,
            right_px,
        }
    }

    pub fn px_per_ms(&self) -> f64 {
        (self.right_px - self.left_px) / (self.to_ms - self.from_ms)
    }

    pub fn to_px(&self, t_ms: f64) -> f64 {
        self.left_px + (t_ms - self.from_ms) * self.px_per_ms()
    }

    pub fn invert(&self, x_px: f64) -> f64 {
        let width = self.right_px - self.left_px;
        if width <= 0.0 {
            return self.from_ms;
        }
        self.from_ms + (x_px - self.left_px) / width * (self.to_ms - self.from_ms)
    }
}

/// Which transform a y scale applies before mapping linearly to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum YTransform {
    Linear,
    Log { base: f64 },
}

/// A map from values to y pixels (top of the plot is the maximum) for one y axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YScale {
    pub min: f64,
    pub max: f64,
    pub transform: YTransform,
    pub top_px: f64,
    pub bottom_px: f64,
}

impl YScale {
    pub fn new(min: f64, max: f64, transform: YTransform, top_px: f64, bottom_px: f64) -> Self {
        let (min, max) = match transform {
            YTransform::Linear => sane_range(min, max, 1.0),
            YTransform::Log { .. } => sane_log_range(min, max),
        };
        YScale {
            min,
            max,
            transform,
            top_px,
            bottom_px,
        }
    }

    fn forward(&self, v: f64) -> f64 {
        match self.transform {
            YTransform::Linear => v,
            YTransform::Log { base } => {
                if v > 0.0 {
                    v.log(base)
                } else {
                    f64::NAN
                }
            }
        }
    }

    /// The pixel of `v`; NaN when the value cannot be shown (NaN, or <= 0 on a log scale).
    /// +/-Inf map to far outside the plot, which the clip region cuts off.
    pub fn to_px(&self, v: f64) -> f64 {
        let lo = self.forward(self.min);
        let hi = self.forward(self.max);
        let f = (self.forward(v) - lo) / (hi - lo);
        let px = self.bottom_px - f * (self.bottom_px - self.top_px);
        // Keep huge values finite so canvas does not drop the vertex; far off-plot is enough.
        if px.is_nan() {
            f64::NAN
        } else {
            px.clamp(-1.0e6, 1.0e6)
        }
    }

    pub fn invert(&self, y_px: f64) -> f64 {
        let height = self.bottom_px - self.top_px;
        if height <= 0.0 {
            return self.min;
        }
        let f = (self.bottom_px - y_px) / height;
        match self.transform {
            YTransform::Linear => self.min + f * (self.max - self.min),
            YTransform::Log { base } => {
                let lo = self.min.log(base);
                let hi = self.max.log(base);
                base.powf(lo + f * (hi - lo))
            }
        }
    }

    /// The pixel of the baseline that fills and bars grow from: 0 if visible, else the nearest edge.
    pub fn baseline_px(&self) -> f64 {
        match self.transform {
            YTransform::Log { .. } => self.bottom_px,
            YTransform::Linear => {
                if self.min >= 0.0 {
                    self.bottom_px
                } else if self.max <= 0.0 {
                    self.top_px
                } else {
                    self.to_px(0.0)
                }
            }
        }
    }
}

/// A finite, non-empty range: NaN/Inf ends are replaced and an empty range is widened around its value.
pub fn sane_range(min: f64, max: f64, default_span: f64) -> (f64, f64) {
    let (mut lo, mut hi) = match (min.is_finite(), max.is_finite()) {
        (true, true) => (min.min(max), min.max(max)),
        (true, false) => (min, min + default_span),
        (false, true) => (max - default_span, max),
        (false, false) => (0.0, default_span),
    };
    if hi - lo <= 0.0 || !(hi - lo).is_finite() {
        let half = if lo == 0.0 {
            default_span / 2.0
        } else {
            lo.abs() * 0.1
        };
        lo -= half;
        hi += half;
    }
    if !(hi - lo).is_finite() {
        // Both ends near f64::MAX with opposite signs: fall back to something drawable.
        return (0.0, default_span);
    }
    (lo, hi)
}

fn sane_log_range(min: f64, max: f64) -> (f64, f64) {
    let lo = if min.is_finite() && min > 0.0 {
        min
    } else {
        1.0
    };
    let hi = if max.is_finite() && max > lo {
        max
    } else {
        lo * 10.0
    };
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_scale_round_trips() {
        let s = TimeScale::new(1000.0, 2000.0, 50.0, 550.0);
        assert_eq!(s.to_px(1000.0), 50.0);
        assert_eq!(s.to_px(2000.0), 550.0);
        assert_eq!(s.to_px(1500.0), 300.0);
        assert_eq!(s.invert(300.0), 1500.0);
    }

    #[test]
    fn time_scale_survives_degenerate_ranges() {
        for (a, b) in [
            (5.0, 5.0),
            (f64::NAN, 1.0),
            (f64::INFINITY, f64::NEG_INFINITY),
        ] {
            let s = TimeScale::new(a, b, 0.0, 100.0);
            assert!(s.px_per_ms().is_finite() && s.px_per_ms() > 0.0);
        }
        let zero_width = TimeScale::new(0.0, 10.0, 20.0, 20.0);
        assert_eq!(zero_width.invert(20.0), 0.0);
    }

    #[test]
    fn linear_y_puts_max_on_top() {
        let s = YScale::new(0.0, 100.0, YTransform::Linear, 10.0, 110.0);
        assert_eq!(s.to_px(0.0), 110.0);
        assert_eq!(s.to_px(100.0), 10.0);
        assert_eq!(s.to_px(50.0), 60.0);
        assert_eq!(s.invert(60.0), 50.0);
        assert!(s.to_px(f64::NAN).is_nan());
        assert_eq!(s.to_px(f64::INFINITY), -1.0e6);
    }

    #[test]
    fn log_y_spaces_decades_evenly() {
        let s = YScale::new(1.0, 1000.0, YTransform::Log { base: 10.0 }, 0.0, 300.0);
        assert!((s.to_px(10.0) - 200.0).abs() < 1e-9);
        assert!((s.to_px(100.0) - 100.0).abs() < 1e-9);
        assert!(s.to_px(0.0).is_nan());
        assert!(s.to_px(-5.0).is_nan());
        assert!((s.invert(100.0) - 100.0).abs() < 1e-9);
        assert_eq!(s.baseline_px(), 300.0);
    }

    #[test]
    fn log_y_repairs_non_positive_ranges() {
        let s = YScale::new(-5.0, 0.0, YTransform::Log { base: 2.0 }, 0.0, 100.0);
        assert!(s.min > 0.0 && s.max > s.min);
    }

    #[test]
    fn baseline_is_zero_or_the_nearest_edge() {
        let mixed = YScale::new(-50.0, 50.0, YTransform::Linear, 0.0, 100.0);
        assert_eq!(mixed.baseline_px(), 50.0);
        let negative = YScale::new(-50.0, -10.0, YTransform::Linear, 0.0, 100.0);
        assert_eq!(negative.baseline_px(), 0.0);
        let positive = YScale::new(10.0, 50.0, YTransform::Linear, 0.0, 100.0);
        assert_eq!(positive.baseline_px(), 100.0);
    }

    #[test]
    fn sane_range_widens_and_repairs() {
        assert_eq!(sane_range(3.0, 1.0, 1.0), (1.0, 3.0));
        assert_eq!(sane_range(0.0, 0.0, 1.0), (-0.5, 0.5));
        assert_eq!(sane_range(10.0, 10.0, 1.0), (9.0, 11.0));
        assert_eq!(sane_range(f64::NAN, f64::NAN, 1.0), (0.0, 1.0));
        assert_eq!(sane_range(-f64::MAX, f64::MAX, 1.0), (0.0, 1.0));
    }
}
