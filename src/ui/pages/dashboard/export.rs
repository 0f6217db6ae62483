//! "Export JSON": the dashboard as Grafana JSON (core's `export_json`: `export_dashboard` with
//! the current variable values, row state and time range, refused links left out) downloaded
//! as a file, or copied to the clipboard ([`copy_to_clipboard`], the settings' export).

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

/// Writes `text` to the clipboard; the error says why the browser refused (no clipboard in
/// an insecure context, permission denied, the page not focused).
pub async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("there is no window")?;
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|v| !v.is_undefined() && !v.is_null());
    if !has_clipboard {
        return Err("this page has no clipboard access (it needs https or localhost)".into());
    }
    wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "the browser refused".into())
        })
}
