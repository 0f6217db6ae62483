//! JSON encoding of Loki results: streams (`["<ns>", "<line>"(, {categories})]`), matrix and
//! vector samples (`[<float seconds>, "<value>"]`), the success envelope and plain-text errors.

use super::logql::metric::{format_labels, Series};
use super::logql::pipeline::Labels;
use super::logql::select::Entry;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
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

/// A sample value as Prometheus/Loki print it: shortest round-trip decimal, `NaN`, `+Inf`, `-Inf`.
pub fn sample_value(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        }
    } else {
        format!("{v}")
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
        let slot = streams
            .entry(format_labels(labels))
            .or_insert_with(|| (labels.clone(), Vec::new()));
        let mut value = vec![
            Value::String(e.ts_ns.to_string()),
            Value::String(e.out.line.clone()),
        ];
        if categorize {
            let mut cats = Map::new();
            if !e.metadata.is_empty() {
                cats.insert("structuredMetadata".into(), labels_json(&e.metadata));
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
                    .filter_map(|(t, v)| v.map(|v| json!([sample_ts(*t), sample_value(v)])))
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
            .map(|(s, v)| json!({"metric": labels_json(&s.labels), "value": [sample_ts(t), sample_value(v)]}))
            .collect(),
    )
}

/// `200 application/json` with the given body.
pub fn json_ok<T: serde::Serialize>(body: &T) -> Response {
    let mut r = (
        StatusCode::OK,
        serde_json::to_string(body).unwrap_or_default(),
    )
        .into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=UTF-8"),
    );
    r
}

/// Loki's errors: Go's `http.Error`, i.e. plain text, `nosniff`, and a trailing newline.
pub fn text_error(status: StatusCode, msg: &str) -> Response {
    let mut r = (status, format!("{msg}\n")).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

pub fn bad_request(msg: &str) -> Response {
    text_error(StatusCode::BAD_REQUEST, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_encoding() {
        assert_eq!(sample_ts(1_568_404_331_324_000_000), json!(1568404331.324));
        assert_eq!(
            sample_ts(1_588_889_221_000_000_000).to_string(),
            "1588889221"
        );
        assert_eq!(sample_value(137.95), "137.95");
        assert_eq!(sample_value(3.0), "3");
        assert_eq!(sample_value(0.013333333333333334), "0.013333333333333334");
        assert_eq!(sample_value(f64::NAN), "NaN");
        assert_eq!(sample_value(f64::NEG_INFINITY), "-Inf");
    }
}
