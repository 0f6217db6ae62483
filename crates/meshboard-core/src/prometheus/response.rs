//! The response envelope and the classification of a whole HTTP response (status, content
//! type, body) into data or a [`PromError`] that says what went wrong.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::error::Category;

use super::api_types::{
    AlertsData, BuildInfo, ExemplarSeries, MetadataMap, RulesData, TargetsData,
};
use super::error::PromError;
use super::json_path::path_at;
use super::query_data::QueryData;
use crate::frame::{Frame, Labels};

/// A successful response: the endpoint's data plus the notices Prometheus attached.
#[derive(Debug, Clone, PartialEq)]
pub struct PromResponse<T> {
    pub data: T,
    pub warnings: Vec<String>,
    pub infos: Vec<String>,
}

impl<T> PromResponse<T> {
    /// Warnings then infos: what a panel must show beside the data.
    pub fn notices(&self) -> Vec<String> {
        self.warnings.iter().chain(&self.infos).cloned().collect()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<T> {
    status: String,
    data: Option<T>,
    error_type: Option<String>,
    error: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    infos: Vec<String>,
}

/// How long a line of a non-JSON body may be in an error message.
const MAX_QUOTED_CHARS: usize = 120;

/// Classifies a whole HTTP response: Prometheus JSON (success or error) whatever the HTTP
/// status, or a specific error for empty, non-JSON, truncated and mis-shaped bodies.
pub fn read_response<T: DeserializeOwned>(
    http_status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<PromResponse<T>, PromError> {
    let start = body.trim_start();
    if start.is_empty() {
        return Err(PromError::EmptyBody { http_status });
    }
    if !start.starts_with(['{', '[']) {
        return Err(PromError::NotJson {
            http_status,
            content_type: content_type
                .map(|ct| ct.split(';').next().unwrap_or(ct).trim().to_owned()),
            first_line: first_text_line(body),
        });
    }
    parse_envelope(http_status, body)
}

/// Parses a body known to be JSON: the envelope, then the endpoint's `data`.
pub fn parse_envelope<T: DeserializeOwned>(
    http_status: u16,
    body: &str,
) -> Result<PromResponse<T>, PromError> {
    let envelope: Envelope<T> =
        serde_json::from_str(body).map_err(|e| json_error(&e, body, http_status))?;
    match envelope.status.as_str() {
        "success" => match envelope.data {
            Some(data) => Ok(PromResponse {
                data,
                warnings: envelope.warnings,
                infos: envelope.infos,
            }),
            None => Err(PromError::MissingData),
        },
        "error" => Err(PromError::Prometheus {
            http_status,
            error_type: envelope.error_type.unwrap_or_else(|| "unknown".to_owned()),
            error: envelope.error.unwrap_or_default(),
        }),
        other => Err(PromError::UnknownStatus {
            status: other.to_owned(),
        }),
    }
}

/// `query`/`query_range` response -> one frame whose notices hold the warnings, infos and
/// any "not supported" notes.
pub fn read_query_response(
    http_status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<Frame, PromError> {
    let response = read_response::<QueryData>(http_status, content_type, body)?;
    let mut notices = response.notices();
    let mut frame = response.data.into_frame();
    notices.append(&mut frame.notices);
    frame.notices = notices;
    Ok(frame)
}

fn json_error(error: &serde_json::Error, body: &str, http_status: u16) -> PromError {
    let (line, column) = (error.line(), error.column());
    match error.classify() {
        Category::Eof => PromError::Truncated {
            http_status,
            received_bytes: body.len(),
        },
        Category::Data => PromError::WrongType {
            path: path_at(body, line, column),
            detail: message_of(error),
        },
        Category::Syntax | Category::Io => PromError::MalformedJson {
            http_status,
            line,
            column,
            detail: message_of(error),
        },
    }
}

/// serde_json's message without its " at line L column C" suffix (we report that apart).
fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// The first line of a body that has visible text once HTML tags are removed, shortened:
/// for an nginx error page this is its title, "502 Bad Gateway".
fn first_text_line(body: &str) -> String {
    for line in body.lines() {
        let text = strip_tags(line);
        let text = text.trim();
        if !text.is_empty() {
            return shorten(text);
        }
    }
    String::new()
}

fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// `query` or `query_range` body (HTTP 200) -> typed result.
pub fn parse_query(body: &str) -> Result<PromResponse<QueryData>, PromError> {
    parse_envelope(200, body)
}

/// `query` or `query_range` body (HTTP 200) -> frame with notices.
pub fn parse_query_frame(body: &str) -> Result<Frame, PromError> {
    read_query_response(200, None, body)
}

/// `series` body -> label sets.
pub fn parse_series(body: &str) -> Result<PromResponse<Vec<Labels>>, PromError> {
    parse_envelope(200, body)
}

/// `labels` body -> label names.
pub fn parse_labels(body: &str) -> Result<PromResponse<Vec<String>>, PromError> {
    parse_envelope(200, body)
}

/// `label/<name>/values` body -> values.
pub fn parse_label_values(body: &str) -> Result<PromResponse<Vec<String>>, PromError> {
    parse_envelope(200, body)
}

pub fn parse_metadata(body: &str) -> Result<PromResponse<MetadataMap>, PromError> {
    parse_envelope(200, body)
}

pub fn parse_targets(body: &str) -> Result<PromResponse<TargetsData>, PromError> {
    parse_envelope(200, body)
}

pub fn parse_rules(body: &str) -> Result<PromResponse<RulesData>, PromError> {
    parse_envelope(200, body)
}

pub fn parse_alerts(body: &str) -> Result<PromResponse<AlertsData>, PromError> {
    parse_envelope(200, body)
}

pub fn parse_exemplars(body: &str) -> Result<PromResponse<Vec<ExemplarSeries>>, PromError> {
    parse_envelope(200, body)
}

pub fn parse_buildinfo(body: &str) -> Result<PromResponse<BuildInfo>, PromError> {
    parse_envelope(200, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
        <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

    fn frame(status: u16, body: &str) -> Result<Frame, PromError> {
        read_query_response(status, Some("application/json"), body)
    }

    #[test]
    fn html_error_page_names_status_and_title() {
        let err =
            read_query_response(502, Some("text/html; charset=utf-8"), NGINX_502).unwrap_err();
        assert_eq!(
            err,
            PromError::NotJson {
                http_status: 502,
                content_type: Some("text/html".into()),
                first_line: "502 Bad Gateway".into()
            }
        );
        let err = frame(200, &"x".repeat(500)).unwrap_err();
        let PromError::NotJson { first_line, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(first_line.chars().count(), MAX_QUOTED_CHARS + 1);
    }

    #[test]
    fn prometheus_errors_keep_type_and_message() {
        let body =
            r#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected"}"#;
        assert_eq!(
            frame(400, body).unwrap_err(),
            PromError::Prometheus {
                http_status: 400,
                error_type: "bad_data".into(),
                error: "1:5: parse error: unexpected".into()
            }
        );
    }

    #[test]
    fn empty_truncated_and_malformed_bodies() {
        assert_eq!(
            frame(503, "").unwrap_err(),
            PromError::EmptyBody { http_status: 503 }
        );
        assert_eq!(
            frame(200, "  \n").unwrap_err(),
            PromError::EmptyBody { http_status: 200 }
        );
        let body = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,"#;
        let err = frame(200, body).unwrap_err();
        assert_eq!(
            err,
            PromError::Truncated {
                http_status: 200,
                received_bytes: body.len()
            }
        );
        assert!(err.to_string().contains("truncated"));
        let err = frame(200, r#"{"status":"success",,}"#).unwrap_err();
        assert!(
            matches!(err, PromError::MalformedJson { line: 1, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn wrong_types_name_the_field() {
        let body = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"1"],[2,true]]}]}}"#;
        let err = frame(200, body).unwrap_err();
        let PromError::WrongType { path, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(path, "data.result[0].values[1][1]");
        let err = frame(
            200,
            r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":1}}]}}"#,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("`data.result[0].metric.a`"),
            "{err}"
        );
        let err = parse_labels(r#"{"status":"success","data":{"a":1}}"#).unwrap_err();
        assert!(err.to_string().contains("`data`"), "{err}");
        let err = frame(200, r#"{"status":7}"#).unwrap_err();
        assert!(err.to_string().contains("`status`"), "{err}");
    }

    #[test]
    fn notices_and_odd_envelopes() {
        let body = r#"{"status":"success","warnings":["w1"],"infos":["i1"],"data":{"resultType":"vector","result":[]}}"#;
        let f = frame(200, body).unwrap();
        assert!(f.series.is_empty());
        assert_eq!(f.notices, vec!["w1".to_string(), "i1".to_string()]);
        assert_eq!(
            frame(200, r#"{"status":"success"}"#).unwrap_err(),
            PromError::MissingData
        );
        assert!(matches!(
            frame(200, r#"{"status":"maybe"}"#),
            Err(PromError::UnknownStatus { .. })
        ));
        assert!(matches!(
            frame(200, "[1,2]"),
            Err(PromError::WrongType { .. })
        ));
    }

    #[test]
    fn huge_numbers_and_infinities_survive() {
        let body = r#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{},"value":[1e300,"1e308"]},{"metric":{},"value":[1,"+Inf"]},
            {"metric":{},"value":[1,"-Inf"]},{"metric":{},"value":[1,"NaN"]},
            {"metric":{},"value":[1,"123456789012345678901234567890"]}]}}"#;
        let f = frame(200, body).unwrap();
        let values: Vec<f64> = f.series.iter().map(|s| s.values[0]).collect();
        assert_eq!(values[0], 1e308);
        assert_eq!(values[1], f64::INFINITY);
        assert_eq!(values[2], f64::NEG_INFINITY);
        assert!(values[3].is_nan());
        assert_eq!(values[4], 1.2345678901234568e29);
        assert_eq!(f.series[0].times_ms[0], 1e303);
    }
}
