//! Health checks of the configured datasources, for the settings page.

use super::config::base_uri;
use super::http::{send, RequestSpec};
use crate::core::config::{resolve_url, Datasource};
use crate::core::health::{interpret, BackendKind};
use web_sys::AbortSignal;

/// Calls the backend's health endpoint and returns one ok/error line; `signal` cancels it.
pub async fn check(
    kind: BackendKind,
    source: &Datasource,
    signal: &AbortSignal,
) -> Result<String, String> {
    let url = format!(
        "{}{}",
        resolve_url(&base_uri(), &source.url),
        kind.health_path()
    );
    let spec = RequestSpec {
        url: &url,
        headers: &source.headers,
        timeout_ms: source.timeout_ms,
        form_body: None,
    };
    let response = send(spec, signal).await.map_err(|e| e.to_string())?;
    interpret(kind, response.status, &response.body, js_sys::Date::now())
        .map_err(|problem| format!("{url}: {problem}"))
}
