//! Hover hit-testing: the sample of a series nearest to a time, by binary search on its times.

/// The index of the sample nearest to `t_ms` in ascending `times`, or `None` for no samples or a
/// NaN time. Ties go to the earlier sample.
pub fn nearest_index(times: &[f64], t_ms: f64) -> Option<usize> {
    if times.is_empty() || t_ms.is_nan() {
        return None;
    }
    let after = times.partition_point(|&t| t < t_ms);
    let candidates = [after.checked_sub(1), (after < times.len()).then_some(after)];
    candidates
        .into_iter()
        .flatten()
        .min_by(|&a, &b| distance(times[a], t_ms).total_cmp(&distance(times[b], t_ms)))
}

/// The nearest sample, but only if it lies within `max_distance_ms` of `t_ms`: a cursor over a
/// gap shows no value rather than one from far away.
pub fn nearest_within(times: &[f64], t_ms: f64, max_distance_ms: f64) -> Option<usize> {
    nearest_index(times, t_ms).filter(|&i| distance(times[i], t_ms) <= max_distance_ms)
}

fn distance(t: f64, target: f64) -> f64 {
    let d = (t - target).abs();
    if d.is_nan() {
        f64::INFINITY
    } else {
        d
    }
}

/// One series' entry in the tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct HoverSeries {
    /// Index of the series in the frame.
    pub index: usize,
    pub name: String,
    pub color: String,
    /// The raw sample value (not the stacked one); may be NaN or +/-Inf.
    pub value: f64,
    pub time_ms: f64,
    /// Where the marker goes on the overlay (stacked position); NaN when not drawable.
    pub y_px: f64,
    /// The unit and decimals of this series (its resolved field config; empty: none).
    pub unit: String,
    pub decimals: Option<u32>,
}

/// What the tooltip shows for a pointer position; the UI renders it as DOM text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HoverInfo {
    /// The time under the pointer.
    pub time_ms: f64,
    pub x_px: f64,
    pub series: Vec<HoverSeries>,
}

/// The series whose marker is nearest the pointer's height (Grafana's hovered series, whose
/// data links a pinned tooltip offers); markers that cannot be drawn are skipped.
pub fn closest_series(series: &[HoverSeries], pointer_y_px: f64) -> Option<&HoverSeries> {
    series.iter().filter(|s| s.y_px.is_finite()).min_by(|a, b| {
        (a.y_px - pointer_y_px)
            .abs()
            .total_cmp(&(b.y_px - pointer_y_px).abs())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_series_is_the_nearest_drawable_marker() {
        let at = |index: usize, y_px: f64| HoverSeries {
            index,
            name: format!("s{index}"),
            color: String::new(),
            value: 1.0,
            time_ms: 0.0,
            y_px,
            unit: String::new(),
            decimals: None,
        };
        let series = [at(0, 10.0), at(1, f64::NAN), at(2, 52.0), at(3, 90.0)];
        assert_eq!(closest_series(&series, 50.0).map(|s| s.index), Some(2));
        assert_eq!(closest_series(&series, 0.0).map(|s| s.index), Some(0));
        assert_eq!(closest_series(&series[1..2], 0.0), None);
    }

    #[test]
    fn finds_the_nearest_sample() {
        let t = [10.0, 20.0, 30.0];
        assert_eq!(nearest_index(&t, 0.0), Some(0));
        assert_eq!(nearest_index(&t, 14.0), Some(0));
        assert_eq!(nearest_index(&t, 15.0), Some(0));
        assert_eq!(nearest_index(&t, 16.0), Some(1));
        assert_eq!(nearest_index(&t, 20.0), Some(1));
        assert_eq!(nearest_index(&t, 99.0), Some(2));
    }

    #[test]
    fn empty_nan_and_infinite_inputs_are_safe() {
        assert_eq!(nearest_index(&[], 1.0), None);
        assert_eq!(nearest_index(&[1.0], f64::NAN), None);
        assert_eq!(nearest_index(&[1.0], f64::INFINITY), Some(0));
        assert!(nearest_index(&[f64::NAN, 2.0], 1.5).is_some());
    }

    #[test]
    fn far_samples_are_not_reported() {
        let t = [0.0, 100.0];
        assert_eq!(nearest_within(&t, 50.0, 10.0), None);
        assert_eq!(nearest_within(&t, 95.0, 10.0), Some(1));
    }

    #[test]
    fn binary_search_matches_a_linear_scan() {
        let times: Vec<f64> = (0..1000).map(|i| (i * i) as f64).collect();
        for probe in [-5.0, 0.4, 17.0, 5000.5, 998_001.0, 2.0e6] {
            let linear = (0..times.len()).min_by(|&a, &b| {
                (times[a] - probe)
                    .abs()
                    .total_cmp(&(times[b] - probe).abs())
            });
            assert_eq!(nearest_index(&times, probe), linear, "probe {probe}");
        }
    }
}
