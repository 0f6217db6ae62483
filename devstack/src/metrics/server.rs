//! The scrape endpoint: `GET /metrics/<job>/<host>` answers one target's exposition, or 503
//! while an incident holds that target down, so Prometheus' `up` says what production's would.

use super::target::TargetSet;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;

/// OpenMetrics, as prometheus-client writes it.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

pub fn router(targets: Arc<TargetSet>) -> Router {
    Router::new()
        .route("/metrics/{*name}", get(scrape))
        .route("/targets", get(list_targets))
        .route("/-/healthy", get(|| async { "meshsim is healthy\n" }))
        .with_state(targets)
}

async fn scrape(State(targets): State<Arc<TargetSet>>, Path(name): Path<String>) -> Response {
    let Some(target) = targets.by_name(name.trim_end_matches('/')) else {
        return (StatusCode::NOT_FOUND, format!("no target {name}\n")).into_response();
    };
    if !target.is_up() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "node is down (simulated incident)\n",
        )
            .into_response();
    }
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], target.encode()).into_response()
}

/// Every target with its labels and state, for people and scripts.
async fn list_targets(State(targets): State<Arc<TargetSet>>) -> Json<serde_json::Value> {
    let list: Vec<serde_json::Value> = targets
        .iter()
        .map(|t| {
            let labels: serde_json::Map<String, serde_json::Value> = t
                .target_labels()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.into()))
                .collect();
            serde_json::json!({
                "path": format!("/metrics/{}", t.name),
                "scrape_job": t.scrape_job,
                "labels": labels,
                "up": t.is_up(),
            })
        })
        .collect();
    Json(serde_json::Value::Array(list))
}
