//! Value mappings (`fieldConfig.defaults.mappings`) as rows, the way Grafana's value mappings
//! editor shows them (`buildEditRowModels` / `editModelToSaveModel` in its
//! `ValueMappingsEditor`): every value of a `value` mapping is its own row, ranges, regexes and
//! special values one row each, all in their `index` order; saved back, the value rows become
//! one `value` mapping and the others one mapping each, `index` numbering the rows.

use serde_json::{json, Map, Value};

/// What a row matches.
#[derive(Debug, Clone, PartialEq)]
pub enum MappingMatch {
    /// One exact value (the text as typed).
    Value(String),
    /// `from` .. `to` (either open).
    Range {
        from: Option<f64>,
        to: Option<f64>,
    },
    Regex(String),
    /// `null`, `nan`, `null+nan`, `true`, `false`, `empty`.
    Special(String),
}

/// One row of the editor: the match, and what shows instead (text and/or colour).
#[derive(Debug, Clone, PartialEq)]
pub struct MappingRow {
    pub matches: MappingMatch,
    pub text: String,
    pub color: String,
}

fn result_of(result: Option<&Value>) -> (String, String, i64) {
    let text = |k: &str| {
        result
            .and_then(|r| r.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let index = result
        .and_then(|r| r.get("index"))
        .and_then(Value::as_i64)
        .unwrap_or(i64::MAX);
    (text("text"), text("color"), index)
}

/// The rows of `panel`'s mappings, in `index` order.
pub fn mapping_rows(panel: &Value) -> Vec<MappingRow> {
    let mut rows: Vec<(i64, MappingRow)> = Vec::new();
    let mappings = panel
        .pointer("/fieldConfig/defaults/mappings")
        .and_then(Value::as_array);
    for mapping in mappings.into_iter().flatten() {
        let options = mapping.get("options");
        let mut push = |matches: MappingMatch, result: Option<&Value>| {
            let (text, color, index) = result_of(result);
            rows.push((
                index,
                MappingRow {
                    matches,
                    text,
                    color,
                },
            ));
        };
        match mapping.get("type").and_then(Value::as_str) {
            Some("value") => {
                for (value, result) in options.and_then(Value::as_object).into_iter().flatten() {
                    push(MappingMatch::Value(value.clone()), Some(result));
                }
            }
            Some("range") => {
                let bound = |k: &str| options.and_then(|o| o.get(k)).and_then(Value::as_f64);
                let matches = MappingMatch::Range {
                    from: bound("from"),
                    to: bound("to"),
                };
                push(matches, options.and_then(|o| o.get("result")));
            }
            Some("regex") => {
                let pattern = options
                    .and_then(|o| o.get("pattern"))
                    .and_then(Value::as_str);
                let matches = MappingMatch::Regex(pattern.unwrap_or("").to_string());
                push(matches, options.and_then(|o| o.get("result")));
            }
            Some("special") => {
                let what = options.and_then(|o| o.get("match")).and_then(Value::as_str);
                let matches = MappingMatch::Special(what.unwrap_or("null").to_string());
                push(matches, options.and_then(|o| o.get("result")));
            }
            _ => {}
        }
    }
    rows.sort_by_key(|(index, _)| *index);
    rows.into_iter().map(|(_, row)| row).collect()
}

fn result_json(row: &MappingRow, index: usize) -> Value {
    let mut result = Map::new();
    if !row.text.is_empty() {
        result.insert("text".into(), json!(row.text));
    }
    if !row.color.is_empty() {
        result.insert("color".into(), json!(row.color));
    }
    result.insert("index".into(), json!(index));
    Value::Object(result)
}

/// `rows` as the saved `mappings` list.
pub fn mappings_json(rows: &[MappingRow]) -> Value {
    let mut values = Map::new();
    let mut others = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let result = result_json(row, index);
        match &row.matches {
            MappingMatch::Value(value) => {
                values.insert(value.clone(), result);
            }
            MappingMatch::Range { from, to } => others.push(json!({
                "type": "range", "options": {"from": from, "to": to, "result": result}
            })),
            MappingMatch::Regex(pattern) => others.push(json!({
                "type": "regex", "options": {"pattern": pattern, "result": result}
            })),
            MappingMatch::Special(what) => others.push(json!({
                "type": "special", "options": {"match": what, "result": result}
            })),
        }
    }
    let mut list = Vec::new();
    if !values.is_empty() {
        list.push(json!({"type": "value", "options": values}));
    }
    list.extend(others);
    Value::Array(list)
}
