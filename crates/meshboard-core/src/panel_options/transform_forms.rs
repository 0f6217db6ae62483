//! The option model behind the Transform data tab's per-transformation forms (Grafana's
//! `public/app/features/transformers/editors/*`): which transformations have a form, reading
//! and writing one option of transformation `i` inside `panel.transformations` (each form
//! control is bound to a JSON pointer inside that transformation's `options`), the field names
//! a transformation receives (its input: the frames after the enabled transformations before
//! it, as Grafana hands each editor `input`), and the composite pieces: reducer lists,
//! organize's order/hide/rename rows, filter-by-name's checked names, calculate field's
//! operands and the transformations that take no options.

use serde_json::{json, Map, Value};

use crate::panel_calc::reducers::Reducer;
use crate::transform::{apply_transformations, DataFrame};

/// Transformations the tab draws a form for; the others keep the JSON editor only.
pub const WITH_FORM: &[&str] = &[
    "calculateField",
    "concatenate",
    "convertFieldType",
    "filterByValue",
    "filterFieldsByName",
    "groupBy",
    "joinByField",
    "labelsToFields",
    "limit",
    "merge",
    "organize",
    "reduce",
    "renameByRegex",
    "seriesToRows",
    "sortBy",
];

/// Transformations Grafana's editor shows no options for.
pub const WITHOUT_OPTIONS: &[&str] = &["merge", "seriesToRows"];

/// Whether transformation `id` has a form (rather than JSON only).
pub fn has_form(id: &str) -> bool {
    WITH_FORM.contains(&id)
}

/// The reducers Grafana's calculation picker offers, by id, in its order (the standard
/// `fieldReducers` registry); each shown with core's display name.
pub const REDUCER_IDS: &[&str] = &[
    "lastNotNull",
    "last",
    "firstNotNull",
    "first",
    "min",
    "max",
    "mean",
    "median",
    "variance",
    "stdDev",
    "sum",
    "count",
    "countAll",
    "range",
    "delta",
    "step",
    "diff",
    "diffperc",
    "logmin",
    "allIsZero",
    "allIsNull",
    "changeCount",
    "distinctCount",
];

/// The display name of reducer `id` ("Last *", "Total"), the id itself when unknown.
pub fn reducer_name(id: &str) -> String {
    Reducer::from_id(id).map_or_else(|| id.to_string(), Reducer::name)
}

fn items(list: Option<&Value>) -> Vec<Value> {
    list.and_then(Value::as_array).cloned().unwrap_or_default()
}

/// Transformation `i`'s options (`{}` when it has none).
pub fn options_of(list: Option<&Value>, i: usize) -> Value {
    list.and_then(|l| l.get(i))
        .and_then(|t| t.get("options"))
        .filter(|o| o.is_object())
        .cloned()
        .unwrap_or_else(|| json!({}))
}

/// The option at `pointer` (a JSON pointer inside the options, `/sort/0/field`).
pub fn option_at(list: Option<&Value>, i: usize, pointer: &str) -> Option<Value> {
    options_of(list, i).pointer(pointer).cloned()
}

/// Sets `value` at `pointer` in `root`, making the objects (or, for a numeric segment, the
/// arrays) on the way; `None` removes the key.
fn set_pointer(root: &mut Value, pointer: &str, value: Option<Value>) {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let Some((last, path)) = segments.split_last() else {
        return;
    };
    let mut at = root;
    for (n, segment) in path.iter().enumerate() {
        let next_is_index = segments[n + 1].parse::<usize>().is_ok();
        at = match segment.parse::<usize>() {
            Ok(index) if at.is_array() => {
                let array = at.as_array_mut().expect("checked above");
                while array.len() <= index {
                    array.push(if next_is_index { json!([]) } else { json!({}) });
                }
                &mut array[index]
            }
            _ => {
                if !at.is_object() {
                    *at = json!({});
                }
                let map = at.as_object_mut().expect("made an object above");
                let child = map.entry(segment.clone()).or_insert_with(|| {
                    if next_is_index {
                        json!([])
                    } else {
                        json!({})
                    }
                });
                if child.is_null() {
                    *child = if next_is_index { json!([]) } else { json!({}) };
                }
                child
            }
        };
    }
    match (at, value) {
        (Value::Array(a), Some(v)) => match last.parse::<usize>() {
            Ok(index) if index < a.len() => a[index] = v,
            _ => a.push(v),
        },
        (Value::Array(a), None) => {
            if let Ok(index) = last.parse::<usize>() {
                if index < a.len() {
                    a.remove(index);
                }
            }
        }
        (at, Some(v)) => {
            if !at.is_object() {
                *at = json!({});
            }
            at.as_object_mut()
                .expect("made an object above")
                .insert(last.clone(), v);
        }
        (Value::Object(m), None) => {
            m.remove(last);
        }
        _ => {}
    }
}

/// The list with option `pointer` of transformation `i` set (`None` removes it); the list as
/// it was when there is no transformation `i`.
pub fn set_option(
    list: Option<&Value>,
    i: usize,
    pointer: &str,
    value: Option<Value>,
) -> Option<Value> {
    let mut all = items(list);
    if let Some(Value::Object(t)) = all.get_mut(i) {
        let options = t.entry("options").or_insert_with(|| json!({}));
        set_pointer(options, pointer, value);
    }
    (!all.is_empty()).then_some(Value::Array(all))
}

/// A list of texts (`reducers`, `include.names`) with `item` added (at the end) or removed;
/// `None` once empty, so the option is left out.
pub fn toggled(list: Option<&Value>, item: &str, on: bool) -> Option<Value> {
    let mut names: Vec<String> = list
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    names.retain(|n| n != item);
    if on {
        names.push(item.to_string());
    }
    (!names.is_empty()).then(|| json!(names))
}

/// Whether a list of texts holds `item`.
pub fn holds(list: Option<&Value>, item: &str) -> bool {
    list.and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(item)))
}

/// The field names transformation `i` receives: every frame's display names after the enabled
/// transformations before it, each once, in order of first appearance.
pub fn input_field_names(frames: &[DataFrame], list: Option<&Value>, i: usize) -> Vec<String> {
    let before = Value::Array(items(list).into_iter().take(i).collect());
    let (frames, _) = apply_transformations(frames.to_vec(), &before);
    let mut names: Vec<String> = Vec::new();
    for frame in &frames {
        for name in frame.display_names(&frames) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// One field of the organize form: its name, hidden or not, and its new name ("" when kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizeRow {
    pub name: String,
    pub hidden: bool,
    pub rename: String,
}

/// Organize's rows: the input's fields (and, without data, the fields its options name) in
/// `indexByName` order, unlisted ones after in their own order, as Grafana's editor lists them.
pub fn organize_rows(options: &Value, input: &[String]) -> Vec<OrganizeRow> {
    let map = |key: &str| options.get(key).and_then(Value::as_object).cloned();
    let (index, excluded, renamed) = (
        map("indexByName").unwrap_or_default(),
        map("excludeByName").unwrap_or_default(),
        map("renameByName").unwrap_or_default(),
    );
    let mut names: Vec<String> = input.to_vec();
    if names.is_empty() {
        for key in index.keys().chain(excluded.keys()).chain(renamed.keys()) {
            if !names.contains(key) {
                names.push(key.clone());
            }
        }
    }
    let position = |n: &String| index.get(n).and_then(Value::as_i64).unwrap_or(i64::MAX);
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&k| (position(&names[k]), k));
    order
        .into_iter()
        .map(|k| {
            let name = names[k].clone();
            OrganizeRow {
                hidden: excluded.get(&name).and_then(Value::as_bool) == Some(true),
                rename: renamed
                    .get(&name)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                name,
            }
        })
        .collect()
}

/// Organize's `indexByName` after moving row `from` by `delta` among `rows` (every row gets
/// its position, as Grafana's drag and drop writes them all).
pub fn organize_moved(rows: &[OrganizeRow], from: usize, delta: isize) -> Value {
    let mut names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    let to = from as isize + delta;
    if from < names.len() && to >= 0 && (to as usize) < names.len() {
        names.swap(from, to as usize);
    }
    let map: Map<String, Value> = names
        .iter()
        .enumerate()
        .map(|(k, n)| (n.to_string(), json!(k)))
        .collect();
    Value::Object(map)
}

/// What a calculate-field operand shows: the field's name or the fixed number, whichever
/// form it is stored in (`"A"`, `{matcher: {options: "A"}}`, `{fixed: "2"}`).
pub fn operand_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(v) => v
            .pointer("/matcher/options")
            .or_else(|| v.get("fixed"))
            .map(|f| match f {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default(),
        None => String::new(),
    }
}

/// The operand Grafana stores for `text`: a field matcher when it names one of `fields`, a
/// fixed value otherwise; `None` when empty.
pub fn operand_json(text: &str, fields: &[String]) -> Option<Value> {
    let text = text.trim();
    if text.is_empty() {
        None
    } else if fields.iter().any(|f| f == text) {
        Some(json!({"matcher": {"id": "byName", "options": text}}))
    } else {
        Some(json!({"fixed": text}))
    }
}

/// A number typed into a form (`limitField`): `Ok(None)` when empty, the reason when not a
/// number.
pub fn number_option(text: &str) -> Result<Option<Value>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let n: f64 = text
        .parse()
        .map_err(|_| format!("“{text}” is not a number"))?;
    Ok(Some(if n.fract() == 0.0 && n.abs() < 1e15 {
        json!(n as i64)
    } else {
        json!(n)
    }))
}
