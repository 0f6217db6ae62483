//! The one error type of Prometheus responses, with messages a user can act on.

use std::fmt;

/// Why a Prometheus response could not be turned into data.
#[derive(Debug, Clone, PartialEq)]
pub enum PromError {
    /// Prometheus itself refused: its envelope said `status: "error"`.
    Prometheus {
        http_status: u16,
        error_type: String,
        error: String,
    },
    /// The body is not JSON at all (an nginx error page, a login page, plain text).
    NotJson {
        http_status: u16,
        content_type: Option<String>,
        first_line: String,
    },
    /// The JSON stops before it is complete.
    Truncated {
        http_status: u16,
        received_bytes: usize,
    },
    /// The body starts like JSON but is not valid JSON.
    MalformedJson {
        http_status: u16,
        line: usize,
        column: usize,
        detail: String,
    },
    /// Valid JSON of the wrong shape; `path` names the offending field (`data.result[0].value`).
    WrongType { path: String, detail: String },
    /// A non-success HTTP status with nothing in the body.
    EmptyBody { http_status: u16 },
    /// `status: "success"` without the `data` this endpoint needs.
    MissingData,
    /// An envelope whose `status` is neither `success` nor `error`.
    UnknownStatus { status: String },
}

impl fmt::Display for PromError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PromError::Prometheus {
                http_status,
                error_type,
                error,
            } => {
                write!(
                    f,
                    "Prometheus error ({error_type}, HTTP {http_status}): {error}"
                )
            }
            PromError::NotJson {
                http_status,
                content_type,
                first_line,
            } => {
                write!(
                    f,
                    "HTTP {}: expected Prometheus JSON but got ",
                    status_text(*http_status)
                )?;
                match content_type {
                    Some(ct) => write!(f, "{ct}")?,
                    None => f.write_str("a non-JSON body")?,
                }
                if !first_line.is_empty() {
                    write!(f, " starting \"{first_line}\"")?;
                }
                f.write_str("; check the datasource URL and any proxy in front of Prometheus")
            }
            PromError::Truncated {
                http_status,
                received_bytes,
            } => write!(
                f,
                "the response was truncated after {received_bytes} bytes (HTTP {http_status}): \
                 the connection closed early or a proxy cut the body; retry or narrow the query"
            ),
            PromError::MalformedJson {
                http_status,
                line,
                column,
                detail,
            } => write!(
                f,
                "the response (HTTP {http_status}) is not valid JSON at line {line}, \
                 column {column}: {detail}"
            ),
            PromError::WrongType { path, detail } => write!(
                f,
                "unexpected response shape at `{path}`: {detail}; \
                 is the datasource a Prometheus-compatible API?"
            ),
            PromError::EmptyBody { http_status } => write!(
                f,
                "HTTP {} with an empty body; the datasource or a proxy in front of it failed",
                status_text(*http_status)
            ),
            PromError::MissingData => {
                f.write_str("Prometheus answered `success` without the `data` field")
            }
            PromError::UnknownStatus { status } => write!(
                f,
                "the response status is \"{status}\", expected \"success\" or \"error\"; \
                 is the datasource a Prometheus-compatible API?"
            ),
        }
    }
}

impl std::error::Error for PromError {}

/// `502 Bad Gateway`: the code plus its reason phrase when it is a common one.
fn status_text(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return status.to_string(),
    };
    format!("{status} {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_what_to_fix() {
        let e = PromError::NotJson {
            http_status: 502,
            content_type: Some("text/html".into()),
            first_line: "502 Bad Gateway".into(),
        };
        assert_eq!(
            e.to_string(),
            "HTTP 502 Bad Gateway: expected Prometheus JSON but got text/html starting \
             \"502 Bad Gateway\"; check the datasource URL and any proxy in front of Prometheus"
        );
        assert!(PromError::Truncated {
            http_status: 200,
            received_bytes: 10
        }
        .to_string()
        .contains("truncated after 10 bytes"));
        assert!(PromError::EmptyBody { http_status: 599 }
            .to_string()
            .starts_with("HTTP 599 "));
        let e = PromError::Prometheus {
            http_status: 400,
            error_type: "bad_data".into(),
            error: "parse error".into(),
        };
        assert_eq!(
            e.to_string(),
            "Prometheus error (bad_data, HTTP 400): parse error"
        );
    }
}
