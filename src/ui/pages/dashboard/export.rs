//! "Export JSON": the dashboard as Grafana JSON (core::dashboard::export_dashboard, with the
//! current variable values, row state and time range) downloaded through a Blob object URL.

use crate::core::dashboard::{export_dashboard, export_file_name, Dashboard};
use wasm_bindgen::JsCast;

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

fn download_text(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("the download could not start ({what})");
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let anchor = document.create_element("a").map_err(|_| fail("link"))?;
    let _ = anchor.set_attribute("href", &url);
    let _ = anchor.set_attribute("download", name);
    let anchor: web_sys::HtmlElement = anchor.dyn_into().map_err(|_| fail("link"))?;
    anchor.click();
    // The click has started the download synchronously; the URL is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
