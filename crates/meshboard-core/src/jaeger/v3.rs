//! Jaeger API v3: OTLP JSON into the trace model, following Jaeger's own OTLP -> Jaeger
//! mapping: `service.name` and the other resource attributes make the process (without one,
//! Jaeger's `OTLPResourceNoServiceName`); `parentSpanId` a CHILD_OF reference, links
//! FOLLOWS_FROM ones; kind, status and scope become the tags `span.kind`, `otel.status_code`
//! (+ `error=true`), `otel.scope.name`/`version`; events become logs with an `event` field.
//!
//! The shapes the query service has written over its versions (see Jaeger's gateway
//! snapshots `cmd/query/app/apiv3/snapshots/{GetTrace,FindTraces}.json`, copied to
//! `tests/fixtures/jaeger/api_v3_traces_snapshot_*.json`): a bare `TracesData`, one wrapped in
//! `{"result": ...}`, or the grpc-gateway stream of such chunks, one JSON object after the
//! other (an `{"error": ...}` chunk can end it). OTLP JSON writes enums (span kind, status
//! code) as integers, some encoders as their names; the `fixed64` nanosecond times as decimal
//! strings, which can exceed `i64::MAX` (they are `u64`).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::error::JaegerError;
use super::ids::{decode_base64, id_to_hex, is_empty_id};
use super::v1::{value_as_i64, Operation};
use crate::trace::model::{Process, RefType, Span, SpanLog, SpanRef, Tag, TagValue, Trace};

/// Jaeger's service name for resources without `service.name` (as its OTLP -> Jaeger
/// translator names them, so both API generations show the same service).
pub const NO_SERVICE_NAME: &str = "OTLPResourceNoServiceName";

/// `/api/v3/services`: `{"services":[...]}`.
pub fn parse_v3_services(status: u16, body: &str) -> Result<Vec<String>, JaegerError> {
    let value = decode_success(status, body)?;
    Ok(value
        .get("services")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default())
}

/// `/api/v3/operations`: `{"operations":[{"name":..,"spanKind":..}]}`.
pub fn parse_v3_operations(status: u16, body: &str) -> Result<Vec<Operation>, JaegerError> {
    let value = decode_success(status, body)?;
    Ok(value
        .get("operations")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|op| {
                    let name = op.get("name")?.as_str()?.to_string();
                    let span_kind = op
                        .get("spanKind")
                        .and_then(Value::as_str)
                        .filter(|k| !k.is_empty())
                        .map(str::to_string);
                    Some(Operation { name, span_kind })
                })
                .collect()
        })
        .unwrap_or_default())
}

/// `/api/v3/traces` (search). Jaeger answers a search without matches with 404: that is an
/// empty result, not an error.
pub fn parse_v3_search(status: u16, body: &str) -> Result<Vec<Trace>, JaegerError> {
    if status == 404 {
        return Ok(Vec::new());
    }
    parse_otlp_chunks(decode_chunks(status, body)?)
}

/// `/api/v3/traces/{id}`: 404 is "trace not found".
pub fn parse_v3_trace(status: u16, body: &str) -> Result<Trace, JaegerError> {
    if status == 404 {
        return Err(JaegerError::TraceNotFound);
    }
    let mut traces = parse_otlp_chunks(decode_chunks(status, body)?)?;
    if traces.is_empty() {
        return Err(JaegerError::TraceNotFound);
    }
    let mut trace = traces.swap_remove(0);
    // A trace fetched by id is one trace; stray spans of another id are kept, with a warning.
    for other in traces {
        trace.warnings.push(format!(
            "{} span(s) of trace {} were in the response",
            other.spans.len(),
            other.trace_id
        ));
        let offset = trace.processes.len();
        trace.processes.extend(other.processes);
        trace.spans.extend(other.spans.into_iter().map(|mut s| {
            s.process += offset;
            s
        }));
    }
    Ok(trace)
}

/// OTLP JSON text (bare `TracesData`, wrapped in `{"result": ...}`, or a stream of such
/// chunks) into traces.
pub fn parse_otlp_traces(text: &str) -> Result<Vec<Trace>, JaegerError> {
    parse_otlp_chunks(decode_chunks(200, text)?)
}

/// `{"services": ...}` and `{"operations": ...}` are single objects.
fn decode_success(status: u16, body: &str) -> Result<Value, JaegerError> {
    let mut chunks = decode_chunks(status, body)?;
    if chunks.len() > 1 {
        return Err(JaegerError::Malformed(format!(
            "{} JSON values where one was expected",
            chunks.len()
        )));
    }
    Ok(chunks.swap_remove(0))
}

/// A success body as its JSON values: one, or several when the gateway streamed chunks. An
/// `{"error": ...}` value anywhere (the gateway reports failures mid-stream that way, behind
/// the 200 it already sent) is the error.
fn decode_chunks(status: u16, body: &str) -> Result<Vec<Value>, JaegerError> {
    if !(200..300).contains(&status) {
        return Err(JaegerError::from_response(status, body));
    }
    let mut chunks = Vec::new();
    for chunk in serde_json::Deserializer::from_str(body).into_iter::<Value>() {
        chunks.push(chunk.map_err(|e| JaegerError::from_unparsable_body(body, &e))?);
    }
    if chunks.is_empty() {
        // A blank body: classified as any other unparsable one (serde rejects it).
        chunks.push(
            serde_json::from_str(body).map_err(|e| JaegerError::from_unparsable_body(body, &e))?,
        );
    }
    for value in &chunks {
        if let Some(error) = value.get("error").filter(|e| e.is_object()) {
            let message = error
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("unknown error");
            // `httpCode` from Jaeger's own gateway, `http_code` from grpc-gateway v1 streams.
            let code = error
                .get("httpCode")
                .or_else(|| error.get("http_code"))
                .and_then(Value::as_u64)
                .unwrap_or(u64::from(status));
            return Err(JaegerError::Api {
                code: u16::try_from(code).unwrap_or(status),
                message: message.into(),
            });
        }
    }
    Ok(chunks)
}

/// One OTLP value (bare or `result`-wrapped) into traces.
pub(crate) fn parse_otlp_value(value: Value) -> Result<Vec<Trace>, JaegerError> {
    parse_otlp_chunks(vec![value])
}

/// Groups the spans of all chunks by trace id, in order of first appearance: a trace split
/// over several chunks is one trace.
fn parse_otlp_chunks(chunks: Vec<Value>) -> Result<Vec<Trace>, JaegerError> {
    let mut builder = TraceBuilder::default();
    for chunk in chunks {
        add_chunk(&mut builder, chunk)?;
    }
    Ok(builder.traces)
}

fn add_chunk(builder: &mut TraceBuilder, value: Value) -> Result<(), JaegerError> {
    let data = match value {
        Value::Object(mut object) => match object.remove("result") {
            Some(result) => result,
            None => Value::Object(object),
        },
        _ => {
            return Err(JaegerError::Malformed(
                "OTLP response is not an object".into(),
            ))
        }
    };
    let Some(resource_spans) = data.get("resourceSpans") else {
        // `{"result":{}}` is how an empty TracesData serialises.
        return if data.is_object() {
            Ok(())
        } else {
            Err(JaegerError::Malformed("no resourceSpans".into()))
        };
    };
    for resource_span in resource_spans
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let attributes = resource_span
            .get("resource")
            .and_then(|r| r.get("attributes"));
        let mut process = Process {
            service: NO_SERVICE_NAME.to_string(),
            tags: Vec::new(),
        };
        for tag in key_values(attributes) {
            match (tag.key.as_str(), &tag.value) {
                ("service.name", TagValue::Str(name)) => process.service = name.clone(),
                _ => process.tags.push(tag),
            }
        }
        // `instrumentationLibrarySpans` is the pre-1.0 OTLP name of `scopeSpans`.
        let scopes = resource_span
            .get("scopeSpans")
            .or_else(|| resource_span.get("instrumentationLibrarySpans"));
        for scope_span in scopes
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let scope = scope_span
                .get("scope")
                .or_else(|| scope_span.get("instrumentationLibrary"));
            let scope_tags = scope_tags(scope);
            for span in scope_span
                .get("spans")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                builder.add(span, &process, &scope_tags);
            }
        }
    }
    Ok(())
}

#[derive(Default)]
struct TraceBuilder {
    traces: Vec<Trace>,
    trace_index: HashMap<String, usize>,
    /// Per trace: process signature -> index, so each resource is one process.
    process_index: Vec<HashMap<String, usize>>,
}

impl TraceBuilder {
    fn add(&mut self, raw: &Value, process: &Process, scope_tags: &[Tag]) {
        let trace_id = trace_id_to_hex(str_field(raw, "traceId"));
        let t = *self.trace_index.entry(trace_id.clone()).or_insert_with(|| {
            self.traces.push(Trace {
                trace_id: trace_id.clone(),
                ..Trace::default()
            });
            self.process_index.push(HashMap::new());
            self.traces.len() - 1
        });
        let trace = &mut self.traces[t];
        let signature = format!("{}\u{0}{:?}", process.service, process.tags);
        let process_slot = *self.process_index[t].entry(signature).or_insert_with(|| {
            trace.processes.push(process.clone());
            trace.processes.len() - 1
        });
        trace
            .spans
            .push(convert_span(raw, &trace_id, process_slot, scope_tags));
    }
}

fn convert_span(raw: &Value, trace_id: &str, process: usize, scope_tags: &[Tag]) -> Span {
    let mut warnings = Vec::new();
    let mut time = |field: &str| {
        nanos(raw.get(field)).unwrap_or_else(|| {
            warnings.push(format!(
                "{field} {} is not a nanosecond count: read as 0",
                raw[field]
            ));
            0
        })
    };
    let start_ns = time("startTimeUnixNano");
    let end_ns = time("endTimeUnixNano");
    let mut references = Vec::new();
    let parent = str_field(raw, "parentSpanId");
    if !is_empty_id(parent) {
        references.push(SpanRef {
            ref_type: RefType::ChildOf,
            trace_id: trace_id.to_string(),
            span_id: id_to_hex(parent),
        });
    }
    for link in raw
        .get("links")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        // Jaeger's Jaeger->OTLP mapping keeps the original reference type on the link.
        let was_child_of = key_values(link.get("attributes"))
            .iter()
            .any(|t| t.key == "opentracing.ref_type" && t.value.to_string() == "child_of");
        references.push(SpanRef {
            ref_type: if was_child_of {
                RefType::ChildOf
            } else {
                RefType::FollowsFrom
            },
            trace_id: trace_id_to_hex(str_field(link, "traceId")),
            span_id: id_to_hex(str_field(link, "spanId")),
        });
    }
    let mut tags: Vec<Tag> = scope_tags.to_vec();
    tags.extend(key_values(raw.get("attributes")));
    if let Some(kind) = span_kind(raw.get("kind")) {
        tags.push(Tag::new("span.kind", TagValue::Str(kind.into())));
    }
    tags.extend(status_tags(raw.get("status")));
    let trace_state = str_field(raw, "traceState");
    if !trace_state.is_empty() {
        tags.push(Tag::new(
            "w3c.tracestate",
            TagValue::Str(trace_state.into()),
        ));
    }
    let logs = raw
        .get("events")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|event| {
            let mut fields = Vec::new();
            let name = str_field(event, "name");
            if !name.is_empty() {
                fields.push(Tag::new("event", TagValue::Str(name.into())));
            }
            fields.extend(key_values(event.get("attributes")));
            SpanLog {
                timestamp_us: micros(nanos(event.get("timeUnixNano")).unwrap_or(0)),
                fields,
            }
        })
        .collect();
    let start_us = micros(start_ns);
    Span {
        span_id: id_to_hex(str_field(raw, "spanId")),
        trace_id: trace_id.to_string(),
        operation: str_field(raw, "name").to_string(),
        references,
        start_us,
        // As Jaeger: the duration is the truncated difference, not a difference of truncations.
        // An end before the start is a zero duration.
        duration_us: micros(end_ns.saturating_sub(start_ns)),
        process,
        tags,
        logs,
        warnings,
    }
}

/// A trace id as Jaeger's v1 API prints it: 128-bit ids whose high half is zero are shown as
/// their 64-bit low half, so both API generations name a trace the same way.
fn trace_id_to_hex(id: &str) -> String {
    let hex = id_to_hex(id);
    match hex.strip_prefix("0000000000000000") {
        Some(low) if hex.len() == 32 => low.to_string(),
        _ => hex,
    }
}

fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// OTLP's `fixed64` nanoseconds: a decimal string in OTLP JSON (values above `i64::MAX` are
/// valid: it is unsigned), a plain number from some encoders. Absent is 0 (proto3 JSON omits
/// zeros); anything else (negative, fractional, not a number, above `u64::MAX`) is `None`.
fn nanos(value: Option<&Value>) -> Option<u64> {
    match value {
        None | Some(Value::Null) => Some(0),
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        Some(_) => None,
    }
}

/// Nanoseconds to whole microseconds. Lossless into i64: `u64::MAX / 1000 < i64::MAX`.
fn micros(nanos: u64) -> i64 {
    i64::try_from(nanos / 1_000).unwrap_or(i64::MAX)
}

fn span_kind(value: Option<&Value>) -> Option<&'static str> {
    let code = match value? {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) => match s.trim_start_matches("SPAN_KIND_") {
            "INTERNAL" => 1,
            "SERVER" => 2,
            "CLIENT" => 3,
            "PRODUCER" => 4,
            "CONSUMER" => 5,
            _ => 0,
        },
        _ => 0,
    };
    Some(match code {
        1 => "internal",
        2 => "server",
        3 => "client",
        4 => "producer",
        5 => "consumer",
        _ => return None,
    })
}

fn status_tags(status: Option<&Value>) -> Vec<Tag> {
    let Some(status) = status else {
        return Vec::new();
    };
    let code = match status.get("code") {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(Value::String(s)) => match s.trim_start_matches("STATUS_CODE_") {
            "OK" => 1,
            "ERROR" => 2,
            _ => 0,
        },
        _ => 0,
    };
    let mut tags = Vec::new();
    match code {
        1 => tags.push(Tag::new("otel.status_code", TagValue::Str("OK".into()))),
        2 => {
            tags.push(Tag::new("otel.status_code", TagValue::Str("ERROR".into())));
            tags.push(Tag::new("error", TagValue::Bool(true)));
        }
        _ => {}
    }
    let message = str_field(status, "message");
    if !message.is_empty() {
        tags.push(Tag::new(
            "otel.status_description",
            TagValue::Str(message.into()),
        ));
    }
    tags
}

fn scope_tags(scope: Option<&Value>) -> Vec<Tag> {
    let Some(scope) = scope else {
        return Vec::new();
    };
    let mut tags = Vec::new();
    for (field, key) in [
        ("name", "otel.scope.name"),
        ("version", "otel.scope.version"),
    ] {
        let value = str_field(scope, field);
        if !value.is_empty() {
            tags.push(Tag::new(key, TagValue::Str(value.into())));
        }
    }
    tags
}

/// An OTLP `KeyValue` list (`[{"key":..,"value":{AnyValue}}]`) as typed tags.
fn key_values(list: Option<&Value>) -> Vec<Tag> {
    list.and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|kv| {
            let key = kv.get("key")?.as_str()?.to_string();
            Some(Tag {
                key,
                value: any_value(kv.get("value").unwrap_or(&Value::Null)),
            })
        })
        .collect()
}

/// An OTLP `AnyValue`. Arrays and maps become their JSON text (as Jaeger shows them); an
/// `intValue` is parsed exactly from its string form; bytes stay base64 text.
fn any_value(value: &Value) -> TagValue {
    let Some(object) = value.as_object() else {
        return TagValue::Str(String::new());
    };
    if let Some(v) = object.get("stringValue") {
        return TagValue::Str(v.as_str().unwrap_or_default().to_string());
    }
    if let Some(v) = object.get("boolValue") {
        return TagValue::Bool(v.as_bool().unwrap_or(false));
    }
    if let Some(v) = object.get("intValue") {
        return match value_as_i64(v).filter(|_| !v.is_f64()) {
            Some(i) => TagValue::Int(i),
            None => TagValue::Str(v.as_str().map_or_else(|| v.to_string(), str::to_string)),
        };
    }
    if let Some(v) = object.get("doubleValue") {
        return match v {
            Value::Number(n) => TagValue::Float(n.as_f64().unwrap_or(f64::NAN)),
            // proto3 JSON writes non-finite doubles as strings.
            Value::String(s) => TagValue::Float(s.parse().unwrap_or(f64::NAN)),
            _ => TagValue::Float(f64::NAN),
        };
    }
    if let Some(v) = object.get("bytesValue") {
        let text = v.as_str().unwrap_or_default().to_string();
        return if decode_base64(&text).is_some() {
            TagValue::Binary(text)
        } else {
            TagValue::Str(text)
        };
    }
    if let Some(v) = object.get("arrayValue") {
        let items: Vec<Value> = v
            .get("values")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|item| plain_json(&any_value(item)))
            .collect();
        return TagValue::Str(Value::Array(items).to_string());
    }
    if let Some(v) = object.get("kvlistValue") {
        let map: Map<String, Value> = key_values(v.get("values"))
            .into_iter()
            .map(|tag| (tag.key, plain_json(&tag.value)))
            .collect();
        return TagValue::Str(Value::Object(map).to_string());
    }
    TagValue::Str(String::new())
}

fn plain_json(value: &TagValue) -> Value {
    match value {
        TagValue::Str(s) | TagValue::Binary(s) => {
            // Nested arrays/maps were rendered as JSON text: embed them as JSON again.
            if s.starts_with('[') || s.starts_with('{') {
                serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone()))
            } else {
                Value::String(s.clone())
            }
        }
        TagValue::Bool(b) => Value::Bool(*b),
        TagValue::Int(i) => Value::from(*i),
        TagValue::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{"result":{"resourceSpans":[{
        "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"fl-trainer"}},
                                  {"key":"host.name","value":{"stringValue":"node-1"}}]},
        "scopeSpans":[{"scope":{"name":"meshsim","version":"1.0"},"spans":[
          {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"",
           "name":"fl.round","kind":2,"startTimeUnixNano":"1700000000123456789","endTimeUnixNano":"1700000000223456000",
           "attributes":[{"key":"round","value":{"intValue":"9223372036854775807"}},
                         {"key":"ratio","value":{"doubleValue":0.5}},
                         {"key":"ok","value":{"boolValue":true}},
                         {"key":"blob","value":{"bytesValue":"AAAwOQ=="}},
                         {"key":"peers","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"2"}]}}},
                         {"key":"cfg","value":{"kvlistValue":{"values":[{"key":"lr","value":{"doubleValue":0.1}}]}}}],
           "events":[{"timeUnixNano":"1700000000150000000","name":"aggregated","attributes":[{"key":"n","value":{"intValue":"3"}}]}],
           "status":{"code":2,"message":"late"}},
          {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"aaa19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b174",
           "name":"fl.train","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":"1700000000130000000","endTimeUnixNano":"1700000000140000000",
           "links":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708"}]}]}]}]}}"#;

    #[test]
    fn maps_otlp_like_jaeger() {
        let trace = parse_v3_trace(200, SAMPLE).unwrap();
        assert_eq!(trace.trace_id, "5b8efff798038103d269b633813fc60c");
        assert_eq!(trace.processes.len(), 1);
        assert_eq!(trace.processes[0].service, "fl-trainer");
        assert_eq!(trace.processes[0].tags[0].key, "host.name");
        let root = &trace.spans[0];
        assert_eq!(root.start_us, 1_700_000_000_123_456);
        assert_eq!(
            root.duration_us, 99_999,
            "truncated difference of nanoseconds"
        );
        assert!(root.references.is_empty());
        assert_eq!(root.tag("round"), Some(&TagValue::Int(i64::MAX)));
        assert_eq!(root.tag("ratio"), Some(&TagValue::Float(0.5)));
        assert_eq!(root.tag("blob"), Some(&TagValue::Binary("AAAwOQ==".into())));
        assert_eq!(root.tag("peers"), Some(&TagValue::Str(r#"["a",2]"#.into())));
        assert_eq!(
            root.tag("cfg"),
            Some(&TagValue::Str(r#"{"lr":0.1}"#.into()))
        );
        assert_eq!(root.tag("span.kind"), Some(&TagValue::Str("server".into())));
        assert_eq!(
            root.tag("otel.scope.name"),
            Some(&TagValue::Str("meshsim".into()))
        );
        assert_eq!(
            root.tag("otel.status_description"),
            Some(&TagValue::Str("late".into()))
        );
        assert!(root.is_error());
        assert_eq!(root.logs[0].timestamp_us, 1_700_000_000_150_000);
        assert_eq!(
            root.logs[0].fields[0],
            Tag::new("event", TagValue::Str("aggregated".into()))
        );
        let child = &trace.spans[1];
        assert_eq!(child.references[0].ref_type, RefType::ChildOf);
        assert_eq!(child.references[0].span_id, "eee19b7ec3c1b174");
        assert_eq!(child.references[1].ref_type, RefType::FollowsFrom);
        assert_eq!(child.kind().as_deref(), Some("client"));
    }

    #[test]
    fn short_trace_ids_and_child_of_links() {
        let body = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000005915e2d0f3575298",
            "spanId":"0000000000000001","name":"a","links":[{"traceId":"00000000000000ff00000000000000ff",
            "spanId":"00000000000000ff","attributes":[{"key":"opentracing.ref_type","value":{"stringValue":"child_of"}}]}]}]}]}]}"#;
        let traces = parse_otlp_traces(body).unwrap();
        assert_eq!(traces[0].trace_id, "5915e2d0f3575298");
        let link = &traces[0].spans[0].references[0];
        assert_eq!(
            (link.ref_type, link.trace_id.as_str()),
            (RefType::ChildOf, "00000000000000ff00000000000000ff")
        );
    }

    #[test]
    fn search_404_is_empty_and_trace_404_is_not_found() {
        let body = r#"{"error":{"httpCode":404,"message":"trace not found"}}"#;
        assert_eq!(parse_v3_search(404, body).unwrap(), Vec::<Trace>::new());
        assert_eq!(parse_v3_trace(404, body), Err(JaegerError::TraceNotFound));
        assert_eq!(
            parse_v3_search(200, r#"{"result":{}}"#).unwrap(),
            Vec::<Trace>::new()
        );
        assert!(matches!(
            parse_v3_search(400, r#"{"error":{"httpCode":400,"message":"bad"}}"#),
            Err(JaegerError::Api { code: 400, .. })
        ));
        assert!(matches!(
            parse_v3_search(200, "[1]"),
            Err(JaegerError::Malformed(_))
        ));
    }

    #[test]
    fn services_and_operations() {
        assert_eq!(
            parse_v3_services(200, r#"{"services":["a","b"]}"#).unwrap(),
            vec!["a", "b"]
        );
        let ops = parse_v3_operations(
            200,
            r#"{"operations":[{"name":"x","spanKind":"server"},{"name":"y","spanKind":""}]}"#,
        )
        .unwrap();
        assert_eq!(
            ops[0],
            Operation {
                name: "x".into(),
                span_kind: Some("server".into())
            }
        );
        assert_eq!(ops[1].span_kind, None);
        assert_eq!(parse_v3_services(200, "{}").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn search_groups_by_trace_and_accepts_base64_ids() {
        let body = r#"{"result":{"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"spans":[
            {"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"7HSt0yI3jsE=","name":"a","startTimeUnixNano":"1000","endTimeUnixNano":"2000"},
            {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","name":"b","startTimeUnixNano":1000,"endTimeUnixNano":500}]}]}]}}"#;
        let traces = parse_v3_search(200, body).unwrap();
        assert_eq!(traces.len(), 2);
        assert_eq!(traces[0].trace_id, "5b8efff798038103d269b633813fc60c");
        assert_eq!(traces[0].spans[0].span_id, "ec74add322378ec1");
        assert_eq!(traces[0].processes[0].service, NO_SERVICE_NAME);
        assert_eq!(
            traces[1].spans[0].duration_us, 0,
            "end before start clamps to zero"
        );
    }

    /// Jaeger's gateway snapshot `GetTrace.json` (tests/fixtures/jaeger/, compacted): a bare
    /// TracesData, kind and status code as numbers, an empty parentSpanId, and the times Go's
    /// zero `time.Time` gives as a u64 (`11651379494838206464` > `i64::MAX`).
    const GATEWAY_TRACES_DATA: &str = r#"{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[
        {"endTimeUnixNano":"11651379494838206464","kind":2,"name":"foobar","parentSpanId":"",
         "spanId":"00000000000000b4","startTimeUnixNano":"11651379494838206464","status":{"code":2},
         "traceId":"000000000000009600000000000000a0"}]}]}]}"#;

    fn assert_is_gateway_snapshot_trace(trace: &Trace) {
        assert_eq!(trace.trace_id, "000000000000009600000000000000a0");
        assert_eq!(
            trace.processes,
            vec![Process {
                service: NO_SERVICE_NAME.into(),
                tags: vec![]
            }]
        );
        assert_eq!(trace.spans.len(), 1);
        let span = &trace.spans[0];
        assert_eq!(
            (
                span.span_id.as_str(),
                span.trace_id.as_str(),
                span.operation.as_str()
            ),
            (
                "00000000000000b4",
                "000000000000009600000000000000a0",
                "foobar"
            )
        );
        assert!(
            span.references.is_empty(),
            "an empty parentSpanId is a root"
        );
        assert_eq!(span.start_us, 11_651_379_494_838_206);
        assert_eq!(span.duration_us, 0);
        assert_eq!(
            span.tags,
            vec![
                Tag::new("span.kind", TagValue::Str("server".into())),
                Tag::new("otel.status_code", TagValue::Str("ERROR".into())),
                Tag::new("error", TagValue::Bool(true)),
            ]
        );
        assert!(span.is_error());
        assert!(span.logs.is_empty() && span.warnings.is_empty());
    }

    #[test]
    fn gateway_get_trace_snapshot_bare_traces_data() {
        let trace = parse_v3_trace(200, GATEWAY_TRACES_DATA).unwrap();
        assert_is_gateway_snapshot_trace(&trace);
        assert!(trace.warnings.is_empty());
    }

    #[test]
    fn gateway_find_traces_snapshot_result_wrapped() {
        let wrapped = format!(r#"{{"result":{GATEWAY_TRACES_DATA}}}"#);
        let traces = parse_v3_search(200, &wrapped).unwrap();
        assert_eq!(traces.len(), 1);
        assert_is_gateway_snapshot_trace(&traces[0]);
        assert_eq!(traces, parse_v3_search(200, GATEWAY_TRACES_DATA).unwrap());
        assert_eq!(parse_v3_trace(200, &wrapped).unwrap(), traces[0]);
    }

    fn span_json(trace: &str, span: &str, extra: &str) -> String {
        format!(r#"{{"traceId":"{trace}","spanId":"{span}","name":"op-{span}"{extra}}}"#)
    }

    fn chunk(service: &str, spans: &[String]) -> String {
        format!(
            r#"{{"result":{{"resourceSpans":[{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"{service}"}}}}]}},"scopeSpans":[{{"spans":[{}]}}]}}]}}}}"#,
            spans.join(",")
        )
    }

    #[test]
    fn streamed_chunks_merge_by_trace_id() {
        let (a, b) = (
            "000000000000000a000000000000000a",
            "000000000000000b000000000000000b",
        );
        let body = format!(
            "{}\n{}\n",
            chunk("front", &[span_json(a, "01", ""), span_json(b, "02", "")]),
            chunk("back", &[span_json(a, "03", r#","parentSpanId":"01""#)]),
        );
        let traces = parse_v3_search(200, &body).unwrap();
        assert_eq!(traces.len(), 2);
        assert_eq!((traces[0].trace_id.as_str(), traces[0].spans.len()), (a, 2));
        assert_eq!(traces[0].services(), ["back", "front"]);
        assert_eq!(traces[0].spans[1].references[0].span_id, "01");
        assert_eq!((traces[1].trace_id.as_str(), traces[1].spans.len()), (b, 1));
        // By id: the other trace's span is kept, with a warning naming it.
        let trace = parse_v3_trace(200, &body).unwrap();
        assert_eq!(trace.spans.len(), 3);
        assert_eq!(
            trace.warnings,
            vec![format!("1 span(s) of trace {b} were in the response")]
        );
        assert_eq!(trace.service_of(&trace.spans[2]), "front");

        // A failure after the 200 arrives as an error chunk.
        let failed = format!(
            "{}\n{}",
            chunk("front", &[span_json(a, "01", "")]),
            r#"{"error":{"grpc_code":2,"http_code":500,"message":"storage timeout","http_status":"Internal Server Error"}}"#
        );
        assert_eq!(
            parse_v3_search(200, &failed),
            Err(JaegerError::Api {
                code: 500,
                message: "storage timeout".into()
            })
        );
        // A stream cut off mid-chunk, a blank body, and trailing garbage.
        let cut = &body[..body.len() - 20];
        assert_eq!(parse_v3_search(200, cut), Err(JaegerError::Truncated));
        assert_eq!(parse_v3_search(200, "  "), Err(JaegerError::Truncated));
        assert!(matches!(
            parse_v3_search(200, &format!("{body} ]")),
            Err(JaegerError::Malformed(_))
        ));
        // Services and operations stay single objects.
        assert!(matches!(
            parse_v3_services(200, r#"{"services":[]} {"services":[]}"#),
            Err(JaegerError::Malformed(m)) if m.contains("2 JSON values")
        ));
    }

    fn one_span(extra: &str) -> Span {
        let body = chunk("svc", &[span_json("01", "01", extra)]);
        parse_v3_trace(200, &body).unwrap().spans.swap_remove(0)
    }

    #[test]
    fn span_kinds_as_otlp_ints_and_as_names() {
        for (kind, expected) in [
            ("0", None),
            ("1", Some("internal")),
            ("2", Some("server")),
            ("3", Some("client")),
            ("4", Some("producer")),
            ("5", Some("consumer")),
            ("6", None),
            (r#""SPAN_KIND_UNSPECIFIED""#, None),
            (r#""SPAN_KIND_INTERNAL""#, Some("internal")),
            (r#""SPAN_KIND_SERVER""#, Some("server")),
            (r#""SPAN_KIND_CLIENT""#, Some("client")),
            (r#""SPAN_KIND_PRODUCER""#, Some("producer")),
            (r#""SPAN_KIND_CONSUMER""#, Some("consumer")),
        ] {
            let span = one_span(&format!(r#","kind":{kind}"#));
            assert_eq!(span.kind().as_deref(), expected, "kind {kind}");
        }
        assert_eq!(one_span("").kind(), None, "no kind");
    }

    #[test]
    fn status_codes_as_otlp_ints_and_as_names() {
        for (status, code, error) in [
            (r#"{"code":0}"#, None, false),
            (r#"{"code":1}"#, Some("OK"), false),
            (r#"{"code":2}"#, Some("ERROR"), true),
            (r#"{}"#, None, false),
            (r#"{"code":"STATUS_CODE_UNSET"}"#, None, false),
            (r#"{"code":"STATUS_CODE_OK"}"#, Some("OK"), false),
            (
                r#"{"code":"STATUS_CODE_ERROR","message":"boom"}"#,
                Some("ERROR"),
                true,
            ),
        ] {
            let span = one_span(&format!(r#","status":{status}"#));
            assert_eq!(
                span.tag("otel.status_code")
                    .map(ToString::to_string)
                    .as_deref(),
                code,
                "{status}"
            );
            assert_eq!(span.is_error(), error, "{status}");
            assert_eq!(span.tag("error").is_some(), error, "{status}");
        }
        let span = one_span(r#","status":{"code":"STATUS_CODE_ERROR","message":"boom"}"#);
        assert_eq!(
            span.tag("otel.status_description"),
            Some(&TagValue::Str("boom".into()))
        );
    }

    fn times(start: &str, end: &str) -> Span {
        one_span(&format!(
            r#","startTimeUnixNano":{start},"endTimeUnixNano":{end}"#
        ))
    }

    #[test]
    fn nanoseconds_are_u64_even_above_i64_max() {
        // Strings, as OTLP JSON writes fixed64, across and above i64::MAX.
        let span = times(r#""9223372036854775000""#, r#""9223372036854777999""#);
        assert_eq!(
            (span.start_us, span.duration_us),
            (9_223_372_036_854_775, 2)
        );
        let span = times(r#""11651379494838206464""#, r#""18446744073709551615""#);
        assert_eq!(span.start_us, 11_651_379_494_838_206);
        assert_eq!(
            span.duration_us, 6_795_364_578_871_345,
            "u64::MAX - start, truncated"
        );
        assert_eq!(span.end_us(), 18_446_744_073_709_551);
        assert!(span.warnings.is_empty());
        // Plain numbers (some encoders), also above i64::MAX.
        let span = times("11651379494838206464", "11651379494838207464");
        assert_eq!(
            (span.start_us, span.duration_us),
            (11_651_379_494_838_206, 1)
        );
        // An end before the start is zero long, not a negative or wrapped duration.
        let span = times(r#""18446744073709551615""#, r#""1000""#);
        assert_eq!(
            (span.start_us, span.duration_us),
            (18_446_744_073_709_551, 0)
        );
        // Absent times are 0 (proto3 omits zeros), silently.
        assert_eq!((one_span("").start_us, one_span("").warnings.len()), (0, 0));
        // Not a u64: read as 0, and the span says so.
        for bad in [
            r#""18446744073709551616""#,
            r#""-1""#,
            "-1",
            "1.5",
            r#""soon""#,
            "true",
        ] {
            let span = times(bad, r#""2000""#);
            assert_eq!((span.start_us, span.duration_us), (0, 2), "{bad}");
            assert_eq!(
                span.warnings,
                vec![format!(
                    "startTimeUnixNano {bad} is not a nanosecond count: read as 0"
                )]
            );
        }
    }
}
