//! Jaeger's API v3 HTTP gateway (Jaeger main): `/api/v3/services`, `/api/v3/operations`,
//! `/api/v3/traces`, `/api/v3/traces/{id}`, traces as OTLP JSON (`{"result":{"resourceSpans"}}`)
//! and errors as `{"error":{"httpCode","message"}}`.

use super::search::{self, TraceQuery};
use super::JaegerState;
use crate::go_http;
use crate::loki::duration::parse_go_duration;
use crate::loki::params::parse_rfc3339;
use crate::telemetry::{RefKind, SpanRecord, TagValue};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Serialize)]
struct GatewayError {
    error: GatewayErrorDetails,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GatewayErrorDetails {
    http_code: u16,
    message: String,
}

/// `GRPCGatewayError` written through `http.Error` (text/plain, trailing newline).
fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let body = GatewayError {
        error: GatewayErrorDetails {
            http_code: status.as_u16(),
            message: message.into(),
        },
    };
    go_http::error(status, &serde_json::to_string(&body).unwrap_or_default())
}

/// OTLP `AnyValue` in protobuf JSON: int64 as a string, bytes as base64.
#[derive(Serialize)]
enum AnyValue {
    #[serde(rename = "stringValue")]
    Str(String),
    #[serde(rename = "boolValue")]
    Bool(bool),
    #[serde(rename = "intValue")]
    Int(String),
    #[serde(rename = "doubleValue")]
    Double(f64),
    #[serde(rename = "bytesValue")]
    Bytes(String),
}

#[derive(Serialize)]
struct KeyValue {
    key: String,
    value: AnyValue,
}

fn kv(key: &str, v: &TagValue) -> KeyValue {
    let value = match v {
        TagValue::Str(s) => AnyValue::Str(s.clone()),
        TagValue::Bool(b) => AnyValue::Bool(*b),
        TagValue::Int(i) => AnyValue::Int(i.to_string()),
        TagValue::Float(f) => AnyValue::Double(*f),
        TagValue::Binary(b) => AnyValue::Bytes(base64::engine::general_purpose::STANDARD.encode(b)),
    };
    KeyValue {
        key: key.to_string(),
        value,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Event {
    time_unix_nano: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<KeyValue>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Link {
    trace_id: String,
    span_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<KeyValue>,
}

#[derive(Serialize, Default)]
struct Status {
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<u8>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Span {
    trace_id: String,
    span_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    parent_span_id: String,
    flags: u32,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<u8>,
    start_time_unix_nano: String,
    end_time_unix_nano: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<KeyValue>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    events: Vec<Event>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<Link>,
    status: Status,
}

#[derive(Serialize, Default)]
struct Scope {}

#[derive(Serialize)]
struct ScopeSpans {
    scope: Scope,
    spans: Vec<Span>,
}

#[derive(Serialize)]
struct Resource {
    attributes: Vec<KeyValue>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResourceSpans {
    resource: Resource,
    scope_spans: Vec<ScopeSpans>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TracesData {
    resource_spans: Vec<ResourceSpans>,
}

#[derive(Serialize)]
struct Wrapper {
    result: TracesData,
}

/// OTLP `Span.SpanKind` numbers.
pub fn kind_number(kind: &str) -> Option<u8> {
    match kind {
        "internal" => Some(1),
        "server" => Some(2),
        "client" => Some(3),
        "producer" => Some(4),
        "consumer" => Some(5),
        _ => None,
    }
}

fn otlp_span(s: &SpanRecord) -> Span {
    // The first same-trace CHILD_OF reference is the parent; every other reference is a link,
    // tagged with its OpenTracing type as Jaeger's translator does.
    let parent = s
        .references
        .iter()
        .position(|r| r.kind == RefKind::ChildOf && r.trace_id == s.trace_id);
    let links = s
        .references
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != parent)
        .map(|(_, r)| Link {
            trace_id: r.trace_id.clone(),
            span_id: r.span_id.clone(),
            attributes: vec![kv(
                "opentracing.ref_type",
                &TagValue::Str(
                    if r.kind == RefKind::ChildOf {
                        "child_of"
                    } else {
                        "follows_from"
                    }
                    .into(),
                ),
            )],
        })
        .collect();
    let events = s
        .events
        .iter()
        .map(|e| {
            // A Jaeger log's `event` field becomes the OTLP event name.
            let name = e
                .fields
                .iter()
                .find(|(k, _)| k == "event")
                .map(|(_, v)| search::tag_string(v))
                .unwrap_or_default();
            Event {
                time_unix_nano: (e.ts_us * 1000).to_string(),
                name,
                attributes: e
                    .fields
                    .iter()
                    .filter(|(k, _)| k != "event")
                    .map(|(k, v)| kv(k, v))
                    .collect(),
            }
        })
        .collect();
    Span {
        trace_id: s.trace_id.clone(),
        span_id: s.span_id.clone(),
        parent_span_id: parent
            .map(|i| s.references[i].span_id.clone())
            .unwrap_or_default(),
        flags: 1,
        name: s.operation.clone(),
        kind: kind_number(s.kind),
        start_time_unix_nano: (s.start_us * 1000).to_string(),
        end_time_unix_nano: ((s.start_us + s.duration_us) * 1000).to_string(),
        attributes: s
            .tags
            .iter()
            .filter(|(k, _)| k != "error" && k != "span.kind")
            .map(|(k, v)| kv(k, v))
            .collect(),
        events,
        links,
        status: Status {
            code: s.error.then_some(2),
        },
    }
}

/// A resource: the emitting service and its process tags.
type ResourceKey<'a> = (&'a str, &'a [(String, TagValue)]);

/// Spans grouped by resource (service + process tags), in order of first appearance.
fn traces_data<'a>(traces: impl IntoIterator<Item = Vec<&'a SpanRecord>>) -> TracesData {
    let mut resource_spans: Vec<ResourceSpans> = Vec::new();
    for trace in traces {
        let mut groups: Vec<(ResourceKey, Vec<Span>)> = Vec::new();
        for s in trace {
            let key = (s.service.as_str(), s.process_tags.as_slice());
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, spans)) => spans.push(otlp_span(s)),
                None => groups.push((key, vec![otlp_span(s)])),
            }
        }
        for ((service, tags), spans) in groups {
            let mut attributes = vec![kv("service.name", &TagValue::Str(service.to_string()))];
            attributes.extend(tags.iter().map(|(k, v)| kv(k, v)));
            resource_spans.push(ResourceSpans {
                resource: Resource { attributes },
                scope_spans: vec![ScopeSpans {
                    scope: Scope::default(),
                    spans,
                }],
            });
        }
    }
    TracesData { resource_spans }
}

fn traces_response(found: Vec<Vec<&SpanRecord>>) -> Response {
    if found.is_empty() {
        return error(StatusCode::NOT_FOUND, "No traces found");
    }
    go_http::json(
        StatusCode::OK,
        &Wrapper {
            result: traces_data(found),
        },
        "application/json",
    )
}

#[derive(Serialize)]
struct ServicesResponse {
    services: Vec<String>,
}

pub async fn services(State(st): State<Arc<JaegerState>>) -> Response {
    let services = st.store.with_spans(search::services);
    go_http::json(
        StatusCode::OK,
        &ServicesResponse { services },
        "application/json",
    )
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Operation {
    name: String,
    span_kind: String,
}

#[derive(Serialize)]
struct OperationsResponse {
    operations: Vec<Operation>,
}

/// Canonical camelCase parameter first, then the deprecated snake_case aliases.
fn resolve<'a>(pairs: &'a [(String, String)], names: &[&'a str]) -> Option<(&'a str, &'a str)> {
    names.iter().find_map(|n| {
        pairs
            .iter()
            .find(|(k, v)| k == n && !v.is_empty())
            .map(|(_, v)| (v.as_str(), *n))
    })
}

fn pairs(q: Option<&str>) -> Vec<(String, String)> {
    q.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

pub async fn operations(State(st): State<Arc<JaegerState>>, RawQuery(q): RawQuery) -> Response {
    let p = pairs(q.as_deref());
    let service = resolve(&p, &["service"]).map(|(v, _)| v);
    let kind = resolve(&p, &["spanKind", "span_kind"]).map(|(v, _)| v);
    let operations = st
        .store
        .with_spans(|s| search::operations(s, service, kind))
        .into_iter()
        .map(|(name, k)| Operation {
            name,
            span_kind: if k.is_empty() { "internal".into() } else { k },
        })
        .collect();
    go_http::json(
        StatusCode::OK,
        &OperationsResponse { operations },
        "application/json",
    )
}

/// Go's `time.Parse(time.RFC3339Nano, v)` error text, as the gateway passes it through.
fn time_error(name: &str, v: &str) -> String {
    format!("malformed parameter {name}: parsing time {v:?} as \"2006-01-02T15:04:05.999999999Z07:00\": cannot parse {v:?} as \"2006\"")
}

fn parse_find(p: &[(String, String)]) -> Result<TraceQuery, String> {
    let service =
        resolve(p, &["query.serviceName", "query.service_name"]).map(|(v, _)| v.to_string());
    let operation =
        resolve(p, &["query.operationName", "query.operation_name"]).map(|(v, _)| v.to_string());
    let (Some((tmin, tmin_name)), Some((tmax, tmax_name))) = (
        resolve(p, &["query.startTimeMin", "query.start_time_min"]),
        resolve(p, &["query.startTimeMax", "query.start_time_max"]),
    ) else {
        return Err("query.startTimeMin and query.startTimeMax are required".into());
    };
    let start_min = parse_rfc3339(tmin).ok_or_else(|| time_error(tmin_name, tmin))?;
    let start_max = parse_rfc3339(tmax).ok_or_else(|| time_error(tmax_name, tmax))?;
    let limit = match resolve(
        p,
        &[
            "query.searchDepth",
            "query.num_traces",
            "query.search_depth",
        ],
    ) {
        Some((v, name)) => v.parse::<usize>().map_err(|_| {
            format!("malformed parameter {name}: strconv.Atoi: parsing {v:?}: invalid syntax")
        })?,
        None => 100,
    };
    let duration = |names: &[&str]| -> Result<Option<i64>, String> {
        match resolve(p, names) {
            Some((v, name)) => parse_go_duration(v)
                .map(|ns| Some(ns / 1000))
                .map_err(|e| format!("malformed parameter {name}: {e}")),
            None => Ok(None),
        }
    };
    let min_d = duration(&["query.durationMin", "query.duration_min"])?;
    let max_d = duration(&["query.durationMax", "query.duration_max"])?;
    let tags = match resolve(p, &["query.attributes"]) {
        Some((v, _)) => serde_json::from_str::<BTreeMap<String, String>>(v)
            .map_err(|e| format!("malformed parameter query.attributes: {e}"))?
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    Ok(TraceQuery {
        service,
        operation,
        tags,
        min_duration_us: min_d.filter(|d| *d != 0),
        max_duration_us: max_d.filter(|d| *d != 0),
        start_min_us: start_min.div_euclid(1000),
        start_max_us: start_max.div_euclid(1000),
        limit: if limit == 0 { 100 } else { limit },
    })
}

pub async fn find_traces(State(st): State<Arc<JaegerState>>, RawQuery(q): RawQuery) -> Response {
    let query = match parse_find(&pairs(q.as_deref())) {
        Ok(q) => q,
        Err(e) => return error(StatusCode::BAD_REQUEST, e),
    };
    st.store
        .with_spans(|spans| traces_response(search::find_traces(spans, &query)))
}

pub async fn get_trace(
    State(st): State<Arc<JaegerState>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let id = match search::parse_trace_id(&id) {
        Ok(id) => id,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("malformed parameter trace_id: {e}"),
            )
        }
    };
    let p = pairs(q.as_deref());
    for names in [["startTime", "start_time"], ["endTime", "end_time"]] {
        if let Some((v, name)) = resolve(&p, &names) {
            if parse_rfc3339(v).is_none() {
                return error(StatusCode::BAD_REQUEST, time_error(name, v));
            }
        }
    }
    st.store
        .with_spans(|spans| traces_response(search::collect_traces(spans, &[&id])))
}
