//! Contract tests of the Jaeger stand-in: the recorded HotROD and ride-sharing traces are
//! loaded into the store and must come back from the v1 API as Jaeger returned them; the
//! envelopes, errors (JSON sent as text/plain) and the v3 OTLP JSON are checked too.

mod loki_jaeger_support;

use base64::Engine;
use loki_jaeger_support::{assert_shape, enc, fixture, get, serve, Keys, Resp};
use meshsim::store::TelemetryStore;
use meshsim::telemetry::{RefKind, SpanEvent, SpanRecord, SpanRef, TagValue};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;

fn pad(id: &str) -> String {
    format!("{id:0>32}")
}

fn tag_value(kv: &Value) -> TagValue {
    let v = &kv["value"];
    match kv["type"].as_str().unwrap() {
        "string" => TagValue::Str(v.as_str().unwrap().to_string()),
        "bool" => TagValue::Bool(v.as_bool().unwrap()),
        "int64" => TagValue::Int(
            v.as_i64()
                .unwrap_or_else(|| v.as_str().unwrap().parse().unwrap()),
        ),
        "float64" => TagValue::Float(v.as_f64().unwrap()),
        "binary" => TagValue::Binary(
            base64::engine::general_purpose::STANDARD
                .decode(v.as_str().unwrap())
                .unwrap(),
        ),
        other => panic!("tag type {other}"),
    }
}

fn tags(list: &Value) -> Vec<(String, TagValue)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|kv| (kv["key"].as_str().unwrap().to_string(), tag_value(kv)))
        .collect()
}

/// The span kind as a static string, the way the simulator fills `SpanRecord::kind`.
fn kind(tags: &[(String, TagValue)]) -> &'static str {
    match tags.iter().find(|(k, _)| k == "span.kind").map(|(_, v)| v) {
        Some(TagValue::Str(s)) => match s.as_str() {
            "server" => "server",
            "client" => "client",
            "producer" => "producer",
            "consumer" => "consumer",
            _ => "internal",
        },
        _ => "",
    }
}

/// Turns a v1 trace object back into the store's records (tags kept as recorded, so the
/// stand-in must reproduce the recording).
fn records(trace: &Value) -> Vec<SpanRecord> {
    let procs = &trace["processes"];
    trace["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let t = tags(&s["tags"]);
            let p = &procs[s["processID"].as_str().unwrap()];
            SpanRecord {
                trace_id: pad(s["traceID"].as_str().unwrap()),
                span_id: s["spanID"].as_str().unwrap().to_string(),
                references: s["references"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| SpanRef {
                        kind: if r["refType"] == "CHILD_OF" {
                            RefKind::ChildOf
                        } else {
                            RefKind::FollowsFrom
                        },
                        trace_id: pad(r["traceID"].as_str().unwrap()),
                        span_id: r["spanID"].as_str().unwrap().to_string(),
                    })
                    .collect(),
                service: p["serviceName"].as_str().unwrap().to_string(),
                operation: s["operationName"].as_str().unwrap().to_string(),
                kind: kind(&t),
                start_us: s["startTime"].as_i64().unwrap(),
                duration_us: s["duration"].as_i64().unwrap(),
                error: t
                    .iter()
                    .any(|(k, v)| k == "error" && *v == TagValue::Bool(true)),
                tags: t,
                events: s["logs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| SpanEvent {
                        ts_us: l["timestamp"].as_i64().unwrap(),
                        fields: tags(&l["fields"]),
                    })
                    .collect(),
                process_tags: tags(&p["tags"]),
            }
        })
        .collect()
}

fn trace_of(name: &str) -> Value {
    let f = fixture("jaeger", name);
    if f.get("data").is_some() {
        f["data"][0].clone()
    } else {
        f
    }
}

async fn server(traces: &[&str]) -> SocketAddr {
    let store = Arc::new(TelemetryStore::new(i64::MAX / 2));
    for t in traces {
        store.push_spans(records(&trace_of(t)));
    }
    serve(meshsim::jaeger::router(store)).await
}

const HOTROD_C: &str = "api_traces_id_hotrod_5915e2d0f3575298";
const HOTROD_B: &str = "api_traces_id_hotrod_68f464e5bf3714b6";
const RIDESHARE_A: &str = "api_traces_id_rideshare_otel_1f5faa7d";
const RIDESHARE_FAST: &str = "api_traces_id_rideshare_otel_50959bbc";

/// Spans with their process inlined (process IDs depend on span order), sorted, so two
/// renderings of one trace compare equal whatever order the spans come in.
fn canonical(trace: &Value, drop_flags: bool) -> Vec<Value> {
    let mut spans: Vec<Value> = trace["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut s = s.clone();
            let pid = s["processID"].as_str().unwrap().to_string();
            s["processID"] = trace["processes"][&pid].clone();
            if drop_flags {
                s.as_object_mut().unwrap().remove("flags");
            }
            s
        })
        .collect();
    spans.sort_by_key(|s| s.to_string());
    spans
}

fn assert_same_trace(actual: &Value, recorded: &Value, drop_flags: bool) {
    assert_eq!(actual["traceID"], recorded["traceID"]);
    assert_eq!(actual["warnings"], Value::Null);
    let n = actual["processes"].as_object().unwrap().len();
    let keys: Vec<String> = actual["processes"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let mut want: Vec<String> = (1..=n).map(|i| format!("p{i}")).collect();
    want.sort();
    assert_eq!(keys, want, "processes are keyed p1..pN");
    let (a, r) = (
        canonical(actual, drop_flags),
        canonical(recorded, drop_flags),
    );
    assert_eq!(a.len(), r.len());
    for (x, y) in a.iter().zip(&r) {
        assert_eq!(x, y);
    }
}

fn assert_envelope(r: &Resp) {
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/json"));
}

fn assert_error(r: &Resp, status: u16, fixture_name: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(
        r.body.ends_with("}\n"),
        "http.Error adds a newline: {:?}",
        r.body
    );
    assert!(!r.body.contains(": "), "compact Go JSON: {}", r.body);
    assert_eq!(r.json(), fixture("jaeger", fixture_name));
}

#[tokio::test]
async fn recorded_traces_come_back_as_recorded() {
    let addr = server(&[HOTROD_C, HOTROD_B, RIDESHARE_A, RIDESHARE_FAST]).await;
    for name in [HOTROD_C, HOTROD_B, RIDESHARE_A, RIDESHARE_FAST] {
        let recorded = fixture("jaeger", name);
        let id = recorded["data"][0]["traceID"].as_str().unwrap();
        let r = get(addr, &format!("/api/traces/{id}"), &[]).await;
        assert_envelope(&r);
        let v = r.json();
        assert_shape(&v, &recorded, Keys::Exact);
        assert_eq!(
            (
                v["total"].clone(),
                v["limit"].clone(),
                v["offset"].clone(),
                v["errors"].clone()
            ),
            (json!(0), json!(0), json!(0), Value::Null)
        );
        assert_same_trace(&v["data"][0], &recorded["data"][0], false);
    }
    // A 64-bit ID may also be asked for in its padded 128-bit form.
    let r = get(
        addr,
        &format!("/api/traces/{}", pad("5915e2d0f3575298")),
        &[],
    )
    .await;
    assert_eq!(r.json()["data"][0]["traceID"], "5915e2d0f3575298");
}

#[tokio::test]
async fn converter_and_transform_fixtures() {
    // Synthetic golden files: int64 beyond 2^53 as strings, binary as base64, float64, bool,
    // FOLLOWS_FROM, duplicate span IDs; and the OTLP-derived tags of /api/transform.
    for (name, id) in [
        ("converter_ui_01_trace", "0000000000000001"),
        (
            "api_transform_otlp2jaeger_out",
            "83a9efd15c1c98a977e0711cc93ee28b",
        ),
        (
            "trace_object_petclinic_17spans",
            "df84e36b9e2ee3815d07f0867a5be1f",
        ),
    ] {
        let addr = server(&[name]).await;
        let r = get(addr, &format!("/api/traces/{id}"), &[]).await;
        assert_envelope(&r);
        let v = r.json();
        let recorded = trace_of(name);
        assert_shape(&v["data"][0], &recorded, Keys::Exact);
        let mut expected = recorded.clone();
        // The stand-in cannot produce warnings (nothing in the store carries them).
        for s in expected["spans"].as_array_mut().unwrap() {
            s["warnings"] = Value::Null;
        }
        expected["warnings"] = Value::Null;
        expected["traceID"] = json!(id);
        assert_same_trace(&v["data"][0], &expected, true);
    }
    let v = get(
        server(&["converter_ui_01_trace"]).await,
        "/api/traces/1",
        &[],
    )
    .await
    .json();
    let tags = &v["data"][0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["operationName"] == "some-operation" && !s["tags"].as_array().unwrap().is_empty()
        })
        .unwrap()["tags"];
    assert!(tags.as_array().unwrap().contains(
        &json!({"key": "javascript_limit", "type": "int64", "value": "9223372036854775222"})
    ));
    assert!(tags
        .as_array()
        .unwrap()
        .contains(&json!({"key": "blob", "type": "binary", "value": "AAAwOQ=="})));
}

#[tokio::test]
async fn search_services_operations_dependencies() {
    let addr = server(&[HOTROD_C, HOTROD_B]).await;
    let window = "start=1657000000000000&end=1657916000000000";
    let r = get(addr, &format!("/api/traces?service=frontend&{window}"), &[]).await;
    assert_envelope(&r);
    let v = r.json();
    let recorded = fixture(
        "jaeger",
        "api_traces_search_service_frontend.derived-hotrod",
    );
    assert_shape(&v, &recorded, Keys::Exact);
    assert_eq!(v["total"], 0);
    let mut ids: Vec<&str> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["traceID"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["5915e2d0f3575298", "68f464e5bf3714b6"]);
    for t in recorded["data"].as_array().unwrap() {
        let ours = v["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["traceID"] == t["traceID"])
            .unwrap();
        assert_same_trace(ours, t, false);
    }

    // Filters: operation, tags (JSON and tag=k:v), durations, limit, time window.
    let count = |q: String| async move {
        get(addr, &format!("/api/traces?{window}&{q}"), &[])
            .await
            .json()["data"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(
        count(format!(
            "service=driver&operation={}",
            enc("/driver.DriverService/FindNearest")
        ))
        .await,
        2
    );
    assert_eq!(
        count(format!("service=redis&tags={}", enc(r#"{"error":"true"}"#))).await,
        2
    );
    assert_eq!(
        count("service=driver&tag=component:gRPC&limit=1".into()).await,
        1
    );
    assert_eq!(
        count("service=driver&tag=level:error".into()).await,
        2,
        "log fields are searched too"
    );
    assert_eq!(count("service=driver&minDuration=1h".into()).await, 0);
    assert_eq!(
        count("service=driver&minDuration=210ms&maxDuration=1.5s".into()).await,
        1
    );
    assert_eq!(
        count("service=redis&minDuration=33.8ms&maxDuration=33.9ms".into()).await,
        1
    );
    assert_eq!(
        get(addr, "/api/traces?service=driver", &[]).await.json()["data"],
        json!([]),
        "default window is the last two days"
    );

    // One trace's worth of derived fixtures.
    let addr = server(&[HOTROD_C]).await;
    let r = get(addr, "/api/services", &[]).await;
    assert_envelope(&r);
    assert_eq!(r.json(), fixture("jaeger", "api_services.derived-hotrod"));
    let r = get(addr, "/api/services/frontend/operations", &[]).await;
    assert_eq!(
        r.json(),
        fixture("jaeger", "api_services_frontend_operations.derived-hotrod")
    );
    let r = get(addr, "/api/operations?service=frontend", &[]).await;
    assert_eq!(
        r.json(),
        fixture("jaeger", "api_operations_service_frontend.derived-hotrod")
    );
    let r = get(
        addr,
        "/api/operations?service=frontend&spanKind=server",
        &[],
    )
    .await;
    assert_eq!(
        r.json()["data"],
        json!([{"name": "HTTP GET /dispatch", "spanKind": "server"}])
    );
    let r = get(
        addr,
        "/api/dependencies?endTs=1657916000000&lookback=86400000",
        &[],
    )
    .await;
    assert_envelope(&r);
    let v = r.json();
    assert_eq!(v, fixture("jaeger", "api_dependencies.derived-hotrod"));
    assert_shape(
        &v["data"],
        &fixture("jaeger", "dependencies_data_small"),
        Keys::Exact,
    );
}

#[tokio::test]
async fn v1_errors_are_json_sent_as_text() {
    let addr = server(&[HOTROD_C]).await;
    assert_error(
        &get(addr, "/api/traces", &[]).await,
        400,
        "error_400_service_required",
    );
    assert_error(
        &get(addr, "/api/operations", &[]).await,
        400,
        "error_400_service_required",
    );
    assert_error(
        &get(addr, "/api/traces/0123456789abcdef", &[]).await,
        404,
        "error_404_trace_not_found",
    );
    let r = get(addr, "/api/traces/not-hex", &[]).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["errors"][0]["code"], 400);
    let r = get(addr, "/api/traces?service=driver&minDuration=fast", &[]).await;
    assert_eq!(
        r.json()["errors"][0]["msg"],
        "unable to parse param 'minDuration': time: invalid duration \"fast\""
    );
    let r = get(addr, "/api/traces?service=driver&tag=nocolon", &[]).await;
    assert_eq!(
        r.json()["errors"][0]["msg"],
        "malformed 'tag' parameter, expecting key:value, received: nocolon"
    );
}

fn otlp_spans(v: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for rs in v["result"]["resourceSpans"].as_array().unwrap() {
        let attrs = rs["resource"]["attributes"].as_array().unwrap();
        assert_eq!(attrs[0]["key"], "service.name");
        let service = attrs[0]["value"]["stringValue"]
            .as_str()
            .unwrap()
            .to_string();
        for ss in rs["scopeSpans"].as_array().unwrap() {
            assert!(ss["scope"].is_object());
            for s in ss["spans"].as_array().unwrap() {
                out.push((service.clone(), s.clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn v3_otlp_json() {
    let addr = server(&[HOTROD_C, HOTROD_B, "converter_ui_01_trace"]).await;
    let r = get(addr, "/api/v3/services", &[]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["services"].as_array().unwrap().len(), 8);
    let r = get(
        addr,
        "/api/v3/operations?service=frontend&spanKind=client",
        &[],
    )
    .await;
    assert_eq!(
        r.json(),
        json!({"operations": [{"name": "/driver.DriverService/FindNearest", "spanKind": "client"}, {"name": "HTTP GET", "spanKind": "client"}]})
    );
    // Deprecated snake_case alias.
    let r = get(
        addr,
        "/api/v3/operations?service=frontend&span_kind=server",
        &[],
    )
    .await;
    assert_eq!(r.json()["operations"].as_array().unwrap().len(), 1);

    let r = get(addr, "/api/v3/traces/5915e2d0f3575298", &[]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v = r.json();
    let spans = otlp_spans(&v);
    let v1 = fixture("jaeger", HOTROD_C)["data"][0].clone();
    assert_eq!(spans.len(), v1["spans"].as_array().unwrap().len());
    for (service, s) in &spans {
        assert_eq!(s["traceId"], pad("5915e2d0f3575298"));
        let j = v1["spans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["spanID"] == s["spanId"])
            .unwrap();
        assert_eq!(
            *service,
            v1["processes"][j["processID"].as_str().unwrap()]["serviceName"]
        );
        assert_eq!(
            s["startTimeUnixNano"],
            (j["startTime"].as_i64().unwrap() * 1000).to_string()
        );
        assert_eq!(
            s["endTimeUnixNano"],
            ((j["startTime"].as_i64().unwrap() + j["duration"].as_i64().unwrap()) * 1000)
                .to_string()
        );
        let parent = j["references"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["refType"] == "CHILD_OF")
            .map(|r| r["spanID"].clone());
        assert_eq!(s.get("parentSpanId").cloned(), parent);
        let kind = j["tags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == "span.kind")
            .map(|t| t["value"].clone());
        let want_kind = match kind.as_ref().and_then(Value::as_str) {
            Some("server") => Some(json!(2)),
            Some("client") => Some(json!(3)),
            _ => None,
        };
        assert_eq!(s.get("kind").cloned(), want_kind);
        let is_error = j["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["key"] == "error" && t["value"] == true);
        assert_eq!(
            s["status"],
            if is_error {
                json!({"code": 2})
            } else {
                json!({})
            }
        );
        for a in s
            .get("attributes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let val = a["value"].as_object().unwrap();
            assert_eq!(val.len(), 1);
            let k = val.keys().next().unwrap().as_str();
            assert!([
                "stringValue",
                "boolValue",
                "intValue",
                "doubleValue",
                "bytesValue"
            ]
            .contains(&k));
            if k == "intValue" {
                assert!(val[k].is_string(), "int64 is a JSON string in OTLP");
            }
        }
        for e in s
            .get("events")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(e["timeUnixNano"].is_string());
        }
    }
    // Typed attributes of the synthetic trace: big ints, bytes and doubles.
    let v = get(addr, "/api/v3/traces/1", &[]).await.json();
    let attrs: Vec<Value> = otlp_spans(&v)
        .into_iter()
        .flat_map(|(_, s)| {
            s.get("attributes")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    assert!(attrs.contains(
        &json!({"key": "javascript_limit", "value": {"intValue": "9223372036854775222"}})
    ));
    assert!(attrs.contains(&json!({"key": "blob", "value": {"bytesValue": "AAAwOQ=="}})));
    assert!(attrs.contains(&json!({"key": "temperature", "value": {"doubleValue": 72.5}})));

    // Search, canonical and deprecated parameter names.
    let base = "query.startTimeMin=2022-07-05T00:00:00Z&query.startTimeMax=2022-07-16T00:00:00Z";
    let r = get(addr, &format!("/api/v3/traces?query.serviceName=driver&{base}&query.durationMin=100ms&query.searchDepth=5"), &[]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let ids: std::collections::BTreeSet<String> = otlp_spans(&r.json())
        .into_iter()
        .map(|(_, s)| s["traceId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    let r = get(addr, "/api/v3/traces?query.service_name=driver&query.start_time_min=2022-07-05T00:00:00Z&query.start_time_max=2022-07-16T00:00:00.5Z&query.attributes=%7B%22component%22%3A%22gRPC%22%7D", &[]).await;
    assert_eq!(r.status, 200, "{}", r.body);

    // Errors: GRPCGatewayError through http.Error.
    let r = get(
        addr,
        &format!("/api/v3/traces?query.serviceName=nobody&{base}"),
        &[],
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(
        r.body,
        "{\"error\":{\"httpCode\":404,\"message\":\"No traces found\"}}\n"
    );
    let r = get(addr, "/api/v3/traces/00000000000000000000000000000abc", &[]).await;
    assert_eq!(r.status, 404);
    let r = get(addr, "/api/v3/traces?query.serviceName=driver", &[]).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json(),
        json!({"error": {"httpCode": 400, "message": "query.startTimeMin and query.startTimeMax are required"}})
    );
    let r = get(addr, "/api/v3/traces?query.serviceName=driver&query.startTimeMin=yesterday&query.startTimeMax=2022-07-16T00:00:00Z", &[]).await;
    assert_eq!(r.status, 400);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("malformed parameter query.startTimeMin: parsing time"));
}
