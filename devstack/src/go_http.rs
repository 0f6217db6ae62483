//! The two response shapes both stand-ins copy from Go's `net/http`, since Loki and Jaeger are
//! Go servers and the app is tested against what they really send: a compact JSON body
//! (`json.Marshal`, no trailing newline) and `http.Error`'s plain-text error.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A compact JSON body, as Go's `json.Marshal` writes it, with the server's content type.
pub fn json<T: Serialize>(status: StatusCode, body: &T, content_type: &'static str) -> Response {
    let text = serde_json::to_string(body).unwrap_or_default();
    let mut r = (status, text).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// Go's `http.Error`: the message plus a newline, text/plain, and `nosniff`.
pub fn error(status: StatusCode, message: &str) -> Response {
    let mut r = (status, format!("{message}\n")).into_response();
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
