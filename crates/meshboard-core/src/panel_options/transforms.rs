//! The Transform data tab: the transformations core runs (`crate::transform::ops`) with the
//! names and descriptions Grafana's picker shows, and what the tab does to
//! `panel.transformations`: add one (with the options Grafana starts it with), remove, move
//! up or down, disable (`disabled: true`, skipped when run, as Grafana's eye icon), and set
//! its options from the JSON typed into its card (an object, or the reason it is refused).

use serde_json::{json, Value};

/// One transformation the tab can add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransformInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

const fn info(id: &'static str, name: &'static str, description: &'static str) -> TransformInfo {
    TransformInfo {
        id,
        name,
        description,
    }
}

/// Every transformation core runs that Grafana's picker offers, alphabetically by name as it
/// lists them (`order` and `rename` are organize's parts there, not entries of their own).
pub const TRANSFORMS: [TransformInfo; 15] = [
    info("calculateField", "Add field from calculation", "Use the row values to calculate a new field."),
    info("concatenate", "Concatenate fields", "Combine all fields into a single frame."),
    info("convertFieldType", "Convert field type", "Convert a field to a specified field type."),
    info("filterByValue", "Filter data by values", "Remove rows from the query results using user-defined filters."),
    info("filterFieldsByName", "Filter fields by name", "Remove parts of the query results using a regex pattern."),
    info("groupBy", "Group by", "Group data by a field value and create aggregate data."),
    info("joinByField", "Join by field", "Combine rows from 2+ tables, based on a related field."),
    info("labelsToFields", "Labels to fields", "Group series by time and return labels or tags as fields."),
    info("limit", "Limit", "Limit the number of items displayed."),
    info("merge", "Merge series/tables", "Merge multiple queries into a single frame."),
    info("organize", "Organize fields by name", "Re-order, hide, or rename fields."),
    info("reduce", "Reduce", "Reduce all rows or data points to a single value (ex. max, mean)."),
    info("renameByRegex", "Rename fields by regex", "Rename parts of the query results using a regular expression."),
    info("seriesToRows", "Series to rows", "Combine multiple series into a single series and append a column with metric name per value."),
    info("sortBy", "Sort by", "Sort fields in a frame."),
];

/// The picker's entry for `id` (`None`: a transformation Meshboard does not run).
pub fn transform_info(id: &str) -> Option<TransformInfo> {
    TRANSFORMS.iter().copied().find(|t| t.id == id)
}

/// The options a new transformation starts with (Grafana's `defaultOptions` where it has
/// any that change what runs; an empty object otherwise).
pub fn default_options(id: &str) -> Value {
    match id {
        "reduce" => json!({"reducers": ["lastNotNull"]}),
        "limit" => json!({"limitField": 10}),
        "labelsToFields" => json!({"mode": "columns"}),
        "calculateField" => json!({"mode": "reduceRow", "reduce": {"reducer": "sum"}}),
        _ => json!({}),
    }
}

/// One transformation as the tab lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct TransformRow {
    pub id: String,
    pub disabled: bool,
    /// The options as pretty JSON, for the card's editor.
    pub options_text: String,
}

/// The rows of `panel.transformations`.
pub fn transform_rows(list: Option<&Value>) -> Vec<TransformRow> {
    items(list)
        .iter()
        .map(|t| TransformRow {
            id: t
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            disabled: t.get("disabled").and_then(Value::as_bool) == Some(true),
            options_text: serde_json::to_string_pretty(t.get("options").unwrap_or(&json!({})))
                .unwrap_or_default(),
        })
        .collect()
}

fn items(list: Option<&Value>) -> Vec<Value> {
    list.and_then(Value::as_array).cloned().unwrap_or_default()
}

/// `None` for an empty list: Grafana leaves `transformations` out then.
fn stored(items: Vec<Value>) -> Option<Value> {
    (!items.is_empty()).then_some(Value::Array(items))
}

/// The list with transformation `id` added at the end.
pub fn add_transform(list: Option<&Value>, id: &str) -> Option<Value> {
    let mut all = items(list);
    all.push(json!({"id": id, "options": default_options(id)}));
    stored(all)
}

/// The list without transformation `i`.
pub fn remove_transform(list: Option<&Value>, i: usize) -> Option<Value> {
    let mut all = items(list);
    if i < all.len() {
        all.remove(i);
    }
    stored(all)
}

/// The list with transformation `i` moved by `delta` (-1 up, +1 down), kept in bounds.
pub fn move_transform(list: Option<&Value>, i: usize, delta: isize) -> Option<Value> {
    let mut all = items(list);
    let to = i as isize + delta;
    if i < all.len() && to >= 0 && (to as usize) < all.len() {
        all.swap(i, to as usize);
    }
    stored(all)
}

/// The list with transformation `i` disabled or enabled (`disabled` left out when enabled).
pub fn set_disabled(list: Option<&Value>, i: usize, disabled: bool) -> Option<Value> {
    let mut all = items(list);
    if let Some(Value::Object(t)) = all.get_mut(i) {
        if disabled {
            t.insert("disabled".into(), Value::Bool(true));
        } else {
            t.remove("disabled");
        }
    }
    stored(all)
}

/// The list with transformation `i`'s options read from `text`: a JSON object, or the reason
/// it is refused (with the line of a syntax error).
pub fn set_options(list: Option<&Value>, i: usize, text: &str) -> Result<Option<Value>, String> {
    let options: Value =
        serde_json::from_str(text).map_err(|e| format!("Not JSON (line {}): {e}", e.line()))?;
    if !options.is_object() {
        return Err("The options must be a JSON object ({ … })".into());
    }
    let mut all = items(list);
    match all.get_mut(i) {
        Some(Value::Object(t)) => {
            t.insert("options".into(), options);
        }
        _ => return Err(format!("There is no transformation {}", i + 1)),
    }
    Ok(stored(all))
}
