//! Request builders for Loki's HTTP API: path plus query string, relative to the datasource.
//!
//! Timestamps go out as exact integer nanoseconds; `step` and `interval` as seconds.

use super::time::NsTime;

/// Loki's default `limit` for log queries.
pub const DEFAULT_LIMIT: u32 = 100;
/// Loki's default server cap (`max_entries_limit_per_query`).
pub const MAX_LIMIT: u32 = 5000;

/// Sort order of log lines: Loki's `direction` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    Forward,
    /// Newest first: Loki's default.
    #[default]
    Backward,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Forward => "forward",
            Direction::Backward => "backward",
        }
    }

    pub fn parse(text: &str) -> Option<Direction> {
        match text.to_ascii_lowercase().as_str() {
            "forward" | "asc" | "ascending" | "oldest" => Some(Direction::Forward),
            "backward" | "desc" | "descending" | "newest" => Some(Direction::Backward),
            _ => None,
        }
    }
}

/// `query_range` parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RangeQuery {
    pub query: String,
    pub start: NsTime,
    pub end: NsTime,
    pub limit: Option<u32>,
    pub direction: Direction,
    /// Resolution of metric queries, seconds.
    pub step_seconds: Option<f64>,
    /// Only return entries at this interval (log queries), seconds.
    pub interval_seconds: Option<f64>,
}

/// `query` (instant) parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InstantQuery {
    pub query: String,
    pub time: NsTime,
    pub limit: Option<u32>,
    pub direction: Direction,
}

/// Percent-encodes a URL component (everything but RFC 3986's unreserved characters).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// An ordered query string under construction.
#[derive(Debug, Clone, Default)]
pub struct QueryString {
    encoded: String,
}

impl QueryString {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, key: &str, value: &str) -> &mut Self {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        self.encoded.push_str(&encode_component(key));
        self.encoded.push('=');
        self.encoded.push_str(&encode_component(value));
        self
    }

    pub fn push_opt(&mut self, key: &str, value: Option<String>) -> &mut Self {
        if let Some(value) = value {
            self.push(key, &value);
        }
        self
    }

    /// `path?query`, or just `path` when there are no parameters.
    pub fn with_path(&self, path: &str) -> String {
        if self.encoded.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", self.encoded)
        }
    }
}

/// Seconds as Loki reads them: `15`, `0.5` (no exponent, no trailing zeros).
pub fn format_seconds(seconds: f64) -> String {
    if !seconds.is_finite() || seconds <= 0.0 {
        return "1".to_string();
    }
    if seconds.fract() == 0.0 && seconds < 1e15 {
        return format!("{}", seconds as i64);
    }
    let text = format!("{seconds:.6}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn clamp_limit(limit: Option<u32>) -> Option<String> {
    limit.map(|l| l.clamp(1, MAX_LIMIT).to_string())
}

pub fn query_range_path(q: &RangeQuery) -> String {
    let mut qs = QueryString::new();
    qs.push("query", &q.query)
        .push("start", &q.start.to_string())
        .push("end", &q.end.to_string())
        .push_opt("limit", clamp_limit(q.limit))
        .push("direction", q.direction.as_str())
        .push_opt("step", q.step_seconds.map(format_seconds))
        .push_opt("interval", q.interval_seconds.map(format_seconds));
    qs.with_path("/loki/api/v1/query_range")
}

pub fn instant_query_path(q: &InstantQuery) -> String {
    let mut qs = QueryString::new();
    qs.push("query", &q.query)
        .push("time", &q.time.to_string())
        .push_opt("limit", clamp_limit(q.limit))
        .push("direction", q.direction.as_str());
    qs.with_path("/loki/api/v1/query")
}

fn range_params(start: NsTime, end: NsTime, query: Option<&str>) -> QueryString {
    let mut qs = QueryString::new();
    qs.push("start", &start.to_string())
        .push("end", &end.to_string());
    if let Some(query) = query.filter(|q| !q.trim().is_empty()) {
        qs.push("query", query);
    }
    qs
}

/// `labels`, optionally restricted to the streams of a selector.
pub fn labels_path(start: NsTime, end: NsTime, query: Option<&str>) -> String {
    range_params(start, end, query).with_path("/loki/api/v1/labels")
}

/// `label/<name>/values`.
pub fn label_values_path(name: &str, start: NsTime, end: NsTime, query: Option<&str>) -> String {
    let path = format!("/loki/api/v1/label/{}/values", encode_component(name));
    range_params(start, end, query).with_path(&path)
}

/// `series` for one or more selectors (`match[]` repeated).
pub fn series_path(selectors: &[&str], start: NsTime, end: NsTime) -> String {
    let mut qs = QueryString::new();
    for selector in selectors {
        qs.push("match[]", selector);
    }
    qs.push("start", &start.to_string())
        .push("end", &end.to_string());
    qs.with_path("/loki/api/v1/series")
}

/// `index/volume` (total bytes per series) parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VolumeQuery {
    pub query: String,
    pub start: NsTime,
    pub end: NsTime,
    pub limit: Option<u32>,
    pub target_labels: Vec<String>,
    /// `series` or `labels`.
    pub aggregate_by: Option<String>,
}

pub fn volume_path(q: &VolumeQuery) -> String {
    volume_params(q).with_path("/loki/api/v1/index/volume")
}

/// `index/volume_range`: the same with a `step` (seconds).
pub fn volume_range_path(q: &VolumeQuery, step_seconds: f64) -> String {
    let mut qs = volume_params(q);
    qs.push("step", &format_seconds(step_seconds));
    qs.with_path("/loki/api/v1/index/volume_range")
}

fn volume_params(q: &VolumeQuery) -> QueryString {
    let mut qs = QueryString::new();
    qs.push("query", &q.query)
        .push("start", &q.start.to_string())
        .push("end", &q.end.to_string())
        .push_opt("limit", q.limit.map(|l| l.to_string()));
    if !q.target_labels.is_empty() {
        qs.push("targetLabels", &q.target_labels.join(","));
    }
    qs.push_opt("aggregateBy", q.aggregate_by.clone());
    qs
}

/// The tail websocket's path (the `api` layer turns the scheme into `ws:`/`wss:`).
pub fn tail_path(
    query: &str,
    start: NsTime,
    limit: Option<u32>,
    delay_for_seconds: Option<u32>,
) -> String {
    let mut qs = QueryString::new();
    qs.push("query", query)
        .push("start", &start.to_string())
        .push_opt("limit", clamp_limit(limit))
        .push_opt("delay_for", delay_for_seconds.map(|d| d.min(5).to_string()));
    qs.with_path("/loki/api/v1/tail")
}

/// `detected_fields` for a log query.
pub fn detected_fields_path(query: &str, start: NsTime, end: NsTime) -> String {
    range_params(start, end, Some(query)).with_path("/loki/api/v1/detected_fields")
}

/// `patterns` for a selector, with a sample `step` (seconds).
pub fn patterns_path(query: &str, start: NsTime, end: NsTime, step_seconds: f64) -> String {
    let mut qs = range_params(start, end, Some(query));
    qs.push("step", &format_seconds(step_seconds));
    qs.with_path("/loki/api/v1/patterns")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_range_keeps_nanoseconds_and_encodes() {
        let path = query_range_path(&RangeQuery {
            query: r#"{app="a b"} |= "x&y""#.into(),
            start: NsTime(1_645_030_244_091_700_992),
            end: NsTime(1_645_030_247_027_735_041),
            limit: Some(10_000),
            direction: Direction::Backward,
            step_seconds: None,
            interval_seconds: Some(0.5),
        });
        assert_eq!(
            path,
            "/loki/api/v1/query_range?query=%7Bapp%3D%22a%20b%22%7D%20%7C%3D%20%22x%26y%22\
             &start=1645030244091700992&end=1645030247027735041&limit=5000&direction=backward&interval=0.5"
        );
    }

    #[test]
    fn other_endpoints() {
        let (s, e) = (NsTime(1), NsTime(2));
        assert_eq!(labels_path(s, e, None), "/loki/api/v1/labels?start=1&end=2");
        assert_eq!(
            label_values_path("service name", s, e, Some("{a=\"b\"}")),
            "/loki/api/v1/label/service%20name/values?start=1&end=2&query=%7Ba%3D%22b%22%7D"
        );
        assert_eq!(
            series_path(&["{a=\"1\"}", "{b=\"2\"}"], s, e),
            "/loki/api/v1/series?match%5B%5D=%7Ba%3D%221%22%7D&match%5B%5D=%7Bb%3D%222%22%7D&start=1&end=2"
        );
        let volume = VolumeQuery {
            query: "{a=\"1\"}".into(),
            start: s,
            end: e,
            limit: Some(10),
            target_labels: vec!["level".into(), "app".into()],
            aggregate_by: Some("labels".into()),
        };
        assert_eq!(
            volume_range_path(&volume, 60.0),
            "/loki/api/v1/index/volume_range?query=%7Ba%3D%221%22%7D&start=1&end=2&limit=10\
             &targetLabels=level%2Capp&aggregateBy=labels&step=60"
        );
        assert!(volume_path(&volume).starts_with("/loki/api/v1/index/volume?"));
        assert_eq!(
            tail_path("{a=\"1\"}", NsTime(5), Some(100), Some(9)),
            "/loki/api/v1/tail?query=%7Ba%3D%221%22%7D&start=5&limit=100&delay_for=5"
        );
        assert_eq!(
            instant_query_path(&InstantQuery {
                query: "x".into(),
                time: s,
                limit: None,
                direction: Direction::Forward
            }),
            "/loki/api/v1/query?query=x&time=1&direction=forward"
        );
    }

    #[test]
    fn seconds_format() {
        assert_eq!(format_seconds(15.0), "15");
        assert_eq!(format_seconds(0.25), "0.25");
        assert_eq!(format_seconds(f64::NAN), "1");
        assert_eq!(Direction::parse("DESC"), Some(Direction::Backward));
    }
}
