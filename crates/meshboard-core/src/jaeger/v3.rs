//! Jaeger API v3: OTLP JSON (`{"result":{"resourceSpans":[...]}}`) into the trace model,
//! following Jaeger's own OTLP -> Jaeger mapping: `service.name` and the other resource
//! attributes make the process; `parentSpanId` a CHILD_OF reference, links FOLLOWS_FROM ones;
//! kind, status and scope become the tags `span.kind`, `otel.status_code` (+ `error=true`),
//! `otel.scope.name`/`version`; events become logs with an `event` field.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::error::JaegerError;
use super::ids::{decode_base64, id_to_hex, is_empty_id};
use super::v1::{value_as_i64, Operation};
use crate::trace::model::{Process, RefType, Span, SpanLog, SpanRef, Tag, TagValue, Trace};

/// Jaeger's service name for resources without `service.name`.
pub const NO_SERVICE_NAME: &str = "OTLP_ResourceNoServiceName";

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
    parse_otlp_value(decode_success(status, body)?)
}

/// `/api/v3/traces/{id}`: 404 is "trace not found".
pub fn parse_v3_trace(status: u16, body: &str) -> Result<Trace, JaegerError> {
    if status == 404 {
        return Err(JaegerError::TraceNotFound);
    }
    let mut traces = parse_otlp_value(decode_success(status, body)?)?;
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

/// OTLP JSON text (bare `TracesData` or wrapped in `{"result": ...}`) into traces.
pub fn parse_otlp_traces(text: &str) -> Result<Vec<Trace>, JaegerError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| JaegerError::from_unparsable_body(text, &e))?;
    parse_otlp_value(value)
}

fn decode_success(status: u16, body: &str) -> Result<Value, JaegerError> {
    if !(200..300).contains(&status) {
        return Err(JaegerError::from_response(status, body));
    }
    let value: Value =
        serde_json::from_str(body).map_err(|e| JaegerError::from_unparsable_body(body, &e))?;
    if let Some(error) = value.get("error").filter(|e| e.is_object()) {
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("unknown error");
        let code = error
            .get("httpCode")
            .and_then(Value::as_u64)
            .unwrap_or(u64::from(status));
        return Err(JaegerError::Api {
            code: u16::try_from(code).unwrap_or(status),
            message: message.into(),
        });
    }
    Ok(value)
}

/// Groups all spans by trace id, in order of first appearance.
pub(crate) fn parse_otlp_value(value: Value) -> Result<Vec<Trace>, JaegerError> {
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
            Ok(Vec::new())
        } else {
            Err(JaegerError::Malformed("no resourceSpans".into()))
        };
    };
    let mut builder = TraceBuilder::default();
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
    Ok(builder.traces)
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
    let start_ns = nanos(raw.get("startTimeUnixNano"));
    let end_ns = nanos(raw.get("endTimeUnixNano"));
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
                timestamp_us: micros(nanos(event.get("timeUnixNano"))),
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
        duration_us: micros(end_ns.saturating_sub(start_ns).max(0)),
        process,
        tags,
        logs,
        warnings: Vec::new(),
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

/// OTLP's uint64 nanoseconds (a string in proto3 JSON, sometimes a number), as i128.
fn nanos(value: Option<&Value>) -> i128 {
    match value {
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(i128::from)
            .or_else(|| n.as_i64().map(i128::from))
            .unwrap_or(0),
        _ => 0,
    }
}

fn micros(nanos: i128) -> i64 {
    i64::try_from(nanos.div_euclid(1_000)).unwrap_or(if nanos < 0 { i64::MIN } else { i64::MAX })
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
}
