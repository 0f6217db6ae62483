//! Downloads made in the browser: text (CSV, dashboard JSON) through a Blob object URL, or
//! any URL (a canvas' PNG data URL), by clicking a temporary `<a download>`.

use wasm_bindgen::JsCast;

/// Saves `text` as `filename`; the error says why the browser refused.
pub fn download_text(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("the download could not start ({what})");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let clicked = click_download(filename, &url);
    // The click has started the download synchronously; the URL is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    clicked
}

/// Clicks a temporary `<a download>` for `href`, inside the document (Firefox ignores clicks
/// on links outside it).
pub fn click_download(filename: &str, href: &str) -> Result<(), String> {
    let fail = |what: &str| format!("the download could not start ({what})");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let anchor = document.create_element("a").map_err(|_| fail("link"))?;
    let _ = anchor.set_attribute("href", href);
    let _ = anchor.set_attribute("download", filename);
    let anchor: web_sys::HtmlElement = anchor.dyn_into().map_err(|_| fail("link"))?;
    let body = document.body();
    if let Some(body) = &body {
        let _ = body.append_child(&anchor);
    }
    anchor.click();
    if let Some(body) = &body {
        let _ = body.remove_child(&anchor);
    }
    Ok(())
}
