//! Edit mode's places in the page, in the main module (issue 17): the "Edit" button, and for
//! each control of edit mode (toolbar, notices, draft banner, conflict dialog, panel menu
//! entries, grid handles, row controls) a place that draws it from edit mode's chunk
//! (`EditCode`) once that has arrived. The chunk is loaded when the user presses Edit, a draft
//! is offered, a local copy or a notice is to be shown, or the URL opens the panel editor or
//! the settings; the idle prefetch fetches it before that. If it cannot be loaded, edit mode
//! is left and the header says so (the next press of Edit tries again).

use super::super::settings::SettingsHost;
use super::{use_edit_context, EditContext};
use crate::ui::lazy::{chunk_failure_text, EDIT_MODE};
use crate::ui::view_state::use_view_state;
use leptos::prelude::*;

/// Loads edit mode's code into `ctx.code` whenever it is wanted and not there yet;
/// `restore_explore`: a panel just added from Explore is restored once the code is there.
/// Only pressing Edit retries a failed load (the other reasons try once: no fetch loop).
pub fn use_edit_code(ctx: EditContext, restore_explore: bool) {
    let view = use_view_state();
    let loading = StoredValue::new(false);
    let failed = StoredValue::new(false);
    let restore = StoredValue::new(restore_explore);
    if let Some(code) = ctx.code.get_untracked() {
        arrived(ctx, code, restore);
    }
    Effect::new(move |_| {
        let editing = ctx.editing.get();
        let other_reason = ctx.draft_offer.with(Option::is_some)
            | ctx.local_copy.get()
            | ctx.notice.with(Option::is_some)
            | view.with(|v| v.passthrough_value("editPanel").is_some());
        // Not editing: load for another reason, unless that already failed once.
        let unwanted = !editing && (!other_reason || failed.get_value());
        if unwanted || loading.get_value() || ctx.code.with_untracked(Option::is_some) {
            return;
        }
        loading.set_value(true);
        ctx.code_failed.set(None);
        leptos::task::spawn_local(async move {
            let outcome = (EDIT_MODE.load)().await;
            // The page may have been left meanwhile; then there is nothing to show.
            if loading.try_set_value(false).is_some() {
                return;
            }
            match outcome {
                Ok(code) => {
                    ctx.code.set(Some(code));
                    arrived(ctx, code, restore);
                }
                Err(error) => {
                    failed.set_value(true);
                    let text = chunk_failure_text(EDIT_MODE.what, &error.to_string());
                    ctx.code_failed.set(Some(text));
                    if ctx.editing.get_untracked() {
                        ctx.editing.set(false);
                    }
                }
            }
        });
    });
}

/// What waited for the code: the draft of a panel just added from Explore.
fn arrived(ctx: EditContext, code: super::EditCode, restore: StoredValue<bool>) {
    if restore.get_value() {
        restore.set_value(false);
        (code.restore_offered)(ctx);
        ctx.say(
            "Added the panel from Explore: an unsaved change until you save the dashboard".into(),
            false,
        );
    }
}

/// The header's edit controls: the chunk's toolbar while editing, then "Edit" / "Exit edit".
#[component]
pub fn EditToolbar(ctx: EditContext) -> impl IntoView {
    let editing = ctx.editing;
    let arriving = move || {
        editing.get() && ctx.code.with(Option::is_none) && ctx.code_failed.with(Option::is_none)
    };
    view! {
        <div class="edit-toolbar" data-testid="edit-toolbar" role="toolbar" aria-label="Dashboard editing">
            {move || ctx.code.get().map(|code| (code.controls)(ctx))}
            <Show when=arriving>
                <span class="edit-version muted" data-testid="edit-loading" role="status">"Loading edit mode…"</span>
            </Show>
            <button class="btn" data-testid="dashboard-edit" aria-pressed=move || editing.get().to_string()
                on:click=move |_| editing.update(|e| *e = !*e)>
                {move || if editing.get() { "Exit edit" } else { "Edit" }}
            </button>
        </div>
    }
}

/// Save notices and the local-copy notice (chunk), why edit mode could not be loaded, and the
/// place the settings open (`editview=`: it enters edit mode, which loads the chunk).
#[component]
pub fn EditNotices(ctx: EditContext) -> impl IntoView {
    view! {
        {move || ctx.code_failed.get().map(|text| view! {
            <p class="edit-notice inline-error" data-testid="edit-chunk-error" role="alert">{text}</p>
        })}
        {move || ctx.code.get().map(|code| (code.notices)(ctx))}
        <SettingsHost ctx />
    }
}

#[component]
pub fn DraftBanner(ctx: EditContext) -> impl IntoView {
    move || ctx.code.get().map(|code| (code.draft_banner)(ctx))
}

#[component]
pub fn ConflictDialog(ctx: EditContext) -> impl IntoView {
    move || ctx.code.get().map(|code| (code.conflict)(ctx))
}

/// The panel menu's duplicate and remove entries while editing.
#[component]
pub fn PanelEditEntries(id: i64, open: RwSignal<bool>) -> impl IntoView {
    let ctx = use_edit_context();
    move || {
        ctx.and_then(|c| c.code.get())
            .map(|code| (code.panel_entries)(id, open))
    }
}

/// A panel's move and resize handles while editing.
#[component]
pub fn GridHandles(id: i64, title: String) -> impl IntoView {
    let ctx = use_edit_context();
    move || {
        ctx.and_then(|c| c.code.get())
            .map(|code| (code.handles)(id, title.clone()))
    }
}

/// A row's rename and move controls while editing.
#[component]
pub fn RowEditControls(id: i64, title: String) -> impl IntoView {
    let ctx = use_edit_context();
    move || {
        ctx.and_then(|c| c.code.get())
            .map(|code| (code.row_controls)(id, title.clone()))
    }
}
