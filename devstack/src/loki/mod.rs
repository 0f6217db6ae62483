//! Loki-compatible HTTP API (the stand-in for a real Loki, which cannot be installed here):
//! routes under `/loki/api/v1/...`, tenant scoping via `X-Scope-OrgID` (optionally required, as
//! with `auth_enabled: true`), what Loki's distributor adds at ingestion (`ingest`), and LogQL.

pub mod duration;
mod explore;
mod handlers;
pub mod ingest;
pub mod logql;
pub mod params;
mod response;
mod stats;
mod tail;

use crate::store::TelemetryStore;
use crate::telemetry::LogRecord;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
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

    /// Runs `f` over the stored log records the request's tenant may read: all of them, or
    /// none for a tenant that owns no data (as a real Loki answers an unknown tenant).
    fn with_tenant_logs<T>(&self, headers: &HeaderMap, f: impl FnOnce(&[LogRecord]) -> T) -> T {
        let scoped = self.tenant_has_data(headers);
        self.store
            .with_logs(|all| f(if scoped { all } else { &[] }))
    }
}

/// The Loki API over `store`; the logs belong to the default tenant `fake`.
pub fn router(store: Arc<TelemetryStore>) -> Router {
    router_for_tenants(store, &[DEFAULT_TENANT])
}

/// The Loki API over `store`, the logs visible to the given tenants only.
pub fn router_for_tenants(store: Arc<TelemetryStore>, tenants: &[&str]) -> Router {
    api(store, tenants)
}

/// A multi-tenant Loki (`auth_enabled: true`): every API request without `X-Scope-OrgID`
/// answers 401 `no org id`, the tail included (before the websocket upgrade), as dskit's
/// `middleware.AuthenticateUser` does in front of every Loki route. `/ready` and
/// `status/buildinfo` stay open, as Loki serves them outside that middleware.
pub fn router_requiring_tenant(store: Arc<TelemetryStore>, tenants: &[&str]) -> Router {
    let open = Router::new()
        .route("/loki/api/v1/status/buildinfo", get(handlers::buildinfo))
        .route("/ready", get(handlers::ready));
    api_routes(store, tenants)
        .layer(middleware::from_fn(require_org_id))
        .merge(open)
}

/// dskit's `AuthenticateUser`: `http.Error(w, "no org id", 401)` (with Go's trailing newline,
/// unlike the query errors, which Loki writes without one).
async fn require_org_id(request: Request, next: Next) -> Response {
    let has_org = request
        .headers()
        .get("x-scope-orgid")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty());
    if has_org {
        next.run(request).await
    } else {
        crate::go_http::error(StatusCode::UNAUTHORIZED, "no org id")
    }
}

fn api(store: Arc<TelemetryStore>, tenants: &[&str]) -> Router {
    api_routes(store, tenants)
        .route("/loki/api/v1/status/buildinfo", get(handlers::buildinfo))
        .route("/ready", get(handlers::ready))
}

/// The routes behind Loki's tenant middleware.
fn api_routes(store: Arc<TelemetryStore>, tenants: &[&str]) -> Router {
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
        .route(
            "/loki/api/v1/detected_fields",
            get(explore::detected_fields).post(explore::detected_fields),
        )
        .route(
            "/loki/api/v1/detected_field/{name}/values",
            get(explore::detected_field_values).post(explore::detected_field_values),
        )
        .route(
            "/loki/api/v1/detected_labels",
            get(explore::detected_labels).post(explore::detected_labels),
        )
        .route(
            "/loki/api/v1/patterns",
            get(explore::patterns).post(explore::patterns),
        )
        .route("/loki/api/v1/tail", get(tail::tail))
        .with_state(state)
}
