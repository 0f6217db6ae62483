//! "Export JSON": the dashboard as Grafana JSON (core::dashboard::export_dashboard, with the
//! current variable values, row state and time range) downloaded as a file.

use crate::core::dashboard::{export_dashboard, export_file_name, Dashboard};
use crate::ui::panels::chrome::download::download_text;

/// Starts a download of `dashboard`; the error says why the browser refused.
pub fn download_dashboard(dashboard: &Dashboard) -> Result<(), String> {
    let text =
        serde_json::to_string_pretty(&export_dashboard(dashboard)).map_err(|e| e.to_string())?;
    download_text(
        &export_file_name(&dashboard.title),
        &text,
        "application/json",
    )
}
