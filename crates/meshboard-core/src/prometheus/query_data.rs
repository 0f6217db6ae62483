//! The `data` of `query` and `query_range` (`resultType` + `result`), decoded by a streaming
//! visitor straight into columnar series: no intermediate JSON values, no per-sample strings.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::sample::{seconds_to_ms, PushSample, PushSamples, SampleValue};
use crate::frame::{Frame, Labels, Series};

/// Prometheus' `resultType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResultType {
    Matrix,
    Vector,
    Scalar,
    String,
}

/// A decoded query result. Native-histogram samples are left out of the frames and
/// announced in `Frame::notices` instead of being shown as wrong numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryData {
    Matrix(Frame),
    Vector(Frame),
    Scalar { time_ms: f64, value: f64 },
    String { time_ms: f64, value: String },
}

impl QueryData {
    pub fn result_type(&self) -> ResultType {
        match self {
            QueryData::Matrix(_) => ResultType::Matrix,
            QueryData::Vector(_) => ResultType::Vector,
            QueryData::Scalar { .. } => ResultType::Scalar,
            QueryData::String { .. } => ResultType::String,
        }
    }

    /// Every result as a frame: a scalar becomes one unlabelled one-point series; a string
    /// has no numbers to chart, so it becomes a notice.
    pub fn into_frame(self) -> Frame {
        match self {
            QueryData::Matrix(frame) | QueryData::Vector(frame) => frame,
            QueryData::Scalar { time_ms, value } => {
                let mut series = Series::default();
                series.push(time_ms, value);
                Frame {
                    series: vec![series],
                    notices: Vec::new(),
                }
            }
            QueryData::String { value, .. } => Frame {
                series: Vec::new(),
                notices: vec![format!(
                    "the query returned the string \"{value}\", not numbers"
                )],
            },
        }
    }
}

/// The note a panel shows when series carried native histograms.
pub(crate) fn native_histogram_notice(series_count: usize) -> String {
    let noun = if series_count == 1 {
        "series holds"
    } else {
        "series hold"
    };
    format!(
        "{series_count} {noun} native histograms: native histograms are not supported yet, \
         so those samples are not shown"
    )
}

impl<'de> Deserialize<'de> for QueryData {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(QueryDataVisitor)
    }
}

struct QueryDataVisitor;

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum DataField {
    ResultType,
    Result,
    #[serde(other)]
    Other,
}

impl<'de> Visitor<'de> for QueryDataVisitor {
    type Value = QueryData;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("query data {\"resultType\": ..., \"result\": ...}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<QueryData, A::Error> {
        let mut result_type = None;
        let mut result = None;
        while let Some(field) = map.next_key()? {
            match field {
                DataField::ResultType => result_type = Some(map.next_value::<ResultType>()?),
                DataField::Result => result = Some(map.next_value_seed(RawResultSeed)?),
                DataField::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let result_type = result_type.ok_or_else(|| de::Error::missing_field("resultType"))?;
        let result = result.ok_or_else(|| de::Error::missing_field("result"))?;
        combine(result_type, result)
    }
}

fn combine<E: de::Error>(result_type: ResultType, result: RawResult) -> Result<QueryData, E> {
    match (result_type, result) {
        (ResultType::Matrix, RawResult::Series(frame)) => Ok(QueryData::Matrix(frame)),
        (ResultType::Vector, RawResult::Series(frame)) => Ok(QueryData::Vector(frame)),
        // An empty array carries no shape; Prometheus never sends one for these types.
        (ResultType::Scalar | ResultType::String, RawResult::Series(frame))
            if frame.series.is_empty() =>
        {
            Err(E::custom(
                "a scalar or string result must be [<time>, \"<value>\"], got []",
            ))
        }
        (ResultType::Scalar, RawResult::Sample { time_ms, text }) => {
            let value = SampleValue.visit_str::<E>(&text)?;
            Ok(QueryData::Scalar { time_ms, value })
        }
        (ResultType::String, RawResult::Sample { time_ms, text }) => Ok(QueryData::String {
            time_ms,
            value: text,
        }),
        (ResultType::Matrix | ResultType::Vector, RawResult::Sample { .. }) => Err(E::custom(
            "resultType says series but result is a single [<time>, \"<value>\"] sample",
        )),
        (ResultType::Scalar | ResultType::String, RawResult::Series(_)) => Err(E::custom(
            "resultType says scalar or string but result is a list of series",
        )),
    }
}

/// `result` decoded before `resultType` may have been seen: its shape tells the two apart.
enum RawResult {
    Series(Frame),
    Sample { time_ms: f64, text: String },
}

struct RawResultSeed;

impl<'de> DeserializeSeed<'de> for RawResultSeed {
    type Value = RawResult;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawResult, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RawResultSeed {
    type Value = RawResult;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of series or a [<time>, \"<value>\"] sample")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawResult, A::Error> {
        let mut frame = Frame::default();
        let mut histogram_series = 0;
        let first = seq.next_element_seed(FirstItem {
            frame: &mut frame,
            histogram_series: &mut histogram_series,
        })?;
        if let Some(FirstKind::SampleTime(seconds)) = first {
            let text: String = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(1, &self))?;
            if seq.next_element::<IgnoredAny>()?.is_some() {
                return Err(de::Error::invalid_length(3, &self));
            }
            return Ok(RawResult::Sample {
                time_ms: seconds_to_ms(seconds),
                text,
            });
        }
        loop {
            let capacity_hint = frame.series.last().map_or(0, Series::len);
            let seed = SeriesSeed {
                capacity_hint,
                histogram_series: &mut histogram_series,
            };
            match seq.next_element_seed(seed)? {
                Some(Some(series)) => frame.series.push(series),
                Some(None) => {}
                None => break,
            }
        }
        if histogram_series > 0 {
            frame
                .notices
                .push(native_histogram_notice(histogram_series));
        }
        Ok(RawResult::Series(frame))
    }
}

enum FirstKind {
    SampleTime(f64),
    Series,
}

/// The first element of `result`: a number starts a scalar/string sample, an object is
/// the first series.
struct FirstItem<'a> {
    frame: &'a mut Frame,
    histogram_series: &'a mut usize,
}

impl<'de> DeserializeSeed<'de> for FirstItem<'_> {
    type Value = FirstKind;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<FirstKind, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FirstItem<'_> {
    type Value = FirstKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a series object or a sample time")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<FirstKind, E> {
        Ok(FirstKind::SampleTime(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FirstKind, E> {
        Ok(FirstKind::SampleTime(v as f64))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FirstKind, E> {
        Ok(FirstKind::SampleTime(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FirstKind, A::Error> {
        let seed = SeriesSeed {
            capacity_hint: 0,
            histogram_series: self.histogram_series,
        };
        if let Some(series) = seed.visit_map(map)? {
            self.frame.series.push(series);
        }
        Ok(FirstKind::Series)
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum SeriesField {
    Metric,
    Values,
    Value,
    Histogram,
    Histograms,
    #[serde(other)]
    Other,
}

/// One `{metric, values|value, histograms|histogram}` object. Yields `None` for a series
/// that only had native histograms (nothing right to show).
struct SeriesSeed<'a> {
    capacity_hint: usize,
    histogram_series: &'a mut usize,
}

impl<'de> DeserializeSeed<'de> for SeriesSeed<'_> {
    type Value = Option<Series>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Series>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SeriesSeed<'_> {
    type Value = Option<Series>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a series {\"metric\": {...}, \"values\": [...]}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Series>, A::Error> {
        let mut series = Series::default();
        series.times_ms.reserve(self.capacity_hint);
        series.values.reserve(self.capacity_hint);
        let mut has_histograms = false;
        while let Some(field) = map.next_key()? {
            match field {
                SeriesField::Metric => series.labels = map.next_value::<Labels>()?,
                SeriesField::Values => map.next_value_seed(PushSamples(&mut series))?,
                SeriesField::Value => map.next_value_seed(PushSample(&mut series))?,
                SeriesField::Histogram | SeriesField::Histograms => {
                    has_histograms = true;
                    map.next_value::<IgnoredAny>()?;
                }
                SeriesField::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if has_histograms {
            *self.histogram_series += 1;
            if series.is_empty() {
                return Ok(None);
            }
        }
        Ok(Some(series))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> QueryData {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn matrix_goes_to_columns() {
        let data = parse(
            r#"{"resultType":"matrix","result":[
                {"metric":{"__name__":"up","job":"a"},"values":[[1,"1"],[2,"0"]]},
                {"metric":{},"values":[[1.5,"NaN"]]}]}"#,
        );
        let QueryData::Matrix(frame) = data else {
            panic!("not a matrix")
        };
        assert_eq!(frame.series.len(), 2);
        assert_eq!(frame.series[0].labels["job"], "a");
        assert_eq!(frame.series[0].times_ms, vec![1000.0, 2000.0]);
        assert_eq!(frame.series[0].values, vec![1.0, 0.0]);
        assert!(frame.series[1].values[0].is_nan());
        assert!(frame.notices.is_empty());
    }

    #[test]
    fn result_before_result_type_and_scalars() {
        let data =
            parse(r#"{"result":[{"metric":{"a":"b"},"value":[3,"-Inf"]}],"resultType":"vector"}"#);
        let QueryData::Vector(frame) = data else {
            panic!("not a vector")
        };
        assert_eq!(frame.series[0].values, vec![f64::NEG_INFINITY]);
        let data = parse(r#"{"resultType":"scalar","result":[1700000000.5,"42"]}"#);
        assert_eq!(
            data,
            QueryData::Scalar {
                time_ms: 1700000000500.0,
                value: 42.0
            }
        );
        let frame = data.into_frame();
        assert_eq!(frame.series[0].values, vec![42.0]);
        let data = parse(r#"{"resultType":"string","result":[1,"hello"]}"#);
        assert_eq!(
            data,
            QueryData::String {
                time_ms: 1000.0,
                value: "hello".into()
            }
        );
    }

    #[test]
    fn native_histograms_become_a_notice() {
        let data = parse(
            r#"{"resultType":"matrix","result":[
              {"metric":{"a":"1"},"histograms":[[1,{"count":"2","sum":"3","buckets":[[0,"0","1","2"]]}]]},
              {"metric":{"a":"2"},"values":[[1,"5"]]}]}"#,
        );
        let frame = data.into_frame();
        assert_eq!(frame.series.len(), 1);
        assert_eq!(frame.series[0].values, vec![5.0]);
        assert_eq!(frame.notices.len(), 1);
        assert!(frame.notices[0].contains("native histograms are not supported yet"));
    }

    #[test]
    fn shape_mismatches_are_errors() {
        for bad in [
            r#"{"resultType":"scalar","result":[{"metric":{}}]}"#,
            r#"{"resultType":"matrix","result":[1,"2"]}"#,
            r#"{"resultType":"scalar","result":[]}"#,
            r#"{"resultType":"scalar","result":[1,"x"]}"#,
            r#"{"resultType":"table","result":[]}"#,
            r#"{"result":[]}"#,
            r#"{"resultType":"matrix","result":[{"values":[[1,2,3]]}]}"#,
            r#"{"resultType":"matrix","result":[{"values":[["1","2"]]}]}"#,
        ] {
            assert!(serde_json::from_str::<QueryData>(bad).is_err(), "{bad}");
        }
    }
}
