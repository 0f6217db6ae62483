//! Jaeger API v1 (the UI's JSON): services, operations (both forms), trace search and fetch,
//! dependencies, and uploaded JSON files.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::error::JaegerError;
use crate::trace::deps::DependencyLink;
use crate::trace::model::{Process, RefType, Span, SpanLog, SpanRef, Tag, TagValue, Trace};

/// An operation of a service; `span_kind` only from `/api/operations` (`None` when empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub name: String,
    pub span_kind: Option<String>,
}

/// Traces plus the per-trace errors Jaeger may send alongside them (a partial result).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TracesResponse {
    pub traces: Vec<Trace>,
    pub errors: Vec<String>,
}

/// `/api/services`.
pub fn parse_v1_services(status: u16, body: &str) -> Result<Vec<String>, JaegerError> {
    Ok(decode_envelope::<Vec<String>>(status, body)?
        .0
        .unwrap_or_default())
}

/// `/api/services/{service}/operations` (a list of names) or `/api/operations?service=`
/// (a list of `{name, spanKind}`): both read into [`Operation`]s.
pub fn parse_v1_operations(status: u16, body: &str) -> Result<Vec<Operation>, JaegerError> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum RawOperation {
        Name(String),
        Full {
            name: String,
            #[serde(rename = "spanKind", default)]
            span_kind: Option<String>,
        },
    }
    let operations = decode_envelope::<Vec<RawOperation>>(status, body)?
        .0
        .unwrap_or_default();
    Ok(operations
        .into_iter()
        .map(|op| match op {
            RawOperation::Name(name) => Operation {
                name,
                span_kind: None,
            },
            RawOperation::Full { name, span_kind } => Operation {
                name,
                span_kind: span_kind.filter(|k| !k.is_empty()),
            },
        })
        .collect())
}

/// `/api/traces` (search) and `/api/traces/{id}`.
pub fn parse_v1_traces(status: u16, body: &str) -> Result<TracesResponse, JaegerError> {
    let (data, errors) = decode_envelope::<Vec<RawTrace>>(status, body)?;
    let traces: Vec<Trace> = data
        .unwrap_or_default()
        .into_iter()
        .map(RawTrace::into_trace)
        .collect();
    if traces.is_empty() {
        if let Some(first) = errors.first() {
            return Err(api_error(status, first));
        }
    }
    Ok(TracesResponse {
        traces,
        errors: errors.iter().map(|e| e.msg.clone()).collect(),
    })
}

/// `/api/dependencies` (`{"data":[...]}`), also accepting a bare array of links.
pub fn parse_v1_dependencies(status: u16, body: &str) -> Result<Vec<DependencyLink>, JaegerError> {
    if body.trim_start().starts_with('[') && is_success(status) {
        return decode(body);
    }
    Ok(decode_envelope::<Vec<DependencyLink>>(status, body)?
        .0
        .unwrap_or_default())
}

/// An uploaded trace file: Jaeger's `{"data":[trace, ...]}`, a bare array of traces, a single
/// trace object, or OTLP JSON (`{"resourceSpans":...}`, possibly wrapped in `{"result":...}`).
pub fn parse_uploaded_json(text: &str) -> Result<Vec<Trace>, JaegerError> {
    let value: Value = decode(text)?;
    let is_otlp = value.get("resourceSpans").is_some()
        || value
            .get("result")
            .and_then(|r| r.get("resourceSpans"))
            .is_some();
    if is_otlp {
        return super::v3::parse_otlp_value(value);
    }
    let raw: Vec<RawTrace> = match value {
        Value::Array(_) => from_value(value)?,
        Value::Object(ref object) if object.contains_key("data") => {
            from_value::<Option<Vec<RawTrace>>>(object["data"].clone())?.unwrap_or_default()
        }
        Value::Object(ref object) if object.contains_key("spans") => vec![from_value(value)?],
        _ => {
            return Err(JaegerError::Malformed(
                "not a Jaeger or OTLP trace file".into(),
            ))
        }
    };
    Ok(raw.into_iter().map(RawTrace::into_trace).collect())
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

fn decode<T: DeserializeOwned>(body: &str) -> Result<T, JaegerError> {
    serde_json::from_str(body).map_err(|e| JaegerError::from_unparsable_body(body, &e))
}

fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, JaegerError> {
    serde_json::from_value(value).map_err(|e| JaegerError::Malformed(e.to_string()))
}

#[derive(Deserialize)]
struct RawError {
    #[serde(default)]
    code: i64,
    #[serde(default)]
    msg: String,
}

fn api_error(status: u16, error: &RawError) -> JaegerError {
    let code = u16::try_from(error.code)
        .ok()
        .filter(|&c| c != 0)
        .unwrap_or(status);
    if code == 404 {
        return JaegerError::TraceNotFound;
    }
    JaegerError::Api {
        code,
        message: error.msg.clone(),
    }
}

/// Decodes the v1 envelope `{data, total, limit, offset, errors}`. Errors come as this JSON
/// even when sent as text/plain with a 4xx/5xx status.
fn decode_envelope<T: DeserializeOwned>(
    status: u16,
    body: &str,
) -> Result<(Option<T>, Vec<RawError>), JaegerError> {
    #[derive(Deserialize)]
    #[serde(bound = "T: DeserializeOwned")]
    struct Envelope<T> {
        #[serde(default)]
        data: Option<T>,
        #[serde(default, deserialize_with = "null_as_empty")]
        errors: Vec<RawError>,
    }
    if !is_success(status) {
        return Err(JaegerError::from_response(status, body));
    }
    let envelope: Envelope<T> = decode(body)?;
    if envelope.data.is_none() {
        if let Some(first) = envelope.errors.first() {
            return Err(api_error(status, first));
        }
    }
    Ok((envelope.data, envelope.errors))
}

pub(crate) fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Integers that may arrive as numbers, floats or strings (hand-edited and exported files).
fn lenient_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(value_as_i64(&value).unwrap_or(0))
}

pub(crate) fn value_as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[derive(Deserialize)]
struct RawTrace {
    #[serde(rename = "traceID", default)]
    trace_id: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    spans: Vec<RawSpan>,
    #[serde(default)]
    processes: Option<BTreeMap<String, RawProcess>>,
    #[serde(default, deserialize_with = "null_as_empty")]
    warnings: Vec<String>,
}

#[derive(Deserialize)]
struct RawSpan {
    #[serde(rename = "traceID", default)]
    trace_id: String,
    #[serde(rename = "spanID", default)]
    span_id: String,
    #[serde(rename = "operationName", default)]
    operation_name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    references: Vec<RawReference>,
    #[serde(rename = "startTime", default, deserialize_with = "lenient_i64")]
    start_time: i64,
    #[serde(default, deserialize_with = "lenient_i64")]
    duration: i64,
    #[serde(default, deserialize_with = "null_as_empty")]
    tags: Vec<RawTag>,
    #[serde(default, deserialize_with = "null_as_empty")]
    logs: Vec<RawLog>,
    #[serde(rename = "processID", default)]
    process_id: Option<String>,
    /// Older exports embed the process in each span instead of `processID`.
    #[serde(default)]
    process: Option<RawProcess>,
    #[serde(default, deserialize_with = "null_as_empty")]
    warnings: Vec<String>,
}

#[derive(Deserialize)]
struct RawReference {
    #[serde(rename = "refType", default)]
    ref_type: String,
    #[serde(rename = "traceID", default)]
    trace_id: String,
    #[serde(rename = "spanID", default)]
    span_id: String,
}

#[derive(Deserialize, Clone)]
struct RawProcess {
    #[serde(rename = "serviceName", default)]
    service_name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Clone)]
struct RawTag {
    #[serde(default)]
    key: String,
    #[serde(rename = "type", default)]
    tag_type: Option<String>,
    #[serde(default)]
    value: Value,
}

#[derive(Deserialize)]
struct RawLog {
    #[serde(default, deserialize_with = "lenient_i64")]
    timestamp: i64,
    #[serde(default, deserialize_with = "null_as_empty")]
    fields: Vec<RawTag>,
}

impl RawTag {
    fn into_tag(self) -> Tag {
        let value = typed_value(self.tag_type.as_deref(), self.value);
        Tag {
            key: self.key,
            value,
        }
    }
}

impl RawProcess {
    fn into_process(self) -> Process {
        Process {
            service: self.service_name,
            tags: self.tags.into_iter().map(RawTag::into_tag).collect(),
        }
    }
}

/// A v1 tag value by its declared type. An `int64` beyond 2^53 arrives as a string and is
/// parsed exactly; a value that does not fit its type is kept as text rather than lost.
fn typed_value(tag_type: Option<&str>, value: Value) -> TagValue {
    let text = |value: Value| match value {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    };
    match tag_type.map(str::to_ascii_lowercase).as_deref() {
        Some("string") => TagValue::Str(text(value)),
        Some("bool") => match &value {
            Value::Bool(b) => TagValue::Bool(*b),
            Value::String(s) if s == "true" || s == "false" => TagValue::Bool(s == "true"),
            _ => TagValue::Str(text(value)),
        },
        Some("int64") => match value_as_i64(&value).filter(|_| !value.is_f64()) {
            Some(i) => TagValue::Int(i),
            None => TagValue::Str(text(value)),
        },
        Some("float64") => match &value {
            Value::Number(n) => n
                .as_f64()
                .map_or_else(|| TagValue::Str(text(value.clone())), TagValue::Float),
            Value::String(s) => s
                .parse()
                .map_or_else(|_| TagValue::Str(s.clone()), TagValue::Float),
            _ => TagValue::Str(text(value)),
        },
        Some("binary") => TagValue::Binary(text(value)),
        Some(_) => TagValue::Str(text(value)),
        None => match value {
            Value::Bool(b) => TagValue::Bool(b),
            Value::Number(n) => n.as_i64().map_or_else(
                || TagValue::Float(n.as_f64().unwrap_or(f64::NAN)),
                TagValue::Int,
            ),
            other => TagValue::Str(text(other)),
        },
    }
}

impl RawTrace {
    fn into_trace(self) -> Trace {
        let mut processes: Vec<Process> = Vec::new();
        let mut process_index: BTreeMap<String, usize> = BTreeMap::new();
        for (id, process) in self.processes.unwrap_or_default() {
            process_index.insert(id, processes.len());
            processes.push(process.into_process());
        }
        let mut warnings = self.warnings;
        let trace_id = if self.trace_id.is_empty() {
            self.spans
                .first()
                .map(|s| s.trace_id.clone())
                .unwrap_or_default()
        } else {
            self.trace_id
        };
        let mut spans = Vec::with_capacity(self.spans.len());
        for raw in self.spans {
            let process = match (&raw.process_id, raw.process) {
                (Some(id), _) if process_index.contains_key(id) => process_index[id],
                (_, Some(inline)) => {
                    processes.push(inline.into_process());
                    processes.len() - 1
                }
                (id, None) => {
                    warnings.push(format!(
                        "span {} refers to unknown process {}",
                        raw.span_id,
                        id.as_deref().unwrap_or("(none)")
                    ));
                    unknown_process(&mut processes)
                }
            };
            spans.push(Span {
                span_id: raw.span_id,
                trace_id: if raw.trace_id.is_empty() {
                    trace_id.clone()
                } else {
                    raw.trace_id
                },
                operation: raw.operation_name,
                references: raw
                    .references
                    .into_iter()
                    .filter_map(RawReference::into_ref)
                    .collect(),
                start_us: raw.start_time,
                duration_us: raw.duration,
                process,
                tags: raw.tags.into_iter().map(RawTag::into_tag).collect(),
                logs: raw
                    .logs
                    .into_iter()
                    .map(|l| SpanLog {
                        timestamp_us: l.timestamp,
                        fields: l.fields.into_iter().map(RawTag::into_tag).collect(),
                    })
                    .collect(),
                warnings: raw.warnings,
            });
        }
        Trace {
            trace_id,
            spans,
            processes,
            warnings,
        }
    }
}

/// The shared placeholder process for spans whose process is missing.
fn unknown_process(processes: &mut Vec<Process>) -> usize {
    const UNKNOWN: &str = "unknown-service";
    if let Some(i) = processes
        .iter()
        .position(|p| p.service == UNKNOWN && p.tags.is_empty())
    {
        return i;
    }
    processes.push(Process {
        service: UNKNOWN.into(),
        tags: Vec::new(),
    });
    processes.len() - 1
}

impl RawReference {
    fn into_ref(self) -> Option<SpanRef> {
        let ref_type = match self.ref_type.to_ascii_uppercase().as_str() {
            "CHILD_OF" => RefType::ChildOf,
            "FOLLOWS_FROM" => RefType::FollowsFrom,
            _ => return None,
        };
        Some(SpanRef {
            ref_type,
            trace_id: self.trace_id,
            span_id: self.span_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_both_forms() {
        let names = r#"{"data":["a","b"],"total":2,"limit":0,"offset":0,"errors":null}"#;
        assert_eq!(
            parse_v1_operations(200, names).unwrap()[1],
            Operation {
                name: "b".into(),
                span_kind: None
            }
        );
        let full = r#"{"data":[{"name":"x","spanKind":"server"},{"name":"y","spanKind":""}],"errors":null}"#;
        let ops = parse_v1_operations(200, full).unwrap();
        assert_eq!(ops[0].span_kind.as_deref(), Some("server"));
        assert_eq!(ops[1].span_kind, None);
    }

    #[test]
    fn errors_even_with_success_status() {
        let body =
            r#"{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":400,"msg":"bad"}]}"#;
        assert_eq!(
            parse_v1_services(200, body),
            Err(JaegerError::Api {
                code: 400,
                message: "bad".into()
            })
        );
        assert_eq!(
            parse_v1_services(400, body),
            Err(JaegerError::Api {
                code: 400,
                message: "bad".into()
            })
        );
        assert!(matches!(
            parse_v1_traces(200, r#"{"data":[{"traceID":"#),
            Err(JaegerError::Truncated)
        ));
        assert_eq!(
            parse_v1_services(200, r#"{"data":null}"#).unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn partial_results_keep_traces_and_errors() {
        let body = r#"{"data":[{"traceID":"1","spans":[],"processes":{}}],"errors":[{"code":500,"msg":"trace 2 failed"}]}"#;
        let response = parse_v1_traces(200, body).unwrap();
        assert_eq!(response.traces.len(), 1);
        assert_eq!(response.errors, vec!["trace 2 failed".to_string()]);
    }

    #[test]
    fn tag_types_are_exact() {
        assert_eq!(
            typed_value(Some("int64"), serde_json::json!("9223372036854775222")),
            TagValue::Int(9_223_372_036_854_775_222)
        );
        assert_eq!(
            typed_value(Some("int64"), serde_json::json!(23456)),
            TagValue::Int(23456)
        );
        assert_eq!(
            typed_value(Some("int64"), serde_json::json!("99999999999999999999")),
            TagValue::Str("99999999999999999999".into())
        );
        assert_eq!(
            typed_value(Some("float64"), serde_json::json!(72.5)),
            TagValue::Float(72.5)
        );
        assert_eq!(
            typed_value(Some("bool"), serde_json::json!(true)),
            TagValue::Bool(true)
        );
        assert_eq!(
            typed_value(Some("binary"), serde_json::json!("AAAwOQ==")),
            TagValue::Binary("AAAwOQ==".into())
        );
        assert_eq!(
            typed_value(None, serde_json::json!(1.5)),
            TagValue::Float(1.5)
        );
        assert_eq!(
            typed_value(Some("weird"), serde_json::json!([1])),
            TagValue::Str("[1]".into())
        );
    }

    #[test]
    fn missing_and_inline_processes() {
        let body = r#"{"data":[{"traceID":"t","spans":[
            {"spanID":"a","operationName":"x","startTime":"5","duration":1.0,"processID":"p9"},
            {"spanID":"b","operationName":"y","startTime":6,"duration":1,"process":{"serviceName":"inline","tags":null}}],
            "processes":{"p1":{"serviceName":"s","tags":[]}}}]}"#;
        let trace = &parse_v1_traces(200, body).unwrap().traces[0];
        assert_eq!(trace.service_of(&trace.spans[0]), "unknown-service");
        assert_eq!(trace.service_of(&trace.spans[1]), "inline");
        assert_eq!(trace.spans[0].start_us, 5);
        assert_eq!(trace.spans[0].trace_id, "t");
        assert_eq!(trace.warnings.len(), 1);
    }

    #[test]
    fn uploads_in_every_shape() {
        let one = r#"{"traceID":"t","spans":[{"spanID":"a","startTime":1,"duration":1,"processID":"p1"}],"processes":{"p1":{"serviceName":"s"}}}"#;
        assert_eq!(parse_uploaded_json(one).unwrap().len(), 1);
        assert_eq!(
            parse_uploaded_json(&format!("[{one},{one}]"))
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            parse_uploaded_json(&format!(r#"{{"data":[{one}]}}"#))
                .unwrap()
                .len(),
            1
        );
        assert!(matches!(
            parse_uploaded_json(r#"{"foo":1}"#),
            Err(JaegerError::Malformed(_))
        ));
        assert!(matches!(
            parse_uploaded_json("nope"),
            Err(JaegerError::Malformed(_))
        ));
    }
}
