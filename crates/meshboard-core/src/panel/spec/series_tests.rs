//! Per-series chart options checked on real panels of grafana.com dashboard 1860 (Node
//! Exporter Full): the resolved field config becomes each series' style and the y axes, and
//! the chart geometry draws what Grafana draws (mirrored Tx, stacks per group, 100% stacks,
//! series hidden from the viz out of the y range, soft ends, a second axis per unit).

use serde_json::{json, Value};

use super::*;
use crate::chart::{CanvasSize, ChartModel};
use crate::frame::{Frame, Labels, Series};
use crate::test_fixtures::{fixture_panel, NODE_EXPORTER_FULL};

fn node_exporter_panel(title: &str) -> Panel {
    fixture_panel(NODE_EXPORTER_FULL, title)
}

const STEP: f64 = 15_000.0;
const N: usize = 40;

/// A result with one constant series per (name, refId, value).
fn result(series: &[(&str, &str, f64)]) -> QueryResult {
    let mut frame = Frame::default();
    let mut out = QueryResult::default();
    for (name, ref_id, value) in series {
        let mut s = Series::new(Labels::new());
        for k in 0..N {
            s.push(k as f64 * STEP, *value);
        }
        frame.series.push(s);
        out.names.push(name.to_string());
        out.ref_ids.push(ref_id.to_string());
    }
    out.frame = frame.into();
    out.run.range = (0.0, (N - 1) as f64 * STEP);
    out
}

fn drawn(panel: &Panel, result: &QueryResult) -> (ChartSpec, ChartModel) {
    let resolved = resolve_panel_series(panel, result, ThemeMode::Dark);
    let spec = series_chart_spec(panel, &resolved, 0);
    let mut model = ChartModel::new(spec.clone());
    model.set_data(result.frame.clone(), result.range());
    model.set_series_names(result.names.clone());
    model.resize(CanvasSize::new(600.0, 300.0, 1.0));
    model.layout(&mut |s: &str| s.len() as f64 * 7.0);
    (spec, model)
}

/// The value series `i` is drawn at, read back from its pixels through its axis' scale.
fn drawn_value(model: &ChartModel, i: usize) -> f64 {
    let g = model.geometry();
    let s = &g.series[i];
    let y = if s.line.is_empty() {
        s.bars[1]
    } else {
        s.line[1]
    };
    g.scale_for(s.axis).invert(y)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn network_traffic_basic_draws_tx_below_zero_with_its_real_value_in_the_tooltip() {
    let panel = node_exporter_panel("Network Traffic Basic");
    let r = result(&[("Rx eth0", "A", 8e6), ("Tx eth0", "B", 2e6)]);
    let (spec, model) = drawn(&panel, &r);
    assert!(!spec.series[0].negative_y && spec.series[1].negative_y);
    assert_eq!(spec.series[0].color, "#73BF69");
    assert_eq!(spec.series[1].color, "#FADE2A");
    assert_eq!(spec.unit, "bps");
    assert!(spec.right_axis_series.is_empty(), "one unit, one axis");
    assert!(close(drawn_value(&model, 0), 8e6));
    assert!(
        close(drawn_value(&model, 1), -2e6),
        "Tx mirrored below zero"
    );
    let g = model.geometry();
    assert!(g.left_scale.invert(g.layout.plot.bottom()) <= -2e6);
    let hover = model.hover_at(g.layout.plot.x + 100.0).expect("hover");
    assert_eq!(hover.series[1].value, 2e6, "the tooltip keeps the sign");
    assert!(hover.series[1].y_px > g.left_scale.to_px(0.0));
    assert_eq!(g.series[0].fill_opacity, 0.4);
}

#[test]
fn memory_basic_stacks_the_parts_and_leaves_total_on_its_own() {
    let panel = node_exporter_panel("Memory Basic");
    let gib = 1024.0 * 1024.0 * 1024.0;
    let r = result(&[
        ("Total", "A", 16.0 * gib),
        ("Used", "B", 6.0 * gib),
        ("Cache + Buffer", "C", 4.0 * gib),
        ("Free", "D", 6.0 * gib),
        ("Swap used", "E", 1.0 * gib),
    ]);
    let (spec, model) = drawn(&panel, &r);
    let group = |i: usize| spec.series[i].stack.as_ref().map(|k| k.group.clone());
    assert_eq!(group(0).as_deref(), Some("false"));
    assert_eq!(group(1).as_deref(), Some("A"));
    // Total alone in its group: drawn at its own value, not on top of the parts.
    assert!(close(drawn_value(&model, 0), 16.0 * gib));
    assert!(close(drawn_value(&model, 1), 6.0 * gib));
    assert!(close(drawn_value(&model, 2), 10.0 * gib));
    assert!(close(drawn_value(&model, 3), 16.0 * gib));
    assert!(close(drawn_value(&model, 4), 17.0 * gib));
    assert_eq!(model.geometry().series[0].fill_opacity, 0.0);
    assert_eq!(spec.unit, "bytes");
    assert_eq!(spec.y_min, Some(0.0));
}

#[test]
fn cpu_basic_stacks_to_one_hundred_percent() {
    let panel = node_exporter_panel("CPU Basic");
    let r = result(&[
        ("Busy System", "A", 0.1),
        ("Busy User", "B", 0.2),
        ("Idle", "F", 0.7),
    ]);
    let (spec, model) = drawn(&panel, &r);
    assert!(spec
        .series
        .iter()
        .all(|s| s.stack.as_ref().is_some_and(|k| k.percent)));
    assert_eq!(spec.unit, "percentunit");
    assert!(close(drawn_value(&model, 0), 0.1));
    assert!(close(drawn_value(&model, 1), 0.3));
    assert!(close(drawn_value(&model, 2), 1.0));
    // The same shares whatever the total: 100% stacking normalises per time.
    let doubled = result(&[
        ("Busy System", "A", 1.0),
        ("Busy User", "B", 2.0),
        ("Idle", "F", 7.0),
    ]);
    let (_, model) = drawn(&panel, &doubled);
    assert!(close(drawn_value(&model, 1), 0.3));
    let top = model
        .geometry()
        .left_ticks
        .last()
        .expect("ticks")
        .label
        .clone();
    assert_eq!(top, "100%");
}

#[test]
fn the_virtual_memory_limit_hidden_from_the_viz_does_not_stretch_the_axis() {
    let panel = node_exporter_panel("Exporter Processes Memory");
    let r = result(&[
        ("Virtual Memory", "A", 800e6),
        ("Virtual Memory Limit", "B", 1.8e19),
    ]);
    let (spec, model) = drawn(&panel, &r);
    assert!(spec.series[1].hidden);
    let g = model.geometry();
    assert!(!g.series[1].visible && g.series[1].line.is_empty());
    assert_eq!(g.visible_series(), 1);
    let top = g.left_scale.invert(g.layout.plot.y);
    assert!(top < 2e9, "axis top {top} fits the real series");
    let hover = model.hover_at(g.layout.plot.x + 50.0).expect("hover");
    assert_eq!(hover.series.len(), 1);
}

#[test]
fn a_second_unit_goes_to_the_right_axis_and_explicit_placement_wins() {
    let panel = Panel::from_json(
        &json!({"type": "timeseries", "fieldConfig": {"defaults": {"unit": "bytes"}, "overrides": [
            {"matcher": {"id": "byName", "options": "rate"}, "properties": [{"id": "unit", "value": "reqps"}, {"id": "decimals", "value": 1}]},
            {"matcher": {"id": "byName", "options": "pinned"}, "properties": [{"id": "custom.axisPlacement", "value": "left"}, {"id": "unit", "value": "s"}]}
        ]}}),
        1,
    );
    let r = result(&[("size", "A", 5e6), ("rate", "B", 3.0), ("pinned", "C", 1.0)]);
    let (spec, model) = drawn(&panel, &r);
    assert_eq!(spec.unit, "bytes");
    assert_eq!(spec.right_unit, "reqps");
    assert_eq!(spec.right_decimals, Some(1));
    assert_eq!(spec.right_axis_series, vec![1]);
    assert_eq!(spec.series[2].axis, AxisSide::Left);
    assert_eq!(spec.series[1].unit, "reqps");
    let g = model.geometry();
    assert!(g.right_scale.is_some());
    assert!(g.right_ticks.iter().any(|t| t.label.contains("req/s")));
    assert!(g.left_ticks.iter().any(|t| t.label.contains("MiB")));
    assert!(close(drawn_value(&model, 1), 3.0));
}

#[test]
fn soft_ends_widen_the_range_and_fixed_ends_set_it() {
    let panel = Panel::from_json(
        &json!({"type": "timeseries", "fieldConfig": {"defaults": {"custom": {"axisSoftMin": 0, "axisSoftMax": 100, "axisLabel": "load"}}}}),
        1,
    );
    let r = result(&[("a", "A", 40.0)]);
    let (spec, model) = drawn(&panel, &r);
    assert_eq!(spec.left_axis.label, "load");
    let g = model.geometry();
    assert!(g.left_scale.invert(g.layout.plot.y) >= 100.0);
    assert!(g.left_scale.invert(g.layout.plot.bottom()) <= 0.0);
    // Data beyond the soft end still shows.
    let (_, model) = drawn(&panel, &result(&[("a", "A", 250.0)]));
    let g = model.geometry();
    assert!(g.left_scale.invert(g.layout.plot.y) >= 250.0);
}

#[test]
fn draw_style_points_and_widths_are_per_series() {
    let panel = Panel::from_json(
        &json!({"type": "timeseries", "fieldConfig": {"defaults": {"custom": {"lineWidth": 2}}, "overrides": [
            {"matcher": {"id": "byName", "options": "b"}, "properties": [{"id": "custom.drawStyle", "value": "bars"}, {"id": "custom.fillOpacity", "value": 100}]},
            {"matcher": {"id": "byName", "options": "c"}, "properties": [{"id": "custom.showPoints", "value": "always"}, {"id": "custom.pointSize", "value": 8}]},
            {"matcher": {"id": "byName", "options": "d"}, "properties": [{"id": "custom.scaleDistribution", "value": {"type": "log", "log": 10}}]}
        ]}}),
        1,
    );
    let r = result(&[("a", "A", 1.0), ("b", "B", 2.0), ("c", "C", 3.0)]);
    let (_, model) = drawn(&panel, &r);
    let g = model.geometry();
    assert_eq!(g.series[0].kind, ChartKind::Lines);
    assert_eq!(g.series[0].line_width, 2.0);
    assert!(!g.series[0].dots, "dense series: no points in auto mode");
    assert_eq!(g.series[1].kind, ChartKind::Bars);
    assert!(!g.series[1].bars.is_empty() && g.series[1].line.is_empty());
    assert_eq!(g.series[1].fill_opacity, 1.0);
    assert!(g.series[2].dots);
    assert_eq!(g.series[2].point_radius, 4.0);
}

#[test]
fn a_legacy_graph_resolves_through_the_same_path() {
    let panel = Panel::from_json(
        &json!({"type": "graph", "title": "Traffic", "lines": true, "fill": 1, "linewidth": 1,
            "yaxes": [{"format": "bps"}, {"format": "short"}],
            "seriesOverrides": [{"alias": "/out/", "transform": "negative-Y"}],
            "targets": [{"expr": "a", "refId": "A"}]}),
        1,
    );
    let r = result(&[("in", "A", 5.0), ("out", "A", 3.0)]);
    let (spec, model) = drawn(&panel, &r);
    assert!(spec.series[1].negative_y);
    assert_eq!(spec.unit, "bps");
    assert!(close(drawn_value(&model, 1), -3.0));
}

#[test]
fn series_meta_says_which_series_are_hidden_rather_than_dropping_them() {
    let panel = node_exporter_panel("Exporter Processes Memory");
    let r = result(&[
        ("Virtual Memory", "A", 800e6),
        ("Virtual Memory Limit", "B", 1.8e19),
    ]);
    let resolved = resolve_panel_series(&panel, &r, ThemeMode::Light);
    let meta: Value = serde_json::from_str(&crate::dashboard::field_resolve::SeriesMeta::json(
        &resolved,
    ))
    .expect("meta");
    assert_eq!(meta.as_array().map(Vec::len), Some(2));
    assert_eq!(meta[1]["hideFrom"]["viz"], true);
}
