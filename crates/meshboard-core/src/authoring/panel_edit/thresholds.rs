//! The thresholds list (`fieldConfig.defaults.thresholds.steps`) as Grafana's thresholds
//! editor changes it: the base step (value `null`, "Base") always stays first; a new step is
//! 10 above the highest (0 when there is only the base) in a colour no step uses yet; steps
//! are kept in value order.

use serde_json::{json, Value};

/// One step: from `value` up (`None`: the base, minus infinity), drawn in `color`.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdStep {
    pub value: Option<f64>,
    pub color: String,
}

/// Grafana's classic palette, the order new steps take their colours in.
const STEP_COLORS: [&str; 10] = [
    "green", "red", "#EAB839", "#6ED0E0", "#EF843C", "#E24D42", "#1F78C1", "#BA43A9", "#705DA0",
    "#508642",
];

/// The steps of `panel` (Grafana's default, green base and red at 80, when it has none).
pub fn threshold_steps(panel: &Value) -> Vec<ThresholdStep> {
    let steps = panel
        .pointer("/fieldConfig/defaults/thresholds/steps")
        .and_then(Value::as_array);
    match steps {
        Some(steps) => steps
            .iter()
            .map(|s| ThresholdStep {
                value: s.get("value").and_then(Value::as_f64),
                color: s
                    .get("color")
                    .and_then(Value::as_str)
                    .unwrap_or("green")
                    .to_string(),
            })
            .collect(),
        None => vec![
            ThresholdStep {
                value: None,
                color: "green".into(),
            },
            ThresholdStep {
                value: Some(80.0),
                color: "red".into(),
            },
        ],
    }
}

/// `steps` as the JSON `thresholds` object (mode kept from `panel`, else absolute), sorted.
pub fn thresholds_json(panel: &Value, mut steps: Vec<ThresholdStep>) -> Value {
    steps.sort_by(|a, b| match (a.value, b.value) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, _) => std::cmp::Ordering::Less,
        (_, None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => x.total_cmp(&y),
    });
    let mode = panel
        .pointer("/fieldConfig/defaults/thresholds/mode")
        .cloned()
        .unwrap_or_else(|| json!("absolute"));
    let steps: Vec<Value> = steps
        .into_iter()
        .map(|s| json!({ "color": s.color, "value": s.value }))
        .collect();
    json!({ "mode": mode, "steps": steps })
}

/// The thresholds of `panel` with one more step.
pub fn add_threshold(panel: &Value) -> Value {
    let mut steps = threshold_steps(panel);
    let highest = steps.iter().filter_map(|s| s.value).reduce(f64::max);
    let value = highest.map_or(0.0, |v| v + 10.0);
    let color = STEP_COLORS
        .iter()
        .find(|c| !steps.iter().any(|s| s.color == **c))
        .unwrap_or(&STEP_COLORS[0]);
    steps.push(ThresholdStep {
        value: Some(value),
        color: (*color).to_string(),
    });
    thresholds_json(panel, steps)
}

/// The thresholds of `panel` without step `index` (the base step cannot be removed).
pub fn remove_threshold(panel: &Value, index: usize) -> Value {
    let mut steps = threshold_steps(panel);
    if index < steps.len() && steps[index].value.is_some() {
        steps.remove(index);
    }
    thresholds_json(panel, steps)
}
