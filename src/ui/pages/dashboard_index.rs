//! The built-in dashboard list (`dashboards/index.json`), loaded once per component tree that
//! asks for it and shared below it: the top bar's picker and the home page.

use crate::api;
use crate::core::dashboard_index::DashboardEntry;
use crate::core::load::LoadState;
use crate::ui::query::{use_message_query, Query};
use crate::ui::view_state::{carried_query, use_view_state};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// The list, or why it could not be read (the message names the file).
#[derive(Clone, Copy)]
pub struct DashboardIndex(Query<Vec<DashboardEntry>, String>);

impl DashboardIndex {
    /// Loading, the list, or the error (tracked).
    pub fn state(self) -> LoadState<Vec<DashboardEntry>, String> {
        self.0.state()
    }

    /// The entries once loaded; none while loading or after an error (tracked).
    pub fn entries(self) -> Vec<DashboardEntry> {
        self.0
            .with_state(|s| s.ready().cloned().unwrap_or_default())
    }
}

/// The shared index, fetched on first use.
pub fn use_dashboard_index() -> DashboardIndex {
    if let Some(index) = use_context::<DashboardIndex>() {
        return index;
    }
    // An app file without an abort signal: an answer after the page is gone is dropped.
    let index = DashboardIndex(use_message_query(
        || Some(()),
        |(), _signal| api::dashboards::load_index(),
    ));
    provide_context(index);
    index
}

#[component]
pub fn DashboardPicker() -> impl IntoView {
    let index = use_dashboard_index();
    let view = use_view_state();
    let navigate = use_navigate();
    view! {
        <select class="select dashboard-picker" data-testid="dashboard-picker" title="Open a dashboard"
            on:change=move |ev| {
                let uid = event_target_value(&ev);
                if !uid.is_empty() {
                    navigate(&format!("/d/{uid}{}", carried_query(&view.get_untracked())), NavigateOptions::default());
                }
            }>
            <option value="">"Dashboards…"</option>
            {move || index.entries().into_iter().map(|e| view! { <option value=e.uid.clone()>{e.title.clone()}</option> }).collect_view()}
        </select>
    }
}
