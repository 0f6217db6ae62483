//! Pure maths of the non-chart panels: reducers (Grafana's `reduceOptions.calcs`), CSV export
//! (tables are [`crate::transform`]), heatmap cells from `le` buckets and state-timeline segments.
//!
//! The single-value panels (stat, gauge, bar gauge, legacy singlestat) are in three parts:
//! [`reducers`] (every Grafana calc), [`value_mapping`] (value, range, regex and special
//! mappings, legacy `valueMaps`/`rangeMaps`) and [`single_value`] (what text, colour and
//! layout a reduced value is drawn with).

pub mod reducers;
pub mod repeat_grid;
pub mod single_panel;
pub mod single_value;
pub mod value_layout;
pub mod value_mapping;

use crate::frame::{Frame, Labels};
use crate::prometheus::format_sample_value;
use crate::time_range::civil_from_days;
use reducers::{Calc, Reducer};

/// Reduces a series' values with a Grafana calc id (aliases such as `avg`, `current`, `total`
/// included), with Grafana's semantics ([`reducers::reduce_field`]): `None` when Grafana's
/// result is null (no values, or none but NaN for the `NotNull` calcs); `last` of a series
/// ending in NaN is `Some(NaN)`, as Grafana shows `NaN`. Boolean calcs are 1 or 0. Unknown ids
/// fall back to `lastNotNull`, as Grafana shows something rather than nothing.
pub fn reduce(values: &[f64], calc: &str) -> Option<f64> {
    let reducer = Reducer::from_id(calc).unwrap_or(Reducer::LastNotNull);
    match reducers::reduce_series(values, reducer) {
        Calc::Number(v) => Some(v),
        Calc::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
        Calc::Null | Calc::Values(_) => None,
    }
}

/// Quotes a CSV field when it needs it (RFC 4180). A leading `=`, `+`, `-` or `@` is prefixed
/// with `'` so spreadsheets do not run label values as formulas.
pub fn csv_field(text: &str) -> String {
    let guarded = match text.chars().next() {
        Some('=' | '+' | '@') => format!("'{text}"),
        Some('-') if text.parse::<f64>().is_err() => format!("'{text}"),
        _ => text.to_string(),
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A frame as CSV joined on time: `Time` (ISO 8601 UTC) then one column per series (`names`,
/// falling back to the label set); missing samples are empty cells.
pub fn frame_csv(frame: &Frame, names: &[String]) -> String {
    let mut times: Vec<f64> = frame
        .series
        .iter()
        .flat_map(|s| s.times_ms.iter().copied())
        .filter(|t| t.is_finite())
        .collect();
    crate::sort::sort_by(&mut times, f64::total_cmp);
    times.dedup();
    let mut out = String::from("Time");
    for (i, series) in frame.series.iter().enumerate() {
        out.push(',');
        let name = names
            .get(i)
            .cloned()
            .unwrap_or_else(|| crate::legend::label_set_name(&series.labels));
        out.push_str(&csv_field(&name));
    }
    out.push('\n');
    let mut cursors = vec![0usize; frame.series.len()];
    for t in times {
        out.push_str(&iso_utc(t as i64));
        for (i, series) in frame.series.iter().enumerate() {
            out.push(',');
            let c = &mut cursors[i];
            while *c < series.times_ms.len() && series.times_ms[*c] < t {
                *c += 1;
            }
            if *c < series.times_ms.len() && series.times_ms[*c] == t {
                out.push_str(&format_sample_value(series.values[*c]));
            }
        }
        out.push('\n');
    }
    out
}

/// Epoch ms -> `2024-01-02T03:04:05.006Z`.
pub fn iso_utc(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// A heatmap from Prometheus histogram buckets: per bucket (ascending `le`) the count in that
/// bucket alone (cumulative counts de-accumulated), at each time of the first series.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Heatmap {
    pub times_ms: Vec<f64>,
    /// Bucket upper bounds as written (`0.1`, `+Inf`).
    pub bounds: Vec<String>,
    /// `cells[bucket][time]`.
    pub cells: Vec<Vec<f64>>,
    pub max: f64,
}

/// Builds the heatmap, summing series with the same `le` (other labels are aggregated away).
/// Series without `le` make an error naming the problem.
pub fn heatmap_from_buckets(frame: &Frame) -> Result<Heatmap, String> {
    let mut buckets: Vec<(f64, String, Vec<f64>, Vec<f64>)> = Vec::new();
    for series in &frame.series {
        let Some(le) = series.labels.get("le") else {
            return Err(format!(
                "heatmap needs histogram buckets: the series {} has no `le` label (query e.g. sum by (le) (rate(x_bucket[5m])))",
                crate::legend::label_set_name(&series.labels)
            ));
        };
        let bound = if le == "+Inf" {
            f64::INFINITY
        } else {
            le.parse::<f64>()
                .map_err(|_| format!("`le` value \"{le}\" is not a number"))?
        };
        match buckets.iter_mut().find(|b| b.1 == *le) {
            Some(b) => {
                for (i, v) in series.values.iter().enumerate() {
                    if let Some(slot) = b.3.get_mut(i) {
                        *slot += v;
                    }
                }
            }
            None => buckets.push((
                bound,
                le.clone(),
                series.times_ms.clone(),
                series.values.clone(),
            )),
        }
    }
    crate::sort::sort_by(&mut buckets, |a, b| a.0.total_cmp(&b.0));
    let times_ms = buckets.first().map(|b| b.2.clone()).unwrap_or_default();
    let mut cells: Vec<Vec<f64>> = Vec::with_capacity(buckets.len());
    let mut max = 0.0f64;
    for (i, b) in buckets.iter().enumerate() {
        let row: Vec<f64> = (0..times_ms.len())
            .map(|t| {
                let here = b.3.get(t).copied().unwrap_or(f64::NAN);
                let below = if i == 0 {
                    0.0
                } else {
                    buckets[i - 1].3.get(t).copied().unwrap_or(0.0)
                };
                (here - below).max(0.0)
            })
            .collect();
        max = row
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .fold(max, f64::max);
        cells.push(row);
    }
    Ok(Heatmap {
        times_ms,
        bounds: buckets.into_iter().map(|b| b.1).collect(),
        cells,
        max,
    })
}

/// One run of equal values in a state timeline: `[start_ms, end_ms)` and the value (NaN: no data).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub start_ms: f64,
    pub end_ms: f64,
    pub value: f64,
}

/// Merges consecutive equal samples into segments; each sample lasts until the next one, the
/// last until `end_ms`. A gap longer than `max_gap_ms` becomes a no-data (NaN) segment.
pub fn state_segments(times: &[f64], values: &[f64], end_ms: f64, max_gap_ms: f64) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let n = times.len().min(values.len());
    for i in 0..n {
        let (t, v) = (times[i], values[i]);
        let next = if i + 1 < n {
            times[i + 1]
        } else {
            end_ms.max(t)
        };
        let (until, gap) = if next - t > max_gap_ms {
            (t + max_gap_ms, Some(next))
        } else {
            (next, None)
        };
        match out.last_mut() {
            Some(last) if same_state(last.value, v) && last.end_ms >= t => last.end_ms = until,
            _ => out.push(Segment {
                start_ms: t,
                end_ms: until,
                value: v,
            }),
        }
        if let Some(gap_end) = gap {
            if i + 1 < n {
                out.push(Segment {
                    start_ms: until,
                    end_ms: gap_end,
                    value: f64::NAN,
                });
            }
        }
    }
    out
}

fn same_state(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

/// A label set for display: `a="b", c="d"` without the metric name.
pub fn labels_text(labels: &Labels) -> String {
    labels
        .iter()
        .filter(|(k, _)| k.as_str() != "__name__")
        .map(|(k, v)| format!("{k}=\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::series;

    #[test]
    fn reducers_skip_nan() {
        let v = [1.0, f64::NAN, 3.0, 2.0];
        assert_eq!(reduce(&v, "lastNotNull"), Some(2.0));
        assert_eq!(reduce(&v, "mean"), Some(2.0));
        assert_eq!(reduce(&v, "max"), Some(3.0));
        assert_eq!(reduce(&v, "min"), Some(1.0));
        assert_eq!(reduce(&v, "sum"), Some(6.0));
        // Grafana counts NaN (it is a value, not a null).
        assert_eq!(reduce(&v, "count"), Some(4.0));
        assert_eq!(reduce(&v, "range"), Some(2.0));
        assert!(reduce(&[1.0, f64::NAN], "last").is_some_and(f64::is_nan));
        assert_eq!(reduce(&[f64::NAN], "lastNotNull"), None);
        assert_eq!(reduce(&[], "mean"), None);
        // Grafana ≥ 12: after a counter reset neither the drop nor the next rise counts.
        assert_eq!(reduce(&[5.0, 8.0, 2.0, 4.0], "delta"), Some(3.0));
        assert_eq!(reduce(&[0.0, 0.0], "allIsZero"), Some(1.0));
        assert_eq!(reduce(&[1.0, 2.0], "no such calc"), Some(2.0));
        assert_eq!(reduce(&[5.0, 8.0], "diff"), Some(3.0));
    }

    #[test]
    fn csv_quotes_and_guards_formulas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("-1.5"), "-1.5");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn csv_joins_series_on_time() {
        let frame = Frame {
            series: vec![
                series(&[], &[(0.0, 1.0), (1000.0, 2.0)]),
                series(&[], &[(1000.0, f64::NAN)]),
            ],
            notices: vec![],
        };
        let csv = frame_csv(&frame, &["a".into(), "b".into()]);
        assert_eq!(
            csv,
            "Time,a,b\n1970-01-01T00:00:00.000Z,1,\n1970-01-01T00:00:01.000Z,2,NaN\n"
        );
        assert_eq!(iso_utc(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
    }

    #[test]
    fn heatmap_deaccumulates_buckets() {
        let frame = Frame {
            series: vec![
                series(&[("le", "+Inf")], &[(0.0, 10.0)]),
                series(&[("le", "0.1")], &[(0.0, 4.0)]),
                series(&[("le", "0.5")], &[(0.0, 7.0)]),
                series(&[("le", "0.5"), ("i", "b")], &[(0.0, 1.0)]),
            ],
            notices: vec![],
        };
        let h = heatmap_from_buckets(&frame).unwrap();
        assert_eq!(h.bounds, vec!["0.1", "0.5", "+Inf"]);
        assert_eq!(h.cells, vec![vec![4.0], vec![4.0], vec![2.0]]);
        assert_eq!(h.max, 4.0);
        let bad = Frame {
            series: vec![series(&[("job", "a")], &[(0.0, 1.0)])],
            notices: vec![],
        };
        assert!(heatmap_from_buckets(&bad)
            .unwrap_err()
            .contains("no `le` label"));
    }

    #[test]
    fn segments_merge_runs_and_mark_gaps() {
        let segs = state_segments(
            &[0.0, 10.0, 20.0, 100.0],
            &[1.0, 1.0, 0.0, 0.0],
            110.0,
            30.0,
        );
        assert_eq!(
            segs[0],
            Segment {
                start_ms: 0.0,
                end_ms: 20.0,
                value: 1.0
            }
        );
        assert_eq!(
            segs[1],
            Segment {
                start_ms: 20.0,
                end_ms: 50.0,
                value: 0.0
            }
        );
        assert!(segs[2].value.is_nan());
        assert_eq!((segs[2].start_ms, segs[2].end_ms), (50.0, 100.0));
        assert_eq!(
            segs[3],
            Segment {
                start_ms: 100.0,
                end_ms: 110.0,
                value: 0.0
            }
        );
    }
}
