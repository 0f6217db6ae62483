//! `/explore/metrics`: a PromQL editor (completion of metric names, label names and values from
//! the API; recent queries; Shift+Enter runs) over a result panel in graph or table view.
//! The query lives in the URL (`query=`), so the page is shareable.

pub(super) mod add_to_dashboard;
mod completion;
mod editor;
mod history;
mod result;

use crate::core::authoring::ExploreSource;
use crate::core::panel::remember_query;
use crate::core::promql_complete::CompletionContext;
use crate::ui::a11y::status::PageStatus;
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::{use_update_view, use_view_state};
use add_to_dashboard::AddToDashboard;
// The panel editor reuses it for a Prometheus query (issue 18).
pub(in crate::ui::pages) use editor::PromQlEditor;
use history::{load_history, save_history, QueryHistory};
use leptos::prelude::*;
use result::ExploreResult;

#[component]
pub fn ExploreMetricsPage() -> impl IntoView {
    let view = use_view_state();
    let update = use_update_view();
    let tick = expect_context::<RefreshTick>();
    let url_query = Memo::new(move |_| {
        view.with(|v| v.passthrough_value("query").unwrap_or_default().to_string())
    });
    let table_view =
        Memo::new(move |_| view.with(|v| v.passthrough_value("view") == Some("table")));
    let draft = RwSignal::new(url_query.get_untracked());
    // Following a link or going back replaces the draft with the URL's query.
    Effect::new(move |_| draft.set(url_query.get()));
    let history = RwSignal::new(load_history());
    let context = RwSignal::new(CompletionContext::None);
    let run_update = update.clone();
    // Runs the draft: a new query goes into the URL, the same one is fetched again.
    let run = Callback::new(move |()| {
        let q = draft.get_untracked().trim().to_string();
        context.set(CompletionContext::None);
        if q.is_empty() {
            return;
        }
        history.update(|h| {
            remember_query(h, &q);
            save_history(h);
        });
        if q == url_query.get_untracked() {
            tick.bump();
        } else {
            run_update(&|s| s.set_passthrough("query", Some(q.clone())));
        }
    });
    let set_view = Callback::new(move |table: bool| {
        update(&|s| s.set_passthrough("view", table.then(|| "table".to_string())))
    });
    view! {
        <section class="page explore-metrics" data-testid="explore-metrics">
            <div class="explore-editor">
                <PromQlEditor draft context run />
                <div class="explore-actions">
                    <button class="btn primary" data-testid="run-query" on:click=move |_| run.run(())>"Run"</button>
                    <span class="hint">"Shift+Enter runs"</span>
                    <div class="spacer"></div>
                    <button class="btn" class:active=move || !table_view.get() data-testid="view-graph" on:click=move |_| set_view.run(false)>"Graph"</button>
                    <button class="btn" class:active=move || table_view.get() data-testid="view-table" on:click=move |_| set_view.run(true)>"Table"</button>
                    <AddToDashboard source=ExploreSource::Metrics query=url_query.into() />
                </div>
                <QueryHistory history draft />
            </div>
            // The result's loading, done, empty or failed is said in a status region (issue 19).
            <PageStatus page="Explore metrics"><div class="explore-result"><ExploreResult query=url_query.into() table=table_view.into() /></div></PageStatus>
        </section>
    }
}
