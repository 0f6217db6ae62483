//! Traces opened from a file, shown in place of the search results: a picker when the file
//! holds several, the trace itself, and the way back to the search.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::trace::TraceModel;
use crate::ui::traces::loading::timeline_height;
use crate::ui::traces::view::TraceView;

#[component]
pub fn UploadedTraces(
    /// The traces of the file (never empty: an empty file is reported instead).
    traces: Vec<Arc<TraceModel>>,
    /// Which one is shown.
    pick: RwSignal<usize>,
    on_back: Callback<()>,
) -> impl IntoView {
    let shown = pick.get().min(traces.len().saturating_sub(1));
    let model = traces[shown].clone();
    let names: Vec<(usize, String)> = traces
        .iter()
        .enumerate()
        .map(|(i, m)| (i, m.choice_label()))
        .collect();
    view! {
        <div class="uploaded" data-testid="uploaded-trace">
            <div class="uploaded-bar">
                <span class="muted">{format!("Opened from a file: {} trace(s)", traces.len())}</span>
                {(names.len() > 1).then(|| view! {
                    <select class="select" on:change=move |ev| pick.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {names.clone().into_iter().map(|(i, n)| view! { <option value=i.to_string() selected=i == shown>{n}</option> }).collect_view()}
                    </select>
                })}
                <button class="btn btn-small" on:click=move |_| on_back.run(())>"Back to search"</button>
            </div>
            <TraceView model timeline_height=timeline_height() />
        </div>
    }
}
