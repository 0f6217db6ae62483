//! The records the simulator emits and the Loki and Jaeger stand-ins serve: the one interface
//! between the simulated systems (`sim`) and the query APIs (`loki`, `jaeger`).

use std::collections::BTreeMap;

/// One log line as Loki stores it: a stream (its label set), a nanosecond timestamp and the line.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRecord {
    /// Nanoseconds since the Unix epoch (exact: never passed through an f64).
    pub ts_ns: i64,
    /// Stream labels (`job`, `instance`, `level`, `component`, ...).
    pub labels: BTreeMap<String, String>,
    /// Structured metadata (Loki 3 `categorize-labels`), e.g. `trace_id`.
    pub structured_metadata: BTreeMap<String, String>,
    /// The log line itself: a JSON object as the seed systems' structlog writes it.
    pub line: String,
}

/// A typed span tag / attribute value, as Jaeger models them.
#[derive(Debug, Clone, PartialEq)]
pub enum TagValue {
    Str(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    Binary(Vec<u8>),
}

/// A timestamped event inside a span (Jaeger "log", OTLP "event").
#[derive(Debug, Clone, PartialEq)]
pub struct SpanEvent {
    pub ts_us: i64,
    pub fields: Vec<(String, TagValue)>,
}

/// How a span relates to another (Jaeger reference types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    ChildOf,
    FollowsFrom,
}

/// A link from one span to another.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanRef {
    pub kind: RefKind,
    /// 32 lower-case hex characters.
    pub trace_id: String,
    /// 16 lower-case hex characters.
    pub span_id: String,
}

/// One span of a trace, in the shape both Jaeger API generations are rendered from.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanRecord {
    /// 32 lower-case hex characters.
    pub trace_id: String,
    /// 16 lower-case hex characters.
    pub span_id: String,
    /// Parent first (CHILD_OF), then any FOLLOWS_FROM links. Empty for a root span.
    pub references: Vec<SpanRef>,
    pub service: String,
    pub operation: String,
    /// OTLP span kind: "server", "client", "internal", "producer", "consumer".
    pub kind: &'static str,
    /// Microseconds since the Unix epoch.
    pub start_us: i64,
    pub duration_us: i64,
    pub tags: Vec<(String, TagValue)>,
    pub events: Vec<SpanEvent>,
    /// Process (resource) tags of the emitting service, e.g. `hostname`, `node_role`.
    pub process_tags: Vec<(String, TagValue)>,
    /// True when the span failed (rendered as tag `error=true` / OTLP status code 2).
    pub error: bool,
}
