//! `/explore/traces/<id>`: fetches one trace from Jaeger and shows it; an unknown id, a
//! Jaeger error or an unreachable server reads as a specific message in the panel.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::loading::{failure_text, jaeger_client, timeline_height};
use super::view::TraceView;
use crate::core::trace::TraceModel;
use crate::ui::query::use_query;
use crate::ui::view_state::{app_href, carried_query, use_view_state};

#[component]
pub fn TraceById(#[prop(into)] trace_id: Signal<String>) -> impl IntoView {
    let client = jaeger_client();
    let view = use_view_state();
    // Keyed by the id alone: a finished trace does not change, so the refresh tick would only
    // throw away the reader's selection and zoom.
    let trace = use_query(
        move || Some(trace_id.get()),
        move |id, signal| {
            let client = client.clone();
            async move {
                let trace = client?.trace(&id, &signal).await?;
                // Parsing a 50,000-span trace is done by now; building the model is linear.
                Ok(Arc::new(TraceModel::new(trace)))
            }
        },
    );
    let error = move || {
        trace
            .with_state(|s| s.error().cloned())
            .map(|e| failure_text(&format!("Trace {}", trace_id.get()), &e))
    };

    crate::ui::a11y::status::report_view_status(move || trace.data_state(|_| false));
    view! {
        <section class="page traces-page">
            <p class="trace-back">
                <A href=move || format!("{}{}", app_href("/explore/traces"), carried_query(&view.get()))>"← Trace search"</A>
            </p>
            <div class="panel trace-panel" data-testid="panel" data-panel-title="Trace" data-state=move || trace.data_state(|_| false)>
                {move || error().map(|e| view! { <p class="error-text" data-testid="panel-error">{e}</p> })}
                {move || trace.with_state(|s| s.is_loading()).then(|| view! { <p class="muted">"Loading the trace…"</p> })}
                {move || trace.with_state(|s| s.ready().cloned()).map(|model| view! { <TraceView model timeline_height=timeline_height() /> })}
            </div>
        </section>
    }
}
