//! Loki-compatible HTTP API (the stand-in for a real Loki, which cannot be installed here):
//! routes under `/loki/api/v1/...`, tenant scoping via `X-Scope-OrgID`, and the LogQL subset.

pub mod duration;
mod handlers;
pub mod logql;
pub mod params;
mod response;
mod stats;
mod tail;

use crate::store::TelemetryStore;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// Loki's tenant when multi-tenancy is off (`auth_enabled: false`): requests without
/// `X-Scope-OrgID` land here, and the simulator's logs belong to it.
pub const DEFAULT_TENANT: &str = "fake";

/// Shared state of the Loki routes.
pub struct LokiState {
    store: Arc<TelemetryStore>,
    /// Tenants that own the stored logs; any other tenant sees an empty Loki.
    tenants: Vec<String>,
}

impl LokiState {
    /// Whether the request's tenant (or any tenant of a `a|b` federated query) owns the data.
    fn tenant_has_data(&self, headers: &HeaderMap) -> bool {
        match headers
            .get("x-scope-orgid")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
        {
            None | Some("") => self.tenants.iter().any(|t| t == DEFAULT_TENANT),
            Some(org) => org
                .split('|')
                .any(|t| self.tenants.iter().any(|own| own == t.trim())),
        }
    }
}

/// The Loki API over `store`; the logs belong to the default tenant `fake`.
pub fn router(store: Arc<TelemetryStore>) -> Router {
    router_for_tenants(store, &[DEFAULT_TENANT])
}

/// The Loki API over `store`, the logs visible to the given tenants only.
pub fn router_for_tenants(store: Arc<TelemetryStore>, tenants: &[&str]) -> Router {
    let state = Arc::new(LokiState {
        store,
        tenants: tenants.iter().map(|t| t.to_string()).collect(),
    });
    Router::new()
        .route(
            "/loki/api/v1/query_range",
            get(handlers::query_range).post(handlers::query_range),
        )
        .route(
            "/loki/api/v1/query",
            get(handlers::query).post(handlers::query),
        )
        .route(
            "/loki/api/v1/labels",
            get(handlers::labels).post(handlers::labels),
        )
        .route(
            "/loki/api/v1/label",
            get(handlers::labels).post(handlers::labels),
        )
        .route(
            "/loki/api/v1/label/{name}/values",
            get(handlers::label_values).post(handlers::label_values),
        )
        .route(
            "/loki/api/v1/series",
            get(handlers::series).post(handlers::series),
        )
        .route(
            "/loki/api/v1/index/volume",
            get(handlers::volume).post(handlers::volume),
        )
        .route(
            "/loki/api/v1/index/volume_range",
            get(handlers::volume_range).post(handlers::volume_range),
        )
        .route("/loki/api/v1/tail", get(tail::tail))
        .route("/loki/api/v1/status/buildinfo", get(handlers::buildinfo))
        .route("/ready", get(handlers::ready))
        .with_state(state)
}
