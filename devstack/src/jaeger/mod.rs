//! Jaeger-compatible query API (the stand-in for a real Jaeger, which cannot be installed
//! here): the v1 JSON API of Jaeger ≤ v2.20 and the v3 OTLP API of Jaeger main, both under
//! the router's root.

pub mod search;
pub mod v1;
pub mod v3;

use crate::store::TelemetryStore;
use axum::routing::get;
use axum::Router;
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
