//! Whether a series is rising, falling or flat over the visible range, for the chart summary.
//!
//! The rule: compare the mean of the first third of the finite samples with the mean of the
//! last third. A change smaller than a third of the series' spread (max - min) is flat, so
//! noise around a level reads as flat, and a ramp or a step reads as a move.
//! Thirds rather than first and last samples keep one outlier at an end from deciding.

/// The direction a series moved in over the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Rising,
    Falling,
    Flat,
}

impl Trend {
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Rising => "rising",
            Trend::Falling => "falling",
            Trend::Flat => "flat",
        }
    }
}

/// A change below this share of the spread is flat.
pub const FLAT_SHARE_OF_SPREAD: f64 = 1.0 / 3.0;

/// The trend of `values` (NaN and infinities ignored); `None` with fewer than two samples.
pub fn trend(values: &[f64]) -> Option<Trend> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.len() < 2 {
        return None;
    }
    let third = (finite.len() / 3).max(1);
    let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
    let change = mean(&finite[finite.len() - third..]) - mean(&finite[..third]);
    let (min, max) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let spread = max - min;
    if spread <= 0.0 || change.abs() < FLAT_SHARE_OF_SPREAD * spread {
        return Some(Trend::Flat);
    }
    Some(if change > 0.0 {
        Trend::Rising
    } else {
        Trend::Falling
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ramp_rises_and_falls() {
        let up: Vec<f64> = (0..30).map(f64::from).collect();
        let down: Vec<f64> = up.iter().rev().copied().collect();
        assert_eq!(trend(&up), Some(Trend::Rising));
        assert_eq!(trend(&down), Some(Trend::Falling));
    }

    #[test]
    fn a_constant_and_noise_are_flat() {
        assert_eq!(trend(&[5.0; 10]), Some(Trend::Flat));
        let noise = [
            10.0, 12.0, 9.0, 11.0, 10.5, 9.5, 12.0, 10.0, 9.0, 11.0, 10.0, 10.5,
        ];
        assert_eq!(trend(&noise), Some(Trend::Flat));
    }

    #[test]
    fn a_step_up_in_the_middle_rises() {
        let step: Vec<f64> = (0..20).map(|i| if i < 10 { 1.0 } else { 3.0 }).collect();
        assert_eq!(trend(&step), Some(Trend::Rising));
    }

    #[test]
    fn one_outlier_at_the_end_does_not_decide() {
        let mut v = vec![10.0; 30];
        v[29] = 100.0;
        // The last third's mean moves by 9 of a spread of 90: under a third.
        assert_eq!(trend(&v), Some(Trend::Flat));
    }

    #[test]
    fn gaps_are_skipped_and_too_few_samples_have_no_trend() {
        assert_eq!(trend(&[f64::NAN, 1.0, f64::NAN, 4.0]), Some(Trend::Rising));
        assert_eq!(trend(&[1.0, f64::NAN]), None);
        assert_eq!(trend(&[]), None);
    }
}
