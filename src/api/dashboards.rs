//! Fetching built-in dashboard files from `dashboards/` next to `index.html`.

use super::config::base_uri;
use super::http::{abort_handle, send, RequestSpec};
use crate::core::config::resolve_url;
use crate::core::dashboard_index::{parse_index, DashboardEntry};
use std::collections::BTreeMap;

/// Fetches a file under `dashboards/` as text; errors name the file.
pub async fn fetch_text(file: &str) -> Result<String, String> {
    let url = resolve_url(&base_uri(), &format!("dashboards/{file}"));
    let (_keep, signal) = abort_handle().map_err(|e| e.to_string())?;
    let headers = BTreeMap::new();
    let response = send(
        RequestSpec {
            url: &url,
            headers: &headers,
            timeout_ms: 10_000,
            form_body: None,
        },
        &signal,
    )
    .await
    .map_err(|e| e.to_string())?;
    if response.status != 200 {
        return Err(format!("dashboards/{file}: HTTP {}", response.status));
    }
    Ok(response.body)
}

/// The built-in dashboard list.
pub async fn load_index() -> Result<Vec<DashboardEntry>, String> {
    parse_index(&fetch_text("index.json").await?)
}
