//! Host tests of the single-value panel model on real dashboards' panels.

use super::*;
use crate::panel_calc::single_value::{ColorMode as StatColor, GraphMode};
use serde_json::json;

const NODE_EXPORTER_FULL: &str =
    include_str!("../../../../tests/fixtures/grafana/node-exporter-full.json");
const LOKI_DELETION: &str = include_str!("../../../../tests/fixtures/grafana/loki-deletion.json");

fn raw_panel(dashboard: &str, title: &str) -> Value {
    fn walk(list: &[Value], title: &str) -> Option<Value> {
        list.iter().find_map(|p| {
            (p["title"] == title)
                .then(|| p.clone())
                .or_else(|| walk(p["panels"].as_array().map_or(&[][..], |v| v), title))
        })
    }
    let json: Value = serde_json::from_str(dashboard).unwrap();
    walk(json["panels"].as_array().map_or(&[][..], |v| v), title)
        .or_else(|| {
            json["rows"]
                .as_array()?
                .iter()
                .find_map(|r| walk(r["panels"].as_array().map_or(&[][..], |v| v), title))
        })
        .unwrap_or_else(|| panic!("no panel {title}"))
}

fn panel(dashboard: &str, title: &str) -> Panel {
    Panel::from_json(&raw_panel(dashboard, title), 1)
}

fn input<'a>(name: &'a str, labels: &'a Labels, values: &'a [f64]) -> SeriesInput<'a> {
    SeriesInput {
        name,
        ref_id: "A",
        labels,
        values,
    }
}

#[test]
fn gauge_shows_the_last_value_with_its_unit_and_threshold_colour() {
    let p = panel(NODE_EXPORTER_FULL, "CPU Busy");
    let model = SinglePanel::of(&p);
    assert_eq!(model.kind, SingleKind::Gauge);
    assert!(model.threshold_markers);
    let labels = Labels::new();
    let shown = model.values(
        &p,
        &[input("cpu", &labels, &[12.0, 97.0, 42.123])],
        ThemeMode::Dark,
    );
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].value.full_text(), "42.1%");
    assert!((shown[0].value.percent.unwrap() - 0.42123).abs() < 1e-9);
    // The panel's own min 0 / max 100 win over the data range.
    assert_eq!(shown[0].settings.range(), (0.0, 100.0));
}

#[test]
fn stat_with_color_mode_none_and_no_graph() {
    let p = panel(NODE_EXPORTER_FULL, "RAM Total");
    let model = SinglePanel::of(&p);
    assert_eq!(model.kind, SingleKind::Stat);
    assert_eq!(model.options.color_mode, StatColor::None);
    assert_eq!(model.options.graph_mode, GraphMode::None);
    let labels = Labels::new();
    let shown = model.values(
        &p,
        &[input("x", &labels, &[17_179_869_184.0])],
        ThemeMode::Dark,
    );
    assert_eq!(
        (
            shown[0].value.text.as_str(),
            shown[0].value.suffix.as_deref()
        ),
        ("16", Some(" GiB"))
    );
}

#[test]
fn bar_gauge_without_max_takes_the_data_range() {
    let p = panel(NODE_EXPORTER_FULL, "MTU");
    let model = SinglePanel::of(&p);
    assert_eq!(
        (model.kind, model.bar_mode),
        (SingleKind::BarGauge, BarMode::Basic)
    );
    let labels = Labels::new();
    let series = [
        input("lo", &labels, &[65536.0]),
        input("eth0", &labels, &[1500.0]),
    ];
    let shown = model.values(&p, &series, ThemeMode::Dark);
    assert_eq!(shown.len(), 2);
    assert_eq!(shown[1].value.text, "1500");
    let (min, max) = shown[1].settings.range();
    assert_eq!(max, 65536.0);
    assert!(min <= 1500.0);
}

#[test]
fn legacy_singlestat_of_loki_deletion() {
    let p = panel(LOKI_DELETION, "Oldest Pending Request Age");
    assert_eq!(p.type_name, "singlestat");
    let model = SinglePanel::of(&p);
    assert_eq!(model.kind, SingleKind::Stat);
    // No sparkline block in the panel: no sparkline drawn, no threshold colour on the value.
    assert_eq!(model.options.graph_mode, GraphMode::None);
    assert_eq!(model.options.color_mode, StatColor::None);
    let labels = Labels::new();
    let shown = model.values(
        &p,
        &[input("age", &labels, &[10.0, 20.0, 30.0])],
        ThemeMode::Dark,
    );
    // valueName defaults to avg.
    assert_eq!(shown[0].value.numeric, 20.0);
}

#[test]
fn legacy_singlestat_options_prefix_postfix_gauge_and_value_maps() {
    let raw = json!({
        "type": "singlestat", "title": "Up", "format": "percent", "prefix": "~", "postfix": " now",
        "valueName": "current", "colorBackground": true, "thresholds": "50,90",
        "colors": ["#299c46", "rgba(237, 129, 40, 0.89)", "#d44a3a"],
        "sparkline": {"show": false}, "gauge": {"show": true, "minValue": 0, "maxValue": 100},
        "valueMaps": [{"op": "=", "text": "DOWN", "value": "0"}],
        "targets": [{"expr": "up"}]
    });
    let p = Panel::from_json(&raw, 1);
    let model = SinglePanel::of(&p);
    assert_eq!(model.kind, SingleKind::Gauge);
    assert_eq!(model.options.color_mode, StatColor::Background);
    let labels = Labels::new();
    let shown = model.values(&p, &[input("up", &labels, &[95.0])], ThemeMode::Dark);
    assert_eq!(shown[0].value.full_text(), "~95% now");
    assert_eq!(shown[0].value.color.as_deref(), Some("#d44a3a"));
    let down = model.values(&p, &[input("up", &labels, &[0.0])], ThemeMode::Dark);
    assert_eq!(down[0].value.text, "DOWN");
}

#[test]
fn values_true_and_no_data() {
    let raw = json!({
        "type": "stat", "title": "rows", "targets": [{"expr": "up"}],
        "fieldConfig": {"defaults": {"noValue": "nothing"}, "overrides": []},
        "options": {"reduceOptions": {"values": true, "limit": 2, "calcs": []}, "colorMode": "background"}
    });
    let p = Panel::from_json(&raw, 1);
    let model = SinglePanel::of(&p);
    let labels = Labels::new();
    let shown = model.values(
        &p,
        &[input("a", &labels, &[1.0, 2.0, 3.0])],
        ThemeMode::Dark,
    );
    assert_eq!(
        shown
            .iter()
            .map(|s| s.value.text.as_str())
            .collect::<Vec<_>>(),
        ["1", "2"]
    );
    let none = model.values(&p, &[], ThemeMode::Dark);
    assert_eq!(
        (none.len(), none[0].series, none[0].value.text.as_str()),
        (1, None, "nothing")
    );
    assert_eq!(model.no_data_text(&p), "nothing");
    let plain = Panel::from_json(&json!({"type": "gauge", "title": "g"}), 1);
    assert_eq!(SinglePanel::of(&plain).no_data_text(&plain), "No data");
}

#[test]
fn overrides_apply_per_series() {
    let raw = json!({
        "type": "stat", "title": "two", "targets": [{"expr": "up"}],
        "fieldConfig": {"defaults": {"unit": "bytes"}, "overrides": [
            {"matcher": {"id": "byName", "options": "b"}, "properties": [
                {"id": "unit", "value": "percent"}, {"id": "displayName", "value": "Bee"},
                {"id": "color", "value": {"mode": "fixed", "fixedColor": "purple"}}]}]}
    });
    let p = Panel::from_json(&raw, 1);
    let model = SinglePanel::of(&p);
    let labels = Labels::new();
    let shown = model.values(
        &p,
        &[input("a", &labels, &[2048.0]), input("b", &labels, &[50.0])],
        ThemeMode::Dark,
    );
    assert_eq!(shown[0].value.full_text(), "2 KiB");
    assert_eq!(
        (shown[1].title.as_str(), shown[1].value.full_text().as_str()),
        ("Bee", "50%")
    );
    assert!(matches!(shown[1].settings.color, ColorSource::Fixed(_)));
    assert!(model.side_by_side(400.0, 100.0));
    assert!(!model.side_by_side(100.0, 400.0));
}

#[test]
fn threshold_colour_names_take_the_theme_shade() {
    let p = panel(NODE_EXPORTER_FULL, "RAM Total");
    let model = SinglePanel::of(&p);
    let labels = Labels::new();
    let color = |theme| {
        model.values(&p, &[input("x", &labels, &[1.0])], theme)[0]
            .value
            .color
            .clone()
            .unwrap()
    };
    let (dark, light) = (color(ThemeMode::Dark), color(ThemeMode::Light));
    assert_ne!(dark, light);
    assert!(dark.eq_ignore_ascii_case("#73bf69"), "{dark}");
}

#[test]
fn no_data_text_of_any_panel() {
    let of = |raw: Value| panel_no_data_text(&Panel::from_json(&raw, 1));
    assert_eq!(of(json!({"type": "timeseries", "title": "t"})), "No data");
    assert_eq!(
        of(
            json!({"type": "timeseries", "fieldConfig": {"defaults": {"noValue": "none yet"}, "overrides": []}})
        ),
        "none yet"
    );
    assert_eq!(of(json!({"type": "singlestat", "nullText": "N/A"})), "N/A");
    assert_eq!(
        of(json!({"type": "table", "fieldConfig": {"defaults": {"noValue": ""}, "overrides": []}})),
        "No data"
    );
}

#[test]
fn display_names_fill_field_labels_and_the_calc() {
    let raw = json!({
        "type": "stat", "title": "t", "targets": [{"expr": "up"}],
        "options": {"reduceOptions": {"calcs": ["max", "mean"]}},
        "fieldConfig": {"defaults": {"displayName": "${__field.labels.job} ${__calc}"}}
    });
    let p = Panel::from_json(&raw, 1);
    let model = SinglePanel::of(&p);
    let mut labels = Labels::new();
    labels.insert("job".into(), "node".into());
    let shown = model.values(&p, &[input("up", &labels, &[1.0, 3.0])], ThemeMode::Dark);
    let titles: Vec<&str> = shown.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, vec!["node Max", "node Mean"]);
}
