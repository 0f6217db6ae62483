//! Panel JSON -> chart engine options: `fieldConfig` (unit, decimals, min/max, thresholds,
//! custom draw style) and the legacy `graph` options (`bars`, `stack`, `fill`).

use crate::chart::{ChartKind, ChartSpec, Threshold, ThresholdStyle};
use crate::core::dashboard::{FieldDefaults, Panel};
use serde_json::Value;

/// Grafana named colours -> CSS colours (the shades map to their base colour).
pub fn css_color(name: &str) -> String {
    let base = name
        .trim_start_matches("super-light-")
        .trim_start_matches("semi-dark-")
        .trim_start_matches("light-")
        .trim_start_matches("dark-");
    match base {
        "green" => "#73bf69".into(),
        "red" => "#f2495c".into(),
        "yellow" => "#fade2a".into(),
        "orange" => "#ff9830".into(),
        "blue" => "#5794f2".into(),
        "purple" => "#b877d9".into(),
        "text" | "transparent" => "var(--text)".into(),
        _ => name.to_string(),
    }
}

/// The threshold colour of `value`, if the field has thresholds.
pub fn threshold_color(field: &FieldDefaults, value: f64) -> Option<String> {
    let t = field.thresholds.as_ref()?;
    let step = t.step_for(value, field.min.unwrap_or(0.0), field.max.unwrap_or(100.0))?;
    Some(css_color(&step.color))
}

pub fn chart_spec(panel: &Panel, utc_offset_minutes: i32) -> ChartSpec {
    let field = &panel.field_config.defaults;
    let custom = &field.custom;
    let legacy = panel.type_name == "graph";
    let raw = &panel.raw;
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let kind = match str_of(custom, "drawStyle").as_deref() {
        Some("bars") => ChartKind::Bars,
        Some("points") => ChartKind::Points,
        _ if legacy && raw.get("bars").and_then(Value::as_bool) == Some(true) => ChartKind::Bars,
        _ if legacy
            && raw.get("lines").and_then(Value::as_bool) == Some(false)
            && raw.get("points").and_then(Value::as_bool) == Some(true) =>
        {
            ChartKind::Points
        }
        _ => ChartKind::Lines,
    };
    let stack = custom
        .get("stacking")
        .and_then(|s| s.get("mode"))
        .and_then(Value::as_str)
        .is_some_and(|m| m != "none")
        || (legacy && raw.get("stack").and_then(Value::as_bool) == Some(true));
    let fill_opacity = custom
        .get("fillOpacity")
        .and_then(Value::as_f64)
        .map(|f| f / 100.0)
        .or_else(|| legacy.then(|| raw.get("fill").and_then(Value::as_f64).unwrap_or(1.0) / 10.0))
        .unwrap_or(0.0);
    let line_width = custom
        .get("lineWidth")
        .and_then(Value::as_f64)
        .or_else(|| raw.get("linewidth").and_then(Value::as_f64))
        .unwrap_or(1.0);
    let log_base = custom
        .get("scaleDistribution")
        .filter(|s| s.get("type").and_then(Value::as_str) == Some("log"))
        .and_then(|s| s.get("log"))
        .and_then(Value::as_f64);
    let threshold_style = match custom
        .get("thresholdsStyle")
        .and_then(|s| s.get("mode"))
        .and_then(Value::as_str)
    {
        Some("line") | Some("dashed") => ThresholdStyle::Lines,
        Some("area") => ThresholdStyle::Bands,
        Some("line+area") | Some("dashed+area") => ThresholdStyle::LinesAndBands,
        _ => ThresholdStyle::Off,
    };
    let thresholds = field
        .thresholds
        .as_ref()
        .map(|t| {
            t.steps
                .iter()
                .map(|s| Threshold {
                    value: s.value.unwrap_or(f64::NEG_INFINITY),
                    color: css_color(&s.color),
                })
                .collect()
        })
        .unwrap_or_default();
    let legacy_unit = || {
        raw.get("yaxes")
            .and_then(|y| y.get(0))
            .and_then(|y| y.get("format"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    ChartSpec {
        kind,
        stack,
        fill_opacity: fill_opacity.clamp(0.0, 1.0),
        line_width: line_width.clamp(0.0, 10.0),
        thresholds,
        threshold_style,
        log_base,
        unit: field
            .unit
            .clone()
            .or_else(|| legacy.then(legacy_unit).flatten())
            .unwrap_or_default(),
        decimals: field.decimals,
        y_min: field.min,
        y_max: field.max,
        utc_offset_minutes,
        ..ChartSpec::default()
    }
}
