//! Editing the URL's view state from the dashboard: like `use_update_view`, but with a choice
//! of replace (defaults written on load must not add history entries) and without scrolling
//! to the top (changing a variable halfway down a dashboard must keep the place).

use crate::core::url_state::ViewState;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// Whether a navigation adds a history entry.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum History {
    Push,
    Replace,
}

/// Returns `update(history, edit)`; it does nothing when the edit changes nothing.
pub fn use_edit_view() -> impl Fn(History, &dyn Fn(&mut ViewState)) + Clone + Send + Sync + 'static
{
    let location = use_location();
    let navigate = use_navigate();
    move |history: History, edit: &dyn Fn(&mut ViewState)| {
        let Some(search) = location.search.try_get_untracked() else {
            return;
        };
        let before = ViewState::from_query(&search);
        let mut state = before.clone();
        edit(&mut state);
        if state == before {
            return;
        }
        let path = crate::ui::view_state::router_path(&location.pathname.get_untracked());
        let query = state.to_query();
        let target = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        navigate(
            &target,
            NavigateOptions {
                replace: history == History::Replace,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}

/// Whether the raw query string names `key` at all (`refresh=off` counts: it is a choice).
pub fn query_has_key(search: &str, key: &str) -> bool {
    crate::core::url_state::parse_query_pairs(search)
        .iter()
        .any(|(k, _)| k == key)
}
