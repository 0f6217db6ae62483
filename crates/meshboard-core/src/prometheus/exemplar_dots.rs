//! Exemplars as the chart draws them: one dot per trace, at the time and value the exemplar
//! was recorded with, carrying the trace id the click opens.

use super::api_types::ExemplarSeries;
use std::collections::HashSet;

/// Label names client libraries use for the trace id (OpenTelemetry and Prometheus clients
/// write `trace_id`; some tracers `traceID` or `traceId`).
const TRACE_ID_LABELS: [&str; 3] = ["trace_id", "traceID", "traceId"];

/// At most this many dots per panel: beyond it they cover the lines they annotate.
pub const MAX_DOTS: usize = 500;

/// One exemplar dot.
#[derive(Debug, Clone, PartialEq)]
pub struct ExemplarDot {
    pub time_ms: f64,
    pub value: f64,
    pub trace_id: String,
}

/// The dots of `series` inside `range_ms`, oldest first. A scrape that re-reports an exemplar
/// without its own timestamp stores it again at the next scrape time, and every series of a
/// histogram can carry the same trace: each trace becomes one dot, at its first sighting.
/// Exemplars without a trace id, or with a non-finite value, have nothing to open or to place.
pub fn exemplar_dots(series: &[ExemplarSeries], range_ms: (f64, f64)) -> Vec<ExemplarDot> {
    let mut all: Vec<ExemplarDot> = series
        .iter()
        .flat_map(|s| &s.exemplars)
        .filter(|e| e.value.is_finite() && (range_ms.0..=range_ms.1).contains(&e.time_ms))
        .filter_map(|e| {
            let trace_id = TRACE_ID_LABELS
                .iter()
                .find_map(|name| e.labels.get(*name))
                .filter(|id| !id.is_empty())?;
            Some(ExemplarDot {
                time_ms: e.time_ms,
                value: e.value,
                trace_id: trace_id.clone(),
            })
        })
        .collect();
    crate::sort::sort_by(&mut all, |a, b| a.time_ms.total_cmp(&b.time_ms));
    let mut seen = HashSet::new();
    all.retain(|dot| seen.insert(dot.trace_id.clone()));
    all.truncate(MAX_DOTS);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prometheus::{parse_exemplars, Exemplar};

    fn exemplar(trace: &str, value: f64, time_ms: f64) -> Exemplar {
        Exemplar {
            labels: [("trace_id".to_string(), trace.to_string())].into(),
            value,
            time_ms,
        }
    }

    #[test]
    fn one_dot_per_trace_at_its_first_sighting() {
        let series = vec![
            ExemplarSeries {
                series_labels: Default::default(),
                exemplars: vec![exemplar("b", 2.0, 3000.0), exemplar("a", 1.0, 2000.0)],
            },
            ExemplarSeries {
                series_labels: Default::default(),
                // The same trace re-reported by later scrapes and by another bucket series.
                exemplars: vec![exemplar("a", 1.0, 2500.0), exemplar("a", 1.0, 1000.0)],
            },
        ];
        let dots = exemplar_dots(&series, (0.0, 10_000.0));
        let summary: Vec<_> = dots
            .iter()
            .map(|d| (d.trace_id.as_str(), d.time_ms))
            .collect();
        assert_eq!(summary, [("a", 1000.0), ("b", 3000.0)]);
    }

    #[test]
    fn outside_the_range_without_trace_or_value_is_left_out() {
        let mut no_trace = exemplar("", 1.0, 2000.0);
        no_trace.labels = [("span_id".to_string(), "x".to_string())].into();
        let series = vec![ExemplarSeries {
            series_labels: Default::default(),
            exemplars: vec![
                exemplar("early", 1.0, 10.0),
                exemplar("nan", f64::NAN, 2000.0),
                no_trace,
                exemplar("", 1.0, 2000.0),
                exemplar("kept", 5.0, 2000.0),
            ],
        }];
        let dots = exemplar_dots(&series, (1000.0, 3000.0));
        assert_eq!(dots.len(), 1);
        assert_eq!(dots[0].trace_id, "kept");
    }

    #[test]
    fn reads_the_captured_prometheus_response() {
        let body = include_str!("../../../../tests/fixtures/prometheus/query_exemplars.json");
        let parsed = parse_exemplars(body).expect("the capture parses");
        let dots = exemplar_dots(&parsed.data, (0.0, f64::MAX));
        assert!(!dots.is_empty());
        assert!(dots.iter().all(|d| d.trace_id.len() == 32));
        assert!(dots.windows(2).all(|w| w[0].time_ms <= w[1].time_ms));
    }
}
