//! Export of the dashboard being edited, in Grafana's format (core's `export_json`: the plain
//! dashboard object, refused links left out), downloaded as a file or copied to the
//! clipboard; for a built-in dashboard the file is what `dist/dashboards/` serves. Each says
//! what happened.

use super::super::edit::EditContext;
use super::super::export::copy_to_clipboard;
use crate::core::authoring::export_json;
use crate::core::dashboard::export_file_name;
use crate::ui::panels::chrome::download::download_text;
use leptos::prelude::*;

#[component]
pub fn ExportButtons(ctx: EditContext) -> impl IntoView {
    let status = RwSignal::new(None::<(String, bool)>);
    let exported = move || {
        untrack(|| {
            ctx.read(|s| {
                let d = s.dashboard();
                (export_file_name(&d.title), export_json(d))
            })
        })
    };
    let removed_note = |n: usize| {
        if n == 0 {
            String::new()
        } else {
            format!(" ({n} refused links left out)")
        }
    };
    let download = move |_| {
        let (name, json) = exported();
        status.set(Some(
            match download_text(&name, &json.text, "application/json") {
                Ok(()) => (
                    format!(
                        "Downloaded {name}{}",
                        removed_note(json.removed_links.len())
                    ),
                    false,
                ),
                Err(e) => (format!("Not downloaded: {e}"), true),
            },
        ));
    };
    let copy = move |_| {
        let (_, json) = exported();
        leptos::task::spawn_local(async move {
            let said = match copy_to_clipboard(&json.text).await {
                Ok(()) => (
                    format!(
                        "Copied the JSON to the clipboard{}",
                        removed_note(json.removed_links.len())
                    ),
                    false,
                ),
                Err(e) => (format!("Not copied: {e}"), true),
            };
            let _ = status.try_set(Some(said));
        });
    };
    view! {
        <div class="settings-export">
            <button class="btn" data-testid="settings-export-download" on:click=download>"Download JSON"</button>
            <button class="btn" data-testid="settings-export-copy" on:click=copy>"Copy JSON to clipboard"</button>
            {move || status.get().map(|(text, failed)| view! {
                <p class="settings-status" class:inline-error=failed role="status" data-testid="settings-export-status">{text}</p>
            })}
        </div>
    }
}
