//! The header's edit controls while editing (the "Edit" button itself is in the main module,
//! `entry`): add a panel or a row, undo and redo, and save (with the saved version shown). A
//! built-in dashboard's local copy says so and offers "Revert to shipped". The last save's
//! notice is shown below. Built in edit mode's chunk.

use super::super::settings::SettingsButtons;
use super::super::store::with_store;
use super::EditContext;
use crate::core::authoring::Edit;
use leptos::prelude::*;

/// The controls before the "Edit" button, shown while editing.
#[component]
pub fn EditingControls(ctx: EditContext) -> impl IntoView {
    let editing = ctx.editing;
    let can_undo = move || ctx.read(|s| s.can_undo());
    let can_redo = move || ctx.read(|s| s.can_redo());
    let unsaved = move || ctx.read(|s| s.has_unsaved_changes());
    let add_panel = move |_| {
        ctx.apply(Edit::AddPanel {
            panel_type: "timeseries".into(),
            at: None,
        })
    };
    let version_text = move || match ctx.version.get() {
        Some(v) => format!("Version {v}"),
        None => "Not saved in this browser".to_string(),
    };
    view! {
            <Show when=move || editing.get()>
                <button class="btn" data-testid="add-panel" on:click=add_panel>"Add panel"</button>
                <button class="btn" data-testid="add-row" on:click=move |_| ctx.apply(Edit::AddRow)>"Add row"</button>
                <button class="btn" data-testid="edit-undo" aria-label="Undo" title="Undo (Ctrl+Z)"
                    prop:disabled=move || !can_undo() on:click=move |_| ctx.undo()>"↶ Undo"</button>
                <button class="btn" data-testid="edit-redo" aria-label="Redo" title="Redo (Ctrl+Shift+Z)"
                    prop:disabled=move || !can_redo() on:click=move |_| ctx.redo()>"↷ Redo"</button>
                <span class="edit-version muted" data-testid="dashboard-version">{version_text}</span>
                <Show when=unsaved>
                    <span class="edit-unsaved" data-testid="unsaved-changes">"Unsaved changes"</span>
                </Show>
                <button class="btn primary" data-testid="dashboard-save" title="Save (Ctrl+S)"
                    on:click=move |_| ctx.save()>"Save"</button>
                <SettingsButtons />
            </Show>
    }
}

/// The notice of the last save, and a built-in dashboard's local copy with its way back.
#[component]
pub fn SaveNotices(ctx: EditContext) -> impl IntoView {
    let revert = move |_| {
        let uid = ctx.uid.get_value();
        match with_store(|s| s.remove_local(&uid)) {
            // The shipped file is loaded again from the start.
            Ok(()) => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            }
            Err(e) => ctx.say(format!("Could not revert: {e}"), true),
        }
    };
    view! {
        {move || ctx.notice.get().map(|n| view! {
            <p class="edit-notice" class:inline-error=n.failed data-testid="save-notice" role="status">{n.text}</p>
        })}
        <Show when=move || ctx.builtin && ctx.local_copy.get()>
            <p class="edit-local-copy" data-testid="local-copy-notice">
                "This built-in dashboard is shown from your local copy (saved in this browser). "
                <button class="btn" data-testid="revert-to-shipped" on:click=revert>"Revert to shipped"</button>
            </p>
        </Show>
    }
}
