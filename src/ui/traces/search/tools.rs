//! The row under the search form: open a trace by id, open a trace file, and the link to the
//! dependency graph (both links keep the time range and theme).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::core::trace::Trace;
use crate::core::trace_explore::is_trace_id;
use crate::ui::traces::upload::UploadButton;
use crate::ui::view_state::{app_href, carried_query, use_view_state};

#[component]
pub fn SearchTools(
    /// Opens `/explore/traces/<id>`.
    on_open: Callback<String>,
    on_loaded: Callback<Vec<Trace>>,
    on_upload_error: Callback<String>,
) -> impl IntoView {
    let view = use_view_state();
    let open_id = RwSignal::new(String::new());
    view! {
        <div class="trace-search-tools">
            <input class="input" data-testid="trace-id-input" placeholder="Trace id"
                prop:value=move || open_id.get() on:input=move |ev| open_id.set(event_target_value(&ev)) />
            <button class="btn" data-testid="trace-id-open" disabled=move || !is_trace_id(&open_id.get())
                on:click=move |_| on_open.run(open_id.get_untracked())>"Open trace"</button>
            <UploadButton on_loaded on_error=on_upload_error />
            <A href=move || format!("{}{}", app_href("/explore/traces/dependencies"), carried_query(&view.get())) attr:class="btn">"Dependency graph"</A>
        </div>
    }
}
