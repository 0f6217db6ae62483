//! The recent queries of the metrics Explore page, kept in localStorage, and their list.

use leptos::prelude::*;

const HISTORY_KEY: &str = "meshboard.explore.metrics.history";

/// localStorage may be blocked (privacy modes, sandboxed iframes): every access is guarded.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

pub fn load_history() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(HISTORY_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str::<Vec<String>>(&t).ok())
        .unwrap_or_default()
}

pub fn save_history(list: &[String]) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(list)) {
        let _ = s.set_item(HISTORY_KEY, &text);
    }
}

/// "Recent queries": a click puts one back into the editor.
#[component]
pub fn QueryHistory(history: RwSignal<Vec<String>>, draft: RwSignal<String>) -> impl IntoView {
    view! {
        <Show when=move || !history.get().is_empty()>
            <details class="explore-history" data-testid="query-history">
                <summary>"Recent queries"</summary>
                <ul>
                    {move || history.get().into_iter().map(|q| {
                        let chosen = q.clone();
                        view! { <li><button class="link" on:click=move |_| draft.set(chosen.clone())>{q}</button></li> }
                    }).collect_view()}
                </ul>
            </details>
        </Show>
    }
}
