//! The trace model shared by Jaeger's v1 JSON and v3 OTLP JSON: spans, references, typed tags,
//! logs and processes.

use std::collections::BTreeSet;
use std::fmt;

/// How a span relates to the span it references.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefType {
    ChildOf,
    FollowsFrom,
}

impl RefType {
    pub fn as_str(self) -> &'static str {
        match self {
            RefType::ChildOf => "CHILD_OF",
            RefType::FollowsFrom => "FOLLOWS_FROM",
        }
    }
}

/// A reference from a span to another (possibly in another trace, possibly missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanRef {
    pub ref_type: RefType,
    pub trace_id: String,
    pub span_id: String,
}

/// A tag value with its type. Integers are exact `i64` (Jaeger sends those beyond 2^53 as
/// strings); binary values stay as the base64 text they arrived as.
#[derive(Debug, Clone, PartialEq)]
pub enum TagValue {
    Str(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    Binary(String),
}

impl TagValue {
    /// Jaeger's type name (`string`, `bool`, `int64`, `float64`, `binary`).
    pub fn type_name(&self) -> &'static str {
        match self {
            TagValue::Str(_) => "string",
            TagValue::Bool(_) => "bool",
            TagValue::Int(_) => "int64",
            TagValue::Float(_) => "float64",
            TagValue::Binary(_) => "binary",
        }
    }

    /// True for `true` and for the text `"true"` (both spellings occur for `error`).
    pub fn is_true(&self) -> bool {
        match self {
            TagValue::Bool(b) => *b,
            TagValue::Str(s) => s.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }
}

impl fmt::Display for TagValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagValue::Str(s) | TagValue::Binary(s) => f.write_str(s),
            TagValue::Bool(b) => write!(f, "{b}"),
            TagValue::Int(i) => write!(f, "{i}"),
            TagValue::Float(x) => write!(f, "{x}"),
        }
    }
}

/// A key and its typed value (span tags, process tags, log fields).
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub key: String,
    pub value: TagValue,
}

impl Tag {
    pub fn new(key: impl Into<String>, value: TagValue) -> Tag {
        Tag {
            key: key.into(),
            value,
        }
    }
}

/// A span log (an OTLP span event): a timestamp and fields.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanLog {
    pub timestamp_us: i64,
    pub fields: Vec<Tag>,
}

/// The emitting process: service name and its tags (OTLP resource attributes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Process {
    pub service: String,
    pub tags: Vec<Tag>,
}

/// One span. `process` indexes [`Trace::processes`].
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub span_id: String,
    pub trace_id: String,
    pub operation: String,
    pub references: Vec<SpanRef>,
    pub start_us: i64,
    pub duration_us: i64,
    pub process: usize,
    pub tags: Vec<Tag>,
    pub logs: Vec<SpanLog>,
    pub warnings: Vec<String>,
}

impl Span {
    pub fn end_us(&self) -> i64 {
        self.start_us.saturating_add(self.duration_us.max(0))
    }

    pub fn tag(&self, key: &str) -> Option<&TagValue> {
        self.tags.iter().find(|t| t.key == key).map(|t| &t.value)
    }

    /// An error span: `error=true`, or an OTLP status of ERROR.
    pub fn is_error(&self) -> bool {
        self.tag("error").is_some_and(TagValue::is_true)
            || self
                .tag("otel.status_code")
                .is_some_and(|v| v.to_string() == "ERROR")
    }

    /// `span.kind` (`server`, `client`, ...), if tagged.
    pub fn kind(&self) -> Option<String> {
        self.tag("span.kind").map(ToString::to_string)
    }
}

/// A whole trace.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trace {
    pub trace_id: String,
    pub spans: Vec<Span>,
    pub processes: Vec<Process>,
    pub warnings: Vec<String>,
}

impl Trace {
    /// The service of a span (empty if its process index is out of range).
    pub fn service_of(&self, span: &Span) -> &str {
        self.processes
            .get(span.process)
            .map_or("", |p| p.service.as_str())
    }

    pub fn process_of(&self, span: &Span) -> Option<&Process> {
        self.processes.get(span.process)
    }

    /// Earliest span start (0 for an empty trace).
    pub fn start_us(&self) -> i64 {
        self.spans.iter().map(|s| s.start_us).min().unwrap_or(0)
    }

    /// Latest span end (0 for an empty trace).
    pub fn end_us(&self) -> i64 {
        self.spans.iter().map(Span::end_us).max().unwrap_or(0)
    }

    pub fn duration_us(&self) -> i64 {
        self.end_us().saturating_sub(self.start_us())
    }

    /// Distinct service names of the spans, sorted.
    pub fn services(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self.spans.iter().map(|s| self.service_of(s)).collect();
        set.into_iter().collect()
    }
}

/// Canonical form of a hex id for comparisons: lowercase without leading zeros (Jaeger
/// sometimes drops them: `a68c6983a6d81a2` and `0a68c6983a6d81a2` are the same span).
pub fn normalize_id(id: &str) -> String {
    let trimmed = id.trim().trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_ascii_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_detection_and_ids() {
        let mut span = Span {
            span_id: "1".into(),
            trace_id: "t".into(),
            operation: "op".into(),
            references: vec![],
            start_us: 10,
            duration_us: -5,
            process: 3,
            tags: vec![Tag::new("error", TagValue::Str("true".into()))],
            logs: vec![],
            warnings: vec![],
        };
        assert!(span.is_error());
        assert_eq!(span.end_us(), 10);
        span.tags = vec![Tag::new("otel.status_code", TagValue::Str("ERROR".into()))];
        assert!(span.is_error());
        span.tags = vec![Tag::new("error", TagValue::Bool(false))];
        assert!(!span.is_error());
        let trace = Trace {
            spans: vec![span],
            ..Trace::default()
        };
        assert_eq!(trace.service_of(&trace.spans[0]), "");
        assert_eq!(normalize_id("00AbC"), "abc");
        assert_eq!(normalize_id("000"), "0");
        assert_eq!(
            TagValue::Int(9_223_372_036_854_775_222).to_string(),
            "9223372036854775222"
        );
    }
}
