//! Pure helpers of the trace pages: result sorting, the scatter plot's geometry, duration
//! inputs, a trace view's find bar, the logs link for a trace, timeline hit-testing and the
//! `traces` panel's target; the search form's and the panel's query plans are in
//! [`search_form`] and [`panel_search`].

pub mod panel_search;
pub mod search_form;

use crate::loki::logql::logs_for_trace_query;
use crate::trace::{SpanFilter, TraceSummary};
use crate::url_state::percent_encode;
use serde_json::Value;

/// The stream selector of the "logs for this trace" link: every devstack log stream carries
/// `job`, and the trace id is in the line itself, so the line filter does the narrowing.
pub const LOGS_SELECTOR: &str = r#"{job=~".+"}"#;

/// Margin around a trace's time range for its logs: log lines are written a little before a
/// span starts and after it ends, and clocks differ between hosts.
pub const LOGS_MARGIN_MS: i64 = 60_000;

/// A column of the search results list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Start,
    Duration,
    Spans,
    Services,
    Errors,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Start,
        SortKey::Duration,
        SortKey::Spans,
        SortKey::Services,
        SortKey::Errors,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Start => "Start",
            SortKey::Duration => "Duration",
            SortKey::Spans => "Spans",
            SortKey::Services => "Services",
            SortKey::Errors => "Errors",
        }
    }
}

/// Display order of `rows` for a column; ties keep trace id order so the list never jumps.
pub fn sort_order(rows: &[TraceSummary], key: SortKey, descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let value = |s: &TraceSummary| -> i64 {
        match key {
            SortKey::Start => s.start_us,
            SortKey::Duration => s.duration_us,
            SortKey::Spans => s.span_count as i64,
            SortKey::Services => s.service_count() as i64,
            SortKey::Errors => s.error_count as i64,
        }
    };
    crate::sort::sort_by(&mut order, |&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        let primary = if descending {
            value(rb).cmp(&value(ra))
        } else {
            value(ra).cmp(&value(rb))
        };
        primary.then_with(|| ra.trace_id.cmp(&rb.trace_id))
    });
    order
}

/// A duration box (`150us`, `1.5ms`, `2s`, `1m`): `Ok(None)` when empty, an error saying
/// what is expected otherwise. A bare number is read as milliseconds, as in Jaeger's UI hint.
pub fn parse_duration_us(text: &str) -> Result<Option<i64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let factor = match unit.trim() {
        "us" | "µs" => 1.0,
        "" | "ms" => 1_000.0,
        "s" => 1_000_000.0,
        "m" => 60_000_000.0,
        "h" => 3_600_000_000.0,
        _ => {
            return Err(format!(
                "`{text}` is not a duration: use 500us, 1.5ms, 2s or 1m"
            ))
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration: use 500us, 1.5ms, 2s or 1m"))?;
    Ok(Some((value * factor).round() as i64))
}

/// The span filter of a trace view's find bar (free text, a service from the list, a minimum
/// duration box), and the duration box's complaint if it holds no duration (the other fields
/// still filter meanwhile).
pub fn find_bar_filter(
    text: &str,
    service: &str,
    min_duration: &str,
) -> (SpanFilter, Option<String>) {
    let min = parse_duration_us(min_duration);
    let filter = SpanFilter {
        text: text.to_string(),
        service: Some(service.to_string()).filter(|s| !s.is_empty()),
        min_duration_us: min.clone().ok().flatten(),
        ..SpanFilter::default()
    };
    (filter, min.err())
}

/// `/explore/logs?query=..&from=..&to=..` for a trace (or one span) between two instants
/// in µs, widened by [`LOGS_MARGIN_MS`].
pub fn logs_link(trace_id: &str, start_us: i64, end_us: i64) -> String {
    let query = logs_for_trace_query(LOGS_SELECTOR, trace_id);
    let from = start_us.div_euclid(1_000) - LOGS_MARGIN_MS;
    let to = end_us.div_euclid(1_000) + 1 + LOGS_MARGIN_MS;
    format!(
        "/explore/logs?query={}&from={from}&to={to}",
        percent_encode(&query)
    )
}

/// A plausible trace id (what the "open by id" box accepts): 1 to 32 hex digits.
pub fn is_trace_id(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.len() <= 32 && text.chars().all(|c| c.is_ascii_hexdigit())
}

/// Where the dots of the duration-over-time scatter plot go.
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterLayout {
    /// Per input point, in pixels.
    pub points: Vec<(f64, f64)>,
    pub min_start_us: i64,
    pub max_start_us: i64,
    pub max_duration_us: i64,
}

/// Lays `(start_us, duration_us)` points out over `width` × `height` with `pad` pixels on
/// each side: time left to right, duration bottom (0) to top (the longest).
pub fn scatter_layout(points: &[(i64, i64)], width: f64, height: f64, pad: f64) -> ScatterLayout {
    let min_start = points.iter().map(|p| p.0).min().unwrap_or(0);
    let max_start = points.iter().map(|p| p.0).max().unwrap_or(0);
    let max_duration = points.iter().map(|p| p.1).max().unwrap_or(0).max(1);
    let inner_w = (width - 2.0 * pad).max(1.0);
    let inner_h = (height - 2.0 * pad).max(1.0);
    let span = (max_start - min_start) as f64;
    let placed = points
        .iter()
        .map(|&(start, duration)| {
            let fx = if span > 0.0 {
                (start - min_start) as f64 / span
            } else {
                0.5
            };
            let fy = duration.max(0) as f64 / max_duration as f64;
            (pad + fx * inner_w, pad + (1.0 - fy) * inner_h)
        })
        .collect();
    ScatterLayout {
        points: placed,
        min_start_us: min_start,
        max_start_us: max_start,
        max_duration_us: max_duration,
    }
}

/// The point nearest to `(x, y)` within `radius` pixels.
pub fn nearest_point(points: &[(f64, f64)], x: f64, y: f64, radius: f64) -> Option<usize> {
    points
        .iter()
        .enumerate()
        .map(|(i, &(px, py))| (i, (px - x).powi(2) + (py - y).powi(2)))
        .filter(|&(_, d)| d <= radius * radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The timeline row under a pixel `y` of the scrolled content, if there is one.
pub fn row_at(content_y: f64, row_height: f64, total_rows: usize) -> Option<usize> {
    if content_y.is_nan() || content_y < 0.0 || row_height <= 0.0 {
        return None;
    }
    let row = (content_y / row_height).floor() as usize;
    (row < total_rows).then_some(row)
}

/// The service and operation a `traces` panel's target asks for: Grafana's Jaeger target
/// has `service`/`operation` (search) or `query` (a trace id, or here also a service name).
pub fn panel_target_search(raw: &Value) -> (Option<String>, Option<String>) {
    let text = |key: &str| {
        raw.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let service = text("service")
        .or_else(|| text("query"))
        .or_else(|| text("expr"));
    (service, text("operation"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn summary(id: &str, start: i64, duration: i64, spans: usize, errors: usize) -> TraceSummary {
        TraceSummary {
            trace_id: id.into(),
            root_service: "s".into(),
            root_operation: "o".into(),
            start_us: start,
            duration_us: duration,
            span_count: spans,
            services: BTreeMap::from([("s".to_string(), spans)]),
            depth: 1,
            error_count: errors,
            orphan_count: 0,
        }
    }

    #[test]
    fn sorts_by_each_column_with_stable_ties() {
        let rows = vec![
            summary("b", 3, 10, 5, 0),
            summary("a", 1, 30, 5, 2),
            summary("c", 2, 20, 1, 0),
        ];
        assert_eq!(sort_order(&rows, SortKey::Start, false), vec![1, 2, 0]);
        assert_eq!(sort_order(&rows, SortKey::Duration, true), vec![1, 2, 0]);
        assert_eq!(sort_order(&rows, SortKey::Spans, true), vec![1, 0, 2]);
        assert_eq!(sort_order(&rows, SortKey::Errors, true), vec![1, 0, 2]);
        assert_eq!(sort_order(&rows, SortKey::Services, false), vec![1, 0, 2]);
        assert!(sort_order(&[], SortKey::Start, true).is_empty());
    }

    #[test]
    fn parses_duration_boxes() {
        assert_eq!(parse_duration_us(""), Ok(None));
        assert_eq!(parse_duration_us("150us"), Ok(Some(150)));
        assert_eq!(parse_duration_us("1.5ms"), Ok(Some(1_500)));
        assert_eq!(parse_duration_us(" 2s "), Ok(Some(2_000_000)));
        assert_eq!(parse_duration_us("1m"), Ok(Some(60_000_000)));
        assert_eq!(parse_duration_us("20"), Ok(Some(20_000)));
        assert!(parse_duration_us("fast").is_err());
        assert!(parse_duration_us("2 weeks").is_err());
    }

    #[test]
    fn find_bar_reads_its_three_inputs() {
        let (filter, problem) = find_bar_filter("db error", "", "");
        assert_eq!(filter.text, "db error");
        assert_eq!(
            (filter.service, filter.min_duration_us, problem),
            (None, None, None)
        );
        let (filter, problem) = find_bar_filter("", "mysql", "5ms");
        assert_eq!(filter.service.as_deref(), Some("mysql"));
        assert_eq!(filter.min_duration_us, Some(5_000));
        assert!(problem.is_none() && !filter.is_empty());
        // A bad duration is reported and does not filter; the rest still does.
        let (filter, problem) = find_bar_filter("", "mysql", "soon");
        assert_eq!(filter.min_duration_us, None);
        assert_eq!(filter.service.as_deref(), Some("mysql"));
        assert!(problem.is_some_and(|p| p.contains("`soon` is not a duration")));
        assert!(find_bar_filter("  ", "", "").0.is_empty());
    }

    #[test]
    fn builds_the_logs_link() {
        let link = logs_link("abc123", 1_700_000_000_000_500, 1_700_000_001_000_000);
        assert_eq!(
            link,
            "/explore/logs?query=%7Bjob%3D~%22.%2B%22%7D%20%7C%3D%20%22abc123%22&from=1699999940000&to=1700000061001"
        );
    }

    #[test]
    fn lays_out_the_scatter_plot() {
        let layout = scatter_layout(&[(0, 0), (100, 50), (200, 100)], 220.0, 120.0, 10.0);
        assert_eq!(
            layout.points,
            vec![(10.0, 110.0), (110.0, 60.0), (210.0, 10.0)]
        );
        assert_eq!(nearest_point(&layout.points, 108.0, 62.0, 6.0), Some(1));
        assert_eq!(nearest_point(&layout.points, 50.0, 50.0, 6.0), None);
        let single = scatter_layout(&[(5, 0)], 100.0, 100.0, 0.0);
        assert_eq!(single.points, vec![(50.0, 100.0)]);
        assert!(scatter_layout(&[], 10.0, 10.0, 1.0).points.is_empty());
    }

    #[test]
    fn hit_tests_rows_and_reads_targets() {
        assert_eq!(row_at(45.0, 20.0, 10), Some(2));
        assert_eq!(row_at(200.0, 20.0, 10), None);
        assert_eq!(row_at(-1.0, 20.0, 10), None);
        assert_eq!(row_at(f64::NAN, 20.0, 10), None);
        assert!(is_trace_id("5915e2d0f3575298"));
        assert!(!is_trace_id("xyz"));
        assert!(!is_trace_id(""));
        let target = serde_json::json!({"queryType": "search", "service": "fedzk-coordinator", "operation": "fl_round"});
        assert_eq!(
            panel_target_search(&target),
            (Some("fedzk-coordinator".into()), Some("fl_round".into()))
        );
        assert_eq!(
            panel_target_search(&serde_json::json!({"query": " agent-mesh "})),
            (Some("agent-mesh".into()), None)
        );
    }
}
