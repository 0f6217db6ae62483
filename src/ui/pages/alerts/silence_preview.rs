//! The current alerts a silence draft would silence, updated as its matchers are typed.

use crate::core::alertmanager::{preview, GettableAlert, SilenceDraft};
use crate::core::panel_calc::labels_text;
use crate::ui::query::Query;
use leptos::prelude::*;

#[component]
pub fn SilencePreview(
    draft: Signal<SilenceDraft>,
    alerts: Query<Vec<GettableAlert>>,
) -> impl IntoView {
    let matched = Memo::new(move |_| {
        let alerts = alerts.latest()?;
        Some(draft.with(|d| preview(d, &alerts)))
    });
    view! {
        <section class="am-preview" data-testid="silence-preview" aria-live="polite"
            data-count=move || matched.get().and_then(Result::ok).map_or(0, |m| m.len()).to_string()>
            {move || match matched.get() {
                None => view! { <p class="muted">"Loading the current alerts…"</p> }.into_any(),
                Some(Err(why)) => view! { <p class="muted" data-testid="silence-preview-note">{format!("No preview: {why}")}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <h3>{format!("Silences {} current alert(s)", list.len())}</h3>
                    <ul>{list.into_iter().map(|a| view! {
                        <li data-testid="silence-preview-alert" data-fingerprint=a.fingerprint.clone()>
                            <span class=format!("am-state am-state-{}", a.status.state.as_str())>{a.status.state.as_str()}</span>" "
                            {labels_text(&a.labels)}
                        </li>
                    }).collect_view()}</ul>
                }.into_any(),
            }}
        </section>
    }
}
