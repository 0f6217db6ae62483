//! Parsers for every Loki HTTP API response body the console reads, into typed values.
//!
//! Log streams keep exact nanosecond timestamps; matrix and vector results become the shared
//! columnar [`Frame`], with Loki's `warnings` carried as the frame's notices.

use std::fmt;

use serde::de::{self, DeserializeOwned, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::error::LokiError;
use super::stats::StatsSummary;
use super::time::NsTime;
use crate::frame::{Frame, Labels, Series};

/// One log line with its exact timestamp and, in the `categorize-labels` encoding, the labels
/// that came from structured metadata or from a parser stage of the query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogEntry {
    pub ts: NsTime,
    pub line: String,
    pub structured_metadata: Labels,
    pub parsed: Labels,
}

/// A stream: its label set and its entries in the order Loki sent them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogStream {
    pub labels: Labels,
    pub entries: Vec<LogEntry>,
}

/// The `data` of `query` / `query_range`, by result type.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryData {
    Streams(Vec<LogStream>),
    Matrix(Frame),
    /// Vectors (and scalars) as a frame of one point per series.
    Vector(Frame),
}

/// A parsed `query` / `query_range` response.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryResponse {
    pub data: QueryData,
    pub warnings: Vec<String>,
    /// The `summary` of Loki's `stats` (lines and bytes processed), when it sent one.
    pub stats: Option<StatsSummary>,
    /// True when Loki used the `categorize-labels` encoding (metadata as a third value element).
    pub categorized_labels: bool,
}

impl QueryResponse {
    /// Number of log lines (streams) or samples (matrix/vector) in the result.
    pub fn len(&self) -> usize {
        match &self.data {
            QueryData::Streams(streams) => streams.iter().map(|s| s.entries.len()).sum(),
            QueryData::Matrix(frame) | QueryData::Vector(frame) => frame.point_count(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A tail websocket message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TailMessage {
    pub streams: Vec<LogStream>,
    pub dropped: Vec<DroppedEntry>,
}

/// An entry the tail could not deliver (the client was too slow); shown as a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedEntry {
    pub ts: NsTime,
    pub labels: Labels,
}

/// One field from `detected_fields`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DetectedField {
    pub label: String,
    #[serde(rename = "type", default)]
    pub field_type: String,
    #[serde(default)]
    pub cardinality: u64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub parsers: Vec<String>,
}

/// One pattern from the `patterns` endpoint with its `(epoch seconds, count)` samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPattern {
    pub pattern: String,
    pub samples: Vec<(i64, i64)>,
}

/// Parses a `query` or `query_range` body (also `index/volume[_range]`, which share the shape).
pub fn parse_query_response(body: &str) -> Result<QueryResponse, LokiError> {
    let envelope: Envelope<RawData> = decode(body)?;
    let raw = envelope.into_data()?;
    let warnings = raw.warnings;
    let stats = raw.data.stats.as_ref().map(StatsSummary::from_stats_value);
    let categorized_labels = raw
        .data
        .encoding_flags
        .iter()
        .any(|f| f == "categorize-labels");
    let data = match raw.data.result_type.as_str() {
        "streams" => QueryData::Streams(
            result_as::<Vec<RawStream>>(raw.data.result)?
                .into_iter()
                .map(RawStream::into_stream)
                .collect(),
        ),
        "matrix" => {
            let series: Vec<RawMatrixSeries> = result_as(raw.data.result)?;
            QueryData::Matrix(Frame {
                series: series
                    .into_iter()
                    .map(RawMatrixSeries::into_series)
                    .collect(),
                notices: warnings.clone(),
            })
        }
        "vector" => {
            let samples: Vec<RawVectorSample> = result_as(raw.data.result)?;
            QueryData::Vector(Frame {
                series: samples
                    .into_iter()
                    .map(RawVectorSample::into_series)
                    .collect(),
                notices: warnings.clone(),
            })
        }
        "scalar" => {
            let point: RawPoint = result_as(raw.data.result)?;
            let mut series = Series::new(Labels::new());
            series.push(point.time_ms(), point.value());
            QueryData::Vector(Frame {
                series: vec![series],
                notices: warnings.clone(),
            })
        }
        other => {
            return Err(LokiError::Malformed(format!(
                "unknown resultType `{other}`"
            )))
        }
    };
    Ok(QueryResponse {
        data,
        warnings,
        stats,
        categorized_labels,
    })
}

/// Parses `index/volume` (a vector) or `index/volume_range` (a matrix) into a frame.
pub fn parse_volume(body: &str) -> Result<Frame, LokiError> {
    match parse_query_response(body)?.data {
        QueryData::Matrix(frame) | QueryData::Vector(frame) => Ok(frame),
        QueryData::Streams(_) => Err(LokiError::Malformed("volume returned log streams".into())),
    }
}

/// Parses `labels` or `label/<name>/values`: a list of strings (absent `data` means none).
pub fn parse_labels(body: &str) -> Result<Vec<String>, LokiError> {
    let envelope: Envelope<Option<Vec<String>>> = decode(body)?;
    Ok(envelope.into_data()?.data.unwrap_or_default())
}

/// Parses `series`: one label set per stream.
pub fn parse_series(body: &str) -> Result<Vec<Labels>, LokiError> {
    let envelope: Envelope<Option<Vec<Labels>>> = decode(body)?;
    Ok(envelope.into_data()?.data.unwrap_or_default())
}

/// Parses one tail websocket message (`streams` plus `dropped_entries`).
pub fn parse_tail_message(body: &str) -> Result<TailMessage, LokiError> {
    let raw: RawTail = decode(body)?;
    let dropped = raw
        .dropped_entries
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| {
            NsTime::parse(&d.timestamp).map(|ts| DroppedEntry {
                ts,
                labels: d.labels,
            })
        })
        .collect();
    Ok(TailMessage {
        streams: raw
            .streams
            .unwrap_or_default()
            .into_iter()
            .map(RawStream::into_stream)
            .collect(),
        dropped,
    })
}

/// Parses `detected_fields`.
pub fn parse_detected_fields(body: &str) -> Result<Vec<DetectedField>, LokiError> {
    #[derive(Deserialize)]
    struct Raw {
        #[serde(default, deserialize_with = "null_as_empty")]
        fields: Vec<DetectedField>,
    }
    Ok(decode::<Raw>(body)?.fields)
}

/// Parses `detected_field/<name>/values`.
pub fn parse_detected_field_values(body: &str) -> Result<Vec<String>, LokiError> {
    #[derive(Deserialize)]
    struct Raw {
        #[serde(default, deserialize_with = "null_as_empty")]
        values: Vec<String>,
    }
    Ok(decode::<Raw>(body)?.values)
}

/// Parses `patterns`.
pub fn parse_patterns(body: &str) -> Result<Vec<LogPattern>, LokiError> {
    #[derive(Deserialize)]
    struct RawPattern {
        pattern: String,
        #[serde(default, deserialize_with = "null_as_empty")]
        samples: Vec<(f64, f64)>,
    }
    let envelope: Envelope<Option<Vec<RawPattern>>> = decode(body)?;
    Ok(envelope
        .into_data()?
        .data
        .unwrap_or_default()
        .into_iter()
        .map(|p| LogPattern {
            pattern: p.pattern,
            samples: p
                .samples
                .into_iter()
                .map(|(t, n)| (t as i64, n as i64))
                .collect(),
        })
        .collect())
}

/// Parses a sample value string the way Prometheus and Loki write them (`"NaN"`, `"+Inf"`,
/// `"-Infinity"`, any case). Unparsable text reads as NaN: a gap, never a panic.
pub fn parse_sample_value(text: &str) -> f64 {
    let trimmed = text.trim();
    let unsigned = trimmed.trim_start_matches(['+', '-']);
    if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity") {
        return if trimmed.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    trimmed.parse::<f64>().unwrap_or(f64::NAN)
}

fn decode<T: DeserializeOwned>(body: &str) -> Result<T, LokiError> {
    serde_json::from_str(body).map_err(|e| LokiError::from_unparsable_body(body, &e))
}

fn result_as<T: DeserializeOwned>(result: Value) -> Result<T, LokiError> {
    serde_json::from_value(result).map_err(|e| LokiError::Malformed(e.to_string()))
}

fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

#[derive(Deserialize)]
struct Envelope<D> {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    error: Option<String>,
    data: Option<D>,
    #[serde(default, deserialize_with = "null_as_empty")]
    warnings: Vec<String>,
}

struct Unwrapped<D> {
    data: D,
    warnings: Vec<String>,
}

impl<D: Default> Envelope<D> {
    /// Treats `{"status":"error",...}` as the error it is; a missing `data` as empty.
    fn into_data(self) -> Result<Unwrapped<D>, LokiError> {
        if self.status.as_deref() == Some("error") {
            let message = self
                .error
                .unwrap_or_else(|| "Loki reported an error".to_string());
            return Err(LokiError::Server {
                status: 200,
                message,
            });
        }
        Ok(Unwrapped {
            data: self.data.unwrap_or_default(),
            warnings: self.warnings,
        })
    }
}

#[derive(Deserialize, Default)]
struct RawData {
    #[serde(rename = "resultType", default)]
    result_type: String,
    #[serde(default)]
    result: Value,
    #[serde(default)]
    stats: Option<Value>,
    #[serde(rename = "encodingFlags", default, deserialize_with = "null_as_empty")]
    encoding_flags: Vec<String>,
}

#[derive(Deserialize)]
struct RawStream {
    #[serde(default)]
    stream: Labels,
    #[serde(default, deserialize_with = "null_as_empty")]
    values: Vec<RawEntry>,
}

impl RawStream {
    fn into_stream(self) -> LogStream {
        LogStream {
            labels: self.stream,
            entries: self.values.into_iter().map(|e| e.0).collect(),
        }
    }
}

/// `["<ns>", "<line>"]` or `["<ns>", "<line>", {"structuredMetadata": {...}, "parsed": {...}}]`.
struct RawEntry(LogEntry);

#[derive(Deserialize, Default)]
struct Categorized {
    #[serde(rename = "structuredMetadata", default)]
    structured_metadata: Option<Labels>,
    #[serde(default)]
    parsed: Option<Labels>,
}

impl<'de> Deserialize<'de> for RawEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = RawEntry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a log entry [\"<ns timestamp>\", \"<line>\"(, {metadata})]")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawEntry, A::Error> {
        let ts: Value = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let ts = match &ts {
            Value::String(text) => NsTime::parse(text),
            Value::Number(n) => n.as_i64().map(NsTime),
            _ => None,
        }
        .ok_or_else(|| de::Error::custom(format!("invalid nanosecond timestamp {ts}")))?;
        let line: String = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        let categorized: Option<Categorized> = seq.next_element()?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        let categorized = categorized.unwrap_or_default();
        Ok(RawEntry(LogEntry {
            ts,
            line,
            structured_metadata: categorized.structured_metadata.unwrap_or_default(),
            parsed: categorized.parsed.unwrap_or_default(),
        }))
    }
}

/// `[<float seconds>, "<value>"]`.
#[derive(Deserialize)]
struct RawPoint(f64, String);

impl RawPoint {
    /// Loki's metric timestamps have millisecond resolution: rounding removes the binary
    /// fraction noise of `1568404331.324 * 1000`.
    fn time_ms(&self) -> f64 {
        (self.0 * 1000.0).round()
    }

    fn value(&self) -> f64 {
        parse_sample_value(&self.1)
    }
}

#[derive(Deserialize)]
struct RawMatrixSeries {
    #[serde(default)]
    metric: Labels,
    #[serde(default, deserialize_with = "null_as_empty")]
    values: Vec<RawPoint>,
}

impl RawMatrixSeries {
    fn into_series(self) -> Series {
        let mut series = Series::new(self.metric);
        series.times_ms.reserve(self.values.len());
        series.values.reserve(self.values.len());
        for point in &self.values {
            series.push(point.time_ms(), point.value());
        }
        series
    }
}

#[derive(Deserialize)]
struct RawVectorSample {
    #[serde(default)]
    metric: Labels,
    value: RawPoint,
}

impl RawVectorSample {
    fn into_series(self) -> Series {
        let mut series = Series::new(self.metric);
        series.push(self.value.time_ms(), self.value.value());
        series
    }
}

#[derive(Deserialize)]
struct RawTail {
    #[serde(default)]
    streams: Option<Vec<RawStream>>,
    #[serde(default)]
    dropped_entries: Option<Vec<RawDropped>>,
}

#[derive(Deserialize)]
struct RawDropped {
    timestamp: String,
    #[serde(default)]
    labels: Labels,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_keep_nanoseconds_and_metadata() {
        let body = r#"{"status":"success","data":{"resultType":"streams","encodingFlags":["categorize-labels"],
            "result":[{"stream":{"app":"a"},"values":[
              ["1645030246277587968","one"],
              ["1645030246277587969","two",{"structuredMetadata":{"trace_id":"abc"},"parsed":{"msg":"x"}}]]}]}}"#;
        let response = parse_query_response(body).unwrap();
        assert!(response.categorized_labels);
        let QueryData::Streams(streams) = response.data else {
            panic!("streams expected")
        };
        let entries = &streams[0].entries;
        assert_eq!(entries[0].ts.0, 1_645_030_246_277_587_968);
        assert_eq!(entries[1].ts.0, 1_645_030_246_277_587_969);
        assert_eq!(entries[1].structured_metadata["trace_id"], "abc");
        assert_eq!(entries[1].parsed["msg"], "x");
    }

    #[test]
    fn matrix_values_and_special_floats() {
        let body = r#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"level":"info"},"values":[[1568404331.324,"+Inf"],[1568404331.339,"NaN"],[1568404332,"2.5"]]}]},
            "warnings":["careful"]}"#;
        let response = parse_query_response(body).unwrap();
        let QueryData::Matrix(frame) = &response.data else {
            panic!("matrix expected")
        };
        let series = &frame.series[0];
        assert_eq!(
            series.times_ms,
            vec![
                1_568_404_331_324.0,
                1_568_404_331_339.0,
                1_568_404_332_000.0
            ]
        );
        assert_eq!(series.values[0], f64::INFINITY);
        assert!(series.values[1].is_nan());
        assert_eq!(series.values[2], 2.5);
        assert_eq!(frame.notices, vec!["careful".to_string()]);
    }

    #[test]
    fn sample_value_spellings() {
        assert_eq!(parse_sample_value("-INfInItY"), f64::NEG_INFINITY);
        assert_eq!(parse_sample_value("+iNf"), f64::INFINITY);
        assert!(parse_sample_value("garbage").is_nan());
        assert_eq!(parse_sample_value("1e3"), 1000.0);
    }

    #[test]
    fn bad_entries_are_errors_not_panics() {
        for body in [
            r#"{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[["1.5","x"]]}]}}"#,
            r#"{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[["1"]]}]}}"#,
            r#"{"status":"success","data":{"resultType":"bogus","result":[]}}"#,
            r#"{"status":"success","data":{"resultType":"matrix","result":{}}}"#,
        ] {
            assert!(
                matches!(parse_query_response(body), Err(LokiError::Malformed(_))),
                "{body}"
            );
        }
        assert!(matches!(
            parse_query_response(r#"{"status":"succ"#),
            Err(LokiError::Truncated)
        ));
        assert!(matches!(
            parse_query_response("<html><body>login</body></html>"),
            Err(LokiError::ProxyPage { .. })
        ));
    }

    #[test]
    fn labels_without_data_are_empty() {
        assert_eq!(
            parse_labels(r#"{"status":"success"}"#).unwrap(),
            Vec::<String>::new()
        );
        let err = parse_labels(r#"{"status":"error","error":"too many"}"#).unwrap_err();
        assert_eq!(err.to_string(), "too many");
    }

    #[test]
    fn scalar_results_become_one_point() {
        let body =
            r#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"2"]}}"#;
        let QueryData::Vector(frame) = parse_query_response(body).unwrap().data else {
            panic!("vector expected")
        };
        assert_eq!(frame.series[0].values, vec![2.0]);
    }
}
