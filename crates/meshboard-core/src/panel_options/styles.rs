//! The Axis and Graph styles groups of the time series (Grafana's `addAxisConfig` in
//! `grafana-ui/src/options/builder/axis.tsx` and the time series' `getGraphFieldConfig`):
//! the choices of each select, as the JSON values Grafana stores, and the composite values
//! three editors write: the scale (`scaleDistribution`), the line style (`lineStyle`) and
//! "Connect null values" (`spanNulls`). Each is read back from the JSON for the form.

use serde_json::{json, Value};

use crate::variables::{format_interval_ms, parse_interval_ms};

/// (stored value, label) of one choice.
pub type Choice = (&'static str, &'static str);

pub const AXIS_PLACEMENTS: &[Choice] = &[
    ("auto", "Auto"),
    ("left", "Left"),
    ("right", "Right"),
    ("hidden", "Hidden"),
];
pub const DRAW_STYLES: &[Choice] = &[("line", "Lines"), ("bars", "Bars"), ("points", "Points")];
pub const LINE_INTERPOLATIONS: &[Choice] = &[
    ("linear", "Linear"),
    ("smooth", "Smooth"),
    ("stepBefore", "Step before"),
    ("stepAfter", "Step after"),
];
pub const GRADIENT_MODES: &[Choice] = &[
    ("none", "None"),
    ("opacity", "Opacity"),
    ("hue", "Hue"),
    ("scheme", "Scheme"),
];
pub const SHOW_POINTS: &[Choice] = &[("auto", "Auto"), ("always", "Always"), ("never", "Never")];
pub const STACKING_MODES: &[Choice] = &[("none", "Off"), ("normal", "Normal"), ("percent", "100%")];
/// Thresholds > "Show thresholds" (`custom.thresholdsStyle.mode`).
pub const THRESHOLDS_STYLES: &[Choice] = &[
    ("off", "Off"),
    ("line", "As lines"),
    ("dashed", "As lines (dashed)"),
    ("area", "As filled regions"),
    ("line+area", "As filled regions and lines"),
    ("dashed+area", "As filled regions and lines (dashed)"),
];
pub const SCALES: &[Choice] = &[
    ("linear", "Linear"),
    ("log", "Logarithmic"),
    ("symlog", "Symlog"),
];
/// The log bases Grafana's scale editor offers.
pub const LOG_BASES: &[Choice] = &[("2", "2"), ("10", "10")];
pub const LINE_STYLES: &[Choice] = &[("solid", "Solid"), ("dash", "Dash"), ("dot", "Dots")];
pub const SPAN_NULLS: &[Choice] = &[
    ("never", "Never"),
    ("always", "Always"),
    ("threshold", "Threshold"),
];

/// The scale as the editor shows it: its kind, log base and symlog's linear threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleForm {
    pub kind: String,
    pub base: f64,
    pub linear_threshold: f64,
}

/// The scale form of `custom.scaleDistribution` (linear, base 2 and threshold 1 when unset,
/// Grafana's defaults).
pub fn scale_form(value: Option<&Value>) -> ScaleForm {
    let kind = value
        .and_then(|v| v.get("type"))
        .and_then(Value::as_str)
        .filter(|k| ["log", "symlog"].contains(k))
        .unwrap_or("linear");
    let number = |key: &str| value.and_then(|v| v.get(key)).and_then(Value::as_f64);
    ScaleForm {
        kind: kind.to_string(),
        base: number("log").filter(|b| *b > 1.0).unwrap_or(2.0),
        linear_threshold: number("linearThreshold").unwrap_or(1.0),
    }
}

/// `scaleDistribution` as Grafana stores it: `{type: linear}`, `{type: log, log: base}`,
/// `{type: symlog, log: base, linearThreshold}`.
pub fn scale_json(form: &ScaleForm) -> Value {
    match form.kind.as_str() {
        "log" => json!({"type": "log", "log": form.base}),
        "symlog" => {
            json!({"type": "symlog", "log": form.base, "linearThreshold": form.linear_threshold})
        }
        _ => json!({"type": "linear"}),
    }
}

/// The line style's name (`solid`, `dash`, `dot`) of `custom.lineStyle`.
pub fn line_style_name(value: Option<&Value>) -> &'static str {
    match value.and_then(|v| v.get("fill")).and_then(Value::as_str) {
        Some("dash") => "dash",
        Some("dot") => "dot",
        _ => "solid",
    }
}

/// `custom.lineStyle` for `name`, with the dash pattern Grafana's `LineStyleEditor` starts
/// each with (`dash` 10 on 10 off, `dot` 0 on 10 off: round caps draw the dots).
pub fn line_style_json(name: &str) -> Value {
    match name {
        "dash" => json!({"fill": "dash", "dash": [10, 10]}),
        "dot" => json!({"fill": "dot", "dash": [0, 10]}),
        _ => json!({"fill": "solid"}),
    }
}

/// "Connect null values" as the editor shows it: the choice and, for a threshold, the gap it
/// connects as an interval text (`1h`).
pub fn span_nulls_form(value: Option<&Value>) -> (&'static str, String) {
    match value {
        Some(Value::Bool(true)) => ("always", String::new()),
        Some(Value::Number(n)) if n.as_f64().is_some_and(|ms| ms >= 0.0) => (
            "threshold",
            format_interval_ms(n.as_f64().unwrap_or(0.0) as i64),
        ),
        _ => ("never", String::new()),
    }
}

/// `custom.spanNulls` for `choice`: `false`, `true`, or the threshold in milliseconds read
/// from an interval text (`30m`; a bare number is seconds). `Err` says why a threshold text
/// is refused; an empty threshold is Grafana's starting one hour.
pub fn span_nulls_json(choice: &str, threshold: &str) -> Result<Value, String> {
    match choice {
        "always" => Ok(Value::Bool(true)),
        "threshold" if threshold.trim().is_empty() => Ok(json!(3_600_000)),
        "threshold" => parse_interval_ms(threshold)
            .map(|ms| json!(ms))
            .ok_or_else(|| format!("“{threshold}” is not an interval such as 30s, 5m or 1h")),
        _ => Ok(Value::Bool(false)),
    }
}

/// Bar alignment (`custom.barAlignment`, shown for bars): where a bar sits around its time.
pub const BAR_ALIGNMENTS: &[Choice] = &[("-1", "Before"), ("0", "Center"), ("1", "After")];

/// The sliders of the Graph styles group: pointer under `custom`, label, min, max, step and
/// Grafana's default (`getGraphFieldConfig`: line width 0–10, fill opacity 0–100, point size
/// 1–40).
pub const SLIDERS: &[(&str, &str, f64, f64, f64, f64)] = &[
    ("lineWidth", "Line width", 0.0, 10.0, 1.0, 1.0),
    ("fillOpacity", "Fill opacity", 0.0, 100.0, 1.0, 0.0),
    ("pointSize", "Point size", 1.0, 40.0, 1.0, 5.0),
];

/// The value a slider or its number box stores: the typed number clamped to `min..=max`
/// (whole numbers stored as integers, as Grafana's JSON has them); `None` for no number.
pub fn slider_value(text: &str, min: f64, max: f64) -> Option<Value> {
    let n: f64 = text.trim().parse().ok().filter(|n: &f64| n.is_finite())?;
    let n = n.clamp(min, max);
    Some(if n.fract() == 0.0 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    })
}
