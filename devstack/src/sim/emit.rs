//! Turns simulated events into telemetry records: structlog-style JSON log lines with their
//! Loki labels, and spans with Jaeger tags, all stamped with the trace they belong to.
//! Like real deployments, not every stream is tidy: seed 003's stdlib logging is shipped
//! without a `level` label (its level is only in the line, where Loki's `detected_level`
//! finds it), and about one line in four comes from a second handler left with Python's
//! default format (`INFO:dgfrl:Training episode completed`), so `| json` meets lines it
//! cannot parse.
//! Only events at or after `since` are recorded, so a fast-forward over a day of metrics
//! keeps just the last hours of logs and traces. Ids come from a generator of their own:
//! whether telemetry is recorded never changes the metric dynamics.

use super::clock::{iso8601_naive, iso8601_utc};
use crate::telemetry::{LogRecord, RefKind, SpanEvent, SpanRecord, SpanRef, TagValue};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use std::collections::BTreeMap;

/// Where a log line comes from: its Loki stream labels and the Python logger name.
#[derive(Debug, Clone)]
pub struct LogSource {
    pub job: &'static str,
    pub instance: String,
    pub component: &'static str,
    pub logger: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A span to record; `start` and `duration` in seconds.
pub struct SpanSpec<'a> {
    pub trace_id: &'a str,
    pub parent_span_id: Option<&'a str>,
    pub service: &'static str,
    pub host: &'a str,
    pub operation: &'a str,
    pub kind: &'static str,
    pub start: f64,
    pub duration: f64,
    pub tags: Vec<(&'static str, TagValue)>,
    pub events: Vec<(f64, Vec<(&'static str, TagValue)>)>,
    pub error: bool,
}

pub struct Emitter {
    rng: SmallRng,
    since: f64,
    logs: Vec<LogRecord>,
    spans: Vec<SpanRecord>,
}

impl Emitter {
    /// Records events at or after `since` (Unix seconds).
    pub fn new(seed: u64, since: f64) -> Self {
        Emitter {
            rng: SmallRng::seed_from_u64(seed ^ 0x7e1e_3e72),
            since,
            logs: Vec::new(),
            spans: Vec::new(),
        }
    }

    /// An emitter that records nothing (history files carry metrics only).
    pub fn disabled() -> Self {
        Emitter::new(0, f64::INFINITY)
    }

    /// Whether an event at `ts` is recorded: callers skip building records otherwise.
    pub fn wants(&self, ts: f64) -> bool {
        ts >= self.since
    }

    pub fn trace_id(&mut self) -> String {
        format!("{:032x}", self.rng.gen::<u128>())
    }

    pub fn span_id(&mut self) -> String {
        format!("{:016x}", self.rng.gen::<u64>())
    }

    /// A structlog `JSONRenderer` line: the call's keyword arguments in order, then `event`,
    /// `logger`, `level` and `timestamp` as the seeds' processor chain adds them.
    pub fn structlog(
        &mut self,
        ts: f64,
        source: &LogSource,
        level: Level,
        event: &str,
        fields: Vec<(&str, Value)>,
        trace_id: Option<&str>,
    ) {
        if !self.wants(ts) {
            return;
        }
        let mut pairs = fields;
        if let Some(id) = trace_id {
            pairs.push(("trace_id", Value::from(id)));
        }
        pairs.push(("event", Value::from(event)));
        pairs.push(("logger", Value::from(source.logger)));
        pairs.push(("level", Value::from(level.as_str())));
        pairs.push(("timestamp", Value::from(iso8601_utc(ts))));
        self.push_log(ts, source, level, python_json(&pairs), trace_id);
    }

    /// A line of seed 003's `StructuredFormatter` (stdlib logging, upper-case level names).
    #[allow(clippy::too_many_arguments)]
    pub fn stdlib_json(
        &mut self,
        ts: f64,
        source: &LogSource,
        level: Level,
        message: &str,
        module: &str,
        function: &str,
        line: u32,
        extra: Vec<(&str, Value)>,
        trace_id: Option<&str>,
    ) {
        if !self.wants(ts) {
            return;
        }
        let mut pairs = vec![
            ("timestamp", Value::from(iso8601_naive(ts))),
            ("level", Value::from(level.as_str().to_uppercase())),
            ("logger", Value::from(source.logger)),
            ("message", Value::from(message)),
            ("module", Value::from(module)),
            ("function", Value::from(function)),
            ("line", Value::from(line)),
        ];
        pairs.extend(extra);
        if let Some(id) = trace_id {
            pairs.push(("trace_id", Value::from(id)));
        }
        // The stderr handler with logging's default format, collected by the same shipper:
        // chosen by the second, so no random draw changes the ids that follow.
        let line = if (ts.floor() as i64).rem_euclid(4) == 0 {
            format!(
                "{}:{}:{message}",
                level.as_str().to_uppercase(),
                source.logger
            )
        } else {
            python_json(&pairs)
        };
        self.push_log_labelled(ts, source, None, line, trace_id);
    }

    fn push_log(
        &mut self,
        ts: f64,
        source: &LogSource,
        level: Level,
        line: String,
        trace_id: Option<&str>,
    ) {
        self.push_log_labelled(ts, source, Some(level), line, trace_id);
    }

    /// Records a line; `level` is its `level` stream label, if its shipper sets one.
    fn push_log_labelled(
        &mut self,
        ts: f64,
        source: &LogSource,
        level: Option<Level>,
        line: String,
        trace_id: Option<&str>,
    ) {
        let mut labels = BTreeMap::new();
        labels.insert("job".to_string(), source.job.to_string());
        labels.insert("instance".to_string(), source.instance.clone());
        if let Some(level) = level {
            labels.insert("level".to_string(), level.as_str().to_string());
        }
        labels.insert("component".to_string(), source.component.to_string());
        let mut structured_metadata = BTreeMap::new();
        if let Some(id) = trace_id {
            structured_metadata.insert("trace_id".to_string(), id.to_string());
        }
        self.logs.push(LogRecord {
            ts_ns: (ts * 1e9).round() as i64,
            labels,
            structured_metadata,
            line,
        });
    }

    /// Records a span and returns its id (also when not recorded, so children can link).
    pub fn span(&mut self, spec: SpanSpec<'_>) -> String {
        let span_id = self.span_id();
        if !self.wants(spec.start) {
            return span_id;
        }
        let references = spec
            .parent_span_id
            .map(|parent| {
                vec![SpanRef {
                    kind: RefKind::ChildOf,
                    trace_id: spec.trace_id.to_string(),
                    span_id: parent.to_string(),
                }]
            })
            .unwrap_or_default();
        let mut tags: Vec<(String, TagValue)> = spec
            .tags
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        tags.push((
            "span.kind".to_string(),
            TagValue::Str(spec.kind.to_string()),
        ));
        if spec.error {
            tags.push(("error".to_string(), TagValue::Bool(true)));
        }
        let events = spec
            .events
            .into_iter()
            .map(|(ts, fields)| SpanEvent {
                ts_us: (ts * 1e6).round() as i64,
                fields: fields
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
            })
            .collect();
        self.spans.push(SpanRecord {
            trace_id: spec.trace_id.to_string(),
            span_id: span_id.clone(),
            references,
            service: spec.service.to_string(),
            operation: spec.operation.to_string(),
            kind: spec.kind,
            start_us: (spec.start * 1e6).round() as i64,
            duration_us: (spec.duration * 1e6).round().max(1.0) as i64,
            tags,
            events,
            process_tags: vec![
                ("hostname".to_string(), TagValue::Str(spec.host.to_string())),
                (
                    "telemetry.sdk.language".to_string(),
                    TagValue::Str("python".to_string()),
                ),
            ],
            error: spec.error,
        });
        span_id
    }

    /// Hands over everything recorded since the last call.
    pub fn drain(&mut self) -> (Vec<LogRecord>, Vec<SpanRecord>) {
        (
            std::mem::take(&mut self.logs),
            std::mem::take(&mut self.spans),
        )
    }
}

/// `json.dumps(dict)` as Python writes it: insertion order, `", "` and `": "` separators.
fn python_json(pairs: &[(&str, Value)]) -> String {
    let body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}: {}", Value::from(*k), python_value(v)))
        .collect();
    format!("{{{}}}", body.join(", "))
}

fn python_value(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(python_value)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> LogSource {
        LogSource {
            job: "agent-mesh",
            instance: "trainer-01:9091".into(),
            component: "p2p",
            logger: "agent_mesh.p2p",
        }
    }

    #[test]
    fn structlog_line_has_the_processor_order() {
        let mut e = Emitter::new(1, 0.0);
        e.structlog(
            1_700_000_000.0,
            &source(),
            Level::Info,
            "p2p_peer_connected",
            vec![
                ("peer_id", Value::from("12D3Koo")),
                ("total_peers", Value::from(5)),
            ],
            Some("abc"),
        );
        let (logs, _) = e.drain();
        assert_eq!(
            logs[0].line,
            "{\"peer_id\": \"12D3Koo\", \"total_peers\": 5, \"trace_id\": \"abc\", \
             \"event\": \"p2p_peer_connected\", \"logger\": \"agent_mesh.p2p\", \
             \"level\": \"info\", \"timestamp\": \"2023-11-14T22:13:20.000000Z\"}"
        );
        assert_eq!(logs[0].labels["level"], "info");
        assert_eq!(logs[0].structured_metadata["trace_id"], "abc");
        let parsed: Value = serde_json::from_str(&logs[0].line).unwrap();
        assert_eq!(parsed["event"], "p2p_peer_connected");
    }

    #[test]
    fn nothing_is_recorded_before_since() {
        let mut e = Emitter::new(1, 100.0);
        e.structlog(50.0, &source(), Level::Info, "x", vec![], None);
        assert!(e.drain().0.is_empty());
    }
}
