//! Jaeger-compatible query API (the stand-in for a real Jaeger, which cannot be installed
//! here): the v1 JSON API of Jaeger ≤ v2.20 and the v3 OTLP API of Jaeger main, both under
//! the router's root.

pub mod search;
pub mod v1;
pub mod v3;

use crate::store::TelemetryStore;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use std::sync::Arc;

/// Shared state of the Jaeger routes.
pub struct JaegerState {
    store: Arc<TelemetryStore>,
}

/// Both API generations over the span store.
pub fn router(store: Arc<TelemetryStore>) -> Router {
    let state = Arc::new(JaegerState { store });
    Router::new()
        .route("/api/services", get(v1::services))
        .route(
            "/api/services/{service}/operations",
            get(v1::service_operations),
        )
        .route("/api/operations", get(v1::operations))
        .route("/api/traces", get(v1::find_traces))
        .route("/api/traces/{trace_id}", get(v1::get_trace))
        .route("/api/dependencies", get(v1::dependencies))
        .route("/api/v3/services", get(v3::services))
        .route("/api/v3/operations", get(v3::operations))
        .route("/api/v3/traces", get(v3::find_traces))
        .route("/api/v3/traces/{trace_id}", get(v3::get_trace))
        .with_state(state)
}

/// The wall clock in microseconds (host-only program; defaults of search windows).
#[allow(clippy::disallowed_methods)]
fn now_us() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0)
}

/// A compact JSON body, as Go's `json.Marshal` writes it.
fn json_response<T: Serialize>(
    status: StatusCode,
    body: &T,
    content_type: &'static str,
) -> Response {
    let text = serde_json::to_string(body).unwrap_or_default();
    let mut r = (status, text).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// Jaeger sends its JSON errors with Go's `http.Error`: text/plain, nosniff, trailing newline.
fn text_error(status: StatusCode, body: &str) -> Response {
    let mut r = (status, format!("{body}\n")).into_response();
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
