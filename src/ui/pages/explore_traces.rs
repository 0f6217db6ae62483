//! `/explore/traces` (search, from `?service=&operation=&tags=&from&to`),
//! `/explore/traces/<id>` (one trace) and `/explore/traces/dependencies` (the service graph).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::ui::a11y::status::PageStatus;
use crate::ui::traces::{DependencyGraphView, TraceById, TraceSearch};

#[component]
pub fn ExploreTracesPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    // Each view says its loading, done, empty or failed in a status region (issue 19).
    move || {
        if id.get().is_empty() {
            view! { <PageStatus page="Trace search"><TraceSearch /></PageStatus> }.into_any()
        } else {
            view! { <PageStatus page="Trace"><TraceById trace_id=Signal::derive(move || id.get()) /></PageStatus> }.into_any()
        }
    }
}

#[component]
pub fn TraceDependenciesPage() -> impl IntoView {
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|v| v.as_f64())
        .map_or(600.0, |h| (h - 260.0).max(320.0));
    view! {
        <section class="page traces-page">
            <h1>"Service dependencies"</h1>
            <PageStatus page="Service dependencies"><DependencyGraphView title="Service dependencies".to_string() height=height visible=true /></PageStatus>
        </section>
    }
}
