//! The PromQL editor: a textarea whose cursor position decides what is completed (core's
//! `promql_complete`), the suggestion list (Tab or a click takes one, Escape closes it), and
//! Shift+Enter to run.

use super::completion::use_completion_source;
use crate::core::panel::utf16_to_byte;
use crate::core::promql_complete::{apply_completion, completion_context, CompletionContext};
use leptos::html::Textarea;
use leptos::prelude::*;

#[component]
pub fn PromQlEditor(
    draft: RwSignal<String>,
    /// What the cursor is in (the suggestion list is open unless `None`).
    context: RwSignal<CompletionContext>,
    run: Callback<()>,
) -> impl IntoView {
    let textarea = NodeRef::<Textarea>::new();
    let source = use_completion_source();
    let cursor = RwSignal::new(0usize);
    let suggestions = Memo::new(move |_| source.suggestions(&context.get()));
    let refresh_context = move || {
        let Some(el) = textarea.get_untracked() else {
            return;
        };
        let text = el.value();
        let pos = el.selection_start().ok().flatten().unwrap_or(0) as usize;
        let byte = utf16_to_byte(&text, pos);
        cursor.set(byte);
        let ctx = completion_context(&text, byte);
        source.ensure(&ctx);
        context.set(ctx);
    };
    let pick = move |choice: String| {
        let ctx = context.get_untracked();
        let (text, at) = apply_completion(
            &draft.get_untracked(),
            cursor.get_untracked(),
            ctx.prefix_len(),
            &choice,
        );
        draft.set(text.clone());
        context.set(CompletionContext::None);
        if let Some(el) = textarea.get_untracked() {
            el.set_value(&text);
            let at16 = text[..at].encode_utf16().count() as u32;
            let _ = el.focus();
            let _ = el.set_selection_range(at16, at16);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" && ev.shift_key() {
            ev.prevent_default();
            run.run(());
        } else if ev.key() == "Escape" {
            context.set(CompletionContext::None);
        } else if ev.key() == "Tab" {
            if let Some(first) = suggestions.get_untracked().first().cloned() {
                ev.prevent_default();
                pick(first);
            }
        }
    };
    let on_input = move |ev| {
        draft.set(event_target_value(&ev));
        refresh_context();
    };
    view! {
        <textarea class="promql-editor" data-testid="promql-editor" rows="3" spellcheck="false" node_ref=textarea
            placeholder="PromQL, e.g. rate(http_requests_total[5m])"
            prop:value=move || draft.get() on:input=on_input on:keydown=on_key
            on:click=move |_| refresh_context() on:blur=move |_| {
                // Let a click on a suggestion land before the list closes.
                set_timeout(move || context.set(CompletionContext::None), std::time::Duration::from_millis(200));
            }></textarea>
        <Show when=move || !suggestions.get().is_empty()>
            <ul class="completion-list" data-testid="completion-list">
                {move || suggestions.get().into_iter().map(|s| {
                    let choice = s.clone();
                    view! { <li data-testid="completion-item" on:mousedown=move |ev: web_sys::MouseEvent| { ev.prevent_default(); pick(choice.clone()); }>{s}</li> }
                }).collect_view()}
            </ul>
        </Show>
    }
}
