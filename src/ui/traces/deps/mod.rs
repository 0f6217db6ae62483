//! The service dependency graph: links from `/api/dependencies` for the top bar's time range,
//! core's layered layout (callers left of callees) painted on a canvas with call counts on the
//! edges ([`graph_canvas`]); hovering a service highlights it and its neighbours on an overlay.

mod graph_canvas;
mod paint;

use std::sync::Arc;

use leptos::prelude::*;

use self::graph_canvas::GraphCanvas;
use super::loading::{jaeger_client, shown_while_reloading};
use crate::core::trace::{layout_dependency_graph, service_color};
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::query::use_query;
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::use_time_range;

/// Fetches the links for the top bar's time range once `visible`, again on every refresh, and
/// draws them; carries the panel contract plus `data-nodes`/`data-edges` (canvas pixels are
/// invisible to tests). A refresh keeps the graph (and its `data-state`) until the answer.
#[component]
pub fn DependencyGraphView(
    title: String,
    #[prop(into)] height: Signal<f64>,
    #[prop(into)] visible: Signal<bool>,
) -> impl IntoView {
    let client = jaeger_client();
    let range = use_time_range();
    let tick = expect_context::<RefreshTick>();
    // (end, lookback) in ms and the tick: a refresh of an absolute range asks again too.
    let key = move || {
        let (time_range, _) = range.get();
        let tick = tick.0.get();
        visible.get().then(|| {
            let (start_ms, end_ms) = time_range.resolve(now_ms(), utc_offset_min());
            (end_ms, (end_ms - start_ms).max(1), tick)
        })
    };
    let query = use_query(key, move |(end_ms, lookback_ms, _), signal| {
        let client = client.clone();
        async move {
            let links = client?.dependencies(end_ms, lookback_ms, &signal).await?;
            Ok(Arc::new(links))
        }
    });
    let shown = shown_while_reloading(query, |links| links.is_empty());
    let links = Signal::derive(move || query.latest().unwrap_or_default());

    let graph =
        Memo::new(move |_| links.with(|l| Arc::new(layout_dependency_graph(l, 1.0, 1.0, 0.0))));
    let names = move || graph.with(|g| g.nodes.iter().map(|n| n.name.clone()).collect::<Vec<_>>());
    let state = move || shown.with(|s| s.state);
    crate::ui::a11y::status::report_view_status(state);
    view! {
        <div class="panel dep-graph" data-testid="panel" data-panel-title=title
            data-state=state
            data-nodes=move || graph.with(|g| g.nodes.len()) data-edges=move || graph.with(|g| g.edges.len())>
            {move || (state() == "error").then(|| view! { <p class="error-text" data-testid="panel-error">{shown.with(|s| s.error.clone()).unwrap_or_default()}</p> })}
            {move || (state() == "empty").then(|| view! { <p class="muted">"No service dependencies in this time range."</p> })}
            <GraphCanvas links height />
            <ul class="dep-names" data-testid="dep-services">
                {move || names().into_iter().map(|n| view! { <li data-testid="dep-service" style:border-left-color=service_color(&n)>{n.clone()}</li> }).collect_view()}
            </ul>
        </div>
    }
}
