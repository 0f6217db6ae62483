//! Host tests of the single-value decisions, on Grafana's own cases and real dashboards.

use super::*;
use crate::units::format_value;
use serde_json::json;

const NODE_EXPORTER_FULL: &str =
    include_str!("../../../../tests/fixtures/grafana/node-exporter-full.json");
const LOKI_DELETION: &str = include_str!("../../../../tests/fixtures/grafana/loki-deletion.json");

/// Every panel of a dashboard, in rows and `rows[]` too.
fn panels(dashboard: &str) -> Vec<Value> {
    fn walk(list: &[Value], out: &mut Vec<Value>) {
        for p in list {
            out.push(p.clone());
            if let Some(children) = p.get("panels").and_then(Value::as_array) {
                walk(children, out);
            }
        }
    }
    let json: Value = serde_json::from_str(dashboard).unwrap();
    let mut out = Vec::new();
    walk(json["panels"].as_array().map_or(&[][..], |v| v), &mut out);
    for row in json["rows"].as_array().map_or(&[][..], |v| v) {
        walk(row["panels"].as_array().map_or(&[][..], |v| v), &mut out);
    }
    out
}

fn panel(dashboard: &str, title: &str) -> Value {
    panels(dashboard)
        .into_iter()
        .find(|p| p["title"] == title)
        .unwrap_or_else(|| panic!("no panel {title}"))
}

fn settings(panel: &Value) -> DisplaySettings {
    DisplaySettings::from_field(
        &FieldDefaults::from_json(&panel["fieldConfig"]["defaults"]),
        None,
    )
}

#[test]
fn cpu_busy_gauge_of_node_exporter_full() {
    let p = panel(NODE_EXPORTER_FULL, "CPU Busy");
    assert_eq!(p["type"], "gauge");
    let s = settings(&p);
    let reduce = ReduceSettings::from_options(&p["options"]);
    assert_eq!(reduce.reducers, vec![Reducer::LastNotNull]);
    let shown = shown_values(&reduce, &[("cpu", &[12.0, 90.456, 97.0, 42.123][..])]);
    assert_eq!(shown.len(), 1);
    let v = s.display(&shown[0].value);
    assert_eq!(v.full_text(), format_value(42.123, "percent", Some(1)));
    assert_eq!((v.text.as_str(), v.suffix.as_deref()), ("42.1", Some("%")));
    assert_eq!(v.numeric, 42.123);
    assert!((v.percent.unwrap() - 0.42123).abs() < 1e-12);
    // Below 85: the base step's colour.
    assert_eq!(v.color.as_deref(), Some("rgba(50, 172, 45, 0.97)"));
    let hot = s.display(&Calc::Number(96.0));
    assert_eq!(hot.color.as_deref(), Some("rgba(245, 54, 54, 0.9)"));
    // No data: the panel's null mapping says N/A, in the base colour at 0.
    let none = s.display(&Calc::Null);
    assert_eq!(none.text, "N/A");
    assert!(none.numeric.is_nan());
    assert_eq!(none.percent, Some(0.0));
    assert_eq!(none.color.as_deref(), Some("rgba(50, 172, 45, 0.97)"));
    assert_eq!(orientation_option(&p["options"]), Orientation::Auto);
}

#[test]
fn uptime_and_totals_stats_of_node_exporter_full() {
    let uptime = panel(NODE_EXPORTER_FULL, "Uptime");
    let s = settings(&uptime);
    assert_eq!((s.unit.as_str(), s.decimals), ("s", Some(1)));
    let v = s.display(&Calc::Number(93_784.0));
    assert_eq!(v.full_text(), format_value(93_784.0, "s", Some(1)));
    let options = StatOptions::from_options(&uptime["options"]);
    assert_eq!(options.color_mode, ColorMode::None);
    assert_eq!(options.graph_mode, GraphMode::None);
    assert_eq!(options.orientation, Orientation::Horizontal);
    // colorMode none: the value is drawn in the theme's text colour, never threshold red.
    let look = stat_look(
        &options,
        &s.display(&Calc::Number(100.0)),
        "Uptime",
        1,
        200.0,
        100.0,
        0,
    );
    assert_eq!(look.text_color, TextColor::Theme);
    assert_eq!(look.background, Background::Transparent);
    assert_eq!(look.title, None);
    assert!(look.justify_center);

    let ram = panel(NODE_EXPORTER_FULL, "RAM Total");
    let s = settings(&ram);
    let v = s.display(&Calc::Number(16.0 * 1024.0 * 1024.0 * 1024.0));
    assert_eq!(
        v.full_text(),
        format_value(17_179_869_184.0, "bytes", Some(0))
    );
    assert_eq!((v.text.as_str(), v.suffix.as_deref()), ("16", Some(" GiB")));
}

#[test]
fn bar_gauges_of_node_exporter_full() {
    // "Pressure": percentunit 0..1 with percentage thresholds.
    let pressure = panel(NODE_EXPORTER_FULL, "Pressure");
    let s = settings(&pressure);
    assert_eq!(s.thresholds.mode, ThresholdsMode::Percentage);
    let v = s.display(&Calc::Number(0.75));
    assert_eq!(v.full_text(), format_value(0.75, "percentunit", Some(1)));
    assert_eq!(v.percent, Some(0.75));
    assert_eq!(v.color.as_deref(), Some(css_color("dark-yellow").as_str()));

    // "Speed" has min 0 and no max: the panel's data range gives it.
    let speed = panel(NODE_EXPORTER_FULL, "Speed");
    let a = [1.0e9, 1.0e9];
    let b = [1.0e10];
    let range = super::super::reducers::data_min_max([&a[..], &b[..]]);
    let s = settings(&speed).with_data_range(range);
    assert_eq!((s.min, s.max), (Some(0.0), Some(1.0e10)));
    let v = s.display(&Calc::Number(1.0e9));
    assert!((v.percent.unwrap() - 0.1).abs() < 1e-12);
    assert_eq!(v.full_text(), format_value(1.0e9, "bps", Some(0)));

    // "Node Exporter Scrape": unit bool, thresholds make 0 red and 1 green.
    let scrape = panel(NODE_EXPORTER_FULL, "Node Exporter Scrape");
    let s = settings(&scrape).with_data_range(Some((0.0, 1.0)));
    assert_eq!(
        s.display(&Calc::Number(0.0)).color.as_deref(),
        Some(css_color("dark-red").as_str())
    );
    assert_eq!(
        s.display(&Calc::Number(1.0)).color.as_deref(),
        Some(css_color("green").as_str())
    );
}

#[test]
fn every_single_value_panel_of_node_exporter_full_displays() {
    let mut seen = 0;
    for p in panels(NODE_EXPORTER_FULL) {
        let kind = p["type"].as_str().unwrap_or_default();
        if !matches!(kind, "stat" | "gauge" | "bargauge") {
            continue;
        }
        seen += 1;
        let reduce = ReduceSettings::from_options(&p["options"]);
        assert!(!reduce.values, "{}", p["title"]);
        let s = settings(&p).with_data_range(Some((0.0, 10.0)));
        let v = s.display(&Calc::Number(5.0));
        assert!(!v.text.is_empty() && v.color.is_some(), "{}", p["title"]);
    }
    assert_eq!(seen, 14);
}

// displayProcessor.test.ts: mapping text wins over the unit, the mapping's colour over the
// threshold's, and a colour-only mapping keeps the formatted number.
#[test]
fn mappings_text_and_colour_before_unit_and_thresholds() {
    let field = FieldDefaults::from_json(&json!({
        "unit": "percent", "decimals": 0,
        "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "red", "value": 50}]},
        "mappings": [
            {"type": "value", "options": {"0": {"text": "Off", "color": "blue"}, "1": {"color": "purple"}}},
            {"type": "range", "options": {"from": 90, "to": 100, "result": {"text": "Full"}}}
        ]
    }));
    let s = DisplaySettings::from_field(&field, None);
    let off = s.display(&Calc::Number(0.0));
    assert_eq!(
        (off.text.as_str(), off.color.as_deref()),
        ("Off", Some("#5794f2"))
    );
    assert_eq!(off.percent, None, "a mapped colour skips the scale");
    let one = s.display(&Calc::Number(1.0));
    assert_eq!(one.full_text(), format_value(1.0, "percent", Some(0)));
    assert_eq!(one.color.as_deref(), Some("#b877d9"));
    let full = s.display(&Calc::Number(95.0));
    assert_eq!(full.text, "Full");
    assert_eq!(
        full.color.as_deref(),
        Some("#f2495c"),
        "text-only mapping keeps thresholds"
    );
}

#[test]
fn no_value_booleans_and_unitless_calcs() {
    let field = FieldDefaults::from_json(&json!({"unit": "bytes", "noValue": "nothing"}));
    let s = DisplaySettings::from_field(&field, None);
    let none = s.display(&Calc::Null);
    assert_eq!(none.text, "nothing");
    // Without thresholds in the JSON, the stat's default green/red at 80 applies.
    assert_eq!(none.color.as_deref(), Some("#73bf69"));
    assert_eq!(s.display(&Calc::Bool(true)).text, "true");
    assert_eq!(s.display(&Calc::Bool(true)).numeric, 1.0);
    let count = s.display_calc(Reducer::Count, &Calc::Number(2048.0));
    assert_eq!(count.full_text(), format_value(2048.0, "none", None));
    let sum = s.display_calc(Reducer::Sum, &Calc::Number(2048.0));
    assert_eq!(sum.full_text(), "2 KiB");
    // displayProcessor.ts strips trailing zeros without explicit decimals: 1.50 KiB → 1.5 KiB.
    assert_eq!(format_value(1536.0, "bytes", None), "1.50 KiB");
    assert_eq!(s.display(&Calc::Number(1536.0)).full_text(), "1.5 KiB");
    assert_eq!(
        s.display(&Calc::Values(vec![Some(1.0), None, Some(2.5)]))
            .text,
        "1, , 2.5"
    );
    // A NaN shows as NaN, in the base colour.
    let nan = s.display(&Calc::Number(f64::NAN));
    assert_eq!(nan.text, "NaN");
    // Fixed and series colour modes ignore thresholds.
    let fixed =
        FieldDefaults::from_json(&json!({"color": {"mode": "fixed", "fixedColor": "orange"}}));
    let s = DisplaySettings::from_field(&fixed, None);
    assert_eq!(
        s.display(&Calc::Number(99.0)).color.as_deref(),
        Some("#ff9830")
    );
    let palette = FieldDefaults::from_json(&json!({"color": {"mode": "palette-classic"}}));
    let s = DisplaySettings::from_field(&palette, Some("#7eb26d"));
    assert_eq!(
        s.display(&Calc::Number(99.0)).color.as_deref(),
        Some("#7eb26d")
    );
}

#[test]
fn reduce_options_values_limit_fields_and_several_calcs() {
    let options = json!({"reduceOptions": {"calcs": ["min", "max", "nope"], "values": false, "fields": "/^rx/"}});
    let reduce = ReduceSettings::from_options(&options);
    let rx = [1.0, 5.0, 3.0];
    let tx = [7.0];
    let shown = shown_values(&reduce, &[("rx eth0", &rx[..]), ("tx eth0", &tx[..])]);
    assert_eq!(shown.len(), 2);
    assert_eq!(shown[0].title, "rx eth0");
    assert_eq!(shown[0].reducer, Some(Reducer::Min));
    assert_eq!(shown[0].value, Calc::Number(1.0));
    assert_eq!(shown[1].reducer, Some(Reducer::Max));
    assert_eq!(shown[1].value, Calc::Number(5.0));

    let all = ReduceSettings::from_options(&json!({"reduceOptions": {"values": true, "limit": 3}}));
    let shown = shown_values(&all, &[("rx", &rx[..]), ("tx", &[8.0, 9.0][..])]);
    assert_eq!(shown.len(), 3, "limit counts values across fields");
    assert_eq!((shown[2].series, shown[2].row), (0, Some(2)));
    let default_limit = ReduceSettings::from_options(&json!({"reduceOptions": {"values": true}}));
    assert_eq!(default_limit.limit, DEFAULT_VALUES_LIMIT);
    let by_name = ReduceSettings::from_options(&json!({"reduceOptions": {"fields": "tx"}}));
    assert!(by_name.selects("tx") && !by_name.selects("tx2"));
    assert_eq!(by_name.reducers, vec![Reducer::LastNotNull]);
    let alternatives = ReduceSettings::from_options(&json!({"reduceOptions": {"fields": "rx|tx"}}));
    assert!(alternatives.selects("tx") && !alternatives.selects("tx eth0"));
    let empty_calcs = ReduceSettings::from_options(&json!({"reduceOptions": {"calcs": []}}));
    assert_eq!(empty_calcs.reducers, vec![Reducer::Last]);
    assert!(shown_values(&by_name, &[("rx", &rx[..])]).is_empty());

    // Nothing shown: "No data", or the panel's noValue, in the base colour.
    let plain = DisplaySettings::from_field(&FieldDefaults::default(), None);
    let none = no_data_value(&plain);
    assert_eq!((none.text.as_str(), none.numeric), ("No data", 0.0));
    assert_eq!(none.color.as_deref(), Some("#73bf69"));
    let custom = FieldDefaults::from_json(&json!({"noValue": "-"}));
    assert_eq!(
        no_data_value(&DisplaySettings::from_field(&custom, None)).text,
        "-"
    );
}

// BigValue.tsx getTextValues, BigValueLayout buildLayout and shouldJustifyCenter.
#[test]
fn stat_text_modes_layouts_and_colour_modes() {
    let value = DisplayValue {
        text: "42".into(),
        prefix: Some("$".into()),
        suffix: None,
        color: Some("#f2495c".into()),
        numeric: 42.0,
        percent: Some(0.42),
    };
    let mut options = StatOptions::default();
    assert_eq!(options.color_mode, ColorMode::Value);
    let single = stat_look(&options, &value, "cpu", 1, 300.0, 100.0, 10);
    assert_eq!(
        single.title, None,
        "auto with one value shows the value alone"
    );
    assert_eq!(single.tooltip.as_deref(), Some("cpu"));
    assert_eq!(single.text_color, TextColor::Value("#f2495c".into()));
    assert_eq!(single.layout, StatLayout::WideWithChart);
    assert!(single.show_sparkline);
    let several = stat_look(&options, &value, "cpu", 3, 100.0, 100.0, 10);
    assert_eq!(several.title.as_deref(), Some("cpu"));
    assert!(!several.justify_center);
    assert_eq!(several.layout, StatLayout::StackedNoChart);

    options.text_mode = TextMode::Name;
    let name = stat_look(&options, &value, "cpu", 1, 100.0, 200.0, 10);
    assert_eq!((name.text.as_str(), name.prefix.clone()), ("cpu", None));
    assert_eq!(name.tooltip.as_deref(), Some("$42"));
    assert_eq!(name.layout, StatLayout::StackedWithChart);
    options.text_mode = TextMode::None;
    let none = stat_look(&options, &value, "cpu", 1, 100.0, 200.0, 10);
    assert_eq!(none.text, "");
    assert_eq!(none.tooltip.as_deref(), Some("Name: cpu\nValue: $42"));

    options.color_mode = ColorMode::Background;
    options.graph_mode = GraphMode::None;
    let bg = stat_look(&options, &value, "cpu", 1, 300.0, 100.0, 10);
    assert_eq!(bg.background, Background::Gradient("#f2495c".into()));
    assert_eq!(bg.text_color, TextColor::ContrastOn("#f2495c".into()));
    assert_eq!(bg.layout, StatLayout::WideNoChart);
    assert!(!bg.show_sparkline);
    let solid = StatOptions::from_options(
        &json!({"colorMode": "background_solid", "justifyMode": "center", "textMode": "value_and_name"}),
    );
    let look = stat_look(&solid, &value, "cpu", 1, 300.0, 100.0, 0);
    assert_eq!(look.background, Background::Solid("#f2495c".into()));
    assert!(look.justify_center);
    assert_eq!(look.title.as_deref(), Some("cpu"));

    assert_eq!(
        resolve_orientation(Orientation::Auto, 400.0, 100.0),
        Orientation::Vertical
    );
    assert_eq!(
        resolve_orientation(Orientation::Auto, 100.0, 400.0),
        Orientation::Horizontal
    );
    assert_eq!(
        resolve_orientation(Orientation::Horizontal, 400.0, 100.0),
        Orientation::Horizontal
    );
    assert_eq!(stat_layout(250.0, 100.0, 10), StatLayout::StackedNoChart);
}

#[test]
fn legacy_singlestats_of_loki_deletion() {
    let pending = panel(LOKI_DELETION, "Number of Pending Requests");
    let legacy = legacy_singlestat(&pending);
    // No valueName: Grafana's singlestat default (avg) becomes mean.
    assert_eq!(legacy.reduce.reducers, vec![Reducer::Mean]);
    // "70,80" without `colors`: Grafana migrates no thresholds; the stat default applies.
    assert_eq!(legacy.display.thresholds, default_thresholds());
    assert_eq!(legacy.options.color_mode, ColorMode::None);
    assert_eq!(legacy.options.graph_mode, GraphMode::None);
    assert_eq!(legacy.options.orientation, Orientation::Horizontal);
    assert!(!legacy.as_gauge);
    let age = legacy_singlestat(&panel(LOKI_DELETION, "Oldest Pending Request Age"));
    assert_eq!(age.display.unit, "dtdurations");
}

#[test]
fn legacy_singlestat_options_migrate_like_grafana() {
    let panel = json!({
        "type": "singlestat",
        "valueName": "current",
        "format": "percent",
        "postfix": "%",
        "prefix": "~",
        "decimals": 1,
        "nullText": "none",
        "nullPointMode": "null as zero",
        "colorBackground": true,
        "colorValue": true,
        "sparkline": {"show": false},
        "thresholds": "80,90",
        "colors": ["#299c46", "rgba(237, 129, 40, 0.89)", "#d44a3a"],
        "mappingType": 1,
        "valueMaps": [{"op": "=", "text": "Down", "value": "0"}, {"op": "=", "text": "N/A", "value": "null"}],
        "gauge": {"show": true, "minValue": 0, "maxValue": 200},
        "tableColumn": "Value"
    });
    let legacy = legacy_singlestat(&panel);
    assert!(legacy.as_gauge);
    assert_eq!(legacy.reduce.reducers, vec![Reducer::LastNotNull]);
    assert_eq!(legacy.reduce.fields, "/^Value$/");
    assert_eq!(legacy.options.color_mode, ColorMode::Background);
    assert_eq!(legacy.options.graph_mode, GraphMode::None);
    assert_eq!(legacy.null_mode, NullValueMode::AsZero);
    let s = &legacy.display;
    assert_eq!((s.min, s.max), (Some(0.0), Some(200.0)));
    assert_eq!(s.thresholds.steps.len(), 3);
    assert_eq!(s.thresholds.steps[2].value, Some(90.0));
    let v = s.display(&Calc::Number(95.0));
    assert_eq!(
        v.full_text(),
        format!("~{}%", format_value(95.0, "percent", Some(1)))
    );
    assert_eq!(v.color.as_deref(), Some("#d44a3a"));
    assert_eq!(v.percent, Some(0.475));
    assert_eq!(s.display(&Calc::Number(0.0)).text, "Down");
    assert_eq!(s.display(&Calc::Null).text, "N/A");

    // StatMigrations.test.ts: name stat, and no colour unless one was configured.
    let plain = legacy_singlestat(
        &json!({"valueName": "name", "sparkline": {"show": true, "lineColor": "rgb(31, 120, 193)"}}),
    );
    assert_eq!(plain.options.text_mode, TextMode::Name);
    assert_eq!(plain.options.color_mode, ColorMode::None);
    assert_eq!(plain.options.graph_mode, GraphMode::Area);
    assert_eq!(plain.display.no_value, None);
    assert_eq!(
        plain.display.color,
        ColorSource::Fixed("rgb(31, 120, 193)".into())
    );
    let named_bg = legacy_singlestat(&json!({"valueName": "name", "colorBackground": true}));
    assert_eq!(named_bg.options.color_mode, ColorMode::Background);
    assert_eq!(named_bg.options.text_mode, TextMode::Name);
    assert_eq!(named_bg.display.color, ColorSource::Thresholds);
    let only_value = legacy_singlestat(&json!({"colorValue": true, "valueName": "total"}));
    assert_eq!(only_value.options.color_mode, ColorMode::Value);
    assert_eq!(only_value.reduce.reducers, vec![Reducer::Sum]);
}

// SingleStatBaseOptions.ts sharedSingleStatMigrationHandler, `previousVersion < 8.0`.
#[test]
fn percent_units_of_pre_grafana_8_panels_span_0_to_100() {
    let field = FieldDefaults::from_json(&json!({"unit": "percent"}));
    let old = json!({"pluginVersion": "7.5.3", "options": {}});
    let s = DisplaySettings::from_field(&field, None).with_pre_grafana_8_percent_range(&old);
    assert_eq!((s.min, s.max), (Some(0.0), Some(100.0)));
    let missing_version = json!({"options": {}});
    let s = DisplaySettings::from_field(&field, None)
        .with_pre_grafana_8_percent_range(&missing_version);
    assert_eq!(s.max, Some(100.0));
    let new = json!({"pluginVersion": "10.4.1", "options": {}});
    let s = DisplaySettings::from_field(&field, None).with_pre_grafana_8_percent_range(&new);
    assert_eq!((s.min, s.max), (None, None));
    let unit = FieldDefaults::from_json(&json!({"unit": "percentunit", "max": 2}));
    let s = DisplaySettings::from_field(&unit, None).with_pre_grafana_8_percent_range(&old);
    assert_eq!((s.min, s.max), (Some(0.0), Some(2.0)));
    // Node Exporter Full's gauges set their own 0..100 anyway.
    let cpu = panel(NODE_EXPORTER_FULL, "CPU Busy");
    let s = settings(&cpu).with_pre_grafana_8_percent_range(&cpu);
    assert_eq!((s.min, s.max), (Some(0.0), Some(100.0)));
    assert_eq!(leading_number("7.5.3"), Some(7.5));
}
