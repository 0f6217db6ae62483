//! JSON encoding of Loki results: streams (`["<ns>", "<line>"(, {categories})]`), matrix and
//! vector samples (`[<float seconds>, "<value>"]`), the success envelope and plain-text errors.

use super::logql::metric::{format_labels, Series};
use super::logql::pipeline::Labels;
use super::logql::select::Entry;
use crate::go_http;
use axum::http::StatusCode;
use axum::response::Response;
use meshboard_core::prometheus::format_sample_value;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The `categorize-labels` encoding flag, as Loki names it in requests and responses.
pub const CATEGORIZE_LABELS: &str = "categorize-labels";

/// A sample timestamp: float seconds with millisecond precision, an integer when whole (as
/// Prometheus' `model.Time` marshals).
pub fn sample_ts(ns: i64) -> Value {
    let ms = ns.div_euclid(1_000_000);
    if ms % 1000 == 0 {
        json!(ms / 1000)
    } else {
        json!(ms as f64 / 1000.0)
    }
}

fn labels_json(l: &Labels) -> Value {
    Value::Object(
        l.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

/// Groups entries into streams (keeping the selection order inside each stream) and orders the
/// streams by their label text, as Loki's engine sorts `logqlmodel.Streams`.
pub fn streams_json(entries: &[Entry], categorize: bool) -> Value {
    let mut streams: BTreeMap<String, (Labels, Vec<Value>)> = BTreeMap::new();
    for e in entries {
        let labels = if categorize { &e.stream } else { &e.out.labels };
        // `drop`/`keep` also remove categorized labels: each category keeps what survived.
        let kept = |m: &Labels| -> Labels {
            m.iter()
                .filter(|(k, _)| e.out.labels.contains_key(*k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        let stream_kept;
        let labels = if categorize && labels.keys().any(|k| !e.out.labels.contains_key(k)) {
            stream_kept = kept(labels);
            &stream_kept
        } else {
            labels
        };
        let slot = streams
            .entry(format_labels(labels))
            .or_insert_with(|| (labels.clone(), Vec::new()));
        let mut value = vec![
            Value::String(e.ts_ns.to_string()),
            Value::String(e.out.line.clone()),
        ];
        if categorize {
            let mut cats = Map::new();
            let metadata = kept(&e.metadata);
            if !metadata.is_empty() {
                cats.insert("structuredMetadata".into(), labels_json(&metadata));
            }
            if !e.out.parsed.is_empty() {
                cats.insert("parsed".into(), labels_json(&e.out.parsed));
            }
            value.push(Value::Object(cats));
        }
        slot.1.push(Value::Array(value));
    }
    Value::Array(
        streams
            .into_values()
            .map(|(labels, values)| json!({"stream": labels_json(&labels), "values": values}))
            .collect(),
    )
}

pub fn matrix_json(series: &[Series], steps: &[i64]) -> Value {
    Value::Array(
        series
            .iter()
            .map(|s| {
                let values: Vec<Value> = steps
                    .iter()
                    .zip(&s.values)
                    .filter_map(|(t, v)| v.map(|v| json!([sample_ts(*t), format_sample_value(v)])))
                    .collect();
                json!({"metric": labels_json(&s.labels), "values": values})
            })
            .collect(),
    )
}

/// An instant vector at `t` from single-step series.
pub fn vector_json(series: &[Series], t: i64) -> Value {
    Value::Array(
        series
            .iter()
            .filter_map(|s| s.values.first().copied().flatten().map(|v| (s, v)))
            .map(|(s, v)| json!({"metric": labels_json(&s.labels), "value": [sample_ts(t), format_sample_value(v)]}))
            .collect(),
    )
}

/// A vector of series holding at most one sample each, every sample at its own step (Loki's
/// `volume_range` answer when no series has two buckets).
pub fn vector_at_steps_json(series: &[Series], steps: &[i64]) -> Value {
    Value::Array(
        series
            .iter()
            .filter_map(|s| {
                let (t, v) = steps
                    .iter()
                    .zip(&s.values)
                    .find_map(|(t, v)| v.map(|v| (*t, v)))?;
                Some(json!({"metric": labels_json(&s.labels), "value": [sample_ts(t), format_sample_value(v)]}))
            })
            .collect(),
    )
}

/// `200 application/json` with the given body.
pub fn json_ok<T: serde::Serialize>(body: &T) -> Response {
    go_http::json(StatusCode::OK, body, "application/json; charset=UTF-8")
}

/// Loki's query errors: `serverutil.WriteError` (`pkg/util/server/error.go`) writes the
/// message with `fmt.Fprint`, so unlike Go's `http.Error` there is no trailing newline.
pub fn bad_request(msg: &str) -> Response {
    write_error(StatusCode::BAD_REQUEST, msg)
}

pub fn write_error(status: StatusCode, msg: &str) -> Response {
    let mut r = go_http::error(status, msg);
    *r.body_mut() = axum::body::Body::from(msg.to_string());
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_timestamps() {
        assert_eq!(sample_ts(1_568_404_331_324_000_000), json!(1568404331.324));
        assert_eq!(
            sample_ts(1_588_889_221_000_000_000).to_string(),
            "1588889221"
        );
    }
}
