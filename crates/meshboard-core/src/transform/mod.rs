//! Grafana's data frames and the transformations dashboards apply to them before a table draws
//! them (`panel.transformations`), pure and host-tested.
//!
//! A [`DataFrame`] is a list of named, typed [`Field`]s (time, number, string) of equal length,
//! as Grafana's `DataFrame`. [`prometheus_frames`] turns a panel's merged query answer into the
//! frames Grafana's Prometheus datasource gives a panel (a `format: table` query: one frame per
//! refId with `Time`, one column per label and `Value` or `Value #<refId>`; any other query:
//! one `Time`/`Value` frame per series). [`apply_transformations`] runs `transformations` in
//! order; [`view`] turns the frame a table shows into columns and cells.
//!
//! Names follow Grafana's `getFieldDisplayName` ([`DataFrame::display_names`]): a renamed field
//! shows its new name, a datasource name wins next, a time field without labels is its name, a
//! field with labels adds them, and duplicate names are numbered (`Time 1`, `Time 2` after a
//! join). Grafana sources read: `packages/grafana-data/src/field/fieldState.ts`,
//! `transformations/transformers/*.ts` (one per transformation, named in [`ops`]) and the
//! Prometheus datasource's `result_transformer.ts` (`transformDFToTable`).

pub mod legacy;
pub mod ops;
pub mod panel_series;
pub mod view;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::frame::{Frame, Labels};
use crate::panel_calc::value_mapping::js_number_text;

/// One cell of a field: Grafana's `null`/`undefined` (a missing value), a number (times are
/// epoch ms) or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum {
    Null,
    Number(f64),
    Text(String),
}

impl Datum {
    pub fn number(&self) -> Option<f64> {
        match self {
            Datum::Number(v) => Some(*v),
            _ => None,
        }
    }

    /// The value as JavaScript's `String(value)` writes it (`null` is empty), for keys.
    pub fn key_text(&self) -> String {
        match self {
            Datum::Null => String::new(),
            Datum::Number(v) => js_number_text(*v),
            Datum::Text(t) => t.clone(),
        }
    }

    /// JavaScript's `Number(value)` for comparisons (`null` is 0, a text that is no number NaN).
    pub fn as_js_number(&self) -> f64 {
        match self {
            Datum::Null => 0.0,
            Datum::Number(v) => *v,
            Datum::Text(t) if t.trim().is_empty() => 0.0,
            Datum::Text(t) => t.trim().parse().unwrap_or(f64::NAN),
        }
    }
}

/// A field's type (Grafana's `FieldType`; booleans and others are read as numbers or texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldKind {
    Time,
    #[default]
    Number,
    String,
}

/// One column of a frame.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Field {
    pub name: String,
    pub kind: FieldKind,
    pub values: Vec<Datum>,
    /// `None` is Grafana's `labels: undefined`; `Some` (even empty) changes the display name.
    pub labels: Option<Labels>,
    /// `config.displayName`, as rename transformations set it.
    pub display_name: Option<String>,
    /// `config.displayNameFromDS`: the datasource's name (the legend template).
    pub display_name_from_ds: Option<String>,
    /// A unit a transformation set (`calculateField` index as percentile).
    pub unit: Option<String>,
}

impl Field {
    pub fn new(name: impl Into<String>, kind: FieldKind, values: Vec<Datum>) -> Field {
        Field {
            name: name.into(),
            kind,
            values,
            ..Field::default()
        }
    }

    /// The numbers of a number field (`None` for null or text), for the reducers.
    pub fn numbers(&self) -> Vec<Option<f64>> {
        self.values.iter().map(Datum::number).collect()
    }

    /// The same field with other values (name, type, labels and config kept).
    pub fn with_values(&self, values: Vec<Datum>) -> Field {
        Field {
            values,
            ..self.clone_structure()
        }
    }

    fn clone_structure(&self) -> Field {
        Field {
            name: self.name.clone(),
            kind: self.kind,
            values: Vec::new(),
            labels: self.labels.clone(),
            display_name: self.display_name.clone(),
            display_name_from_ds: self.display_name_from_ds.clone(),
            unit: self.unit.clone(),
        }
    }
}

/// A table of equal-length fields, with the refId of the query it came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataFrame {
    pub name: Option<String>,
    pub ref_id: Option<String>,
    pub fields: Vec<Field>,
}

impl DataFrame {
    /// Rows: the longest field (transformations keep fields equal; this is lenient).
    pub fn len(&self) -> usize {
        self.fields
            .iter()
            .map(|f| f.values.len())
            .max()
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at `row` of field `field` (null past its end).
    pub fn value(&self, field: usize, row: usize) -> &Datum {
        self.fields
            .get(field)
            .and_then(|f| f.values.get(row))
            .unwrap_or(&Datum::Null)
    }

    /// The frame with its rows in `order` (indices into the current rows).
    pub fn reorder_rows(&self, order: &[usize]) -> DataFrame {
        DataFrame {
            fields: self
                .fields
                .iter()
                .map(|f| {
                    f.with_values(
                        order
                            .iter()
                            .map(|&r| f.values.get(r).cloned().unwrap_or(Datum::Null))
                            .collect(),
                    )
                })
                .collect(),
            ..self.without_fields()
        }
    }

    fn without_fields(&self) -> DataFrame {
        DataFrame {
            name: self.name.clone(),
            ref_id: self.ref_id.clone(),
            fields: Vec::new(),
        }
    }

    /// Every field's display name in this frame among `all` frames (Grafana's
    /// `getFieldDisplayName(field, frame, allFrames)`).
    pub fn display_names(&self, all: &[DataFrame]) -> Vec<String> {
        (0..self.fields.len())
            .map(|i| display_name(self, i, all))
            .collect()
    }

    /// The first field whose display name (or own name) is `name`.
    pub fn find(&self, name: &str, all: &[DataFrame]) -> Option<usize> {
        let names = self.display_names(all);
        names
            .iter()
            .position(|n| n == name)
            .or_else(|| self.fields.iter().position(|f| f.name == name))
    }

    /// Grafana's `getFrameDisplayName`: the name, else the labels of its one labelled field,
    /// else its non-time fields' names.
    pub fn display_name(&self) -> String {
        if let Some(name) = self.name.as_ref().filter(|n| !n.is_empty()) {
            return name.clone();
        }
        let labelled: Vec<&Field> = self.fields.iter().filter(|f| f.labels.is_some()).collect();
        if let [only] = labelled.as_slice() {
            return format_labels(only.labels.as_ref().unwrap_or(&Labels::new()));
        }
        let names = self.display_names(std::slice::from_ref(self));
        self.fields
            .iter()
            .zip(names)
            .filter(|(f, _)| f.kind != FieldKind::Time)
            .map(|(_, n)| n)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Grafana's `formatLabels`: `{a="1", b="2"}` sorted by name, empty without labels.
pub fn format_labels(labels: &Labels) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    format!("{{{}}}", pairs.join(", "))
}

/// The one label name every labelled field of `frames` uses, if there is just one.
fn single_label_name(frames: &[DataFrame]) -> Option<String> {
    let mut single: Option<&String> = None;
    for field in frames.iter().flat_map(|f| &f.fields) {
        for key in field.labels.iter().flat_map(|l| l.keys()) {
            match single {
                None => single = Some(key),
                Some(s) if s != key => return None,
                _ => {}
            }
        }
    }
    single.cloned()
}

fn display_name(frame: &DataFrame, index: usize, all: &[DataFrame]) -> String {
    let field = &frame.fields[index];
    if let Some(name) = field.display_name.as_ref().filter(|n| !n.is_empty()) {
        return name.clone();
    }
    if let Some(name) = field
        .display_name_from_ds
        .as_ref()
        .filter(|n| !n.is_empty())
    {
        return name.clone();
    }
    if field.kind == FieldKind::Time && field.labels.is_none() {
        return field.name.clone();
    }
    let all = if all.is_empty() {
        std::slice::from_ref(frame)
    } else {
        all
    };
    let names_differ = all.windows(2).any(|w| w[0].name != w[1].name);
    let mut parts: Vec<String> = Vec::new();
    let mut frame_name_added = false;
    let mut labels_added = false;
    if names_differ {
        if let Some(name) = frame.name.as_ref().filter(|n| !n.is_empty()) {
            parts.push(name.clone());
            frame_name_added = true;
        }
    }
    if !field.name.is_empty() && field.name != "Value" {
        parts.push(field.name.clone());
    }
    if let Some(labels) = &field.labels {
        match single_label_name(all) {
            None => {
                let text = format_labels(labels);
                if !text.is_empty() {
                    parts.push(text);
                    labels_added = true;
                }
            }
            Some(single) => {
                if let Some(v) = labels.get(&single).filter(|v| !v.is_empty()) {
                    parts.push(v.clone());
                    labels_added = true;
                }
            }
        }
    }
    if !frame_name_added && !labels_added && field.name == "Value" {
        if let Some(name) = frame.name.as_ref().filter(|n| !n.is_empty()) {
            parts.push(name.clone());
        }
    }
    let name = if !parts.is_empty() {
        parts.join(" ")
    } else if !field.name.is_empty() {
        field.name.clone()
    } else {
        "Value".to_string()
    };
    if name == field.name {
        unique_field_name(frame, index)
    } else {
        name
    }
}

/// Grafana's `getUniqueFieldName`: a name used by several fields of the frame is numbered by
/// its place among them (`Time 1`, `Time 2`).
fn unique_field_name(frame: &DataFrame, index: usize) -> String {
    let name = &frame.fields[index].name;
    let mut dupes = 0;
    let mut found_self = false;
    for (i, other) in frame.fields.iter().enumerate() {
        if i == index {
            found_self = true;
            if dupes > 0 {
                dupes += 1;
                break;
            }
        } else if other.name == *name {
            dupes += 1;
            if found_self {
                break;
            }
        }
    }
    if dupes > 0 {
        format!("{name} {dupes}")
    } else {
        name.clone()
    }
}

/// What a panel's merged answer needs to become Grafana's frames.
pub struct QueryFrames<'a> {
    pub frame: &'a Frame,
    /// Each series' display name (legend template rendered, or label set).
    pub names: &'a [String],
    /// Each series' query.
    pub ref_ids: &'a [String],
    /// The refIds whose target says `format: table`.
    pub table_refs: &'a [String],
}

/// The frames Grafana's Prometheus (and Loki) datasource gives a panel: first one
/// `Time`/`Value` frame per series of the other queries, then one frame per `format: table`
/// query (`transformDFToTable`): `Time`, every label (sorted, in order of first appearance),
/// then `Value` (`Value #<refId>` when several table queries answered), a row per sample.
pub fn prometheus_frames(q: &QueryFrames) -> Vec<DataFrame> {
    let mut series_frames = Vec::new();
    let mut table_order: Vec<String> = Vec::new();
    let mut by_ref: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, series) in q.frame.series.iter().enumerate() {
        let ref_id = q.ref_ids.get(i).cloned().unwrap_or_default();
        if q.table_refs.contains(&ref_id) {
            if !table_order.contains(&ref_id) {
                table_order.push(ref_id.clone());
            }
            by_ref.entry(ref_id).or_default().push(i);
            continue;
        }
        let time = Field::new(
            "Time",
            FieldKind::Time,
            series.times_ms.iter().map(|t| Datum::Number(*t)).collect(),
        );
        let mut value = Field::new(
            "Value",
            FieldKind::Number,
            series.values.iter().map(|v| Datum::Number(*v)).collect(),
        );
        value.labels = Some(series.labels.clone());
        value.display_name_from_ds = q.names.get(i).cloned();
        series_frames.push(DataFrame {
            name: None,
            ref_id: Some(ref_id),
            fields: vec![time, value],
        });
    }
    let several = table_order.len() > 1;
    for ref_id in &table_order {
        let members = &by_ref[ref_id];
        let mut label_names: Vec<String> = Vec::new();
        for &i in members {
            for name in q.frame.series[i].labels.keys() {
                if !label_names.contains(name) {
                    label_names.push(name.clone());
                }
            }
        }
        let mut time = Vec::new();
        let mut values = Vec::new();
        let mut labels: Vec<Vec<Datum>> = vec![Vec::new(); label_names.len()];
        for &i in members {
            let series = &q.frame.series[i];
            for (t, v) in series.times_ms.iter().zip(&series.values) {
                time.push(Datum::Number(*t));
                values.push(Datum::Number(*v));
                for (column, name) in labels.iter_mut().zip(&label_names) {
                    column.push(Datum::Text(
                        series.labels.get(name).cloned().unwrap_or_default(),
                    ));
                }
            }
        }
        let value_name = if several {
            format!("Value #{ref_id}")
        } else {
            "Value".to_string()
        };
        let mut fields = vec![Field::new("Time", FieldKind::Time, time)];
        fields.extend(
            label_names
                .into_iter()
                .zip(labels)
                .map(|(name, values)| Field::new(name, FieldKind::String, values)),
        );
        fields.push(Field::new(value_name, FieldKind::Number, values));
        let frame = DataFrame {
            name: None,
            ref_id: Some(ref_id.clone()),
            fields,
        };
        // Rows by time when a range table query gave several samples per series.
        let times: Vec<f64> = frame.fields[0]
            .values
            .iter()
            .map(Datum::as_js_number)
            .collect();
        if times.windows(2).any(|w| w[1] < w[0]) {
            let mut order: Vec<usize> = (0..times.len()).collect();
            crate::sort::sort_by(&mut order, |a, b| times[*a].total_cmp(&times[*b]));
            series_frames.push(frame.reorder_rows(&order));
        } else {
            series_frames.push(frame);
        }
    }
    series_frames
}

/// Runs a panel's `transformations` (the JSON array) in order; a disabled one is skipped.
/// Returns the frames and the ids of transformations this does not know (left out).
pub fn apply_transformations(
    mut frames: Vec<DataFrame>,
    transformations: &Value,
) -> (Vec<DataFrame>, Vec<String>) {
    let mut unknown = Vec::new();
    for t in transformations.as_array().into_iter().flatten() {
        if t.get("disabled").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let id = t.get("id").and_then(Value::as_str).unwrap_or_default();
        let options = t.get("options").cloned().unwrap_or(Value::Null);
        match ops::apply(id, &options, frames) {
            Ok(out) => frames = out,
            Err(back) => {
                unknown.push(id.to_string());
                frames = back;
            }
        }
    }
    (frames, unknown)
}

#[cfg(test)]
mod tests;
