//! Jaeger parsers against every file in `tests/fixtures/jaeger/`, both API generations: each
//! v1 trace is also converted to OTLP JSON (as Jaeger's v3 API would send it) and must parse
//! into the same model; Jaeger's own v3 gateway snapshots are read field by field. Plus tree,
//! critical path and layout on the real HotROD traces, and a 50,000-span synthetic trace.

use meshboard::core::jaeger::{
    self, parse_uploaded_json, parse_v1_dependencies, parse_v1_operations, parse_v1_services,
    parse_v1_traces, parse_v3_search, parse_v3_trace, JaegerError,
};
use meshboard::core::trace::model::normalize_id;
use meshboard::core::trace::{
    critical_path, layout_dependency_graph, summarize, visible_rows, Process, RefType, Span,
    SpanFlags, TagValue, Trace, TraceTree, Viewport,
};
use serde_json::{json, Value};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/jaeger/");
const HOTROD: [&str; 2] = [
    "api_traces_id_hotrod_5915e2d0f3575298.json",
    "api_traces_id_hotrod_68f464e5bf3714b6.json",
];

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The fixtures holding traces, as v1 model traces (envelopes, bare trace objects).
fn v1_traces(name: &str) -> Vec<Trace> {
    let body = fixture(name);
    if body.contains("\"data\"") {
        parse_v1_traces(200, &body).unwrap().traces
    } else {
        parse_uploaded_json(&body).unwrap()
    }
}

const TRACE_FIXTURES: [&str; 8] = [
    "api_traces_id_hotrod_5915e2d0f3575298.json",
    "api_traces_id_hotrod_68f464e5bf3714b6.json",
    "api_traces_id_rideshare_otel_1f5faa7d.json",
    "api_traces_id_rideshare_otel_50959bbc.json",
    "api_traces_search_service_frontend.derived-hotrod.json",
    "api_transform_otlp2jaeger_out.json",
    "converter_ui_01_trace.json",
    "trace_object_petclinic_17spans.json",
];

/// Per trace fixture: (span count, services) of each trace, as counted in the raw JSON.
fn expected_traces(name: &str) -> Vec<(usize, Vec<&'static str>)> {
    const HOTROD_SERVICES: [&str; 6] =
        ["customer", "driver", "frontend", "mysql", "redis", "route"];
    let hotrod = (50, HOTROD_SERVICES.to_vec());
    let rideshare = (4, vec!["load-generator", "ride-sharing-app"]);
    match name {
        "api_traces_id_hotrod_5915e2d0f3575298.json"
        | "api_traces_id_hotrod_68f464e5bf3714b6.json" => vec![hotrod],
        "api_traces_search_service_frontend.derived-hotrod.json" => vec![hotrod.clone(), hotrod],
        "api_traces_id_rideshare_otel_1f5faa7d.json"
        | "api_traces_id_rideshare_otel_50959bbc.json" => vec![rideshare],
        "api_transform_otlp2jaeger_out.json" => vec![(2, vec!["telemetrygen"])],
        "converter_ui_01_trace.json" => vec![(5, vec!["service-x", "service-y"])],
        "trace_object_petclinic_17spans.json" => {
            vec![(17, vec!["api-gateway", "customers-service"])]
        }
        other => panic!("{other} is not a trace fixture"),
    }
}

/// Jaeger's own v3 gateway snapshots (`cmd/query/app/apiv3/snapshots/`): FindTraces wraps the
/// TracesData in `{"result": ...}`, GetTrace sends it bare.
const V3_FIND_TRACES: &str = "api_v3_traces_snapshot_FindTraces.json";
const V3_GET_TRACE: &str = "api_v3_traces_snapshot_GetTrace.json";

#[test]
fn every_fixture_parses() {
    let mut seen = 0;
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".json") {
            continue;
        }
        let body = fixture(&name);
        match name.as_str() {
            n if TRACE_FIXTURES.contains(&n) => {
                let traces = v1_traces(n);
                let shape: Vec<(usize, Vec<&str>)> = traces
                    .iter()
                    .map(|t| (t.spans.len(), t.services()))
                    .collect();
                assert_eq!(shape, expected_traces(n), "{n}");
            }
            "api_services.derived-hotrod.json" => {
                assert_eq!(parse_v1_services(200, &body).unwrap().len(), 6)
            }
            "api_operations_service_frontend.derived-hotrod.json"
            | "api_services_frontend_operations.derived-hotrod.json" => {
                assert_eq!(parse_v1_operations(200, &body).unwrap().len(), 5)
            }
            "api_dependencies.derived-hotrod.json" | "dependencies_data_small.json" => {
                assert!(!parse_v1_dependencies(200, &body).unwrap().is_empty())
            }
            "error_400_service_required.json" => assert!(parse_v1_traces(400, &body).is_err()),
            "error_404_trace_not_found.json" => assert!(parse_v1_traces(404, &body).is_err()),
            V3_FIND_TRACES => {
                let traces = parse_v3_search(200, &body).unwrap();
                assert_eq!(traces.len(), 1);
                assert_eq!(traces[0].spans.len(), 1);
            }
            V3_GET_TRACE => assert_eq!(parse_v3_trace(200, &body).unwrap().spans.len(), 1),
            other => panic!("no parser assigned to fixture {other}"),
        }
        seen += 1;
    }
    assert_eq!(seen, 17);
}

/// What Jaeger's gateway snapshots hold, read field by field from the raw JSON, against the
/// model both v3 parsers make of them.
#[test]
fn gateway_v3_snapshots_read_as_jaeger_wrote_them() {
    let find_body = fixture(V3_FIND_TRACES);
    let get_body = fixture(V3_GET_TRACE);
    let find_raw: Value = serde_json::from_str(&find_body).unwrap();
    let get_raw: Value = serde_json::from_str(&get_body).unwrap();
    // The two shapes: `result`-wrapped and bare.
    assert!(find_raw.get("result").is_some() && find_raw.get("resourceSpans").is_none());
    assert!(get_raw.get("result").is_none() && get_raw.get("resourceSpans").is_some());

    let raw_span = &get_raw["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
    assert_eq!(
        raw_span,
        &find_raw["result"]["resourceSpans"][0]["scopeSpans"][0]["spans"][0]
    );
    // OTLP JSON as Jaeger writes it: enums as ints, fixed64 times as strings above i64::MAX.
    assert_eq!(
        (
            raw_span["kind"].as_u64(),
            raw_span["status"]["code"].as_u64()
        ),
        (Some(2), Some(2))
    );
    let start_ns: u128 = raw_span["startTimeUnixNano"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let end_ns: u128 = raw_span["endTimeUnixNano"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        start_ns > i64::MAX as u128,
        "the snapshot exercises u64-only times"
    );
    let start_us = i64::try_from(start_ns / 1000).unwrap();
    let duration_us = i64::try_from((end_ns - start_ns) / 1000).unwrap();
    assert_eq!((start_us, duration_us), (11_651_379_494_838_206, 0));

    let found = parse_v3_search(200, &find_body).unwrap();
    let got = parse_v3_trace(200, &get_body).unwrap();
    assert_eq!(found, vec![got.clone()], "both endpoints, one model");
    // Uploaded as files, the same.
    assert_eq!(parse_uploaded_json(&find_body).unwrap(), found);
    assert_eq!(parse_uploaded_json(&get_body).unwrap(), found);

    let trace = &got;
    assert_eq!(trace.trace_id, "000000000000009600000000000000a0");
    assert!(trace.warnings.is_empty());
    assert_eq!(trace.spans.len(), 1);
    assert_eq!(
        trace.services(),
        ["OTLPResourceNoServiceName"],
        "Jaeger's name for a resource without service.name"
    );
    assert!(trace.processes[0].tags.is_empty());
    let span = &trace.spans[0];
    assert_eq!(
        (
            span.span_id.as_str(),
            span.trace_id.as_str(),
            span.operation.as_str()
        ),
        ("00000000000000b4", trace.trace_id.as_str(), "foobar")
    );
    assert_eq!(
        span.kind().as_deref(),
        Some("server"),
        "kind 2 = SPAN_KIND_SERVER"
    );
    assert_eq!(
        span.tag("otel.status_code"),
        Some(&TagValue::Str("ERROR".into())),
        "status code 2 = STATUS_CODE_ERROR"
    );
    assert_eq!(span.tag("error"), Some(&TagValue::Bool(true)));
    assert!(span.is_error());
    assert_eq!(
        span.tags.len(),
        3,
        "kind, status and error; no scope tags from `scope: {{}}`"
    );
    assert!(span.references.is_empty(), "empty parentSpanId: a root");
    assert_eq!((span.start_us, span.duration_us), (start_us, duration_us));
    assert!(span.logs.is_empty() && span.warnings.is_empty());
    assert_eq!((trace.start_us(), trace.end_us()), (start_us, start_us));

    let tree = TraceTree::build(trace);
    assert_eq!(
        (tree.roots(), tree.parent(0), tree.max_depth()),
        (&[0][..], None, 0)
    );
    let summary = summarize(trace, &tree);
    assert_eq!(
        (summary.span_count, summary.error_count, summary.duration_us),
        (1, 1, 0)
    );
    assert_eq!(summary.root_operation, "foobar");
    assert_eq!(summary.root_service, "OTLPResourceNoServiceName");
}

#[test]
fn hotrod_traces_give_fifty_spans_six_services_and_the_right_tree() {
    for name in HOTROD {
        let body = fixture(name);
        let trace = &parse_v1_traces(200, &body).unwrap().traces[0];
        assert_eq!(trace.spans.len(), 50, "{name}");
        assert_eq!(
            trace.services(),
            ["customer", "driver", "frontend", "mysql", "redis", "route"]
        );
        let tree = TraceTree::build(trace);
        assert_eq!(tree.roots().len(), 1);
        let root = tree.primary_root().unwrap();
        assert_eq!(trace.spans[root].operation, "HTTP GET /dispatch");
        assert_eq!(trace.service_of(&trace.spans[root]), "frontend");
        assert_eq!(tree.children_of(root).len(), 12);
        assert_eq!(tree.max_depth(), 4);
        assert!(
            tree.flagged(0xff).is_empty(),
            "a healthy trace has no anomalies"
        );

        // Every parent link matches the recorded CHILD_OF reference, read independently.
        let raw: Value = serde_json::from_str(&body).unwrap();
        for (i, raw_span) in raw["data"][0]["spans"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            let expected = raw_span["references"][0]["spanID"].as_str();
            let actual = tree.parent(i).map(|p| trace.spans[p].span_id.as_str());
            assert_eq!(actual, expected);
            if let Some(p) = tree.parent(i) {
                assert!(tree.preorder_position(p) < tree.preorder_position(i));
                assert_eq!(tree.depth(i), tree.depth(p) + 1);
            }
        }
        // Children are in start order.
        for span in 0..trace.spans.len() {
            let starts: Vec<i64> = tree
                .children_of(span)
                .iter()
                .map(|&c| trace.spans[c as usize].start_us)
                .collect();
            assert!(starts.windows(2).all(|w| w[0] <= w[1]));
        }

        let summary = summarize(trace, &tree);
        assert_eq!(
            (summary.span_count, summary.service_count(), summary.depth),
            (50, 6, 5)
        );
        assert_eq!(summary.services["frontend"], 24);
        assert_eq!(summary.services["redis"], 13);
        assert_eq!(summary.error_count, 2);
        assert_eq!(summary.duration_us, trace.spans[root].duration_us);

        // The critical path tiles the root span exactly and starts at its end.
        let sections = critical_path(trace, &tree);
        assert_eq!(sections[0].end_us, trace.spans[root].end_us());
        assert_eq!(
            sections.last().unwrap().start_us,
            trace.spans[root].start_us
        );
        let covered: i64 = sections.iter().map(|s| s.end_us - s.start_us).sum();
        assert_eq!(covered, trace.spans[root].duration_us);
        assert!(sections.windows(2).all(|w| w[1].end_us == w[0].start_us));

        // Layout: the root fills the viewport.
        let viewport = Viewport::for_trace(trace, 1200.0);
        let bar = viewport
            .bar(
                trace.spans[root].start_us,
                trace.spans[root].duration_us,
                1.0,
            )
            .unwrap();
        assert_eq!((bar.x, bar.width), (0.0, 1200.0));
    }
}

#[test]
fn typed_tags_warnings_and_duplicate_ids() {
    let trace = &v1_traces("converter_ui_01_trace.json")[0];
    let span = &trace.spans[1];
    assert_eq!(
        span.tag("javascript_limit"),
        Some(&TagValue::Int(9_223_372_036_854_775_222))
    );
    assert_eq!(span.tag("peer.ipv4"), Some(&TagValue::Int(23456)));
    assert_eq!(span.tag("temperature"), Some(&TagValue::Float(72.5)));
    assert_eq!(span.tag("blob"), Some(&TagValue::Binary("AAAwOQ==".into())));
    assert!(span.is_error());
    assert_eq!(trace.warnings, vec!["some trace warning".to_string()]);
    assert_eq!(
        trace.spans[3].warnings,
        vec!["some span warning".to_string()]
    );
    assert_eq!(
        trace.spans[0].logs[0].fields[0].value,
        TagValue::Str("some-event".into())
    );
    let tree = TraceTree::build(trace);
    assert!(tree.flags(1).has(SpanFlags::DUPLICATE_ID));
    // reference-test: the CHILD_OF into another trace is skipped; the local one is the parent.
    assert_eq!(tree.parent(3), Some(0));
    assert_eq!(tree.parent(4), Some(3));
    assert_eq!(tree.preorder().len(), 5);

    let petclinic = &v1_traces("trace_object_petclinic_17spans.json")[0];
    let tree = TraceTree::build(petclinic);
    assert_eq!(tree.roots().len(), 1);
    assert_eq!(
        petclinic.spans[tree.primary_root().unwrap()].operation,
        "GET /api/customer/owners"
    );
    assert_eq!(tree.max_depth(), 3);
}

#[test]
fn search_envelope_and_rideshare_ids() {
    let search = parse_v1_traces(
        200,
        &fixture("api_traces_search_service_frontend.derived-hotrod.json"),
    )
    .unwrap();
    assert_eq!(search.traces.len(), 2);
    assert!(search.errors.is_empty());
    assert!(search.traces.iter().all(|t| t.spans.len() == 50));
    let ride = &v1_traces("api_traces_id_rideshare_otel_1f5faa7d.json")[0];
    assert_eq!(ride.trace_id, "1f5faa7d68eaf757e130f122eb5ddbe5");
    assert_eq!(ride.spans.len(), 4);
    let tree = TraceTree::build(ride);
    assert_eq!(tree.max_depth(), 3);
    assert_eq!(summarize(ride, &tree).root_service, "load-generator");
}

#[test]
fn errors_read_as_jaeger_wrote_them() {
    let err = parse_v1_traces(400, &fixture("error_400_service_required.json")).unwrap_err();
    assert_eq!(
        err,
        JaegerError::Api {
            code: 400,
            message: "parameter 'service' is required".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "Jaeger error 400: parameter 'service' is required"
    );
    let err = parse_v1_traces(404, &fixture("error_404_trace_not_found.json")).unwrap_err();
    assert_eq!(err, JaegerError::TraceNotFound);
    // The same bodies behind a 200 (some proxies rewrite statuses) are still errors.
    assert!(parse_v1_traces(200, &fixture("error_400_service_required.json")).is_err());
}

#[test]
fn dependency_graphs_from_fixtures() {
    let links =
        parse_v1_dependencies(200, &fixture("api_dependencies.derived-hotrod.json")).unwrap();
    let graph = layout_dependency_graph(&links, 800.0, 500.0, 40.0);
    assert_eq!(graph.nodes.len(), 6);
    let layer = |name: &str| graph.nodes[graph.node_index(name).unwrap()].layer;
    assert_eq!(
        (
            layer("frontend"),
            layer("driver"),
            layer("redis"),
            layer("mysql")
        ),
        (0, 1, 2, 2)
    );
    assert_eq!(graph.edges.iter().map(|e| e.call_count).sum::<u64>(), 26);

    let small = parse_v1_dependencies(200, &fixture("dependencies_data_small.json")).unwrap();
    let graph = layout_dependency_graph(&small, 1000.0, 600.0, 20.0);
    assert_eq!(graph.nodes.len(), 8);
    assert_eq!(graph.layer_count, 5, "Service8 -> 6 -> 1 -> 2 -> 4");
    for edge in &graph.edges {
        assert!(
            graph.nodes[edge.from].x < graph.nodes[edge.to].x,
            "callers left of callees"
        );
    }
}

// ---- v3: the same traces as OTLP JSON ------------------------------------------------------

fn otlp_value(tag: &Value) -> Value {
    let value = &tag["value"];
    match tag["type"].as_str().unwrap_or("string") {
        "bool" => json!({ "boolValue": value }),
        "int64" => {
            json!({ "intValue": value.as_i64().map_or_else(|| value.as_str().unwrap().to_string(), |i| i.to_string()) })
        }
        "float64" => json!({ "doubleValue": value }),
        "binary" => json!({ "bytesValue": value }),
        _ => json!({ "stringValue": value }),
    }
}

fn otlp_attributes(tags: &Value) -> Vec<Value> {
    tags.as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|t| json!({"key": t["key"], "value": otlp_value(t)}))
        .collect()
}

fn pad(id: &str, width: usize) -> String {
    format!("{id:0>width$}")
}

/// Converts a v1 trace object to OTLP JSON the way Jaeger's v3 API serves it: one resource
/// per process, `span.kind` as the kind, the first same-trace CHILD_OF as `parentSpanId`, the
/// other references as links carrying `opentracing.ref_type`, logs as events.
fn v1_trace_to_otlp(trace: &Value) -> Value {
    let trace_id = trace["traceID"].as_str().unwrap();
    let mut resources: Vec<(String, Vec<Value>)> = Vec::new();
    for span in trace["spans"].as_array().unwrap() {
        let pid = span["processID"].as_str().unwrap().to_string();
        let mut tags: Vec<Value> = span["tags"].as_array().cloned().unwrap_or_default();
        let kind = tags
            .iter()
            .position(|t| t["key"] == "span.kind")
            .and_then(|i| {
                let code = match tags[i]["value"].as_str()? {
                    "internal" => 1,
                    "server" => 2,
                    "client" => 3,
                    "producer" => 4,
                    "consumer" => 5,
                    _ => return None,
                };
                tags.remove(i);
                Some(code)
            });
        let refs = span["references"].as_array().cloned().unwrap_or_default();
        let parent = refs
            .iter()
            .position(|r| r["refType"] == "CHILD_OF" && r["traceID"] == trace_id);
        let links: Vec<Value> = refs
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != parent)
            .map(|(_, r)| {
                let ref_type = if r["refType"] == "CHILD_OF" { "child_of" } else { "follows_from" };
                json!({"traceId": pad(r["traceID"].as_str().unwrap(), 32), "spanId": pad(r["spanID"].as_str().unwrap(), 16),
                       "attributes": [{"key": "opentracing.ref_type", "value": {"stringValue": ref_type}}]})
            })
            .collect();
        let events: Vec<Value> = span["logs"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|log| {
                let mut fields = log["fields"].as_array().cloned().unwrap_or_default();
                let name = fields.iter().position(|f| f["key"] == "event").map(|i| fields.remove(i)["value"].clone());
                json!({"timeUnixNano": (log["timestamp"].as_i64().unwrap() * 1000).to_string(),
                       "name": name.unwrap_or(json!("")), "attributes": otlp_attributes(&Value::Array(fields))})
            })
            .collect();
        let start = span["startTime"].as_i64().unwrap();
        let end = start + span["duration"].as_i64().unwrap();
        let mut otlp = json!({
            "traceId": pad(trace_id, 32),
            "spanId": pad(span["spanID"].as_str().unwrap(), 16),
            "parentSpanId": parent.map_or(String::new(), |i| pad(refs[i]["spanID"].as_str().unwrap(), 16)),
            "name": span["operationName"],
            "startTimeUnixNano": (start * 1000).to_string(),
            "endTimeUnixNano": (end * 1000).to_string(),
            "attributes": otlp_attributes(&Value::Array(tags)),
            "events": events,
            "links": links,
            "status": {},
        });
        if let Some(kind) = kind {
            otlp["kind"] = json!(kind);
        }
        match resources.iter_mut().find(|(p, _)| *p == pid) {
            Some((_, spans)) => spans.push(otlp),
            None => resources.push((pid, vec![otlp])),
        }
    }
    let resource_spans: Vec<Value> = resources
        .into_iter()
        .map(|(pid, spans)| {
            let process = &trace["processes"][&pid];
            let mut attributes = vec![json!({"key": "service.name", "value": {"stringValue": process["serviceName"]}})];
            attributes.extend(otlp_attributes(&process["tags"]));
            json!({"resource": {"attributes": attributes}, "scopeSpans": [{"scope": {}, "spans": spans}]})
        })
        .collect();
    json!({ "result": { "resourceSpans": resource_spans } })
}

fn raw_trace_objects(name: &str) -> Vec<Value> {
    let value: Value = serde_json::from_str(&fixture(name)).unwrap();
    match value.get("data") {
        Some(data) => data.as_array().unwrap().clone(),
        None => vec![value],
    }
}

/// A span as a comparable value: ids normalised, references, tags and fields as sorted sets
/// (OTLP reorders them), warnings left out (OTLP has no place for them).
fn canonical_span(trace: &Trace, span: &Span) -> String {
    let tag_text = |tags: &[meshboard::core::trace::Tag]| {
        let mut items: Vec<String> = tags
            .iter()
            .map(|t| format!("{}:{}={}", t.key, t.value.type_name(), t.value))
            .collect();
        items.sort();
        items
    };
    let mut refs: Vec<String> = span
        .references
        .iter()
        .map(|r| {
            format!(
                "{:?}/{}/{}",
                r.ref_type,
                normalize_id(&r.trace_id),
                normalize_id(&r.span_id)
            )
        })
        .collect();
    refs.sort();
    let logs: Vec<String> = span
        .logs
        .iter()
        .map(|l| format!("{}:{:?}", l.timestamp_us, tag_text(&l.fields)))
        .collect();
    let process: &Process = trace.process_of(span).unwrap();
    format!(
        "{} {} {}@{}+{} svc={} ptags={:?} refs={:?} tags={:?} logs={:?}",
        normalize_id(&span.span_id),
        normalize_id(&span.trace_id),
        span.operation,
        span.start_us,
        span.duration_us,
        process.service,
        tag_text(&process.tags),
        refs,
        tag_text(&span.tags),
        logs
    )
}

fn canonical(trace: &Trace) -> Vec<String> {
    let mut spans: Vec<String> = trace
        .spans
        .iter()
        .map(|s| canonical_span(trace, s))
        .collect();
    spans.sort();
    spans
}

/// The derived view (parent, depth, flags) by span, in a comparable form.
fn canonical_tree(trace: &Trace) -> Vec<String> {
    let tree = TraceTree::build(trace);
    let mut rows: Vec<String> = (0..trace.spans.len())
        .map(|i| {
            let parent = tree
                .parent(i)
                .map(|p| normalize_id(&trace.spans[p].span_id));
            format!(
                "{} parent={:?} depth={} flags={}",
                normalize_id(&trace.spans[i].span_id),
                parent,
                tree.depth(i),
                tree.flags(i).0
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn both_api_generations_give_the_same_model() {
    let mut compared = 0;
    for name in TRACE_FIXTURES {
        let v1 = v1_traces(name);
        let raws = raw_trace_objects(name);
        assert_eq!(v1.len(), raws.len());
        for (v1_trace, raw) in v1.iter().zip(&raws) {
            let otlp = v1_trace_to_otlp(raw).to_string();
            let v3_trace = parse_v3_trace(200, &otlp).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                normalize_id(&v3_trace.trace_id),
                normalize_id(&v1_trace.trace_id),
                "{name}"
            );
            assert_eq!(canonical(&v3_trace), canonical(v1_trace), "{name}");
            assert_eq!(
                canonical_tree(&v3_trace),
                canonical_tree(v1_trace),
                "{name}"
            );
            let (s1, s3) = (
                summarize(v1_trace, &TraceTree::build(v1_trace)),
                summarize(&v3_trace, &TraceTree::build(&v3_trace)),
            );
            assert_eq!(
                (
                    s1.span_count,
                    s1.services.clone(),
                    s1.depth,
                    s1.error_count,
                    s1.duration_us,
                    s1.root_operation.clone()
                ),
                (
                    s3.span_count,
                    s3.services.clone(),
                    s3.depth,
                    s3.error_count,
                    s3.duration_us,
                    s3.root_operation.clone()
                ),
                "{name}"
            );
            // The v3 search answer carries the same trace; an uploaded OTLP file too.
            assert_eq!(parse_v3_search(200, &otlp).unwrap().len(), 1);
            assert_eq!(
                canonical(&parse_uploaded_json(&otlp).unwrap()[0]),
                canonical(v1_trace)
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 9);
}

#[test]
fn hotrod_over_v3_keeps_fifty_spans_and_six_services() {
    for name in HOTROD {
        let otlp = v1_trace_to_otlp(&raw_trace_objects(name)[0]).to_string();
        let trace = parse_v3_trace(200, &otlp).unwrap();
        assert_eq!(trace.spans.len(), 50);
        assert_eq!(trace.services().len(), 6);
        assert_eq!(trace.processes.len(), 6);
        let tree = TraceTree::build(&trace);
        assert_eq!((tree.roots().len(), tree.max_depth()), (1, 4));
        assert!(trace
            .spans
            .iter()
            .any(|s| s.kind().as_deref() == Some("server")));
    }
    assert_eq!(
        parse_v3_search(
            404,
            r#"{"error":{"httpCode":404,"message":"trace not found"}}"#
        )
        .unwrap()
        .len(),
        0
    );
}

// ---- scale ------------------------------------------------------------------------------------

/// A 50,000-span trace shaped like a federated round: a root, 500 trainers, each with a chain
/// of 99 nested steps (depth 100), some children starting before their parent (skew) and a
/// few orphans. Building the tree, rows, critical path and minimap must stay linear: a
/// quadratic step would take minutes here, not milliseconds.
#[test]
fn fifty_thousand_spans_build_in_linear_time() {
    use meshboard::core::trace::model::SpanRef;
    let mut spans = Vec::with_capacity(50_000);
    let make = |id: String, parent: Option<String>, start: i64, duration: i64| Span {
        span_id: id,
        trace_id: "big".into(),
        operation: "step".into(),
        references: parent
            .map(|p| {
                vec![SpanRef {
                    ref_type: RefType::ChildOf,
                    trace_id: "big".into(),
                    span_id: p,
                }]
            })
            .unwrap_or_default(),
        start_us: start,
        duration_us: duration,
        process: 0,
        tags: vec![],
        logs: vec![],
        warnings: vec![],
    };
    spans.push(make("root".into(), None, 0, 10_000_000));
    for trainer in 0..500i64 {
        let base = trainer * 1_000;
        spans.push(make(
            format!("t{trainer}"),
            Some("root".into()),
            base,
            500_000,
        ));
        for step in 1..100i64 {
            let parent = if step == 1 {
                format!("t{trainer}")
            } else {
                format!("t{trainer}s{}", step - 1)
            };
            // Every 10th step starts 1µs before its parent: clock skew.
            let start = base + step * 10 - if step % 10 == 0 { 11 } else { 0 };
            let parent = if trainer % 100 == 99 && step == 50 {
                "missing".to_string()
            } else {
                parent
            };
            spans.push(make(
                format!("t{trainer}s{step}"),
                Some(parent),
                start,
                400_000 - step * 1_000,
            ));
        }
    }
    // 1 + 500 × 100 = 50,001: drop the last step (of an orphaned chain) to make 50,000.
    spans.truncate(50_000);
    let trace = Trace {
        trace_id: "big".into(),
        spans,
        processes: vec![Process {
            service: "trainer".into(),
            tags: vec![],
        }],
        warnings: vec![],
    };
    let tree = TraceTree::build(&trace);
    assert_eq!(tree.preorder().len(), 50_000);
    assert_eq!(
        tree.roots().len(),
        1 + 5,
        "the root plus five orphaned chains"
    );
    assert_eq!(tree.max_depth(), 100);
    assert!(!tree.flagged(SpanFlags::STARTS_BEFORE_PARENT).is_empty());

    let all = visible_rows(&tree, &[]);
    assert_eq!(all.len(), 50_000);
    let mut collapsed = vec![false; trace.spans.len()];
    for &trainer in tree.children_of(0) {
        collapsed[trainer as usize] = true;
    }
    assert_eq!(visible_rows(&tree, &collapsed).len(), 1 + 500 + 5 * 50 - 1);

    let sections = critical_path(&trace, &tree);
    assert!(!sections.is_empty());
    let minimap = meshboard::core::trace::layout::minimap_rows(&trace, &all, 300.0, 80.0);
    assert_eq!(minimap.len(), 80);
    let summary = summarize(&trace, &tree);
    assert_eq!(
        (summary.span_count, summary.depth, summary.orphan_count),
        (50_000, 101, 5)
    );
    assert_eq!(
        jaeger::format_tags_logfmt(&[("k".into(), "v".into())]),
        "k=v"
    );
}
