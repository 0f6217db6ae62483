//! Legend statistics: the `calcs` a legend shows per series (every Grafana reducer, with
//! Grafana's semantics, over the samples the query returned), and the chart's own last, min,
//! max and mean over the visible time range.

use crate::panel_calc::reducers::{reduce_series, Calc, Reducer};

/// Each of `reducers` over one series' samples, as Grafana's legend computes its calcs
/// (`reduceField` over the field; a Prometheus series has no nulls, NaN is a value).
pub fn legend_calcs(values: &[f64], reducers: &[Reducer]) -> Vec<Calc> {
    reducers.iter().map(|r| reduce_series(values, *r)).collect()
}

/// The values a legend table shows for one series. `None` when the series has no sample
/// (other than NaN) in the range.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LegendStats {
    pub last: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mean: Option<f64>,
    /// Samples counted (NaN samples are not).
    pub count: usize,
}

/// Stats over the samples with `from_ms <= t <= to_ms`; NaN samples are skipped, +/-Inf count.
pub fn legend_stats(times: &[f64], values: &[f64], from_ms: f64, to_ms: f64) -> LegendStats {
    let n = times.len().min(values.len());
    let start = times[..n].partition_point(|&t| t < from_ms);
    let end = times[..n].partition_point(|&t| t <= to_ms).max(start);
    let mut stats = LegendStats::default();
    let mut sum = 0.0;
    for &v in &values[start..end] {
        if v.is_nan() {
            continue;
        }
        stats.count += 1;
        stats.last = Some(v);
        stats.min = Some(stats.min.map_or(v, |m: f64| m.min(v)));
        stats.max = Some(stats.max.map_or(v, |m: f64| m.max(v)));
        sum += v;
    }
    if stats.count > 0 {
        stats.mean = Some(sum / stats.count as f64);
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_cover_only_the_range_and_skip_nan() {
        let t = [0.0, 10.0, 20.0, 30.0, 40.0];
        let v = [100.0, 1.0, f64::NAN, 3.0, 100.0];
        let s = legend_stats(&t, &v, 5.0, 35.0);
        assert_eq!(
            s,
            LegendStats {
                last: Some(3.0),
                min: Some(1.0),
                max: Some(3.0),
                mean: Some(2.0),
                count: 2
            }
        );
    }

    #[test]
    fn empty_and_all_nan_give_none() {
        assert_eq!(legend_stats(&[], &[], 0.0, 1.0), LegendStats::default());
        let s = legend_stats(&[1.0, 2.0], &[f64::NAN, f64::NAN], 0.0, 10.0);
        assert_eq!(s.last, None);
        assert_eq!(s.count, 0);
        // Reversed range and mismatched lengths do not panic.
        assert_eq!(legend_stats(&[1.0, 2.0, 3.0], &[1.0], 10.0, 0.0).count, 0);
    }

    #[test]
    fn legend_calcs_are_grafana_reducers() {
        let calcs = legend_calcs(
            &[2.0, 4.0, 1.0, 5.0],
            &[
                Reducer::Mean,
                Reducer::Max,
                Reducer::LastNotNull,
                Reducer::Count,
                Reducer::Sum,
            ],
        );
        let numbers: Vec<Option<f64>> = calcs.iter().map(Calc::number).collect();
        assert_eq!(
            numbers,
            vec![Some(3.0), Some(5.0), Some(5.0), Some(4.0), Some(12.0)]
        );
        assert_eq!(legend_calcs(&[], &[Reducer::Mean]), vec![Calc::Null]);
    }

    #[test]
    fn infinities_are_kept() {
        let s = legend_stats(&[1.0, 2.0], &[1.0, f64::INFINITY], 0.0, 10.0);
        assert_eq!(s.max, Some(f64::INFINITY));
        assert_eq!(s.last, Some(f64::INFINITY));
    }
}
