//! Transformations with the option objects real dashboards carry (each test names its
//! dashboard in `tests/fixtures/grafana/`), on frames shaped as Grafana's Prometheus datasource
//! shapes them; the rest with the option shapes of Grafana's transformer tests and docs.

use serde_json::{json, Value};

use super::view::{columns, footer, sorted_rows, CellType, TableOptions};
use super::*;
use crate::dashboard::field_resolve::ThemeMode;
use crate::dashboard::FieldConfig;
use crate::frame::Series;

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn series(pairs: &[(&str, &str)], points: &[(f64, f64)]) -> Series {
    let mut s = Series::new(labels(pairs));
    for (t, v) in points {
        s.push(*t, *v);
    }
    s
}

/// Table frames of `queries` (refId, series) as one panel answer, every query `format: table`.
fn table_frames(queries: &[(&str, Vec<Series>)]) -> Vec<DataFrame> {
    let mut frame = Frame::default();
    let mut ref_ids = Vec::new();
    for (ref_id, list) in queries {
        for s in list {
            frame.series.push(s.clone());
            ref_ids.push(ref_id.to_string());
        }
    }
    let names = vec![String::new(); ref_ids.len()];
    let table_refs: Vec<String> = queries.iter().map(|(r, _)| r.to_string()).collect();
    prometheus_frames(&QueryFrames {
        frame: &frame,
        names: &names,
        ref_ids: &ref_ids,
        table_refs: &table_refs,
    })
}

/// Time series frames (not `format: table`) of query A, each series with its legend name.
fn graph_frames(named: Vec<(&str, Series)>) -> Vec<DataFrame> {
    let mut frame = Frame::default();
    let mut names = Vec::new();
    for (name, s) in named {
        names.push(name.to_string());
        frame.series.push(s);
    }
    let ref_ids = vec!["A".to_string(); names.len()];
    prometheus_frames(&QueryFrames {
        frame: &frame,
        names: &names,
        ref_ids: &ref_ids,
        table_refs: &[],
    })
}

/// The panel `title` of a fixture dashboard (searching rows' panels too).
fn fixture_panel(text: &str, title: &str) -> Value {
    let dashboard: Value = serde_json::from_str(text).expect("fixture");
    let mut stack: Vec<Value> = dashboard["panels"].as_array().cloned().unwrap_or_default();
    while let Some(panel) = stack.pop() {
        if panel["title"] == title {
            return panel;
        }
        stack.extend(panel["panels"].as_array().cloned().unwrap_or_default());
    }
    panic!("no panel {title}");
}

fn headers(frame: &DataFrame, all: &[DataFrame]) -> Vec<String> {
    frame.display_names(all)
}

fn column_text(frame: &DataFrame, name: &str, all: &[DataFrame]) -> Vec<String> {
    let i = frame.find(name, all).expect(name);
    frame.fields[i].values.iter().map(Datum::key_text).collect()
}

const K8S_NODE: &str = include_str!(
    "../../../../tests/fixtures/grafana/broader/kubernetes-mixin-k8s-resources-node.json"
);
const NODE_MIXIN: &str = include_str!("../../../../tests/fixtures/grafana/node-mixin-nodes.json");
const DOTDC_NODES: &str =
    include_str!("../../../../tests/fixtures/grafana/dotdc-k8s-views-nodes.json");
const DOTDC_GLOBAL: &str =
    include_str!("../../../../tests/fixtures/grafana/broader/dotdc-k8s-views-global.json");
const PROM_MIXIN: &str =
    include_str!("../../../../tests/fixtures/grafana/prometheus-mixin-overview.json");

#[test]
fn format_table_frames_as_grafanas_prometheus_datasource() {
    let frames = table_frames(&[
        (
            "A",
            vec![
                series(
                    &[("__name__", "up"), ("job", "node"), ("instance", "b")],
                    &[(1000.0, 1.0)],
                ),
                series(
                    &[("__name__", "up"), ("job", "prom"), ("zone", "z1")],
                    &[(1000.0, 0.0)],
                ),
            ],
        ),
        ("B", vec![series(&[("instance", "b")], &[(1000.0, 7.0)])]),
    ]);
    assert_eq!(frames.len(), 2);
    // Labels sorted per series, new ones appended in order of appearance; `Value #<refId>`
    // because two table queries answered.
    assert_eq!(
        headers(&frames[0], &frames),
        ["Time", "__name__", "instance", "job", "zone", "Value #A"]
    );
    assert_eq!(column_text(&frames[0], "instance", &frames), ["b", ""]);
    assert_eq!(column_text(&frames[0], "zone", &frames), ["", "z1"]);
    assert_eq!(
        headers(&frames[1], &frames),
        ["Time", "instance", "Value #B"]
    );
    // One table query: its value column is plain `Value`.
    let one = table_frames(&[("A", vec![series(&[("job", "x")], &[(1.0, 2.0)])])]);
    assert_eq!(headers(&one[0], &one), ["Time", "job", "Value"]);
}

#[test]
fn time_series_frames_come_first_with_their_legend_names() {
    let mut frame = Frame::default();
    frame
        .series
        .push(series(&[("job", "a")], &[(1.0, 1.0), (2.0, 2.0)]));
    frame.series.push(series(&[("job", "b")], &[(1.0, 5.0)]));
    let names = vec!["a".to_string(), "b".to_string()];
    let ref_ids = vec!["T".to_string(), "A".to_string()];
    let frames = prometheus_frames(&QueryFrames {
        frame: &frame,
        names: &names,
        ref_ids: &ref_ids,
        table_refs: &["A".to_string()],
    });
    assert_eq!(headers(&frames[0], &frames), ["Time", "a"]);
    assert_eq!(headers(&frames[1], &frames), ["Time", "job", "Value"]);
}

/// kubernetes-mixin "Compute Resources / Node", panel "CPU Quota": five `format: table`
/// instant queries joined by `pod` (outer) and organized: the repeated `Time` columns are
/// `Time 1` .. `Time 5` after the join and excluded, the values renamed.
#[test]
fn k8s_cpu_quota_outer_join_by_pod_then_organize() {
    let panel = fixture_panel(K8S_NODE, "CPU Quota");
    let pods = ["api-0", "db-0", "web-0"];
    let query = |ref_id: &'static str, present: &[usize], base: f64| {
        (
            ref_id,
            present
                .iter()
                .map(|&i| series(&[("pod", pods[i])], &[(5000.0, base + i as f64)]))
                .collect::<Vec<_>>(),
        )
    };
    // D (limits) has no row for web-0; E has db-0 first.
    let mut frames = table_frames(&[
        query("A", &[0, 1, 2], 0.5),
        query("B", &[0, 1, 2], 1.0),
        query("C", &[0, 1, 2], 0.25),
        query("D", &[0, 1], 2.0),
        query("E", &[1, 0], 0.125),
    ]);
    let joined = ops::join_by_field(&panel["transformations"][0]["options"], frames.clone());
    assert_eq!(
        headers(&joined[0], &joined),
        [
            "pod", "Time 1", "Value #A", "Time 2", "Value #B", "Time 3", "Value #C", "Time 4",
            "Value #D", "Time 5", "Value #E"
        ]
    );
    let (out, unknown) = apply_transformations(frames.clone(), &panel["transformations"]);
    assert!(unknown.is_empty());
    assert_eq!(out.len(), 1);
    assert_eq!(
        headers(&out[0], &out),
        [
            "Pod",
            "CPU Usage",
            "CPU Requests",
            "CPU Requests %",
            "CPU Limits",
            "CPU Limits %"
        ]
    );
    // Keys in first-seen order (texts do not sort), a missing row is empty.
    assert_eq!(
        column_text(&out[0], "Pod", &out),
        ["api-0", "db-0", "web-0"]
    );
    assert_eq!(column_text(&out[0], "CPU Limits", &out), ["2", "3", ""]);
    assert_eq!(
        column_text(&out[0], "CPU Limits %", &out),
        ["0.125", "1.125", ""]
    );
    // The `/%/` override gives the percentage columns their unit.
    let config = FieldConfig::from_json(panel.get("fieldConfig"));
    let cols = columns(&out[0], &out, &config);
    let unit = |name: &str| cols.iter().find(|c| c.name == name).map(|c| c.unit.clone());
    assert_eq!(unit("CPU Requests %").as_deref(), Some("percentunit"));
    assert_eq!(unit("CPU Usage").as_deref(), Some(""));
    assert_eq!(cols[0].links.len(), 1, "Pod keeps its drill-down link");
    // Inner mode drops web-0 (no limit).
    frames = ops::join_by_field(&json!({"byField": "pod", "mode": "inner"}), frames);
    assert_eq!(column_text(&frames[0], "pod", &frames), ["api-0", "db-0"]);
    assert_eq!(
        column_text(&frames[0], "Value #E", &frames),
        ["0.125", "1.125"]
    );
}

/// node-mixin "Node Exporter / Nodes", panel "Disk Space Usage": groupBy, merge, two binary
/// calculateFields, organize and sortBy; then its overrides (widths, the gauge cell).
#[test]
fn node_mixin_disk_space_usage_pipeline() {
    let panel = fixture_panel(NODE_MIXIN, "Disk Space Usage");
    let gib = 1024.0 * 1024.0 * 1024.0;
    let frames = table_frames(&[
        (
            "A",
            vec![
                series(&[("mountpoint", "/var")], &[(1000.0, 100.0 * gib)]),
                series(&[("mountpoint", "/")], &[(1000.0, 50.0 * gib)]),
            ],
        ),
        (
            "B",
            vec![
                series(&[("mountpoint", "/")], &[(1000.0, 10.0 * gib)]),
                series(&[("mountpoint", "/var")], &[(1000.0, 75.0 * gib)]),
            ],
        ),
    ]);
    let (out, unknown) = apply_transformations(frames, &panel["transformations"]);
    assert!(unknown.is_empty());
    assert_eq!(out.len(), 1);
    let frame = &out[0];
    assert_eq!(
        headers(frame, &out),
        ["Mounted on", "Size", "Available", "Used", "Used, %"]
    );
    assert_eq!(column_text(frame, "Mounted on", &out), ["/", "/var"]);
    let used = |row| {
        frame
            .value(frame.find("Used", &out).unwrap(), row)
            .number()
            .unwrap()
    };
    assert_eq!(used(0), 40.0 * gib);
    assert_eq!(used(1), 25.0 * gib);
    let pct = frame.find("Used, %", &out).unwrap();
    assert_eq!(frame.value(pct, 0).number(), Some(0.8));
    let config = FieldConfig::from_json(panel.get("fieldConfig"));
    let cols = columns(frame, &out, &config);
    assert_eq!(cols[0].width, Some(260.0));
    assert_eq!(cols[0].align, "left");
    assert_eq!(cols[1].align, "right");
    let gauge = &cols[4];
    assert!(matches!(gauge.cell_type, CellType::Gauge { .. }));
    assert_eq!(gauge.unit, "percentunit");
    let range = view::global_range(frame).unwrap();
    let cell = gauge.cell(frame, 0, range, ThemeMode::Dark, 0);
    assert_eq!(cell.text, "80%");
    assert_eq!(cell.fill, Some(0.8));
    // 0.8 reaches the yellow step (the fixture's base step has no value: green).
    assert_eq!(cell.color.as_deref(), Some("#FADE2A"));
    assert_eq!(
        cols[1].cell(frame, 0, range, ThemeMode::Dark, 0).text,
        "53.7 GB"
    );
}

/// dotdc "Kubernetes / Views / Nodes", panel "Persistent Volumes - Usage in GB": groupBy per
/// query, `seriesToColumns` (joinByField's old id) by claim, organize renames.
#[test]
fn dotdc_persistent_volumes_group_then_series_to_columns() {
    let panel = fixture_panel(DOTDC_NODES, "Persistent Volumes - Usage in GB");
    let claim = |name: &str, v: f64| {
        series(
            &[("namespace", "ns"), ("persistentvolumeclaim", name)],
            &[(1000.0, v)],
        )
    };
    let frames = table_frames(&[
        ("A", vec![claim("data-a", 5.0), claim("data-b", 6.0)]),
        ("B", vec![claim("data-b", 60.0), claim("data-a", 50.0)]),
    ]);
    let (out, unknown) = apply_transformations(frames, &panel["transformations"]);
    assert!(unknown.is_empty());
    assert_eq!(
        headers(&out[0], &out),
        ["Persistent Volume Claim", "Used", "Total"]
    );
    assert_eq!(
        column_text(&out[0], "Persistent Volume Claim", &out),
        ["data-a", "data-b"]
    );
    assert_eq!(column_text(&out[0], "Total", &out), ["50", "60"]);
}

/// dotdc "Kubernetes / Views / Nodes", panel "List of pods on node": organize (exclude and
/// index) then a group-by on every kept column (distinct rows).
#[test]
fn dotdc_list_of_pods_organize_index_then_group_by() {
    let panel = fixture_panel(DOTDC_NODES, "List of pods on node ($node)");
    let pod = |name: &str, uid: &str| {
        series(
            &[
                ("__name__", "kube_pod_info"),
                ("created_by_kind", "ReplicaSet"),
                ("host_ip", "10.0.0.1"),
                ("instance", "ksm:8080"),
                ("namespace", "default"),
                ("node", "n1"),
                ("pod", name),
                ("pod_ip", "10.1.0.2"),
                ("priority_class", ""),
                ("uid", uid),
            ],
            &[(1000.0, 1.0)],
        )
    };
    let frames = table_frames(&[(
        "A",
        vec![pod("web", "u1"), pod("web", "u2"), pod("db", "u3")],
    )]);
    let (out, _) = apply_transformations(frames, &panel["transformations"]);
    assert_eq!(
        headers(&out[0], &out),
        [
            "pod",
            "namespace",
            "created_by_kind",
            "pod_ip",
            "priority_class"
        ]
    );
    // Two uids of `web` are one row once uid is gone.
    assert_eq!(column_text(&out[0], "pod", &out), ["web", "db"]);
    let options = TableOptions::from_json(&panel["options"]);
    assert!(!options.footer_show);
    assert_eq!(options.footer_reducers, ["sum"]);
}

/// dotdc "Kubernetes / Views / Global", panel "Cluster CPU Utilization": calculateField
/// reduceRow mean with replaceFields over time series (joined on time first).
#[test]
fn dotdc_global_calculate_field_reduce_row_replace_fields() {
    let panel = fixture_panel(DOTDC_GLOBAL, "Cluster CPU Utilization");
    let frames = graph_frames(vec![
        (
            "0",
            series(&[("cpu", "0")], &[(1000.0, 0.2), (2000.0, 0.4)]),
        ),
        (
            "1",
            series(&[("cpu", "1")], &[(1000.0, 0.6), (2000.0, 0.8)]),
        ),
    ]);
    let (out, _) = apply_transformations(frames, &panel["transformations"]);
    assert_eq!(out.len(), 1);
    assert_eq!(headers(&out[0], &out), ["Time", "CPU usage in %"]);
    let mean: Vec<f64> = out[0].fields[1]
        .values
        .iter()
        .filter_map(Datum::number)
        .collect();
    assert!((mean[0] - 0.4).abs() < 1e-12 && (mean[1] - 0.6).abs() < 1e-12);
}

/// prometheus-mixin "Prometheus / Overview", panel "Prometheus Stats": no transformation, two
/// table queries (two frames); its overrides rename columns and hide `Time` and `Value #A`
/// (`custom.hidden` written as the text "true").
#[test]
fn prometheus_mixin_stats_overrides_rename_and_hide() {
    let panel = fixture_panel(PROM_MIXIN, "Prometheus Stats");
    let frames = table_frames(&[
        (
            "A",
            vec![series(
                &[
                    ("cluster", "c"),
                    ("instance", "i:9090"),
                    ("job", "prom"),
                    ("version", "2.53"),
                ],
                &[(1000.0, 1.0)],
            )],
        ),
        (
            "B",
            vec![series(
                &[("instance", "i:9090"), ("job", "prom")],
                &[(1000.0, 3600.0)],
            )],
        ),
    ]);
    let config = FieldConfig::from_json(panel.get("fieldConfig"));
    let cols = columns(&frames[0], &frames, &config);
    let shown: Vec<&str> = cols
        .iter()
        .filter(|c| !c.hidden)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(shown, ["Cluster", "Instance", "Job", "Version"]);
    let cols = columns(&frames[1], &frames, &config);
    let uptime = cols.iter().find(|c| c.name == "Uptime").expect("uptime");
    assert_eq!(uptime.unit, "s");
    assert_eq!(
        uptime
            .cell(&frames[1], 0, (0.0, 1.0), ThemeMode::Dark, 0)
            .text,
        "1.00 hour"
    );
    // Merged (a transformation users add), one row per instance.
    let merged = ops::merge(frames.clone());
    assert_eq!(merged.len(), 1);
    assert_eq!(
        headers(&merged[0], &merged),
        ["Time", "cluster", "instance", "job", "version", "Value #A", "Value #B"]
    );
    assert_eq!(column_text(&merged[0], "Value #B", &merged), ["3600"]);
}

#[test]
fn reduce_series_to_rows_and_reduce_fields() {
    let frames = graph_frames(vec![
        ("a", series(&[("job", "a")], &[(1.0, 1.0), (2.0, 3.0)])),
        ("b", series(&[("job", "b")], &[(1.0, 10.0), (2.0, 20.0)])),
    ]);
    // Grafana's reduce editor writes these options.
    let rows = ops::reduce(
        &json!({"reducers": ["max", "mean", "lastNotNull"]}),
        frames.clone(),
    );
    assert_eq!(headers(&rows[0], &rows), ["Field", "Max", "Mean", "Last *"]);
    assert_eq!(column_text(&rows[0], "Field", &rows), ["a", "b"]);
    assert_eq!(column_text(&rows[0], "Mean", &rows), ["2", "15"]);
    let labelled = ops::reduce(
        &json!({"reducers": ["sum"], "labelsToFields": true}),
        frames.clone(),
    );
    assert_eq!(headers(&labelled[0], &labelled), ["Field", "job", "Total"]);
    assert_eq!(column_text(&labelled[0], "job", &labelled), ["a", "b"]);
    let fields = ops::reduce(
        &json!({"reducers": ["max"], "mode": "reduceFields"}),
        frames,
    );
    assert_eq!(fields.len(), 2);
    assert_eq!(column_text(&fields[1], "b", &fields), ["20"]);
}

#[test]
fn series_to_rows_labels_to_fields_and_concatenate() {
    let frames = graph_frames(vec![
        (
            "a",
            series(&[("job", "a")], &[(1000.0, 1.0), (2000.0, 2.0)]),
        ),
        ("b", series(&[("job", "b")], &[(1000.0, 5.0)])),
    ]);
    let rows = ops::series_to_rows(frames.clone());
    assert_eq!(headers(&rows[0], &rows), ["Time", "Metric", "Value"]);
    assert_eq!(
        column_text(&rows[0], "Time", &rows),
        ["2000", "1000", "1000"]
    );
    assert_eq!(
        column_text(&rows[0], "Metric", &rows),
        ["{job=\"a\"}", "{job=\"a\"}", "{job=\"b\"}"]
    );
    let split = ops::labels_to_fields(&json!({}), frames.clone());
    assert_eq!(headers(&split[0], &split), ["Time", "Value", "job"]);
    assert_eq!(column_text(&split[1], "job", &split), ["b"]);
    let named = ops::labels_to_fields(&json!({"valueLabel": "job"}), frames.clone());
    assert_eq!(headers(&named[0], &named), ["Time", "a"]);
    let rows_mode = ops::labels_to_fields(&json!({"mode": "rows"}), frames.clone());
    assert_eq!(column_text(&rows_mode[0], "value", &rows_mode), ["a"]);
    let both = ops::concatenate(&json!({"frameNameMode": "drop"}), frames);
    assert_eq!(both[0].fields.len(), 4);
    assert_eq!(both[0].len(), 2);
    assert_eq!(both[0].fields[3].values[1], Datum::Null);
}

#[test]
fn filters_renames_sort_and_limit() {
    let frames = table_frames(&[(
        "A",
        vec![
            series(&[("instance", "node-1:9100")], &[(1.0, 5.0)]),
            series(&[("instance", "node-2:9100")], &[(1.0, 50.0)]),
            series(&[("instance", "prom:9090")], &[(1.0, 0.5)]),
        ],
    )]);
    let kept = ops::filter_by_name(
        &json!({"include": {"names": ["instance", "Value"]}}),
        frames.clone(),
    );
    assert_eq!(headers(&kept[0], &kept), ["instance", "Value"]);
    let pattern = ops::filter_by_name(&json!({"exclude": {"pattern": "Ti.*"}}), frames.clone());
    assert_eq!(headers(&pattern[0], &pattern), ["instance", "Value"]);
    let big = ops::filter_by_value(
        &json!({"filters": [{"fieldName": "Value", "config": {"id": "greater", "options": {"value": 1}}}],
                "match": "any", "type": "include"}),
        frames.clone(),
    );
    assert_eq!(column_text(&big[0], "Value", &big), ["5", "50"]);
    let not_nodes = ops::filter_by_value(
        &json!({"filters": [{"fieldName": "instance", "config": {"id": "regex", "options": {"value": "node-.*"}}}],
                "match": "all", "type": "exclude"}),
        frames.clone(),
    );
    assert_eq!(
        column_text(&not_nodes[0], "instance", &not_nodes),
        ["prom:9090"]
    );
    let renamed = ops::rename_by_regex(
        &json!({"regex": "(.*)ue", "renamePattern": "$1ues"}),
        frames.clone(),
    );
    assert_eq!(
        headers(&renamed[0], &renamed),
        ["Time", "instance", "Values"]
    );
    let sorted = ops::sort_by(
        &json!({"fields": {}, "sort": [{"field": "Value", "desc": true}]}),
        frames.clone(),
    );
    assert_eq!(
        column_text(&sorted[0], "Value", &sorted),
        ["50", "5", "0.5"]
    );
    let limited = ops::limit(&json!({"limitField": 2}), sorted);
    assert_eq!(column_text(&limited[0], "Value", &limited), ["50", "5"]);
    let (_, unknown) = apply_transformations(
        frames,
        &json!([{"id": "prepareTimeSeries", "options": {}}, {"id": "limit", "disabled": true}]),
    );
    assert_eq!(unknown, ["prepareTimeSeries"]);
}

#[test]
fn group_by_count_and_aggregations() {
    let frames = table_frames(&[(
        "A",
        vec![
            series(&[("job", "node"), ("instance", "a")], &[(1.0, 1.0)]),
            series(&[("job", "node"), ("instance", "b")], &[(1.0, 3.0)]),
            series(&[("job", "prom"), ("instance", "c")], &[(1.0, 10.0)]),
        ],
    )]);
    let out = ops::group_by(
        &json!({"fields": {"job": {"operation": "groupby", "aggregations": []},
                           "instance": {"operation": "aggregate", "aggregations": ["count"]},
                           "Value": {"operation": "aggregate", "aggregations": ["sum", "max"]}}}),
        frames,
    );
    assert_eq!(
        headers(&out[0], &out),
        ["job", "instance (count)", "Value (sum)", "Value (max)"]
    );
    assert_eq!(column_text(&out[0], "Value (sum)", &out), ["4", "10"]);
    assert_eq!(column_text(&out[0], "instance (count)", &out), ["2", "1"]);
}

#[test]
fn table_options_footer_and_header_sort() {
    let frames = table_frames(&[(
        "A",
        vec![
            series(&[("instance", "b")], &[(1.0, 2048.0)]),
            series(&[("instance", "a")], &[(1.0, 1024.0)]),
        ],
    )]);
    let config = FieldConfig::from_json(Some(&json!({"defaults": {"unit": "bytes",
        "custom": {"align": "center", "cellOptions": {"type": "color-background", "mode": "basic"}, "filterable": true},
        "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "red", "value": 2000}]}}})));
    let frame = &frames[0];
    let cols = columns(frame, &frames, &config);
    assert_eq!(cols[2].align, "center");
    assert!(cols[2].filterable);
    let range = view::global_range(frame).unwrap();
    let hot = cols[2].cell(frame, 0, range, ThemeMode::Dark, 0);
    assert_eq!(hot.text, "2 KiB");
    assert_eq!(hot.color.as_deref(), Some("#F2495C"));
    assert!(hot.contrast.is_some());
    let options = TableOptions::from_json(
        &json!({"footer": {"show": true, "reducer": ["sum"], "fields": ""},
        "sortBy": [{"displayName": "instance", "desc": false}]}),
    );
    let rows = sorted_rows(frame, Some((1, false)));
    assert_eq!(rows, [1, 0]);
    assert_eq!(sorted_rows(frame, Some((2, true))), [0, 1]);
    // The reducer's name stands in the first column when it is not numeric (here `Time`).
    assert_eq!(
        footer(&cols, frame, &rows, &options),
        ["Total", "", "3 KiB"]
    );
    assert_eq!(options.sort_by, Some(("instance".to_string(), false)));
    let times = footer(
        &cols,
        frame,
        &rows,
        &TableOptions {
            footer_count_rows: true,
            ..options
        },
    );
    assert_eq!(times[0], "Count 2");
    assert_eq!(
        view::format_time(86_400_000.0 + 3_600_000.0, 60),
        "1970-01-02 02:00:00"
    );
}

#[test]
fn data_link_row_variables() {
    let frames = table_frames(&[("A", vec![series(&[("pod", "web 0")], &[(1.0, 2.0)])])]);
    let names = frames[0].display_names(&frames);
    let columns = view::columns(&frames[0], &frames, &FieldConfig::default());
    let link = crate::dashboard::DataLink {
        url: "/d/x?var-pod=${__data.fields.pod}&v=${__value.raw}&ns=$namespace&c=${__cell_1}"
            .into(),
        ..Default::default()
    };
    let value = columns.iter().find(|c| c.name == "Value").expect("Value");
    let url = view::cell_link(&link, value, &frames[0], &names, 0, "2", &no_page())
        .href
        .expect("a safe link");
    assert_eq!(url, "/d/x?var-pod=web%200&v=2&ns=$namespace&c=web%200");
}

const FUSAKLA: &str =
    include_str!("../../../../tests/fixtures/grafana/broader/fusakla-prometheus2.json");

/// fusakla Prometheus 2.0 (schemaVersion 19), "Build, uptime and runtime instance info": an
/// Angular table (`styles`, `transform: table`) migrated as Grafana migrates it: eight table
/// queries merged, styles as overrides (alias, unit, hidden, cell colour, links).
#[test]
fn fusakla_angular_table_migrated() {
    let dashboard: Value = serde_json::from_str(FUSAKLA).expect("fixture");
    let panel = dashboard["panels"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["title"] == "Build, uptime and runtime instance info")
        .expect("panel");
    let (transformations, field_config) = legacy::migrate_angular_table(panel).expect("styles");
    assert_eq!(
        transformations,
        json!([{"id": "merge", "options": {"reducers": []}}])
    );
    let instance = || ("instance", "prom:9090");
    let one = |extra: &[(&str, &str)], v: f64| {
        let mut pairs = vec![instance()];
        pairs.extend_from_slice(extra);
        vec![series(&pairs, &[(1000.0, v)])]
    };
    let build = [
        ("branch", "HEAD"),
        ("goversion", "go1.22"),
        ("revision", "abc"),
        ("version", "2.53.0"),
    ];
    let frames = table_frames(&[
        ("A", one(&[], 7200.0)),
        ("B", one(&build, 1.0)),
        ("C", one(&[], 1.0)),
        ("D", one(&[], 12.0)),
        ("E", one(&[], 40.0)),
        ("F", one(&[], 6e5)),
        ("G", one(&[], 86400.0)),
        ("H", one(&[], 1048576.0)),
    ]);
    let (out, unknown) = apply_transformations(frames, &transformations);
    assert!(unknown.is_empty());
    assert_eq!(out.len(), 1);
    let config = FieldConfig::from_json(Some(&field_config));
    let cols = columns(&out[0], &out, &config);
    let shown: Vec<&str> = cols
        .iter()
        .filter(|c| !c.hidden)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        shown,
        [
            "Prometheus instance",
            "Uptime",
            "Build  git branch",
            "Go version",
            "Build  git revision",
            "Prometheus version",
            "Last reload success",
            "Rules",
            "Targets",
            "# series",
            "Time Range",
            "Data"
        ]
    );
    let col = |name: &str| cols.iter().find(|c| c.name == name).expect(name);
    let range = view::global_range(&out[0]).unwrap();
    assert_eq!(
        col("Uptime")
            .cell(&out[0], 0, range, ThemeMode::Dark, 0)
            .text,
        "2.00 hours"
    );
    let reload = col("Last reload success");
    assert!(matches!(reload.cell_type, CellType::ColorBackground { .. }));
    let cell = reload.cell(&out[0], 0, range, ThemeMode::Dark, 0);
    assert_eq!(cell.color.as_deref(), Some("rgba(50, 172, 45, 0)"));
    let series_count = col("# series").cell(&out[0], 0, range, ThemeMode::Dark, 0);
    assert_eq!(series_count.color.as_deref(), Some("#FF780A"));
    assert_eq!(
        col("Data").cell(&out[0], 0, range, ThemeMode::Dark, 0).text,
        "1 MiB"
    );
    let version = col("Prometheus version");
    let names = out[0].display_names(&out);
    let url = view::cell_link(
        &version.links[0],
        version,
        &out[0],
        &names,
        0,
        "2.53.0",
        &no_page(),
    )
    .href
    .expect("a safe link");
    assert_eq!(
        url,
        "https://github.com/prometheus/prometheus/releases/tag/v2.53.0"
    );
}

/// A page with no variables, for cell links.
fn no_page() -> crate::dashboard::LinkPage<'static> {
    static SCOPE: std::sync::OnceLock<crate::variables::VariableScope> = std::sync::OnceLock::new();
    static VIEW: std::sync::OnceLock<crate::url_state::ViewState> = std::sync::OnceLock::new();
    crate::dashboard::LinkPage {
        scope: SCOPE.get_or_init(Default::default),
        view: VIEW.get_or_init(Default::default),
        range_ms: (0, 0),
        base_path: "",
    }
}

/// `json-view` cells: text as written, numbers as `JSON.stringify` writes them, and a pretty
/// form (one-space indent, keys in written order) of JSON objects and arrays.
#[test]
fn json_view_cells() {
    let (shown, pretty) = view::json_view(&Datum::Text(
        r#"{"zone":"eu-1","nodes":[1, 2],"meta":{},"tags":[],"s":"a,b:{c}\"d"}"#.into(),
    ));
    assert_eq!(
        shown,
        r#"{"zone":"eu-1","nodes":[1, 2],"meta":{},"tags":[],"s":"a,b:{c}\"d"}"#
    );
    assert_eq!(
        pretty.as_deref(),
        Some("{\n \"zone\": \"eu-1\",\n \"nodes\": [\n  1,\n  2\n ],\n \"meta\": {},\n \"tags\": [],\n \"s\": \"a,b:{c}\\\"d\"\n}")
    );
    assert_eq!(
        view::json_view(&Datum::Text("not json".into())),
        ("not json".into(), None)
    );
    assert_eq!(view::json_view(&Datum::Text("{broken".into())).1, None);
    assert_eq!(view::json_view(&Datum::Number(0.25)), ("0.25".into(), None));
    assert_eq!(
        view::json_view(&Datum::Number(f64::NAN)),
        ("null".into(), None)
    );
    assert_eq!(view::json_view(&Datum::Null), ("null".into(), None));
}

/// The running `calculateField` modes, with options as Grafana's editor saves them (values
/// worked out by hand from Grafana's `calculateField.ts`): cumulative sum and mean, a
/// trailing window of 3 rows, a centred one of 4 and a window that is a
/// share of the rows; a missing value and Grafana's running-sum rules around it.
#[test]
fn calculate_field_cumulative_and_window_functions() {
    let frames = graph_frames(vec![(
        "A",
        series(
            &[("job", "node")],
            &[
                (1.0, 1.0),
                (2.0, 2.0),
                (3.0, 3.0),
                (4.0, 4.0),
                (5.0, 5.0),
                (6.0, 6.0),
            ],
        ),
    )]);
    let run = |options: Value| {
        let (out, unknown) = apply_transformations(
            frames.clone(),
            &json!([{"id": "calculateField", "options": options}]),
        );
        assert!(unknown.is_empty());
        let frame = &out[0];
        let last = frame.fields.last().expect("a field");
        let values: Vec<f64> = last.values.iter().filter_map(Datum::number).collect();
        (last.name.clone(), values)
    };
    assert_eq!(
        run(
            json!({"mode": "cumulativeFunctions", "cumulative": {"reducer": "sum", "field": "Value"}})
        ),
        (
            "cumulative sum(Value)".to_string(),
            vec![1.0, 3.0, 6.0, 10.0, 15.0, 21.0]
        )
    );
    assert_eq!(
        run(json!({"mode": "cumulativeFunctions", "cumulative": {"reducer": "mean"}})).1,
        vec![1.0, 1.5, 2.0, 2.5, 3.0, 3.5]
    );
    assert_eq!(
        run(
            json!({"mode": "windowFunctions", "window": {"reducer": "mean", "windowAlignment": "trailing",
            "windowSizeMode": "fixed", "windowSize": 3}})
        ),
        (
            "trailing moving mean".to_string(),
            vec![1.0, 1.5, 2.0, 3.0, 4.0, 5.0]
        )
    );
    // Centred, 4 rows: two before, the row, one after.
    assert_eq!(
        run(json!({"mode": "windowFunctions", "window": {"reducer": "mean", "windowAlignment": "centered",
            "windowSizeMode": "fixed", "windowSize": 4}})).1,
        vec![1.5, 2.0, 2.5, 3.5, 4.5, 5.0]
    );
    // 50 % of 6 rows: a trailing window of 3; population variance of each.
    let (_, variance) = run(
        json!({"mode": "windowFunctions", "window": {"reducer": "variance",
        "windowAlignment": "trailing", "windowSizeMode": "percentage", "windowSize": 0.5}}),
    );
    let expected = [0.0, 0.25, 2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0];
    assert!(
        variance
            .iter()
            .zip(expected)
            .all(|(a, b)| (a - b).abs() < 1e-12),
        "{variance:?}"
    );
    // Reducers Grafana has no running form of leave the data alone.
    assert_eq!(
        run(json!({"mode": "cumulativeFunctions", "cumulative": {"reducer": "max"}})).0,
        "Value"
    );
}

/// `convertFieldType` with conversions as Grafana's editor saves them: texts to numbers
/// (commas dropped, the unreadable left empty), numbers to text, ISO texts and epoch
/// seconds to times; a time to text is left alone.
#[test]
fn convert_field_type_conversions() {
    let text = |values: &[&str]| values.iter().map(|v| Datum::Text(v.to_string())).collect();
    let frame = DataFrame {
        name: None,
        ref_id: Some("A".into()),
        fields: vec![
            Field::new(
                "bytes",
                FieldKind::String,
                text(&["1,024", " 2.5 ", "", "n/a"]),
            ),
            Field::new(
                "count",
                FieldKind::Number,
                vec![
                    Datum::Number(3.0),
                    Datum::Number(0.5),
                    Datum::Null,
                    Datum::Number(1e21),
                ],
            ),
            Field::new(
                "at",
                FieldKind::String,
                text(&[
                    "2026-12-07T10:00:00Z",
                    "2026-12-07T11:30:00+01:00",
                    "",
                    "yesterday",
                ]),
            ),
            Field::new(
                "epoch",
                FieldKind::Number,
                vec![
                    Datum::Number(1_796_637_600.0),
                    Datum::Number(0.0),
                    Datum::Null,
                    Datum::Number(1.5),
                ],
            ),
        ],
    };
    let (out, unknown) = apply_transformations(
        vec![frame],
        &json!([{"id": "convertFieldType", "options": {"conversions": [
            {"targetField": "bytes", "destinationType": "number"},
            {"targetField": "count", "destinationType": "string"},
            {"targetField": "at", "destinationType": "time"},
            {"targetField": "epoch", "destinationType": "time", "dateFormat": "X"},
            {"targetField": "at", "destinationType": "string"},
            {"destinationType": "number"}
        ]}}]),
    );
    assert!(unknown.is_empty());
    let f = &out[0].fields;
    assert_eq!(f[0].kind, FieldKind::Number);
    assert_eq!(
        f[0].values,
        [
            Datum::Number(1024.0),
            Datum::Number(2.5),
            Datum::Null,
            Datum::Null
        ]
    );
    assert_eq!(f[1].kind, FieldKind::String);
    assert_eq!(f[1].values, text(&["3", "0.5", "null", "1e+21"]));
    assert_eq!(
        f[2].kind,
        FieldKind::Time,
        "a time stays a time when asked for text"
    );
    assert_eq!(
        f[2].values,
        [
            Datum::Number(1_796_637_600_000.0),
            Datum::Number(1_796_639_400_000.0),
            Datum::Null,
            Datum::Null,
        ]
    );
    assert_eq!(f[3].kind, FieldKind::Time);
    assert_eq!(
        f[3].values,
        [
            Datum::Number(1_796_637_600_000.0),
            Datum::Null,
            Datum::Null,
            Datum::Number(1500.0)
        ]
    );
}
