//! `/explore/logs?query=<logql>&from&to`: the LogQL editor over the logs view. The query lives
//! in the URL, so running (or a filter-for from the details) is a navigation that can be shared.

use leptos::prelude::*;

use super::explore_metrics::add_to_dashboard::AddToDashboard;
use crate::api::loki::LokiClient;
use crate::core::authoring::ExploreSource;
use crate::core::config::Config;
use crate::ui::a11y::status::PageStatus;
use crate::ui::logs::editor::LogQlEditor;
use crate::ui::logs::{LogsOptions, LogsView};
use crate::ui::observe::window_height;
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::{use_update_view, use_view_state};

/// Room left for the page chrome, editor and histogram when sizing the list to the window.
const CHROME_PX: f64 = 420.0;

#[component]
pub fn ExploreLogsPage() -> impl IntoView {
    let view = use_view_state();
    let update = use_update_view();
    let tick = expect_context::<RefreshTick>();
    let config = expect_context::<Config>();
    let client = LokiClient::from_config(&config).ok();
    let query = Memo::new(move |_| {
        view.with(|v| {
            v.passthrough
                .iter()
                .find(|(k, _)| k == "query")
                .map(|(_, q)| q.clone())
                .unwrap_or_default()
        })
    });
    let run = Callback::new(move |q: String| {
        if q == query.get_untracked() {
            // Same URL: re-run through the refresh tick instead of a no-op navigation.
            tick.bump();
            return;
        }
        update(&|state| {
            state.passthrough.retain(|(k, _)| k != "query");
            state.passthrough.push(("query".into(), q.clone()));
        });
    });
    let window_height = window_height();
    let list_height = Signal::derive(move || (window_height.get() - CHROME_PX).max(240.0));
    view! {
        <section class="page explore-logs" data-testid="explore-logs">
            <h1>"Explore logs"</h1>
            <LogQlEditor initial=query on_run=run client />
            <div class="explore-actions"><AddToDashboard source=ExploreSource::Logs query=query.into() /></div>
            <PageStatus page="Explore logs"><LogsView title="Logs" query on_query_edit=run options=LogsOptions::default() list_height visible=true /></PageStatus>
        </section>
    }
}
