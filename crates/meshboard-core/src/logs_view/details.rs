//! The line details' decisions: the fields a line has and the parser stage that extracts them,
//! its trace id, the query a filter-for or filter-out makes, where each derived field links,
//! and the "show context" requests (the lines before and after in the same stream).

use super::rows::RowSnapshot;
use crate::frame::Labels;
use crate::loki::logql::{add_parser_stage, parse_log_query, stream_selector};
use crate::loki::query::{encode_component, RangeQuery};
use crate::loki::{
    add_label_filter, find_trace_id, line_fields, DerivedValue, Direction, FilterOp, NsTime,
    QueryData,
};

/// How far "show context" looks on each side, and how many lines it shows.
pub const CONTEXT_SPAN_NS: i64 = 3_600 * 1_000_000_000;
pub const CONTEXT_LINES: u32 = 10;

/// Where a filtered key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A stream label, structured metadata or a parsed label: filterable as it is.
    Label,
    /// A field of the line: filtering on it needs this parser stage first.
    Line(&'static str),
}

/// `query` with a filter for (`Equal`) or against (`NotEqual`) `key="value"`.
pub fn filter_query(query: &str, key: &str, value: &str, op: FilterOp, kind: FieldKind) -> String {
    let base = match kind {
        FieldKind::Label => query.to_string(),
        FieldKind::Line(stage) => add_parser_stage(query, stage),
    };
    add_label_filter(&base, key, value, op)
}

/// What the details show about a line beyond its labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineDetails {
    /// The line's own fields (JSON or logfmt), in line order.
    pub fields: Vec<(String, String)>,
    /// How a filter on one of `fields` reaches it.
    pub field_kind: FieldKind,
    pub trace_id: Option<String>,
}

impl LineDetails {
    pub fn of(row: &RowSnapshot) -> LineDetails {
        let parsed = line_fields(&row.line);
        let stage = parsed
            .as_ref()
            .map_or("logfmt", |(source, _)| source.stage());
        let fields = parsed.map(|(_, fields)| fields).unwrap_or_default();
        let trace_id = find_trace_id(&row.structured_metadata, &row.parsed, &row.labels, &fields)
            .map(str::to_string);
        LineDetails {
            fields,
            field_kind: FieldKind::Line(stage),
            trace_id,
        }
    }
}

/// The in-app path of a trace.
pub fn trace_path(trace_id: &str) -> String {
    format!("/explore/traces/{}", encode_component(trace_id))
}

/// Where a derived field's value links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DerivedLink {
    /// The rule's URL is a path of this app (kept as written).
    AppUrl(String),
    /// An http(s) URL, opened in a new tab.
    External(String),
    /// Another scheme: shown as text, never as a link.
    Text,
    /// No URL: the value is a trace id; this is the trace's in-app path.
    Trace(String),
}

pub fn derived_link(value: &DerivedValue) -> DerivedLink {
    match &value.url {
        Some(url) if url.starts_with('/') => DerivedLink::AppUrl(url.clone()),
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            DerivedLink::External(url.clone())
        }
        Some(_) => DerivedLink::Text,
        None => DerivedLink::Trace(trace_path(&value.value)),
    }
}

/// The stream a row's line belongs to, as far as the row says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowStream {
    /// Loki split the labels (`categorize-labels`): the row's stream labels are the stream's.
    Known(Labels),
    /// The row's labels may mix stream labels with structured metadata and parsed labels (a
    /// tail message, which a browser websocket cannot ask to categorize, or an older Loki):
    /// ask `series` for the streams of `selector` and keep the one the row's labels contain.
    Unsure { selector: String },
}

/// Whether `row`'s stream labels can be trusted for "show context"; `query` is the view's.
pub fn row_stream(row: &RowSnapshot, query: &str) -> RowStream {
    if !row.structured_metadata.is_empty() || !row.parsed.is_empty() {
        return RowStream::Known(row.labels.clone());
    }
    let selector = parse_log_query(query)
        .selector
        .unwrap_or_else(|| stream_selector(&row.labels));
    RowStream::Unsure { selector }
}

/// Of `series` (Loki's `series` answer), the stream whose every label the row carries with the
/// same value: the largest such, as a stream's labels are all among the row's.
pub fn stream_from_series(row_labels: &Labels, series: &[Labels]) -> Option<Labels> {
    series
        .iter()
        .filter(|s| !s.is_empty() && s.iter().all(|(k, v)| row_labels.get(k) == Some(v)))
        .max_by_key(|s| s.len())
        .cloned()
}

/// The row's labels that are not the stream's: structured metadata or parsed labels (an
/// uncategorized answer does not say which).
pub fn labels_beyond_stream(row_labels: &Labels, stream: &Labels) -> Labels {
    row_labels
        .iter()
        .filter(|(k, _)| !stream.contains_key(*k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Said when the context around a line is empty, so an empty answer is not mistaken for a
/// failure (or for a selector that matched nothing).
pub fn empty_context_note(labels: &Labels) -> String {
    format!(
        "No other lines within an hour of this one in the stream {}.",
        stream_selector(labels)
    )
}

/// Said when `series` has no stream for a row: no selector would find its context.
pub const NO_STREAM_NOTE: &str =
    "No context: Loki's series list has no stream whose labels this line carries.";

/// The requests for the lines before (newest first) and after (oldest first) a line at `ts`
/// in the stream with `labels`.
pub fn context_queries(labels: &Labels, ts: NsTime) -> (RangeQuery, RangeQuery) {
    let selector = stream_selector(labels);
    let before = RangeQuery {
        query: selector.clone(),
        start: ts.saturating_add(-CONTEXT_SPAN_NS),
        end: ts,
        limit: Some(CONTEXT_LINES),
        direction: Direction::Backward,
        step_seconds: None,
        interval_seconds: None,
    };
    let after = RangeQuery {
        query: selector,
        start: ts.saturating_add(1),
        end: ts.saturating_add(CONTEXT_SPAN_NS),
        limit: Some(CONTEXT_LINES),
        direction: Direction::Forward,
        step_seconds: None,
        interval_seconds: None,
    };
    (before, after)
}

/// A context answer's lines, oldest first (samples give none).
pub fn context_lines(data: QueryData) -> Vec<(NsTime, String)> {
    let mut lines: Vec<(NsTime, String)> = match data {
        QueryData::Streams(streams) => streams
            .into_iter()
            .flat_map(|s| s.entries.into_iter().map(|e| (e.ts, e.line)))
            .collect(),
        QueryData::Matrix(_) | QueryData::Vector(_) => Vec::new(),
    };
    crate::sort::sort_by_key(&mut lines, |(t, _)| *t);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loki::{LogEntry, LogLevel, LogStream};

    fn row(line: &str, labels: &[(&str, &str)]) -> RowSnapshot {
        RowSnapshot {
            ts: NsTime(5),
            line: line.to_string(),
            line_hash: 0,
            level: LogLevel::Info,
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            structured_metadata: Labels::new(),
            parsed: Labels::new(),
        }
    }

    #[test]
    fn fields_stage_and_trace_id() {
        let json = LineDetails::of(&row(r#"{"msg":"hi","trace_id":"abc123"}"#, &[]));
        assert_eq!(json.field_kind, FieldKind::Line("json"));
        assert_eq!(json.trace_id.as_deref(), Some("abc123"));
        let logfmt = LineDetails::of(&row("level=info n=2", &[("traceID", "t1")]));
        assert_eq!(logfmt.fields.len(), 2);
        assert_eq!(logfmt.trace_id.as_deref(), Some("t1"));
        let plain = LineDetails::of(&row("just text", &[]));
        assert!(plain.fields.is_empty() && plain.trace_id.is_none());
        assert_eq!(plain.field_kind, FieldKind::Line("logfmt"));
    }

    #[test]
    fn filters_add_the_parser_for_line_fields() {
        let q = "{job=\"a\"}";
        assert_eq!(
            filter_query(q, "component", "raft", FilterOp::Equal, FieldKind::Label),
            "{job=\"a\"} | component=\"raft\""
        );
        assert_eq!(
            filter_query(q, "n", "2", FilterOp::NotEqual, FieldKind::Line("logfmt")),
            "{job=\"a\"} | logfmt | n!=\"2\""
        );
    }

    #[test]
    fn derived_links_by_url() {
        let value = |url: Option<&str>| DerivedValue {
            name: "trace".into(),
            value: "ab cd".into(),
            url: url.map(str::to_string),
        };
        assert_eq!(
            derived_link(&value(Some("/x/1"))),
            DerivedLink::AppUrl("/x/1".into())
        );
        let external = derived_link(&value(Some("https://t.example/1")));
        assert_eq!(
            external,
            DerivedLink::External("https://t.example/1".into())
        );
        assert_eq!(
            derived_link(&value(Some("javascript:alert(1)"))),
            DerivedLink::Text
        );
        let trace = DerivedLink::Trace("/explore/traces/ab%20cd".into());
        assert_eq!(derived_link(&value(None)), trace);
    }

    #[test]
    fn context_is_the_same_stream_around_the_line() {
        let labels = Labels::from([("job".to_string(), "a".to_string())]);
        let (before, after) = context_queries(&labels, NsTime(1_000));
        assert_eq!(before.query, after.query);
        assert_eq!(
            (before.end, before.direction),
            (NsTime(1_000), Direction::Backward)
        );
        assert_eq!(
            (after.start, after.direction),
            (NsTime(1_001), Direction::Forward)
        );
        assert_eq!(before.limit, Some(CONTEXT_LINES));
        let entry = |t: i64| LogEntry {
            ts: NsTime(t),
            line: format!("l{t}"),
            ..LogEntry::default()
        };
        let data = QueryData::Streams(vec![LogStream {
            labels,
            entries: vec![entry(3), entry(1), entry(2)],
        }]);
        let times: Vec<i64> = context_lines(data).iter().map(|(t, _)| t.0).collect();
        assert_eq!(times, vec![1, 2, 3]);
    }

    #[test]
    fn context_only_from_the_streams_indexed_labels() {
        let labels = |pairs: &[(&str, &str)]| -> Labels {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        // Issue 16: a tail row's labels carry detected_level, trace_id and parsed keys too.
        let tail_row = RowSnapshot {
            ts: NsTime(5),
            line: "{}".into(),
            line_hash: 0,
            level: crate::loki::LogLevel::Info,
            labels: labels(&[
                ("job", "a"),
                ("instance", "h:1"),
                ("detected_level", "info"),
                ("trace_id", "abc"),
                ("msg", "hi"),
            ]),
            structured_metadata: Labels::new(),
            parsed: Labels::new(),
        };
        assert_eq!(
            row_stream(&tail_row, "{job=\"a\"} | json"),
            RowStream::Unsure {
                selector: "{job=\"a\"}".into()
            }
        );
        let series = [
            labels(&[("job", "a"), ("instance", "h:2")]),
            labels(&[("job", "a"), ("instance", "h:1")]),
            labels(&[("job", "a")]),
        ];
        let stream = stream_from_series(&tail_row.labels, &series).unwrap();
        assert_eq!(stream, labels(&[("job", "a"), ("instance", "h:1")]));
        let (before, _) = context_queries(&stream, tail_row.ts);
        assert_eq!(before.query, "{instance=\"h:1\", job=\"a\"}");
        assert_eq!(
            labels_beyond_stream(&tail_row.labels, &stream),
            labels(&[
                ("detected_level", "info"),
                ("msg", "hi"),
                ("trace_id", "abc")
            ])
        );
        assert_eq!(
            stream_from_series(&tail_row.labels, &[labels(&[("job", "b")])]),
            None
        );
        // A categorized row already has its stream labels apart.
        let categorized = RowSnapshot {
            labels: labels(&[("job", "a")]),
            structured_metadata: labels(&[("detected_level", "info")]),
            ..tail_row.clone()
        };
        assert_eq!(
            row_stream(&categorized, ""),
            RowStream::Known(labels(&[("job", "a")]))
        );
        assert!(empty_context_note(&stream).contains("{instance=\"h:1\", job=\"a\"}"));
    }
}
