//! Stream-selector completion: what the cursor is typing (core's `completion_at`), the label
//! data that needs, and the list of suggestions; choosing one edits the text at the cursor.

use leptos::html::Textarea;
use leptos::prelude::*;

use super::lookups::LabelLookups;
use crate::core::logs_view::complete::{
    apply_completion, byte_to_utf16, completion_at, utf16_to_byte, Completion,
};
use crate::core::logs_view::label_browser::suggestions;

/// What is being completed, and the byte offset of the cursor it was found at.
pub(super) type Completing = Option<(Completion, usize)>;

/// Finds what the cursor completes now and asks for the label data it needs.
pub(super) fn refresh_completion(
    textarea: NodeRef<Textarea>,
    draft: RwSignal<String>,
    completing: RwSignal<Completing>,
    lookups: LabelLookups,
) {
    let Some(el) = textarea.get_untracked() else {
        return;
    };
    let text = draft.get_untracked();
    let cursor = el
        .selection_start()
        .ok()
        .flatten()
        .map_or(text.len(), |c| utf16_to_byte(&text, c as usize));
    let found = completion_at(&text, cursor);
    match &found {
        Some(Completion::LabelName { .. }) => lookups.ensure_names(),
        Some(Completion::LabelValue { name, .. }) => lookups.ensure_values(name),
        None => {}
    }
    completing.set(found.map(|c| (c, cursor)));
}

#[component]
pub(super) fn Suggestions(
    textarea: NodeRef<Textarea>,
    draft: RwSignal<String>,
    completing: RwSignal<Completing>,
    lookups: LabelLookups,
) -> impl IntoView {
    let shown = Memo::new(move |_| {
        let Some((c, _)) = completing.get() else {
            return Vec::new();
        };
        let names = lookups.names();
        lookups
            .values
            .with(|values| suggestions(&c, &names, values))
    });
    let accept = move |chosen: String| {
        let Some((c, cursor)) = completing.get_untracked() else {
            return;
        };
        let (text, at) = apply_completion(&draft.get_untracked(), cursor, &c, &chosen);
        draft.set(text.clone());
        completing.set(None);
        if let Some(el) = textarea.get_untracked() {
            el.set_value(&text);
            let pos = byte_to_utf16(&text, at);
            let _ = el.set_selection_range(pos, pos);
            let _ = el.focus();
        }
    };
    view! {
        <Show when=move || !shown.with(Vec::is_empty)>
            <ul class="logql-suggestions" data-testid="logql-suggestions">
                {move || shown.get().into_iter().map(|s| {
                    let chosen = s.clone();
                    // mousedown, not click: the textarea keeps its focus and cursor.
                    view! { <li><button class="suggestion" data-testid="logql-suggestion" on:mousedown=move |ev| {
                        ev.prevent_default();
                        accept(chosen.clone());
                    }>{s}</button></li> }
                }).collect_view()}
            </ul>
        </Show>
    }
}
