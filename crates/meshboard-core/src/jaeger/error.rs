//! Jaeger request failures, each with the message a user should read.

use std::fmt;

use serde_json::Value;

/// A failed Jaeger request or an unreadable response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JaegerError {
    /// Jaeger's own error (`{"errors":[{"code":400,"msg":"..."}]}`, even as text/plain, or the
    /// v3 gateway's `{"error":{"httpCode":..,"message":..}}`).
    Api { code: u16, message: String },
    /// The trace id is unknown to Jaeger.
    TraceNotFound,
    /// An HTML page came back: a proxy, login or error page is in the way.
    ProxyPage { status: u16 },
    /// The body ended in the middle of the JSON.
    Truncated,
    /// JSON of an unexpected shape.
    Malformed(String),
    /// A non-success status whose body says nothing usable.
    Http { status: u16, body: String },
    /// The request never got an answer (network error, CORS refusal, aborted).
    Unreachable,
}

impl JaegerError {
    /// Classifies the body of a non-2xx response.
    pub fn from_response(status: u16, body: &str) -> JaegerError {
        let text = body.trim();
        if crate::loki::error::looks_like_html(text) {
            return JaegerError::ProxyPage { status };
        }
        if let Some((code, message)) = error_message(text) {
            let code = if code == 0 { status } else { code };
            if code == 404 && message.to_ascii_lowercase().contains("not found") {
                return JaegerError::TraceNotFound;
            }
            return JaegerError::Api { code, message };
        }
        if status == 404 {
            return JaegerError::TraceNotFound;
        }
        JaegerError::Http {
            status,
            body: text.chars().take(500).collect(),
        }
    }

    /// Classifies a 2xx body that did not parse.
    pub fn from_unparsable_body(body: &str, error: &serde_json::Error) -> JaegerError {
        let text = body.trim_start();
        if crate::loki::error::looks_like_html(text) {
            JaegerError::ProxyPage { status: 200 }
        } else if error.is_eof() {
            JaegerError::Truncated
        } else {
            JaegerError::Malformed(error.to_string())
        }
    }
}

/// The first error of a Jaeger JSON error body, in either generation's shape.
pub(crate) fn error_message(text: &str) -> Option<(u16, String)> {
    let value: Value = serde_json::from_str(text).ok()?;
    if let Some(first) = value
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        let code = first.get("code").and_then(Value::as_u64).unwrap_or(0);
        let message = first
            .get("msg")
            .and_then(Value::as_str)
            .unwrap_or("unknown error");
        return Some((u16::try_from(code).unwrap_or(0), message.to_string()));
    }
    let detail = value
        .get("error")
        .filter(|e| e.is_object())
        .unwrap_or(&value);
    let message = detail.get("message").and_then(Value::as_str)?;
    let code = detail.get("httpCode").and_then(Value::as_u64).unwrap_or(0);
    Some((u16::try_from(code).unwrap_or(0), message.to_string()))
}

impl fmt::Display for JaegerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JaegerError::Api { code, message } => write!(f, "Jaeger error {code}: {message}"),
            JaegerError::TraceNotFound => {
                f.write_str("Trace not found: Jaeger has no trace with this id.")
            }
            JaegerError::ProxyPage { status } => write!(
                f,
                "Jaeger did not answer: an HTML page came back (HTTP {status}). Check the Jaeger \
                 datasource URL and the proxy in front of it."
            ),
            JaegerError::Truncated => f.write_str("Jaeger's response was cut off before its end."),
            JaegerError::Malformed(detail) => {
                write!(f, "Unexpected response from Jaeger: {detail}")
            }
            JaegerError::Http { status, body } if body.is_empty() => {
                write!(f, "Jaeger answered HTTP {status} with no message.")
            }
            JaegerError::Http { status, body } => {
                write!(f, "Jaeger answered HTTP {status}: {body}")
            }
            JaegerError::Unreachable => f.write_str(
                "Could not reach Jaeger: the network request failed. Check the datasource URL \
                 (a same-origin proxy path such as /jaeger/ avoids CORS problems).",
            ),
        }
    }
}

impl std::error::Error for JaegerError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_error_bodies() {
        let v1 = r#"{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":400,"msg":"parameter 'service' is required"}]}"#;
        let err = JaegerError::from_response(400, &format!("{v1}\n"));
        assert_eq!(
            err.to_string(),
            "Jaeger error 400: parameter 'service' is required"
        );
        let not_found = r#"{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}"#;
        assert_eq!(
            JaegerError::from_response(404, not_found),
            JaegerError::TraceNotFound
        );
        let v3 = r#"{"error":{"httpCode":400,"message":"malformed parameter query.startTimeMin"}}"#;
        assert_eq!(
            JaegerError::from_response(400, v3),
            JaegerError::Api {
                code: 400,
                message: "malformed parameter query.startTimeMin".into()
            }
        );
        assert_eq!(
            JaegerError::from_response(502, "<html>bad</html>"),
            JaegerError::ProxyPage { status: 502 }
        );
        assert_eq!(
            JaegerError::from_response(404, "404 page not found"),
            JaegerError::TraceNotFound
        );
        assert_eq!(
            JaegerError::from_response(500, "").to_string(),
            "Jaeger answered HTTP 500 with no message."
        );
    }
}
