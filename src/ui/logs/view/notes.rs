//! The notes above the lines: the live tail's (its tenant caveat and its status apart), the view's own (derived-field rules, a failed
//! download or older page), and Loki's warnings for the query.

use leptos::prelude::*;

#[component]
pub(super) fn LogsNotes(
    tail_note: RwSignal<Option<String>>,
    tenant_note: RwSignal<Option<String>>,
    notice: RwSignal<Option<String>>,
    warnings: RwSignal<Vec<String>>,
) -> impl IntoView {
    view! {
        <Show when=move || tenant_note.with(Option::is_some)>
            <div class="logs-note" data-testid="tail-tenant-note">{move || tenant_note.get().unwrap_or_default()}</div>
        </Show>
        <Show when=move || tail_note.with(Option::is_some)>
            <div class="logs-note" data-testid="tail-note">{move || tail_note.get().unwrap_or_default()}</div>
        </Show>
        <Show when=move || notice.with(Option::is_some)>
            <div class="logs-note" data-testid="logs-notice">{move || notice.get().unwrap_or_default()}</div>
        </Show>
        <Show when=move || !warnings.with(Vec::is_empty)>
            <ul class="logs-warnings" data-testid="logs-warnings">
                {move || warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
        </Show>
    }
}
