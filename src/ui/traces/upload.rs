//! Opening a Jaeger JSON (or OTLP JSON) file from disk: read in the browser, parsed by core,
//! no backend involved.

use leptos::prelude::*;

use crate::core::jaeger::parse_uploaded_json;
use crate::core::trace::Trace;
use crate::ui::file_pick::{picked_file, read_text};

#[component]
pub fn UploadButton(on_loaded: Callback<Vec<Trace>>, on_error: Callback<String>) -> impl IntoView {
    let on_change = move |ev: web_sys::Event| {
        let Some((name, text)) = picked_file(&ev) else {
            return;
        };
        // Reading a file the user picked, not a network load: there is nothing to abort or
        // refresh, so this awaits the read directly instead of going through `use_query`.
        leptos::task::spawn_local(async move {
            let text = match read_text(&name, text).await {
                Ok(text) => text,
                Err(message) => {
                    on_error.run(format!("{message}."));
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
