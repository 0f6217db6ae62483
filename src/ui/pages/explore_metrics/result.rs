//! The Explore result: a hint while no query is given, else the query as a metric panel
//! (graph, or an instant-query table).

use crate::core::dashboard::Panel;
use crate::core::panel::panel_queries;
use crate::core::variables::VariableScope;
use crate::ui::panels::metric_panel_view;
use leptos::prelude::*;

#[component]
pub fn ExploreResult(query: Signal<String>, table: Signal<bool>) -> impl IntoView {
    move || {
        let q = query.get();
        if q.trim().is_empty() {
            return view! { <p class="explore-hint" data-testid="explore-hint">"Type a PromQL query and press Shift+Enter or Run."</p> }.into_any();
        }
        let table = table.get();
        let panel = Panel::from_json(
            &serde_json::json!({
                "id": 1, "type": if table { "table" } else { "timeseries" }, "title": "Query result",
                "targets": [{ "refId": "A", "expr": q, "instant": table, "format": if table { "table" } else { "time_series" } }],
                "options": { "legend": { "displayMode": "list" } }
            }),
            1,
        );
        let queries = Signal::derive({
            let panel = panel.clone();
            move || panel_queries(&panel, &VariableScope::default())
        });
        let title = Signal::derive(|| "Query result".to_string());
        metric_panel_view(
            panel,
            title,
            queries,
            Signal::derive(|| true),
            Signal::derive(|| 420.0),
            false,
        )
    }
}
