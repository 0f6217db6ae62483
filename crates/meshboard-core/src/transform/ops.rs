//! The transformations, each as its Grafana namesake in
//! `packages/grafana-data/src/transformations/transformers/` does it: `merge.ts`,
//! `organize.ts` (+ `filterByName.ts`, `order.ts`, `rename.ts`), `reduce.ts`,
//! `seriesToRows.ts`, `joinByField.ts`/`joinDataFrames.ts` (alias `seriesToColumns`),
//! `labelsToFields.ts`, `filterByValue.ts`, `renameByRegex.ts`, `calculateField.ts`,
//! `sortBy.ts`, `groupBy.ts`, `limit.ts` and `concat.ts`.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::Value;

use super::{DataFrame, Datum, Field, FieldKind};
use crate::frame::Labels;
use crate::panel_calc::reducers::{reduce_field, Calc, NullValueMode, Reducer};
use crate::variables::compile_js_regex;

/// Applies transformation `id`; `Err` gives the frames back untouched when `id` is unknown.
pub fn apply(
    id: &str,
    o: &Value,
    frames: Vec<DataFrame>,
) -> Result<Vec<DataFrame>, Vec<DataFrame>> {
    Ok(match id {
        "merge" => merge(frames),
        "organize" => organize(o, frames),
        "order" => order(o, frames),
        "rename" => rename(o, frames),
        "filterFieldsByName" => filter_by_name(o, frames),
        "reduce" => reduce(o, frames),
        "seriesToRows" => series_to_rows(frames),
        "joinByField" | "seriesToColumns" => join_by_field(o, frames),
        "labelsToFields" => labels_to_fields(o, frames),
        "filterByValue" => filter_by_value(o, frames),
        "renameByRegex" => rename_by_regex(o, frames),
        "calculateField" => calculate_field(o, frames),
        "sortBy" => sort_by(o, frames),
        "groupBy" => group_by(o, frames),
        "limit" => limit(o, frames),
        "concatenate" => concatenate(o, frames),
        "convertFieldType" => convert_field_type(o, frames),
        _ => return Err(frames),
    })
}

fn text<'a>(o: &'a Value, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

fn names_of(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The keys of a `{name: true}` map whose value is true.
fn true_keys(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(_, v)| v.as_bool() == Some(true))
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default()
}

fn datum_of(calc: Calc) -> Datum {
    match calc {
        Calc::Number(v) => Datum::Number(v),
        Calc::Bool(b) => Datum::Number(if b { 1.0 } else { 0.0 }),
        Calc::Null | Calc::Values(_) => Datum::Null,
    }
}

/// Grafana's `reduceField` of one field: numbers through the core reducers; a text field's
/// first/last values are its texts, as Grafana's reducers return raw values.
fn reduce_values(field: &Field, reducer: Reducer) -> Datum {
    if field.kind == FieldKind::String {
        let present = |d: &&Datum| !matches!(d, Datum::Null);
        return match reducer {
            Reducer::First => field.values.first().cloned().unwrap_or(Datum::Null),
            Reducer::Last => field.values.last().cloned().unwrap_or(Datum::Null),
            Reducer::FirstNotNull => field
                .values
                .iter()
                .find(present)
                .cloned()
                .unwrap_or(Datum::Null),
            Reducer::LastNotNull => field
                .values
                .iter()
                .rev()
                .find(present)
                .cloned()
                .unwrap_or(Datum::Null),
            Reducer::Count | Reducer::CountAll => Datum::Number(field.values.len() as f64),
            Reducer::DistinctCount => {
                let mut seen: Vec<&Datum> = Vec::new();
                for v in &field.values {
                    if !seen.contains(&v) {
                        seen.push(v);
                    }
                }
                Datum::Number(seen.len() as f64)
            }
            _ => Datum::Null,
        };
    }
    datum_of(reduce_field(
        &field.numbers(),
        reducer,
        NullValueMode::Ignore,
    ))
}

/// `merge`: rows of every frame into one table, rows with equal values in the fields every
/// frame has merged into one (a later frame fills the columns the row lacks).
pub fn merge(frames: Vec<DataFrame>) -> Vec<DataFrame> {
    if frames.len() <= 1 {
        return frames;
    }
    let data: Vec<&DataFrame> = frames.iter().filter(|f| !f.fields.is_empty()).collect();
    if data.is_empty() {
        return frames.into_iter().take(1).collect();
    }
    let mut out_fields: Vec<Field> = Vec::new();
    let mut index_by_name: HashMap<String, HashMap<usize, usize>> = HashMap::new();
    for (fi, frame) in data.iter().enumerate() {
        for (i, field) in frame.fields.iter().enumerate() {
            if !out_fields.iter().any(|f| f.name == field.name) {
                let mut copy = field.with_values(Vec::new());
                copy.labels = None;
                copy.display_name = None;
                out_fields.push(copy);
            }
            index_by_name
                .entry(field.name.clone())
                .or_default()
                .insert(fi, i);
        }
    }
    let last = data[data.len() - 1];
    let key_names: Vec<String> = last
        .fields
        .iter()
        .map(|f| f.name.clone())
        .filter(|n| index_by_name[n].len() == data.len())
        .collect();
    if key_names.is_empty() {
        return frames;
    }
    type Row = HashMap<String, Datum>;
    let mut by_key: HashMap<String, Vec<Row>> = HashMap::new();
    let mut in_order: Vec<(String, usize)> = Vec::new();
    for (fi, frame) in data.iter().enumerate() {
        for row in 0..frame.len() {
            let key: Vec<String> = key_names
                .iter()
                .map(|n| frame.value(index_by_name[n][&fi], row).key_text())
                .collect();
            let key = key.join("\u{1f}");
            let value: Row = frame
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| (f.name.clone(), frame.value(i, row).clone()))
                .collect();
            let rows = by_key.entry(key.clone()).or_default();
            let mut merged = false;
            for existing in rows.iter_mut() {
                let mergeable = value.iter().all(|(k, v)| match existing.get(k) {
                    None | Some(Datum::Null) => true,
                    Some(e) => e == v,
                });
                if mergeable {
                    merged = true;
                    for (k, v) in &value {
                        existing.insert(k.clone(), v.clone());
                    }
                }
            }
            if !merged {
                rows.push(value);
                in_order.push((key, rows.len() - 1));
            }
        }
    }
    for (key, index) in in_order {
        let row = &by_key[&key][index];
        for field in &mut out_fields {
            field
                .values
                .push(row.get(&field.name).cloned().unwrap_or(Datum::Null));
        }
    }
    vec![DataFrame {
        name: None,
        ref_id: None,
        fields: out_fields,
    }]
}

/// Maps each frame, given its fields' display names among all the frames (and those frames);
/// `None` drops the frame.
fn each_frame(
    frames: Vec<DataFrame>,
    mut f: impl FnMut(DataFrame, Vec<String>, &[DataFrame]) -> Option<DataFrame>,
) -> Vec<DataFrame> {
    let all = frames.clone();
    frames
        .into_iter()
        .filter_map(|frame| {
            let names = frame.display_names(&all);
            f(frame, names, &all)
        })
        .collect()
}

/// Whether a field's display name (or own name) is one of `names`, or matches `pattern`.
fn name_matcher<'a>(
    names: &'a [String],
    pattern: Option<&'a str>,
) -> Option<impl Fn(&str, &str) -> bool + 'a> {
    let regex = pattern
        .filter(|p| !p.is_empty())
        .and_then(compile_name_pattern);
    if names.is_empty() && regex.is_none() {
        return None;
    }
    Some(move |display: &str, own: &str| {
        names.iter().any(|n| n == display || n == own)
            || regex.as_ref().is_some_and(|r| r.is_match(display))
    })
}

/// Keeps the fields `include` names (all when it names none) and drops those `exclude`
/// names; a frame left without fields is dropped (`filterByName.ts`).
fn filter_fields(
    frames: Vec<DataFrame>,
    include: Option<&Value>,
    exclude: Option<&Value>,
) -> Vec<DataFrame> {
    let spec = |v: Option<&Value>| {
        (
            names_of(v.and_then(|v| v.get("names"))),
            v.and_then(|v| text(v, "pattern")).map(str::to_string),
        )
    };
    let (inc_names, inc_pattern) = spec(include);
    let (exc_names, exc_pattern) = spec(exclude);
    let include = name_matcher(&inc_names, inc_pattern.as_deref());
    let exclude = name_matcher(&exc_names, exc_pattern.as_deref());
    if include.is_none() && exclude.is_none() {
        return frames;
    }
    each_frame(frames, |frame, names, _| {
        let fields: Vec<Field> = frame
            .fields
            .iter()
            .zip(&names)
            .filter(|(f, n)| {
                if exclude.as_ref().is_some_and(|m| m(n, &f.name)) {
                    return false;
                }
                include.as_ref().is_none_or(|m| m(n, &f.name))
            })
            .map(|(f, _)| f.clone())
            .collect();
        (!fields.is_empty()).then_some(DataFrame { fields, ..frame })
    })
}

pub fn filter_by_name(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    filter_fields(frames, o.get("include"), o.get("exclude"))
}

/// `organize`: drop `excludeByName` (and keep only `includeByName` when set), order by
/// `indexByName`, then rename by `renameByName`.
pub fn organize(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let exclude = serde_json::json!({"names": true_keys(o.get("excludeByName"))});
    let include_names = true_keys(o.get("includeByName"));
    let include = serde_json::json!({ "names": include_names });
    let frames = filter_fields(frames, Some(&include), Some(&exclude));
    rename(o, order(o, frames))
}

/// `order`: fields sorted by their `indexByName` position (unlisted ones last, in place).
fn order(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    if text(o, "fieldOrder") == Some("auto") {
        return frames;
    }
    let Some(index) = o.get("indexByName").and_then(Value::as_object) else {
        return frames;
    };
    if index.is_empty() {
        return frames;
    }
    each_frame(frames, |frame, names, _| {
        let mut order: Vec<usize> = (0..frame.fields.len()).collect();
        let key = |i: &usize| {
            index
                .get(&names[*i])
                .and_then(Value::as_i64)
                .unwrap_or(i64::MAX)
        };
        crate::sort::sort_by(&mut order, |a, b| key(a).cmp(&key(b)));
        Some(DataFrame {
            fields: order.iter().map(|&i| frame.fields[i].clone()).collect(),
            ..frame
        })
    })
}

/// `rename`: a field whose display name is a key of `renameByName` shows the value instead.
fn rename(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let Some(map) = o.get("renameByName").and_then(Value::as_object) else {
        return frames;
    };
    each_frame(frames, |mut frame, names, _| {
        for (field, name) in frame.fields.iter_mut().zip(names) {
            if let Some(to) = map
                .get(&name)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                field.display_name = Some(to.to_string());
            }
        }
        Some(frame)
    })
}

/// The reducers of a `reducers`/`calcs` list, unknown ids dropped as Grafana's registry does.
fn reducers_of(value: Option<&Value>) -> Vec<(String, Reducer)> {
    names_of(value)
        .into_iter()
        .filter_map(|id| Reducer::from_id(&id).map(|r| (id, r)))
        .collect()
}

/// `reduce`: `seriesToRows` (default) makes one row per field (`Field`, then a column per
/// reducer named as Grafana names it, `labelsToFields` adding the labels as columns);
/// `reduceFields` keeps each frame's fields, each reduced to one value.
pub fn reduce(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let reducers = reducers_of(o.get("reducers"));
    if reducers.is_empty() {
        return frames;
    }
    let include_time = o.get("includeTimeField").and_then(Value::as_bool) == Some(true);
    let reduce_fields = text(o, "mode") == Some("reduceFields");
    let matcher = o.get("fields").filter(|f| f.is_object());
    let all = frames.clone();
    let selected = |frame: &DataFrame| -> Vec<(usize, String)> {
        let names = frame.display_names(&all);
        frame
            .fields
            .iter()
            .enumerate()
            .filter(|(i, f)| match matcher {
                Some(m) => field_matches(m, frame, *i, &names[*i]),
                None => f.kind != FieldKind::Time || (include_time && reduce_fields),
            })
            .map(|(i, _)| (i, names[i].clone()))
            .collect()
    };
    if reduce_fields {
        return frames
            .iter()
            .filter_map(|frame| {
                let mut fields = Vec::new();
                for (i, _) in selected(frame) {
                    let field = &frame.fields[i];
                    for (_, reducer) in &reducers {
                        let mut copy = field.with_values(vec![reduce_values(field, *reducer)]);
                        if copy.kind == FieldKind::Time
                            && !matches!(
                                reducer,
                                Reducer::First
                                    | Reducer::Last
                                    | Reducer::FirstNotNull
                                    | Reducer::LastNotNull
                                    | Reducer::Min
                                    | Reducer::Max
                            )
                        {
                            copy.kind = FieldKind::Number;
                        }
                        if reducers.len() > 1 {
                            copy.labels
                                .get_or_insert_with(Labels::new)
                                .insert("reducer".into(), reducer.name());
                        }
                        fields.push(copy);
                    }
                }
                (!fields.is_empty()).then(|| DataFrame {
                    fields,
                    ..frame.without_fields()
                })
            })
            .collect();
    }
    let labels_to_fields = o.get("labelsToFields").and_then(Value::as_bool) == Some(true);
    let mut label_keys: Vec<String> = Vec::new();
    if labels_to_fields {
        for key in frames
            .iter()
            .flat_map(|f| &f.fields)
            .flat_map(|f| f.labels.iter().flat_map(|l| l.keys()))
        {
            if !label_keys.contains(key) {
                label_keys.push(key.clone());
            }
        }
    }
    let mut out = Field::new("Field", FieldKind::String, Vec::new());
    let mut label_fields: Vec<Field> = label_keys
        .iter()
        .map(|k| Field::new(k.clone(), FieldKind::String, Vec::new()))
        .collect();
    let mut calc_fields: Vec<Field> = reducers
        .iter()
        .map(|(_, r)| Field::new(r.name(), FieldKind::Number, Vec::new()))
        .collect();
    for frame in &frames {
        for (i, name) in selected(frame) {
            let field = &frame.fields[i];
            out.values.push(Datum::Text(if labels_to_fields {
                field.name.clone()
            } else {
                name
            }));
            for (key, column) in label_keys.iter().zip(label_fields.iter_mut()) {
                column.values.push(
                    field
                        .labels
                        .as_ref()
                        .and_then(|l| l.get(key))
                        .map_or(Datum::Null, |v| Datum::Text(v.clone())),
                );
            }
            for ((_, reducer), column) in reducers.iter().zip(calc_fields.iter_mut()) {
                column.values.push(reduce_values(field, *reducer));
            }
        }
    }
    for column in &mut calc_fields {
        if column.values.iter().any(|v| matches!(v, Datum::Text(_))) {
            column.kind = FieldKind::String;
        }
    }
    let mut fields = vec![out];
    fields.append(&mut label_fields);
    fields.append(&mut calc_fields);
    vec![DataFrame {
        name: None,
        ref_id: frames.first().and_then(|f| f.ref_id.clone()),
        fields,
    }]
}

/// A `fields` matcher of `reduce` (`byName`, `byNames`, `byRegexp`, `byType`, `numeric`).
fn field_matches(m: &Value, frame: &DataFrame, index: usize, display: &str) -> bool {
    let field = &frame.fields[index];
    let options = m.get("options");
    match text(m, "id") {
        Some("byName") => options
            .and_then(Value::as_str)
            .is_some_and(|n| n == display || n == field.name),
        Some("byNames") => names_of(options.and_then(|o| o.get("names")))
            .iter()
            .any(|n| n == display || *n == field.name),
        Some("byRegexp") => options
            .and_then(Value::as_str)
            .and_then(compile_name_pattern)
            .is_some_and(|r| r.is_match(display)),
        Some("numeric") => field.kind == FieldKind::Number,
        Some("time") => field.kind == FieldKind::Time,
        Some("byType") => match options.and_then(Value::as_str) {
            Some("number") => field.kind == FieldKind::Number,
            Some("time") => field.kind == FieldKind::Time,
            Some("string") => field.kind == FieldKind::String,
            _ => false,
        },
        _ => field.kind != FieldKind::Time,
    }
}

/// `seriesToRows`: time series frames into one `Time`, `Metric`, `Value` table, newest first.
pub fn series_to_rows(frames: Vec<DataFrame>) -> Vec<DataFrame> {
    if frames.len() <= 1 {
        return frames;
    }
    let data: Vec<DataFrame> = frames.iter().filter(|f| !f.is_empty()).cloned().collect();
    let is_series = |f: &DataFrame| {
        f.fields.iter().any(|x| x.kind == FieldKind::Time)
            && f.fields.iter().any(|x| x.kind == FieldKind::Number)
    };
    if data.is_empty() || !data.iter().all(is_series) {
        return frames;
    }
    let mut time = Field::new("Time", FieldKind::Time, Vec::new());
    let mut metric = Field::new("Metric", FieldKind::String, Vec::new());
    let mut value = Field::new("Value", FieldKind::Number, Vec::new());
    for frame in &data {
        let ti = frame
            .fields
            .iter()
            .position(|f| f.kind == FieldKind::Time)
            .unwrap_or(0);
        let vi = if ti == 0 { 1 } else { 0 };
        let name = frame.display_name();
        for row in 0..frame.len() {
            time.values.push(frame.value(ti, row).clone());
            metric.values.push(Datum::Text(name.clone()));
            value.values.push(frame.value(vi, row).clone());
        }
    }
    let times: Vec<f64> = time.values.iter().map(Datum::as_js_number).collect();
    let mut order: Vec<usize> = (0..times.len()).collect();
    crate::sort::sort_by(&mut order, |a, b| times[*b].total_cmp(&times[*a]));
    let frame = DataFrame {
        name: None,
        ref_id: None,
        fields: vec![time, metric, value],
    };
    vec![frame.reorder_rows(&order)]
}

/// JavaScript's `a - b` as a sort comparator: numbers (and numeric texts) by value; anything
/// else compares equal, so the stable sort keeps first-seen order.
fn js_minus_cmp(a: &Datum, b: &Datum) -> Ordering {
    let (x, y) = (a.as_js_number(), b.as_js_number());
    if x.is_nan() || y.is_nan() {
        Ordering::Equal
    } else {
        x.total_cmp(&y)
    }
}

/// `joinByField` (and its old id `seriesToColumns`): frames joined on `byField` (the first
/// time field when unset) into one; `outer` (default) keeps every key, sorted as Grafana's
/// join sorts them, `inner` only keys in every frame. Fields keep their names (with `{}`
/// labels, so a repeated `Time` shows as `Time 1`, `Time 2` ...).
pub fn join_by_field(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    if frames.len() <= 1 {
        return frames;
    }
    let by = text(o, "byField").filter(|s| !s.is_empty());
    let inner = text(o, "mode") == Some("inner");
    let all = frames.clone();
    let mut tables: Vec<(Vec<Datum>, Vec<Field>)> = Vec::new();
    let mut join_field: Option<Field> = None;
    for frame in &frames {
        let index = match by {
            Some(name) => frame.find(name, &all),
            None => frame.fields.iter().position(|f| f.kind == FieldKind::Time),
        };
        let Some(index) = index else { continue };
        if join_field.is_none() {
            join_field = Some(frame.fields[index].clone());
        }
        let others: Vec<Field> = frame
            .fields
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .map(|(_, f)| {
                let mut f = f.clone();
                let mut labels = f.labels.take().unwrap_or_default();
                if let Some(name) = frame.name.as_ref().filter(|n| !n.is_empty()) {
                    if f.name == "Value" {
                        f.name = name.clone();
                    }
                    labels.insert("_frameName".into(), name.clone());
                }
                f.labels = Some(labels);
                f
            })
            .collect();
        tables.push((frame.fields[index].values.clone(), others));
    }
    let Some(join_field) = join_field else {
        return frames;
    };
    let mut keys: Vec<Datum> = Vec::new();
    let mut out_fields: Vec<Field> = Vec::new();
    if inner {
        // Rows of the first frame matched with each other frame's rows of the same key.
        let mut rows: Vec<Vec<Datum>> = Vec::new();
        let (first_keys, first_fields) = &tables[0];
        for (r, key) in first_keys.iter().enumerate() {
            let mut partial: Vec<Vec<Datum>> = vec![first_fields
                .iter()
                .map(|f| f.values.get(r).cloned().unwrap_or(Datum::Null))
                .collect()];
            for (other_keys, other_fields) in &tables[1..] {
                let mut next = Vec::new();
                for row in &partial {
                    for (orow, okey) in other_keys.iter().enumerate() {
                        if okey.key_text() == key.key_text() {
                            let mut extended = row.clone();
                            extended.extend(
                                other_fields
                                    .iter()
                                    .map(|f| f.values.get(orow).cloned().unwrap_or(Datum::Null)),
                            );
                            next.push(extended);
                        }
                    }
                }
                partial = next;
            }
            for row in partial {
                keys.push(key.clone());
                rows.push(row);
            }
        }
        for (_, fields) in &tables {
            out_fields.extend(fields.iter().map(|f| f.with_values(Vec::new())));
        }
        for row in rows {
            for (field, v) in out_fields.iter_mut().zip(row) {
                field.values.push(v);
            }
        }
    } else {
        for (table_keys, _) in &tables {
            for key in table_keys {
                if !keys.iter().any(|k| k.key_text() == key.key_text()) {
                    keys.push(key.clone());
                }
            }
        }
        crate::sort::sort_by(&mut keys, js_minus_cmp);
        let position: HashMap<String, usize> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.key_text(), i))
            .collect();
        for (table_keys, fields) in &tables {
            for field in fields {
                let mut values = vec![Datum::Null; keys.len()];
                for (r, key) in table_keys.iter().enumerate() {
                    if let Some(v) = field.values.get(r) {
                        values[position[&key.key_text()]] = v.clone();
                    }
                }
                out_fields.push(field.with_values(values));
            }
        }
    }
    let mut fields = vec![join_field.with_values(keys)];
    fields.extend(out_fields);
    vec![DataFrame {
        name: None,
        ref_id: None,
        fields,
    }]
}

/// `labelsToFields` (Grafana 10+): each labelled field loses its labels, each label becoming a
/// string column after the frame's fields (`valueLabel`: that label names the value field
/// instead; `keepLabels`: only these); mode `rows`: a `label`/`value` table of the labels.
pub fn labels_to_fields(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let value_label = text(o, "valueLabel");
    let keep = names_of(o.get("keepLabels"));
    let kept = |k: &str| keep.is_empty() || keep.iter().any(|x| x == k);
    if text(o, "mode") == Some("rows") {
        return frames
            .into_iter()
            .map(|frame| {
                let mut label = Field::new("label", FieldKind::String, Vec::new());
                let mut value = Field::new("value", FieldKind::String, Vec::new());
                for field in &frame.fields {
                    for (k, v) in field.labels.iter().flatten() {
                        if kept(k) {
                            label.values.push(Datum::Text(k.clone()));
                            value.values.push(Datum::Text(v.clone()));
                        }
                    }
                }
                DataFrame {
                    fields: vec![label, value],
                    ..frame.without_fields()
                }
            })
            .collect();
    }
    each_frame(frames, |frame, _, _| {
        let rows = frame.len();
        let mut fields = Vec::new();
        let mut unique: Vec<(String, Vec<String>)> = Vec::new();
        for field in &frame.fields {
            let Some(labels) = &field.labels else {
                fields.push(field.clone());
                continue;
            };
            let mut bare = field.clone();
            bare.labels = None;
            bare.display_name_from_ds = None;
            for (k, v) in labels {
                if !kept(k) {
                    continue;
                }
                if value_label == Some(k.as_str()) {
                    bare.name = v.clone();
                    continue;
                }
                match unique.iter_mut().find(|(n, _)| n == k) {
                    Some((_, values)) if !values.contains(v) => values.push(v.clone()),
                    Some(_) => {}
                    None => unique.push((k.clone(), vec![v.clone()])),
                }
            }
            fields.push(bare);
        }
        for (name, values) in unique {
            for v in values {
                fields.push(Field::new(
                    name.clone(),
                    FieldKind::String,
                    vec![Datum::Text(v); rows],
                ));
            }
        }
        Some(DataFrame {
            fields,
            ..frame.without_fields()
        })
    })
}

/// One `filterByValue` condition on a value.
fn value_condition(config: &Value, v: &Datum) -> bool {
    let options = config.get("options").unwrap_or(&Value::Null);
    let number = |key: &str| match options.get(key) {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let x = v.number();
    match text(config, "id") {
        Some("isNull") => matches!(v, Datum::Null),
        Some("isNotNull") => !matches!(v, Datum::Null),
        Some("greater") => matches!((x, number("value")), (Some(a), Some(b)) if a > b),
        Some("greaterOrEqual") => matches!((x, number("value")), (Some(a), Some(b)) if a >= b),
        Some("lower") => matches!((x, number("value")), (Some(a), Some(b)) if a < b),
        Some("lowerOrEqual") => matches!((x, number("value")), (Some(a), Some(b)) if a <= b),
        Some("range") => {
            matches!((x, number("from"), number("to")), (Some(a), Some(f), Some(t)) if a >= f && a <= t)
        }
        Some("equal") | Some("notEqual") => {
            let target = options.get("value");
            let equal = match (v, target) {
                (Datum::Number(a), Some(_)) => number("value").is_some_and(|b| *a == b),
                (Datum::Text(a), Some(Value::String(b))) => a == b,
                (Datum::Text(a), Some(Value::Number(b))) => {
                    a.trim().parse::<f64>().ok() == b.as_f64()
                }
                (Datum::Null, None | Some(Value::Null)) => true,
                _ => false,
            };
            equal == (text(config, "id") == Some("equal"))
        }
        Some("regex") => {
            let pattern = options
                .get("value")
                .and_then(Value::as_str)
                .unwrap_or_default();
            compile_js_regex(pattern).is_ok_and(|(re, _)| re.is_match(&v.key_text()))
        }
        _ => false,
    }
}

/// `filterByValue`: rows kept (`type: include`) or dropped (`exclude`) when `any`/`all` of the
/// `filters` match; a filter on a field the frame lacks is ignored.
pub fn filter_by_value(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let filters = o
        .get("filters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if filters.is_empty() {
        return frames;
    }
    let include = text(o, "type") != Some("exclude");
    let all_match = text(o, "match") == Some("all");
    each_frame(frames, |frame, _, all| {
        let active: Vec<(usize, &Value)> = filters
            .iter()
            .filter_map(|f| {
                let name = text(f, "fieldName")?;
                Some((frame.find(name, all)?, f.get("config")?))
            })
            .collect();
        if active.is_empty() {
            return Some(frame);
        }
        let keep: Vec<usize> = (0..frame.len())
            .filter(|&row| {
                let mut results = active
                    .iter()
                    .map(|(i, config)| value_condition(config, frame.value(*i, row)));
                let matched = if all_match {
                    results.all(|m| m)
                } else {
                    results.any(|m| m)
                };
                matched == include
            })
            .collect();
        Some(frame.reorder_rows(&keep))
    })
}

/// Grafana's `stringToJsRegex`: `/body/flags` as a JS regex, a bare pattern anchored.
pub(super) fn compile_name_pattern(pattern: &str) -> Option<regex_lite::Regex> {
    match pattern.starts_with('/') {
        true => compile_js_regex(pattern).ok().map(|(re, _)| re),
        false => regex_lite::Regex::new(&format!("^(?:{pattern})$")).ok(),
    }
}

/// A JavaScript replacement text (`$1`) in regex-lite's spelling (`${1}`).
fn js_replacement(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' {
            match chars.peek() {
                Some(d) if d.is_ascii_digit() => {
                    let mut digits = String::new();
                    while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                        digits.push(*d);
                        chars.next();
                    }
                    out.push_str(&format!("${{{digits}}}"));
                }
                Some('$') => {
                    chars.next();
                    out.push_str("$$");
                }
                _ => out.push_str("$$"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `renameByRegex`: display names matching `regex` (Grafana's `stringToJsRegex`: a bare
/// pattern is anchored) become `renamePattern` with its `$1` groups.
pub fn rename_by_regex(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let Some(source) = text(o, "regex").filter(|s| !s.is_empty()) else {
        return frames;
    };
    let Some(replacement) = text(o, "renamePattern") else {
        return frames;
    };
    let (regex, global) = if source.starts_with('/') {
        match compile_js_regex(source) {
            Ok(r) => r,
            Err(_) => return frames,
        }
    } else {
        match compile_name_pattern(source) {
            Some(r) => (r, false),
            None => return frames,
        }
    };
    let replacement = js_replacement(replacement);
    each_frame(frames, |mut frame, names, _| {
        for (field, name) in frame.fields.iter_mut().zip(names) {
            let renamed = if global {
                regex.replace_all(&name, replacement.as_str()).into_owned()
            } else {
                regex.replacen(&name, 1, replacement.as_str()).into_owned()
            };
            if renamed != name {
                field.display_name = Some(renamed);
            }
        }
        Some(frame)
    })
}

/// Grafana's `ensureColumns`: several frames that all have a time field are joined on it.
fn ensure_columns(frames: Vec<DataFrame>) -> Vec<DataFrame> {
    if frames.len() > 1
        && frames
            .iter()
            .all(|f| f.fields.iter().any(|x| x.kind == FieldKind::Time))
    {
        join_by_field(&Value::Null, frames)
    } else {
        frames
    }
}

/// A binary operand: a field by name, or a fixed number.
enum Operand {
    Field(String),
    Fixed(String),
}

impl Operand {
    fn read(value: Option<&Value>, field_names: &[String]) -> Operand {
        match value {
            // A field's own name, or its display name (`findFieldValuesWithNameOrConstant`
            // looks the text up by display name, then reads it as a number).
            Some(Value::String(s)) if field_names.contains(s) => Operand::Field(s.clone()),
            Some(Value::String(s)) if s.trim().parse::<f64>().is_err() => Operand::Field(s.clone()),
            Some(Value::String(s)) => Operand::Fixed(s.clone()),
            Some(Value::Number(n)) => Operand::Fixed(n.to_string()),
            Some(v) => match (v.get("matcher"), v.get("fixed")) {
                (Some(m), _) => Operand::Field(
                    m.get("options")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .into(),
                ),
                (None, Some(f)) => Operand::Fixed(match f {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }),
                _ => Operand::Fixed(String::new()),
            },
            None => Operand::Fixed(String::new()),
        }
    }

    fn label(&self) -> &str {
        match self {
            Operand::Field(s) | Operand::Fixed(s) => s,
        }
    }

    /// The operand's values over `frame`'s rows, as `findFieldValuesWithNameOrConstant`.
    fn values(&self, frame: &DataFrame, all: &[DataFrame]) -> Option<Vec<Option<f64>>> {
        if let Operand::Field(name) = self {
            let names = frame.display_names(all);
            if let Some(i) = names.iter().position(|n| n == name) {
                return Some(frame.fields[i].numbers());
            }
        }
        let v: f64 = self.label().trim().parse().ok()?;
        Some(vec![Some(v); frame.len()])
    }
}

fn binary_op(op: &str, a: f64, b: f64) -> f64 {
    match op {
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        "%" => a % b,
        "^" => a.powf(b),
        _ => a + b,
    }
}

/// Makes a calculated field's values for one frame (`None`: the frame has nothing to use).
type Creator = Box<dyn Fn(&DataFrame) -> Option<Vec<Datum>>>;

/// `calculateField`: a new number field from each row (`reduceRow`: a reducer over the
/// numeric fields or `reduce.include`; `binary`: left op right, fields or numbers; `unary`;
/// `index`; `cumulativeFunctions` and `windowFunctions` down one field), appended, or alone (with the time field) under `replaceFields`. Several time
/// series frames are joined on time first, as Grafana does unless `timeSeries: false`.
pub fn calculate_field(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let mode = text(o, "mode").unwrap_or("reduceRow");
    let replace = o.get("replaceFields").and_then(Value::as_bool) == Some(true);
    let as_series = o.get("timeSeries").and_then(Value::as_bool) != Some(false);
    let alias = text(o, "alias")
        .filter(|a| !a.is_empty())
        .map(str::to_string);
    let binary = o.get("binary").unwrap_or(&Value::Null);
    let fixed_right = mode == "binary"
        && matches!(binary.get("right"), Some(Value::Object(m)) if m.contains_key("fixed"));
    let frames = if as_series && !fixed_right {
        ensure_columns(frames)
    } else {
        frames
    };
    let all = frames.clone();
    let field_names: Vec<String> = frames
        .iter()
        .flat_map(|f| f.fields.iter().map(|x| x.name.clone()))
        .collect();
    let (name, creator): (String, Creator) = match mode {
        "binary" => {
            let left = Operand::read(binary.get("left"), &field_names);
            let right = Operand::read(binary.get("right"), &field_names);
            let op = text(binary, "operator").unwrap_or("+").to_string();
            let name = alias
                .clone()
                .unwrap_or_else(|| format!("{} {} {}", left.label(), op, right.label()));
            let all = all.clone();
            (
                name,
                Box::new(move |frame: &DataFrame| {
                    let l = left.values(frame, &all)?;
                    let r = right.values(frame, &all)?;
                    Some(
                        l.iter()
                            .zip(&r)
                            .map(|(a, b)| match (a, b) {
                                (Some(a), Some(b)) => Datum::Number(binary_op(&op, *a, *b)),
                                _ => Datum::Null,
                            })
                            .collect(),
                    )
                }),
            )
        }
        "unary" => {
            let unary = o.get("unary").unwrap_or(&Value::Null);
            let op = text(unary, "operator").unwrap_or("abs").to_string();
            let field = text(unary, "fieldName").unwrap_or_default().to_string();
            let name = alias.clone().unwrap_or_else(|| format!("{op}({field})"));
            let all = all.clone();
            (
                name,
                Box::new(move |frame: &DataFrame| {
                    let i = frame.find(&field, &all)?;
                    Some(
                        frame.fields[i]
                            .numbers()
                            .into_iter()
                            .map(|v| match v {
                                Some(v) => Datum::Number(match op.as_str() {
                                    "exp" => v.exp(),
                                    "ln" => v.ln(),
                                    "floor" => v.floor(),
                                    "ceil" => v.ceil(),
                                    _ => v.abs(),
                                }),
                                None => Datum::Null,
                            })
                            .collect(),
                    )
                }),
            )
        }
        "index" => {
            let percentile = o
                .get("index")
                .and_then(|i| i.get("asPercentile"))
                .and_then(Value::as_bool)
                == Some(true);
            let name = alias.clone().unwrap_or_else(|| "Row".into());
            (
                name,
                Box::new(move |frame: &DataFrame| {
                    let n = frame.len();
                    Some(
                        (0..n)
                            .map(|i| {
                                Datum::Number(if percentile {
                                    i as f64 / n as f64
                                } else {
                                    i as f64
                                })
                            })
                            .collect(),
                    )
                }),
            )
        }
        "reduceRow" => {
            let reduce = o.get("reduce").unwrap_or(&Value::Null);
            let reducer = text(reduce, "reducer")
                .and_then(Reducer::from_id)
                .unwrap_or(Reducer::Sum);
            let include = names_of(reduce.get("include"));
            let name = alias.clone().unwrap_or_else(|| reducer.name());
            let all = all.clone();
            (
                name,
                Box::new(move |frame: &DataFrame| {
                    let names = frame.display_names(&all);
                    let chosen: Vec<usize> = frame
                        .fields
                        .iter()
                        .enumerate()
                        .filter(|(i, f)| {
                            if include.is_empty() {
                                f.kind == FieldKind::Number
                            } else {
                                include.contains(&names[*i])
                            }
                        })
                        .map(|(i, _)| i)
                        .collect();
                    if chosen.is_empty() {
                        return None;
                    }
                    Some(
                        (0..frame.len())
                            .map(|row| {
                                let values: Vec<Option<f64>> = chosen
                                    .iter()
                                    .map(|&i| frame.value(i, row).number())
                                    .collect();
                                datum_of(reduce_field(&values, reducer, NullValueMode::Ignore))
                            })
                            .collect(),
                    )
                }),
            )
        }
        "cumulativeFunctions" | "windowFunctions" => {
            let options = o.get(if mode == "windowFunctions" {
                "window"
            } else {
                "cumulative"
            });
            let options = options.unwrap_or(&Value::Null);
            let Some((name, creator)) = running_creator(mode, options, alias.clone(), all.clone())
            else {
                // Grafana refuses the options (a reducer it has no running form of, a window
                // of 0): the transformation leaves the data as it was.
                return frames;
            };
            (name, creator)
        }
        _ => return frames,
    };
    frames
        .into_iter()
        .filter_map(|frame| {
            let Some(values) = creator(&frame) else {
                return (!replace).then_some(frame);
            };
            let mut field = Field::new(name.clone(), FieldKind::Number, values);
            if mode == "index" && name == "Row" {
                field.unit = o
                    .get("index")
                    .and_then(|i| i.get("asPercentile"))
                    .and_then(Value::as_bool)
                    .filter(|p| *p)
                    .map(|_| "percentunit".to_string());
            }
            let fields = if replace {
                let time = frame.fields.iter().find(|f| f.kind == FieldKind::Time);
                match time {
                    Some(t) if as_series => vec![t.clone(), field],
                    _ => vec![field],
                }
            } else {
                let mut fields = frame.fields.clone();
                fields.push(field);
                fields
            };
            Some(DataFrame {
                fields,
                ..frame.without_fields()
            })
        })
        .collect()
}

/// `calculateField`'s running modes on one field (`field`, else the first numeric one):
/// `cumulativeFunctions` (running `sum` or `mean`, a missing value counting as 0) and
/// `windowFunctions` (`mean`, `variance` or `stdDev` over a trailing or centred window of
/// `windowSize` rows, or that share of the rows in `percentage` mode), as Grafana computes
/// them, its running-sum quirks included. Named as Grafana names them.
fn running_creator(
    mode: &str,
    options: &Value,
    alias: Option<String>,
    all: Vec<DataFrame>,
) -> Option<(String, Creator)> {
    let window = mode == "windowFunctions";
    let default_reducer = if window { "mean" } else { "sum" };
    let reducer = text(options, "reducer")
        .unwrap_or(default_reducer)
        .to_string();
    let field = text(options, "field")
        .filter(|f| !f.is_empty())
        .map(str::to_string);
    let allowed: &[&str] = if window {
        &["mean", "stdDev", "variance"]
    } else {
        &["mean", "sum"]
    };
    if !allowed.contains(&reducer.as_str()) {
        return None;
    }
    let of_field = field.as_ref().map(|f| format!("({f})")).unwrap_or_default();
    let written_alignment = text(options, "windowAlignment").unwrap_or_default();
    let name = alias.unwrap_or_else(|| match window {
        true => format!("{written_alignment} moving {reducer}{of_field}"),
        false => format!("cumulative {reducer}{of_field}"),
    });
    let size = options
        .get("windowSize")
        .and_then(Value::as_f64)
        .unwrap_or(0.1);
    let percentage = text(options, "windowSizeMode") != Some("fixed");
    let centred = written_alignment == "centered";
    if window && size <= 0.0 {
        return None;
    }
    let creator: Creator = Box::new(move |frame: &DataFrame| {
        let index = match &field {
            Some(name) => frame.find(name, &all)?,
            None => frame
                .fields
                .iter()
                .position(|f| f.kind == FieldKind::Number)?,
        };
        let values = frame.fields[index].numbers();
        let out = if window {
            let rows = (size * if percentage { frame.len() as f64 } else { 1.0 }).ceil() as usize;
            window_values(&values, &reducer, rows.max(1), centred)
        } else {
            cumulative_values(&values, &reducer)
        };
        Some(out.into_iter().map(Datum::Number).collect())
    });
    Some((name, creator))
}

fn cumulative_values(values: &[Option<f64>], reducer: &str) -> Vec<f64> {
    let mut total = 0.0;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            total += v.unwrap_or(0.0);
            match reducer {
                "mean" => total / (i + 1) as f64,
                _ => total,
            }
        })
        .collect()
}

fn window_values(values: &[Option<f64>], reducer: &str, window: usize, centred: bool) -> Vec<f64> {
    let n = values.len();
    // The rows before and after each row: an even centred window has one more row before.
    let (before, after) = match centred {
        true => (window / 2, window.div_ceil(2) - 1),
        false => (window - 1, 0),
    };
    if reducer != "mean" {
        return (0..n)
            .map(|i| {
                let slice = &values[i.saturating_sub(before)..(i + after + 1).min(n)];
                let variance = running_variance(slice);
                if reducer == "stdDev" {
                    variance.sqrt()
                } else {
                    variance
                }
            })
            .collect();
    }
    // Grafana keeps a running sum and count: a value leaving the window is taken off only
    // when the one entering is present, exactly as here.
    let (mut sum, mut count) = (0.0, 0i64);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        if centred {
            if i == 0 {
                for v in values.iter().take(after + 1).flatten() {
                    sum += v;
                    count += 1;
                }
            } else {
                if let Some(Some(v)) = values.get(i + after) {
                    sum += v;
                    count += 1;
                }
                if i > before {
                    if let Some(v) = values[i - before - 1] {
                        sum -= v;
                        count -= 1;
                    }
                }
            }
        } else if let Some(v) = values[i] {
            sum += v;
            count += 1;
            if i >= window {
                sum -= values[i - window].unwrap_or(0.0);
                count -= 1;
            }
        }
        out.push(if count == 0 { 0.0 } else { sum / count as f64 });
    }
    out
}

/// Welford's population variance over the present values (0 for none), as Grafana's
/// `calculateVariance`.
fn running_variance(values: &[Option<f64>]) -> f64 {
    let (mut mean, mut squares, mut count) = (0.0, 0.0, 0.0);
    for v in values.iter().flatten() {
        count += 1.0;
        let old = mean;
        mean += (v - old) / count;
        squares += (v - old) * (v - mean);
    }
    if count == 0.0 {
        0.0
    } else {
        squares / count
    }
}

/// `convertFieldType`: each conversion turns the fields of that display name into numbers
/// (texts read as JavaScript's `+text`, commas dropped; anything else empty), texts (numbers
/// as `String(n)`, texts as `JSON.stringify` writes them, as Grafana does) or times (numbers
/// as epoch ms, or seconds with `dateFormat: "X"`; ISO 8601 texts). Times to text, and the
/// boolean, enum and other types, leave the field as it was.
pub fn convert_field_type(o: &Value, mut frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let conversions = o.get("conversions").and_then(Value::as_array);
    for conversion in conversions.into_iter().flatten() {
        let Some(target) = text(conversion, "targetField").filter(|t| !t.is_empty()) else {
            continue;
        };
        let destination = text(conversion, "destinationType").unwrap_or_default();
        let date_format = text(conversion, "dateFormat");
        let all = frames.clone();
        for frame in &mut frames {
            let names = frame.display_names(&all);
            for (field, name) in frame.fields.iter_mut().zip(names) {
                if name == target {
                    convert_field(field, destination, date_format);
                }
            }
        }
    }
    frames
}

fn convert_field(field: &mut Field, destination: &str, date_format: Option<&str>) {
    match destination {
        "number" => {
            let texts = field.values.iter().any(|v| matches!(v, Datum::Text(_)));
            for v in &mut field.values {
                let number = match &*v {
                    Datum::Number(n) => Some(*n),
                    Datum::Text(t) if t.is_empty() => None,
                    Datum::Text(t) if texts => t.replace(',', "").trim().parse().ok(),
                    Datum::Text(t) => t.trim().parse().ok(),
                    Datum::Null => None,
                };
                *v = number
                    .filter(|n: &f64| n.is_finite())
                    .map_or(Datum::Null, Datum::Number);
            }
            field.kind = FieldKind::Number;
        }
        "string" if field.kind != FieldKind::Time => {
            let number = field.kind == FieldKind::Number;
            for v in &mut field.values {
                let text = match (&*v, number) {
                    (Datum::Null, _) => "null".to_string(),
                    (Datum::Number(n), _) => crate::panel_calc::value_mapping::js_number_text(*n),
                    (Datum::Text(t), true) => t.clone(),
                    (Datum::Text(t), false) => serde_json::to_string(t).unwrap_or_default(),
                };
                *v = Datum::Text(text);
            }
            field.kind = FieldKind::String;
        }
        "time" => {
            let seconds = date_format == Some("X");
            let first_is_number = matches!(field.values.first(), Some(Datum::Number(_)));
            if first_is_number && !seconds {
                field.kind = FieldKind::Time;
                return;
            }
            for v in &mut field.values {
                let ms = match &*v {
                    // Grafana skips falsy values: 0 and "" become empty too.
                    Datum::Number(n) if *n != 0.0 && seconds => Some(n * 1000.0),
                    Datum::Number(n) if *n != 0.0 => Some(*n),
                    Datum::Text(t) if !t.is_empty() => crate::time_range::parse_iso8601(t.trim())
                        .ok()
                        .map(|ms| ms as f64),
                    _ => None,
                };
                *v = ms.map_or(Datum::Null, Datum::Number);
            }
            field.kind = FieldKind::Time;
        }
        _ => {}
    }
}

/// Orders two cells as Grafana's table and `sortBy` do: numbers by value, texts by text,
/// null before anything.
pub fn compare_data(a: &Datum, b: &Datum) -> Ordering {
    match (a, b) {
        (Datum::Null, Datum::Null) => Ordering::Equal,
        (Datum::Null, _) => Ordering::Less,
        (_, Datum::Null) => Ordering::Greater,
        (Datum::Number(x), Datum::Number(y)) => match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => x.total_cmp(y),
        },
        (Datum::Text(x), Datum::Text(y)) => x.cmp(y),
        (Datum::Number(_), Datum::Text(_)) => Ordering::Less,
        (Datum::Text(_), Datum::Number(_)) => Ordering::Greater,
    }
}

/// `sortBy`: each frame's rows by the first `sort` entry's field (`desc` reverses).
pub fn sort_by(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let Some(first) = o
        .get("sort")
        .and_then(Value::as_array)
        .and_then(|s| s.first())
    else {
        return frames;
    };
    let Some(name) = text(first, "field") else {
        return frames;
    };
    let desc = first.get("desc").and_then(Value::as_bool) == Some(true);
    each_frame(frames, |frame, _, all| {
        let Some(i) = frame.find(name, all) else {
            return Some(frame);
        };
        let mut order: Vec<usize> = (0..frame.len()).collect();
        crate::sort::sort_by(&mut order, |a, b| {
            let ord = compare_data(frame.value(i, *a), frame.value(i, *b));
            if desc {
                ord.reverse()
            } else {
                ord
            }
        });
        Some(frame.reorder_rows(&order))
    })
}

/// `groupBy`: per frame, one row per distinct combination of the `groupby` fields (first-seen
/// order), then each `aggregate` field reduced per group into `<name> (<reducer id>)`
/// (`count` is an aggregate `count`; `takefirst`/`takelast` the group's first/last values);
/// other fields are dropped, as are frames without a group-by field.
pub fn group_by(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let Some(spec) = o.get("fields").and_then(Value::as_object) else {
        return frames;
    };
    let operation = |name: &str| spec.get(name).and_then(|f| text(f, "operation"));
    let group_names: Vec<&String> = spec
        .keys()
        .filter(|k| operation(k) == Some("groupby"))
        .collect();
    if group_names.is_empty() {
        return frames;
    }
    let mut out = Vec::new();
    for frame in &frames {
        // Grafana names fields here without the frame (`getFieldDisplayName(field)`).
        let names: Vec<String> = (0..frame.fields.len())
            .map(|i| {
                let alone = DataFrame {
                    fields: vec![frame.fields[i].clone()],
                    ..DataFrame::default()
                };
                super::display_name(&alone, 0, &[])
            })
            .collect();
        let group_fields: Vec<usize> = (0..frame.fields.len())
            .filter(|i| {
                group_names
                    .iter()
                    .any(|g| **g == names[*i] || **g == frame.fields[*i].name)
            })
            .collect();
        if group_fields.is_empty() {
            continue;
        }
        let mut keys: Vec<String> = Vec::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for row in 0..frame.len() {
            let key: Vec<String> = group_fields
                .iter()
                .map(|&i| frame.value(i, row).key_text())
                .collect();
            let key = key.join(",");
            match keys.iter().position(|k| *k == key) {
                Some(g) => groups[g].push(row),
                None => {
                    keys.push(key);
                    groups.push(vec![row]);
                }
            }
        }
        let mut fields: Vec<Field> = group_fields
            .iter()
            .map(|&i| {
                let f = &frame.fields[i];
                let mut copy = f.with_values(
                    groups
                        .iter()
                        .map(|g| frame.value(i, g[0]).clone())
                        .collect(),
                );
                copy.display_name_from_ds = None;
                copy
            })
            .collect();
        for (i, field) in frame.fields.iter().enumerate() {
            let Some(options) = spec.get(&names[i]) else {
                continue;
            };
            match text(options, "operation") {
                Some("takefirst") | Some("takelast") => {
                    let first = text(options, "operation") == Some("takefirst");
                    for (j, f) in frame.fields.iter().enumerate() {
                        if group_names.iter().any(|g| **g == f.name) {
                            continue;
                        }
                        fields.push(
                            f.with_values(
                                groups
                                    .iter()
                                    .map(|g| {
                                        let row = if first { g[0] } else { g[g.len() - 1] };
                                        frame.value(j, row).clone()
                                    })
                                    .collect(),
                            ),
                        );
                    }
                }
                Some("aggregate") | Some("count") => {
                    let ids: Vec<String> = if text(options, "operation") == Some("count") {
                        vec!["count".into()]
                    } else {
                        names_of(options.get("aggregations"))
                    };
                    for id in ids {
                        let Some(reducer) = Reducer::from_id(&id) else {
                            continue;
                        };
                        let values: Vec<Datum> = groups
                            .iter()
                            .map(|g| {
                                let part = field.with_values(
                                    g.iter().map(|&r| frame.value(i, r).clone()).collect(),
                                );
                                reduce_values(&part, reducer)
                            })
                            .collect();
                        let kind = if values.iter().any(|v| matches!(v, Datum::Text(_))) {
                            FieldKind::String
                        } else {
                            FieldKind::Number
                        };
                        fields.push(Field::new(format!("{} ({id})", names[i]), kind, values));
                    }
                }
                _ => {}
            }
        }
        out.push(DataFrame {
            name: None,
            ref_id: frame.ref_id.clone(),
            fields,
        });
    }
    out
}

/// `limit`: the first `limitField` rows (default 10) of each frame.
pub fn limit(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let n = match o.get("limitField") {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .unwrap_or(10.0);
    if !n.is_finite() || n < 0.0 {
        return frames;
    }
    let n = n as usize;
    frames
        .into_iter()
        .map(|frame| {
            let keep: Vec<usize> = (0..frame.len().min(n)).collect();
            frame.reorder_rows(&keep)
        })
        .collect()
}

/// `concatenate`: every frame's fields side by side in one frame (shorter ones padded with
/// nulls); a named frame's name goes into its fields' names (`field`, default), a label
/// (`label`) or nowhere (`drop`).
pub fn concatenate(o: &Value, frames: Vec<DataFrame>) -> Vec<DataFrame> {
    if frames.len() < 2 {
        return frames;
    }
    let mode = text(o, "frameNameMode").unwrap_or("field");
    let label = text(o, "frameNameLabel").unwrap_or("frame");
    let rows = frames.iter().map(DataFrame::len).max().unwrap_or(0);
    let mut fields = Vec::new();
    for frame in &frames {
        for f in &frame.fields {
            let mut copy = f.clone();
            if let Some(name) = frame.name.as_ref().filter(|n| !n.is_empty()) {
                match mode {
                    "drop" => {}
                    "label" => {
                        copy.labels
                            .get_or_insert_with(Labels::new)
                            .insert(label.to_string(), name.clone());
                    }
                    _ if copy.name.is_empty() || copy.name == "Value" => copy.name = name.clone(),
                    _ => copy.name = format!("{name} · {}", f.name),
                }
            }
            copy.values.resize(rows, Datum::Null);
            fields.push(copy);
        }
    }
    vec![DataFrame {
        name: None,
        ref_id: None,
        fields,
    }]
}
