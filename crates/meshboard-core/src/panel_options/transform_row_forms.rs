//! The option model of the three row-shaped transformation forms, written in the shapes core's
//! `transform::ops` reads (and Grafana's editors write):
//!
//! - Group by (`GroupByTransformerEditor`): a row per input field, `fields.<name>` =
//!   `{operation: "groupby" | "aggregate" | null, aggregations: [reducer ids]}`;
//! - Convert field type (`ConvertFieldTypeTransformerEditor`): `conversions[]` of
//!   `{targetField, destinationType, dateFormat}`, limited to the types core converts to;
//! - Filter data by values (`FilterByValueTransformerEditor`): `type`, `match` and `filters[]`
//!   of `{fieldName, config: {id, options}}`, limited to the matchers core applies.
//!
//! Each function returns the JSON a form control stores at one pointer inside the
//! transformation's options, so every action stays one `set_option` (one undo step).

use serde_json::{json, Value};

/// A JSON pointer segment for a field name (`/` and `~` escaped, RFC 6901).
pub fn pointer_segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

// ---- Group by -------------------------------------------------------------------------------

/// Grafana's `GroupByOperationID`s the editor offers, with its labels; "" is its "Ignored"
/// placeholder (stored as `operation: null`).
pub const GROUP_BY_OPERATIONS: &[(&str, &str)] = &[
    ("", "Ignored"),
    ("groupby", "Group by"),
    ("aggregate", "Calculate"),
];

/// The pointer of field `name`'s configuration (`/fields/<name>`).
pub fn group_by_pointer(name: &str) -> String {
    format!("/fields/{}", pointer_segment(name))
}

fn group_by_config<'a>(options: &'a Value, name: &str) -> Option<&'a Value> {
    options.get("fields").and_then(|f| f.get(name))
}

/// Field `name`'s operation ("" when ignored or unset).
pub fn group_by_operation(options: &Value, name: &str) -> String {
    group_by_config(options, name)
        .and_then(|c| c.get("operation"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Field `name`'s calculations, in the order they were picked.
pub fn group_by_aggregations(options: &Value, name: &str) -> Vec<String> {
    group_by_config(options, name)
        .and_then(|c| c.get("aggregations"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Field `name`'s configuration with `operation` chosen ("" for Ignored): Grafana keeps the
/// calculations already picked and writes `null` for Ignored.
pub fn group_by_with_operation(options: &Value, name: &str, operation: &str) -> Value {
    json!({
        "aggregations": group_by_aggregations(options, name),
        "operation": if operation.is_empty() { Value::Null } else { json!(operation) },
    })
}

/// Field `name`'s configuration with calculation `reducer` added (at the end) or removed; an
/// emptied list stays `[]`, as Grafana's stats picker leaves it.
pub fn group_by_with_aggregation(options: &Value, name: &str, reducer: &str, on: bool) -> Value {
    let mut ids = group_by_aggregations(options, name);
    ids.retain(|id| id != reducer);
    if on {
        ids.push(reducer.to_string());
    }
    let operation = group_by_config(options, name)
        .and_then(|c| c.get("operation"))
        .cloned()
        .unwrap_or(Value::Null);
    json!({"aggregations": ids, "operation": operation})
}

/// Grafana's warning: some field calculates but none is grouped on, so nothing happens.
pub fn group_by_calculates_without_grouping(options: &Value) -> bool {
    let Some(fields) = options.get("fields").and_then(Value::as_object) else {
        return false;
    };
    let operation = |c: &Value| c.get("operation").and_then(Value::as_str).map(String::from);
    let calculates = fields.values().any(|c| {
        operation(c).is_some()
            && c.get("aggregations")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
    });
    let groups = fields
        .values()
        .any(|c| operation(c).as_deref() == Some("groupby"));
    calculates && !groups
}

// ---- Convert field type ---------------------------------------------------------------------

/// The destination types core's `convert_field_type` applies, with Grafana's labels.
pub const CONVERT_TYPES: &[(&str, &str)] =
    &[("number", "Number"), ("string", "String"), ("time", "Time")];

/// One conversion row as the form shows it ("" where unset).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConversionRow {
    pub field: String,
    pub destination: String,
    pub date_format: String,
}

fn text_of(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The conversion rows; one empty row when there are none, as Grafana's default options hold
/// one empty conversion (so a new transformation opens with a row to fill).
pub fn conversion_rows(options: &Value) -> Vec<ConversionRow> {
    let rows: Vec<ConversionRow> = options
        .get("conversions")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|c| ConversionRow {
                    field: text_of(c, "targetField"),
                    destination: text_of(c, "destinationType"),
                    date_format: text_of(c, "dateFormat"),
                })
                .collect()
        })
        .unwrap_or_default();
    if rows.is_empty() {
        vec![ConversionRow::default()]
    } else {
        rows
    }
}

fn conversion_json(row: &ConversionRow) -> Value {
    let mut c = serde_json::Map::new();
    let mut put = |key: &str, text: &str| {
        if !text.is_empty() {
            c.insert(key.to_string(), json!(text));
        }
    };
    put("targetField", &row.field);
    put("destinationType", &row.destination);
    // Only a time destination reads a date format (`X`: seconds since the epoch).
    if row.destination == "time" {
        put("dateFormat", &row.date_format);
    }
    Value::Object(c)
}

/// The `conversions` list with `rows` written back (unset parts left out).
pub fn conversions_json(rows: &[ConversionRow]) -> Value {
    Value::Array(rows.iter().map(conversion_json).collect())
}

/// The `conversions` list with row `index` changed by `change` (Grafana clears the date format
/// when the field changes).
pub fn conversions_changed(
    options: &Value,
    index: usize,
    change: impl FnOnce(&mut ConversionRow),
) -> Value {
    let mut rows = conversion_rows(options);
    if let Some(row) = rows.get_mut(index) {
        let before = row.clone();
        change(row);
        if row.field != before.field && row.date_format == before.date_format {
            row.date_format.clear();
        }
    }
    conversions_json(&rows)
}

/// The `conversions` list with an empty row added at the end.
pub fn conversions_added(options: &Value) -> Value {
    let mut rows = conversion_rows(options);
    rows.push(ConversionRow::default());
    conversions_json(&rows)
}

/// The `conversions` list without row `index`.
pub fn conversions_removed(options: &Value, index: usize) -> Value {
    let mut rows = conversion_rows(options);
    if index < rows.len() {
        rows.remove(index);
    }
    conversions_json(&rows)
}

// ---- Filter data by values ------------------------------------------------------------------

/// Grafana's `FilterByValueType` choices.
pub const FILTER_TYPES: &[(&str, &str)] = &[("include", "Include"), ("exclude", "Exclude")];
/// Grafana's `FilterByValueMatch` choices.
pub const FILTER_MATCHES: &[(&str, &str)] = &[("all", "Match all"), ("any", "Match any")];

/// The value matchers core's `filter_by_value` applies, with the names Grafana's editor shows.
pub const VALUE_MATCHERS: &[(&str, &str)] = &[
    ("greater", "Is greater"),
    ("greaterOrEqual", "Is greater or equal"),
    ("lower", "Is lower"),
    ("lowerOrEqual", "Is lower or equal"),
    ("equal", "Is equal"),
    ("notEqual", "Is not equal"),
    ("isNull", "Is null"),
    ("isNotNull", "Is not null"),
    ("range", "Is between"),
    ("regex", "Regex"),
];

/// What a matcher's value editor asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatcherInputs {
    /// `isNull`, `isNotNull`: nothing.
    None,
    /// One `value`.
    Value,
    /// `range`: `from` and `to`.
    Range,
}

/// The inputs matcher `id` takes.
pub fn matcher_inputs(id: &str) -> MatcherInputs {
    match id {
        "isNull" | "isNotNull" => MatcherInputs::None,
        "range" => MatcherInputs::Range,
        _ => MatcherInputs::Value,
    }
}

/// Grafana's `getDefaultOptions` of matcher `id`, written when the matcher is picked.
pub fn matcher_default_options(id: &str) -> Value {
    match id {
        "isNull" | "isNotNull" => json!({}),
        "range" => json!({"from": 0, "to": 100}),
        "regex" => json!({"value": ".*"}),
        "equal" | "notEqual" => json!({"value": ""}),
        _ => json!({"value": 0}),
    }
}

/// One condition as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterRow {
    pub field: String,
    pub matcher: String,
    /// `value` (or `from` for a range) as text.
    pub value: String,
    /// `to` of a range as text.
    pub to: String,
}

fn option_text(options: Option<&Value>, key: &str) -> String {
    match options.and_then(|o| o.get(key)) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The conditions (`filters`) as rows.
pub fn filter_rows(options: &Value) -> Vec<FilterRow> {
    options
        .get("filters")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|f| {
                    let config = f.get("config");
                    let matcher = config
                        .and_then(|c| c.get("id"))
                        .and_then(Value::as_str)
                        .unwrap_or("greater")
                        .to_string();
                    let o = config.and_then(|c| c.get("options"));
                    let first = if matcher == "range" { "from" } else { "value" };
                    FilterRow {
                        field: text_of(f, "fieldName"),
                        value: option_text(o, first),
                        to: option_text(o, "to"),
                        matcher,
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A new condition, as Grafana adds one: on `field` (the first of the input's fields that is
/// not time), "Is greater" than 0.
pub fn filter_new(field: &str) -> Value {
    json!({"fieldName": field, "config": {"id": "greater", "options": matcher_default_options("greater")}})
}

/// The `filters` list with a condition on `field` added at the end.
pub fn filters_added(options: &Value, field: &str) -> Value {
    let mut list = options
        .get("filters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    list.push(filter_new(field));
    Value::Array(list)
}

/// The `filters` list without condition `index`.
pub fn filters_removed(options: &Value, index: usize) -> Value {
    let mut list = options
        .get("filters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if index < list.len() {
        list.remove(index);
    }
    Value::Array(list)
}

/// The `config` a condition stores for matcher `id` picked (its default options, as Grafana
/// replaces them).
pub fn filter_config_for(id: &str) -> Value {
    json!({"id": id, "options": matcher_default_options(id)})
}

/// The field a new condition is on: the first input field not named like a time field, else
/// the first (Grafana picks the first non-time field).
pub fn default_filter_field(fields: &[String]) -> String {
    fields
        .iter()
        .find(|f| !matches!(f.as_str(), "Time" | "time" | "timestamp"))
        .or_else(|| fields.first())
        .cloned()
        .unwrap_or_default()
}
