//! The search's panel: its state (`data-state`, `data-points`), the message for an error, a
//! running search or no results, Jaeger's warnings, and the results as a scatter plot and a
//! sortable list.

use leptos::prelude::*;

use super::run::SearchOutcome;
use crate::core::trace_explore::SortKey;
use crate::ui::traces::results::ResultsList;
use crate::ui::traces::scatter::ScatterPlot;

#[component]
pub fn SearchResultsPanel(outcome: SearchOutcome, on_open: Callback<String>) -> impl IntoView {
    let SearchOutcome {
        state,
        error,
        rows,
        warnings,
    } = outcome;
    crate::ui::a11y::status::report_view_status(move || state.get());
    view! {
        <div class="panel trace-search-results" data-testid="panel" data-panel-title="Trace search"
            data-state=state data-series="1" data-points=move || rows.with(|r| r.len())>
            {move || match state.get() {
                "error" => view! { <p class="error-text" data-testid="panel-error">{error.get().unwrap_or_default()}</p> }.into_any(),
                "loading" => view! { <p class="muted">"Searching…"</p> }.into_any(),
                "empty" if rows.with(|r| r.is_empty()) => view! { <p class="muted" data-testid="panel-empty">"No traces: choose a service (and maybe an operation) and press Find traces, or widen the time range."</p> }.into_any(),
                _ => ().into_any(),
            }}
            {move || warnings.get().into_iter().map(|w| view! { <p class="warn">{w}</p> }).collect_view()}
            <Show when=move || rows.with(|r| !r.is_empty())>
                <ScatterPlot rows on_open />
                <ResultsList rows initial=SortKey::Start />
            </Show>
        </div>
    }
}
