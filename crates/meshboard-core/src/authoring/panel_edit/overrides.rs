//! Field overrides (`fieldConfig.overrides`) as the editor changes them: each override is a
//! matcher (Grafana's "Fields with name", "Fields with name matching regex", "Fields with
//! type", "Fields returned by query") and properties; a property's typed text becomes the JSON
//! Grafana stores for it (a number for decimals/min/max, `{mode: "fixed", fixedColor}` for a
//! colour, a string for a unit or display name).

use serde_json::{json, Value};

use super::fields::number_input;

/// The matchers the editor offers: `(id, what the picker calls it)`.
pub const MATCHERS: [(&str, &str); 4] = [
    ("byName", "Fields with name"),
    ("byRegexp", "Fields with name matching regex"),
    ("byType", "Fields with type"),
    ("byFrameRefID", "Fields returned by query"),
];

/// How a property's value is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyKind {
    Text,
    Number,
    Color,
}

/// The properties the editor offers: `(id, name, kind)`, standard options then graph styles.
pub const PROPERTIES: [(&str, &str, PropertyKind); 9] = [
    ("displayName", "Display name", PropertyKind::Text),
    ("unit", "Unit", PropertyKind::Text),
    ("decimals", "Decimals", PropertyKind::Number),
    ("min", "Min", PropertyKind::Number),
    ("max", "Max", PropertyKind::Number),
    ("color", "Color", PropertyKind::Color),
    (
        "custom.lineWidth",
        "Graph styles > Line width",
        PropertyKind::Number,
    ),
    (
        "custom.fillOpacity",
        "Graph styles > Fill opacity",
        PropertyKind::Number,
    ),
    (
        "custom.axisPlacement",
        "Axis > Placement",
        PropertyKind::Text,
    ),
];

fn kind_of(id: &str) -> PropertyKind {
    PROPERTIES
        .iter()
        .find(|(p, _, _)| *p == id)
        .map_or(PropertyKind::Text, |(_, _, k)| *k)
}

/// The JSON stored for property `id` typed as `text` (`Ok(None)`: no value yet), or why not.
pub fn property_value(id: &str, text: &str) -> Result<Option<Value>, String> {
    let text = text.trim();
    match kind_of(id) {
        PropertyKind::Number => number_input(text),
        _ if text.is_empty() => Ok(None),
        PropertyKind::Color => Ok(Some(json!({"mode": "fixed", "fixedColor": text}))),
        PropertyKind::Text => Ok(Some(Value::String(text.to_string()))),
    }
}

/// A property's stored value as the text its field shows.
pub fn property_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Object(o) => o
            .get("fixedColor")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        _ => String::new(),
    }
}

/// The overrides list of `panel` (empty when it has none).
pub fn overrides(panel: &Value) -> Vec<Value> {
    panel
        .pointer("/fieldConfig/overrides")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// One more override: fields with name `""`, no properties yet (Grafana's "Add field override").
pub fn add_override(panel: &Value) -> Value {
    let mut list = overrides(panel);
    list.push(json!({"matcher": {"id": "byName", "options": ""}, "properties": []}));
    Value::Array(list)
}

/// Override `index` with one more property `id` (no value yet).
pub fn add_property(panel: &Value, index: usize, id: &str) -> Value {
    let mut list = overrides(panel);
    if let Some(props) = list
        .get_mut(index)
        .and_then(|o| o.get_mut("properties"))
        .and_then(Value::as_array_mut)
    {
        props.push(json!({"id": id}));
    }
    Value::Array(list)
}
