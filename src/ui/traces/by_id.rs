//! `/explore/traces/<id>`: fetches one trace from Jaeger and shows it; an unknown id, a
//! Jaeger error or an unreachable server reads as a specific message in the panel.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::model::TraceModel;
use super::timeline_height;
use super::view::TraceView;
use crate::api::http::{abort_handle, AbortOnDrop};
use crate::api::jaeger::JaegerClient;
use crate::core::config::Config;
use crate::ui::view_state::{carried_query, use_view_state};

#[component]
pub fn TraceById(#[prop(into)] trace_id: Signal<String>) -> impl IntoView {
    let config = expect_context::<Config>();
    let client = JaegerClient::from_config(&config);
    let view = use_view_state();
    let state = RwSignal::new("loading");
    let error = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(None::<Arc<TraceModel>>);
    let abort = StoredValue::new_local(None::<AbortOnDrop>);

    // Fetched once per id: a finished trace does not change, so the refresh tick would only
    // throw away the reader's selection and zoom.
    Effect::new(move |_| {
        let id = trace_id.get();
        loaded.set(None);
        state.set("loading");
        let client = match &client {
            Ok(client) => client.clone(),
            Err(e) => {
                state.set("error");
                error.set(Some(e.to_string()));
                return;
            }
        };
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        abort.set_value(Some(handle));
        let wanted = id.clone();
        spawn_local(async move {
            match client.trace(&wanted, &signal).await {
                Ok(trace) => {
                    // Parsing a 50,000-span trace is done by now; building the model is linear.
                    loaded.try_set(Some(TraceModel::new(trace)));
                    state.try_set("ok");
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(format!("Trace {wanted}: {e}")));
                    state.try_set("error");
                    loaded.try_set(None);
                }
            }
        });
    });

    view! {
        <section class="page traces-page">
            <p class="trace-back">
                <A href=move || format!("{}{}", crate::ui::view_state::app_href("/explore/traces"), carried_query(&view.get()))>"← Trace search"</A>
            </p>
            <div class="panel trace-panel" data-testid="panel" data-panel-title="Trace" data-state=move || state.get()>
                {move || (state.get() == "error").then(|| view! { <p class="error-text" data-testid="panel-error">{error.get().unwrap_or_default()}</p> })}
                {move || (state.get() == "loading").then(|| view! { <p class="muted">"Loading the trace…"</p> })}
                {move || loaded.get().map(|model| view! { <TraceView model timeline_height=timeline_height() /> })}
            </div>
        </section>
    }
}
