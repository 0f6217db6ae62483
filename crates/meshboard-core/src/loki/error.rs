//! What can go wrong between Loki and the panel, each with the message a user should read.

use std::fmt;

/// A failed Loki request or an unreadable response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LokiError {
    /// Loki's own error text (it answers errors as plain text), shown verbatim.
    Server { status: u16, message: String },
    /// An HTML page came back: a proxy, login or error page stands between us and Loki.
    ProxyPage { status: u16 },
    /// The body ended in the middle of the JSON (a cut connection or a size limit).
    Truncated,
    /// JSON that is not the shape Loki sends for this endpoint.
    Malformed(String),
    /// A non-success status with an empty body.
    Http { status: u16 },
    /// The request never got an answer (network error, CORS refusal, aborted).
    Unreachable { cross_origin: bool },
    /// A metric panel's query selected log lines (a stream result), which it cannot draw.
    LogLinesInMetricPanel,
}

impl LokiError {
    /// Classifies the body of a non-2xx response. Loki writes plain text (`parse error at line
    /// 1, col 5: ...`); some front ends wrap it as JSON `{"status":"error","error":"..."}`.
    pub fn from_response(status: u16, body: &str) -> LokiError {
        let text = body.trim();
        if text.is_empty() {
            return LokiError::Http { status };
        }
        if looks_like_html(text) {
            return LokiError::ProxyPage { status };
        }
        if text.starts_with('{') {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
                let message = value
                    .get("error")
                    .or_else(|| value.get("message"))
                    .and_then(serde_json::Value::as_str);
                if let Some(message) = message {
                    return LokiError::Server {
                        status,
                        message: message.to_string(),
                    };
                }
            }
        }
        LokiError::Server {
            status,
            message: text.to_string(),
        }
    }

    /// Classifies a 2xx body that failed to parse as the expected JSON.
    pub fn from_unparsable_body(body: &str, error: &serde_json::Error) -> LokiError {
        let text = body.trim_start();
        if looks_like_html(text) {
            return LokiError::ProxyPage { status: 200 };
        }
        if error.is_eof() {
            return LokiError::Truncated;
        }
        if !text.starts_with('{') && !text.starts_with('[') && !text.is_empty() {
            // A successful status with a plain-text body is still Loki talking.
            return LokiError::Server {
                status: 200,
                message: text.trim_end().to_string(),
            };
        }
        LokiError::Malformed(error.to_string())
    }
}

/// True for Loki's answer to a query that does not parse (`parse error at line 1, col 5: ...`,
/// or `parse error : ...` for the checks after parsing). A query built around the user's text
/// (the volume histogram's) fails the same way, citing columns of text the user never typed.
pub fn is_syntax_error(message: &str) -> bool {
    message.trim_start().starts_with("parse error")
}

pub(crate) fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<head")
}

impl fmt::Display for LokiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LokiError::Server { message, .. } => f.write_str(message),
            LokiError::ProxyPage { status } => write!(
                f,
                "Loki did not answer: an HTML page came back (HTTP {status}). Check the Loki \
                 datasource URL and the proxy in front of it."
            ),
            LokiError::Truncated => f.write_str(
                "Loki's response was cut off before its end. Try a smaller time range or limit.",
            ),
            LokiError::Malformed(detail) => write!(f, "Unexpected response from Loki: {detail}"),
            LokiError::Http { status } => write!(f, "Loki answered HTTP {status} with no message."),
            LokiError::Unreachable { cross_origin: true } => f.write_str(
                "Could not reach Loki. Loki sends no CORS headers, so a browser cannot call it on \
                 another origin: point the datasource at a same-origin proxy path such as /loki/.",
            ),
            LokiError::Unreachable {
                cross_origin: false,
            } => f.write_str("Could not reach Loki: the network request failed."),
            LokiError::LogLinesInMetricPanel => f.write_str(
                "This LogQL query returns log lines; a metric panel needs a metric query, such \
                 as sum by (level) (count_over_time({job=\"x\"}[$__interval])).",
            ),
        }
    }
}

impl std::error::Error for LokiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_shown_verbatim() {
        let body = "parse error at line 1, col 5: syntax error: unexpected IDENTIFIER\n";
        let err = LokiError::from_response(400, body);
        assert_eq!(err.to_string(), body.trim_end());
    }

    #[test]
    fn syntax_errors_are_recognized() {
        assert!(is_syntax_error(
            "parse error at line 1, col 62: syntax error: unexpected IDENTIFIER"
        ));
        assert!(is_syntax_error(
            "parse error : invalid aggregation sum_over_time without unwrap"
        ));
        assert!(!is_syntax_error(
            "pipeline error: 'JSONParserErr' for series: '{app=\"x\"}'."
        ));
    }

    #[test]
    fn html_is_a_proxy_page() {
        let err =
            LokiError::from_response(502, "<!DOCTYPE html><html><body>Bad gateway</body></html>");
        assert_eq!(err, LokiError::ProxyPage { status: 502 });
        assert!(err.to_string().contains("HTTP 502"));
    }

    #[test]
    fn json_error_envelope_and_empty_body() {
        let err = LokiError::from_response(400, r#"{"status":"error","error":"bad query"}"#);
        assert_eq!(err.to_string(), "bad query");
        assert_eq!(
            LokiError::from_response(503, "  "),
            LokiError::Http { status: 503 }
        );
    }

    #[test]
    fn unreachable_names_the_cors_cause() {
        let message = LokiError::Unreachable { cross_origin: true }.to_string();
        assert!(message.contains("CORS") && message.contains("same-origin proxy"));
        assert!(!LokiError::Unreachable {
            cross_origin: false
        }
        .to_string()
        .contains("CORS"));
    }

    #[test]
    fn truncated_json_is_named() {
        let body = r#"{"status":"success","data":{"resultType":"streams","result":[{"#;
        let error = serde_json::from_str::<serde_json::Value>(body).unwrap_err();
        assert_eq!(
            LokiError::from_unparsable_body(body, &error),
            LokiError::Truncated
        );
    }
}
