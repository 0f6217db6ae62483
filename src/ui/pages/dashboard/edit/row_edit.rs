//! A row's controls in edit mode: rename it inline (a labelled text field: Enter or leaving it
//! keeps the title, Escape keeps the old one) and move it up or down with its panels. Each is
//! one undoable edit; focus comes back to the button that started it.

use super::use_edit_context;
use crate::core::authoring::{Direction, Edit};
use leptos::html::{Button, Input};
use leptos::prelude::*;

#[component]
pub fn RowEditControls(id: i64, title: String) -> impl IntoView {
    let ctx = use_edit_context();
    let editing = move || ctx.is_some_and(|c| c.editing.get());
    let renaming = RwSignal::new(false);
    let draft = RwSignal::new(title.clone());
    let field = NodeRef::<Input>::new();
    let rename_button = NodeRef::<Button>::new();
    let current = StoredValue::new(title);
    let apply = move |edit: Edit| {
        if let Some(ctx) = ctx {
            ctx.apply(edit);
        }
    };
    let start = move |_| {
        draft.set(current.get_value());
        renaming.set(true);
    };
    // Focus the field once it is drawn.
    Effect::new(move |_| {
        if let Some(input) = field.get() {
            let _ = input.focus();
            input.select();
        }
    });
    let done = move |keep: bool| {
        if !renaming.get_untracked() {
            return;
        }
        renaming.set(false);
        let text = draft.get_untracked();
        if keep && text != current.get_value() {
            current.set_value(text.clone());
            apply(Edit::RenameRow { id, title: text });
        }
        if let Some(button) = rename_button.get_untracked() {
            let _ = button.focus();
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            done(true);
        }
        "Escape" => {
            ev.prevent_default();
            done(false);
        }
        _ => {}
    };
    view! {
        <Show when=editing>
            <div class="row-edit" data-testid="row-edit">
                <Show when=move || renaming.get()>
                    <input class="row-edit-title" data-testid="row-title-input" node_ref=field aria-label="Row title"
                        prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))
                        on:keydown=on_key on:blur=move |_| done(true) />
                </Show>
                <button class="btn" data-testid="row-rename" node_ref=rename_button
                    aria-label=move || format!("Rename row {}", current.get_value()) on:click=start>"Rename"</button>
                <button class="btn" data-testid="row-move-up" aria-label="Move row up"
                    on:click=move |_| apply(Edit::MoveRow { id, dir: Direction::Up })>"↑"</button>
                <button class="btn" data-testid="row-move-down" aria-label="Move row down"
                    on:click=move |_| apply(Edit::MoveRow { id, dir: Direction::Down })>"↓"</button>
            </div>
        </Show>
    }
}
