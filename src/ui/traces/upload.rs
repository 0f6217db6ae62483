//! Opening a Jaeger JSON (or OTLP JSON) file from disk: read in the browser, parsed by core,
//! no backend involved.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::jaeger::parse_uploaded_json;
use crate::core::trace::Trace;

#[component]
pub fn UploadButton(on_loaded: Callback<Vec<Trace>>, on_error: Callback<String>) -> impl IntoView {
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let name = file.name();
        let promise = file.text();
        // Reset so that choosing the same file again still fires `change`.
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(value) => value.as_string().unwrap_or_default(),
                Err(_) => {
                    on_error.run(format!("{name} could not be read."));
                    return;
                }
            };
            match parse_uploaded_json(&text) {
                Ok(traces) if traces.is_empty() => on_error.run(format!("{name} holds no traces.")),
                Ok(traces) => on_loaded.run(traces),
                Err(e) => on_error.run(format!("{name}: {e}")),
            }
        });
    };
    view! {
        <label class="btn upload-button" title="Open a Jaeger JSON or OTLP JSON trace file">
            "Open file…"
            <input type="file" class="visually-hidden" data-testid="trace-upload" accept=".json,application/json" on:change=on_change />
        </label>
    }
}
