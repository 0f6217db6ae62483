//! Contract tests of the Loki stand-in: every endpoint answered in-process and held to the
//! shapes, ordering rules, error bodies and content types of tests/fixtures/loki.

mod loki_jaeger_support;

use futures_util::StreamExt;
use loki_jaeger_support::{assert_shape, enc, fixture, get, post_form, serve, Keys, Resp};
use meshsim::store::TelemetryStore;
use meshsim::telemetry::LogRecord;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::Arc;

/// 2023-11-14T22:13:20Z: the records below sit in the minute after it.
const T0: i64 = 1_700_000_000_000_000_000;
const S: i64 = 1_000_000_000;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Structured log events of the seeds, as the simulator writes them: JSON lines, stream labels
/// job/instance/level/component and the trace ID as structured metadata.
fn records() -> Vec<LogRecord> {
    let mut out = Vec::new();
    for i in 0..60i64 {
        let (instance, level, component, line) = match i % 4 {
            0 => (
                "node-1",
                "info",
                "p2p",
                format!(
                    r#"{{"event":"p2p_peer_connected","peer_id":"peer-{i}","connection_time":"{}ms","total_peers":{}}}"#,
                    10 + i,
                    i % 7
                ),
            ),
            1 => (
                "node-2",
                "warning",
                "p2p",
                format!(
                    r#"{{"event":"p2p_connection_failed","peer_id":"peer-{i}","error":"timeout","retry_count":{}}}"#,
                    i % 3
                ),
            ),
            2 => (
                "node-1",
                "info",
                "federated",
                format!(
                    r#"{{"event":"federated_round_started","round_id":{i},"participants":["a","b"],"expected_duration":"{}s"}}"#,
                    i % 5
                ),
            ),
            _ => (
                "node-3",
                "error",
                "consensus",
                format!(
                    r#"{{"event":"consensus_failed","proposal_id":"p-{i}","error":"quorum not reached"}}"#
                ),
            ),
        };
        out.push(LogRecord {
            ts_ns: T0 + i * S,
            labels: labels(&[
                ("job", "agent-mesh"),
                ("instance", instance),
                ("level", level),
                ("component", component),
            ]),
            structured_metadata: labels(&[("trace_id", &format!("{:032x}", 0xabc000 + i))]),
            line,
        });
    }
    out
}

async fn server() -> SocketAddr {
    let store = Arc::new(TelemetryStore::new(i64::MAX / 2));
    store.push_logs(records());
    serve(meshsim::loki::router(store)).await
}

/// The query window covering every record, as ns integers.
fn window() -> String {
    format!("start={}&end={}", T0, T0 + 60 * S)
}

/// A recorded plain-text body from tests/fixtures/loki (exact bytes; see its SOURCE file).
fn fixture_text(name: &str) -> String {
    let path = format!(
        "{}/../tests/fixtures/loki/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_json(r: &Resp) {
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json"),
        "{:?}",
        r.headers
    );
}

/// Loki's query errors (`serverutil.WriteError`): plain text written with `fmt.Fprint`, so
/// without the newline `http.Error` adds (the exact bodies are asserted where they matter; the
/// pipeline error's own text ends with one).
fn assert_text_error(r: &Resp, status: u16) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    if !r.body.starts_with("pipeline error") {
        assert!(!r.body.ends_with('\n'), "{:?}", r.body);
    }
}

/// `data.stats` has exactly the Loki 3 schema.
fn assert_stats(v: &Value) {
    assert_shape(
        &v["data"]["stats"],
        &fixture("loki", "stats_full_schema_zero"),
        Keys::Exact,
    );
}

/// Compares the response to a fixture without `stats` (older fixtures carry older layouts).
fn assert_shape_without_stats(v: &Value, name: &str) {
    let mut fx = fixture("loki", name);
    let mut actual = v.clone();
    for x in [&mut fx, &mut actual] {
        if let Some(d) = x.get_mut("data").and_then(Value::as_object_mut) {
            d.remove("stats");
        }
        x.as_object_mut().unwrap().remove("warnings");
    }
    assert_shape(&actual, &fx, Keys::Exact);
}

async fn query_range(addr: SocketAddr, q: &str, extra: &str, headers: &[(&str, &str)]) -> Resp {
    get(
        addr,
        &format!(
            "/loki/api/v1/query_range?query={}&{}{extra}",
            enc(q),
            window()
        ),
        headers,
    )
    .await
}

fn ts(v: &Value) -> i64 {
    v[0].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn labels_and_label_values() {
    let addr = server().await;
    let r = get(addr, &format!("/loki/api/v1/labels?{}", window()), &[]).await;
    assert_json(&r);
    let v = r.json();
    for f in ["docs_labels", "encoder_labels"] {
        assert_shape(&v, &fixture("loki", f), Keys::Exact);
    }
    // Loki's distributor adds `service_name` to every stream.
    assert_eq!(
        v["data"],
        json!(["component", "instance", "job", "level", "service_name"])
    );

    let r = get(
        addr,
        &format!("/loki/api/v1/label/instance/values?{}", window()),
        &[],
    )
    .await;
    assert_json(&r);
    assert_shape(
        &r.json(),
        &fixture("loki", "docs_label_values"),
        Keys::Exact,
    );
    assert_eq!(r.json()["data"], json!(["node-1", "node-2", "node-3"]));

    let q = enc(r#"{level="error"}"#);
    let r = get(
        addr,
        &format!("/loki/api/v1/label/instance/values?query={q}&{}", window()),
        &[],
    )
    .await;
    assert_eq!(r.json()["data"], json!(["node-3"]));

    // Outside the stored time range Loki omits `data` (`omitempty`).
    let r = get(
        addr,
        "/loki/api/v1/label/instance/values?start=1&end=2",
        &[],
    )
    .await;
    assert_eq!(r.json(), json!({"status": "success"}));
}

#[tokio::test]
async fn streams_backward_and_forward() {
    let addr = server().await;
    let r = query_range(
        addr,
        r#"{job="agent-mesh", component="p2p"}"#,
        "&limit=10",
        &[],
    )
    .await;
    assert_json(&r);
    let v = r.json();
    for f in [
        "docs_query_range_streams",
        "encoder_query_range_streams",
        "grafana_streams_simple",
    ] {
        assert_shape_without_stats(&v, f);
    }
    assert_stats(&v);
    assert_eq!(v["data"]["resultType"], "streams");
    let streams = v["data"]["result"].as_array().unwrap();
    let all: Vec<i64> = streams
        .iter()
        .flat_map(|s| s["values"].as_array().unwrap().iter().map(ts))
        .collect();
    assert_eq!(all.len(), 10, "limit");
    // backward: the newest lines overall, newest first inside each stream.
    assert!(all.iter().all(|t| *t >= T0 + 40 * S));
    for s in streams {
        let t: Vec<i64> = s["values"].as_array().unwrap().iter().map(ts).collect();
        assert!(t.windows(2).all(|w| w[0] > w[1]), "backward order {t:?}");
    }
    // Streams ordered by their label text.
    let keys: Vec<String> = streams.iter().map(|s| s["stream"].to_string()).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(v["data"]["stats"]["summary"]["totalEntriesReturned"], 10);

    let r = query_range(
        addr,
        r#"{job="agent-mesh", component="p2p"}"#,
        "&limit=5&direction=forward",
        &[],
    )
    .await;
    let v = r.json();
    let all: Vec<i64> = v["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["values"].as_array().unwrap().iter().map(ts))
        .collect();
    assert_eq!(all.len(), 5);
    assert!(
        all.iter().all(|t| *t < T0 + 10 * S),
        "forward takes the oldest lines"
    );
    for s in v["data"]["result"].as_array().unwrap() {
        let t: Vec<i64> = s["values"].as_array().unwrap().iter().map(ts).collect();
        assert!(t.windows(2).all(|w| w[0] < w[1]), "forward order {t:?}");
    }
}

#[tokio::test]
async fn pipeline_filters_parsers_and_line_format() {
    let addr = server().await;
    let q = r#"{job="agent-mesh"} |= "federated_round" | json | round_id >= 30 | expected_duration > 2s | line_format "round {{.round_id}} ({{.trace_id}})""#;
    let v = query_range(addr, q, "", &[]).await.json();
    let result = v["data"]["result"].as_array().unwrap();
    assert!(!result.is_empty());
    for s in result {
        assert_eq!(s["stream"]["event"], "federated_round_started");
        assert!(
            s["stream"]["round_id"]
                .as_str()
                .unwrap()
                .parse::<i64>()
                .unwrap()
                >= 30
        );
        assert!(
            s["stream"]["trace_id"].is_string(),
            "structured metadata joins the labels"
        );
        for line in s["values"].as_array().unwrap() {
            assert!(line[1].as_str().unwrap().starts_with("round "), "{line}");
        }
    }
    let v = query_range(
        addr,
        r#"{instance=~"node-[12]", level!="info"} | logfmt | retry_count="2""#,
        "",
        &[],
    )
    .await
    .json();
    // JSON lines are not logfmt: Loki 3's default (non-strict) logfmt skips what it cannot
    // read without marking the line, so no `retry_count` label and nothing matches.
    assert!(v["data"]["result"].as_array().unwrap().is_empty(), "{v}");
    let v = query_range(
        addr,
        r#"{instance=~"node-[12]"} !~ "p2p_peer|federated" | json | retry_count="2""#,
        "",
        &[],
    )
    .await
    .json();
    let n: usize = v["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["values"].as_array().unwrap().len())
        .sum();
    assert_eq!(n, 5);
}

#[tokio::test]
async fn categorize_labels_encoding() {
    let addr = server().await;
    let h = [("X-Loki-Response-Encoding-Flags", "categorize-labels")];
    let v = query_range(addr, r#"{component="federated"} | json"#, "&limit=3", &h)
        .await
        .json();
    for f in [
        "encoder_query_range_streams_categorize_labels",
        "grafana_streams_structured_metadata",
    ] {
        assert_shape_without_stats(&v, f);
    }
    assert_stats(&v);
    assert_eq!(v["data"]["encodingFlags"], json!(["categorize-labels"]));
    let first = &v["data"]["result"][0];
    assert!(
        first["stream"].get("event").is_none(),
        "stream keeps only stream labels"
    );
    let cats = &first["values"][0][2];
    assert!(cats["structuredMetadata"]["trace_id"].is_string());
    assert_eq!(cats["parsed"]["event"], "federated_round_started");
    // Without parsers the third element carries only the metadata.
    let v = query_range(addr, r#"{component="federated"}"#, "&limit=1", &h)
        .await
        .json();
    assert_eq!(
        v["data"]["result"][0]["values"][0][2]
            .as_object()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn matrix_queries() {
    let addr = server().await;
    let q = r#"sum by (level) (count_over_time({job="agent-mesh"}[10s]))"#;
    let r = query_range(addr, q, "&step=10", &[]).await;
    assert_json(&r);
    let v = r.json();
    for f in [
        "docs_query_range_matrix",
        "encoder_query_range_matrix_with_warnings",
        "grafana_matrix_inf",
        "grafana_matrix_nan",
    ] {
        assert_shape_without_stats(&v, f);
    }
    assert_stats(&v);
    let result = v["data"]["result"].as_array().unwrap();
    assert_eq!(
        result
            .iter()
            .map(|s| s["metric"]["level"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["error", "info", "warning"]
    );
    let info = &result[1]["values"];
    let times: Vec<i64> = info
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_i64().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[1] - w[0] == 10),
        "ascending, step-aligned: {times:?}"
    );
    // The step at T0+10s counts the info lines of (T0, T0+10s]: i = 2, 4, 6, 8, 10.
    assert_eq!(info[1], json!([(T0 + 10 * S) / S, "5"]));

    let v = query_range(
        addr,
        r#"topk(2, sum by (instance) (rate({job="agent-mesh"}[1m])))"#,
        "&step=60",
        &[],
    )
    .await
    .json();
    assert_eq!(v["data"]["result"].as_array().unwrap().len(), 2);
    let v = query_range(
        addr,
        r#"count without (level, component) (bytes_over_time({job="agent-mesh"}[30s]))"#,
        "&step=1m",
        &[],
    )
    .await
    .json();
    assert!(v["data"]["result"][0]["values"][0][1].is_string());
    // Fractional-second steps give float timestamps, as Prometheus' model.Time marshals them.
    let v = query_range(
        addr,
        r#"count_over_time({instance="node-3"}[5s])"#,
        "&step=0.5",
        &[],
    )
    .await
    .json();
    assert!(v["data"]["result"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p[0].is_f64()));
}

#[tokio::test]
async fn instant_vector_queries() {
    let addr = server().await;
    let q = enc(r#"sum by (level) (count_over_time({job="agent-mesh"}[1m]))"#);
    let r = get(
        addr,
        &format!("/loki/api/v1/query?query={q}&time={}", T0 + 60 * S),
        &[],
    )
    .await;
    assert_json(&r);
    let v = r.json();
    for f in ["docs_query_vector", "encoder_query_vector_with_warnings"] {
        assert_shape_without_stats(&v, f);
    }
    assert_stats(&v);
    assert_eq!(v["data"]["result"][0]["value"][0], json!((T0 + 60 * S) / S));
    // Loki 3 refuses log queries on the instant endpoint.
    let r = get(
        addr,
        &format!("/loki/api/v1/query?query={}", enc(r#"{job="agent-mesh"}"#)),
        &[],
    )
    .await;
    assert_text_error(&r, 400);
    assert_eq!(r.body, "log queries are not supported as an instant query type, please change your query to a range query type");
}

#[tokio::test]
async fn series_and_volume() {
    let addr = server().await;
    let m = enc(r#"{level="error"}"#);
    let m2 = enc(r#"{instance="node-2"}"#);
    let r = get(
        addr,
        &format!("/loki/api/v1/series?match[]={m}&match[]={m2}&{}", window()),
        &[],
    )
    .await;
    assert_json(&r);
    // Series entries are label sets (any keys): compare them as such by wrapping each one.
    let as_label_sets = |v: &Value| -> Value {
        let sets: Vec<Value> = v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| json!({"labels": s}))
            .collect();
        json!({"status": v["status"], "data": sets})
    };
    for f in ["docs_series", "encoder_series"] {
        assert_shape(
            &as_label_sets(&r.json()),
            &as_label_sets(&fixture("loki", f)),
            Keys::Exact,
        );
    }
    assert_eq!(r.json()["data"].as_array().unwrap().len(), 2);
    let r = get(
        addr,
        &format!("/loki/api/v1/series?match[]={}&start=1&end=2", m),
        &[],
    )
    .await;
    assert_eq!(r.json(), json!({"status": "success", "data": []}));

    let q = enc(r#"{job=~".+"}"#);
    let r = get(
        addr,
        &format!("/loki/api/v1/index/volume?query={q}&{}", window()),
        &[],
    )
    .await;
    assert_json(&r);
    let v = r.json();
    assert_shape(
        &v,
        &fixture("loki", "index_volume_recorded"),
        Keys::Superset,
    );
    assert_stats(&v);
    assert_eq!(
        v["data"]["result"][0]["metric"],
        json!({"job": "agent-mesh"})
    );
    let r = get(
        addr,
        &format!(
            "/loki/api/v1/index/volume?query={q}&targetLabels=instance&limit=2&{}",
            window()
        ),
        &[],
    )
    .await;
    let result = r.json()["data"]["result"].as_array().unwrap().clone();
    assert_eq!(result.len(), 2);
    let vols: Vec<f64> = result
        .iter()
        .map(|s| s["value"][1].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(vols[0] >= vols[1], "largest first");
    let r = get(
        addr,
        &format!(
            "/loki/api/v1/index/volume_range?query={q}&step=30&{}",
            window()
        ),
        &[],
    )
    .await;
    assert_json(&r);
    let v = r.json();
    assert_shape_without_stats(&v, "docs_query_range_matrix");
    // Loki orders volume_range series by their first bucket, largest first.
    let first: Vec<f64> = v["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["values"][0][1].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(first.windows(2).all(|w| w[0] >= w[1]), "{first:?}");
    // Buckets as Loki's volume middleware cuts them (util.ForInterval with its 1 ms split
    // gap): on multiples of the step, each labelled by its end, the last ending at `end`.
    let mut ts: Vec<f64> = v["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p[0].as_f64().unwrap())
        })
        .collect();
    ts.sort_by(f64::total_cmp);
    ts.dedup();
    assert_eq!(ts, [1_700_000_009.999, 1_700_000_039.999, 1_700_000_060.0]);
    // One bucket per series: Loki's volume_range answers a vector (volume.go toPrometheusData),
    // shaped as the recorded instant volume.
    let r = get(
        addr,
        &format!(
            "/loki/api/v1/index/volume_range?query={q}&targetLabels=instance&step=1h&{}",
            window()
        ),
        &[],
    )
    .await;
    assert_json(&r);
    let v = r.json();
    assert_eq!(v["data"]["resultType"], "vector", "{v}");
    assert_shape(
        &v,
        &fixture("loki", "index_volume_recorded"),
        Keys::Superset,
    );
    assert_eq!(v["data"]["result"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn errors_are_plain_text_like_loki() {
    let addr = server().await;
    let r = query_range(addr, r#"{foo="bar"} foo"#, "", &[]).await;
    assert_text_error(&r, 400);
    assert_eq!(
        r.body,
        "parse error at line 1, col 13: syntax error: unexpected IDENTIFIER"
    );
    // A bare word where the selector must start (recorded: grafana/loki#1727).
    let r = query_range(addr, "cats", "", &[]).await;
    assert_text_error(&r, 400);
    assert_eq!(
        r.body,
        fixture_text("error_400_parse_unexpected_identifier.txt")
    );
    let r = query_range(addr, r#"{a="b"} | pattern "<_>""#, "", &[]).await;
    assert_text_error(&r, 400);
    assert_eq!(
        r.body,
        "parse error : stage '| pattern \"<_>\"' : at least one capture is required"
    );
    let r = query_range(addr, r#"{a="b"}"#, "&limit=5001", &[]).await;
    assert_text_error(&r, 400);
    assert_eq!(
        r.body,
        "max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)"
    );
    let r = query_range(addr, r#"rate({a="b"}[1m])"#, "&step=0", &[]).await;
    assert_text_error(&r, 400);
    let r = get(
        addr,
        "/loki/api/v1/query_range?query=%7Ba%3D%22b%22%7D&start=soon",
        &[],
    )
    .await;
    assert_text_error(&r, 400);
    let r = get(
        addr,
        &format!("/loki/api/v1/series?match[]={}", enc(r#"{a="b"} |= "x""#)),
        &[],
    )
    .await;
    assert_text_error(&r, 400);
    let r = query_range(
        addr,
        r#"count_over_time({job="agent-mesh"} | json | peer_id > 1 [1m])"#,
        "&step=60",
        &[],
    )
    .await;
    assert_text_error(&r, 400);
    assert!(
        r.body
            .starts_with("pipeline error: 'LabelFilterErr' for series: '{"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn time_parameters_in_every_form() {
    let addr = server().await;
    let q = enc(r#"{instance="node-3"}"#);
    let forms = [
        format!("start={}&end={}", T0 + 10 * S, T0 + 20 * S),
        format!("start={}&end={}", (T0 + 10 * S) / S, (T0 + 20 * S) / S),
        format!(
            "start={}.0&end={}.000",
            (T0 + 10 * S) / S,
            (T0 + 20 * S) / S
        ),
        "start=2023-11-14T22:13:30Z&end=2023-11-14T22:13:40Z".to_string(),
    ];
    let mut bodies = Vec::new();
    for f in &forms {
        let v = get(
            addr,
            &format!("/loki/api/v1/query_range?query={q}&{f}"),
            &[],
        )
        .await
        .json();
        bodies.push(v["data"]["result"].clone());
    }
    assert!(bodies.iter().all(|b| *b == bodies[0]), "{bodies:?}");
    // [start, end) holds node-3 lines i = 11, 15, 19; each has its own trace_id (structured
    // metadata joins the stream labels), so each is its own stream.
    let n: usize = bodies[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["values"].as_array().unwrap().len())
        .sum();
    assert_eq!(n, 3);

    let form = format!("query={q}&{}", forms[0]);
    let v = post_form(addr, "/loki/api/v1/query_range", &[], &form)
        .await
        .json();
    assert_eq!(v["data"]["result"], bodies[0]);
}

#[tokio::test]
async fn tenants_are_scoped() {
    let addr = server().await;
    let q = r#"{job="agent-mesh"}"#;
    for (tenant, has) in [("fake", true), ("other", false), ("other|fake", true)] {
        let v = query_range(addr, q, "", &[("X-Scope-OrgID", tenant)])
            .await
            .json();
        assert_eq!(
            !v["data"]["result"].as_array().unwrap().is_empty(),
            has,
            "tenant {tenant}"
        );
    }
    let r = get(
        addr,
        &format!("/loki/api/v1/labels?{}", window()),
        &[("X-Scope-OrgID", "other")],
    )
    .await;
    assert_eq!(r.json(), json!({"status": "success"}));
}

async fn tail_message(addr: SocketAddr, headers: &[(&'static str, &str)]) -> Value {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!(
        "ws://{addr}/loki/api/v1/tail?query={}&start={}&limit=3",
        enc(r#"{instance="node-1"}"#),
        T0
    );
    let mut req = url.into_client_request().unwrap();
    for (k, v) in headers {
        req.headers_mut().insert(*k, v.parse().unwrap());
    }
    let (mut ws, _) = tokio_tungstenite::connect_async(req)
        .await
        .expect("websocket");
    let msg = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
        .await
        .expect("a tail message")
        .unwrap()
        .unwrap();
    serde_json::from_str(msg.to_text().unwrap()).unwrap()
}

/// Fixture without `dropped_entries`: Loki only sends it when it dropped lines for a slow
/// client, which the stand-in never does.
fn tail_fixture(name: &str) -> Value {
    let mut fx = fixture("loki", name);
    fx.as_object_mut().unwrap().remove("dropped_entries");
    fx
}

#[tokio::test]
async fn tail_websocket() {
    let addr = server().await;
    let v = tail_message(addr, &[]).await;
    assert_shape(&v, &tail_fixture("encoder_tail_message"), Keys::Exact);
    let ts: Vec<i64> = v["streams"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["values"].as_array().unwrap().iter().map(ts))
        .collect();
    assert_eq!(ts.len(), 3);
    assert!(
        ts.iter().all(|t| *t < T0 + 10 * S),
        "the replay starts at `start`, oldest first"
    );

    let v = tail_message(
        addr,
        &[("X-Loki-Response-Encoding-Flags", "categorize-labels")],
    )
    .await;
    assert_shape(
        &v,
        &tail_fixture("encoder_tail_message_categorize_labels"),
        Keys::Exact,
    );

    let r = get(
        addr,
        &format!("/loki/api/v1/tail?query={}", enc("{a=")),
        &[],
    )
    .await;
    assert_text_error(&r, 400);
}

#[tokio::test]
async fn readiness_and_buildinfo() {
    let addr = server().await;
    assert_eq!(get(addr, "/ready", &[]).await.body, "ready\n");
    assert!(get(addr, "/loki/api/v1/status/buildinfo", &[]).await.json()["version"].is_string());
}

/// Streams as real deployments have them: one without a `level` label whose lines are partly
/// not JSON (a traceback, a plain message), next to the JSON streams.
async fn mixed_server(require_tenant: bool) -> SocketAddr {
    let store = Arc::new(TelemetryStore::new(i64::MAX / 2));
    let mut recs = records();
    let lines = [
        r#"{"event":"started","took":"1.5s","size":"2KB","level":"info"}"#,
        "ERROR worker crashed: <script>alert(1)</script>",
        r#"{"event":"slow","took":"250ms","size":"1KB"}"#,
        "Traceback (most recent call last):",
    ];
    for (i, line) in lines.iter().enumerate() {
        recs.push(LogRecord {
            ts_ns: T0 + (i as i64 * 10 + 5) * S,
            labels: labels(&[("job", "fedzk"), ("instance", "zk-1")]),
            structured_metadata: BTreeMap::new(),
            line: line.to_string(),
        });
    }
    recs.sort_by_key(|r| r.ts_ns);
    store.push_logs(recs);
    let router = if require_tenant {
        meshsim::loki::router_requiring_tenant(store, &["fake"])
    } else {
        meshsim::loki::router(store)
    };
    serve(router).await
}

fn all_values(v: &Value) -> Vec<(Value, Value)> {
    v["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (s["stream"].clone(), e.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test]
async fn a_tenant_is_required_when_auth_is_enabled() {
    // dskit's AuthenticateUser: `http.Error(w, "no org id", 401)` in front of every route.
    let addr = mixed_server(true).await;
    let recorded = fixture_text("error_401_no_org_id.txt");
    let r = query_range(addr, r#"{job="fedzk"}"#, "", &[]).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body, recorded);
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    for path in [
        "/loki/api/v1/labels",
        "/loki/api/v1/index/volume?query=%7Bjob%3D%22fedzk%22%7D",
        "/loki/api/v1/detected_labels?query=%7Bjob%3D%22fedzk%22%7D",
        "/loki/api/v1/patterns?query=%7Bjob%3D%22fedzk%22%7D",
        "/loki/api/v1/tail?query=%7Bjob%3D%22fedzk%22%7D",
    ] {
        let r = get(addr, path, &[]).await;
        assert_eq!(
            (r.status, r.body.as_str()),
            (401, recorded.as_str()),
            "{path}"
        );
    }
    // The tail refuses before the upgrade: a websocket handshake gets the 401 too.
    use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Error};
    let req = format!(
        "ws://{addr}/loki/api/v1/tail?query={}",
        enc(r#"{job="fedzk"}"#)
    )
    .into_client_request()
    .unwrap();
    match tokio_tungstenite::connect_async(req).await {
        Err(Error::Http(resp)) => assert_eq!(resp.status().as_u16(), 401),
        other => panic!(
            "expected a 401 handshake refusal, got {:?}",
            other.map(|_| ())
        ),
    }
    let ok = query_range(addr, r#"{job="fedzk"}"#, "", &[("X-Scope-OrgID", "fake")]).await;
    assert_json(&ok);
    assert_eq!(get(addr, "/ready", &[]).await.status, 200);
    // A plain GET of the tail with a tenant gets gorilla/websocket's refusal.
    let r = get(
        addr,
        "/loki/api/v1/tail?query=%7Bjob%3D%22fedzk%22%7D",
        &[("X-Scope-OrgID", "fake")],
    )
    .await;
    assert_eq!((r.status, r.body.as_str()), (400, "Bad Request\n"));
}

#[tokio::test]
async fn service_name_and_detected_level_as_the_distributor_adds_them() {
    let addr = mixed_server(false).await;
    // `component` comes before `job` in discover_service_name.
    let v = query_range(addr, r#"{service_name="p2p"}"#, "&limit=4", &[])
        .await
        .json();
    let vals = all_values(&v);
    assert_eq!(vals.len(), 4);
    for (stream, _) in &vals {
        assert_eq!(stream["service_name"], "p2p");
        let want = if stream["level"] == "warning" {
            "warn"
        } else {
            "info"
        };
        assert_eq!(stream["detected_level"], want, "{stream}");
    }
    let v = query_range(addr, r#"{job="fedzk"}"#, "", &[]).await.json();
    let mut levels: Vec<String> = all_values(&v)
        .iter()
        .map(|(s, _)| {
            assert_eq!(s["service_name"], "fedzk");
            s["detected_level"].as_str().unwrap().to_string()
        })
        .collect();
    levels.sort();
    // JSON `level`, a leading ERROR, no level at all (twice: `alert(1)` is no level).
    assert_eq!(levels, ["error", "info", "unknown", "unknown"]);
    let h = [("X-Loki-Response-Encoding-Flags", "categorize-labels")];
    let v = query_range(addr, r#"{job="fedzk"}"#, "", &h).await.json();
    let (stream, entry) = &all_values(&v)[0];
    assert_eq!(stream["service_name"], "fedzk");
    assert!(stream.get("detected_level").is_none());
    assert!(entry[2]["structuredMetadata"]["detected_level"].is_string());
}

#[tokio::test]
async fn parser_errors_label_lines_and_fail_metric_queries() {
    let addr = mixed_server(false).await;
    let v = query_range(addr, r#"{job="fedzk"} | json"#, "", &[])
        .await
        .json();
    let vals = all_values(&v);
    assert_eq!(vals.len(), 4, "lines that do not parse are kept");
    let errs: Vec<&Value> = vals
        .iter()
        .filter(|(s, _)| s.get("__error__").is_some())
        .map(|(s, _)| s)
        .collect();
    assert_eq!(errs.len(), 2);
    for s in errs {
        assert_eq!(s["__error__"], "JSONParserErr");
        // buger/jsonparser's MalformedObjectError, as Loki reports it.
        assert_eq!(
            s["__error_details__"],
            "Value looks like object, but can't find closing '}' symbol"
        );
    }
    let metric = r#"sum by (level, detected_level) (count_over_time({job="fedzk"} | json [1m]))"#;
    let r = query_range(addr, metric, "&step=60", &[]).await;
    assert_text_error(&r, 400);
    // The recorded answer of a real Loki 3.x to such a query (grafana/loki#16145) begins with
    // the error labels, then the series' own labels follow.
    let recorded = fixture_text("error_400_pipeline_json_prefix.txt");
    assert!(r.body.starts_with(&recorded), "{}", r.body);
    assert!(
        r.body
            .ends_with("(e.g | unwrap latency | __error__=\"\" )\n"),
        "{:?}",
        r.body
    );
    for fixed in [
        r#"sum by (level, detected_level) (count_over_time({job="fedzk"} | json | drop __error__, __error_details__ [1m]))"#,
        r#"sum by (level, detected_level) (count_over_time({job="fedzk"} | json | __error__="" [1m]))"#,
    ] {
        assert_json(&query_range(addr, fixed, "&step=60", &[]).await);
    }
    // keep: only the named labels survive.
    let v = query_range(addr, r#"{job="fedzk"} | json | keep event, job"#, "", &[])
        .await
        .json();
    for (s, _) in all_values(&v) {
        assert!(
            s.as_object()
                .unwrap()
                .keys()
                .all(|k| k == "event" || k == "job"),
            "{s}"
        );
    }
    // unwrap with duration() and bytes(); lines without the label are skipped.
    let v = query_range(
        addr,
        r#"max(max_over_time({job="fedzk"} |= "took" | json | unwrap duration(took) [1m]))"#,
        "&step=60",
        &[],
    )
    .await
    .json();
    assert_eq!(v["data"]["result"][0]["values"][0][1], "1.5");
    let v = query_range(
        addr,
        r#"sum(sum_over_time({job="fedzk"} |= "size" | json | unwrap bytes(size) [1m]))"#,
        "&step=60",
        &[],
    )
    .await
    .json();
    assert_eq!(v["data"]["result"][0]["values"][0][1], "3000");
}

#[tokio::test]
async fn metric_points_sit_on_multiples_of_step() {
    let addr = server().await;
    let q = enc(r#"sum(count_over_time({job="agent-mesh"}[1m]))"#);
    let v = get(
        addr,
        &format!(
            "/loki/api/v1/query_range?query={q}&start={}&end={}&step=7",
            T0 + 3 * S + 123,
            T0 + 50 * S
        ),
        &[],
    )
    .await
    .json();
    let pts = v["data"]["result"][0]["values"].as_array().unwrap().clone();
    assert!(!pts.is_empty());
    for p in &pts {
        assert_eq!(p[0].as_i64().unwrap() % 7, 0, "{p}");
    }
}

#[tokio::test]
async fn stats_count_the_scanned_lines() {
    let addr = server().await;
    let v = query_range(addr, r#"{instance="node-3"} |= "nothing matches""#, "", &[])
        .await
        .json();
    // The summary has exactly the keys of a real recorded answer (grafana/loki#12626); the
    // querier's store section at least its keys (newer Loki adds more).
    let recorded = fixture("loki", "issue12626_query_range_streams_stats");
    assert_shape(
        &v["data"]["stats"]["summary"],
        &recorded["data"]["stats"]["summary"],
        Keys::Exact,
    );
    assert_shape(
        &v["data"]["stats"]["querier"],
        &recorded["data"]["stats"]["querier"],
        Keys::Superset,
    );
    let sum = &v["data"]["stats"]["summary"];
    assert_eq!(
        sum["totalLinesProcessed"], 15,
        "every node-3 line was scanned"
    );
    assert_eq!(sum["totalPostFilterLines"], 0);
    assert_eq!(sum["totalEntriesReturned"], 0);
    // As recorded: scanned, after filters and returned counted apart, in that order.
    let v = query_range(addr, r#"{instance="node-3"} |= "consensus""#, "", &[])
        .await
        .json();
    let sum = &v["data"]["stats"]["summary"];
    assert_eq!(sum["totalLinesProcessed"], 15);
    assert_eq!(sum["totalPostFilterLines"], 15);
    assert_eq!(sum["totalEntriesReturned"], 15);
    assert_eq!(
        v["data"]["stats"]["querier"]["store"]["chunk"]["decompressedLines"],
        15
    );
    let v = query_range(addr, r#"{job="agent-mesh"} |= "p2p""#, "&limit=5", &[])
        .await
        .json();
    let n = |k: &str| v["data"]["stats"]["summary"][k].as_u64().unwrap();
    assert_eq!(n("totalEntriesReturned"), 5);
    assert!(n("totalLinesProcessed") >= n("totalPostFilterLines"), "{v}");
    assert!(
        n("totalPostFilterLines") >= n("totalEntriesReturned"),
        "{v}"
    );
    let v = query_range(
        addr,
        r#"count_over_time({instance="node-3"}[1m])"#,
        "&step=60",
        &[],
    )
    .await
    .json();
    assert!(
        v["data"]["stats"]["summary"]["totalLinesProcessed"]
            .as_u64()
            .unwrap()
            >= 15
    );
}

#[tokio::test]
async fn the_rest_of_logql_over_http() {
    let addr = server().await;
    let n = |v: &Value| all_values(v).len();
    let v = query_range(
        addr,
        r#"{job="agent-mesh"} |= "consensus_failed" or "p2p_connection_failed""#,
        "&limit=1000",
        &[],
    )
    .await
    .json();
    assert_eq!(n(&v), 30);
    let v = query_range(
        addr,
        r#"{component="consensus"} | json | label_format who=proposal_id | line_format "{{.who}}""#,
        "&limit=1",
        &[],
    )
    .await
    .json();
    let (s, e) = &all_values(&v)[0];
    assert_eq!(e[1], s["who"]);
    assert!(s.get("proposal_id").is_none(), "label_format renames");
    let v = query_range(
        addr,
        r#"{component="consensus"} | pattern `{"event":"<ev>",<_>` | regexp `"proposal_id":"p-(?P<n>\d+)"`"#,
        "&limit=1",
        &[],
    )
    .await
    .json();
    let (s, _) = &all_values(&v)[0];
    assert_eq!(s["ev"], "consensus_failed");
    assert!(s["n"].as_str().unwrap().parse::<u32>().is_ok());
    let v = query_range(
        addr,
        r#"sum(count_over_time({job="agent-mesh"}[1m])) * 2 > bool 70"#,
        "&step=60",
        &[],
    )
    .await
    .json();
    let vals = v["data"]["result"][0]["values"].as_array().unwrap();
    assert!(vals.iter().all(|p| p[1] == "0" || p[1] == "1"), "{vals:?}");
    assert!(vals.iter().any(|p| p[1] == "1"), "{vals:?}");
    let r = get(
        addr,
        &format!(
            "/loki/api/v1/query?query={}&time={}",
            enc(r#"sum(count_over_time({job="agent-mesh"}[1m] offset 30s))"#),
            T0 + 60 * S
        ),
        &[],
    )
    .await;
    assert_json(&r);
    // (T0-30s, T0+30s]: lines 0..=30.
    assert_eq!(r.json()["data"]["result"][0]["value"][1], "31");
}

#[tokio::test]
async fn tail_of_a_selector_carries_no_structured_metadata() {
    let addr = server().await;
    let v = tail_message(addr, &[]).await;
    for s in v["streams"].as_array().unwrap() {
        assert!(s["stream"].get("trace_id").is_none(), "{s}");
        assert!(s["stream"].get("detected_level").is_none(), "{s}");
        assert!(s["stream"]["service_name"].is_string(), "{s}");
    }
}

#[tokio::test]
async fn detected_fields_and_patterns() {
    let addr = mixed_server(false).await;
    let q = enc(r#"{job="fedzk"}"#);
    let r = get(
        addr,
        &format!("/loki/api/v1/detected_fields?query={q}&{}", window()),
        &[],
    )
    .await;
    assert_json(&r);
    let v = r.json();
    // The recorded Loki 3.x answer: same keys exactly (jsonPath only on JSON fields).
    assert_shape(
        &v,
        &fixture("loki", "drilldown_detected_fields"),
        Keys::Exact,
    );
    assert_shape(&v, &fixture("loki", "docs_detected_fields"), Keys::Superset);
    assert_eq!(v["limit"], 1000);
    let field = |name: &str| {
        v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["label"] == name)
            .unwrap_or_else(|| panic!("no field {name}: {v}"))
            .clone()
    };
    let took = field("took");
    assert_eq!(took["type"], "duration");
    assert_eq!(took["parsers"], json!(["json"]));
    assert_eq!(took["jsonPath"], json!(["took"]));
    // Structured metadata: parsers null and no path, as recorded for detected_level.
    let level = field("detected_level");
    assert_eq!(level["parsers"], Value::Null);
    assert!(level.get("jsonPath").is_none(), "{level}");
    let r = get(
        addr,
        &format!(
            "/loki/api/v1/detected_field/detected_level/values?query={q}&{}",
            window()
        ),
        &[],
    )
    .await;
    assert_shape(
        &r.json(),
        &fixture("loki", "docs_detected_field_values"),
        Keys::Exact,
    );
    let r = get(
        addr,
        &format!("/loki/api/v1/patterns?query={q}&step=10s&{}", window()),
        &[],
    )
    .await;
    assert_json(&r);
    let v = r.json();
    // Recorded Loki 3.x patterns carry the detected level (the older docs example does not).
    assert_shape(&v, &fixture("loki", "drilldown_patterns"), Keys::Exact);
    assert_shape(&v, &fixture("loki", "docs_patterns"), Keys::Superset);
    let levels: BTreeSet<&str> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, BTreeSet::from(["error", "info", "unknown"]), "{v}");
    for p in v["data"].as_array().unwrap() {
        for s in p["samples"].as_array().unwrap() {
            assert!(s[0].is_i64() && s[1].is_u64(), "{s}");
            assert_eq!(s[0].as_i64().unwrap() % 10, 0, "on the 10 s step: {s}");
        }
    }

    let r = get(
        addr,
        &format!("/loki/api/v1/detected_labels?query={q}&{}", window()),
        &[],
    )
    .await;
    assert_json(&r);
    let v = r.json();
    assert_shape(
        &v,
        &fixture("loki", "drilldown_detected_labels"),
        Keys::Exact,
    );
    assert_eq!(
        v["detectedLabels"],
        json!([
            {"label": "instance", "cardinality": 1},
            {"label": "job", "cardinality": 1},
            {"label": "service_name", "cardinality": 1},
        ])
    );
    // Without a selector: every stream's labels.
    let v = get(
        addr,
        &format!("/loki/api/v1/detected_labels?{}", window()),
        &[],
    )
    .await
    .json();
    let instance = v["detectedLabels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"] == "instance")
        .unwrap()
        .clone();
    assert_eq!(instance["cardinality"], 4);
}

/// Every query error Loki's troubleshooting documentation lists, worded as it words it
/// (`docs_error_messages.txt`), for the queries that cause it.
#[tokio::test]
async fn documented_error_messages_word_for_word() {
    let addr = server().await;
    let docs = fixture_text("docs_error_messages.txt");
    let docs: Vec<&str> = docs.lines().collect();
    let instant = |q: &str| format!("/loki/api/v1/query?query={}&time={}", enc(q), T0 + 60 * S);
    let cases = [
        (
            format!(
                "/loki/api/v1/query_range?query={}&{}",
                enc(r#"{a!="b"}"#),
                window()
            ),
            docs[0].to_string(),
        ),
        (instant(r#"{job="agent-mesh"}"#), docs[1].to_string()),
        (
            instant(r#"sum_over_time({a="b"}[1m])"#),
            docs[2].to_string(),
        ),
        (
            instant(r#"count_over_time({a="b"} | unwrap x [1m])"#),
            docs[3].to_string(),
        ),
        (
            format!(
                "/loki/api/v1/query_range?query={}&limit=5001&{}",
                enc(r#"{a="b"}"#),
                window()
            ),
            docs[4]
                .replace("<requested>", "5001")
                .replace("<limit>", "5000"),
        ),
    ];
    for (path, want) in cases {
        let r = get(addr, &path, &[]).await;
        assert_text_error(&r, 400);
        assert_eq!(r.body, want, "{path}");
    }
}

/// Logfmt lines with addresses, and a line Promtail/Alloy's `pack` stage wrote.
async fn logfmt_server() -> SocketAddr {
    let store = Arc::new(TelemetryStore::new(i64::MAX / 2));
    let lines = [
        r#"level=info addr=10.0.0.5 msg="peer connected""#,
        "level=warn addr=192.168.1.20 msg=retry empty= standalone",
        "level=error addr=fe80::1 msg=fail foo=bar=buzz next=ok",
        r#"{"_entry":"level=info msg=\"packed line\"","pod":"p-1","container":"agent"}"#,
    ];
    let recs = lines
        .iter()
        .enumerate()
        .map(|(i, line)| LogRecord {
            ts_ns: T0 + (i as i64 + 1) * S,
            labels: labels(&[("job", "lf")]),
            structured_metadata: BTreeMap::new(),
            line: line.to_string(),
        })
        .collect();
    store.push_logs(recs);
    serve(meshsim::loki::router(store)).await
}

#[tokio::test]
async fn logql_real_loki_also_accepts() {
    let addr = server().await;
    let values = |v: &Value| -> Vec<(Value, String)> {
        v["data"]["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{v}"))
            .iter()
            .map(|s| {
                (
                    s["metric"].clone(),
                    s["value"][1].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let instant = |q: &str| format!("/loki/api/v1/query?query={}&time={}", enc(q), T0 + 60 * S);
    // node-1 logs two components (p2p, federated), node-2 and node-3 one each.
    let by_ic = r#"sum by (instance, component) (count_over_time({job="agent-mesh"}[1m]))"#;
    let by_i = r#"sum by (instance) (count_over_time({job="agent-mesh"}[1m]))"#;
    let share = |got: &[(Value, String)]| -> BTreeMap<String, f64> {
        let mut per: BTreeMap<String, f64> = BTreeMap::new();
        for (m, x) in got {
            assert!(m["component"].is_string(), "{m}");
            *per.entry(m["instance"].as_str().unwrap().to_string())
                .or_default() += x.parse::<f64>().unwrap();
        }
        per
    };
    // group_left: each (instance, component) share of its instance.
    let v = get(
        addr,
        &instant(&format!("{by_ic} / on (instance) group_left {by_i}")),
        &[],
    )
    .await
    .json();
    let got = values(&v);
    assert_eq!(got.len(), 4, "{v}");
    assert!(
        share(&got).values().all(|s| (s - 1.0).abs() < 1e-9),
        "{got:?}"
    );
    let part = |x: &String| x.parse::<f64>().unwrap();
    assert_eq!(
        got.iter().filter(|(_, x)| part(x) < 1.0).count(),
        2,
        "{got:?}"
    );
    // ignoring (component) matches the same groups.
    let v2 = get(
        addr,
        &instant(&format!("{by_ic} / ignoring (component) group_left {by_i}")),
        &[],
    )
    .await
    .json();
    assert_eq!(values(&v2), got);
    // group_right keeps the right side's labels; the value is still lhs / rhs.
    let v = get(
        addr,
        &instant(&format!("{by_i} / on (instance) group_right {by_ic}")),
        &[],
    )
    .await
    .json();
    let got = values(&v);
    assert_eq!(got.len(), 4, "{v}");
    assert_eq!(
        got.iter().filter(|(_, x)| part(x) > 1.0).count(),
        2,
        "{got:?}"
    );
    // group_left (label) copies it from the one side.
    let comp = r#"max by (instance, component) (count_over_time({component="consensus"}[1m]))"#;
    let v = get(
        addr,
        &instant(&format!(
            r#"sum by (instance) (count_over_time({{instance="node-3"}}[1m])) * on (instance) group_left (component) {comp}"#
        )),
        &[],
    )
    .await
    .json();
    assert_eq!(values(&v)[0].0["component"], "consensus", "{v}");
    // One-to-one `on` with many on one side: Loki's error.
    let r = get(
        addr,
        &instant(&format!("{by_ic} / on (instance) {by_i}")),
        &[],
    )
    .await;
    assert_text_error(&r, 400);
    assert_eq!(
        r.body,
        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"
    );
    // label_replace.
    let v = get(
        addr,
        &instant(&format!(
            r#"label_replace({by_i}, "node", "n$1", "instance", "node-(\\d)")"#
        )),
        &[],
    )
    .await
    .json();
    let nodes: BTreeSet<String> = values(&v)
        .iter()
        .map(|(m, _)| m["node"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        nodes,
        BTreeSet::from(["n1".into(), "n2".into(), "n3".into()])
    );

    let addr = logfmt_server().await;
    let lines = |q: &str| {
        let q = q.to_string();
        async move {
            let v = query_range(addr, &q, "", &[]).await.json();
            all_values(&v)
        }
    };
    assert_eq!(
        lines(r#"{job="lf"} | logfmt | addr = ip("10.0.0.0/8")"#)
            .await
            .len(),
        1
    );
    assert_eq!(
        lines(r#"{job="lf"} |= "addr=" | logfmt | addr != ip("10.0.0.0/8")"#)
            .await
            .len(),
        2
    );
    assert_eq!(
        lines(r#"{job="lf"} | logfmt | addr = ip("192.168.1.10-192.168.1.30")"#)
            .await
            .len(),
        1
    );
    // Default logfmt: the bad pair is skipped, no error; --strict marks the line.
    let got = lines(r#"{job="lf"} |= "foo=" | logfmt"#).await;
    assert_eq!(got[0].0["next"], "ok");
    assert!(got[0].0.get("__error__").is_none(), "{:?}", got[0].0);
    let got = lines(r#"{job="lf"} |= "foo=" | logfmt --strict"#).await;
    assert_eq!(got[0].0["__error__"], "LogfmtParserErr");
    assert!(got[0].0.get("next").is_none());
    // A metric query over lines logfmt cannot fully read is not a pipeline error by default.
    let r = query_range(
        addr,
        r#"sum(count_over_time({job="lf"} | logfmt [1m]))"#,
        "&step=60",
        &[],
    )
    .await;
    assert_json(&r);
    // --keep-empty keeps `empty=` and the standalone key.
    let got = lines(r#"{job="lf"} |= "standalone" | logfmt --keep-empty"#).await;
    assert_eq!(got[0].0["standalone"], "");
    assert_eq!(got[0].0["empty"], "");
    // unpack: `_entry` is the line again, the packed labels are labels.
    let got = lines(r#"{job="lf"} |= "_entry" | unpack | logfmt"#).await;
    assert_eq!(got[0].1[1], r#"level=info msg="packed line""#);
    assert_eq!(got[0].0["pod"], "p-1");
    assert_eq!(got[0].0["msg"], "packed line");
}
