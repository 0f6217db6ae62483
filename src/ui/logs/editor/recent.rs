//! This session's recent queries: remembered when run, offered in a select that loads one
//! into the editor. Never persisted: queries may name secrets.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::logs_view::complete::remember;

const MAX_RECENT: usize = 10;

thread_local! {
    /// Recent queries for this page session only.
    static RECENT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The recent queries, newest first.
pub(super) fn recent_queries() -> Vec<String> {
    RECENT.with(|r| r.borrow().clone())
}

/// Remembers `query` and returns the list with it.
pub(super) fn remember_query(query: &str) -> Vec<String> {
    RECENT.with(|r| remember(&mut r.borrow_mut(), query, MAX_RECENT));
    recent_queries()
}

#[component]
pub(super) fn RecentQueries(
    recent: RwSignal<Vec<String>>,
    draft: RwSignal<String>,
) -> impl IntoView {
    let pick = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if !value.is_empty() {
            draft.set(value);
        }
        // Back to the placeholder, so picking the same query again is a change.
        if let Some(select) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            select.set_value("");
        }
    };
    view! {
        <select class="select" data-testid="logs-recent" title="Recent queries (this session)" on:change=pick>
            <option value="">"Recent queries"</option>
            {move || recent.get().into_iter().map(|q| view! { <option value=q.clone()>{q.clone()}</option> }).collect_view()}
        </select>
    }
}
