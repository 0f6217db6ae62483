//! Fetching built-in dashboard files from `dashboards/` next to `index.html`.

use super::http::fetch_app_file;
use crate::core::dashboard_index::{parse_index, DashboardEntry};

/// Fetches a file under `dashboards/` as text; errors name the file.
pub async fn fetch_text(file: &str) -> Result<String, String> {
    let response = fetch_app_file(&format!("dashboards/{file}"))
        .await
        .map_err(|e| format!("dashboards/{file}: {e}"))?;
    if response.status != 200 {
        return Err(format!("dashboards/{file}: HTTP {}", response.status));
    }
    Ok(response.body)
}

/// The built-in dashboard list.
pub async fn load_index() -> Result<Vec<DashboardEntry>, String> {
    parse_index(&fetch_text("index.json").await?)
}
