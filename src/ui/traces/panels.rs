//! Grafana panel types backed by Jaeger: `traces` (the slowest recent traces of the service in
//! the panel's target) and `nodeGraph` (the service dependency graph).

use std::sync::Arc;

use leptos::prelude::*;

use super::deps::DependencyGraphView;
use super::loading::{jaeger_client, shown_while_reloading};
use super::results::ResultsList;
use crate::core::dashboard::Panel;
use crate::core::trace::summarize_all;
use crate::core::trace_explore::panel_search::{panel_search, PANEL_ROWS};
use crate::core::trace_explore::SortKey;
use crate::core::variables::VariableScope;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::query::use_query;
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::use_time_range;

/// Searches once `visible` and on every refresh; the list keeps its rows (and `data-state`)
/// while a refresh loads and when it fails, and says "loading" only while it has none.
#[component]
pub fn TracesPanel(
    panel: Panel,
    #[prop(into)] scope: Signal<VariableScope>,
    #[prop(into)] visible: Signal<bool>,
    #[prop(into)] height_px: Signal<f64>,
) -> impl IntoView {
    let client = jaeger_client();
    let range = use_time_range();
    let tick = expect_context::<RefreshTick>();
    let target = panel
        .active_targets()
        .next()
        .map(|t| t.raw.clone())
        .unwrap_or_default();
    // Resolved again on every refresh, so a relative range moves with the clock.
    let plan = Memo::new(move |_| {
        let (time_range, _) = range.get();
        tick.0.track();
        let (start_ms, end_ms) = time_range.resolve(now_ms(), utc_offset_min());
        scope.with(|scope| panel_search(&target, scope, start_ms, end_ms))
    });
    let key = move || {
        let tick = tick.0.get();
        let query = plan.with(|plan| plan.as_ref().ok().cloned())?;
        visible.get().then_some((query, tick))
    };
    let search = use_query(key, move |(query, _), signal| {
        let client = client.clone();
        async move {
            let found = client?.search(&query, &signal).await?;
            Ok(Arc::new(summarize_all(&found.traces)))
        }
    });
    let shown = shown_while_reloading(search, |rows| rows.is_empty());
    let rows = Signal::derive(move || search.latest().unwrap_or_default());
    let state = move || {
        if !visible.get() {
            "loading"
        } else if plan.with(Result::is_err) {
            "error"
        } else if rows.with(|r| r.is_empty()) {
            search.data_state(|r| r.is_empty())
        } else {
            shown.with(|s| s.state)
        }
    };
    crate::ui::a11y::status::report_view_status(state);
    let error = move || {
        plan.with(|p| p.clone().err())
            .or_else(|| shown.with(|s| s.error.clone()))
    };

    view! {
        <div class="panel traces-panel" data-testid="panel" data-panel-title=panel.title.clone() data-state=state
            data-points=move || rows.with(|r| r.len().min(PANEL_ROWS)) data-series="1"
            style:max-height=move || format!("{}px", height_px.get())>
            {move || (state() == "error").then(|| view! { <p class="error-text" data-testid="panel-error">{error().unwrap_or_default()}</p> })}
            {move || (state() == "empty").then(|| view! { <p class="muted">"No traces in this time range."</p> })}
            <ResultsList rows initial=SortKey::Duration max_rows=PANEL_ROWS />
        </div>
    }
}

#[component]
pub fn NodeGraphPanel(
    panel: Panel,
    #[prop(into)] scope: Signal<VariableScope>,
    #[prop(into)] visible: Signal<bool>,
    #[prop(into)] height_px: Signal<f64>,
) -> impl IntoView {
    // The dependency graph takes no query: the scope has nothing to fill in.
    let _ = scope;
    let height = Signal::derive(move || (height_px.get() - 60.0).max(120.0));
    view! { <DependencyGraphView title=panel.title.clone() height visible /> }
}
