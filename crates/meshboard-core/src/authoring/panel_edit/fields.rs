//! Reading the editor's form fields out of a panel's JSON (by JSON pointer, the same path
//! [`crate::authoring::Edit::SetPanelField`] writes), and turning a typed number into JSON.

use serde_json::{json, Value};

/// The text at `pointer` (`/title`, `/fieldConfig/defaults/unit`): a string as written, a
/// number printed, anything else (or nothing) empty.
pub fn text_at(panel: &Value, pointer: &str) -> String {
    match panel.pointer(pointer) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The flag at `pointer`; `default` when the JSON does not say.
pub fn bool_at(panel: &Value, pointer: &str, default: bool) -> bool {
    panel
        .pointer(pointer)
        .and_then(Value::as_bool)
        .unwrap_or(default)
}

/// A number field's typed text as the value to store: empty removes the field (`Ok(None)`, as
/// Grafana's number inputs leave an unset option out), a number is stored as a number, and
/// anything else is refused with the sentence to show next to the field.
pub fn number_input(text: &str) -> Result<Option<Value>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => {
            // Whole numbers stay integers in the JSON, as Grafana writes `"decimals": 2`.
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                Ok(Some(json!(n as i64)))
            } else {
                Ok(Some(json!(n)))
            }
        }
        _ => Err(format!("“{text}” is not a number")),
    }
}
