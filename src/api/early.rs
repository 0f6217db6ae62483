//! Answers the page's loader (`public/preload.js`) asked for at page start, while the wasm
//! was still downloading: `config.json`, `dashboards/index.json` and the opened dashboard's
//! file. `config.json` and the list serve every caller of this page (the app, the top bar's
//! picker, the dashboard page and the logs view each read them at start-up; like the wasm,
//! they are the deployment this page was loaded from). A dashboard's file is taken once:
//! opening it again asks the server, so an edited file shows. A missing or failed answer is
//! `None`, and the caller makes its own request.

use super::http::HttpResponse;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where the loader keeps its answers: `{ "<path>": Promise<{status, contentType, body}> }`.
const EARLY: &str = "__meshboardEarly";

/// Answers kept for every caller; any other is taken by the first.
const SHARED: [&str; 2] = ["config.json", "dashboards/index.json"];

/// The loader's answer for `relative_path`.
pub async fn take(relative_path: &str) -> Option<HttpResponse> {
    let window: JsValue = web_sys::window()?.into();
    let table = js_sys::Reflect::get(&window, &JsValue::from_str(EARLY)).ok()?;
    if !table.is_object() {
        return None;
    }
    let key = JsValue::from_str(relative_path);
    let pending = js_sys::Reflect::get(&table, &key).ok()?;
    let promise = pending.dyn_into::<js_sys::Promise>().ok()?;
    if !SHARED.contains(&relative_path) {
        let _ = js_sys::Reflect::delete_property(table.unchecked_ref::<js_sys::Object>(), &key);
    }
    let answer = JsFuture::from(promise).await.ok()?;
    let field = |name: &str| js_sys::Reflect::get(&answer, &JsValue::from_str(name)).ok();
    let status = field("status")?.as_f64()?;
    Some(HttpResponse {
        status: status as u16,
        content_type: field("contentType").and_then(|v| v.as_string()),
        body: field("body")?.as_string()?,
    })
}
