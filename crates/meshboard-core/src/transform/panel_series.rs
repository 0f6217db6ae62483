//! A panel's `transformations` for the panels that are not tables: the merged query answer
//! becomes Grafana's frames ([`prometheus_frames`]), the transformations run on them
//! ([`apply_transformations`]), and the transformed frames come back as the series the chart
//! and single-value paths draw.
//!
//! Two shapes, as Grafana's panels read frames:
//! - [`SeriesShape::Graph`] (time series, heatmap, state timeline) keeps, as
//!   `prepareGraphableFields` in Grafana's `timeseries/utils.ts`, every frame with a time field
//!   and number fields: one series per number field over the frame's first time field, named by
//!   its display name (a rename or `displayName` wins, else the datasource's legend name, else
//!   the labels). Non-finite numbers are gaps. No frame with a time field is Grafana's "Data
//!   does not have a time field"; time but nothing to draw is "No graphable fields".
//! - [`SeriesShape::Values`] (stat, gauge, bar gauge) keeps every number field, time or not,
//!   for `getFieldDisplayValues` to reduce. With `values: true` a frame with text fields (the
//!   rows `reduce` makes) gives one value per row named as Grafana's
//!   `getSmartDisplayNameForRow`: the row's texts, plus the field's name when the frame has
//!   several number fields.
//!
//! [`check_transformations`] says which transformation's options cannot be used, so the panel
//! shows that message instead of drawing something the author did not ask for.

use serde_json::Value;

use super::ops::compile_name_pattern;
use super::{apply_transformations, prometheus_frames, DataFrame, Datum, FieldKind, QueryFrames};
use crate::frame::{Frame, Series};
use crate::panel_calc::reducers::Reducer;

/// Grafana's message when no frame has a time field (time series, state timeline).
pub const NO_TIME_FIELD: &str = "Data does not have a time field";
/// Grafana's message when frames have times but no number to draw.
pub const NO_GRAPHABLE_FIELDS: &str = "No graphable fields";

/// How the panel reads the transformed frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesShape {
    /// Time series, heatmap, state timeline: a time field and number fields per frame.
    Graph,
    /// Stat, gauge, bar gauge; `rows` is `reduceOptions.values: true` (every row shown).
    Values { rows: bool },
}

/// The transformed answer as series, with what the panel says instead when it cannot draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TransformedSeries {
    pub frame: Frame,
    /// Each series' display name.
    pub names: Vec<String>,
    /// Each series' refId (its frame's).
    pub ref_ids: Vec<String>,
    /// Per series: its points are rows of a frame without time (no sparkline, no time axis).
    pub untimed: Vec<bool>,
    /// Grafana's panel message when the frames have nothing this panel draws.
    pub warning: Option<String>,
    /// Transformation ids this does not know (skipped, as Grafana skips unregistered ones).
    pub unsupported: Vec<String>,
}

/// Whether `transformations` holds one that is not disabled: without one, the panel's answer
/// is drawn as it came (no frames are built).
pub fn any_enabled(transformations: &Value) -> bool {
    transformations
        .as_array()
        .is_some_and(|list| list.iter().any(|t| !is_disabled(t)))
}

fn is_disabled(t: &Value) -> bool {
    t.get("disabled").and_then(Value::as_bool) == Some(true)
}

/// The first enabled transformation whose options cannot be used, as the message the panel
/// shows: `Transformation 2 (calculateField): unknown operator "plus"`.
pub fn check_transformations(transformations: &Value) -> Result<(), String> {
    let Some(list) = transformations.as_array() else {
        return match transformations {
            Value::Null => Ok(()),
            _ => Err("transformations must be a list".to_string()),
        };
    };
    for (index, t) in list.iter().enumerate() {
        if is_disabled(t) {
            continue;
        }
        let id = t.get("id").and_then(Value::as_str).unwrap_or_default();
        let place = format!("Transformation {} ({})", index + 1, id);
        if id.is_empty() {
            return Err(format!("Transformation {} has no id", index + 1));
        }
        let options = t.get("options").unwrap_or(&Value::Null);
        if !matches!(options, Value::Null | Value::Object(_)) {
            return Err(format!("{place}: options must be an object"));
        }
        check_options(id, options).map_err(|problem| format!("{place}: {problem}"))?;
    }
    Ok(())
}

fn check_options(id: &str, o: &Value) -> Result<(), String> {
    match id {
        "reduce" => check_reducers(o.get("reducers")),
        "calculateField" => check_calculate(o),
        "filterFieldsByName" => {
            for side in ["include", "exclude"] {
                check_pattern(o.get(side).and_then(|s| s.get("pattern")))?;
            }
            Ok(())
        }
        "renameByRegex" => {
            let regex = o.get("regex").and_then(Value::as_str).unwrap_or_default();
            let compiles = match regex.starts_with('/') {
                true => crate::variables::compile_js_regex(regex).is_ok(),
                false => regex_lite::Regex::new(regex).is_ok(),
            };
            match compiles {
                true => Ok(()),
                false => Err(format!("invalid regex {regex:?}")),
            }
        }
        "organize" => {
            for key in ["excludeByName", "indexByName", "renameByName"] {
                if !matches!(o.get(key), None | Some(Value::Null | Value::Object(_))) {
                    return Err(format!("{key} must be an object"));
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn check_reducers(reducers: Option<&Value>) -> Result<(), String> {
    let Some(reducers) = reducers.filter(|r| !r.is_null()) else {
        return Ok(());
    };
    let Some(list) = reducers.as_array() else {
        return Err("reducers must be a list".to_string());
    };
    for r in list {
        let id = r.as_str().unwrap_or_default();
        if Reducer::from_id(id).is_none() {
            return Err(format!("unknown reducer {r}"));
        }
    }
    Ok(())
}

fn check_pattern(pattern: Option<&Value>) -> Result<(), String> {
    match pattern.and_then(Value::as_str) {
        Some(p) if !p.is_empty() && compile_name_pattern(p).is_none() => {
            Err(format!("invalid pattern {p:?}"))
        }
        _ => Ok(()),
    }
}

fn check_calculate(o: &Value) -> Result<(), String> {
    let mode = o.get("mode").and_then(Value::as_str).unwrap_or("reduceRow");
    match mode {
        "binary" => {
            let op = o
                .get("binary")
                .and_then(|b| b.get("operator"))
                .and_then(Value::as_str)
                .unwrap_or("+");
            match op {
                "+" | "-" | "*" | "/" | "%" | "^" => Ok(()),
                _ => Err(format!("unknown operator {op:?}")),
            }
        }
        "reduceRow" => {
            let reducer = o.get("reduce").and_then(|r| r.get("reducer"));
            match reducer.and_then(Value::as_str) {
                None => Ok(()),
                Some(id) if Reducer::from_id(id).is_some() => Ok(()),
                Some(id) => Err(format!("unknown reducer {id:?}")),
            }
        }
        "unary" | "index" | "cumulativeFunctions" | "windowFunctions" => Ok(()),
        other => Err(format!("unknown mode {other:?}")),
    }
}

/// Runs `transformations` on the frames of `answer` and reads the result in `shape`.
/// The caller checks the options first ([`check_transformations`]).
pub fn transformed_series(
    answer: &QueryFrames,
    transformations: &Value,
    shape: SeriesShape,
) -> TransformedSeries {
    let (frames, unsupported) = apply_transformations(prometheus_frames(answer), transformations);
    let mut out = match shape {
        SeriesShape::Graph => graph_series(&frames),
        SeriesShape::Values { rows } => value_series(&frames, rows),
    };
    out.unsupported = unsupported;
    out
}

/// The number of a cell as a chart reads it: missing, text and non-finite values are gaps.
fn number_of(d: &Datum) -> f64 {
    match d {
        Datum::Number(v) if v.is_finite() => *v,
        Datum::Text(t) => t.trim().parse().unwrap_or(f64::NAN),
        _ => f64::NAN,
    }
}

impl TransformedSeries {
    fn push(&mut self, series: Series, name: String, ref_id: Option<&String>, untimed: bool) {
        self.frame.series.push(series);
        self.names.push(name);
        self.ref_ids.push(ref_id.cloned().unwrap_or_default());
        self.untimed.push(untimed);
    }
}

/// `prepareGraphableFields`: every frame with a time field and number fields, a series per
/// number field over the first time field, rows ordered by time.
fn graph_series(frames: &[DataFrame]) -> TransformedSeries {
    let mut out = TransformedSeries::default();
    let mut any_time = false;
    for frame in frames {
        let Some(time) = frame.fields.iter().position(|f| f.kind == FieldKind::Time) else {
            continue;
        };
        any_time = true;
        let names = frame.display_names(frames);
        let times: Vec<f64> = frame.fields[time]
            .values
            .iter()
            .map(|d| d.number().unwrap_or(f64::NAN))
            .collect();
        let mut order: Vec<usize> = (0..times.len()).filter(|&r| times[r].is_finite()).collect();
        if order.windows(2).any(|w| times[w[1]] < times[w[0]]) {
            crate::sort::sort_by(&mut order, |a, b| times[*a].total_cmp(&times[*b]));
        }
        for (field, name) in frame.fields.iter().zip(names) {
            if field.kind != FieldKind::Number {
                continue;
            }
            let mut series = Series::new(field.labels.clone().unwrap_or_default());
            for &row in &order {
                let value = field.values.get(row).map_or(f64::NAN, number_of);
                series.push(times[row], value);
            }
            out.push(series, name, frame.ref_id.as_ref(), false);
        }
    }
    if out.frame.series.is_empty() && frames.iter().any(|f| !f.fields.is_empty()) {
        out.warning = Some(
            match any_time {
                true => NO_GRAPHABLE_FIELDS,
                false => NO_TIME_FIELD,
            }
            .to_string(),
        );
    }
    out
}

/// Every number field of every frame for the single-value panels; a frame's rows are its
/// points (over its time field when it has one, else over the row number).
fn value_series(frames: &[DataFrame], rows: bool) -> TransformedSeries {
    let mut out = TransformedSeries::default();
    for frame in frames {
        let names = frame.display_names(frames);
        let time = frame.fields.iter().position(|f| f.kind == FieldKind::Time);
        let time_at = |row: usize| match time {
            Some(t) => frame.value(t, row).number().unwrap_or(f64::NAN),
            None => row as f64,
        };
        let numbers = frame
            .fields
            .iter()
            .filter(|f| f.kind == FieldKind::Number)
            .count();
        let has_text = frame.fields.iter().any(|f| f.kind == FieldKind::String);
        for (index, (field, name)) in frame.fields.iter().zip(&names).enumerate() {
            if field.kind != FieldKind::Number {
                continue;
            }
            let labels = field.labels.clone().unwrap_or_default();
            if rows && has_text {
                for (row, value) in field.values.iter().enumerate() {
                    let mut series = Series::new(labels.clone());
                    series.push(time_at(row), number_of(value));
                    let title = row_name(frame, index, row, name, numbers > 1);
                    out.push(series, title, frame.ref_id.as_ref(), time.is_none());
                }
                continue;
            }
            let mut series = Series::new(labels);
            for (row, value) in field.values.iter().enumerate() {
                series.push(time_at(row), number_of(value));
            }
            out.push(series, name.clone(), frame.ref_id.as_ref(), time.is_none());
        }
    }
    out
}

/// `getSmartDisplayNameForRow`: the row's non-empty texts, with the field's own display name
/// added when other number fields share the row (or there is no text).
fn row_name(frame: &DataFrame, field: usize, row: usize, name: &str, several: bool) -> String {
    let mut parts: Vec<String> = frame
        .fields
        .iter()
        .enumerate()
        .filter(|(i, f)| *i != field && f.kind == FieldKind::String)
        .map(|(i, _)| frame.value(i, row).key_text())
        .filter(|t| !t.is_empty())
        .collect();
    if several || parts.is_empty() {
        parts.push(name.to_string());
    }
    parts.join(" ")
}

#[cfg(test)]
#[path = "panel_series_tests.rs"]
mod tests;
