//! The built-in dashboard list, loaded once and shared: the top bar's picker and the home page.

use crate::api;
use crate::core::dashboard_index::DashboardEntry;
use crate::ui::view_state::{carried_query, use_view_state};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// `None` while loading; the error text names the file.
#[derive(Clone, Copy)]
pub struct DashboardIndex(pub RwSignal<Option<Result<Vec<DashboardEntry>, String>>>);

/// The shared index, fetched on first use.
pub fn use_dashboard_index() -> DashboardIndex {
    if let Some(index) = use_context::<DashboardIndex>() {
        return index;
    }
    let index = DashboardIndex(RwSignal::new(None));
    provide_context(index);
    spawn_local(async move { index.0.set(Some(api::dashboards::load_index().await)) });
    index
}

#[component]
pub fn DashboardPicker() -> impl IntoView {
    let index = use_dashboard_index();
    let view = use_view_state();
    let navigate = use_navigate();
    let entries = move || index.0.get().and_then(Result::ok).unwrap_or_default();
    view! {
        <select class="select dashboard-picker" data-testid="dashboard-picker" title="Open a dashboard"
            on:change=move |ev| {
                let uid = event_target_value(&ev);
                if !uid.is_empty() {
                    navigate(&format!("/d/{uid}{}", carried_query(&view.get_untracked())), NavigateOptions::default());
                }
            }>
            <option value="">"Dashboards…"</option>
            {move || entries().into_iter().map(|e| view! { <option value=e.uid.clone()>{e.title.clone()}</option> }).collect_view()}
        </select>
    }
}
