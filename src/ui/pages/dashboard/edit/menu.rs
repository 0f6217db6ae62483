//! The panel menu's entries while editing: duplicate and remove the panel (both undoable).

use super::use_edit_context;
use crate::core::authoring::Edit;
use leptos::prelude::*;

#[component]
pub fn PanelEditEntries(id: i64, open: RwSignal<bool>) -> impl IntoView {
    let ctx = use_edit_context();
    let editing = move || ctx.is_some_and(|c| c.editing.get());
    let run = move |edit: Edit| {
        if let Some(ctx) = ctx {
            ctx.apply(edit);
        }
        open.set(false);
    };
    view! {
        <Show when=editing>
            <button role="menuitem" data-testid="panel-menu-duplicate" on:click=move |_| run(Edit::DuplicatePanel { id })>"Duplicate"</button>
            <button role="menuitem" data-testid="panel-menu-remove" on:click=move |_| run(Edit::RemovePanel { id })>"Remove"</button>
        </Show>
    }
}
