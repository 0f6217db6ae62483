//! `/explore/traces`: the search form (service and operation from Jaeger, logfmt tags,
//! durations, limit; time from the top bar), run from the URL so searches can be shared; the
//! results as a scatter plot and a sortable list; open by id; open an uploaded file. This file
//! lays the page out and holds the uploaded traces; each part is its own component, and
//! [`run`] runs the search.

mod form;
mod names;
mod results_panel;
mod run;
mod tools;
mod uploaded;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use self::form::TraceSearchForm;
use self::results_panel::SearchResultsPanel;
use self::run::use_url_search;
use self::tools::SearchTools;
use self::uploaded::UploadedTraces;
use crate::core::trace::{Trace, TraceModel};
use crate::core::trace_explore::search_form::PARAMS;
use crate::ui::view_state::{carried_query, use_view_state};

#[component]
pub fn TraceSearch() -> impl IntoView {
    let view = use_view_state();
    let url = PARAMS.map(|key| {
        Memo::new(move |_| view.with(|v| v.passthrough_value(key).unwrap_or_default().to_string()))
    });
    let form_error = RwSignal::new(None::<String>);
    let outcome = use_url_search(url);

    let navigate = use_navigate();
    let open_trace = Callback::new(move |id: String| {
        let target = format!(
            "/explore/traces/{}{}",
            id.trim(),
            carried_query(&view.get_untracked())
        );
        navigate(&target, NavigateOptions::default());
    });
    // Traces opened from a file replace the results until "Back to search".
    let uploaded = RwSignal::new(Vec::<Arc<TraceModel>>::new());
    let uploaded_pick = RwSignal::new(0usize);
    let upload_error = RwSignal::new(None::<String>);
    let on_loaded = Callback::new(move |traces: Vec<Trace>| {
        upload_error.set(None);
        uploaded_pick.set(0);
        uploaded.set(
            traces
                .into_iter()
                .map(|t| Arc::new(TraceModel::new(t)))
                .collect(),
        );
    });
    let on_upload_error = Callback::new(move |e: String| upload_error.set(Some(e)));
    let on_back = Callback::new(move |()| uploaded.set(Vec::new()));

    view! {
        <section class="page traces-page" data-testid="traces-search">
            <TraceSearchForm url form_error />
            <SearchTools on_open=open_trace on_loaded on_upload_error />
            {move || form_error.get().map(|e| view! { <p class="error-text" data-testid="trace-form-error">{e}</p> })}
            {move || upload_error.get().map(|e| view! { <div class="panel" data-testid="panel" data-panel-title="Uploaded trace" data-state="error"><p class="error-text" data-testid="panel-error">{e}</p></div> })}
            {move || {
                let traces = uploaded.get();
                if traces.is_empty() {
                    view! { <SearchResultsPanel outcome on_open=open_trace /> }.into_any()
                } else {
                    // The picker's choice re-renders the trace shown.
                    uploaded_pick.track();
                    view! { <UploadedTraces traces pick=uploaded_pick on_back /> }.into_any()
                }
            }}
        </section>
    }
}
