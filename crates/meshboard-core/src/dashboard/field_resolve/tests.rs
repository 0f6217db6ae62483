//! Resolution checked against real panels of grafana.com dashboard 1860 (Node Exporter Full)
//! and against legacy `graph` panels shaped like the ones Grafana 6/7 saved.

use serde_json::{json, Value};

use super::*;
use crate::dashboard::Panel;
use crate::test_fixtures::{fixture_panel, NODE_EXPORTER_FULL};

/// The panel of Node Exporter Full with this title (rows' nested panels included).
fn node_exporter_panel(title: &str) -> Panel {
    fixture_panel(NODE_EXPORTER_FULL, title)
}

fn resolve(panel: &Panel, series: &[SeriesIdentity]) -> Vec<ResolvedSeries> {
    resolve_series(
        &panel.field_config,
        series,
        &ResolveOptions::for_panel(panel),
    )
}

#[test]
fn network_traffic_basic_mirrors_tx_below_zero() {
    let panel = node_exporter_panel("Network Traffic Basic");
    let r = resolve(
        &panel,
        &[
            SeriesIdentity::new("Rx eth0", "A"),
            SeriesIdentity::new("Tx eth0", "B"),
        ],
    );
    assert_eq!(r[0].transform, None);
    assert_eq!(r[1].transform, Some(Transform::NegativeY));
    for s in &r {
        assert_eq!(s.unit.as_deref(), Some("bps"));
        assert_eq!(s.fill_opacity, 40.0);
        assert_eq!(s.stacking.mode, StackingMode::None);
        assert_eq!(s.color_mode, ColorMode::PaletteClassic);
    }
    // Classic palette by series index: green, then yellow.
    assert_eq!(r[0].color, "#73BF69");
    assert_eq!(r[1].color, "#FADE2A");
}

#[test]
fn disk_iops_mirrors_writes_and_keeps_the_axis_label() {
    let panel = node_exporter_panel("Disk IOps");
    let r = resolve(
        &panel,
        &[
            SeriesIdentity::new("sda - Read", "A"),
            SeriesIdentity::new("sda - Write", "B"),
        ],
    );
    assert_eq!(r[0].transform, None);
    assert_eq!(r[1].transform, Some(Transform::NegativeY));
    assert_eq!(
        r[0].axis_label.as_deref(),
        Some("write (\u{2013}) / read (+)")
    );
    assert_eq!(r[1].unit.as_deref(), Some("iops"));
    assert_eq!(r[1].fill_opacity, 20.0);
}

#[test]
fn memory_basic_keeps_total_out_of_the_stack() {
    let panel = node_exporter_panel("Memory Basic");
    let names = ["Total", "Used", "Cache + Buffer", "Free", "Swap used"];
    let series: Vec<SeriesIdentity> = names
        .iter()
        .zip(["A", "B", "C", "D", "E"])
        .map(|(n, r)| SeriesIdentity::new(*n, r))
        .collect();
    let r = resolve(&panel, &series);
    let total = &r[0];
    assert_eq!(total.stacking.mode, StackingMode::Normal);
    // `group: false` puts Total in a group of its own: not stacked on its parts.
    assert_eq!(total.stacking.group, "false");
    assert_eq!(total.fill_opacity, 0.0);
    assert_eq!(total.color, "#E0F9D7");
    assert_eq!(
        r[1].stacking,
        Stacking {
            mode: StackingMode::Normal,
            group: "A".into()
        }
    );
    assert_eq!(
        r[1].color, "#FADE2A",
        "Used keeps its palette colour (index 1)"
    );
    assert_eq!(r[2].color, "#052B51");
    assert_eq!(r[3].color, "#7EB26D");
    assert_eq!(r[4].color, "#BF1B00");
    assert!(r
        .iter()
        .all(|s| s.unit.as_deref() == Some("bytes") && s.min == Some(0.0)));
}

#[test]
fn cpu_basic_stacks_to_one_hundred_percent() {
    let panel = node_exporter_panel("CPU Basic");
    let r = resolve(
        &panel,
        &[
            SeriesIdentity::new("Busy System", "A"),
            SeriesIdentity::new("Busy Iowait", "C"),
        ],
    );
    assert!(r.iter().all(|s| s.stacking.mode == StackingMode::Percent));
    assert_eq!(r[0].color, "#EAB839");
    assert_eq!(r[1].color, "#890F02");
    assert_eq!(r[0].line_interpolation, LineInterpolation::Smooth);
    assert_eq!(r[0].unit.as_deref(), Some("percentunit"));
}

#[test]
fn exporter_memory_hides_the_virtual_memory_limit() {
    let panel = node_exporter_panel("Exporter Processes Memory");
    let r = resolve(
        &panel,
        &[
            SeriesIdentity::new("Virtual Memory", "A"),
            SeriesIdentity::new("Virtual Memory Limit", "B"),
        ],
    );
    assert_eq!(r[0].hide_from, HideFrom::default());
    assert_eq!(
        r[1].hide_from,
        HideFrom {
            legend: false,
            tooltip: false,
            viz: true
        }
    );
    assert_eq!(r[1].color, "#C4162A", "dark-red in the dark theme");
    assert_eq!(r[1].line_style.fill, "dash");
    assert_eq!(r[1].line_style.dash, vec![10.0, 10.0]);
    let meta: Value = serde_json::from_str(&SeriesMeta::json(&r)).expect("meta JSON");
    assert_eq!(meta[1]["name"], "Virtual Memory Limit");
    assert_eq!(meta[1]["hideFrom"]["viz"], true);
    assert_eq!(meta[0]["axisPlacement"], "auto");
    assert_eq!(meta[0]["stacking"]["mode"], "none");
    assert_eq!(meta[0]["drawStyle"], "line");
    assert_eq!(meta[0]["unit"], "bytes");
}

#[test]
fn process_states_take_their_display_names() {
    let panel = node_exporter_panel("Processes Detailed States");
    let r = resolve(
        &panel,
        &[SeriesIdentity::new("R", "A"), SeriesIdentity::new("Q", "A")],
    );
    assert_eq!(r[0].display_name, "Running");
    assert_eq!(r[1].display_name, "Q");
    assert_eq!(r[0].stacking.mode, StackingMode::Normal);
}

#[test]
fn pressure_bars_colour_by_percentage_thresholds() {
    let panel = node_exporter_panel("Pressure");
    let r = resolve(
        &panel,
        &[
            SeriesIdentity::new("CPU", "A").with_color_value(0.5),
            SeriesIdentity::new("Mem", "B").with_color_value(0.75),
            SeriesIdentity::new("I/O", "C").with_color_value(0.95),
        ],
    );
    assert!(r.iter().all(|s| s.color_mode == ColorMode::Thresholds));
    assert_eq!(r[0].color, "#73BF69");
    assert_eq!(r[1].color, "#E0B400", "dark-yellow from 70% of 0..1");
    assert_eq!(r[2].color, "#C4162A", "dark-red from 90%");
    assert_eq!(r[0].decimals, Some(1));
}

#[test]
fn grafana_defaults_fill_what_the_json_leaves_out() {
    let r = resolve_series(
        &FieldConfig::default(),
        &[
            SeriesIdentity::new("Time", "A").with_field_type(FieldType::Time),
            SeriesIdentity::new("up", "A"),
        ],
        &ResolveOptions::default(),
    );
    let s = &r[1];
    // The time field does not take a palette slot.
    assert_eq!(s.series_index, 0);
    assert_eq!(s.color, "#73BF69");
    assert_eq!(s.line_width, 1.0);
    assert_eq!(s.fill_opacity, 0.0);
    assert_eq!(s.point_size, 5.0);
    assert_eq!(s.show_points, ShowPoints::Auto);
    assert_eq!(s.draw_style, DrawStyle::Line);
    assert_eq!(s.span_nulls, SpanNulls::Never);
    assert_eq!(s.axis_placement, AxisPlacement::Auto);
    assert_eq!(s.scale_distribution, ScaleDistribution::Linear);
    assert_eq!(s.thresholds_style, ThresholdsStyle::Off);
    assert_eq!(s.stacking, Stacking::default());
    // Stat panels default to thresholds colouring; with no thresholds, Grafana's grey.
    let stat = resolve_series(
        &FieldConfig::default(),
        &[SeriesIdentity::new("x", "A")],
        &ResolveOptions::for_panel_type("stat"),
    );
    assert_eq!(stat[0].color, colors::FALLBACK_COLOR);
}

#[test]
fn every_custom_property_is_typed() {
    let config = FieldConfig::from_json(Some(&json!({
        "defaults": {"unit": "s", "min": 10, "max": 0, "custom": {
            "drawStyle": "points", "pointSize": 8, "showPoints": "always",
            "lineInterpolation": "stepBefore", "spanNulls": 3600000,
            "axisSoftMin": 0, "axisSoftMax": 5, "axisCenteredZero": true,
            "scaleDistribution": {"type": "log", "log": 10},
            "thresholdsStyle": {"mode": "dashed+area"}, "gradientMode": "opacity"}},
        "overrides": [{"matcher": {"id": "byName", "options": "b"}, "properties": [
            {"id": "custom.axisPlacement", "value": "right"}, {"id": "unit", "value": "percent"},
            {"id": "color", "value": {"mode": "shades", "fixedColor": "blue"}},
            {"id": "custom.drawStyle", "value": "bars"}]}]
    })));
    let r = resolve_series(
        &config,
        &[SeriesIdentity::new("a", "A"), SeriesIdentity::new("b", "A")],
        &ResolveOptions::default(),
    );
    let a = &r[0];
    assert_eq!(
        (a.min, a.max),
        (Some(0.0), Some(10.0)),
        "reversed min/max swapped"
    );
    assert_eq!(a.draw_style, DrawStyle::Points);
    assert_eq!(a.point_size, 8.0);
    assert_eq!(a.show_points, ShowPoints::Always);
    assert_eq!(a.line_interpolation, LineInterpolation::StepBefore);
    assert_eq!(a.span_nulls, SpanNulls::ShorterThanMs(3_600_000.0));
    assert_eq!((a.axis_soft_min, a.axis_soft_max), (Some(0.0), Some(5.0)));
    assert!(a.axis_centered_zero);
    assert_eq!(a.scale_distribution, ScaleDistribution::Log { base: 10.0 });
    assert_eq!(a.thresholds_style, ThresholdsStyle::DashedAndArea);
    assert_eq!(a.gradient_mode, "opacity");
    let b = &r[1];
    assert_eq!(b.axis_placement, AxisPlacement::Right);
    assert_eq!(b.unit.as_deref(), Some("percent"));
    assert_eq!(b.draw_style, DrawStyle::Bars);
    assert_eq!(b.color_mode, ColorMode::Shades);
    // Series index 1 takes the first brighter shade of blue, not blue itself.
    assert_ne!(b.color, "#5794F2");
}

#[test]
fn legacy_graph_resolves_like_grafanas_migration() {
    let panel = Panel::from_json(
        &json!({
            "type": "graph", "title": "Traffic", "bars": false, "lines": true, "points": false,
            "fill": 2, "linewidth": 2, "nullPointMode": "connected",
            "stack": true, "percentage": true,
            "aliasColors": {"Rx eth0": "#7EB26D"},
            "hiddenSeries": {"debug": true},
            "seriesOverrides": [
                {"alias": "/Tx/", "transform": "negative-Y"},
                {"alias": "errors", "yaxis": 2, "color": "dark-red", "stack": false, "fill": 0,
                 "linewidth": 3, "legend": false, "bars": true},
                {"alias": "p99", "dashes": true, "hideTooltip": true}
            ],
            "yaxes": [
                {"format": "bps", "label": "traffic", "logBase": 1, "show": true, "min": "0"},
                {"format": "percent", "logBase": 10, "show": true, "max": 100}
            ],
            "targets": [{"expr": "x", "refId": "A"}]
        }),
        1,
    );
    let names = ["Rx eth0", "Tx eth0", "errors", "p99", "debug"];
    let series: Vec<SeriesIdentity> = names.iter().map(|n| SeriesIdentity::new(*n, "A")).collect();
    let r = resolve(&panel, &series);
    let (rx, tx, errors, p99, debug) = (&r[0], &r[1], &r[2], &r[3], &r[4]);
    assert_eq!(rx.color, "#7EB26D");
    assert_eq!(rx.unit.as_deref(), Some("bps"));
    assert_eq!(rx.min, Some(0.0));
    assert_eq!(rx.axis_label.as_deref(), Some("traffic"));
    assert_eq!(rx.fill_opacity, 20.0);
    assert_eq!(rx.line_width, 2.0);
    assert_eq!(rx.span_nulls, SpanNulls::Always);
    assert_eq!(rx.show_points, ShowPoints::Never);
    assert_eq!(
        rx.stacking,
        Stacking {
            mode: StackingMode::Percent,
            group: "A".into()
        }
    );
    assert_eq!(tx.transform, Some(Transform::NegativeY));
    assert_eq!(tx.color, "#FADE2A", "palette index 1");
    // The right axis: its unit and log scale, drawn on the right, out of the stack.
    assert_eq!(errors.axis_placement, AxisPlacement::Right);
    assert_eq!(errors.unit.as_deref(), Some("percent"));
    assert_eq!(errors.max, Some(100.0));
    assert_eq!(
        errors.scale_distribution,
        ScaleDistribution::Log { base: 10.0 }
    );
    assert_eq!(errors.color, "#C4162A");
    assert_eq!(errors.stacking.mode, StackingMode::None);
    assert_eq!(errors.draw_style, DrawStyle::Bars);
    assert_eq!(
        errors.fill_opacity, 100.0,
        "bars are solid whatever fill says"
    );
    assert_eq!(errors.line_width, 3.0);
    assert!(errors.hide_from.legend && !errors.hide_from.viz);
    assert_eq!(p99.line_style.fill, "dash");
    assert!(p99.hide_from.tooltip && !p99.hide_from.legend);
    assert_eq!(
        debug.hide_from,
        HideFrom {
            legend: false,
            tooltip: false,
            viz: true
        }
    );
    assert_eq!(rx.axis_placement, AxisPlacement::Auto);
}

#[test]
fn legacy_graph_defaults_and_hidden_axis() {
    let panel = Panel::from_json(
        &json!({"type": "graph", "yaxes": [{"format": "short", "show": false}, {"show": true}],
                "thresholds": [{"op": "gt", "value": 80, "colorMode": "critical", "fill": true, "line": true}]}),
        1,
    );
    let r = resolve(&panel, &[SeriesIdentity::new("a", "A")]);
    // Graph panel defaults: fill 1, linewidth 1, lines.
    assert_eq!(r[0].fill_opacity, 10.0);
    assert_eq!(r[0].line_width, 1.0);
    assert_eq!(r[0].draw_style, DrawStyle::Line);
    assert_eq!(r[0].axis_placement, AxisPlacement::Hidden);
    assert_eq!(r[0].thresholds_style, ThresholdsStyle::LineAndArea);
    let steps = &r[0].thresholds.as_ref().expect("thresholds").steps;
    assert_eq!(steps[0].color, "transparent");
    assert_eq!(
        (steps[1].color.as_str(), steps[1].value),
        ("red", Some(80.0))
    );
}

#[test]
fn display_name_templates_take_the_series_labels() {
    let identity = SeriesIdentity::new("up{job=\"node\"}", "A").with_labels(
        [
            ("job", "node"),
            ("instance", "host:9100"),
            ("__name__", "up"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
    );
    assert_eq!(
        render_display_name(
            "${__field.labels.instance} (${__field.labels.job})",
            &identity
        ),
        "host:9100 (node)"
    );
    assert_eq!(
        render_display_name("${__field.labels.missing}x", &identity),
        "x"
    );
    assert_eq!(
        render_display_name("${__field.labels}", &identity),
        "instance=\"host:9100\", job=\"node\""
    );
    assert_eq!(
        render_display_name("${__series.name} / ${__calc}", &identity),
        "up{job=\"node\"} / ${__calc}"
    );
    assert_eq!(render_display_name("Plain", &identity), "Plain");
    assert_eq!(
        render_display_name("${__field.labels.job", &identity),
        "${__field.labels.job"
    );
    // Through the resolver, as a dashboard's defaults ask.
    let config = FieldConfig::from_json(Some(&json!({
        "defaults": {"displayName": "CPU ${__field.labels.instance}"}
    })));
    let r = resolve_series(&config, &[identity], &ResolveOptions::default());
    assert_eq!(r[0].display_name, "CPU host:9100");
}
