//! The chart's text alternative: one short paragraph a screen reader reads after the panel
//! title. Series count and range, then per series its last, min and max with unit and its
//! [`trend`](super::trend), the thresholds the data reached, and the exemplars shown.

use super::trend::trend;
use super::SeriesText;
use crate::time_range::format_local;
use crate::units::format_value;

/// Series past this many are counted, not described: a summary is read in one go.
pub const MAX_DESCRIBED_SERIES: usize = 12;

/// What the summary describes besides the series.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryContext<'a> {
    /// The visible range, epoch ms.
    pub range: (f64, f64),
    pub utc_offset_min: i32,
    /// Threshold step values (the `-Infinity` base step is left out by the caller or here).
    pub thresholds: &'a [f64],
    /// The unit thresholds are written in (the panel's).
    pub threshold_unit: &'a str,
    pub threshold_decimals: Option<u32>,
    /// Exemplar dots drawn on the chart.
    pub exemplars: usize,
}

/// The summary text of `series` over `ctx.range`.
pub fn chart_summary(series: &[SeriesText], ctx: &SummaryContext) -> String {
    let mut out = format!(
        "{} series from {} to {}.",
        series.len(),
        format_local(ctx.range.0 as i64, ctx.utc_offset_min),
        format_local(ctx.range.1 as i64, ctx.utc_offset_min)
    );
    for s in series.iter().take(MAX_DESCRIBED_SERIES) {
        out.push(' ');
        out.push_str(&describe_series(s, ctx.range));
    }
    if series.len() > MAX_DESCRIBED_SERIES {
        out.push_str(&format!(
            " And {} more series (the table view lists them).",
            series.len() - MAX_DESCRIBED_SERIES
        ));
    }
    let crossed = thresholds_crossed(series, ctx);
    if !crossed.is_empty() {
        out.push_str(&format!(" Thresholds reached: {}.", crossed.join("; ")));
    } else if ctx.thresholds.iter().any(|t| t.is_finite()) {
        out.push_str(" No threshold reached.");
    }
    if ctx.exemplars > 0 {
        let plural = if ctx.exemplars == 1 { "" } else { "s" };
        out.push_str(&format!(" {} exemplar{plural}.", ctx.exemplars));
    }
    out
}

/// "name: last 3 %, min 1 %, max 4 %, rising." or "name: no data."
fn describe_series(s: &SeriesText, range: (f64, f64)) -> String {
    let values: Vec<f64> = s.finite_in(range).map(|(_, v)| v).collect();
    let Some(&last) = values.last() else {
        return format!("{}: no data.", s.name);
    };
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut text = format!(
        "{}: last {}, min {}, max {}",
        s.name,
        s.format(last),
        s.format(min),
        s.format(max)
    );
    if let Some(t) = trend(&values) {
        text.push_str(", ");
        text.push_str(t.as_str());
    }
    text.push('.');
    text
}

/// Each finite threshold some series reaches (max >= value, as Grafana colours a value from
/// its step on): "80 % by cpu, mem".
fn thresholds_crossed(series: &[SeriesText], ctx: &SummaryContext) -> Vec<String> {
    ctx.thresholds
        .iter()
        .filter(|t| t.is_finite())
        .filter_map(|&t| {
            let names: Vec<&str> = series
                .iter()
                .filter(|s| s.finite_in(ctx.range).any(|(_, v)| v >= t))
                .map(|s| s.name)
                .collect();
            (!names.is_empty()).then(|| {
                format!(
                    "{} by {}",
                    format_value(t, ctx.threshold_unit, ctx.threshold_decimals),
                    names.join(", ")
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: f64 = 1_764_547_200_000.0; // 2025-12-01 00:00:00 UTC

    fn series<'a>(name: &'a str, times: &'a [f64], values: &'a [f64]) -> SeriesText<'a> {
        SeriesText {
            name,
            times_ms: times,
            values,
            unit: "percent",
            decimals: Some(0),
        }
    }

    fn ctx(thresholds: &[f64], exemplars: usize) -> SummaryContext<'_> {
        SummaryContext {
            range: (T0, T0 + 300_000.0),
            utc_offset_min: 60,
            thresholds,
            threshold_unit: "percent",
            threshold_decimals: Some(0),
            exemplars,
        }
    }

    #[test]
    fn names_count_range_each_series_and_thresholds() {
        let times: Vec<f64> = (0..6).map(|i| T0 + f64::from(i) * 60_000.0).collect();
        let cpu = [10.0, 20.0, 30.0, 40.0, 85.0, 90.0];
        let mem = [50.0, 51.0, 50.0, 49.0, 50.0, 50.0];
        let text = chart_summary(
            &[series("cpu", &times, &cpu), series("mem", &times, &mem)],
            &ctx(&[f64::NEG_INFINITY, 80.0, 95.0], 3),
        );
        assert_eq!(
            text,
            "2 series from 2025-12-01 01:00:00 to 2025-12-01 01:05:00. \
             cpu: last 90%, min 10%, max 90%, rising. \
             mem: last 50%, min 49%, max 51%, flat. \
             Thresholds reached: 80% by cpu. 3 exemplars."
        );
    }

    #[test]
    fn samples_outside_the_range_and_gaps_are_not_counted() {
        let times = [T0 - 60_000.0, T0, T0 + 60_000.0, T0 + 400_000.0];
        let values = [1000.0, 5.0, f64::NAN, -1000.0];
        let text = chart_summary(&[series("a", &times, &values)], &ctx(&[99.0], 0));
        assert!(text.contains("a: last 5%, min 5%, max 5%."), "{text}");
        assert!(text.ends_with("No threshold reached."), "{text}");
    }

    #[test]
    fn an_empty_series_says_so_and_many_series_are_counted() {
        let many: Vec<String> = (0..15).map(|i| format!("s{i}")).collect();
        let list: Vec<SeriesText> = many.iter().map(|n| series(n, &[], &[])).collect();
        let text = chart_summary(&list, &ctx(&[], 1));
        assert!(text.starts_with("15 series"), "{text}");
        assert!(text.contains("s0: no data."), "{text}");
        assert!(!text.contains("s12:"), "{text}");
        assert!(text.contains("And 3 more series"), "{text}");
        assert!(text.ends_with(" 1 exemplar."), "{text}");
    }
}
