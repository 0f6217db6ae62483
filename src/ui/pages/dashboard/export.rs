//! "Export JSON": the dashboard as Grafana JSON (core's `export_json`: `export_dashboard` with
//! the current variable values, row state and time range, refused links left out) downloaded
//! as a file.

use crate::core::authoring::export_json;
use crate::core::dashboard::{export_file_name, Dashboard};
use crate::ui::panels::chrome::download::download_text;

/// Starts a download of `dashboard`; the error says why the browser refused.
pub fn download_dashboard(dashboard: &Dashboard) -> Result<(), String> {
    let exported = export_json(dashboard);
    download_text(
        &export_file_name(&dashboard.title),
        &exported.text,
        "application/json",
    )
}
