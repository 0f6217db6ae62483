//! Jaeger's v1 JSON API (up to v2.20): `/api/services`, `/api/operations`, `/api/traces`,
//! `/api/traces/{id}`, `/api/dependencies`, in the UI model (`processes` p1.., typed tags, µs).

use super::search::{self, display_trace_id, TraceQuery};
use super::{now_us, JaegerState};
use crate::go_http;
use crate::loki::duration::parse_go_duration;
use crate::telemetry::{RefKind, SpanRecord, TagValue};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Jaeger's default search lookback when `start` is absent (`traceQueryLookbackDuration`).
const DEFAULT_LOOKBACK_US: i64 = 2 * 24 * 3600 * 1_000_000;
/// Default `lookback` of `/api/dependencies`, in milliseconds.
const DEFAULT_DEPENDENCY_LOOKBACK_MS: i64 = 24 * 3600 * 1000;
const DEFAULT_LIMIT: usize = 100;
/// Integers beyond ±(2^53 - 1) lose precision in JavaScript; the UI model sends them as strings.
const JS_MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// The response envelope (`structuredResponse`).
#[derive(Serialize)]
pub struct Envelope<T: Serialize> {
    pub data: T,
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    pub errors: Option<Vec<ErrorItem>>,
}

#[derive(Serialize)]
pub struct ErrorItem {
    pub code: u16,
    pub msg: String,
}

fn ok<T: Serialize>(data: T, total: usize) -> Response {
    go_http::json(
        StatusCode::OK,
        &Envelope {
            data,
            total,
            limit: 0,
            offset: 0,
            errors: None,
        },
        "application/json",
    )
}

/// Jaeger writes its JSON errors through `http.Error`: text/plain, nosniff, trailing newline.
pub fn error(status: StatusCode, msg: impl Into<String>) -> Response {
    let body = Envelope::<Option<()>> {
        data: None,
        total: 0,
        limit: 0,
        offset: 0,
        errors: Some(vec![ErrorItem {
            code: status.as_u16(),
            msg: msg.into(),
        }]),
    };
    go_http::error(status, &serde_json::to_string(&body).unwrap_or_default())
}

#[derive(Serialize)]
pub struct KeyValue {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub value: Value,
}

pub fn key_value(key: &str, v: &TagValue) -> KeyValue {
    let (kind, value) = match v {
        TagValue::Str(s) => ("string", Value::from(s.as_str())),
        TagValue::Bool(b) => ("bool", Value::from(*b)),
        TagValue::Int(i) if i.abs() > JS_MAX_SAFE_INTEGER => ("int64", Value::from(i.to_string())),
        TagValue::Int(i) => ("int64", Value::from(*i)),
        TagValue::Float(f) => (
            "float64",
            serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
        ),
        TagValue::Binary(b) => (
            "binary",
            Value::from(base64::engine::general_purpose::STANDARD.encode(b)),
        ),
    };
    KeyValue {
        key: key.to_string(),
        kind,
        value,
    }
}

#[derive(Serialize)]
pub struct Reference {
    #[serde(rename = "refType")]
    pub ref_type: &'static str,
    #[serde(rename = "traceID")]
    pub trace_id: String,
    #[serde(rename = "spanID")]
    pub span_id: String,
}

#[derive(Serialize)]
pub struct Log {
    pub timestamp: i64,
    pub fields: Vec<KeyValue>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    #[serde(rename = "traceID")]
    pub trace_id: String,
    #[serde(rename = "spanID")]
    pub span_id: String,
    pub flags: u32,
    pub operation_name: String,
    pub references: Vec<Reference>,
    pub start_time: i64,
    pub duration: i64,
    pub tags: Vec<KeyValue>,
    pub logs: Vec<Log>,
    #[serde(rename = "processID")]
    pub process_id: String,
    pub warnings: Option<Vec<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Process {
    pub service_name: String,
    pub tags: Vec<KeyValue>,
}

#[derive(Serialize)]
pub struct Trace {
    #[serde(rename = "traceID")]
    pub trace_id: String,
    pub spans: Vec<Span>,
    /// Keyed `p1`, `p2`, ... in order of first use; serialized sorted, as Go sorts map keys.
    pub processes: BTreeMap<String, Process>,
    pub warnings: Option<Vec<String>>,
}

/// The tags the v1 model shows: the span's own, then `span.kind` and the error status as the
/// OTLP-to-Jaeger translator adds them.
fn span_tags(s: &SpanRecord) -> Vec<KeyValue> {
    let mut tags: Vec<KeyValue> = s.tags.iter().map(|(k, v)| key_value(k, v)).collect();
    if !s.kind.is_empty() && !s.tags.iter().any(|(k, _)| k == "span.kind") {
        tags.push(key_value("span.kind", &TagValue::Str(s.kind.to_string())));
    }
    if s.error && !s.tags.iter().any(|(k, _)| k == "error") {
        tags.push(key_value(
            "otel.status_code",
            &TagValue::Str("ERROR".into()),
        ));
        tags.push(key_value("error", &TagValue::Bool(true)));
    }
    tags
}

pub fn trace_json(spans: &[&SpanRecord]) -> Trace {
    let mut processes: Vec<(&str, &[(String, TagValue)])> = Vec::new();
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        let key = (s.service.as_str(), s.process_tags.as_slice());
        let idx = match processes.iter().position(|p| *p == key) {
            Some(i) => i,
            None => {
                processes.push(key);
                processes.len() - 1
            }
        };
        out.push(Span {
            trace_id: display_trace_id(&s.trace_id).to_string(),
            span_id: s.span_id.clone(),
            flags: 1,
            operation_name: s.operation.clone(),
            references: s
                .references
                .iter()
                .map(|r| Reference {
                    ref_type: match r.kind {
                        RefKind::ChildOf => "CHILD_OF",
                        RefKind::FollowsFrom => "FOLLOWS_FROM",
                    },
                    trace_id: display_trace_id(&r.trace_id).to_string(),
                    span_id: r.span_id.clone(),
                })
                .collect(),
            start_time: s.start_us,
            duration: s.duration_us,
            tags: span_tags(s),
            logs: s
                .events
                .iter()
                .map(|e| Log {
                    timestamp: e.ts_us,
                    fields: e.fields.iter().map(|(k, v)| key_value(k, v)).collect(),
                })
                .collect(),
            process_id: format!("p{}", idx + 1),
            warnings: None,
        });
    }
    Trace {
        trace_id: spans
            .first()
            .map(|s| display_trace_id(&s.trace_id).to_string())
            .unwrap_or_default(),
        spans: out,
        processes: processes
            .into_iter()
            .enumerate()
            .map(|(i, (svc, tags))| {
                let tags = tags.iter().map(|(k, v)| key_value(k, v)).collect();
                (
                    format!("p{}", i + 1),
                    Process {
                        service_name: svc.to_string(),
                        tags,
                    },
                )
            })
            .collect(),
        warnings: None,
    }
}

fn query_pairs(q: Option<&str>) -> Vec<(String, String)> {
    q.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

/// Go's `url.Values.Get`: the first value, empty when absent.
fn get<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

fn all<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn parse_int_param(pairs: &[(String, String)], key: &str) -> Result<Option<i64>, String> {
    match get(pairs, key) {
        "" => Ok(None),
        v => v.parse().map(Some).map_err(|_| {
            format!(
                "unable to parse param '{key}': strconv.ParseInt: parsing {v:?}: invalid syntax"
            )
        }),
    }
}

pub async fn services(State(st): State<Arc<JaegerState>>) -> Response {
    let list = st.store.with_spans(search::services);
    let n = list.len();
    ok(list, n)
}

pub async fn service_operations(
    State(st): State<Arc<JaegerState>>,
    Path(service): Path<String>,
) -> Response {
    let mut names: Vec<String> = st
        .store
        .with_spans(|s| search::operations(s, Some(&service), None))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    names.dedup();
    let n = names.len();
    ok(names, n)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Operation {
    name: String,
    span_kind: String,
}

pub async fn operations(State(st): State<Arc<JaegerState>>, RawQuery(q): RawQuery) -> Response {
    let pairs = query_pairs(q.as_deref());
    let service = get(&pairs, "service");
    if service.is_empty() {
        return error(StatusCode::BAD_REQUEST, "parameter 'service' is required");
    }
    let kind = Some(get(&pairs, "spanKind")).filter(|k| !k.is_empty());
    let ops: Vec<Operation> = st
        .store
        .with_spans(|s| search::operations(s, Some(service), kind))
        .into_iter()
        .map(|(name, span_kind)| Operation { name, span_kind })
        .collect();
    let n = ops.len();
    ok(ops, n)
}

fn parse_search(pairs: &[(String, String)]) -> Result<(TraceQuery, Vec<String>), String> {
    let now = now_us();
    let start_max = parse_int_param(pairs, "end")?.unwrap_or(now);
    let start_min = parse_int_param(pairs, "start")?.unwrap_or(now - DEFAULT_LOOKBACK_US);
    let mut tags = Vec::new();
    for t in all(pairs, "tag") {
        let Some((k, v)) = t.split_once(':') else {
            return Err(format!(
                "malformed 'tag' parameter, expecting key:value, received: {t}"
            ));
        };
        tags.push((k.to_string(), v.to_string()));
    }
    for t in all(pairs, "tags") {
        let map: BTreeMap<String, String> = serde_json::from_str(t)
            .map_err(|e| format!("malformed 'tags' parameter, cannot unmarshal JSON: {e}"))?;
        tags.extend(map);
    }
    let limit = match get(pairs, "limit") {
        "" => DEFAULT_LIMIT as i64,
        v => v
            .parse::<i64>()
            .map_err(|_| format!("strconv.ParseInt: parsing {v:?}: invalid syntax"))?,
    };
    let duration = |key: &str| -> Result<Option<i64>, String> {
        match get(pairs, key) {
            "" => Ok(None),
            v => parse_go_duration(v)
                .map(|ns| Some(ns / 1000))
                .map_err(|e| format!("unable to parse param '{key}': {e}")),
        }
    };
    let (min_d, max_d) = (duration("minDuration")?, duration("maxDuration")?);
    let mut ids = Vec::new();
    for id in all(pairs, "traceID") {
        ids.push(
            search::parse_trace_id(id).map_err(|e| format!("cannot parse traceID param: {e}"))?,
        );
    }
    let service = get(pairs, "service");
    if ids.is_empty() && service.is_empty() {
        return Err("parameter 'service' is required".into());
    }
    if limit <= 0 {
        return Err("invalid parameter: limit must be greater than 0".into());
    }
    if start_min > start_max {
        return Err("invalid parameter: start time must be before end time".into());
    }
    if let (Some(a), Some(b)) = (min_d, max_d) {
        if a != 0 && b != 0 && b < a {
            return Err("'maxDuration' should be greater than 'minDuration'".into());
        }
    }
    let q = TraceQuery {
        service: Some(service.to_string()).filter(|s| !s.is_empty()),
        operation: Some(get(pairs, "operation").to_string()).filter(|s| !s.is_empty()),
        tags,
        min_duration_us: min_d.filter(|d| *d != 0),
        max_duration_us: max_d.filter(|d| *d != 0),
        start_min_us: start_min,
        start_max_us: start_max,
        limit: limit as usize,
    };
    Ok((q, ids))
}

pub async fn find_traces(State(st): State<Arc<JaegerState>>, RawQuery(q): RawQuery) -> Response {
    let pairs = query_pairs(q.as_deref());
    let (query, ids) = match parse_search(&pairs) {
        Ok(v) => v,
        Err(e) => return error(StatusCode::BAD_REQUEST, e),
    };
    let traces: Vec<Trace> = st.store.with_spans(|spans| {
        let found = if ids.is_empty() {
            search::find_traces(spans, &query)
        } else {
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            search::collect_traces(spans, &refs)
        };
        found.iter().map(|t| trace_json(t)).collect()
    });
    // v2.20's search leaves `total` at 0 (fixture api_traces_search_service_frontend).
    ok(traces, 0)
}

pub async fn get_trace(State(st): State<Arc<JaegerState>>, Path(id): Path<String>) -> Response {
    let id = match search::parse_trace_id(&id) {
        Ok(id) => id,
        Err(e) => return error(StatusCode::BAD_REQUEST, e),
    };
    let trace = st.store.with_spans(|spans| {
        search::collect_traces(spans, &[&id])
            .first()
            .map(|t| trace_json(t))
    });
    match trace {
        Some(t) => ok(vec![t], 0),
        None => error(StatusCode::NOT_FOUND, "trace not found"),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DependencyLink {
    parent: String,
    child: String,
    call_count: u64,
}

pub async fn dependencies(State(st): State<Arc<JaegerState>>, RawQuery(q): RawQuery) -> Response {
    let pairs = query_pairs(q.as_deref());
    let end_ms = match parse_int_param(&pairs, "endTs") {
        Ok(v) => v.unwrap_or(now_us() / 1000),
        Err(e) => return error(StatusCode::BAD_REQUEST, e),
    };
    let lookback_ms = match parse_int_param(&pairs, "lookback") {
        Ok(v) => v.unwrap_or(DEFAULT_DEPENDENCY_LOOKBACK_MS),
        Err(e) => return error(StatusCode::BAD_REQUEST, e),
    };
    let links: Vec<DependencyLink> = st
        .store
        .with_spans(|s| search::dependencies(s, (end_ms - lookback_ms) * 1000, end_ms * 1000))
        .into_iter()
        .map(|(parent, child, call_count)| DependencyLink {
            parent,
            child,
            call_count,
        })
        .collect();
    // Dependencies leave `total` at 0, unlike services and operations.
    ok(links, 0)
}
